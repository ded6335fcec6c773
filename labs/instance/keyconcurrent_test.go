package instance

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/soclab/soclab/labs"
)

// TestComputeKeyConcurrent checks that keys computed at the same time (as
// grade-cohort does, all sharing the parsed bundled rules) are the same
// bytes as keys computed one by one.
func TestComputeKeyConcurrent(t *testing.T) {
	lab, err := labs.BundledLab("ssh-bruteforce-101")
	if err != nil {
		t.Fatal(err)
	}
	seeds := []int64{3, 4, 5, 6}
	serial := make([][]byte, len(seeds))
	for i, s := range seeds {
		k, err := ComputeKey(context.Background(), lab, s)
		if err != nil {
			t.Fatal(err)
		}
		serial[i] = k.Marshal()
	}
	parallel := make([][]byte, len(seeds))
	var wg sync.WaitGroup
	for i, s := range seeds {
		wg.Go(func() {
			if k, err := ComputeKey(context.Background(), lab, s); err == nil {
				parallel[i] = k.Marshal()
			}
		})
	}
	wg.Wait()
	for i := range seeds {
		if !bytes.Equal(serial[i], parallel[i]) {
			t.Errorf("seed %d: the key computed concurrently differs from the serial one", seeds[i])
		}
	}
}
