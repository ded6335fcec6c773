package main

import "path/filepath"

// deadLetterBeside names the dead-letter file of generate --es-url next to
// the events output (in the current folder when the events go to standard
// output).
func deadLetterBeside(out, ns string) string {
	dir := "."
	if out != "-" {
		dir = filepath.Dir(out)
	}
	return filepath.Join(dir, "deadletter-"+ns+".ndjson")
}
