package ecs

import (
	"sort"
	"strings"
)

// Field is one field of the table: its flat name, its Elasticsearch type
// and the mapping attributes the reference gives it.
type Field struct {
	// Name is the flat field name, such as "source.ip" or "@timestamp".
	Name string
	// Type is the Elasticsearch field type ("keyword", "long", "ip",
	// "object", ...).
	Type string
	// IgnoreAbove is the keyword length beyond which values are not
	// indexed, 0 when the reference sets none.
	IgnoreAbove int
	// NotIndexed and NoDocValues are the reference's "index: false" and
	// "doc_values: false".
	NotIndexed, NoDocValues bool
	// ScalingFactor is the factor of a scaled_float, 0 otherwise.
	ScalingFactor float64
	// ObjectType is the type of the values under an object field whose
	// keys are free (labels), "" otherwise.
	ObjectType string
	// MultiFields are the sub-fields indexed another way (url.full.text).
	MultiFields []MultiField
	// Allowed are the allowed values of a categorisation field
	// (event.kind, event.category, event.type, event.outcome); nil for
	// other fields.
	Allowed []string
}

// MultiField is a sub-field indexed another way, such as url.full.text.
type MultiField struct {
	Name string
	Type string
}

// Fields returns every ECS field, sorted by name. The slice is shared:
// callers must not modify it.
func Fields() []Field { return table[:] }

// Lookup returns the ECS field called name, and false when ECS has none.
func Lookup(name string) (Field, bool) { return search(table[:], name) }

// search finds the field called name in fields, sorted by name.
func search(fields []Field, name string) (Field, bool) {
	i, ok := sort.Find(len(fields), func(i int) int { return strings.Compare(name, fields[i].Name) })
	if ok {
		return fields[i], true
	}
	return Field{}, false
}

// IsECS reports whether name is a field of the ECS reference (@timestamp
// included).
func IsECS(name string) bool {
	_, ok := Lookup(name)
	return ok
}
