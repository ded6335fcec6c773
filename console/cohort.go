package console

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"sort"

	"github.com/soclab/soclab/grader/cohort"
)

var cohortTmpl = template.Must(template.ParseFS(webFS, "web/cohort.html"))

// CohortServer is the instructor view of soclab grade-cohort's output
// folder: per-trainee scores, the criterion charts, the skills the class
// lacks and each trainee's feedback sheet. It only reads the folder.
type CohortServer struct {
	dir    string
	result *cohort.Result
}

// NewCohort reads the results.json of a grade-cohort --out folder.
func NewCohort(dir string) (*CohortServer, error) {
	path := filepath.Join(dir, cohort.JSONFile)
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("cohort view: %w (give the --out folder of soclab grade-cohort)", err)
	}
	var r cohort.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("cohort view: %s: %w", path, err)
	}
	return &CohortServer{dir: dir, result: &r}, nil
}

// Handler returns the cohort pages: the overview, each trainee's sheet and
// the charts.
func (s *CohortServer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.overview)
	mux.HandleFunc("GET /trainee/{id}", s.sheet)
	mux.HandleFunc("GET /charts/{name}", s.chart)
	mux.HandleFunc("GET /api/cohort", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.result) })
	mux.Handle("GET /static/", staticHandler())
	return securityHeaders(mux)
}

// cohortRow is one trainee in the overview table.
type cohortRow struct {
	ID     string
	Score  float64
	Passed bool
	Triage string
	Report string
	Error  string
}

func (s *CohortServer) overview(w http.ResponseWriter, r *http.Request) {
	rows := make([]cohortRow, 0, len(s.result.Trainees))
	for _, t := range s.result.Trainees {
		row := cohortRow{ID: t.ID, Score: t.Score(), Passed: t.Passed(), Error: t.Error}
		if g := t.Grade; g != nil {
			row.Triage = fmt.Sprintf("%.1f / %.0f", g.Triage.Score, g.Triage.Max)
			row.Report = fmt.Sprintf("%.1f / %.0f", g.Report.Score, g.Report.Max)
		}
		rows = append(rows, row)
	}
	weakest := append([]cohort.CriterionStat(nil), s.result.Stats.Criteria...)
	sort.SliceStable(weakest, func(i, j int) bool { return weakest[i].MeanPercent < weakest[j].MeanPercent })
	if len(weakest) > 3 {
		weakest = weakest[:3]
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	data := map[string]any{"R": s.result, "Rows": rows, "Weakest": weakest}
	if err := cohortTmpl.Execute(w, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// sheet serves feedback/<id>.txt of a trainee the results name.
func (s *CohortServer) sheet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	for _, t := range s.result.Trainees {
		if t.ID != id {
			continue
		}
		data, err := readFile(filepath.Join(s.dir, "feedback", id+".txt"))
		if err != nil {
			http.Error(w, "no feedback sheet for "+id, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(data)
		return
	}
	http.NotFound(w, r)
}

// chart serves the two SVG charts grade-cohort wrote.
func (s *CohortServer) chart(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if name != cohort.HistogramFile && name != cohort.CriteriaFile {
		http.NotFound(w, r)
		return
	}
	data, err := readFile(filepath.Join(s.dir, name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(data)
}
