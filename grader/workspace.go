package grader

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// ErrNotSelfStudy is what GradeWorkspace's error answers to (errors.Is)
// for a trainee's workspace, which cannot grade itself.
var ErrNotSelfStudy = errors.New("not a self-study workspace")

// notSelfStudy is the error for a trainee's workspace: a message that
// says what to do instead, matching ErrNotSelfStudy.
type notSelfStudy struct{ msg string }

func (e *notSelfStudy) Error() string        { return e.msg }
func (e *notSelfStudy) Is(target error) bool { return target == ErrNotSelfStudy }

// GradeWorkspace grades the triage.yaml and report.md of a self-study
// workspace (made by soclab lab start LAB --seed N) against its instance's
// answer key: what soclab submit and the console's submit both do.
// labChanged reports that the lab file changed since the workspace was
// made, so that the grade may not match its alerts.
func GradeWorkspace(ctx context.Context, dir string) (g *Grade, labChanged bool, err error) {
	in, err := instance.Read(dir)
	if err != nil {
		return nil, false, err
	}
	if in.Mode != instance.ModeSelfStudy || in.Seed == nil {
		return nil, false, &notSelfStudy{fmt.Sprintf("%s is trainee %s's workspace: hand triage.yaml and report.md to your instructor (self-grading needs a workspace made with 'soclab lab start %s --seed N')", dir, in.Trainee, in.Lab)}
	}
	lab, err := labs.Find(in.LabRef())
	if err != nil {
		return nil, false, err
	}
	key, err := instance.ComputeKey(ctx, lab, *in.Seed)
	if err != nil {
		return nil, false, err
	}
	sub, err := LoadSubmission(key, filepath.Join(dir, "triage.yaml"), filepath.Join(dir, "report.md"))
	if err != nil {
		return nil, false, err
	}
	return Score(key, sub), lab.Fingerprint() != in.LabSHA256, nil
}
