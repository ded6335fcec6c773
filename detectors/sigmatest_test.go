package detectors

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
)

// A .sigmatest file is one conformance case, in sections that start with a
// line "-- name --":
//
//	-- rule --      Sigma YAML (several documents allowed); may repeat
//	-- bundled --   use the bundled pack instead of (or besides) -- rule --
//	-- config --    placeholder values, "name: v1, v2" per line
//	-- defaults --  one JSON object merged into every event (fields it lacks)
//	-- events --    NDJSON; a missing event.id becomes e1, e2, ... and a
//	                missing @timestamp 2026-03-02T00:00:00Z plus the line's
//	                index in seconds
//	-- alerts --    the exact alerts (in any order), one per line:
//	                "<rule id> <event ids comma separated> [count=N] [field=value]..."
//	                or the single word "none"
//	-- alerts-include -- alerts that must be among those emitted
//	-- error --     substrings the load/compile error must contain
//	-- pipeline --  a processing pipeline (YAML) applied after the bundled
//	                ones; may repeat, applied in order
//	-- options --   engine options, one per line: allow-unknown-fields,
//	                no-bundled-pipelines, reorder-window: <duration>
//	-- warnings --  substrings that must be among the compile warnings
//	-- late --      "events=N hits=M": what arrived past the reorder window
//	-- levels --    "<rule id> <level>" per line: the level of its alerts
//
// The harness refuses a case that states no expectation.
type sigmaCase struct {
	name       string
	rules      []string
	bundled    bool
	config     map[string][]string
	defaults   string
	events     []string
	alerts     []string
	hasAlerts  bool
	include    []string
	hasInclude bool
	errs       []string
	hasErr     bool
	pipelines  []string
	opts       Options
	warnings   []string
	late       string
	levels     []string
}

func parseSigmaTest(name, text string) (*sigmaCase, error) {
	c := &sigmaCase{name: name}
	section := ""
	var buf []string
	flush := func() error {
		body := strings.Join(buf, "\n")
		lines := nonEmpty(buf)
		switch section {
		case "", "comment":
		case "rule":
			c.rules = append(c.rules, body)
		case "bundled":
			c.bundled = true
		case "config":
			c.config = map[string][]string{}
			for _, l := range lines {
				k, v, ok := strings.Cut(l, ":")
				if !ok {
					return fmt.Errorf("config line %q: want name: v1, v2", l)
				}
				for _, x := range strings.Split(v, ",") {
					c.config[strings.TrimSpace(k)] = append(c.config[strings.TrimSpace(k)], strings.TrimSpace(x))
				}
			}
		case "defaults":
			c.defaults = strings.TrimSpace(body)
		case "events":
			c.events = lines
		case "alerts":
			c.alerts, c.hasAlerts = lines, true
			if len(lines) == 0 {
				return fmt.Errorf("empty -- alerts -- section: write \"none\" to expect no alert")
			}
			if len(lines) == 1 && lines[0] == "none" {
				c.alerts = nil
			}
		case "alerts-include":
			c.include, c.hasInclude = lines, true
		case "error":
			c.errs, c.hasErr = lines, true
		case "pipeline":
			c.pipelines = append(c.pipelines, body)
		case "options":
			for _, l := range lines {
				if err := c.option(l); err != nil {
					return err
				}
			}
		case "warnings":
			c.warnings = lines
		case "levels":
			c.levels = lines
		case "late":
			c.late = strings.Join(lines, " ")
		default:
			return fmt.Errorf("unknown section %q", section)
		}
		buf = nil
		return nil
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimSpace(line), " --") {
			if err := flush(); err != nil {
				return nil, err
			}
			section = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "-- "), " --"))
			continue
		}
		if section == "" && (strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "") {
			continue
		}
		if section == "" {
			return nil, fmt.Errorf("text before the first section: %q", line)
		}
		buf = append(buf, line)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if !c.hasAlerts && !c.hasInclude && !c.hasErr && len(c.warnings) == 0 {
		return nil, fmt.Errorf("no expectation: add -- alerts --, -- alerts-include -- or -- error --")
	}
	if len(c.rules) == 0 && !c.bundled {
		return nil, fmt.Errorf("no -- rule -- or -- bundled -- section")
	}
	return c, nil
}

func (c *sigmaCase) option(l string) error {
	name, val, _ := strings.Cut(l, ":")
	switch strings.TrimSpace(name) {
	case "allow-unknown-fields":
		c.opts.AllowUnknownFields = true
	case "no-bundled-pipelines":
		c.opts.NoBundledPipelines = true
	case "reorder-window":
		d, err := time.ParseDuration(strings.TrimSpace(val))
		if err != nil {
			return fmt.Errorf("options: %v", err)
		}
		if d == 0 {
			d = -1
		}
		c.opts.ReorderWindow = d
	default:
		return fmt.Errorf("unknown option %q", l)
	}
	return nil
}

func nonEmpty(lines []string) []string {
	var out []string
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			out = append(out, t)
		}
	}
	return out
}

func (c *sigmaCase) load() ([]*sigma.Rule, error) {
	var all []*sigma.Rule
	if c.bundled {
		rs, err := Bundled()
		if err != nil {
			return nil, err
		}
		all = append(all, rs...)
	}
	for i, text := range c.rules {
		rs, err := sigma.Decode(fmt.Sprintf("%s#%d", c.name, i+1), []byte(text))
		if err != nil {
			return nil, err
		}
		all = append(all, rs...)
	}
	return all, nil
}

var testBase = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func (c *sigmaCase) buildEvents(t *testing.T) []*event.Event {
	var defaults *event.Event
	if c.defaults != "" {
		var err error
		if defaults, err = event.Unmarshal([]byte(c.defaults)); err != nil {
			t.Fatalf("defaults: %v", err)
		}
	}
	var out []*event.Event
	for i, line := range c.events {
		ev, err := event.Unmarshal([]byte(line))
		if err != nil {
			t.Fatalf("event %d: %v", i+1, err)
		}
		if defaults != nil {
			for _, f := range defaults.Fields {
				if _, ok := ev.Get(f.Key); !ok {
					ev.Add(f.Key, f.Val)
				}
			}
		}
		if _, ok := ev.Get(event.KeyID); !ok {
			ev.Add(event.KeyID, event.String("e"+strconv.Itoa(i+1)))
		}
		if _, ok := ev.Get(event.KeyTimestamp); !ok {
			ev.Add(event.KeyTimestamp, event.Time(testBase.Add(time.Duration(i)*time.Second)))
		}
		out = append(out, ev)
	}
	return out
}

// describeAlert renders an alert in the expectation syntax, with the
// group-by values and, when it differs from the listed ids, the count.
func describeAlert(a *Alert) string {
	s := a.RuleID + " " + strings.Join(a.EventIDs, ",")
	if a.EventCount != int64(len(a.EventIDs)) {
		s += " count=" + strconv.FormatInt(a.EventCount, 10)
	}
	for _, g := range a.GroupBy {
		s += " " + g.Field + "=" + g.Value
	}
	return s
}

func runSigmaCase(t *testing.T, c *sigmaCase) {
	rules, err := c.load()
	var eng *Engine
	var got []*Alert
	opts := c.opts
	opts.Config = c.config
	opts.OnAlert = func(a *Alert) { got = append(got, a) }
	for i, text := range c.pipelines {
		if err == nil {
			var p *pipeline.Pipeline
			p, err = pipeline.Decode(fmt.Sprintf("%s#pipeline%d", c.name, i+1), []byte(text))
			opts.Pipelines = append(opts.Pipelines, p)
		}
	}
	if err == nil {
		eng, err = Compile(rules, opts)
	}
	if c.hasErr {
		if err == nil {
			t.Fatalf("want an error containing %q, got none", c.errs)
		}
		for _, want := range c.errs {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\ndoes not contain %q", err, want)
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	for _, want := range c.warnings {
		if !strings.Contains(eng.Warnings().Error(), want) {
			t.Errorf("warnings %q\ndo not contain %q", eng.Warnings(), want)
		}
	}
	if len(c.warnings) == 0 && len(eng.Warnings()) > 0 {
		t.Errorf("unexpected warnings: %v", eng.Warnings())
	}
	for _, ev := range c.buildEvents(t) {
		if err := eng.Write(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	if c.late != "" {
		ev, hits := eng.Late()
		if got := fmt.Sprintf("events=%d hits=%d", ev, hits); got != c.late {
			t.Errorf("late: got %s, want %s", got, c.late)
		}
	}
	var lines []string
	levels := map[string]string{}
	for _, a := range got {
		lines = append(lines, describeAlert(a))
		levels[a.RuleID] = a.Level
	}
	for _, l := range c.levels {
		id, want, _ := strings.Cut(l, " ")
		if levels[id] != want {
			t.Errorf("rule %s alerts at level %q, want %q", id, levels[id], want)
		}
	}
	if c.hasAlerts {
		want := append([]string(nil), c.alerts...)
		sort.Strings(want)
		sort.Strings(lines)
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("alerts:\n got: %s\nwant: %s", show(lines), show(c.alerts))
		}
	}
	for _, want := range c.include {
		if !containsPrefix(lines, want) {
			t.Errorf("missing alert %q among:\n%s", want, show(lines))
		}
	}
}

// containsPrefix reports whether an alert line starts with want (so an
// include can leave out trailing group values).
func containsPrefix(lines []string, want string) bool {
	for _, l := range lines {
		if l == want || strings.HasPrefix(l, want+" ") {
			return true
		}
	}
	return false
}

func show(lines []string) string {
	if len(lines) == 0 {
		return "none"
	}
	return "\n    " + strings.Join(lines, "\n    ")
}

func sigmaTestFiles(t *testing.T, pattern string) []string {
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no files match %s", pattern)
	}
	return files
}

func TestConformance(t *testing.T) { runSigmaTests(t, "testdata/conformance/*.sigmatest") }

// runSigmaTests runs every .sigmatest file matching pattern as a subtest.
func runSigmaTests(t *testing.T, pattern string) {
	for _, f := range sigmaTestFiles(t, pattern) {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".sigmatest"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := parseSigmaTest(f, string(data))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			runSigmaCase(t, c)
		})
	}
}

func TestHarnessRefusesCaseWithoutExpectation(t *testing.T) {
	_, err := parseSigmaTest("x", "-- rule --\ntitle: x\n-- events --\n{}\n")
	if err == nil || !strings.Contains(err.Error(), "no expectation") {
		t.Fatalf("got %v", err)
	}
	_, err = parseSigmaTest("x", "-- rule --\ntitle: x\n-- alerts --\n")
	if err == nil || !strings.Contains(err.Error(), "none") {
		t.Fatalf("empty alerts section accepted: %v", err)
	}
}

// TestTaxonomy runs the taxonomy regression set: rules written in SigmaHQ's
// style with Sigma's taxonomy names, at least one per bundled pipeline and
// log source, each with events that must and must not match.
func TestTaxonomy(t *testing.T) { runSigmaTests(t, "testdata/taxonomy/*.sigmatest") }
