package instance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/soclab/soclab/labs"
)

// Trainee is one row of a roster.
type Trainee struct {
	ID    string // a safe folder name (see CheckTraineeID)
	Name  string
	Email string
}

// MaxRosterRows bounds a roster, so that a wrong file fails fast.
const MaxRosterRows = 10000

// ReadRoster reads a roster CSV: a header naming the columns id, name and
// email (in any order, case-insensitive; other columns are ignored), then
// one trainee per row. Blank lines and lines starting with '#' are skipped.
// Every bad row is reported with its line, all at once, as an ErrorList.
func ReadRoster(r io.Reader, name string) ([]Trainee, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	fail := func(line int, format string, args ...any) *labs.FieldError {
		return &labs.FieldError{File: name, Line: line, Column: 1, Msg: fmt.Sprintf(format, args...)}
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, labs.ErrorList{fail(0, "empty roster: want a header line id,name,email and one line per trainee")}
	}
	if err != nil {
		return nil, labs.ErrorList{csvError(name, err)}
	}
	cols, herr := rosterColumns(header)
	if herr != "" {
		line, _ := cr.FieldPos(0)
		return nil, labs.ErrorList{fail(line, "%s", herr)}
	}
	var out []Trainee
	var errs labs.ErrorList
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			if len(errs) > 20 {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(out) >= MaxRosterRows {
			errs = append(errs, fail(line, "more than %d trainees", MaxRosterRows))
			break
		}
		t := Trainee{ID: field(rec, cols[0]), Name: field(rec, cols[1]), Email: field(rec, cols[2])}
		switch err := CheckTraineeID(t.ID); {
		case t.ID == "":
			errs = append(errs, fail(line, "id: missing"))
		case err != nil:
			errs = append(errs, fail(line, "id: %v", err))
		case seen[FoldID(t.ID)] > 0:
			errs = append(errs, fail(line, "id %q is already used on line %d (ids are compared ignoring case, with '-', '@' and '_' alike: they become folder names and Elasticsearch namespaces)", t.ID, seen[FoldID(t.ID)]))
		default:
			seen[FoldID(t.ID)] = line
		}
		if t.Email != "" && !strings.Contains(t.Email, "@") {
			errs = append(errs, fail(line, "email %q has no @", t.Email))
		}
		out = append(out, t)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, labs.ErrorList{fail(0, "the roster lists no trainee")}
	}
	return out, nil
}

// rosterColumns finds id, name and email in the header. Only id is
// required; common spellings of each column are accepted.
func rosterColumns(header []string) ([3]int, string) {
	aliases := map[string]int{"id": 0, "trainee": 0, "trainee_id": 0, "username": 0, "name": 1, "full_name": 1, "email": 2}
	cols := [3]int{-1, -1, -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := aliases[h]; ok && cols[j] < 0 {
			cols[j] = i
		}
	}
	if cols[0] < 0 {
		return cols, fmt.Sprintf("header has no %q column: want a first line id,name,email (got %q)", "id", strings.Join(header, ","))
	}
	return cols, ""
}

func field(rec []string, i int) string {
	if i >= 0 && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// csvError turns encoding/csv's error into a positioned one.
func csvError(name string, err error) *labs.FieldError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &labs.FieldError{File: name, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	return &labs.FieldError{File: name, Msg: err.Error()}
}

// FoldID is the form under which two trainee ids would name the same
// folder on a case-insensitive disk or the same Elasticsearch namespace
// (which keeps only lower-case letters, digits, '_' and '.'): lower case,
// with '-' and '@' read as '_'. A roster refuses two ids with one FoldID.
func FoldID(id string) string {
	return idFolder.Replace(strings.ToLower(id))
}

var idFolder = strings.NewReplacer("-", "_", "@", "_")

// ReservedTraineeIDs are ids no trainee may have (compared by FoldID):
// "default" is the namespace of data loaded without one (the instructor's),
// and "labs" a folder grade-cohort never grades.
var ReservedTraineeIDs = []string{"default", "labs"}

// checkNotSelfStudy refuses, for lab labID, a trainee id that names the
// namespace of one of the lab's self-study instances ("<lab>-<seed>"): the
// trainee would read that instance's data in Elasticsearch.
func checkNotSelfStudy(labID, id string) error {
	rest, ok := strings.CutPrefix(FoldID(id), FoldID(labID)+"_")
	rest = strings.TrimPrefix(rest, "_") // a negative seed: "<lab>--5"
	if !ok || strings.Trim(rest, "0123456789") != "" || rest == "" {
		return nil
	}
	return fmt.Errorf("%w %q: reserved for lab %s (it names the Elasticsearch namespace of the lab's self-study seed %s)", ErrBadTraineeID, id, labID, rest)
}

// checkReserved refuses an id that is one of ReservedTraineeIDs.
func checkReserved(id string) error {
	for _, r := range ReservedTraineeIDs {
		if FoldID(id) == r {
			return fmt.Errorf("%w %q: reserved (%s cannot be trainee ids)", ErrBadTraineeID, id, strings.Join(ReservedTraineeIDs, ", "))
		}
	}
	return nil
}
