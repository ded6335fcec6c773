package query

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/store/columnar"
)

// Engine runs ES|QL queries in process over tables: a workspace's column
// store or events loaded from NDJSON. It implements Backend.
type Engine struct {
	tables []columnar.TableReader
	closer io.Closer
	// Now is the clock NOW() reads; nil means time.Now. Tests pin it.
	Now func() time.Time
	// Workers bounds the row groups scanned at once; 0 means GOMAXPROCS.
	Workers int
	// MemoryBudget bounds the bytes one query holds (collected rows, sort
	// buffers, STATS groups); 0 means the package's MemoryBudget.
	MemoryBudget int64
	opts         planOptions
}

// OpenWorkspace opens the column store of a workspace folder.
func OpenWorkspace(dir string) (*Engine, error) {
	s, err := columnar.Open(dir)
	if err != nil {
		return nil, err
	}
	e := &Engine{closer: s}
	for _, name := range s.Tables() {
		t, _ := s.Table(name)
		e.tables = append(e.tables, t)
	}
	return e, nil
}

// Close releases the files the engine holds open.
func (e *Engine) Close() error {
	if e.closer != nil {
		return e.closer.Close()
	}
	return nil
}

// Tables returns the tables the engine reads.
func (e *Engine) Tables() []columnar.TableReader { return e.tables }

// Query implements Backend.
func (e *Engine) Query(ctx context.Context, q string) (*Result, error) {
	parsed, err := esql.Parse(q)
	if err != nil {
		return nil, err
	}
	return e.Run(ctx, parsed, q)
}

// Run executes a parsed query; src is its text, for error positions.
func (e *Engine) Run(ctx context.Context, q *esql.Query, src string) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, recoverBudget(r, src)
		}
	}()
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	p, err := compilePlan(q, src, e.tables, now().UnixMilli(), e.opts)
	if err != nil {
		return nil, err
	}
	p.mem = &memBudget{limit: MemoryBudget}
	if e.MemoryBudget > 0 {
		p.mem.limit = e.MemoryBudget
	}
	rs, err := p.run(ctx, e.Workers)
	if err != nil {
		return nil, err
	}
	return p.result(rs), nil
}

// FileBackend runs queries over an ECS NDJSON file (plain, .gz or .zst;
// "-" for standard input, read once). Each query decodes only the fields
// it uses, on every core.
type FileBackend struct {
	Path string
	// Now, Workers and MemoryBudget are passed to the Engine.
	Now          func() time.Time
	Workers      int
	MemoryBudget int64
	stdin        *columnar.Memory
}

// Query implements Backend.
func (b *FileBackend) Query(ctx context.Context, q string) (*Result, error) {
	parsed, err := esql.Parse(q)
	if err != nil {
		return nil, err
	}
	fields := NeededFields(parsed)
	keep, keys := rowFilter(parsed)
	t, err := b.load(fields, keep)
	if err == nil && keep != nil && !filterApplies(t, keys) {
		t, err = b.load(fields, nil) // not a keyword column: no shortcut
	}
	if err != nil {
		return nil, err
	}
	e := &Engine{tables: []columnar.TableReader{t}, Now: b.Now, Workers: b.Workers, MemoryBudget: b.MemoryBudget}
	res, err := e.Run(ctx, parsed, q)
	if err != nil && fields != nil && IsQueryError(err) {
		// An unknown column: load every field once more so that the
		// message can suggest the right name, as the column store does.
		if t, lerr := b.load(nil, nil); lerr == nil {
			e.tables = []columnar.TableReader{t}
			res, err = e.Run(ctx, parsed, q)
		}
	}
	return res, err
}

// Load reads the file's events with only the given fields (nil: all),
// leaving out those keep rejects (nil keeps all).
func (b *FileBackend) load(fields []string, keep func(*event.Event) bool) (columnar.TableReader, error) {
	if b.stdin != nil {
		return b.stdin, nil
	}
	if b.Path == iofile.Stdio {
		fields, keep = nil, nil // read once, for every query
	}
	f, err := iofile.Open(b.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := columnar.LoadNDJSONFiltered(f, b.Path, fields, keep)
	if err != nil {
		return nil, err
	}
	if b.Path == iofile.Stdio {
		b.stdin = m
	}
	return m, nil
}

// NeededFields lists the source fields a query can read, or nil when its
// output may include every field (no KEEP or STATS narrows it, or a KEEP
// pattern has a wildcard).
func NeededFields(q *esql.Query) []string {
	set := map[string]bool{}
	add := func(e esql.Expr) {
		esql.Walk(e, func(x esql.Expr) {
			if id, ok := x.(*esql.Ident); ok {
				set[id.Name] = true
			}
		})
	}
	all := true
	for _, c := range q.Commands {
		switch x := c.(type) {
		case *esql.Where:
			add(x.Cond)
		case *esql.Eval:
			for _, f := range x.Fields {
				add(f.Expr)
			}
		case *esql.Dissect:
			add(x.Input)
		case *esql.Grok:
			add(x.Input)
		case *esql.Stats:
			for _, e := range x.Exprs() {
				add(e)
			}
			if all {
				all = false
			}
		case *esql.Sort:
			for _, o := range x.Orders {
				add(o.Expr)
			}
		case *esql.Keep:
			for _, p := range x.Patterns {
				if strings.Contains(p.Name, "*") && all {
					return nil
				}
				set[p.Name] = true
			}
			all = false
		case *esql.Drop:
			for _, p := range x.Patterns {
				set[p.Name] = true
			}
		case *esql.Rename:
			for _, p := range x.Pairs {
				set[p.Old.Name] = true
			}
		case *esql.MvExpand:
			set[x.Field.Name] = true
		}
	}
	if all {
		return nil
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	return out
}

// IsQueryError reports whether err is a problem with the query text
// (syntax, unknown column, type mismatch) rather than with the data.
func IsQueryError(err error) bool { return errors.Is(err, esql.ErrParse) }
