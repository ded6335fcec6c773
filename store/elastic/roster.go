package elastic

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Trainee is one line of a class roster.
type Trainee struct {
	ID    string // required: the trainee's id (also their namespace and username, see Namespace)
	Name  string // optional full name
	Email string // optional
}

// MaxRosterBytes bounds a roster file.
const MaxRosterBytes = 4 << 20

// ReadRoster reads a roster CSV with a header line naming its columns: "id"
// (or "trainee", "trainee_id", "username"), and optionally "name" (or
// "full_name") and "email"; other columns are ignored. Blank lines and lines
// starting with '#' are skipped. Errors name the file, line and column.
func ReadRoster(r io.Reader, name string) ([]Trainee, error) {
	cr := csv.NewReader(io.LimitReader(r, MaxRosterBytes))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty roster: want a header line such as \"id,name,email\"", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{"id": -1, "name": -1, "email": -1}
	aliases := map[string]string{"id": "id", "trainee": "id", "trainee_id": "id", "username": "id",
		"name": "name", "full_name": "name", "email": "email"}
	for i, h := range header {
		if key, ok := aliases[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))]; ok && col[key] < 0 {
			col[key] = i
		}
	}
	if col["id"] < 0 {
		line, _ := cr.FieldPos(0)
		return nil, fmt.Errorf("%s:%d: roster header %q has no id column (want id, trainee, trainee_id or username)", name, line, strings.Join(header, ","))
	}
	var out []Trainee
	seen := map[string]int{} // namespace -> line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		t := Trainee{ID: field(rec, col["id"]), Name: field(rec, col["name"]), Email: field(rec, col["email"])}
		if t.ID == "" {
			_, c := cr.FieldPos(min(col["id"], len(rec)-1))
			return nil, fmt.Errorf("%s:%d:%d: id: empty trainee id", name, line, c)
		}
		ns, err := Namespace(t.ID)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: id: %w", name, line, err)
		}
		if prev, dup := seen[ns]; dup {
			return nil, fmt.Errorf("%s:%d: id: trainee %q has the same namespace %q as the trainee on line %d; give them ids that differ in letters or digits", name, line, t.ID, ns, prev)
		}
		seen[ns] = line
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: the roster lists no trainee", name)
	}
	return out, nil
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}
