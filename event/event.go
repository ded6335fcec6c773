package event

import (
	"sort"
	"strings"
	"time"
)

// Field is one dotted ECS path and its value, such as "source.ip".
type Field struct {
	Key string
	Val Value
}

// Event is one ECS document as a list of fields with dotted keys. A key is
// either a leaf or the prefix of other keys, never both. The order of fields
// does not matter to readers; the encoder writes them sorted so that the same
// event always gives the same bytes.
//
// An Event handed to a Sink is only valid for the duration of the call: a sink
// that keeps it must Clone it.
type Event struct {
	Fields []Field
}

// Well-known keys.
const (
	KeyTimestamp = "@timestamp"
	KeyID        = "event.id"
	KeyDataset   = "event.dataset"
	KeyKind      = "event.kind"
)

// Set sets key to v, replacing an existing value.
func (e *Event) Set(key string, v Value) {
	for i := range e.Fields {
		if e.Fields[i].Key == key {
			e.Fields[i].Val = v
			return
		}
	}
	e.Fields = append(e.Fields, Field{Key: key, Val: v})
}

// Add appends key without checking for an existing value; builders that know
// their keys are distinct use it for speed.
func (e *Event) Add(key string, v Value) {
	fs := e.Fields
	n := len(fs)
	if n == cap(fs) {
		fs = grow(fs)
	}
	fs = fs[:n+1]
	// Assigning member by member rather than a whole Field spares the CPU
	// wide loads of a value just written in narrow stores (a store
	// forwarding stall on every field of every event).
	f := &fs[n]
	f.Key = key
	f.Val.kind, f.Val.s, f.Val.n, f.Val.list, f.Val.objs = v.kind, v.s, v.n, v.list, v.objs
	e.Fields = fs
}

// grow returns fs with room for at least one more field.
func grow(fs []Field) []Field {
	return append(fs, Field{})[:len(fs)]
}

// Delete removes key if present.
func (e *Event) Delete(key string) {
	for i := range e.Fields {
		if e.Fields[i].Key == key {
			e.Fields = append(e.Fields[:i], e.Fields[i+1:]...)
			return
		}
	}
}

// Get returns the value at a dotted path and whether it exists. A path that
// reaches into an array of objects ("dns.answers.data") returns a list of the
// values found in its objects, as Elasticsearch flattens them.
func (e *Event) Get(key string) (Value, bool) {
	for i := range e.Fields {
		if e.Fields[i].Key == key {
			return e.Fields[i].Val, true
		}
	}
	for i := range e.Fields {
		f := &e.Fields[i]
		if f.Val.kind == KindObjects && len(key) > len(f.Key) && key[len(f.Key)] == '.' && strings.HasPrefix(key, f.Key) {
			return objectsGet(f.Val.ObjectsVal(), key[len(f.Key)+1:])
		}
	}
	return Value{}, false
}

func objectsGet(objs [][]Field, rel string) (Value, bool) {
	var out []Value
	for _, obj := range objs {
		sub := Event{Fields: obj}
		if v, ok := sub.Get(rel); ok {
			if v.kind == KindList {
				out = append(out, v.list...)
			} else {
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		return Value{}, false
	}
	return List(out...), true
}

// Str returns the string at key, or "" if it is absent or not a string.
func (e *Event) Str(key string) string {
	v, _ := e.Get(key)
	return v.s
}

// Time returns @timestamp, or the zero time when it is missing.
func (e *Event) Time() time.Time {
	v, ok := e.Get(KeyTimestamp)
	if !ok || v.kind != KindTime {
		return time.Time{}
	}
	return v.TimeVal()
}

// ID returns event.id.
func (e *Event) ID() string { return e.Str(KeyID) }

// Dataset returns event.dataset.
func (e *Event) Dataset() string { return e.Str(KeyDataset) }

// Reset empties the event, keeping its storage for reuse.
func (e *Event) Reset() { e.Fields = e.Fields[:0] }

// Clone returns a copy that does not share the field slice (values are
// immutable and are shared).
func (e *Event) Clone() *Event {
	c := &Event{Fields: make([]Field, len(e.Fields))}
	copy(c.Fields, e.Fields)
	return c
}

// Sort orders the fields by key, the order the encoder writes.
func (e *Event) Sort() {
	if !fieldsSorted(e.Fields) {
		sort.SliceStable(e.Fields, e.less)
	}
}

// fieldsSorted reports whether fs is in key order.
func fieldsSorted(fs []Field) bool {
	for i := 1; i < len(fs); i++ {
		if fs[i].Key < fs[i-1].Key {
			return false
		}
	}
	return true
}

func (e *Event) less(i, j int) bool { return e.Fields[i].Key < e.Fields[j].Key }

// Keys returns every leaf path of the event, with arrays of objects expanded
// to their inner paths ("dns.answers.data"), sorted and without duplicates.
func (e *Event) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	var walk func(prefix string, fs []Field)
	walk = func(prefix string, fs []Field) {
		for _, f := range fs {
			k := prefix + f.Key
			if f.Val.kind == KindObjects {
				for _, o := range f.Val.ObjectsVal() {
					walk(k+".", o)
				}
				continue
			}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	walk("", e.Fields)
	sort.Strings(keys)
	return keys
}
