package console

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"

	"github.com/soclab/soclab/grader/triage"
)

//go:embed web
var webFS embed.FS

var pageTmpl = template.Must(template.ParseFS(webFS, "web/index.html"))

// pageData is what the page template renders on the server.
type pageData struct {
	Briefing   template.HTML
	Token      string
	Info       workspaceInfo
	Verdicts   []string
	Severities []string
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	data := pageData{Token: s.token, Info: s.info(), Briefing: s.briefing(),
		Verdicts: triage.Verdicts, Severities: triage.Severities}
	if err := pageTmpl.Execute(w, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func staticHandler() http.Handler {
	sub, err := fs.Sub(webFS, "web/static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
}
