package event

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// quickCorpus is lines around every rule of the contract, plain and not.
var quickCorpus = []string{
	`{}`, ` {} `, "\t{\r\n}\n", `{"a":{}}`, `{"a":[]}`, `{"a":[[]]}`, `{"a":[{}]}`, `{"":1}`, `{"":1,"":2}`, `{"a":1,"a":1}`,
	`{"a":1,"b":{"a":2},"a":3}`, `{"a":{"x":1},"b":{"x":1}}`, `{"a":{"x":1,"x":2}}`, `{"a":[{"x":1},{"x":1}]}`, `{"a":[{"x":1,"x":1}]}`,
	`{"ab":1,"ba":2}`, `{"ab":1,"ab ":2}`, `{"é":1,"\u00e9":2}`, `{"é":1,"é":2}`, `{"x":"é"}`, "{\"x\":\"\xff\"}", "{\"x\":\"\xc3\"}", "{\"\xc3\xa9\":\"\xe2\x82\"}",
	`{"n":0}`, `{"n":-0}`, `{"n":-0.0}`, `{"n":01}`, `{"n":-}`, `{"n":1.}`, `{"n":.5}`, `{"n":1.5e3}`, `{"n":1e400}`, `{"n":1E-400}`, `{"n":1.5.5}`, `{"n":1-2}`, `{"n":+1}`,
	`{"n":NaN}`, `{"n":Infinity}`, `{"n":-Infinity}`, `{"n":12345678901234567890}`, `{"n":` + strings.Repeat("9", 299) + `}`, `{"n":` + strings.Repeat("9", 320) + `}`, `{"n":-` + strings.Repeat("9", 299) + `}`,
	`{"t":true}`, `{"t":tru}`, `{"t":truex}`, `{"f":false}`, `{"f":fals}`, `{"n":null}`, `{"n":nul}`, `{"n":nulll}`,
	`{"source":{"ip":"10.0.0.1"}}`, `{"source":{"ip":"10.0.0.300"}}`, `{"source":{"ip":"010.0.0.1"}}`, `{"source":{"ip":"::1"}}`, `{"source":{"ip":"fe80::1%eth0"}}`,
	`{"source":{"ip":null}}`, `{"source":{"ip":7}}`, `{"source":{"ip":true}}`, `{"source":{"ip":false}}`, `{"source":{"ip":{"a":"x"}}}`, `{"source":{"ip":{"ip":"x"}}}`, `{"source":{"ip":{"ip":"1.2.3.4"}}}`,
	`{"related":{"ip":["10.0.0.1",null,"::1"]}}`, `{"related":{"ip":["10.0.0.1","x"]}}`, `{"related":{"ip":[["1.2.3.4"],["x"]]}}`, `{"related":{"ip":[["1.2.3.4"],[null]]}}`, `{"related":{"ip":[1]}}`, `{"related":{"ip":[]}}`,
	`{"related":{"ip":[{"a":1}]}}`, `{"related":{"ip":[{"a":1},"x"]}}`, `{"a":["x"],"ip":"1.1.1.1"}`, `{"ip":["1.1.1.1"],"b":["x"]}`,
	`{"source.ip":"x"}`, `{"source.ip":"1.2.3.4"}`, `{"dns":{"resolved_ip":["x"]}}`, `{"zip":"x"}`, `{"_ip":"x"}`, `{".ip":"x"}`, `{"ip.x":"x"}`, `{"a_ipx":"x"}`, `{"ip":"\u0031.1.1.1"}`, `{"i\u0070":"x"}`,
	`{"m":"\ud83d\ude00"}`, `{"m":"\ud800"}`, `{"m":"a\nb"}`, "{\"m\":\"a\nb\"}", "{\"m\":\"a\x01b\"}", `{"m":"\"}`, `{"m":"abc`, `{"m":"abcdefghijklmnopq`, `{"m`, `{"m"`, `{"m":`,
	`{"a":1,}`, `{"a":1 "b":2}`, `{"a" 1}`, `{,}`, `{"a":[1,]}`, `{"a":[1 2]}`, `{"a":[,1]}`, `{"a":1}}`, `{"a":1}x`, `{"a":1} {}`, `[1]`, ``, ` `, `{`, `}`, `{"a":{"b":1}`, `{"a":]`, `{"a":[}`, `{"a":{]}`,
	strings.Repeat(`{"q":`, 64) + "1" + strings.Repeat("}", 64), strings.Repeat(`{"q":`, 65) + "1" + strings.Repeat("}", 65), strings.Repeat(`{"q":`, 70) + "1" + strings.Repeat("}", 70),
	`{"q":` + strings.Repeat(`[`, 64) + strings.Repeat(`]`, 64) + `}`, `{"q":` + strings.Repeat(`[`, 65) + strings.Repeat(`]`, 65) + `}`,
	`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"a":17}`,
}

// quickLines is quickCorpus, the benchmark's events, random lines and
// mutations of plain ones: the fast path's differential corpus.
func quickLines() [][]byte {
	var lines [][]byte
	for _, l := range quickCorpus {
		lines = append(lines, []byte(l))
	}
	lines = append(lines, Marshal(sample()))
	plain := benchLines()[:50]
	lines = append(lines, plain...)
	// Many keys in one object, distinct or not.
	for _, n := range []int{60, 127, 128, 129, 300} {
		for _, dup := range []bool{false, true} {
			var b strings.Builder
			b.WriteString("{")
			for i := range n {
				if i > 0 {
					b.WriteString(",")
				}
				k := i
				if dup && i == n-1 {
					k = n / 2
				}
				b.WriteString(`"k` + strings.Repeat("x", k%7) + string(rune('a'+k%26)) + string(rune('a'+k/26%26)) + `":1`)
			}
			b.WriteString("}")
			lines = append(lines, []byte(b.String()))
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for range 3000 {
		lines = append(lines, randomLine(r))
	}
	const bytes = "\"\\{}[],: \x01\x80\xc3\xa9e.-+0129NIntfu_p%x"
	for range 20000 {
		l := append([]byte(nil), plain[r.IntN(len(plain))]...)
		for n := 1 + r.IntN(3); n > 0; n-- {
			k := r.IntN(len(l))
			switch r.IntN(4) {
			case 0:
				l[k] = bytes[r.IntN(len(bytes))]
			case 1:
				l = append(l[:k], l[k+1:]...)
			case 2:
				l = append(l[:k], append([]byte{bytes[r.IntN(len(bytes))]}, l[k:]...)...)
			default:
				// Repeat a member: the same key twice in one object.
				if s := strings.Index(string(l[k:]), `,"`); s >= 0 {
					s += k
					e := strings.IndexAny(string(l[s+1:]), ",}")
					if e >= 0 {
						m := append([]byte(nil), l[s:s+1+e]...)
						l = append(l[:s], append(m, l[s:]...)...)
					}
				}
			}
		}
		lines = append(lines, l)
	}
	return lines
}

// TestQuickAcceptAgrees holds the fast path to the full check: what it
// accepts, the full check accepts, and it does accept the plain lines
// event writers produce (or it would be no faster).
func TestQuickAcceptAgrees(t *testing.T) {
	quick, full := 0, 0
	for _, l := range quickLines() {
		ferr := checkLineFull(l)
		if quickAccept(l) {
			quick++
			if ferr != nil {
				t.Errorf("the fast path accepts %q, the full check says %v", l, ferr)
			}
		}
		if ferr == nil {
			full++
		}
		if err := CheckLine(l); (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
			t.Errorf("%q: CheckLine says %v, the full check %v", l, err, ferr)
		}
	}
	if quick < full/2 {
		t.Errorf("the fast path accepts %d of the %d acceptable lines", quick, full)
	}
	for _, l := range append(benchLines(), Marshal(sample())) {
		if !quickAccept(l) {
			t.Errorf("the fast path leaves a plain line to the full check: %s", l)
		}
	}
	for _, l := range []string{`{"source":{"ip":"10.0.0.1"},"related":{"ip":["::1",null,"10.0.0.2"]},"n":-1.5,"t":true,"f":false,"z":null,"m":"é","a":[[],{}]}`, strings.Repeat(`{"q":`, 15) + "1" + strings.Repeat("}", 15)} {
		if !quickAccept([]byte(l)) {
			t.Errorf("the fast path leaves a plain line to the full check: %s", l)
		}
	}
}

// FuzzQuickAccept: the fast path never accepts a line the full check
// refuses, and CheckLine's verdict is the full check's.
func FuzzQuickAccept(f *testing.F) {
	for _, c := range quickCorpus {
		f.Add([]byte(c))
	}
	for _, l := range benchLines()[:10] {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		ferr := checkLineFull(line)
		if quickAccept(line) && ferr != nil {
			t.Fatalf("the fast path accepts %q, the full check says %v", line, ferr)
		}
		if err := CheckLine(line); (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
			t.Fatalf("%q: CheckLine says %v, the full check %v", line, err, ferr)
		}
	})
}
