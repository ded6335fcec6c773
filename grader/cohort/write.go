package cohort

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/soclab/soclab/iofile"
)

// Files Write produces in the output folder.
const (
	JSONFile     = "results.json"
	CSVFile      = "results.csv"
	MarkdownFile = "report.md"
	HTMLFile     = "report.html"
	FeedbackDir  = "feedback"
)

// OutputFiles are the files Write makes in its folder for these trainees,
// relative to it (without the JUnit file, which goes where it is asked).
func OutputFiles(ids []string) []string {
	out := []string{JSONFile, CSVFile, HistogramFile, CriteriaFile, MarkdownFile, HTMLFile}
	for _, id := range ids {
		out = append(out, filepath.Join(FeedbackDir, id+".txt"))
	}
	return out
}

// WriteJSON writes the whole result as indented JSON.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Write writes every report into dir (made if needed): results.json,
// results.csv, report.md with histogram.svg and criteria.svg, report.html,
// and feedback/<trainee>.txt, each atomically. With junit not empty it
// also writes the JUnit XML there.
func (r *Result) Write(dir, junit string) error {
	if err := os.MkdirAll(filepath.Join(dir, FeedbackDir), 0o755); err != nil {
		return err
	}
	hist, err := r.HistogramSVG()
	if err != nil {
		return err
	}
	crit, err := r.CriteriaSVG()
	if err != nil {
		return err
	}
	outs := []output{
		{filepath.Join(dir, JSONFile), r.WriteJSON},
		{filepath.Join(dir, CSVFile), r.WriteCSV},
		{filepath.Join(dir, HistogramFile), bytesWriter(hist)},
		{filepath.Join(dir, CriteriaFile), bytesWriter(crit)},
		{filepath.Join(dir, MarkdownFile), r.WriteMarkdown},
		{filepath.Join(dir, HTMLFile), r.WriteHTML},
	}
	for i := range r.Trainees {
		t := &r.Trainees[i]
		outs = append(outs, output{filepath.Join(dir, FeedbackDir, t.ID+".txt"), t.writeFeedback})
	}
	if junit != "" {
		outs = append(outs, output{junit, r.WriteJUnit})
	}
	for _, o := range outs {
		if err := writeFile(o.path, o.write); err != nil {
			return err
		}
	}
	return nil
}

// output is one file Write produces.
type output struct {
	path  string
	write func(io.Writer) error
}

func (t *Trainee) writeFeedback(w io.Writer) error {
	if t.Grade == nil {
		_, err := fmt.Fprintf(w, "Trainee %s: the submission could not be graded.\n\n%s\n", t.ID, t.Error)
		return err
	}
	return t.Grade.WriteText(w)
}

func bytesWriter(b []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(b); return err }
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := iofile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}
