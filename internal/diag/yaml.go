package diag

import (
	"regexp"
	"strconv"
	"strings"
)

var yamlLine = regexp.MustCompile(`(?:^|\s)line (\d+): `)

// YAMLSyntax splits a YAML decoder's error ("yaml: line 4: mapping values
// are not allowed in this context") into the line it names, 0 when it
// names none, and the message without its "yaml:" and "line N:" prefixes,
// so that every parser of a YAML file places a syntax error the way it
// places its own problems.
func YAMLSyntax(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLine.FindStringSubmatchIndex(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(msg[m[2]:m[3]])
	if m[0] == 0 {
		msg = msg[m[1]:]
	}
	return line, msg
}
