package labs

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"github.com/soclab/soclab/detectors/pipeline"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
)

var bundledRules struct {
	once  sync.Once
	rules []*sigma.Rule
	err   error
}

// bundledPack returns the detectors' bundled rules, parsed once. The rules
// are shared and never modified.
func bundledPack() ([]*sigma.Rule, error) {
	bundledRules.once.Do(func() { bundledRules.rules, bundledRules.err = detectors.Bundled() })
	return bundledRules.rules, bundledRules.err
}

// RulePack returns the rules the lab runs: the bundled pack unless turned off,
// its extra rule files, then include/exclude by rule id (or name). A rule
// that a kept correlation refers to is kept as the correlation's building
// block even when include leaves it out or exclude names it; the building
// blocks of an excluded correlation go with it.
func (l *Lab) RulePack() ([]*sigma.Rule, error) {
	all, err := l.allRules()
	if err != nil {
		return nil, err
	}
	return selectRules(all, l.Rules.Include, l.Rules.Exclude), nil
}

// DetectorOptions are the detector options the lab's rules compile with:
// its processing pipelines, loaded.
func (l *Lab) DetectorOptions() (detectors.Options, error) {
	set, err := pipeline.Load(l.PipelineSpecs())
	if err != nil {
		return detectors.Options{}, fmt.Errorf("lab %s: rules.pipelines: %w", l.ID, err)
	}
	return detectors.Options{Pipelines: set}, nil
}

// PipelineSpecs returns the lab's pipelines as pipeline.Load takes them: a
// bundled pipeline's name as is, a file relative to the lab file.
func (l *Lab) PipelineSpecs() []string {
	out := make([]string, len(l.Rules.Pipelines))
	for i, p := range l.Rules.Pipelines {
		if pipeline.ByName(p) != nil {
			out[i] = p
		} else {
			out[i] = filepath.Join(filepath.Dir(l.File), p)
		}
	}
	return out
}

// allRules is the pack before include/exclude.
func (l *Lab) allRules() ([]*sigma.Rule, error) {
	var all []*sigma.Rule
	if l.Rules.UseBundled() {
		pack, err := bundledPack()
		if err != nil {
			return nil, fmt.Errorf("bundled rules: %w", err)
		}
		all = append(all, pack...)
	}
	if len(l.Rules.Files) > 0 {
		extra, err := detectors.LoadPaths(l.RuleFiles())
		if err != nil {
			return nil, fmt.Errorf("lab %s: rules: %w", l.ID, err)
		}
		all = append(all, extra...)
	}
	return all, nil
}

// selectRules applies include/exclude and keeps every rule a kept
// correlation needs.
func selectRules(all []*sigma.Rule, include, exclude []string) []*sigma.Rule {
	if len(include) == 0 && len(exclude) == 0 {
		return all
	}
	named := func(r *sigma.Rule, list []string) bool {
		return slices.Contains(list, r.ID) || (r.Name != "" && slices.Contains(list, r.Name))
	}
	keep := map[*sigma.Rule]bool{}
	var visit func(r *sigma.Rule)
	visit = func(r *sigma.Rule) {
		if r == nil || keep[r] {
			return
		}
		keep[r] = true
		if r.Correlation != nil {
			for _, ref := range r.Correlation.Rules {
				visit(sigma.Resolve(all, ref))
			}
		}
	}
	// A correlation's building block is a root only when named in include:
	// excluding a correlation must not turn its building blocks into
	// alerting rules of their own.
	block := map[*sigma.Rule]bool{}
	for _, r := range all {
		if r.Correlation != nil {
			for _, ref := range r.Correlation.Rules {
				block[sigma.Resolve(all, ref)] = true
			}
		}
	}
	for _, r := range all {
		root := named(r, include) || (len(include) == 0 && !block[r])
		if root && !named(r, exclude) {
			visit(r)
		}
	}
	var out []*sigma.Rule
	for _, r := range all {
		if keep[r] {
			out = append(out, r)
		}
	}
	return out
}

// ruleIDs lists every id and name of rules, for "did you mean".
func ruleIDs(rules []*sigma.Rule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.ID)
		if r.Name != "" {
			out = append(out, r.Name)
		}
	}
	return out
}
