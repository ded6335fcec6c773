package diag

import (
	"errors"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestYAMLSyntax(t *testing.T) {
	var v any
	err := yaml.Unmarshal([]byte("a: 1\nb: [\n"), &v)
	line, msg := YAMLSyntax(err)
	if line != 2 || msg == "" || msg == err.Error() {
		t.Errorf("YAMLSyntax(%q) = %d, %q", err, line, msg)
	}
	for _, c := range []struct {
		in   string
		line int
		msg  string
	}{
		{"yaml: line 4: mapping values are not allowed in this context", 4, "mapping values are not allowed in this context"},
		{"yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `x` into int", 3, "unmarshal errors:\n  line 3: cannot unmarshal !!str `x` into int"},
		{"yaml: control characters are not allowed", 0, "control characters are not allowed"},
		{"yaml: offline 2: x", 0, "offline 2: x"},
	} {
		line, msg := YAMLSyntax(errors.New(c.in))
		if line != c.line || msg != c.msg {
			t.Errorf("YAMLSyntax(%q) = %d, %q; want %d, %q", c.in, line, msg, c.line, c.msg)
		}
	}
}
