package columnar

import (
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/internal/datastream"
)

// IndexField is the metadata column that holds each row's index (data
// stream) name, as ES|QL's METADATA _index does.
const IndexField = "_index"

// Builder turns events into one row group. Fields typed by ECS are coerced
// to their ECS type (a value that does not convert is dropped, as
// Elasticsearch would refuse it); other fields are typed by their JSON
// values, widening long to double and anything mixed to keyword. A Builder
// is not safe for concurrent use.
type Builder struct {
	n    int
	cols map[string]*colBuilder
	// byPos caches the column of the field at each position of the last
	// events: events of one source list their fields in the same order,
	// so most lookups skip the map.
	byPos []*colBuilder
	// idx remembers recent IndexName inputs and results.
	idx []indexMemo
	// observed counts the events Observe accounted for; dropped holds
	// their index rows and fields.
	observed int
	dropped  indexStats
	// geo holds the lat and lon leaves of the geo_point fields of the
	// event being added, joined into one value at its end.
	geo []geoParts
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{cols: map[string]*colBuilder{}}
}

// Len returns the number of rows added since the last Finish.
func (b *Builder) Len() int { return b.n }

// Add appends one event as a row. It does not keep e.
func (b *Builder) Add(e *event.Event) {
	for i := range e.Fields {
		f := &e.Fields[i]
		if f.Val.Kind() == event.KindObjects {
			b.addObjects(f.Key, f.Val.ObjectsVal())
			continue
		}
		if parent, lat, ok := geoLeaf(f.Key); ok && b.holdGeo(parent, lat, f.Val) {
			continue
		}
		b.colAt(i, f.Key).add(b.n, f.Val)
	}
	if len(b.geo) > 0 {
		b.addGeo()
	}
	b.col(IndexField).add(b.n, event.String(b.indexName(e)))
	b.n++
}

// colAt is col for the field at position i of the event being added.
func (b *Builder) colAt(i int, key string) *colBuilder {
	if i < len(b.byPos) {
		if c := b.byPos[i]; c != nil && c.key == key {
			return c
		}
	} else {
		b.byPos = append(b.byPos, make([]*colBuilder, i+1-len(b.byPos))...)
	}
	c := b.col(key)
	b.byPos[i] = c
	return c
}

// indexName is IndexName, reusing an earlier result when its inputs
// repeat (a file interleaves a few datasets; the values are interned by
// the scanner, so the comparisons are cheap).
func (b *Builder) indexName(e *event.Event) string {
	in := [4]string{e.Str("data_stream.namespace"), e.Str(event.KeyKind), e.Str("data_stream.dataset"), e.Dataset()}
	for i := range b.idx {
		if b.idx[i].in == in {
			return b.idx[i].out
		}
	}
	out := IndexName(e)
	if len(b.idx) < maxIndexCache {
		b.idx = append(b.idx, indexMemo{in, out})
	}
	return out
}

// maxIndexCache bounds the IndexName results a Builder remembers.
const maxIndexCache = 16

// indexMemo is one remembered IndexName: its inputs and result.
type indexMemo struct {
	in  [4]string
	out string
}

// addObjects flattens an array of objects into one multi-valued column per
// inner leaf, as Elasticsearch indexes a non-nested object array.
func (b *Builder) addObjects(key string, objs [][]event.Field) {
	leaves := map[string][]event.Value{}
	var order []string
	var walk func(prefix string, fs []event.Field)
	walk = func(prefix string, fs []event.Field) {
		for _, f := range fs {
			k := prefix + "." + f.Key
			if f.Val.Kind() == event.KindObjects {
				for _, o := range f.Val.ObjectsVal() {
					walk(k, o)
				}
				continue
			}
			if _, ok := leaves[k]; !ok {
				order = append(order, k)
			}
			if f.Val.Kind() == event.KindList {
				leaves[k] = append(leaves[k], f.Val.ListVal()...)
			} else {
				leaves[k] = append(leaves[k], f.Val)
			}
		}
	}
	for _, o := range objs {
		walk(key, o)
	}
	for _, k := range order {
		b.col(k).add(b.n, event.List(leaves[k]...))
	}
}

func (b *Builder) col(key string) *colBuilder {
	c := b.cols[key]
	if c == nil {
		c = &colBuilder{key: key, offs: []uint32{0}}
		if t, ok := ECSType(key); ok {
			c.typ, c.fixed = t, true
		}
		if key == IndexField {
			c.typ, c.fixed = Keyword, true
		}
		b.cols[key] = c
	}
	return c
}

// Finish returns the rows added so far as a RowGroup and resets the
// builder for the next group.
func (b *Builder) Finish() *RowGroup {
	rg := &RowGroup{Len: b.n, Columns: make(map[string]*Column, len(b.cols)), dropped: b.dropped}
	b.dropped = nil
	for k, c := range b.cols {
		if col := c.finish(b.n); col != nil {
			rg.Columns[k] = col
		}
	}
	b.n = 0
	b.cols = map[string]*colBuilder{}
	clear(b.byPos)
	return rg
}

// IndexName returns the index an event belongs to, named as
// Elasticsearch names it (datastream, one rule for both stores): for an
// alert (event.kind "alert") soclab-alerts-<namespace>, for any other
// event the data stream logs-<dataset>-<namespace>, the dataset taken from
// data_stream.dataset, then event.dataset (system.auth is in
// logs-system.auth-default, as Elastic Agent names it); the namespace is
// data_stream.namespace or "default".
func IndexName(e *event.Event) string {
	ns := e.Str("data_stream.namespace")
	if e.Str(event.KeyKind) == "alert" {
		return datastream.Alerts(ns)
	}
	ds := e.Str("data_stream.dataset")
	if ds == "" {
		ds = e.Dataset()
	}
	return datastream.Events(ds, ns)
}

// colBuilder accumulates one column of a row group.
type colBuilder struct {
	key     string
	seen    bool      // Observe met a value: keep the column even if empty
	obsMark int       // the Builder's observed count when Observe last met it
	obsAcc  *indexAcc // the dropped index Observe last marked this field in
	// ipCodes maps the IP texts met so far to their dict codes, saving
	// a parse and a format per repeated address.
	ipCodes map[string]uint32
	typ     Type
	fixed   bool // typed by ECS: coerce values, never widen
	multi   bool
	offs    []uint32 // offsets of the rows added so far (len rows+1)
	dict    *dict
	codes   []uint32
	ints    []int64
	floats  []float64
}

func (c *colBuilder) count() int {
	switch {
	case c.typ.IsString():
		return len(c.codes)
	case c.typ == Double:
		return len(c.floats)
	}
	return len(c.ints)
}

// add sets row's value; rows skipped since the last add are null.
func (c *colBuilder) add(row int, v event.Value) {
	for len(c.offs)-1 < row {
		c.offs = append(c.offs, c.offs[len(c.offs)-1])
	}
	if len(c.offs)-1 > row {
		return // a repeated key: the first value wins
	}
	n := 0
	if v.Kind() == event.KindList {
		for _, it := range v.ListVal() {
			if c.append(it) {
				n++
			}
		}
		if n > 1 {
			n = c.sortValues(c.count() - n)
		}
	} else if c.append(v) {
		n++
	}
	if n > 1 {
		c.multi = true
	}
	c.offs = append(c.offs, uint32(c.count()))
}

// sortValues orders the values of the current row from index lo as
// Elasticsearch's doc values return them: numbers, dates and booleans
// sorted, keywords and ips sorted and without duplicates (text keeps its
// order). It returns the row's value count.
func (c *colBuilder) sortValues(lo int) int {
	switch {
	case c.typ == Text:
	case c.typ.IsString():
		less := func(a, b uint32) int { return strings.Compare(c.dict.strs[a], c.dict.strs[b]) }
		if c.typ == IP {
			less = func(a, b uint32) int {
				x, _ := netip.ParseAddr(c.dict.strs[a])
				y, _ := netip.ParseAddr(c.dict.strs[b])
				return x.Compare(y)
			}
		}
		row := c.codes[lo:]
		slices.SortFunc(row, less)
		c.codes = c.codes[:lo+len(slices.Compact(row))]
	case c.typ == Double:
		slices.Sort(c.floats[lo:])
	default:
		slices.Sort(c.ints[lo:])
	}
	return c.count() - lo
}

// append adds one scalar value, widening the column's type if it must.
func (c *colBuilder) append(v event.Value) bool {
	if v.Kind() == event.KindNull || v.Kind() == event.KindList || v.Kind() == event.KindObjects {
		return false
	}
	if c.typ == Null {
		c.typ = inferType(v)
	}
	if c.appendAs(c.typ, v) {
		return true
	}
	if c.fixed {
		return false
	}
	c.widen(Unify(c.typ, inferType(v)))
	return c.appendAs(c.typ, v)
}

func inferType(v event.Value) Type {
	switch v.Kind() {
	case event.KindInt:
		return Long
	case event.KindFloat:
		return Double
	case event.KindBool:
		return Boolean
	case event.KindTime:
		return Date
	}
	return Keyword
}

// appendAs converts v to t and appends it; false when it does not convert.
func (c *colBuilder) appendAs(t Type, v event.Value) bool {
	switch t {
	case Keyword, Text:
		c.appendStr(textOf(v))
	case GeoPoint:
		if v.Kind() != event.KindString {
			return false
		}
		lat, lon, ok := ParsePoint(v.Str())
		if !ok {
			return false
		}
		c.appendStr(pointWKT(lat, lon))
	case IP:
		if v.Kind() != event.KindString {
			return false
		}
		if code, ok := c.ipCodes[v.Str()]; ok {
			c.codes = append(c.codes, code)
			return true
		}
		a, err := netip.ParseAddr(v.Str())
		if err != nil {
			return false
		}
		c.appendStr(a.Unmap().String())
		if c.ipCodes == nil {
			c.ipCodes = map[string]uint32{}
		}
		c.ipCodes[v.Str()] = c.codes[len(c.codes)-1]
	case Long, Integer:
		n, ok := intOf(v)
		if !ok {
			return false
		}
		c.ints = append(c.ints, n)
	case Double:
		f, ok := floatOf(v)
		if !ok {
			return false
		}
		c.floats = append(c.floats, f)
	case Boolean:
		b, ok := boolOf(v)
		if !ok {
			return false
		}
		c.ints = append(c.ints, b)
	case Date:
		ms, ok := dateOf(v)
		if !ok {
			return false
		}
		c.ints = append(c.ints, ms)
	default:
		return false
	}
	return true
}

func (c *colBuilder) appendStr(s string) {
	if c.dict == nil {
		c.dict = newDict()
	}
	c.codes = append(c.codes, c.dict.code(s))
}

// widen rewrites the values added so far as type t.
func (c *colBuilder) widen(t Type) {
	old := &Column{Type: c.typ, Ints: c.ints, Floats: c.floats, Codes: c.codes}
	if c.dict != nil {
		old.Dict = c.dict.strs
	}
	conv := old.Convert(t)
	c.typ, c.ints, c.floats, c.codes, c.dict = t, nil, conv.Floats, conv.Codes, nil
	c.ipCodes = nil // codes of the old dict
	if t.IsInt() {
		c.ints = conv.Ints
	}
	if t.IsString() {
		c.dict = newDict()
		for _, s := range conv.Dict {
			c.dict.code(s)
		}
	}
}

func textOf(v event.Value) string {
	if v.Kind() == event.KindFloat {
		return strconv.FormatFloat(v.FloatVal(), 'f', -1, 64)
	}
	return v.Text()
}

func intOf(v event.Value) (int64, bool) {
	switch v.Kind() {
	case event.KindInt:
		return v.IntVal(), true
	case event.KindFloat:
		f := v.FloatVal()
		if f != math.Trunc(f) || math.Abs(f) > 1<<62 {
			return 0, false
		}
		return int64(f), true
	case event.KindString:
		n, err := strconv.ParseInt(strings.TrimSpace(v.Str()), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func floatOf(v event.Value) (float64, bool) {
	switch v.Kind() {
	case event.KindInt, event.KindFloat:
		return v.FloatVal(), true
	case event.KindString:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.Str()), 64)
		return f, err == nil
	}
	return 0, false
}

func boolOf(v event.Value) (int64, bool) {
	switch v.Kind() {
	case event.KindBool:
		if v.BoolVal() {
			return 1, true
		}
		return 0, true
	case event.KindString:
		switch v.Str() {
		case "true":
			return 1, true
		case "false":
			return 0, true
		}
	}
	return 0, false
}

func dateOf(v event.Value) (int64, bool) {
	switch v.Kind() {
	case event.KindTime:
		return floorDiv(v.UnixNano(), 1e6), true
	case event.KindInt:
		return v.IntVal(), true // epoch milliseconds, as Elasticsearch reads numbers
	case event.KindString:
		t, err := event.ParseTime(v.Str())
		if err != nil {
			return 0, false
		}
		return t.UnixMilli(), true
	}
	return 0, false
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// finish builds the Column for rows rows, or nil when it holds no value.
func (c *colBuilder) finish(rows int) *Column {
	for len(c.offs)-1 < rows {
		c.offs = append(c.offs, c.offs[len(c.offs)-1])
	}
	if c.typ == Null || c.count() == 0 && !c.seen {
		return nil
	}
	col := &Column{Type: c.typ, Len: rows, Codes: c.codes, Ints: c.ints, Floats: c.floats}
	if c.dict != nil {
		col.Dict = c.dict.strs
	}
	if c.multi {
		col.Offsets = c.offs
		return col
	}
	if c.count() == rows {
		return col
	}
	return spread(col, c.offs)
}

// spread turns a dense list of single values with row offsets into the
// single-valued layout: one slot per row and a null bitmap.
func spread(col *Column, offs []uint32) *Column {
	rows := col.Len
	col.Nulls = make([]uint64, (rows+63)/64)
	codes, ints, floats := col.Codes, col.Ints, col.Floats
	switch {
	case col.Type.IsString():
		col.Codes = make([]uint32, rows)
	case col.Type == Double:
		col.Floats = make([]float64, rows)
	default:
		col.Ints = make([]int64, rows)
	}
	for i := 0; i < rows; i++ {
		if offs[i] == offs[i+1] {
			col.Nulls[i>>6] |= 1 << (uint(i) & 63)
			continue
		}
		j := offs[i]
		switch {
		case col.Type.IsString():
			col.Codes[i] = codes[j]
		case col.Type == Double:
			col.Floats[i] = floats[j]
		default:
			col.Ints[i] = ints[j]
		}
	}
	return col
}
