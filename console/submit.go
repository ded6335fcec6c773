package console

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/soclab/soclab/grader"
	"github.com/soclab/soclab/labs/instance"
)

// SubmissionDir is where a class workspace's submission is exported:
// SubmissionDir/<trainee>/{triage.yaml,report.md}, the layout soclab
// grade-cohort reads.
const SubmissionDir = "submission"

// Submission is the outcome of POST /api/submit: a graded feedback sheet
// in self-study, or the folder exported for the instructor in a class.
type Submission struct {
	Mode     string        `json:"mode"`
	Grade    *grader.Grade `json:"grade,omitempty"`
	Feedback string        `json:"feedback,omitempty"` // the sheet soclab submit prints
	Exported string        `json:"exported,omitempty"` // folder written in a class workspace
}

// Submit grades a self-study workspace as soclab submit does
// (grader.GradeWorkspace), or exports a class workspace's files into
// SubmissionDir/<trainee>/.
func (s *Server) Submit(ctx context.Context) (*Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance
	if in.Mode == instance.ModeSelfStudy && in.Seed != nil {
		g, _, err := grader.GradeWorkspace(ctx, s.dir)
		if err != nil {
			return nil, err
		}
		var sheet bytes.Buffer
		if err := g.WriteText(&sheet); err != nil {
			return nil, err
		}
		return &Submission{Mode: in.Mode, Grade: g, Feedback: sheet.String()}, nil
	}
	if err := instance.CheckTraineeID(in.Trainee); err != nil {
		return nil, fmt.Errorf("submission: instance.json: %w", err)
	}
	out := filepath.Join(s.dir, SubmissionDir, in.Trainee)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("submission: %w", err)
	}
	for _, name := range []string{TriageFile, ReportFile} {
		data, err := readFile(s.path(name))
		if err != nil {
			return nil, fmt.Errorf("submission: %w", err)
		}
		if err := writeAtomic(filepath.Join(out, name), data); err != nil {
			return nil, err
		}
	}
	return &Submission{Mode: in.Mode, Exported: out}, nil
}

func (s *Server) postSubmit(w http.ResponseWriter, r *http.Request) {
	sub, err := s.Submit(r.Context())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, sub)
}
