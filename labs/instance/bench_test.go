//go:build unix

package instance

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/soclab/soclab/labs"
)

// BenchmarkComputeKey measures one key per bundled lab: what grading a
// cohort costs per trainee.
func BenchmarkComputeKey(b *testing.B) {
	all, err := labs.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range all {
		b.Run(l.ID, func(b *testing.B) {
			cpu := cpuTime()
			for i := 0; b.Loop(); i++ {
				if _, err := ComputeKey(context.Background(), l, int64(i+1)); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkStart measures lab start of the beginner lab.
func BenchmarkStart(b *testing.B) {
	lab, err := labs.BundledLab("ssh-bruteforce-101")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		if _, err := Start(context.Background(), lab, SelfStudy(int64(i+1)), StartOptions{Dir: filepath.Join(dir, "ws"), Force: true}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// cpuTime is the process's user+system CPU time: on a shared machine it
// says more about cost than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64((cpuTime()-since).Milliseconds())/float64(b.N), "cpu-ms/op")
}
