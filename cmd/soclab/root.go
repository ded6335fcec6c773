package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/internal/spelling"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// commands are the constructors of the top-level commands, one per
// cmd_<name>.go file, sorted by name (--help lists them in that order). A
// new command is one more line here; nothing registers itself.
var commands = []func() *cobra.Command{
	newAlertCommand,
	newAssignCommand,
	newDetectCommand,
	newESCommand,
	newFieldsCommand,
	newGenerateCommand,
	newGradeCommand,
	newGradeCohortCommand,
	newImportCommand,
	newKeyCommand,
	newLabCommand,
	newQueryCommand,
	newRulesCommand,
	newSearchCommand,
	newServeCommand,
	newShowCommand,
	newSubmitCommand,
	newVersionCommand,
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "soclab",
		Short: "A hands-on SOC analyst lab and log-triage simulator",
		Long:  "soclab builds a synthetic organisation, replays its network and authentication telemetry\nwith attacks injected, raises alerts with Sigma rules, and grades a trainee's alert triage\nand L1 incident report against the ground truth.",
		Example: "  soclab lab start ssh-bruteforce-101        # a trainee's first lab, no server needed\n" +
			"  soclab generate --scenario c2-beacon --seed 7 --out events.ndjson --truth truth.json\n" +
			"  soclab query 'FROM logs-* | STATS events = COUNT(*) BY event.dataset'\n" +
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
	typeUsageErrors(root)
	return root
}

// typeUsageErrors makes every mistake cobra itself finds in a command line
// a *usageError (exit status 2), so that no other error needs its text
// read: a group of commands (the root, lab, rules, ...) given an unknown
// command, and a required flag left out. Flag syntax is covered by the
// root's flag error function, positional arguments by exactArgs and
// minArgs.
func typeUsageErrors(c *cobra.Command) {
	if c.HasSubCommands() && !c.Runnable() {
		c.Args = unknownCommand
		c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
	if c.Runnable() && c.PreRunE == nil && c.PreRun == nil {
		c.PreRunE = func(c *cobra.Command, _ []string) error {
			if err := c.ValidateRequiredFlags(); err != nil {
				return usageErrorf("%v\nrun '%s --help' for usage", err, c.CommandPath())
			}
			if err := c.ValidateFlagGroups(); err != nil {
				return usageErrorf("%v\nrun '%s --help' for usage", err, c.CommandPath())
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		typeUsageErrors(sub)
	}
}

// unknownCommand is the Args of a group of commands: any argument is a
// command it does not have.
func unknownCommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return usageErrorf("unknown command %q for %q%s\nrun '%s --help' for usage", args[0], c.CommandPath(), spelling.DidYouMean(args[0], names), c.CommandPath())
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

// exitCode prints err and maps it to the exit status: 2 for a
// *usageError, 1 for any other error.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintf(os.Stderr, "soclab: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
