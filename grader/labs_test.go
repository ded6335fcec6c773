package grader

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/labs"
)

// TestBundledLabs grades submissions built from the real answer keys of
// the bundled labs: a perfect one passes near full marks, the template
// scores near zero.
func TestBundledLabs(t *testing.T) {
	if testing.Short() {
		t.Skip("computes answer keys")
	}
	all, err := labs.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, lab := range all {
		t.Run(lab.ID, func(t *testing.T) {
			start := time.Now()
			key, err := labs.ComputeKey(context.Background(), lab, 1)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("key of %s: %d alerts, %d milestones, %d iocs, computed in %v", lab.ID, len(key.Alerts), len(key.Report.Milestones), len(key.Report.IOCs), time.Since(start))
			if g := grade(t, key, pair(gradertest.Perfect(key))); g.Score < 95 {
				t.Errorf("perfect submission scored %v", g.Score)
				var b bytes.Buffer
				g.WriteText(&b)
				t.Log(b.String())
			}
			if g := grade(t, key, pair(gradertest.Template(key))); g.Score > 5 {
				t.Errorf("template scored %v", g.Score)
			}
		})
	}
}
