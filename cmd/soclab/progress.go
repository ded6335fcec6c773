package main

import (
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a bar on a terminal's standard error, and nothing when
// stderr is not a terminal or --quiet is given. A nil *progress is valid.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a bar for total units (-1 when unknown), or nil when
// quiet.
func newProgress(quiet bool, total int64, desc string) *progress {
	if quiet || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return &progress{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)}
}

// Set moves the bar to n.
func (p *progress) Set(n int64) {
	if p != nil {
		p.bar.Set64(n)
	}
}

// Done clears the bar.
func (p *progress) Done() {
	if p != nil {
		p.bar.Finish()
	}
}
