package scenario

import "slices"

// showTechniques narrows the instance's techniques to shown: a scenario
// whose catalogue entry lists what it can do (every protocol, every mode)
// records in its truth only what this instance's events show, so that the
// key never asks for a technique the data cannot support. The catalogue's
// order is kept; an id the catalogue does not list is a bug in the
// scenario.
func (g *gen) showTechniques(shown ...string) {
	out := []string{}
	for _, id := range shown {
		if !slices.Contains(g.s.info.Techniques, id) {
			panic("scenario " + g.s.info.ID + ": technique " + id + " is not in its catalogue entry")
		}
	}
	for _, id := range g.s.info.Techniques {
		if slices.Contains(shown, id) {
			out = append(out, id)
		}
	}
	g.tr.Techniques = out
}
