package detectors

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// TestLitSetAgreesWithMatcher checks that the fast form of plain patterns
// decides exactly as the general matcher, including subjects whose
// lower-casing changes their bytes (Kelvin sign, dotted capital I, invalid
// UTF-8) and integer comparisons.
func TestLitSetAgreesWithMatcher(t *testing.T) {
	values := []string{"k", "K", "\u212a", "kb", "\u212ab", "xk", "x\u212a", "i", "\u0130", "\u0130x", "abc", "ABC", "aBc",
		"xabcx", "XABCX", "\xffabc", "abc\xff", "", "é", "É", "caféabc", "445", "0445", "-1", "true", "TRUE"}
	specs := []struct {
		vals  []string
		mods  []string
		isInt bool
		n     int64
	}{
		{vals: []string{"k"}}, {vals: []string{"K", "abc"}}, {vals: []string{"k"}, mods: []string{"startswith"}},
		{vals: []string{"k"}, mods: []string{"endswith"}}, {vals: []string{"k", "i"}, mods: []string{"contains"}},
		{vals: []string{"abc"}, mods: []string{"cased"}}, {vals: []string{"ABC"}, mods: []string{"cased", "contains"}},
		{vals: []string{""}}, {vals: []string{"*"}}, {vals: []string{"445"}, isInt: true, n: 445}, {vals: []string{"true"}},
		{vals: []string{"é"}, mods: []string{"cased"}},
	}
	for _, sp := range specs {
		for _, neq := range []bool{false, true} {
			m := &fieldMatcher{slot: 0, neq: neq}
			for _, v := range sp.vals {
				toks := parseSigmaString(v)
				for _, mod := range sp.mods {
					if mod != "cased" {
						toks = wrapStars(toks, mod)
					}
				}
				m.tests = append(m.tests, &patTest{pats: []*pattern{compilePattern(toks, slices.Contains(sp.mods, "cased"))}, isInt: sp.isInt, intVal: sp.n})
			}
			fast := newLitSet(m.tests)
			if fast == nil {
				t.Fatalf("%v %v: no fast form", sp.vals, sp.mods)
			}
			subjects := []event.Value{event.Int(445), event.Int(-1), event.Bool(true), event.Float(445), event.Strings("x", "ABC"), event.Strings("\u212a", "y")}
			for _, s := range values {
				subjects = append(subjects, event.String(s), event.Strings("zz", s))
			}
			for _, v := range subjects {
				c := newEvalCtx([]string{"f"})
				c.reset(&event.Event{Fields: []event.Field{{Key: "f", Val: v}}})
				m.fast = nil
				want := m.match(c)
				m.fast = fast
				if got := m.match(c); got != want {
					t.Errorf("%v %v neq=%v on %q: fast %v, general %v", sp.vals, sp.mods, neq, v.Text(), got, want)
				}
			}
		}
	}
}

// TestKeyIndexLookup checks the address cache against the table: the same
// key at other addresses, keys sharing a prefix, the empty key and
// unwanted keys.
func TestKeyIndexLookup(t *testing.T) {
	keys := []string{"@timestamp", "event.id", "source.ip", "source.ip.x", "user.name"}
	var x keyIndex
	x.build(keys)
	probe := []string{"source.ip", "source.i", "source.ipx", "", "user.name", "nope", "source.ip.x", "event.id"}
	for round := range 3 {
		for _, k := range probe {
			for _, s := range []string{k, strings.Clone(k), (k + "!")[:len(k)], ("source.ip.x")[:min(len(k), 11)]} {
				want := slices.Index(keys, s)
				if got := x.lookup(s); got != want {
					t.Errorf("round %d: lookup(%q) = %d, want %d", round, s, got, want)
				}
			}
		}
	}
}

// TestEvalCtxReset checks slot resolution: the first of repeated keys
// wins, paths inside arrays of objects are found, and generations wrap.
func TestEvalCtxReset(t *testing.T) {
	c := newEvalCtx([]string{"a", "b", "dns.answers.data", "c"})
	ev := &event.Event{}
	ev.Add("a", event.String("first"))
	ev.Add("a", event.String("second"))
	ev.Add("dns.answers", event.Objects([]event.Field{{Key: "data", Val: event.String("1.2.3.4")}}))
	for _, gen := range []uint32{5, ^uint32(0)} {
		c.gen = gen
		c.reset(ev)
		if v, ok := c.get(0); !ok || v.Str() != "first" {
			t.Errorf("gen %d: a = %v %v, want first", gen, v.Text(), ok)
		}
		if _, ok := c.get(1); ok {
			t.Errorf("gen %d: b found in an event without it", gen)
		}
		if v, ok := c.get(2); !ok || textValue(v) != "1.2.3.4" {
			t.Errorf("gen %d: dns.answers.data = %v %v", gen, textValue(v), ok)
		}
	}
	c.resetSlotted(&event.Event{Fields: []event.Field{{Key: "c", Val: event.Int(3)}}}, []int32{3})
	if v, ok := c.get(3); !ok || v.IntVal() != 3 {
		t.Errorf("slotted c = %v %v", v.Text(), ok)
	}
	if _, ok := c.get(0); ok {
		t.Error("slotted event kept the previous event's a")
	}
}

// TestValueCounts compares the small-array counter with a map through
// random adds and removes, across the switch to a map.
func TestValueCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var d valueCounts
	model := map[string]int{}
	for i := range 20000 {
		v := fmt.Sprint(r.IntN(3 + i/2000))
		if r.IntN(2) == 0 {
			d.add(v)
			model[v]++
		} else {
			d.remove(v)
			if model[v]--; model[v] <= 0 {
				delete(model, v)
			}
		}
		if d.len() != len(model) {
			t.Fatalf("step %d: %d distinct, want %d", i, d.len(), len(model))
		}
		if i%5000 == 4999 {
			d.reset()
			clear(model)
		}
	}
}

// TestEvidenceReuse runs many brute forces one after another, so that
// expired hits hand their evidence back for reuse, and checks that every
// alert holds only its own burst's events and addresses.
func TestEvidenceReuse(t *testing.T) {
	var events []*event.Event
	for i := range 40 {
		ip := fmt.Sprintf("203.0.113.%d", i)
		events = append(events, sshEvents(12, ip, testBase.Add(time.Duration(i)*20*time.Minute))...)
	}
	alerts := runBundled(t, events)
	seen := 0
	for _, a := range alerts {
		if a.RuleID != "2d4893b7-1a6f-40b6-8188-902f6ddee429" { // SSH Brute Force From Single Source
			continue
		}
		seen++
		ip := a.GroupBy[0].Value
		if !slices.Equal(a.Related.IP, []string{"10.20.0.5", ip}) {
			t.Errorf("alert for %s: related.ip %v", ip, a.Related.IP)
		}
		for _, id := range a.EventIDs {
			if !strings.HasPrefix(id, ip+"-") {
				t.Errorf("alert for %s lists event %s", ip, id)
			}
		}
		if a.EventCount != 12 {
			t.Errorf("alert for %s: %d events, want 12", ip, a.EventCount)
		}
	}
	if seen != 40 {
		t.Errorf("%d brute-force alerts, want 40", seen)
	}
}
