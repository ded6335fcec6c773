package columnar

import "github.com/soclab/soclab/internal/ecs"

// Type is the type of a column, named as Elasticsearch's ES|QL names it.
type Type uint8

// The column types. Keyword, Text, IP and GeoPoint hold strings (an IP in
// its canonical text form, a geo_point as WKT "POINT (lon lat)", as ES|QL
// returns it); Long, Integer, Boolean (0/1) and Date (Unix
// milliseconds) hold int64; Double holds float64. Null is the type of a
// column that has no value at all.
const (
	Null Type = iota
	Keyword
	Text
	Long
	Integer
	Double
	Boolean
	Date
	IP
	GeoPoint
)

var typeNames = [...]string{"null", "keyword", "text", "long", "integer", "double", "boolean", "date", "ip", "geo_point"}

// String returns the ES|QL type name.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "unsupported"
}

// ParseType returns the Type of an ES|QL type name.
func ParseType(s string) (Type, bool) {
	for i, n := range typeNames {
		if n == s {
			return Type(i), true
		}
	}
	return Null, false
}

// IsString reports whether values of t are stored as strings.
func (t Type) IsString() bool { return t == Keyword || t == Text || t == IP || t == GeoPoint }

// IsInt reports whether values of t are stored as int64.
func (t Type) IsInt() bool { return t == Long || t == Integer || t == Boolean || t == Date }

// IsNumeric reports whether t is a number type.
func (t Type) IsNumeric() bool { return t == Long || t == Integer || t == Double }

// ECSType returns the column type ECS gives field, or the Elastic
// integration that defines it (ecs.LookupIntegration: zeek.dns.TTLs is a
// double even when every TTL is whole, zeek.connection.local_orig a
// boolean), as Elasticsearch's templates map it; false when field is
// neither of a known non-keyword type (it is then typed by its values).
// ES|QL sees wildcard and constant_keyword as keyword, match_only_text as
// text, and every floating type as double.
func ECSType(field string) (Type, bool) {
	f, ok := ecs.Lookup(field)
	if !ok {
		f, ok = ecs.LookupIntegration(field)
	}
	if !ok {
		return Null, false
	}
	switch f.Type {
	case "long", "unsigned_long":
		return Long, true
	case "integer", "short", "byte":
		return Integer, true
	case "float", "double", "scaled_float", "half_float":
		return Double, true
	case "boolean":
		return Boolean, true
	case "date":
		return Date, true
	case "ip":
		return IP, true
	case "geo_point":
		return GeoPoint, true
	case "match_only_text", "text":
		return Text, true
	case "wildcard", "constant_keyword":
		return Keyword, true
	}
	return Null, false
}

// Unify returns the type two chunks of one field are read as when they were
// written with different types: a null chunk takes the other's type, mixed
// numbers become double, and anything else becomes keyword.
func Unify(a, b Type) Type {
	switch {
	case a == b || b == Null:
		return a
	case a == Null:
		return b
	case a == Integer && b == Long || a == Long && b == Integer:
		return Long
	case a.IsNumeric() && b.IsNumeric():
		return Double
	}
	return Keyword
}
