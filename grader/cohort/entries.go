package cohort

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/soclab/soclab/internal/printable"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs/instance"
)

// NotTraineeFolders are folder names of a submissions folder that are never
// a trainee: lab files kept next to the submissions. Names starting with
// '.' or '_' (.git, _drafts) are not trainees either.
var NotTraineeFolders = []string{"labs"}

// Entry is one entry of the submissions folder that is not graded, and
// why: every entry is either a trainee or an Entry, none goes unreported.
type Entry struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// String is the entry as one line for a terminal or a report.
func (e Entry) String() string {
	return fmt.Sprintf("%s: %s", printable.OneLine(e.Name), e.Reason)
}

// Reasons an entry is not graded.
const (
	ReasonOwnOutput  = "skipped: soclab's own output"
	ReasonNotTrainee = "skipped: not a trainee folder (names starting with '.' or '_', and labs)"
	ReasonFile       = "not a submission: a file, not a trainee folder"
	ReasonLinkOut    = "not a submission: a link to a folder outside the submissions folder"
	ReasonBrokenLink = "not a submission: a broken link"
)

// Scan sorts the entries of the submissions folder dir into trainee ids
// (folders, or links to folders inside dir, named by a valid trainee id)
// and the entries not graded, each with its reason. Entries that are one
// of skip (resolved, so any spelling of the path matches), and folders
// holding an earlier run's reports, are soclab's own outputs, such as the
// --out folder inside dir.
func Scan(dir string, skip ...string) (ids []string, others []Entry, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("submissions: %w", err)
	}
	root := realPath(dir)
	var own []os.FileInfo
	for _, s := range skip {
		if fi, err := os.Stat(s); err == nil && s != "" {
			own = append(own, fi)
		}
	}
	for _, e := range entries {
		if reason := classify(dir, root, e, own); reason != "" {
			others = append(others, Entry{Name: e.Name(), Reason: reason})
			continue
		}
		ids = append(ids, e.Name())
	}
	sort.Strings(ids)
	return ids, others, nil
}

// classify returns why entry e of dir is not graded, or "" for a trainee.
func classify(dir, root string, e os.DirEntry, own []os.FileInfo) string {
	name := e.Name()
	p := filepath.Join(dir, name)
	fi, err := os.Stat(p)
	if err != nil {
		return ReasonBrokenLink
	}
	for _, o := range own {
		if os.SameFile(fi, o) {
			return ReasonOwnOutput
		}
	}
	switch {
	case !fi.IsDir():
		return ReasonFile
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || isNotTraineeFolder(name):
		return ReasonNotTrainee
	case isCohortOutput(p):
		return ReasonOwnOutput
	case e.Type()&os.ModeSymlink != 0 && !iofile.Within(realPath(p), root):
		return ReasonLinkOut
	}
	if err := instance.CheckTraineeID(name); err != nil {
		return "not a submission: " + err.Error()
	}
	return ""
}

// isCohortOutput reports whether folder p holds an earlier run's reports
// (results.json and feedback/), which no trainee hands in.
func isCohortOutput(p string) bool {
	fb, err := os.Stat(filepath.Join(p, FeedbackDir))
	_, jerr := os.Stat(filepath.Join(p, JSONFile))
	return err == nil && fb.IsDir() && jerr == nil
}

func isNotTraineeFolder(name string) bool {
	for _, n := range NotTraineeFolders {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

func realPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
