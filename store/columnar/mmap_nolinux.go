//go:build unix && !linux

package columnar

// mapPopulate is Linux-only; elsewhere pages are mapped on first use.
const mapPopulate = 0
