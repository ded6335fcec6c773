package labs

import (
	"testing"
	"time"
)

// FuzzBriefing checks any briefing text the way lab validate does: it is
// refused or rendered, quickly, never a panic or an endless loop.
func FuzzBriefing(f *testing.F) {
	for _, s := range []string{
		"# {{.Lab.Title}}\n{{range .Datasets}}- {{.Name}}: {{.Events}}\n{{end}}",
		"{{range 2000000000}}x{{end}}",
		`{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}`,
		"{{range $i, $o := .Objectives}}{{$i}} {{$o}}{{else}}none{{end}}",
		"{{with .Org}}{{.Name}}{{end}} {{utc .From}} {{hours .From .To}}",
		"{{range .Objectives}}{{range $.Datasets}}{{.Name}}{{end}}{{end}}",
		"{{block \"x\" .}}{{end}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		l := &Lab{ID: "fuzz", Title: "Fuzz", File: "fuzz.yaml", BriefingText: text,
			Objectives: []string{"one", "two", "three"}}
		start := time.Now()
		checkBriefing(l)
		// Generous: a shared machine may stall a worker for seconds; an
		// unbounded template runs for minutes.
		if took := time.Since(start); took > 20*time.Second {
			t.Fatalf("checking %q took %v", text, took)
		}
	})
}
