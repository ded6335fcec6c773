package gradertest

import (
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// Template returns the untouched workspace templates for key, as
// instance.SubmissionTemplates writes them into a workspace: a triage file
// listing every alert with nothing decided, and the nine-section report.
// A key of no bundled lab gets a lab of the key's id.
func Template(key *instance.Key) (triageYAML, reportMD []byte) {
	lab, err := labs.Find(key.Lab)
	if err != nil {
		lab = &labs.Lab{ID: key.Lab, Title: key.Lab}
	}
	return instance.SubmissionTemplates(lab, key)
}
