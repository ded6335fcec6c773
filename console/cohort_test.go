package console

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/soclab/soclab/grader/cohort"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

func TestCohortView(t *testing.T) {
	lab, err := labs.Find("ssh-bruteforce-101")
	if err != nil {
		t.Fatal(err)
	}
	subs, out := t.TempDir(), t.TempDir()
	secret := []byte("0123456789abcdef0123456789abcdef")
	// alice hands in her own workspace's templates (graded, scoring
	// little); bob hands in a self-study workspace's (not gradable).
	who, err := instance.TraineeOf(secret, lab, "alice")
	if err != nil {
		t.Fatal(err)
	}
	aliceWS := filepath.Join(t.TempDir(), "alice")
	if _, err := instance.Start(context.Background(), lab, who, instance.StartOptions{Dir: aliceWS}); err != nil {
		t.Fatal(err)
	}
	for id, from := range map[string]string{"alice": aliceWS, "bob": testDir} {
		os.MkdirAll(filepath.Join(subs, id), 0o755)
		for _, name := range []string{TriageFile, ReportFile} {
			data, _ := os.ReadFile(filepath.Join(from, name))
			os.WriteFile(filepath.Join(subs, id, name), data, 0o644)
		}
	}
	res, err := cohort.Run(context.Background(), cohort.Options{Lab: lab.ID, Submissions: subs, KeyFor: func(ctx context.Context, trainee string) (*instance.Key, error) {
		return instance.ComputeKey(ctx, lab, instance.SeedFor(secret, lab.ID, trainee))
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Write(out, ""); err != nil {
		t.Fatal(err)
	}
	s, err := NewCohort(out)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	st, page := get("/")
	for _, want := range []string{"1 of 2 trainees graded", `<a href="/trainee/alice">`, "Weakest criteria", `src="/charts/histogram.svg"`} {
		if st != 200 || !strings.Contains(page, want) {
			t.Errorf("overview (status %d) lacks %q", st, want)
		}
	}
	if st, sheet := get("/trainee/alice"); st != 200 || !strings.Contains(sheet, "Score:") {
		t.Errorf("alice's sheet: %d %.100q", st, sheet)
	}
	if st, sheet := get("/trainee/bob"); st != 200 || !strings.Contains(sheet, "Trainee bob: the submission could not be graded") {
		t.Errorf("bob's sheet: %d %.100q", st, sheet)
	}
	if st, svg := get("/charts/criteria.svg"); st != 200 || !strings.Contains(svg, "<svg") {
		t.Errorf("criteria chart: %d", st)
	}
	for _, bad := range []string{"/trainee/mallory", "/trainee/..%2fresults", "/charts/results.json"} {
		if st, _ := get(bad); st != 404 {
			t.Errorf("%s: status %d, want 404", bad, st)
		}
	}
	if exe := chromiumPath(); exe != "" && os.Getenv("SOCLAB_CONSOLE_SCREENSHOTS") != "" {
		ctx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(1200, 800))...)
		defer cancel()
		ctx, cancel = chromedp.NewContext(ctx)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL), waitJS(`document.querySelectorAll('#trainees tbody tr').length == 2`), screenshot("cohort")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := NewCohort(t.TempDir()); err == nil || !strings.Contains(err.Error(), "grade-cohort") {
		t.Errorf("empty folder: %v", err)
	}
}
