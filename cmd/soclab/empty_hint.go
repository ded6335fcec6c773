package main

import (
	"fmt"
	"io"
	"time"

	"github.com/soclab/soclab/console"
	"github.com/soclab/soclab/labs/instance"
)

// printEmptyHint tells a trainee whose query found nothing which window
// the workspace's data covers (so that NOW() - 1 day in March 2026 data is
// not silent). Outside a workspace (an NDJSON file) it prints nothing.
func printEmptyHint(w io.Writer, dir string, rows int) {
	if rows > 0 {
		return
	}
	if dir == "" {
		dir = "."
	}
	in, err := instance.Read(dir)
	if err != nil {
		return
	}
	fmt.Fprintln(w, console.EmptyHint(in.From, in.To, time.Time{}, time.Time{}))
}
