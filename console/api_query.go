package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/soclab/soclab/query"
	"github.com/soclab/soclab/query/esql"
)

// queryRequest is the body of POST /api/query.
type queryRequest struct {
	Query string `json:"query"`
}

// postQuery answers POST /api/query with exactly what soclab query
// --format json prints for the same query: Elasticsearch's _query body.
// Warnings go in Warning headers, as Elasticsearch sends them.
func (s *Server) postQuery(w http.ResponseWriter, r *http.Request) {
	var req queryRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "query: "+err.Error())
		return
	}
	res, err := s.backend.Query(r.Context(), req.Query)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	var buf bytes.Buffer
	if err := res.Write(&buf, "json"); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	for _, warn := range res.Warnings {
		w.Header().Add("Warning", `299 soclab "`+strings.ReplaceAll(warn, `"`, `'`)+`"`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

// writeQueryError answers a bad query with 400 and the message the CLI
// prints (with its line and caret), an Elasticsearch failure as
// upstreamStatus says, anything else with 500.
func writeQueryError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	if query.IsQueryError(err) {
		status = http.StatusBadRequest
	}
	msg := err.Error()
	if st, hint, ok := upstreamStatus(err); ok {
		status = st
		if hint != "" {
			msg += "\n  hint: " + hint
		}
	}
	var pe *esql.ParseErr
	if errors.As(err, &pe) {
		if p := pe.Pointer(); p != "" {
			msg += "\n" + p
		}
		status = http.StatusBadRequest
	}
	writeError(w, status, msg)
}

// resultJSON is a result in the _query response shape, for embedding.
func resultJSON(res *query.Result) json.RawMessage {
	var buf bytes.Buffer
	if err := res.Write(&buf, "json"); err != nil {
		return json.RawMessage(fmt.Sprintf(`{"error":%q}`, err.Error()))
	}
	return json.RawMessage(bytes.TrimSpace(buf.Bytes()))
}
