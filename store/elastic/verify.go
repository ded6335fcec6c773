package elastic

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/soclab/soclab/internal/datastream"
)

// ErrCountMismatch is what a *CountError answers to through errors.Is.
var ErrCountMismatch = errors.New("elasticsearch holds a different number of documents than were sent")

// CountError lists the indices whose _count differs from what was sent.
type CountError struct {
	Namespace  string
	Mismatches []CountMismatch
}

// CountMismatch is one index or data stream (or "namespace total") whose
// count differs.
type CountMismatch struct {
	Index     string
	Want, Got int64
}

func (e *CountError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "namespace %s: counts differ after the load:", e.Namespace)
	for _, m := range e.Mismatches {
		fmt.Fprintf(&b, " %s has %d, want %d;", m.Index, m.Got, m.Want)
	}
	b.WriteString(" a namespace that already held documents without event.id, or another writer, explains extra ones; load into a fresh namespace or delete its data streams first")
	return b.String()
}

// Is makes errors.Is(err, ErrCountMismatch) work.
func (e *CountError) Is(target error) bool { return target == ErrCountMismatch }

// Verify refreshes namespace's data streams and alerts index and checks
// that Elasticsearch's _count of each index in expected (such as
// Indexer.Counts) is what was sent, and that the namespace holds nothing
// else. It returns a *CountError on a difference.
func (c *Client) Verify(ctx context.Context, namespace string, expected map[string]int64) error {
	ns, err := Namespace(namespace)
	if err != nil {
		return err
	}
	all := namespacePatterns(ns)
	lenient := url.Values{"ignore_unavailable": {"true"}, "allow_no_indices": {"true"}}
	if err := c.do(ctx, http.MethodPost, "/"+all+"/_refresh", lenient, nil, nil); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	cerr := &CountError{Namespace: ns}
	names := make([]string, 0, len(expected))
	var sum int64
	for name, n := range expected {
		names = append(names, name)
		sum += n
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := c.count(ctx, name, nil)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		if got != expected[name] {
			cerr.Mismatches = append(cerr.Mismatches, CountMismatch{Index: name, Want: expected[name], Got: got})
		}
	}
	total, err := c.count(ctx, all, lenient)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if total != sum {
		cerr.Mismatches = append(cerr.Mismatches, CountMismatch{Index: "namespace total", Want: sum, Got: total})
	}
	if len(cerr.Mismatches) > 0 {
		return cerr
	}
	return nil
}

// count returns _count of target; a missing index counts 0.
func (c *Client) count(ctx context.Context, target string, q url.Values) (int64, error) {
	var res struct {
		Count int64 `json:"count"`
	}
	err := c.do(ctx, http.MethodGet, "/"+target+"/_count", q, nil, &res)
	if isStatus(err, http.StatusNotFound) {
		return 0, nil
	}
	return res.Count, err
}

// namespacePatterns names everything of namespace ns: its data streams and
// its alerts index.
func namespacePatterns(ns string) string { return datastream.EventsIn(ns) + "," + AlertsIndex(ns) }
