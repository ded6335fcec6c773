package query

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/soclab/soclab/internal/datastream"
	"github.com/soclab/soclab/query/esql"
)

// ErrNoSuchEvent is returned by EventByID and AlertByID for an id that no
// document carries.
var ErrNoSuchEvent = errors.New("no such event")

// FieldStat is one field of an index pattern: its type, how many values
// it has (COUNT(field): a multi-valued field counts each), and its most
// frequent values.
type FieldStat struct {
	Name   string     `json:"name"`
	Type   string     `json:"type"`
	Values int64      `json:"values"`
	Top    []TopValue `json:"top"`
}

// TopValue is a value of a field and how many documents hold it.
type TopValue struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

// IndexFor turns a dataset name into its index pattern as both stores name
// it (datastream.Pattern: system.auth gives logs-system.auth-*, acme.fw
// logs-acme.fw-*); an index pattern is returned as is, and ""
// gives every event index.
func IndexFor(dataset string) string {
	switch {
	case dataset == "":
		return DefaultSearchIndex
	case strings.ContainsAny(dataset, "*,") || strings.HasPrefix(dataset, "logs-") || strings.HasPrefix(dataset, "soclab-alerts"):
		return dataset
	}
	return datastream.Pattern(dataset)
}

// Fields summarises every field of an index pattern with ES|QL queries on
// b: the type, the documents that have the field and its top values
// (up to top of them, most frequent first; ties by value). Fields no
// document has are left out. Total is the number of documents.
func Fields(ctx context.Context, b Backend, index string, top int) (stats []FieldStat, total int64, err error) {
	if e, ok := b.(*Engine); ok {
		if stats, total, ok, err := e.fieldStats(ctx, index, top); ok {
			return stats, total, err
		}
	}
	schema, err := b.Query(ctx, "FROM "+index+" | LIMIT 0")
	if err != nil {
		return nil, 0, err
	}
	aggs := []string{"`_total` = COUNT(*)"}
	for i, c := range schema.Columns {
		aggs = append(aggs, fmt.Sprintf("`_c%d` = COUNT(%s)", i, esql.QuoteIdent(c.Name)))
	}
	counts, err := b.Query(ctx, "FROM "+index+" | STATS "+strings.Join(aggs, ", "))
	if err != nil {
		return nil, 0, err
	}
	if len(counts.Values) != 1 {
		return nil, 0, fmt.Errorf("fields of %s: no count row", index)
	}
	row := counts.Values[0]
	total, _ = row[0].(int64)
	for i, c := range schema.Columns {
		n, _ := row[i+1].(int64)
		if n == 0 || c.Name == "_index" {
			continue
		}
		fs := FieldStat{Name: c.Name, Type: c.Type, Values: n}
		if fs.Top, err = topValues(ctx, b, index, c.Name, top); err != nil {
			return nil, 0, err
		}
		stats = append(stats, fs)
	}
	return stats, total, nil
}

func topValues(ctx context.Context, b Backend, index, field string, top int) ([]TopValue, error) {
	if top <= 0 || field == "@timestamp" {
		return []TopValue{}, nil // every timestamp is its own value
	}
	if top > 1000 {
		top = 1000
	}
	name := esql.QuoteIdent(field)
	q := fmt.Sprintf("FROM %s | WHERE %s IS NOT NULL | STATS `_n` = COUNT(*) BY %s | SORT `_n` DESC, %s | LIMIT %d", index, name, name, name, top)
	res, err := b.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("top values of %s: %w", field, err)
	}
	out := make([]TopValue, 0, len(res.Values))
	for _, r := range res.Values {
		n, _ := r[0].(int64)
		out = append(out, TopValue{Value: FormatValue(r[1]), Count: n})
	}
	return out, nil
}

// EventByID returns the event or alert whose event.id is id, every field a
// column; ErrNoSuchEvent when there is none.
func EventByID(ctx context.Context, b Backend, id string) (*Result, error) {
	res, err := b.Query(ctx, "FROM logs-*, soclab-alerts* | WHERE event.id == "+esql.QuoteString(id)+" | LIMIT 1")
	if err != nil {
		return nil, err
	}
	if len(res.Values) == 0 {
		return nil, fmt.Errorf("event %q: %w", id, ErrNoSuchEvent)
	}
	return res.DropEmptyColumns(), nil
}

// EvidenceQuery is the ES|QL query that lists, in time order, the events
// with these ids (an alert's evidence).
func EvidenceQuery(ids []string) string {
	if len(ids) == 0 {
		return `FROM logs-* | WHERE event.id == "" | LIMIT 0`
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = esql.QuoteString(id)
	}
	return "FROM logs-* | WHERE event.id IN (" + strings.Join(quoted, ", ") + ") | SORT @timestamp | LIMIT 10000"
}

// AlertEvidence returns an alert (one row of soclab-alerts*) and its
// evidence events; ErrNoSuchEvent when no alert has the id.
func AlertEvidence(ctx context.Context, b Backend, alertID string) (alert, events *Result, err error) {
	alert, err = b.Query(ctx, "FROM soclab-alerts* | WHERE event.id == "+esql.QuoteString(alertID)+" | LIMIT 1")
	if err != nil {
		return nil, nil, err
	}
	if len(alert.Values) == 0 {
		return nil, nil, fmt.Errorf("alert %q: %w", alertID, ErrNoSuchEvent)
	}
	alert = alert.DropEmptyColumns()
	var ids []string
	for i, c := range alert.Columns {
		if c.Name != "soclab.alert.event_ids" {
			continue
		}
		switch v := alert.Values[0][i].(type) {
		case string:
			ids = []string{v}
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					ids = append(ids, s)
				}
			}
		}
	}
	events, err = b.Query(ctx, EvidenceQuery(ids))
	return alert, events, err
}
