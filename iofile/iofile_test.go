package iofile

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestCreateCommitAndOpenEachCompression(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.ndjson", "a.ndjson.gz", "a.ndjson.zst"} {
		p := filepath.Join(dir, name)
		f, err := Create(p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "hello\n")
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("%s visible before commit", name)
		}
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		f.Abort() // no-op after commit
		r, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		if string(b) != "hello\n" {
			t.Fatalf("%s: read %q", name, b)
		}
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "x.ndjson.gz"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "partial")
	f.Abort()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
}

func TestCreateInMissingDirFails(t *testing.T) {
	_, err := Create(filepath.Join(t.TempDir(), "nope", "x"))
	if err == nil {
		t.Fatal("expected an error")
	}
}

// Writing to a device writes in place: /dev/null stays a device.
func TestCreateDeviceWritesInPlace(t *testing.T) {
	f, err := Create(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "discarded")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if !f.InPlace() {
		t.Fatal("a device must be reported as written in place")
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi.Mode(), err)
	}
}

func TestCommittedFileIsWorldReadable(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.json")
	f, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.InPlace() {
		t.Fatal("a regular file is written under a temporary name, not in place")
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm()&0o044 == 0 {
		t.Fatalf("mode %v", fi.Mode())
	}
}

func TestCreatePrivateIsOwnerOnly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "passwords.csv")
	f, err := CreatePrivate(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
}
