package query

import (
	"context"
	"fmt"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/store/columnar"
)

// DefaultSearchIndex is the index pattern a search reads by default:
// every event data stream, not the alerts.
const DefaultSearchIndex = "logs-*"

// SearchOptions narrows a KQL search.
type SearchOptions struct {
	// Index is the index pattern to search (default DefaultSearchIndex;
	// "soclab-alerts*" searches the alerts).
	Index string
	// Limit is the most events returned; 0 means no limit.
	Limit int
}

// Searcher runs KQL searches.
type Searcher interface {
	Search(ctx context.Context, kql string, opts SearchOptions) (*Result, error)
}

// Search returns the events that match a KQL query, every field a column
// (sorted by name), in time order: by @timestamp, oldest first, events of
// the same time (and events without one, last) in the order they were
// stored. Limit keeps the oldest.
func (e *Engine) Search(ctx context.Context, kqlQuery string, opts SearchOptions) (*Result, error) {
	filter, err := kqlFilter(kqlQuery)
	if err != nil {
		return nil, err
	}
	index := opts.Index
	if index == "" {
		index = DefaultSearchIndex
	}
	q := &esql.Query{From: &esql.From{Indices: []esql.IndexPattern{{Name: index}}}}
	sub := *e
	sub.opts = planOptions{filter: filter, noCap: true}
	ordered, err := e.storedInTimeOrder(ctx, index)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", index, err)
	}
	timed := false
	if !ordered {
		if timed, err = sub.hasColumn(ctx, index, event.KeyTimestamp); err != nil {
			return nil, err
		}
	}
	if timed {
		q.Commands = append(q.Commands, &esql.Sort{Orders: []*esql.Order{{Expr: &esql.Ident{Name: event.KeyTimestamp}}}})
	}
	if opts.Limit > 0 {
		q.Commands = append(q.Commands, &esql.Limit{N: opts.Limit})
	}
	res, err := sub.Run(ctx, q, kqlQuery)
	if err != nil && !IsQueryError(err) {
		return nil, fmt.Errorf("search %s: %w", index, err)
	}
	return res, err
}

// hasColumn reports whether any index the pattern selects has the column
// (the schema of FROM pattern | LIMIT 0: nothing is read); a pattern that
// selects nothing has none.
func (e *Engine) hasColumn(ctx context.Context, index, name string) (bool, error) {
	q := &esql.Query{From: &esql.From{Indices: []esql.IndexPattern{{Name: index}}}, Commands: []esql.Command{&esql.Limit{N: 0}}}
	sub := *e
	sub.opts = planOptions{}
	res, err := sub.Run(ctx, q, "")
	if err != nil {
		if IsQueryError(err) {
			return false, nil
		}
		return false, fmt.Errorf("search %s: %w", index, err)
	}
	for _, c := range res.Columns {
		if c.Name == name {
			return true, nil
		}
	}
	return false, nil
}

// Search implements Searcher over the file; it decodes every field.
func (b *FileBackend) Search(ctx context.Context, kqlQuery string, opts SearchOptions) (*Result, error) {
	if _, err := kqlFilter(kqlQuery); err != nil {
		return nil, err
	}
	t, err := b.load(nil, nil)
	if err != nil {
		return nil, err
	}
	e := &Engine{tables: []columnar.TableReader{t}, Now: b.Now, Workers: b.Workers}
	return e.Search(ctx, kqlQuery, opts)
}

// Events turns the rows of a result into ECS events: one field per
// non-null cell (multi-values as lists, dates as dates, a geo_point as
// {lat, lon}, as its document holds it), without _index.
// Arrays of objects come back flattened into lists of their leaves
// (dns.answers.data), the shape ES|QL shows them in.
func (r *Result) Events() []*event.Event {
	out := make([]*event.Event, len(r.Values))
	for i, row := range r.Values {
		e := &event.Event{}
		for j, v := range row {
			if v == nil || r.Columns[j].Name == columnar.IndexField {
				continue
			}
			if r.Columns[j].Type == columnar.GeoPoint.String() {
				if addPoint(e, r.Columns[j].Name, v) {
					continue
				}
			}
			e.Add(r.Columns[j].Name, eventValue(v))
		}
		out[i] = e
	}
	return out
}

// addPoint adds a geo_point as the document Elasticsearch returns holds
// it, {"lat": .., "lon": ..}; false when v is not one point.
func addPoint(e *event.Event, name string, v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	lat, lon, ok := columnar.ParsePoint(s)
	if !ok {
		return false
	}
	e.Add(name+".lat", event.Float(lat))
	e.Add(name+".lon", event.Float(lon))
	return true
}

func eventValue(v any) event.Value {
	switch x := v.(type) {
	case string:
		return event.String(x)
	case int64:
		return event.Int(x)
	case float64:
		return event.Float(x)
	case bool:
		return event.Bool(x)
	case time.Time:
		return event.Time(x)
	case []any:
		vs := make([]event.Value, len(x))
		for i, e := range x {
			vs[i] = eventValue(e)
		}
		return event.List(vs...)
	}
	return event.Value{}
}
