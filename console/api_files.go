package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/grader/triage"
)

// ReportFile is the workspace's L1 report.
const ReportFile = "report.md"

// SetTriage writes decision d for alert id into triage.yaml, atomically,
// after checking that the whole file still parses as the grader will read
// it, and returns the alert as the queue now shows it. Every other entry
// and every comment stays as it was.
func (s *Server) SetTriage(id string, d Decision) (Alert, error) {
	a := s.alert(id)
	if a == nil {
		return Alert{}, fmt.Errorf("alert %q: %w", id, ErrUnknownAlert)
	}
	for i, t := range d.Techniques {
		d.Techniques[i] = strings.ToUpper(strings.TrimSpace(t))
	}
	t, err := s.editTriage(func(data []byte) ([]byte, error) { return setDecision(data, id, d) })
	if err != nil {
		return Alert{}, err
	}
	return withTriage(*a, t), nil
}

// SetAnalyst writes the analyst's name into triage.yaml, atomically and
// checked as SetTriage is.
func (s *Server) SetAnalyst(name string) error {
	if strings.ContainsAny(name, "\n\r") || len(name) > 200 {
		return errors.New("analyst: one line of at most 200 characters")
	}
	_, err := s.editTriage(func(data []byte) ([]byte, error) { return setAnalyst(data, name) })
	return err
}

// editTriage rewrites triage.yaml with edit, under the workspace lock,
// and writes the result atomically only when it still parses as the
// grader will read it; it returns the file as parsed.
func (s *Server) editTriage(edit func([]byte) ([]byte, error)) (*triage.Triage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := s.path(TriageFile)
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("triage: %w", err)
	}
	out, err := edit(data)
	if err != nil {
		return nil, err
	}
	t, err := triage.Parse(out, triage.Options{File: TriageFile, KnownIDs: s.ids})
	if err != nil {
		return nil, err
	}
	return t, writeAtomic(path, out)
}

// analystBody is GET/PUT /api/analyst.
type analystBody struct {
	Analyst string `json:"analyst"`
}

func (s *Server) getAnalyst(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	t, err := readTriage(s.path(TriageFile), s.ids)
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, analystBody{Analyst: t.Analyst})
}

func (s *Server) putAnalyst(w http.ResponseWriter, r *http.Request) {
	var b analystBody
	if err := readJSON(r, &b); err != nil {
		writeError(w, http.StatusBadRequest, "analyst: "+err.Error())
		return
	}
	if err := s.SetAnalyst(strings.TrimSpace(b.Analyst)); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, b)
}

func (s *Server) putTriage(w http.ResponseWriter, r *http.Request) {
	var d Decision
	if err := readJSON(r, &d); err != nil {
		writeError(w, http.StatusBadRequest, "triage: "+err.Error())
		return
	}
	id := r.PathValue("id")
	a, err := s.SetTriage(id, d)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, ErrUnknownAlert) {
			status = http.StatusNotFound
		}
		writeError(w, status, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// reportBody is GET/PUT /api/report.
type reportBody struct {
	Text string `json:"text"`
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, err := readFile(s.path(ReportFile))
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, reportBody{Text: string(data)})
}

// readReport reads a report from a JSON body, checked as the grader will.
func readReport(r *http.Request) ([]byte, error) {
	var b reportBody
	if err := readJSON(r, &b); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if len(b.Text) > report.MaxSize {
		return nil, fmt.Errorf("report: %w", report.ErrTooLarge)
	}
	if !utf8.ValidString(b.Text) {
		return nil, errors.New("report: not UTF-8 text")
	}
	return []byte(b.Text), nil
}

// putReport replaces report.md (atomically) and answers with its lint.
func (s *Server) putReport(w http.ResponseWriter, r *http.Request) {
	data, err := readReport(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	lint, err := s.lint(data)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	err = writeAtomic(s.path(ReportFile), data)
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, lint)
}

// getLint lints report.md as it is on disk.
func (s *Server) getLint(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, err := readFile(s.path(ReportFile))
	s.mu.Unlock()
	s.writeLint(w, data, err)
}

// postLint lints a draft without saving it (the editor's live lint).
func (s *Server) postLint(w http.ResponseWriter, r *http.Request) {
	data, err := readReport(r)
	s.writeLint(w, data, err)
}

// writeLint answers with the lint of report data, or 400 with err (the
// report could not be read) or the reason it does not parse.
func (s *Server) writeLint(w http.ResponseWriter, data []byte, err error) {
	var lint *Lint
	if err == nil {
		lint, err = s.lint(data)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, lint)
}

// lint lints report data for the workspace's lab window.
func (s *Server) lint(data []byte) (*Lint, error) {
	return LintReport(data, ReportFile, s.instance.From, s.instance.To)
}
