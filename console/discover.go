package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/soclab/soclab/query"
	"github.com/soclab/soclab/query/esql"
)

// discoverRequest is the body of POST /api/discover.
type discoverRequest struct {
	Language string `json:"language"` // "esql" or "kql"
	Query    string `json:"query"`
	From     string `json:"from,omitempty"` // RFC 3339; empty: no bound
	To       string `json:"to,omitempty"`
	Index    string `json:"index,omitempty"` // KQL only; default logs-*
	Limit    int    `json:"limit,omitempty"` // KQL only; default 500
}

// Bucket is one bar of the Discover histogram.
type Bucket struct {
	T     time.Time `json:"t"`
	Count int64     `json:"count"`
}

// discoverResponse is what Discover shows: the query as run, the rows,
// how many matched, the histogram, and a hint when nothing matched.
type discoverResponse struct {
	Query     string   `json:"query"`
	Result    any      `json:"result"`
	Total     int64    `json:"total"`
	Interval  string   `json:"interval"`
	Histogram []Bucket `json:"histogram"`
	Hint      string   `json:"hint,omitempty"`
	// Warnings are the query's warnings: a multi-valued field compared
	// with ==, a KQL field that no event has (with the nearest name).
	Warnings []string `json:"warnings,omitempty"`
}

// kqlRunner is a backend that can run ES|QL over KQL matches (the embedded
// store).
type kqlRunner interface {
	query.Searcher
	SearchQuery(ctx context.Context, kql, esql string) (*query.Result, error)
}

// errBadTime is a time bound that is not RFC 3339.
var errBadTime = errors.New("want an RFC 3339 time such as 2026-03-02T09:00:00Z")

func (s *Server) postDiscover(w http.ResponseWriter, r *http.Request) {
	var req discoverRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "discover: "+err.Error())
		return
	}
	from, to, err := parseRange(req.From, req.To)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var resp *discoverResponse
	switch req.Language {
	case "kql":
		resp, err = s.discoverKQL(r.Context(), req, from, to)
	case "esql", "":
		resp, err = s.discoverESQL(r.Context(), req, from, to)
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("language %q: want esql or kql", req.Language))
		return
	}
	if err != nil {
		writeQueryError(w, err)
		return
	}
	if resp.Total == 0 {
		resp.Hint = EmptyHint(s.instance.From, s.instance.To, from, to)
	}
	writeJSON(w, http.StatusOK, resp)
}

func parseRange(f, t string) (from, to time.Time, err error) {
	if f != "" {
		if from, err = time.Parse(time.RFC3339Nano, f); err != nil {
			return from, to, fmt.Errorf("from %q: %w", f, errBadTime)
		}
	}
	if t != "" {
		if to, err = time.Parse(time.RFC3339Nano, t); err != nil {
			return from, to, fmt.Errorf("to %q: %w", t, errBadTime)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, fmt.Errorf("time range %s to %s is empty: from must be before to", f, t)
	}
	return from.UTC(), to.UTC(), nil
}

// discoverESQL runs the ES|QL query with the time range added as a WHERE
// right after its FROM; the histogram counts the rows' @timestamp.
func (s *Server) discoverESQL(ctx context.Context, req discoverRequest, from, to time.Time) (*discoverResponse, error) {
	q := WithTimeRange(req.Query, from, to)
	res, err := s.backend.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	lo, hi := s.span(from, to)
	iv := interval(hi.Sub(lo))
	return &discoverResponse{Query: q, Result: resultJSON(res), Total: int64(len(res.Values)),
		Interval: iv.label, Histogram: histogramOf(res, lo, iv.d), Warnings: res.Warnings}, nil
}

// discoverKQL searches with KQL (the time range becomes @timestamp bounds)
// and counts every match per interval for the histogram.
func (s *Server) discoverKQL(ctx context.Context, req discoverRequest, from, to time.Time) (*discoverResponse, error) {
	kr, ok := s.backend.(kqlRunner)
	if !ok {
		return nil, errors.New("KQL in the console needs the embedded store; use ES|QL with --es-url")
	}
	kql := KQLWithTimeRange(req.Query, from, to)
	index := req.Index
	if index == "" {
		index = query.DefaultSearchIndex
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 500
	}
	res, err := kr.Search(ctx, kql, query.SearchOptions{Index: index, Limit: limit})
	if err != nil {
		return nil, err
	}
	lo, hi := s.span(from, to)
	iv := interval(hi.Sub(lo))
	// The histogram bounds time with an ES|QL WHERE and filters with the
	// trainee's KQL alone: "*" then costs no per-row test.
	hq := WithTimeRange(fmt.Sprintf("FROM %s | STATS count = COUNT(*) BY t = BUCKET(@timestamp, %s) | SORT t", index, iv.label), from, to)
	hres, err := kr.SearchQuery(ctx, req.Query, hq)
	if err != nil {
		return nil, err
	}
	buckets, total := bucketsOf(hres)
	return &discoverResponse{Query: kql, Result: resultJSON(res), Total: total, Interval: iv.label, Histogram: buckets, Warnings: res.Warnings}, nil
}

// span is the histogram's extent: the range asked for, else the lab window.
func (s *Server) span(from, to time.Time) (time.Time, time.Time) {
	if from.IsZero() {
		from = s.instance.From
	}
	if to.IsZero() {
		to = s.instance.To
	}
	return from, to
}

// WithTimeRange adds "| WHERE @timestamp >= from AND @timestamp < to"
// after the FROM command of an ES|QL query (a bound that is zero is left
// out). The query is placed by the ES|QL parser, so that a pipe or a
// comment in a string or after // never hides the range. A query that does
// not parse, or does not start with FROM, is returned as is: the engine
// then reports its error where the trainee wrote it.
func WithTimeRange(q string, from, to time.Time) string {
	cond := timeCond(from, to, " AND ")
	if cond == "" {
		return q
	}
	parsed, err := esql.Parse(q)
	if err != nil || parsed.From == nil {
		return q
	}
	if len(parsed.Commands) > 0 {
		at := int(parsed.Commands[0].Start())
		return q[:at] + "WHERE " + cond + " | " + q[at:]
	}
	// After the last line: a space, unless the line ends in a comment.
	out := strings.TrimRight(q, " \n\t") + " | WHERE " + cond
	if p, err := esql.Parse(out); err != nil || len(p.Commands) != 1 {
		out = strings.TrimRight(q, " \n\t") + "\n| WHERE " + cond
	}
	return out
}

// KQLWithTimeRange ands the time range onto a KQL query.
func KQLWithTimeRange(kql string, from, to time.Time) string {
	kql = strings.TrimSpace(kql)
	if kql == "" || kql == "*" {
		kql = "@timestamp: *"
	}
	cond := timeCond(from, to, " and ")
	if cond == "" {
		return kql
	}
	return cond + " and (" + kql + ")"
}

// timeCond is "@timestamp >= from<and>@timestamp < to", without a bound
// that is zero; ES|QL and KQL write it alike but for the and.
func timeCond(from, to time.Time, and string) string {
	var parts []string
	if !from.IsZero() {
		parts = append(parts, fmt.Sprintf("@timestamp >= %q", from.Format("2006-01-02T15:04:05.000Z")))
	}
	if !to.IsZero() {
		parts = append(parts, fmt.Sprintf("@timestamp < %q", to.Format("2006-01-02T15:04:05.000Z")))
	}
	return strings.Join(parts, and)
}
