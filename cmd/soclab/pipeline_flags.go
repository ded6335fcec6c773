package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
)

// pipelineFlags are the processing pipeline flags of detect and rules.
type pipelineFlags struct {
	pipelines    []string
	noBundled    bool
	allowUnknown bool
}

func (p *pipelineFlags) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.StringArrayVar(&p.pipelines, "pipeline", nil, "processing pipeline FILE or bundled pipeline name, applied after the bundled ones (repeatable, in order)")
	f.BoolVar(&p.noBundled, "no-bundled-pipelines", false, "apply only the --pipeline files, not the bundled pipelines")
	f.BoolVar(&p.allowUnknown, "allow-unknown-fields", false, "warn about (instead of refusing) rule fields that are neither ECS, mapped nor declared custom")
}

// options loads the pipelines into engine options.
func (p *pipelineFlags) options() (detectors.Options, error) {
	set, err := pipeline.Load(p.pipelines)
	if err != nil {
		return detectors.Options{}, err
	}
	return detectors.Options{Pipelines: set, NoBundledPipelines: p.noBundled, AllowUnknownFields: p.allowUnknown}, nil
}

// files returns the --pipeline values that name files (not bundled
// pipelines): inputs no output may overwrite.
func (p *pipelineFlags) files() []string {
	var out []string
	for _, name := range p.pipelines {
		if pipeline.ByName(name) == nil {
			out = append(out, name)
		}
	}
	return out
}

// printWarnings writes compile warnings to w, one per line, every one.
func printWarnings(w io.Writer, warnings sigma.ErrorList) {
	for _, e := range warnings {
		fmt.Fprintf(w, "warning: %s\n", e)
	}
}
