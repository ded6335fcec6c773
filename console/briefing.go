package console

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/soclab/soclab/labs/instance"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// briefingMD renders BRIEFING.md; raw HTML in it is dropped (goldmark's
// default), so the page shows only what Markdown describes.
var briefingMD = goldmark.New(goldmark.WithExtensions(extension.Table))

// briefing returns the workspace's BRIEFING.md as HTML, or a note that it
// is missing.
func (s *Server) briefing() template.HTML {
	src, err := readFile(s.path(instance.BriefingFile))
	if err != nil {
		return template.HTML(fmt.Sprintf("<p>%s</p>", template.HTMLEscapeString("no briefing: "+err.Error())))
	}
	var out bytes.Buffer
	if err := briefingMD.Convert(src, &out); err != nil {
		return template.HTML("<pre>" + template.HTMLEscapeString(string(src)) + "</pre>")
	}
	return template.HTML(out.String()) // goldmark escapes text and drops raw HTML
}
