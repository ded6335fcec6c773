package cohort

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/soclab/soclab/grader"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs/instance"
)

// Names of the files a trainee's folder holds.
const (
	TriageFile = "triage.yaml"
	ReportFile = "report.md"
)

// KeyFunc returns the answer key of one trainee's lab instance. Run calls
// it from several goroutines at once.
type KeyFunc func(ctx context.Context, trainee string) (*instance.Key, error)

// Options configure Run.
type Options struct {
	Lab         string  // the lab id, for the reports
	Submissions string  // the folder with one sub-folder per trainee
	KeyFor      KeyFunc // required
	Workers     int     // parallel gradings; 0 means one per CPU
	// Skip are soclab's own outputs, when they lie in Submissions (the
	// --out folder, the JUnit file): reported as such, never graded.
	Skip []string
	// Progress, when set, is called after each trainee with the number done
	// and the total, from one goroutine at a time.
	Progress func(done, total int)
}

// Result is a graded cohort, trainees sorted by id.
type Result struct {
	Lab      string    `json:"lab"`
	Trainees []Trainee `json:"trainees"`
	// Others are the entries of the submissions folder that were not
	// graded, with the reason (see Scan).
	Others []Entry `json:"not_graded,omitempty"`
	Stats  Stats   `json:"stats"`
}

// Trainee is one trainee's outcome: a grade, or the reason there is none.
type Trainee struct {
	ID    string        `json:"trainee"`
	Grade *grader.Grade `json:"grade,omitempty"`
	Error string        `json:"error,omitempty"`
}

// Passed reports whether the trainee was graded and passed.
func (t *Trainee) Passed() bool { return t.Grade != nil && t.Grade.Passed }

// Score is the trainee's score, 0 without a grade.
func (t *Trainee) Score() float64 {
	if t.Grade == nil {
		return 0
	}
	return t.Grade.Score
}

// Run grades every trainee folder of opts.Submissions and lists the
// entries it did not grade in Others. It fails only when
// the folder cannot be listed or ctx ends; a trainee's problem is recorded
// in that trainee's Error.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.KeyFor == nil {
		return nil, errors.New("cohort: no key function")
	}
	ids, others, err := Scan(opts.Submissions, opts.Skip...)
	if err != nil {
		return nil, err
	}
	res := &Result{Lab: opts.Lab, Trainees: make([]Trainee, len(ids)), Others: others}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(workers, max(len(ids), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res.Trainees[i] = gradeOne(ctx, opts, ids[i])
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(ids))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range ids {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Stats = computeStats(res.Trainees)
	return res, nil
}

// gradeOne grades one trainee folder; every problem becomes its Error.
func gradeOne(ctx context.Context, opts Options, id string) (t Trainee) {
	t.ID = id
	defer func() {
		if r := recover(); r != nil {
			t.Grade, t.Error = nil, fmt.Sprintf("internal error while grading: %v", r)
		}
	}()
	key, err := opts.KeyFor(ctx, id)
	if err != nil {
		t.Error = fmt.Sprintf("no answer key: %v", err)
		return t
	}
	dir := filepath.Join(opts.Submissions, id)
	tri, terr := readFile(dir, id, TriageFile, triage.MaxSize)
	rep, rerr := readFile(dir, id, ReportFile, report.MaxSize)
	if err := errors.Join(terr, rerr); err != nil {
		t.Error = err.Error()
		return t
	}
	sub, err := grader.ParseSubmission(key, id+"/"+TriageFile, tri, id+"/"+ReportFile, rep)
	if err != nil {
		t.Error = err.Error()
		return t
	}
	t.Grade = grader.Score(key, sub)
	t.Grade.ForTrainee(id)
	return t
}

func readFile(dir, id, name string, limit int64) ([]byte, error) {
	b, err := iofile.ReadLimited(filepath.Join(dir, name), limit)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s/%s is missing", id, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", id, name, err)
	}
	return b, nil
}
