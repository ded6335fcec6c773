package columnar

import (
	"math/bits"
	"strconv"
	"time"
)

// Column is one field's values in one row group. It has one of two
// layouts:
//
//   - single-valued (Offsets == nil): value i belongs to row i; Nulls marks
//     rows without a value (nil: none);
//   - multi-valued (Offsets != nil, len Len+1): row i has the values
//     Offsets[i] to Offsets[i+1]; a row without values is null.
//
// Strings (keyword, text, ip) are dictionary-encoded: Codes index Dict.
// Longs, integers, booleans and dates (Unix ms) are in Ints, doubles in
// Floats. A Column is immutable once built and safe for concurrent readers.
type Column struct {
	Type    Type
	Len     int
	Nulls   []uint64
	Offsets []uint32
	Dict    []string
	Codes   []uint32
	Ints    []int64
	Floats  []float64
}

// RowGroup is a slice of a table's rows, column by column. A field absent
// from Columns is null in every row of the group.
type RowGroup struct {
	Len     int
	Columns map[string]*Column
	// dropped is what the events a load filter left out (Builder.Observe)
	// add to the table's indices: their rows and fields still count.
	dropped indexStats
}

// IsNull reports whether row i has no value.
func (c *Column) IsNull(i int) bool {
	if c.Offsets != nil {
		return c.Offsets[i] == c.Offsets[i+1]
	}
	return c.Nulls != nil && c.Nulls[i>>6]&(1<<(uint(i)&63)) != 0
}

// Range returns the first and end value index of row i.
func (c *Column) Range(i int) (int, int) {
	if c.Offsets != nil {
		return int(c.Offsets[i]), int(c.Offsets[i+1])
	}
	if c.IsNull(i) {
		return i, i
	}
	return i, i + 1
}

// NumValues returns the number of stored values.
func (c *Column) NumValues() int {
	switch {
	case c.Type.IsString():
		return len(c.Codes)
	case c.Type == Double:
		return len(c.Floats)
	case c.Type == Null:
		return 0
	}
	return len(c.Ints)
}

// Str returns string value j (an index into the values, not a row).
func (c *Column) Str(j int) string { return c.Dict[c.Codes[j]] }

// Text renders value j as text: how a value reads when a field of another
// type is read as keyword.
func (c *Column) Text(j int) string {
	switch c.Type {
	case Keyword, Text, IP, GeoPoint:
		return c.Str(j)
	case Long, Integer:
		return strconv.FormatInt(c.Ints[j], 10)
	case Double:
		return strconv.FormatFloat(c.Floats[j], 'f', -1, 64)
	case Boolean:
		return strconv.FormatBool(c.Ints[j] != 0)
	case Date:
		return time.UnixMilli(c.Ints[j]).UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return ""
}

// NullCount returns the number of null rows.
func (c *Column) NullCount() int {
	if c.Offsets != nil {
		n := 0
		for i := 0; i < c.Len; i++ {
			if c.Offsets[i] == c.Offsets[i+1] {
				n++
			}
		}
		return n
	}
	n := 0
	for _, w := range c.Nulls {
		n += bits.OnesCount64(w)
	}
	return n
}

// Convert returns the column read as type t (see Unify): numbers widen to
// double, anything becomes keyword through its text. It returns c when the
// type already matches.
func (c *Column) Convert(t Type) *Column {
	if c.Type == t || c.Type == Null {
		return c
	}
	out := &Column{Type: t, Len: c.Len, Nulls: c.Nulls, Offsets: c.Offsets}
	n := c.NumValues()
	switch {
	case t == Long || t == Integer:
		out.Ints = c.Ints
	case t == Double:
		out.Floats = make([]float64, n)
		for j := range n {
			out.Floats[j] = float64(c.Ints[j])
		}
	default:
		d := newDict()
		out.Codes = make([]uint32, n)
		for j := range n {
			out.Codes[j] = d.code(c.Text(j))
		}
		out.Dict = d.strs
	}
	return out
}

// dict assigns codes to distinct strings in order of first appearance.
type dict struct {
	ids  map[string]uint32
	strs []string
	// last is the most recent code: runs of one value (sorted or
	// low-cardinality input) skip the map.
	last    uint32
	hasLast bool
}

func newDict() *dict { return &dict{ids: map[string]uint32{}} }

func (d *dict) code(s string) uint32 {
	if d.hasLast && d.strs[d.last] == s {
		return d.last
	}
	if id, ok := d.ids[s]; ok {
		d.last, d.hasLast = id, true
		return id
	}
	id := uint32(len(d.strs))
	d.last, d.hasLast = id, true
	d.ids[s] = id
	d.strs = append(d.strs, s)
	return id
}
