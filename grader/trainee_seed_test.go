package grader

import (
	"bytes"
	"strings"
	"testing"
)

// A trainee's grade never shows the instance's seed: with it, anyone could
// rebuild the trainee's answer key without the instructor's secret.
func TestTraineeGradeHidesSeed(t *testing.T) {
	g := &Grade{Lab: "demo-101", Seed: 987654321, PassMark: 70}
	g.ForTrainee("jdoe")
	var text, js bytes.Buffer
	if err := g.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "json": js.String()} {
		if strings.Contains(out, "987654321") || strings.Contains(out, "seed") {
			t.Errorf("%s sheet shows the seed:\n%s", name, out)
		}
		if !strings.Contains(out, "jdoe") {
			t.Errorf("%s sheet lost the trainee", name)
		}
	}
	self := &Grade{Lab: "demo-101", Seed: 7}
	text.Reset()
	self.WriteText(&text)
	if !strings.Contains(text.String(), "seed 7") {
		t.Errorf("self-study sheet should name its seed:\n%s", text.String())
	}
}
