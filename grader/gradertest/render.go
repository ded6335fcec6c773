package gradertest

import (
	"strings"
	"text/template"
)

// Funcs are the functions submission templates may call besides View's
// methods (the calibration test adds include and other).
var Funcs = template.FuncMap{
	"join":   func(s []string, sep string) string { return strings.Join(s, sep) },
	"defang": Defang,
	"flip":   Flip,
	"stuff":  Stuff,
	"human":  func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"even":   func(i int) bool { return i%2 == 0 },
}
