package detectors

import (
	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
)

// logsourceOf is a rule's log source as pipelines match it: the pipelines
// (bundled ones first, see Options.pipelines) turn it into the datasets the
// rule reads.
func logsourceOf(r *sigma.Rule) pipeline.Logsource {
	return pipeline.Logsource{Category: r.Logsource.Category, Product: r.Logsource.Product, Service: r.Logsource.Service}
}
