package grader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs/instance"
)

// ParseSubmission parses a triage file and a report against key: alert ids
// must be the key's, and report times without a date take the key's window.
// Names are used in errors. Both files are checked; their errors are joined.
func ParseSubmission(key *instance.Key, triageName string, triageData []byte, reportName string, reportData []byte) (*Submission, error) {
	ids := make([]string, len(key.Alerts))
	for i, a := range key.Alerts {
		ids[i] = a.ID
	}
	t, terr := triage.Parse(triageData, triage.Options{File: triageName, KnownIDs: ids})
	r, rerr := report.Parse(reportData, report.Options{File: reportName, From: key.Truth.From, To: key.Truth.To})
	if err := errors.Join(terr, rerr); err != nil {
		return nil, err
	}
	return &Submission{Triage: t, Report: r}, nil
}

// LoadSubmission reads and parses a triage file and a report. A file that
// does not exist gives an error matching os.ErrNotExist.
func LoadSubmission(key *instance.Key, triagePath, reportPath string) (*Submission, error) {
	td, terr := readLimited(triagePath, triage.MaxSize)
	rd, rerr := readLimited(reportPath, report.MaxSize)
	if err := errors.Join(terr, rerr); err != nil {
		return nil, err
	}
	return ParseSubmission(key, triagePath, td, reportPath, rd)
}

// readLimited reads at most limit+1 bytes, so that the parsers can reject a
// huge file without it being read whole.
func readLimited(path string, limit int64) ([]byte, error) {
	b, err := iofile.ReadLimited(path, limit)
	var pe *fs.PathError
	switch {
	case err == nil:
		return b, nil
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", path, os.ErrNotExist)
	case errors.As(err, &pe) && pe.Op == "open":
		return nil, err
	}
	return nil, fmt.Errorf("%s: %w", path, err)
}
