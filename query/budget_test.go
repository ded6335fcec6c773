package query

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// budgetEvents writes n small events with distinct ids and users.
func budgetEvents(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"@timestamp":"2026-03-02T10:00:00.000Z","event":{"id":"e%05d","dataset":"system.auth"},"data_stream":{"type":"logs","dataset":"system.auth","namespace":"default"},"user":{"name":"u%05d"},"message":"%s"}`+"\n", i, i, strings.Repeat("m", 200))
	}
	path := filepath.Join(t.TempDir(), "events.ndjson")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// nestedConcat is the query: each EVAL multiplies a string by 8,
// so nine of them would build gigabytes from a three-byte id.
func nestedConcat() string {
	q := "FROM logs-* | EVAL a = CONCAT(event.id, event.id, event.id, event.id, event.id, event.id, event.id, event.id)"
	for range 9 {
		q += " | EVAL a = CONCAT(a,a,a,a,a,a,a,a)"
	}
	return q + " | STATS n = COUNT(a)"
}

func TestNestedConcatStopsAtTheStringLimit(t *testing.T) {
	b := &FileBackend{Path: budgetEvents(t, 3)}
	_, err := b.Query(context.Background(), nestedConcat())
	var be *BudgetError
	if !errors.As(err, &be) || !errors.Is(err, ErrBudget) {
		t.Fatalf("err = %v, want a *BudgetError", err)
	}
	if !strings.Contains(err.Error(), "query over its memory budget: a CONCAT result needs") || !strings.Contains(err.Error(), "more than the 1.0 MiB allowed") {
		t.Fatalf("message = %q", err)
	}
	// Under the limit, CONCAT still works.
	res, err := b.Query(context.Background(), "FROM logs-* | EVAL a = CONCAT(event.id, \"-\", user.name) | KEEP a | SORT a | LIMIT 1")
	if err != nil || len(res.Values) != 1 || res.Values[0][0] != "e00000-u00000" {
		t.Fatalf("plain CONCAT: %v %v", res, err)
	}
}

func TestMemoryBudgetStopsGroupsAndRows(t *testing.T) {
	path := budgetEvents(t, 5000)
	for _, q := range []string{
		"FROM logs-* | STATS n = COUNT(*) BY k = CONCAT(message, event.id)",             // groups
		"FROM logs-* | EVAL k = CONCAT(message, message) | SORT event.id | LIMIT 10000", // sort buffer
		"FROM logs-* | EVAL k = CONCAT(message, message) | LIMIT 10000",                 // collected rows
	} {
		for _, workers := range []int{1, 2} {
			b := &FileBackend{Path: path, MemoryBudget: 256 << 10, Workers: workers}
			_, err := b.Query(context.Background(), q)
			if !errors.Is(err, ErrBudget) {
				t.Errorf("%s (%d workers): err = %v, want the memory budget", q, workers, err)
			}
			b.MemoryBudget = 0 // the default budget runs it
			if _, err := b.Query(context.Background(), q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	}
}
