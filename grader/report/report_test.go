package report

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	winFrom = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	winTo   = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
)

// TestGolden parses testdata/*.md and compares a dump of everything the
// grader reads with testdata/*.md.golden.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no reports in testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(src, Options{File: f, From: winFrom, To: winTo})
			if err != nil {
				t.Fatal(err)
			}
			got := dump(r)
			golden := f + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run with -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

func dump(r *Report) string {
	var b strings.Builder
	for _, id := range Required {
		s := r.Section(id)
		if s == nil {
			fmt.Fprintf(&b, "[%s] missing\n", id)
			continue
		}
		fmt.Fprintf(&b, "[%s] heading=%q line=%d empty=%v template=%d\n", id, s.Heading, s.Line, s.Empty(), s.Template)
		for _, l := range s.Lines {
			kind := "text"
			switch {
			case l.Cells != nil:
				kind = "row"
			case l.Header != nil:
				kind = "head"
			}
			fmt.Fprintf(&b, "  %d %s: %s\n", l.N, kind, l.Text)
		}
	}
	fmt.Fprintf(&b, "other: %d lines\n", len(r.Other.Lines))
	fmt.Fprintf(&b, "verdicts: %v\nseverities: %v\ncategory: %q\ntechniques: %v\n", r.Verdicts(), r.Severities(), r.Category(), r.Techniques())
	if e := r.Escalate(); e != nil {
		fmt.Fprintf(&b, "escalate: %v\n", *e)
	} else {
		fmt.Fprintf(&b, "escalate: unstated\n")
	}
	for _, e := range r.Timeline() {
		fmt.Fprintf(&b, "timeline %d: %s prec=%s dated=%v %q\n", e.Line, e.At.Format(time.RFC3339Nano), e.Precision, e.Dated, e.Text)
	}
	for _, in := range r.Indicators() {
		fmt.Fprintf(&b, "ioc %d: %s %s\n", in.Line, in.Type, in.Value)
	}
	return b.String()
}

func TestMatchHeading(t *testing.T) {
	for h, want := range map[string]SectionID{
		"1. Summary": Summary, "Executive summary": Summary, "II) Classification": Classification,
		"3 - Timeline": Timeline, "Time-line:": Timeline, "Affected Hosts": Assets, "Affected assets & users": Assets,
		"5. Indicators of Compromise (IOCs)": IOCs, "IOCs": IOCs, "Indicators": IOCs,
		"Analysis": Analysis, "**Impact**": Impact, "Next steps": Recommendations, "Recommended actions": Recommendations,
		"Escalation to L2": Escalation, "Appendix": "", "Section 9: Escalation decision": Escalation,
	} {
		if got := MatchHeading(h); got != want {
			t.Errorf("MatchHeading(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	for line, want := range map[string]bool{
		"_Write two sentences._": true, "- **Verdict:** _TODO_": true, "TBD": true, "Hosts:": true,
		"…": true, "<ip>": true, "_YYYY-MM-DD hh:mm_": true, "* _List the actions._": true,
		"Write-up follows": false, "Verdict: true positive": false, "List of hosts: bastion-01": false,
		"_the attacker used a service account_": true, "*Describe it.*": true, "*the attacker*": false,
		"svc_backup_": false,
	} {
		if got := IsPlaceholder(line); got != want {
			t.Errorf("IsPlaceholder(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-02T14:03:11.250Z login":  "2026-03-02T14:03:11.25Z 1ms",
		"2026-03-02 14:03 login":          "2026-03-02T14:03:00Z 1m0s",
		"14:03:11 UTC login":              "2026-03-02T14:03:11Z 1s",
		"2026-03-02 15:03:11 +01:00":      "2026-03-02T14:03:11Z 1s",
		"2026-03-02T09:03:11-05:00":       "2026-03-02T14:03:11Z 1s",
		"2 Mar 2026 14:03":                "2026-03-02T14:03:00Z 1m0s",
		"March 2, 2026 at 2:03 pm":        "2026-03-02T14:03:00Z 1m0s",
		"at 14:03 UTC+1 the user clicked": "2026-03-02T13:03:00Z 1m0s",
		"2026/03/02 14:03:11":             "2026-03-02T14:03:11Z 1s",
	} {
		e, ok := ParseTime(in, winFrom, winTo)
		got := e.At.Format(time.RFC3339Nano) + " " + e.Precision.String()
		if !ok || got != want {
			t.Errorf("ParseTime(%q) = %s %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"no time here", "version 1.2.3", "2001:db8::7", "25:61", "T1110.001"} {
		if e, ok := ParseTime(in, winFrom, winTo); ok {
			t.Errorf("ParseTime(%q) = %v, want none", in, e.At)
		}
	}
	// an undated time takes the day of the window it falls in
	e, _ := ParseTime("01:00", time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC))
	if want := time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC); !e.At.Equal(want) {
		t.Errorf("undated time across midnight = %v, want %v", e.At, want)
	}
}

func TestExtract(t *testing.T) {
	got := Extract("hxxps://bad[.]example/a?b=1 from 203.0.113[.]7 and 2001:DB8::7, user@corp.example, "+
		"d41d8cd98f00b204e9800998ecf8427e, T1110.001 c2[.]evil[.]example payload.exe e.g. 10.0.0.256 14:03:11", 1)
	var s []string
	for _, in := range got {
		s = append(s, in.Type+"="+in.Value)
	}
	want := "url=https://bad.example/a?b=1 email=user@corp.example hash=d41d8cd98f00b204e9800998ecf8427e ip=203.0.113.7 ip=2001:db8::7 technique=T1110.001 domain=c2.evil.example"
	if strings.Join(s, " ") != want {
		t.Errorf("Extract:\n got %s\nwant %s", strings.Join(s, " "), want)
	}
}

func TestContainsToken(t *testing.T) {
	text := NormalizeText("seen from 10.0.0.12 and bastion-01, then svc-backup2; host ws-7.")
	for v, want := range map[string]bool{"10.0.0.1": false, "10.0.0.12": true, "bastion-01": true, "svc-backup": false, "ws-7": true, "WS-7": true} {
		if got := ContainsToken(text, v); got != want {
			t.Errorf("ContainsToken(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestRejects(t *testing.T) {
	if _, err := Parse([]byte("# Summary\n\xff\xfe"), Options{}); err == nil || !strings.Contains(err.Error(), "report.md:2: report is not valid UTF-8") {
		t.Errorf("binary: %v", err)
	}
	if _, err := Parse([]byte(strings.Repeat("a", MaxSize+1)), Options{}); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("huge: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<!-- unterminated\n# Timeline\n| a |\n|---|\n| 14:03 |"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 64<<10 {
			t.Skip()
		}
		r, err := Parse(src, Options{From: winFrom, To: winTo})
		if err != nil {
			return
		}
		r.Verdicts()
		r.Severities()
		r.Category()
		r.Techniques()
		r.Escalate()
		r.Indicators()
		for _, e := range r.Timeline() {
			if e.At.Location() != time.UTC {
				t.Fatalf("timeline time %v not UTC", e.At)
			}
		}
	})
}
