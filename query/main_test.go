package query

import (
	"os"
	"testing"
)

// TestMain removes the benchmark workspace a run made in the temporary
// folder (each run of the benchmarks builds a new one of about 1.8 GB).
func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp != "" {
		os.RemoveAll(benchTemp)
	}
	os.Exit(code)
}
