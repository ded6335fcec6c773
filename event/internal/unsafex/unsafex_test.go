package unsafex

import (
	"encoding/binary"
	"testing"
)

func TestString(t *testing.T) {
	b := []byte("hello, world")
	if s := String(b); s != "hello, world" {
		t.Fatalf("String = %q", s)
	}
	if s := String(nil); s != "" {
		t.Fatalf("String(nil) = %q", s)
	}
	if s := String(b[7:]); s != "world" {
		t.Fatalf("String(b[7:]) = %q", s)
	}
}

func TestSameData(t *testing.T) {
	s := "abcdef"
	if !SameData(s, s) || !SameData(s[:3], s) {
		t.Fatal("a string and its prefix start at one address")
	}
	c := string([]byte(s))
	if SameData(s, c) {
		t.Fatal("a copy starts at the same address")
	}
	if SameData(s[1:], s) {
		t.Fatal("a suffix starts at the same address")
	}
}

func TestLoad64(t *testing.T) {
	data := []byte("0123456789abcdef")
	for j := 0; j+8 <= len(data); j++ {
		if got, want := Load64(data, j), binary.LittleEndian.Uint64(data[j:]); got != want {
			t.Fatalf("Load64(data, %d) = %#x, want %#x", j, got, want)
		}
	}
}
