package gradertest

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
)

// Funcs are the functions submission templates may call besides View's
// methods.
var Funcs = template.FuncMap{
	"join":   func(s []string, sep string) string { return strings.Join(s, sep) },
	"defang": Defang,
	"flip":   Flip,
	"stuff":  Stuff,
	"human":  func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"even":   func(i int) bool { return i%2 == 0 },
}

// Render executes a submission template over v.
func Render(name, text string, v *View) ([]byte, error) {
	t, err := template.New(name).Funcs(Funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}
