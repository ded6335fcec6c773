package sigma

import (
	"fmt"
	"sort"
	"strings"
)

// Modifier classes, in the order a chain may use them.
const (
	classTransform = iota // base64, base64offset, windash, utf16*, wide, expand, contains/startswith/endswith
	classType             // re, cidr, exists, lt..gte, fieldref, neq, time parts
	classFlag             // all, cased
	classReFlag           // i, m, s after re
)

// Modifiers lists every value modifier this package accepts with its class.
var Modifiers = map[string]int{
	"contains": classTransform, "startswith": classTransform, "endswith": classTransform,
	"base64": classTransform, "base64offset": classTransform, "windash": classTransform,
	"utf16le": classTransform, "utf16be": classTransform, "utf16": classTransform, "wide": classTransform,
	"expand": classTransform,
	"re":     classType, "cidr": classType, "exists": classType,
	"lt": classType, "lte": classType, "gt": classType, "gte": classType,
	"fieldref": classType, "neq": classType,
	"minute": classType, "hour": classType, "day": classType, "week": classType, "month": classType, "year": classType,
	"all": classFlag, "cased": classFlag,
	"i": classReFlag, "m": classReFlag, "s": classReFlag,
}

// TimeParts are the modifiers that turn a date field into a number.
var TimeParts = map[string]bool{"minute": true, "hour": true, "day": true, "week": true, "month": true, "year": true}

// NumericOps are the comparison modifiers.
var NumericOps = map[string]bool{"lt": true, "lte": true, "gt": true, "gte": true}

// checkModifiers validates a modifier chain and the values it applies to,
// returning a message for the first problem or "".
func checkModifiers(f *FieldMatch) string {
	seen := map[string]bool{}
	position := 0 // 0 nothing yet, 1 after re
	for _, m := range f.Modifiers {
		class, ok := Modifiers[m]
		if !ok {
			return fmt.Sprintf("unknown modifier %q (known: %s)", m, knownModifiers())
		}
		if seen[m] {
			return fmt.Sprintf("modifier %q is repeated", m)
		}
		seen[m] = true
		if class == classReFlag && position != 1 {
			return fmt.Sprintf("modifier %q is a regular expression flag and must follow \"re\"", m)
		}
		if m == "re" {
			position = 1
		}
	}
	return checkCombination(f, seen)
}

func checkCombination(f *FieldMatch, seen map[string]bool) string {
	count := func(ms ...string) int {
		n := 0
		for _, m := range ms {
			if seen[m] {
				n++
			}
		}
		return n
	}
	if count("contains", "startswith", "endswith") > 1 {
		return "use only one of contains, startswith and endswith"
	}
	if count("re", "cidr", "exists", "lt", "lte", "gt", "gte", "fieldref") > 1 {
		return "re, cidr, exists, lt, lte, gt, gte and fieldref cannot be combined with each other"
	}
	if count("minute", "hour", "day", "week", "month", "year") > 1 {
		return "use only one time part (minute, hour, day, week, month, year)"
	}
	if count("utf16le", "utf16be", "utf16", "wide") > 1 {
		return "use only one UTF-16 encoding"
	}
	if count("base64", "base64offset") > 1 {
		return "use only one of base64 and base64offset"
	}
	typed := count("re", "cidr", "exists", "lt", "lte", "gt", "gte")
	if typed > 0 && count("contains", "startswith", "endswith", "base64", "base64offset", "windash", "utf16le", "utf16be", "utf16", "wide", "expand") > 0 {
		return "string transformations (contains, base64, windash, ...) cannot be combined with re, cidr, exists or comparisons"
	}
	if count("utf16le", "utf16be", "utf16", "wide") > 0 && count("base64", "base64offset") == 0 {
		return "a UTF-16 encoding only makes sense before base64 or base64offset"
	}
	if seen["exists"] && (len(f.Values) != 1 || f.Values[0].Kind != ValueBool) {
		return "exists takes exactly one boolean value (true or false)"
	}
	if seen["all"] && len(f.Values) < 2 {
		return "all needs a list of two or more values"
	}
	if f.Field == "" && count("re", "cidr", "exists", "lt", "lte", "gt", "gte", "fieldref", "neq", "minute", "hour", "day", "week", "month", "year") > 0 {
		return "keyword searches take only string modifiers"
	}
	for _, v := range f.Values {
		if msg := checkValue(f, seen, v); msg != "" {
			return msg
		}
	}
	return ""
}

func checkValue(f *FieldMatch, seen map[string]bool, v Value) string {
	numeric := seen["lt"] || seen["lte"] || seen["gt"] || seen["gte"]
	switch {
	case numeric && v.Kind != ValueInt && v.Kind != ValueFloat:
		return fmt.Sprintf("comparison modifiers need a number, got %q", v.Str)
	case (seen["re"] || seen["cidr"] || seen["fieldref"] || seen["base64"] || seen["base64offset"] || seen["windash"] || seen["expand"]) && v.Kind != ValueString:
		return fmt.Sprintf("this modifier chain needs a string value, got %q", v.Str)
	case v.Kind == ValueNull && len(f.Modifiers) > 0 && !(len(f.Modifiers) == 1 && f.Modifiers[0] == "cased"):
		return "null cannot be combined with modifiers"
	}
	return ""
}

func knownModifiers() string {
	names := make([]string, 0, len(Modifiers))
	for m := range Modifiers {
		names = append(names, m)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
