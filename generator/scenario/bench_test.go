package scenario

import "testing"

// BenchmarkGenerate measures each scenario with its defaults.
func BenchmarkGenerate(b *testing.B) {
	for _, info := range Catalogue() {
		b.Run(info.ID, func(b *testing.B) {
			env := testEnv(1, 0, nil)
			events := 0
			for b.Loop() {
				res, err := Generate(info.ID, env)
				if err != nil {
					b.Fatal(err)
				}
				events = len(res.Events)
			}
			b.ReportMetric(float64(events), "events/op")
		})
	}
}
