// Package iofile owns soclab's files on disk: outputs that appear under their
// final name only once complete (written to a temporary name and renamed), and
// inputs and outputs compressed by their extension (.gz, .zst), with "-"
// standing for standard input or output.
package iofile
