package columnar

import (
	"math/rand/v2"
	"testing"

	"github.com/soclab/soclab/event"
)

// TestObserveIndexNames checks that Observe files every event under
// IndexName's index, whatever the order, repetition and kinds of the index
// fields, including once more indexes appear than the Builder remembers.
func TestObserveIndexNames(t *testing.T) {
	keys := []string{"data_stream.namespace", event.KeyKind, "data_stream.dataset", event.KeyDataset, "data_stream.type", "user.name"}
	vals := []event.Value{event.String("a"), event.String("b"), event.String("alert"), event.String(""), event.Int(3), {}, event.List(), event.List(event.String("l"))}
	for _, n := range []int{3, 40} { // few and more values than maxIndexCache
		r := rand.New(rand.NewPCG(7, uint64(n)))
		b := NewBuilder()
		want := map[string]int64{}
		for range 3000 {
			var e event.Event
			for range r.IntN(8) {
				v := vals[r.IntN(len(vals))]
				if r.IntN(4) == 0 {
					v = event.String(string(rune('c' + r.IntN(n))))
				}
				e.Fields = append(e.Fields, event.Field{Key: keys[r.IntN(len(keys))], Val: v})
			}
			if !b.Observe(&e) {
				t.Fatalf("Observe refused %v", e.Fields)
			}
			want[IndexName(&e)]++
		}
		rg := b.Finish()
		if len(rg.dropped) != len(want) {
			t.Fatalf("%d indexes, want %d", len(rg.dropped), len(want))
		}
		for name, rows := range want {
			if acc := rg.dropped[name]; acc == nil || acc.rows != rows {
				t.Fatalf("index %s: %v, want %d rows", name, acc, rows)
			}
		}
	}
}
