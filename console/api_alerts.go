package console

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/query"
)

// workspaceInfo is what the page needs to know about the workspace.
type workspaceInfo struct {
	Lab      string    `json:"lab"`
	Title    string    `json:"title"`
	Mode     string    `json:"mode"`
	Trainee  string    `json:"trainee,omitempty"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Events   int64     `json:"events"`
	Alerts   int       `json:"alerts"`
	Datasets []string  `json:"datasets"`
}

func (s *Server) info() workspaceInfo {
	in := s.instance
	ds := make([]string, len(in.Datasets))
	for i, d := range in.Datasets {
		ds[i] = d.Name
	}
	return workspaceInfo{Lab: in.Lab, Title: in.Title, Mode: in.Mode, Trainee: in.Trainee,
		From: in.From, To: in.To, Events: in.Events, Alerts: len(s.alerts), Datasets: ds}
}

func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.info())
}

// alertsResponse is GET /api/alerts: the queue, and the problems of a
// triage.yaml that no longer parses (the queue then shows every alert new).
type alertsResponse struct {
	Alerts      []Alert  `json:"alerts"`
	TriageError []string `json:"triage_errors,omitempty"`
}

// Alerts returns the alert queue with each alert's triage state, and the
// triage file's problems when it does not parse.
func (s *Server) Alerts() ([]Alert, error) {
	s.mu.Lock()
	t, err := readTriage(s.path(TriageFile), s.ids)
	s.mu.Unlock()
	out := make([]Alert, len(s.alerts))
	copy(out, s.alerts)
	for i := range out {
		out[i] = withTriage(out[i], t)
	}
	return out, err
}

// withTriage is alert a with its triage state and decision in t (nil: a
// file that does not parse, every alert new).
func withTriage(a Alert, t *triage.Triage) Alert {
	var e *triage.Alert
	if t != nil {
		e = t.ByID(a.ID)
	}
	a.Triage = state(e)
	if e != nil {
		a.Decision = decisionOf(e)
	}
	return a
}

func (s *Server) getAlerts(w http.ResponseWriter, r *http.Request) {
	alerts, err := s.Alerts()
	resp := alertsResponse{Alerts: alerts}
	if err != nil {
		resp.TriageError = strings.Split(err.Error(), "\n")
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) alert(id string) *Alert {
	for i := range s.alerts {
		if s.alerts[i].ID == id {
			return &s.alerts[i]
		}
	}
	return nil
}

// getAlertEvents answers GET /api/alerts/{id}/events: the alert's evidence
// events in time order, in the _query response shape, and its pivots.
func (s *Server) getAlertEvents(w http.ResponseWriter, r *http.Request) {
	a := s.alert(r.PathValue("id"))
	if a == nil {
		writeError(w, http.StatusNotFound, ErrUnknownAlert.Error())
		return
	}
	s.evMu.Lock()
	body, ok := s.evidence[a.ID]
	s.evMu.Unlock()
	if !ok {
		q := query.EvidenceQuery(a.EventIDs)
		res, err := s.backend.Query(r.Context(), q)
		if err != nil {
			writeQueryError(w, err)
			return
		}
		body, _ = json.Marshal(map[string]any{
			"alert": a, "query": q, "result": resultJSON(res), "pivots": pivots(a, res),
		})
		s.evMu.Lock()
		if s.evidence == nil {
			s.evidence = map[string][]byte{}
		}
		s.evidence[a.ID] = body
		s.evMu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
