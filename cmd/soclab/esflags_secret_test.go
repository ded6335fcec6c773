package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/soclab/soclab/iofile"
)

// A secret file is read up to its bound: a file that never ends (here a
// sparse 1 GiB one) is refused, naming the flag and the file.
func TestReadSecretIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 1<<30); err != nil {
		t.Fatal(err)
	}
	_, err := readSecret(path, "--es-password-file")
	if !errors.Is(err, iofile.ErrTooLarge) || err.Error()[:len("--es-password-file "+path)] != "--es-password-file "+path {
		t.Fatalf("readSecret = %v", err)
	}
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := readSecret(path, "--es-password-file"); s != "s3cret" || err != nil {
		t.Fatalf("readSecret = %q, %v", s, err)
	}
}
