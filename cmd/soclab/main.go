// Command soclab is the one binary of soclab: a SOC analyst lab and
// log-triage simulator. It parses flags and calls the packages' APIs; it holds
// no domain logic. Exit status: 0 success, 1 bad input or a failed job, 2 a
// usage error, 3 an internal error (a bug).
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes the command line and returns the exit status. Tests call it
// through testscript.
func run(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "soclab: internal error: %v\nthis is a bug in soclab; please report it with the command you ran\n", r)
			code = 3
		}
	}()
	root := newRootCommand()
	root.SetArgs(args)
	ctx, stop := signalContext()
	defer stop()
	err := root.ExecuteContext(ctx)
	return exitCode(interrupted(ctx, err))
}
