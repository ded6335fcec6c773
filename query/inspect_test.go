package query

import (
	"context"
	"reflect"
	"testing"
)

// queryOnly hides the Engine's one-pass field statistics, so Fields runs
// its ES|QL queries.
type queryOnly struct{ b Backend }

func (q queryOnly) Query(ctx context.Context, s string) (*Result, error) { return q.b.Query(ctx, s) }

func TestFieldStatsAnswerAsTheQueries(t *testing.T) {
	e := scriptBackends(t, parseScript(t, "testdata/functions.esqltest"))["store"]
	ctx := context.Background()
	for _, index := range []string{"logs-*", "logs-system.auth-*", "soclab-alerts*"} {
		fast, n1, err1 := Fields(ctx, e, index, 3)
		slow, n2, err2 := Fields(ctx, queryOnly{e}, index, 3)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v / %v", index, err1, err2)
		}
		if _, _, ok, _ := e.(*Engine).fieldStats(ctx, index, 3); !ok {
			t.Fatalf("%s: the one-pass path did not run", index)
		}
		if n1 != n2 || !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: one pass gives %d docs\n%+v\nqueries give %d docs\n%+v", index, n1, fast, n2, slow)
		}
	}
}
