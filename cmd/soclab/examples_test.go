package main

import (
	"regexp"
	"testing"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/labs"
)

// labInExample finds a bundled lab id an example names: after --lab, or
// as the argument of lab start, lab show and assign (not paths).
var labInExample = regexp.MustCompile(`(?:--lab |\blab (?:start|show) )([a-z0-9][a-z0-9-]*)(?:\s|$)`)

// TestExamplesNameBundledLabs checks that every lab id a --help example
// names exists (issue 12: two examples named "phish-to-exfil").
func TestExamplesNameBundledLabs(t *testing.T) {
	seen := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, m := range labInExample.FindAllStringSubmatch(c.Example, -1) {
			seen++
			if _, err := labs.BundledLab(m[1]); err != nil {
				t.Errorf("%s --help: example names lab %q: %v", c.CommandPath(), m[1], err)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCommand())
	if seen < 5 {
		t.Fatalf("only %d lab ids found in the examples: the pattern is broken", seen)
	}
}
