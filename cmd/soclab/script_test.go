package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// runMainEnv makes the test binary run as soclab (see TestMain), so that a
// test can signal a real process.
const runMainEnv = "SOCLAB_TEST_RUN_MAIN"

// TestMain lets testscript run the soclab binary in-process as "soclab".
func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" { // a test runs the binary as soclab itself
		os.Exit(run(os.Args[1:]))
	}
	testscript.Main(m, map[string]func(){
		"soclab": func() { os.Exit(run(os.Args[1:])) },
	})
}

// scriptCmds are the testscript commands of this package's scripts, one
// per *_script_test.go or helper file; nothing registers itself.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"triage-from-key":         cmdTriageFromKey,
	"write-evtx-guessing":     cmdEVTXGuessing,
	"write-ssh-guessing-pcap": cmdSSHGuessingPcap,
}

// TestScripts runs every end-to-end CLI script in testdata/script. Each file
// is named after the command it covers.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds:                scriptCmds,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOCLAB_ES_URL", "")
			return nil
		},
	})
}
