package event

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/valyala/fastjson"
)

// ErrSyntax is the sentinel that every decoding error answers to.
var ErrSyntax = errors.New("invalid event")

// dateKeys are the ECS date fields that decode to KindTime rather than strings.
var dateKeys = map[string]bool{
	"@timestamp":         true,
	"event.created":      true,
	"event.start":        true,
	"event.end":          true,
	"event.ingested":     true,
	"kibana.alert.start": true,
	"kibana.alert.end":   true,
}

// IsDateKey reports whether key holds an ECS date soclab decodes as a time.
func IsDateKey(key string) bool { return dateKeys[key] }

// Decoder turns one JSON document into an Event, flattening nested objects
// into dotted keys, arrays of scalars into lists and arrays of objects into
// KindObjects. A Decoder reuses its parser and is not safe for concurrent use.
type Decoder struct {
	p        fastjson.Parser
	keep     map[string]bool
	prefixes map[string]bool
	// lenient skips the reading contract (CheckLine): Unmarshal's
	// documents are built by the program or a test, not read from input.
	lenient bool
}

// Only restricts decoding to the given leaf keys (and the objects leading to
// them); every other field is skipped, which is what makes a detector or a
// query fast on wide events. Only(nil) decodes everything again.
func (d *Decoder) Only(keys []string) {
	if keys == nil {
		d.keep, d.prefixes = nil, nil
		return
	}
	d.keep = map[string]bool{KeyTimestamp: true, KeyID: true}
	d.prefixes = map[string]bool{"event": true}
	for _, k := range keys {
		d.keep[k] = true
		for i := 0; i < len(k); i++ {
			if k[i] == '.' {
				d.prefixes[k[:i]] = true
			}
		}
	}
}

// Decode parses data into e, replacing e's fields. It does not keep a
// reference to data.
func (d *Decoder) Decode(data []byte, e *Event) error {
	e.Reset()
	if !d.lenient {
		if err := CheckLine(data); err != nil {
			return err
		}
	}
	v, err := d.p.ParseBytes(data)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	obj, err := v.Object()
	if err != nil {
		return fmt.Errorf("%w: a document must be a JSON object", ErrSyntax)
	}
	var derr error
	obj.Visit(func(k []byte, v *fastjson.Value) {
		if derr == nil {
			derr = d.visit(e, string(k), v)
		}
	})
	return derr
}

func (d *Decoder) wanted(key string, object bool) bool {
	if d.keep == nil {
		return true
	}
	if object {
		return d.prefixes[key] || d.keep[key]
	}
	return d.keep[key]
}

func (d *Decoder) visit(e *Event, key string, v *fastjson.Value) error {
	if v.Type() == fastjson.TypeObject {
		if !d.wanted(key, true) {
			return nil
		}
		obj, _ := v.Object()
		var err error
		obj.Visit(func(k []byte, sv *fastjson.Value) {
			if err == nil {
				err = d.visit(e, key+"."+string(k), sv)
			}
		})
		return err
	}
	if !d.wanted(key, v.Type() == fastjson.TypeArray) {
		return nil
	}
	val, err := scalarOrArray(key, v)
	if err != nil {
		return err
	}
	e.Fields = append(e.Fields, Field{Key: key, Val: val})
	return nil
}

func scalarOrArray(key string, v *fastjson.Value) (Value, error) {
	if v.Type() != fastjson.TypeArray {
		return scalar(key, v)
	}
	items, _ := v.Array()
	if len(items) > 0 && items[0].Type() == fastjson.TypeObject {
		return objects(key, items)
	}
	vals := make([]Value, 0, len(items))
	for _, it := range items {
		if it.Type() == fastjson.TypeObject || it.Type() == fastjson.TypeArray {
			return Value{}, fmt.Errorf("%w: field %q mixes values and objects in one array", ErrSyntax, key)
		}
		sv, err := scalar(key, it)
		if err != nil {
			return Value{}, err
		}
		vals = append(vals, sv)
	}
	return List(vals...), nil
}

func objects(key string, items []*fastjson.Value) (Value, error) {
	objs := make([][]Field, 0, len(items))
	var sub Decoder
	for _, it := range items {
		if it.Type() != fastjson.TypeObject {
			return Value{}, fmt.Errorf("%w: field %q mixes objects and values in one array", ErrSyntax, key)
		}
		var se Event
		o, _ := it.Object()
		var err error
		o.Visit(func(k []byte, sv *fastjson.Value) {
			if err == nil {
				err = sub.visit(&se, string(k), sv)
			}
		})
		if err != nil {
			return Value{}, err
		}
		objs = append(objs, se.Fields)
	}
	return Objects(objs...), nil
}

func scalar(key string, v *fastjson.Value) (Value, error) {
	switch v.Type() {
	case fastjson.TypeNull:
		return Value{}, nil
	case fastjson.TypeTrue:
		return Bool(true), nil
	case fastjson.TypeFalse:
		return Bool(false), nil
	case fastjson.TypeNumber:
		if n, err := v.Int64(); err == nil {
			return Int(n), nil
		}
		return Float(v.GetFloat64()), nil
	case fastjson.TypeString:
		s := string(v.GetStringBytes())
		if dateKeys[key] {
			t, err := ParseTime(s)
			if err != nil {
				return Value{}, fmt.Errorf("%w: field %q: %v", ErrSyntax, key, err)
			}
			return Time(t), nil
		}
		return String(s), nil
	}
	return Value{}, fmt.Errorf("%w: field %q has an unsupported JSON type", ErrSyntax, key)
}

// ParseTime parses an ECS date: RFC 3339 with or without fractional seconds,
// or a date alone. A missing offset means UTC.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date", strings.TrimSpace(s))
}
