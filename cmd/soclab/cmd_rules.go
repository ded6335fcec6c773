package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
)

func init() { register(newRulesCommand) }

func newRulesCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "rules",
		Short: "List and validate Sigma rules",
		Long:  "rules lists the bundled Sigma rule pack and validates rule files against the Sigma\nspecification and what the soclab engine can run.",
		Example: "  soclab rules list\n" +
			"  soclab rules list --json\n" +
			"  soclab rules validate my-rules/ extra.yml",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(newRulesListCommand(), newRulesValidateCommand())
	return c
}

func newRulesListCommand() *cobra.Command {
	var asJSON bool
	var paths []string
	c := &cobra.Command{
		Use:   "list [--json] [--rules PATH]...",
		Short: "List the rules of the bundled pack (or of --rules)",
		Long:  "list prints one line per rule: id, level, kind (the correlation type or detection) and title.\nWith --json it prints a JSON array with each rule's metadata.\n\nExit status: 0 done, 1 rules that do not load, 2 usage error.",
		Example: "  soclab rules list\n" +
			"  soclab rules list --json | jq '.[].title'",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			rules, err := loadRules(paths)
			if err != nil {
				return err
			}
			if asJSON {
				return writeRulesJSON(c.OutOrStdout(), rules)
			}
			return writeRulesTable(c.OutOrStdout(), rules)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringArrayVarP(&paths, "rules", "r", nil, "list these rule files or folders instead of the bundled pack")
	return c
}

// ruleInfo is one rule in rules list --json.
type ruleInfo struct {
	ID             string   `json:"id"`
	Name           string   `json:"name,omitempty"`
	Title          string   `json:"title"`
	Level          string   `json:"level"`
	Status         string   `json:"status,omitempty"`
	Kind           string   `json:"kind"`
	Logsource      string   `json:"logsource,omitempty"`
	Tags           []string `json:"tags"`
	Description    string   `json:"description,omitempty"`
	FalsePositives []string `json:"falsepositives,omitempty"`
	File           string   `json:"file"`
}

func kindOf(r *sigma.Rule) string {
	if r.Correlation != nil {
		return r.Correlation.Type
	}
	return "detection"
}

func logsourceOf(r *sigma.Rule) string {
	var parts []string
	for _, p := range [][2]string{{"category", r.Logsource.Category}, {"product", r.Logsource.Product}, {"service", r.Logsource.Service}} {
		if p[1] != "" {
			parts = append(parts, p[0]+"="+p[1])
		}
	}
	return strings.Join(parts, ",")
}

func writeRulesJSON(w io.Writer, rules []*sigma.Rule) error {
	infos := make([]ruleInfo, 0, len(rules))
	for _, r := range rules {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		infos = append(infos, ruleInfo{ID: r.ID, Name: r.Name, Title: r.Title, Level: r.Level, Status: r.Status, Kind: kindOf(r),
			Logsource: logsourceOf(r), Tags: tags, Description: r.Description, FalsePositives: r.FalsePositives, File: r.File})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(infos)
}

func writeRulesTable(w io.Writer, rules []*sigma.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tKIND\tTITLE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Level, kindOf(r), r.Title)
	}
	return tw.Flush()
}

func newRulesValidateCommand() *cobra.Command {
	var placeholders []string
	c := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check rule files and folders",
		Long: "validate decodes every rule file (folders are searched for .yml and .yaml files), checks it\n" +
			"against the Sigma specification and compiles it with the soclab engine. Every problem of every\n" +
			"file is printed as file:line:col: rule: construct: message.\n\n" +
			"Exit status: 0 all rules valid, 1 some rule is invalid, 2 usage error.",
		Example: "  soclab rules validate detectors/rules\n" +
			"  soclab rules validate my-rule.yml --placeholder Servers=srv-*",
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			config, err := parsePlaceholders(placeholders)
			if err != nil {
				return err
			}
			n, err := detectors.Validate(args, config)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%d rules valid\n", n)
			return nil
		},
	}
	c.Flags().StringArrayVar(&placeholders, "placeholder", nil, "value of an expand placeholder: NAME=V1,V2 (repeatable)")
	return c
}
