package grader

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"text/template"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
	"gopkg.in/yaml.v3"
)

// expertScore is one line of testdata/calibration/experts.yaml.
type expertScore struct {
	Lab        string  `yaml:"lab"`
	Submission string  `yaml:"submission"`
	Expert     float64 `yaml:"expert"`
	Reason     string  `yaml:"reason"`
}

const calibrationDir = "testdata/calibration"

// calibrationSeeds are the instances every calibration submission is
// rendered for; each copies from the next one.
var calibrationSeeds = []int64{1, 2, 3}

type keyed struct {
	key    *instance.Key
	alerts []*detectors.Alert
}

var (
	instancesMu sync.Mutex
	instances   = map[string]*keyed{}
)

// instanceOf computes (once per test binary) the key and alerts of a
// bundled lab's instance.
func instanceOf(t testing.TB, labID string, seed int64) *keyed {
	t.Helper()
	name := fmt.Sprintf("%s/%d", labID, seed)
	instancesMu.Lock()
	defer instancesMu.Unlock()
	if in, ok := instances[name]; ok {
		return in
	}
	lab, err := labs.Find(labID)
	if err != nil {
		t.Fatal(err)
	}
	key, alerts, err := instance.ComputeKeyAlerts(context.Background(), lab, seed)
	if err != nil {
		t.Fatal(err)
	}
	in := &keyed{key, alerts}
	instances[name] = in
	return in
}

// viewOf is the view of lab/seed, copying from lab/other.
func viewOf(t testing.TB, labID string, seed, other int64) *gradertest.View {
	in, o := instanceOf(t, labID, seed), instanceOf(t, labID, other)
	v := gradertest.NewView(in.key, in.alerts)
	v.Other = gradertest.NewView(o.key, o.alerts)
	return v
}

// renderSubmission renders a calibration submission over v. A template may
// call {{include "file"}} to render another template over v (a submission
// that shares its report with another), and {{other "file"}} to render one
// over v.Other (a copy of another instance's work).
func renderSubmission(t testing.TB, name string, v *gradertest.View) files {
	t.Helper()
	return files{renderFile(t, name+".triage.tmpl", v), renderFile(t, name+".report.tmpl", v)}
}

func renderFile(t testing.TB, file string, v *gradertest.View) []byte {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(calibrationDir, "submissions", file))
	if err != nil {
		t.Fatal(err)
	}
	funcs := template.FuncMap{
		"include": func(f string) string { return string(renderFile(t, f, v)) },
		"other":   func(f string) string { return string(renderFile(t, f, v.Other)) },
	}
	tp, err := template.New(file).Funcs(gradertest.Funcs).Funcs(funcs).Option("missingkey=error").Parse(string(text))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tp.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

func loadExperts(t testing.TB) []expertScore {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(calibrationDir, "experts.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []expertScore
	if err := yaml.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCalibration grades the calibration set for several instances of each
// lab and checks that the grader ranks the submissions as the expert did
// (Spearman ≥ 0.9 per instance) and agrees on pass or fail (≥ 90%).
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("computes answer keys")
	}
	experts := loadExperts(t)
	byLab := map[string][]expertScore{}
	var labIDs []string
	for _, e := range experts {
		if byLab[e.Lab] == nil {
			labIDs = append(labIDs, e.Lab)
		}
		byLab[e.Lab] = append(byLab[e.Lab], e)
	}
	if len(experts) < 24 || len(labIDs) < 2 {
		t.Fatalf("the calibration set has %d submissions over %d labs; it needs at least 24 over 2", len(experts), len(labIDs))
	}
	agree, total := 0, 0
	for _, labID := range labIDs {
		for i, seed := range calibrationSeeds {
			other := calibrationSeeds[(i+1)%len(calibrationSeeds)]
			v := viewOf(t, labID, seed, other)
			key := instanceOf(t, labID, seed).key
			var want, got []float64
			var table strings.Builder
			for _, e := range byLab[labID] {
				g := grade(t, key, renderSubmission(t, e.Submission, v))
				want, got = append(want, e.Expert), append(got, g.Score)
				expertPass := e.Expert >= key.PassMark
				total++
				mark := ""
				if expertPass == g.Passed {
					agree++
				} else {
					mark = "  <- pass/fail disagree"
				}
				fmt.Fprintf(&table, "  %-18s expert %5.1f  grader %6.2f%s\n", e.Submission, e.Expert, g.Score, mark)
			}
			rho := spearman(want, got)
			t.Logf("%s seed %d: Spearman %.3f\n%s", labID, seed, rho, table.String())
			if rho < 0.9 {
				t.Errorf("%s seed %d: Spearman %.3f < 0.9\n%s", labID, seed, rho, table.String())
			}
		}
	}
	rate := float64(agree) / float64(total)
	t.Logf("pass/fail agreement %d/%d = %.1f%%", agree, total, 100*rate)
	if rate < 0.9 {
		t.Errorf("pass/fail agreement %.1f%% < 90%%", 100*rate)
	}
}

// spearman is Spearman's rank correlation (ties take their mean rank).
func spearman(a, b []float64) float64 {
	ra, rb := ranks(a), ranks(b)
	return pearson(ra, rb)
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return x[idx[i]] < x[idx[j]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i] / n
		mb += b[i] / n
	}
	var cov, va, vb float64
	for i := range a {
		cov += (a[i] - ma) * (b[i] - mb)
		va += (a[i] - ma) * (a[i] - ma)
		vb += (b[i] - mb) * (b[i] - mb)
	}
	if va == 0 || vb == 0 {
		return 0
	}
	return cov / math.Sqrt(va*vb)
}

func TestSpearman(t *testing.T) {
	if got := spearman([]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}); math.Abs(got-1) > 1e-9 {
		t.Errorf("same order: %v", got)
	}
	if got := spearman([]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}); math.Abs(got+1) > 1e-9 {
		t.Errorf("reversed: %v", got)
	}
	if got := ranks([]float64{5, 1, 5, 3}); !slices.Equal(got, []float64{3.5, 1, 3.5, 2}) {
		t.Errorf("ties: %v", got)
	}
}
