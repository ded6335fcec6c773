package sigma

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConditionPrecedenceAndRoundTrip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a or b and c", "a or b and c"},
		{"(a or b) and c", "(a or b) and c"},
		{"not a and b", "not a and b"},
		{"not (a and b)", "not (a and b)"},
		{"a and not 1 of filter_*", "a and not 1 of filter_*"},
		{"all of selection_* and not 1 of filter_main_*", "all of selection_* and not 1 of filter_main_*"},
		{"1 of them", "1 of them"},
		{"ALL OF them", "all of them"},
		{"any of sel*", "1 of sel*"},
		{"2 of sel*", "2 of sel*"},
		{"((a))", "a"},
		{"not not a", "not not a"},
		{"a or (b or c)", "a or (b or c)"},
	} {
		e, err := ParseCondition(tc.in)
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if got := e.String(); got != tc.want {
			t.Errorf("%q printed as %q, want %q", tc.in, got, tc.want)
		}
		again, err := ParseCondition(e.String())
		if err != nil || again.String() != e.String() {
			t.Errorf("%q does not round-trip: %v %v", tc.in, again, err)
		}
	}
	e, _ := ParseCondition("a or b and c")
	or, ok := e.(*Or)
	if !ok || len(or.Args) != 2 {
		t.Fatalf("and must bind tighter than or: %#v", e)
	}
	if _, ok := or.Args[1].(*And); !ok {
		t.Fatalf("right side of or must be the and: %#v", or.Args[1])
	}
}

func TestConditionErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		pos  int
		want string
	}{
		{"", 0, "empty condition"},
		{"a and", 5, "expected a search identifier"},
		{"(a or b", 7, `expected ")"`},
		{"a b", 2, `unexpected identifier "b"`},
		{"sel | count() > 5", 4, "aggregation expressions"},
		{"1 of", 4, `expected "them"`},
		{"0 of sel*", 0, "positive number"},
		{"a & b", 2, "unexpected character"},
		{"all sel", 4, `expected "of"`},
	} {
		_, err := ParseCondition(tc.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: want a ParseError, got %v", tc.in, err)
		}
		if pe.Pos != tc.pos || !strings.Contains(pe.Msg, tc.want) {
			t.Errorf("%q: got %d %q, want %d %q", tc.in, pe.Pos, pe.Msg, tc.pos, tc.want)
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: error does not answer to ErrInvalid", tc.in)
		}
	}
}

func TestSigmaHQStyleRulesParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/sigmahq/*.yml")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	var all []*Rule
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rules, err := Decode(f, data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, rules...)
	}
	if errs := CheckSet(all); len(errs) > 0 {
		t.Fatal(errs)
	}
	corr := Resolve(all, "0e95725d-7320-415d-80f7-004da920fc12")
	if corr == nil || corr.Correlation.Type != "temporal_ordered" || corr.Correlation.Timespan != time.Hour || corr.Correlation.Generate {
		t.Fatalf("correlation decoded wrongly: %+v", corr)
	}
	if got := corr.Correlation.Aliases["user"]["successful_logon"]; got != "TargetUserName" {
		t.Errorf("alias: %q", got)
	}
	many := Resolve(all, "many_failed_logins")
	if many.Correlation.Condition.Ops[0] != (CountOp{"gte", 10}) || len(many.Correlation.GroupBy) != 2 {
		t.Errorf("event_count decoded wrongly: %+v", many.Correlation)
	}
	whoami := Resolve(all, "e28a5a99-da44-436d-b7a0-2afc20a5f413")
	sel := whoami.Detection.Search("selection_cli").Groups[0][0]
	if sel.Field != "CommandLine" || strings.Join(sel.Modifiers, "|") != "contains|windash" || len(sel.Values) != 2 {
		t.Errorf("field match decoded wrongly: %+v", sel)
	}
	if img := whoami.Detection.Search("selection_img"); len(img.Groups) != 2 {
		t.Errorf("a list of maps is an OR of groups: %+v", img)
	}
	dns := Resolve(all, "2975af79-28c4-4d2f-a951-9095f229df29")
	kw := dns.Detection.Search("keywords").Groups[0][0]
	if kw.Field != "" || !kw.Has("all") {
		t.Errorf("keywords with |all: %+v", kw)
	}
	if v := dns.Detection.Search("nothing").Groups[0][0].Values[0]; v.Kind != ValueNull {
		t.Errorf("null value: %+v", v)
	}
	if v := dns.Detection.Search("ranged").Groups[0][1].Values[0]; v.Kind != ValueFloat || v.Float != 0.5 {
		t.Errorf("float value: %+v", v)
	}
}

func TestBadRuleReportsEveryError(t *testing.T) {
	data, err := os.ReadFile("testdata/bad/errors.yml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Decode("errors.yml", data)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	want := []string{
		`errors.yml:10:3: rule "Bad One": logsource: unknown attribute "colour"`,
		`errors.yml:13:5: rule "Bad One": detection.sel.user.name|bogus: unknown modifier "bogus"`,
		`errors.yml:14:5: rule "Bad One": detection.sel.source.ip|cidr|contains: string transformations`,
		`errors.yml:15:5: rule "Bad One": detection.sel.flag|exists: exists takes exactly one boolean`,
		`errors.yml:17:5: rule "Bad One": detection.sel2.a|all: all needs a list of two or more values`,
		`errors.yml:18:30: rule "Bad One": detection.condition: expected a search identifier`,
		`errors.yml:3:9: rule "Bad One": status: "maybe" is not a status`,
		`errors.yml:4:8: rule "Bad One": level: "severe" is not a level`,
		`errors.yml:5:7: rule "Bad One": date: "03/02/2026" is not a date`,
		`errors.yml:7:3: rule "Bad One": tags: "Attack.T1110" is not a tag`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if len(list) != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", len(list), len(want), got)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"title: x\nlogsource: {product: linux}\ndetection:\n  sel: {a: 1}\n", "missing condition"},
		{"title: x\ndetection:\n  sel: {a: 1}\n  condition: sel\n", "needs a logsource"},
		{"title: x\nlogsource: {}\ndetection:\n  sel: {a: 1}\n  condition: sel\n  timeframe: 5m\n", "timeframe is not supported"},
		{"title: x\naction: global\n", "rule collections"},
		{"title: x\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 5x\n  condition: {gte: 1}\n", `"5x" is not a timespan`},
		{"title: x\ncorrelation:\n  type: value_count\n  rules: [a]\n  timespan: 5m\n  condition: {gte: 1}\n", "needs the field"},
		{"title: x\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 5m\n  condition: {gt: 5, lt: 3}\n", "no count satisfies"},
		{"title: x\ncorrelation:\n  type: temporal\n  rules: [a]\n  timespan: 5m\n", "at least two rules"},
		{"title: x\nlogsource: {}\ndetection:\n  sel: {a: 1}\n  condition: sel*\n", `needs a quantifier`},
		{"title: x\nlogsource: {}\ndetection:\n  sel: {a: 1}\n  condition: 1 of filter*\n", `matches no search identifier`},
		{"title: x\ntitle: y\n", "duplicate key"},
		{"title: [x\n", "invalid YAML"},
		{"title: x\nlogsource: {}\ndetection:\n  sel: {a|re|i|i: x}\n  condition: sel\n", "repeated"},
		{"title: x\nlogsource: {}\ndetection:\n  sel: {a|i: x}\n  condition: sel\n", `must follow "re"`},
		{"title: x\nlogsource: {}\ndetection:\n  sel: {a|gt: x}\n  condition: sel\n", "need a number"},
	} {
		_, err := Decode("r.yml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

func TestCheckSet(t *testing.T) {
	src := "title: a\nid: A\nlogsource: {}\ndetection:\n  sel: {x: 1}\n  condition: sel\n---\n" +
		"title: b\nid: A\nlogsource: {}\ndetection:\n  sel: {x: 1}\n  condition: sel\n---\n" +
		"title: c\nid: C\ncorrelation:\n  type: event_count\n  rules: [D]\n  timespan: 1m\n  condition: {gte: 1}\n---\n" +
		"title: d\nid: D\ncorrelation:\n  type: event_count\n  rules: [C]\n  timespan: 1m\n  condition: {gte: 1}\n"
	rules, err := Decode("set.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	errs := CheckSet(rules)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `"A" is already used by rule "a"`) {
		t.Fatalf("duplicate id: %v", errs)
	}
	errs = CheckSet(rules[2:])
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "cycle") {
		t.Fatalf("cycle: %v", errs)
	}
}

func TestMatchPattern(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"them", "sel", true}, {"them", "_sel", false}, {"sel*", "selection", true}, {"sel*", "filter", false},
		{"*_main_*", "filter_main_x", true}, {"a*b", "ab", true}, {"a*b", "acb", true}, {"a*b", "acbc", false},
	} {
		if got := MatchPattern(tc.pat, tc.name); got != tc.want {
			t.Errorf("%s ~ %s: %v", tc.pat, tc.name, got)
		}
	}
}

// fuzzSeeds are the rule files of the testdata.
func fuzzSeeds(f *testing.F) [][]byte {
	var out [][]byte
	for _, pattern := range []string{"testdata/*/*.yml", "../rules/*.yml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			out = append(out, data)
		}
	}
	return out
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		rules, err := Decode("fuzz.yml", data)
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("error does not answer to ErrInvalid: %v", err)
		}
		for _, r := range rules {
			if r.Detection == nil && r.Correlation == nil {
				t.Fatal("a decoded rule has neither detection nor correlation")
			}
		}
		CheckSet(rules)
	})
}

func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"a", "a or b and not c", "1 of sel* and not all of filter_*", "(a or (b and c))", "all of them", "2 of x*", "sel | count() > 4"} {
		f.Add(s)
	}
	for _, s := range fuzzSeeds(f) {
		for _, line := range strings.Split(string(s), "\n") {
			if c, ok := strings.CutPrefix(strings.TrimSpace(line), "condition:"); ok {
				f.Add(strings.TrimSpace(c))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		e, err := ParseCondition(src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Pos < 0 || pe.Pos > len(src) {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		again, err := ParseCondition(e.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", src, e.String(), err)
		}
		if again.String() != e.String() {
			t.Fatalf("%q: printing is not stable: %q then %q", src, e.String(), again.String())
		}
	})
}
