package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/soclab/soclab/grader"
	"github.com/soclab/soclab/labs"
)

// SubmissionDir is where a class workspace's submission is exported:
// SubmissionDir/<trainee>/{triage.yaml,report.md}, the layout soclab
// grade-cohort reads.
const SubmissionDir = "submission"

// ErrNotSelfStudy is returned when grading is asked of a class workspace.
var ErrNotSelfStudy = errors.New("not a self-study workspace")

// Submission is the outcome of POST /api/submit: a graded feedback sheet
// in self-study, or the folder exported for the instructor in a class.
type Submission struct {
	Mode     string        `json:"mode"`
	Grade    *grader.Grade `json:"grade,omitempty"`
	Feedback string        `json:"feedback,omitempty"` // the sheet soclab submit prints
	Exported string        `json:"exported,omitempty"` // folder written in a class workspace
}

// GradeSelfStudy grades a self-study workspace's triage.yaml and report.md
// against its instance's answer key, as soclab submit does.
func GradeSelfStudy(ctx context.Context, dir string, in *labs.Instance) (*grader.Grade, error) {
	if in.Mode != labs.ModeSelfStudy || in.Seed == nil {
		return nil, fmt.Errorf("%s: %w: hand triage.yaml and report.md to your instructor", dir, ErrNotSelfStudy)
	}
	lab, err := labs.Find(in.LabRef())
	if err != nil {
		return nil, err
	}
	key, err := labs.ComputeKey(ctx, lab, *in.Seed)
	if err != nil {
		return nil, err
	}
	sub, err := grader.LoadSubmission(key, filepath.Join(dir, TriageFile), filepath.Join(dir, ReportFile))
	if err != nil {
		return nil, err
	}
	return grader.Score(key, sub), nil
}

// Submit grades a self-study workspace, or exports a class workspace's
// files into SubmissionDir/<trainee>/.
func (s *Server) Submit(ctx context.Context) (*Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance
	if in.Mode == labs.ModeSelfStudy && in.Seed != nil {
		g, err := GradeSelfStudy(ctx, s.dir, in)
		if err != nil {
			return nil, err
		}
		var sheet bytes.Buffer
		if err := g.WriteText(&sheet); err != nil {
			return nil, err
		}
		return &Submission{Mode: in.Mode, Grade: g, Feedback: sheet.String()}, nil
	}
	if err := labs.CheckTraineeID(in.Trainee); err != nil {
		return nil, fmt.Errorf("submission: instance.json: %w", err)
	}
	out := filepath.Join(s.dir, SubmissionDir, in.Trainee)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("submission: %w", err)
	}
	for _, name := range []string{TriageFile, ReportFile} {
		data, err := os.ReadFile(s.path(name))
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
