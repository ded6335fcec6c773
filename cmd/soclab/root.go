package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// commands are the top-level commands; each cmd_<name>.go adds its own from
// an init function, so that commands are added without editing this file.
var commands []func() *cobra.Command

func register(newCmd func() *cobra.Command) { commands = append(commands, newCmd) }

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "soclab",
		Short: "A hands-on SOC analyst lab and log-triage simulator",
		Long:  "soclab builds a synthetic organisation, replays its network and authentication telemetry\nwith attacks injected, raises alerts with Sigma rules, and grades a trainee's alert triage\nand L1 incident report against the ground truth.",
		Example: "  soclab lab start ssh-bruteforce-101        # a trainee's first lab, no server needed\n" +
			"  soclab generate --scenario c2-beacon --seed 7 --out events.ndjson --truth truth.json\n" +
			"  soclab query 'FROM logs-soclab.* | STATS events = COUNT(*) BY event.dataset'\n" +
			"  soclab grade-cohort --lab ssh-bruteforce-101 --secret-file secret --submissions subs --out results",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v\nrun '%s --help' for usage", err, c.CommandPath())
	})
	for _, newCmd := range commands {
		root.AddCommand(newCmd())
	}
	return root
}

// usageError is a mistake in the command line itself: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d\nrun '%s --help' for usage", c.CommandPath(), n, len(args), c.CommandPath())
		}
		return nil
	}
}

// minArgs is cobra.MinimumNArgs with a usage error.
func minArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErrorf("%s takes at least %d argument(s)\nrun '%s --help' for usage", c.CommandPath(), n, c.CommandPath())
		}
		return nil
	}
}

// exitCode prints err and maps it to the exit status.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(os.Stderr, "soclab: %v\n", err)
		return 2
	}
	// cobra's own errors for unknown commands and missing args.
	if isCobraUsage(err) {
		fmt.Fprintf(os.Stderr, "soclab: %v\nrun 'soclab --help' for usage\n", err)
		return 2
	}
	fmt.Fprintf(os.Stderr, "soclab: %v\n", err)
	return 1
}

func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "required flag", "accepts ", "requires at least", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
