package query

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Result is the answer to one ES|QL query, in the shape of Elasticsearch's
// _query response: named, typed columns and rows of values. It is the type
// every backend (the embedded store, an Elasticsearch cluster) returns, so
// callers print and compare results without knowing where they came from.
//
// Values[i][j] is the value of Columns[j] in row i; it holds one of nil (null),
// bool, int64 (long, integer, unsigned_long), float64 (double), string
// (keyword, text, ip, version) or time.Time (date, UTC), or a []any of those
// for a multi-valued cell.
type Result struct {
	Columns []Column
	Values  [][]any
	// Warnings are what Elasticsearch sends as Warning headers: each
	// expression that evaluated to null because of a multi-valued field, a
	// division by zero or an overflow. They are not part of any format.
	Warnings []string
}

// Column is one output column: its name and its Elasticsearch ES|QL type
// (keyword, text, long, integer, double, boolean, date, ip, null, ...).
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Keep returns the result with only the named columns it has, in the
// given order (names it lacks are skipped).
func (r *Result) Keep(names ...string) *Result {
	idx := map[string]int{}
	for i, c := range r.Columns {
		idx[c.Name] = i
	}
	var pick []int
	out := &Result{Warnings: r.Warnings}
	for _, n := range names {
		if i, ok := idx[n]; ok {
			pick = append(pick, i)
			out.Columns = append(out.Columns, r.Columns[i])
		}
	}
	out.Values = make([][]any, len(r.Values))
	for k, row := range r.Values {
		cells := make([]any, len(pick))
		for j, i := range pick {
			cells[j] = row[i]
		}
		out.Values[k] = cells
	}
	return out
}

// DropEmptyColumns returns the result without the columns that are null
// in every row.
func (r *Result) DropEmptyColumns() *Result {
	var names []string
	for j, c := range r.Columns {
		for _, row := range r.Values {
			if row[j] != nil {
				names = append(names, c.Name)
				break
			}
		}
	}
	return r.Keep(names...)
}

// Formats lists the names Write accepts.
var Formats = []string{"table", "json", "csv", "ndjson"}

// Write renders the result in format: "table" (aligned text, as Elasticsearch's
// txt format), "json" (Elasticsearch's _query response body), "csv" (a header
// line then one record per row) or "ndjson" (one JSON object per row, keys in
// column order). Output is deterministic.
func (r *Result) Write(w io.Writer, format string) error {
	switch format {
	case "table", "":
		return r.writeTable(w)
	case "json":
		return r.writeJSON(w)
	case "csv":
		return r.writeCSV(w)
	case "ndjson":
		return r.writeNDJSON(w)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

func (r *Result) writeJSON(w io.Writer) error {
	b := []byte(`{"columns":[`)
	for i, c := range r.Columns {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendJSONString(b, c.Name)
		b = append(b, `,"type":`...)
		b = appendJSONString(b, c.Type)
		b = append(b, '}')
	}
	b = append(b, `],"values":[`...)
	for i, row := range r.Values {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONValue(b, v)
		}
		b = append(b, ']')
	}
	b = append(b, "]}\n"...)
	_, err := w.Write(b)
	return err
}

func (r *Result) writeNDJSON(w io.Writer) error {
	var b []byte
	for _, row := range r.Values {
		b = append(b[:0], '{')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, r.Columns[j].Name)
			b = append(b, ':')
			b = appendJSONValue(b, v)
		}
		b = append(b, "}\n"...)
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func (r *Result) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(r.Columns))
	for j, c := range r.Columns {
		rec[j] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range r.Values {
		for j, v := range row {
			rec[j] = FormatValue(v)
			if v == nil {
				rec[j] = ""
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (r *Result) writeTable(w io.Writer) error {
	cells := make([][]string, len(r.Values)+1)
	widths := make([]int, len(r.Columns))
	cells[0] = make([]string, len(r.Columns))
	for j, c := range r.Columns {
		cells[0][j] = c.Name
		widths[j] = utf8.RuneCountInString(c.Name)
	}
	for i, row := range r.Values {
		cells[i+1] = make([]string, len(r.Columns))
		for j, v := range row {
			s := strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(FormatValue(v))
			cells[i+1][j] = s
			widths[j] = max(widths[j], utf8.RuneCountInString(s))
		}
	}
	var buf bytes.Buffer
	for i, row := range cells {
		writeTableRow(&buf, row, widths)
		if i == 0 {
			for j, wd := range widths {
				if j > 0 {
					buf.WriteString("-+-")
				}
				buf.WriteString(strings.Repeat("-", wd))
			}
			buf.WriteByte('\n')
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func writeTableRow(buf *bytes.Buffer, row []string, widths []int) {
	line := make([]byte, 0, 128)
	for j, s := range row {
		if j > 0 {
			line = append(line, " | "...)
		}
		line = append(line, s...)
		if j < len(row)-1 {
			line = append(line, strings.Repeat(" ", widths[j]-utf8.RuneCountInString(s))...)
		}
	}
	buf.Write(bytes.TrimRight(line, " "))
	buf.WriteByte('\n')
}

// FormatValue renders one cell as text: null as "null", dates in
// Elasticsearch's format (2006-01-02T15:04:05.000Z), doubles always with a
// fraction ("3.0"), multi-values as "[a, b]".
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return formatDouble(x)
	case time.Time:
		return x.UTC().Format(dateLayout)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = FormatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// dateLayout is how Elasticsearch prints ES|QL dates.
const dateLayout = "2006-01-02T15:04:05.000Z"

func formatDouble(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "null"
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if math.Abs(f) >= 1e21 || (f != 0 && math.Abs(f) < 1e-6) {
		s = strconv.FormatFloat(f, 'E', -1, 64)
	}
	if !strings.ContainsAny(s, ".EN") {
		s += ".0"
	}
	return s
}

func appendJSONValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, x)
	case time.Time:
		return appendJSONString(b, x.UTC().Format(dateLayout))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		return append(b, formatDouble(x)...)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONValue(b, e)
		}
		return append(b, ']')
	}
	return append(b, FormatValue(v)...)
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}

// DecodeResponse parses the body of an Elasticsearch _query response
// ({"columns":[{"name","type"}],"values":[[...]]}) into a Result, turning each
// JSON value into the Go type its column type calls for (dates become
// time.Time, longs int64, doubles float64). Other members such as "took" are
// ignored.
func DecodeResponse(r io.Reader) (*Result, error) {
	var body struct {
		Columns []Column            `json:"columns"`
		Values  [][]json.RawMessage `json:"values"`
	}
	if err := json.NewDecoder(r).Decode(&body); err != nil {
		return nil, fmt.Errorf("decode _query response: %w", err)
	}
	res := &Result{Columns: body.Columns, Values: make([][]any, len(body.Values))}
	for i, row := range body.Values {
		if len(row) != len(body.Columns) {
			return nil, fmt.Errorf("decode _query response: row %d has %d values for %d columns", i, len(row), len(body.Columns))
		}
		res.Values[i] = make([]any, len(row))
		for j, raw := range row {
			v, err := decodeCell(body.Columns[j].Type, raw)
			if err != nil {
				return nil, fmt.Errorf("decode _query response: row %d column %q: %w", i, body.Columns[j].Name, err)
			}
			res.Values[i][j] = v
		}
	}
	return res, nil
}

func decodeCell(typ string, raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return convertCell(typ, v)
}

func convertCell(typ string, v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := convertCell(typ, e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case json.Number:
		switch typ {
		case "double", "float", "half_float", "scaled_float":
			return x.Float64()
		}
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		return x.Float64()
	case string:
		if typ == "date" || typ == "date_nanos" {
			t, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return nil, fmt.Errorf("bad date %q", x)
			}
			return t.UTC(), nil
		}
		return x, nil
	}
	return v, nil
}
