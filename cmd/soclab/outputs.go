package main

import (
	"fmt"
	"os"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs/instance"
)

// labInput is --lab as an input when it names a lab file (a bundled lab
// id names no file); no output may overwrite it.
func labInput(ref string) iofile.Path {
	if fi, err := os.Stat(ref); err == nil && fi.Mode().IsRegular() {
		return iofile.In("--lab", ref)
	}
	return iofile.Path{}
}

// inputs are the paths of a repeatable input flag.
func inputs(flag string, paths ...string) []iofile.Path {
	out := make([]iofile.Path, len(paths))
	for i, p := range paths {
		out[i] = iofile.In(flag, p)
	}
	return out
}

// readSecretFile reads an instructor secret and warns on stderr about a
// file other users can read or a secret easy to guess.
func readSecretFile(path string) ([]byte, error) {
	secret, err := instance.ReadSecret(path)
	if err != nil {
		return nil, err
	}
	for _, w := range instance.SecretWarnings(path, secret) {
		fmt.Fprintf(os.Stderr, "soclab: warning: %s\n", w)
	}
	return secret, nil
}
