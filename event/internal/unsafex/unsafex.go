// Package unsafex holds the event package's few uses of unsafe, each a
// one-line fast path the compiler inlines: viewing bytes as a string
// without copying, comparing two strings by address, and loading eight
// bytes at once for the scanner's word-at-a-time (SWAR) string stepping.
// Keeping them here leaves package event with its core types and makes
// every unsafe assumption readable in one place.
package unsafex

import (
	"encoding/binary"
	"unsafe"
)

// String views b as a string without copying. The string must not outlive
// b's contents, and b must not change while the string is in use.
func String(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// SameData reports whether a and b start at the same address. With equal
// lengths that means equal strings, known without reading their bytes; a
// false answer says nothing about their contents.
func SameData(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }

// Load64 returns the eight bytes data[j:j+8] as a little-endian word,
// without the bounds check: the caller guarantees j+8 <= len(data).
func Load64(data []byte, j int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(data)), j)), 8))
}
