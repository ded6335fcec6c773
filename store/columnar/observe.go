package columnar

import (
	"net/netip"

	"github.com/soclab/soclab/event"
)

// Observe accounts for an event that a pre-filter dropped without adding
// it as a row: its values still type the columns (and keep a column that
// only they fill), exactly as Add would have, so the rows that are kept
// read the same as in a table built from every event. It returns false,
// doing nothing, for an event it cannot observe faithfully (one with an
// array of objects or a multi-valued field): the caller must Add it.
func (b *Builder) Observe(e *event.Event) bool {
	// The inputs of indexName, gathered in the same pass (with no
	// objects, e.Str is the first field of the key).
	var in [4]string
	var got uint8
	for i := range e.Fields {
		f := &e.Fields[i]
		v := f.Val
		if v.Kind() == event.KindObjects || v.Kind() == event.KindList && len(v.ListVal()) > 1 {
			return false
		}
		if k := indexInput(f.Key); k >= 0 && got>>k&1 == 0 {
			got |= 1 << k
			in[k] = v.Str()
		}
	}
	b.observed++
	if b.dropped == nil {
		b.dropped = indexStats{}
	}
	name, ok := "", false
	for i := range b.idx {
		if b.idx[i].in == in {
			name, ok = b.idx[i].out, true
			break
		}
	}
	if !ok {
		name = b.indexName(e)
	}
	acc := b.dropped[name]
	if acc == nil {
		acc = &indexAcc{fields: map[string]bool{}}
		b.dropped[name] = acc
	}
	acc.rows++
	for i := range e.Fields {
		f := &e.Fields[i]
		v := f.Val
		var c *colBuilder
		if parent, _, ok := geoLeaf(f.Key); ok && v.Kind() != event.KindString {
			if _, num := floatOf(v); num {
				c, v = b.col(parent), event.String("POINT (0 0)") // types the point column as Add would
			}
		}
		if c == nil {
			c = b.colAt(i, f.Key)
		}
		if c.obsMark == b.observed {
			continue // a repeated key: the first value wins
		}
		c.obsMark = b.observed
		if v.Kind() == event.KindList {
			if len(v.ListVal()) == 0 {
				continue
			}
			v = v.ListVal()[0]
		}
		if c.observe(v) && c.obsAcc != acc {
			if !acc.fields[c.key] { // a lookup is cheaper than a store
				acc.fields[c.key] = true
			}
			c.obsAcc = acc // already marked: skip the map next time
		}
	}
	b.col(IndexField).seen = true
	return true
}

// indexInput returns the position of key in indexMemo.in (the order of
// indexName's inputs), or -1 for a key IndexName does not read.
func indexInput(key string) int {
	switch len(key) {
	case len("data_stream.namespace"):
		if key == "data_stream.namespace" {
			return 0
		}
	case len(event.KeyKind):
		if key == event.KeyKind {
			return 1
		}
	case len("data_stream.dataset"):
		if key == "data_stream.dataset" {
			return 2
		}
	case len(event.KeyDataset):
		if key == event.KeyDataset {
			return 3
		}
	}
	return -1
}

// observe types the column by v as append would, without storing v, and
// reports whether append would have stored it.
func (c *colBuilder) observe(v event.Value) bool {
	if v.Kind() == event.KindNull || v.Kind() == event.KindList || v.Kind() == event.KindObjects {
		return false
	}
	if c.typ == Null {
		c.typ = inferType(v)
	}
	if converts(c.typ, v) {
		c.seen = true
		return true
	}
	if c.fixed {
		return false
	}
	c.widen(Unify(c.typ, inferType(v)))
	if converts(c.typ, v) {
		c.seen = true
		return true
	}
	return false
}

// converts reports whether appendAs(t, v) would succeed.
func converts(t Type, v event.Value) bool {
	switch t {
	case Keyword, Text:
		return true
	case GeoPoint:
		if v.Kind() != event.KindString {
			return false
		}
		_, _, ok := ParsePoint(v.Str())
		return ok
	case IP:
		if v.Kind() != event.KindString {
			return false
		}
		_, err := netip.ParseAddr(v.Str())
		return err == nil
	case Long, Integer:
		_, ok := intOf(v)
		return ok
	case Double:
		_, ok := floatOf(v)
		return ok
	case Boolean:
		_, ok := boolOf(v)
		return ok
	case Date:
		_, ok := dateOf(v)
		return ok
	}
	return false
}
