package console

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/soclab/soclab/grader/triage"
)

// chromiumPath finds a headless-capable Chromium; the browser test skips
// only when there is none (.ci/run installs Debian's chromium).
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the browser test saves a PNG of each screen when
// SOCLAB_CONSOLE_SCREENSHOTS names a folder (docs/ for the documentation).
func screenshot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		dir := os.Getenv("SOCLAB_CONSOLE_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		buf, err := chromedp.CaptureScreenshot()(ctx, t)
		if err != nil {
			return err
		}
		img, err := png.Decode(bytes.NewReader(buf))
		if err != nil {
			return err
		}
		var small bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&small, quantize(img)); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "console-"+name+".png"), small.Bytes(), 0o644)
	})
}

// textInto stores an element's visible text.
func textInto(sel string, out *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) (err error) {
		*out, err = chromedp.Text(chromedp.CSS(sel))(ctx, t)
		return err
	})
}

// evalInto stores the value of a JavaScript expression.
func evalInto[T any](expr string, out *T) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) (err error) {
		*out, err = chromedp.Evaluate[T](expr)(ctx, t)
		return err
	})
}

// quantize maps a screenshot onto its 256 most frequent colours (the
// nearest one for the rest), which keeps text sharp and the PNG small.
func quantize(img image.Image) image.Image {
	b := img.Bounds()
	freq := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			freq[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	cols := make([]color.RGBA, 0, len(freq))
	for c := range freq {
		cols = append(cols, c)
	}
	sort.Slice(cols, func(i, j int) bool {
		if freq[cols[i]] != freq[cols[j]] {
			return freq[cols[i]] > freq[cols[j]]
		}
		ci, cj := cols[i], cols[j]
		return uint32(ci.R)<<16|uint32(ci.G)<<8|uint32(ci.B) < uint32(cj.R)<<16|uint32(cj.G)<<8|uint32(cj.B)
	})
	if len(cols) > 256 {
		cols = cols[:256]
	}
	pal := make(color.Palette, len(cols))
	for i, c := range cols {
		pal[i] = c
	}
	out := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

// waitJS polls a JavaScript condition until it holds.
func waitJS(cond string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(20*time.Second))
}

func TestBrowserWorkflow(t *testing.T) {
	exe := chromiumPath()
	if exe == "" {
		t.Skip("no chromium on PATH (apt-get install chromium)")
	}
	s, ts := newTestServer(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 800), chromedp.Flag("disable-gpu", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	// The alert to work on: the brute-force alert on the bastion.
	var target *Alert
	for i := range s.alerts {
		if strings.Contains(s.alerts[i].Rule, "SSH") {
			target = &s.alerts[i]
			break
		}
	}
	if target == nil {
		t.Fatal("no SSH alert in the test workspace")
	}
	wantRows := 0
	for _, a := range s.alerts {
		if strings.Contains(strings.ToLower(strings.Join([]string{a.Rule, a.Entity, a.Level, a.ID, a.Time}, " ")), "ssh") {
			wantRows++
		}
	}
	var count, evidence, results, feedback string
	var nEvidence, one int
	err := chromedp.Do(ctx,
		// Open the workspace: the queue lists every alert.
		chromedp.Navigate(ts.URL),
		waitJS(`document.querySelectorAll('#alert-table tbody tr').length > 0`),
		screenshot("alerts"),
		// The briefing is one tab away, and back.
		chromedp.Click(chromedp.CSS("#tab-briefing")),
		waitJS(`!document.querySelector('#briefing').hidden && document.querySelector('#briefing h1') !== null`),
		screenshot("briefing"),
		chromedp.Click(chromedp.CSS("#tab-alerts")),
		// Filter the queue.
		chromedp.SendKeys(chromedp.CSS("#alert-filter"), "SSH"),
		textInto("#alert-count", &count),
		// Open the alert's events.
		chromedp.Click(chromedp.CSS(`#alert-table tbody tr[data-id="`+target.ID+`"]`)),
		waitJS(`!document.querySelector('#alert-detail').hidden && document.querySelectorAll('#evidence tbody tr').length > 0`),
		evalInto(`document.querySelectorAll('#evidence tbody tr').length`, &nEvidence),
		textInto("#evidence", &evidence),
		screenshot("alert"),
		// Set a verdict: triage.yaml changes on disk.
		chromedp.Click(chromedp.CSS(`input[name="verdict"][value="true_positive"]`)),
		chromedp.SetValue(chromedp.CSS("#severity"), "high"),
		chromedp.SetValue(chromedp.CSS("#escalate"), "true"),
		chromedp.SendKeys(chromedp.CSS("#technique-search"), "T1110.001"),
		chromedp.Click(chromedp.CSS("#technique-add")),
		chromedp.SendKeys(chromedp.CSS("#note"), "many user names from one address, then a success"),
		chromedp.Click(chromedp.CSS("#triage-save")),
		waitJS(`document.querySelector('#triage-status').textContent.includes('saved to triage.yaml')`),
		// Pivot: same source ±15 min opens Discover.
		chromedp.Click(chromedp.CSS(`#pivots button.pivot`)),
		waitJS(`!document.querySelector('#discover').hidden && document.querySelector('#discover-summary').textContent.includes('hits')`),
		screenshot("discover"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join([]string{itoa(wantRows), "of", itoa(len(s.alerts)), "alerts"}, " "); count != want {
		t.Errorf("filtered queue shows %q, want %q", count, want)
	}
	if nEvidence != len(target.EventIDs) {
		t.Errorf("alert shows %d evidence events, want %d", nEvidence, len(target.EventIDs))
	}
	tr, err := triage.Parse(mustRead(t, TriageFile), triage.Options{KnownIDs: s.ids})
	if err != nil {
		t.Fatal(err)
	}
	if e := tr.ByID(target.ID); e.Verdict != "true_positive" || e.Severity != "high" || e.Escalate == nil || !*e.Escalate ||
		strings.Join(e.Techniques, ",") != "T1110.001" || !strings.Contains(e.Note, "many user names") {
		t.Errorf("triage.yaml entry after the form: %+v", e)
	}

	// Run an ES|QL query; open a document; the field list filters.
	var summary string
	var ndocs int
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#language"), "esql"),
		chromedp.SetValue(chromedp.CSS("#q"), `FROM logs-system.auth-* | WHERE event.outcome == "failure" | KEEP @timestamp, source.ip, user.name, event.outcome | SORT @timestamp | LIMIT 20`),
		chromedp.SetValue(chromedp.CSS("#range"), "window"),
		evalInto(`document.querySelector('#range').dispatchEvent(new Event('change')) ? 1 : 1`, &one),
		chromedp.Click(chromedp.CSS("#run")),
		waitJS(`document.querySelector('#discover-summary').textContent.includes('WHERE event.outcome')`),
		textInto("#discover-summary", &summary),
		textInto("#results", &results),
		evalInto(`document.querySelectorAll('#results tbody tr').length`, &ndocs),
		chromedp.Click(chromedp.CSS(`#results tbody tr`)),
		waitJS(`!document.querySelector('#doc').hidden`),
		chromedp.Click(chromedp.CSS("#doc-as-json")),
		waitJS(`document.querySelector('#doc-body pre') !== null`),
		screenshot("document"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if ndocs != 20 || !strings.HasPrefix(summary, "20 hits") || !strings.Contains(results, "failure") {
		t.Errorf("ES|QL query: %d rows, summary %q", ndocs, summary)
	}

	// Write a report section and watch the lint; submit and read the
	// feedback.
	var indicators string
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#tab-report")),
		waitJS(`document.querySelectorAll('#lint-sections li').length == 9`),
		evalInto(`(() => { const t = document.querySelector('#report-text');
			t.value = t.value.replace('| --- | --- | --- |\n', '| --- | --- | --- |\n| ip | 198.51.100.77 | attacker |\n');
			t.dispatchEvent(new Event('input')); return 1; })()`, &one),
		waitJS(`document.querySelector('#lint-indicators').textContent.includes('198.51.100.77')`),
		textInto("#lint-indicators", &indicators),
		screenshot("report"),
		chromedp.Click(chromedp.CSS("#submit")),
		waitJS(`document.querySelector('#feedback').textContent.includes('Score:')`),
		textInto("#feedback", &feedback),
		screenshot("feedback"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mustRead(t, ReportFile)), "| ip | 198.51.100.77 | attacker |") {
		t.Error("submit did not save report.md first")
	}
	if !strings.HasPrefix(feedback, "Lab ssh-bruteforce-101, seed 1") {
		t.Errorf("feedback %.200q", feedback)
	}
	_ = evidence
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
