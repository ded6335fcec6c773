package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
)

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
	var pipes pipelineFlags
	c := &cobra.Command{
		Use:   "list [--json] [--rules PATH]...",
		Short: "List the rules of the bundled pack (or of --rules)",
		Long: "list prints one line per rule: id, level, kind (the correlation type or detection) and title.\n" +
			"With --json it prints a JSON array with each rule's metadata, the datasets its log source\n" +
			"selects, and which pipeline transformations renamed which of its fields.\n\n" +
			"Exit status: 0 done, 1 rules that do not load, 2 usage error.",
		Example: "  soclab rules list\n" +
			"  soclab rules list --json | jq '.[].title'\n" +
			"  soclab rules list --json --rules sigma/rules/windows/builtin/security | jq '.[].field_mappings'",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			rules, err := loadRules(paths)
			if err != nil {
				return err
			}
			if asJSON {
				opts, err := pipes.options()
				if err != nil {
					return err
				}
				eng, err := detectors.Compile(rules, opts)
				if err != nil {
					return err
				}
				return writeRulesJSON(c.OutOrStdout(), rules, eng)
			}
			return writeRulesTable(c.OutOrStdout(), rules)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringArrayVarP(&paths, "rules", "r", nil, "list these rule files or folders instead of the bundled pack")
	pipes.addFlags(c)
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
	Custom         []string `json:"custom_attributes,omitempty"`
	// What compiling made of it: the datasets its log source selects and
	// what the pipelines changed.
	Datasets      []string                 `json:"datasets,omitempty"`
	Pipelines     []string                 `json:"pipelines"`
	FieldMappings []detectors.FieldMapping `json:"field_mappings"`
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

func writeRulesJSON(w io.Writer, rules []*sigma.Rule, eng *detectors.Engine) error {
	infos := make([]ruleInfo, 0, len(rules))
	for _, r := range rules {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		ci, _ := eng.RuleInfo(r)
		info := ruleInfo{ID: r.ID, Name: r.Name, Title: r.Title, Level: r.Level, Status: r.Status, Kind: kindOf(r),
			Logsource: logsourceOf(r), Tags: tags, Description: r.Description, FalsePositives: r.FalsePositives, File: r.File,
			Custom: r.Custom, Datasets: ci.Datasets, Pipelines: ci.Pipelines, FieldMappings: ci.FieldMappings}
		if info.Pipelines == nil {
			info.Pipelines = []string{}
		}
		if info.FieldMappings == nil {
			info.FieldMappings = []detectors.FieldMapping{}
		}
		infos = append(infos, info)
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
	var pipes pipelineFlags
	var format string
	c := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Check rule files and folders",
		Long: "validate decodes every rule file (folders are searched for .yml and .yaml files), checks it\n" +
			"against the Sigma specification and compiles it with the soclab engine through the processing\n" +
			"pipelines (the bundled ones, then --pipeline files in order). Every problem of every rule is\n" +
			"printed as file:line:col: rule: construct: message (text lists the first 20 and counts the\n" +
			"rest; --format json lists them all, with warnings, as one JSON object).\n\n" +
			"Exit status: 0 all rules valid, 1 some rule is invalid, 2 usage error.",
		Example: "  soclab rules validate detectors/rules\n" +
			"  soclab rules validate my-rule.yml --placeholder Servers=srv-*\n" +
			"  soclab rules validate sigma/rules/web --pipeline my-proxy.yml --format json",
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkEitherFormat(format, "text"); err != nil {
				return err
			}
			config, err := parsePlaceholders(placeholders)
			if err != nil {
				return err
			}
			opts, err := pipes.options()
			if err != nil {
				return err
			}
			opts.Config = config
			v, err := detectors.Validate(args, opts)
			if format == "json" {
				return writeValidationJSON(c.OutOrStdout(), v, err)
			}
			printWarnings(c.ErrOrStderr(), v.Warnings)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%d rules valid\n", v.Rules)
			return nil
		},
	}
	c.Flags().StringArrayVar(&placeholders, "placeholder", nil, "value of an expand placeholder: NAME=V1,V2 (repeatable)")
	c.Flags().StringVar(&format, "format", "text", "output: text or json (every problem, no cap)")
	pipes.addFlags(c)
	return c
}

// problemJSON is one problem in rules validate --format json.
type problemJSON struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	Rule      string `json:"rule,omitempty"`
	Construct string `json:"construct,omitempty"`
	Message   string `json:"message"`
}

// validationJSON is the output of rules validate --format json.
type validationJSON struct {
	Valid    bool          `json:"valid"`
	Rules    int           `json:"rules"`
	Errors   []problemJSON `json:"errors"`
	Warnings []problemJSON `json:"warnings"`
}

// writeValidationJSON prints every problem; a list of rule problems is the
// report (exit 1 after printing it), anything else is returned as it is.
func writeValidationJSON(w io.Writer, v detectors.Validation, err error) error {
	out := validationJSON{Valid: err == nil, Rules: v.Rules, Errors: problems(nil), Warnings: problems(v.Warnings)}
	var list sigma.ErrorList
	if err != nil && !errors.As(err, &list) {
		return err
	}
	out.Errors = problems(list)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if werr := enc.Encode(out); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("%d problems in the rules (listed above)", len(list))
	}
	return nil
}

func problems(list sigma.ErrorList) []problemJSON {
	out := make([]problemJSON, 0, len(list))
	for _, e := range list {
		out = append(out, problemJSON{File: e.File, Line: e.Pos.Line, Column: e.Pos.Col, Rule: e.Rule, Construct: e.Construct, Message: e.Msg})
	}
	return out
}
