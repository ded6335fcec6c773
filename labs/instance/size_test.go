package instance

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/soclab/soclab/labs"
)

// maxWorkspaceBytes is what a trainee's workspace may take on disk, its
// capture included (issue 14: a class of 25 must fit on a laptop, and a
// trainee must be able to open the pcap).
const maxWorkspaceBytes = 200_000_000

// TestBundledWorkspacesFitTheBudget starts every bundled lab at seed 1
// and checks the size of its workspace.
func TestBundledWorkspacesFitTheBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("writes every bundled lab's workspace")
	}
	all, err := labs.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, lab := range all {
		dir := filepath.Join(t.TempDir(), lab.ID)
		if _, err := Start(context.Background(), lab, SelfStudy(1), StartOptions{Dir: dir}); err != nil {
			t.Fatalf("%s: %v", lab.ID, err)
		}
		var total, pcap int64
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			total += fi.Size()
			if d.Name() == PCAPFile {
				pcap = fi.Size()
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-24s workspace %6.1f MB, pcap %6.1f MB", lab.ID, float64(total)/1e6, float64(pcap)/1e6)
		if total > maxWorkspaceBytes {
			t.Errorf("%s: the workspace takes %.1f MB, more than %d MB", lab.ID, float64(total)/1e6, maxWorkspaceBytes/1_000_000)
		}
	}
}
