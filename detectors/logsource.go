package detectors

import (
	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
)

// LogsourceDatasets returns the datasets a logsource selects through the
// bundled pipelines (pipeline.Bundled), in a fixed order; an empty
// logsource selects every dataset. A logsource naming something soclab has
// no log for is an error rather than a rule that can never match.
func LogsourceDatasets(ls sigma.Logsource) ([]string, error) {
	if ls.IsZero() {
		return append([]string(nil), event.Datasets...), nil
	}
	set, err := pipeline.Bundled()
	if err != nil {
		return nil, err
	}
	ds, _, err := set.Datasets(pipelineLogsource(ls), event.Datasets)
	return ds, err
}

// logsourceOf is a rule's log source as pipelines match it.
func logsourceOf(r *sigma.Rule) pipeline.Logsource { return pipelineLogsource(r.Logsource) }

// pipelineLogsource is a Sigma log source as pipelines match it.
func pipelineLogsource(ls sigma.Logsource) pipeline.Logsource {
	return pipeline.Logsource{Category: ls.Category, Product: ls.Product, Service: ls.Service}
}
