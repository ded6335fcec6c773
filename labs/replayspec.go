package labs

import (
	"github.com/soclab/soclab/replay"
)

// ReplaySpec is what a run of the lab's instance of seed replays, the one
// place a lab becomes a replay.Spec (for workspaces, keys and generate
// --lab alike): the generated events of its configuration, its recorded
// files, or a recording inside a generated background, and the rules it
// selects with its pipelines. A bundled lab's recorded files are copied
// out of the binary into a temporary folder that cleanup removes; cleanup
// is never nil.
func (l *Lab) ReplaySpec(seed int64) (spec replay.Spec, cleanup func(), err error) {
	cleanup = func() {}
	if spec.Rules, err = l.RulePack(); err != nil {
		return replay.Spec{}, cleanup, err
	}
	if spec.Detect, err = l.DetectorOptions(); err != nil {
		return replay.Spec{}, cleanup, err
	}
	if !l.IsRecorded() || l.HasBackground() {
		cfg, err := GeneratorConfig(l, seed)
		if err != nil {
			return replay.Spec{}, cleanup, err
		}
		spec.Config = &cfg
	}
	if l.IsRecorded() {
		if spec.Recorded, cleanup, err = l.RecordedFiles(); err != nil {
			return replay.Spec{}, func() {}, err
		}
	}
	return spec, cleanup, nil
}
