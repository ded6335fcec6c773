package console

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"

	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/query"
)

// Options configure a console Server.
type Options struct {
	// Dir is the trainee's workspace (made by soclab lab start or assign).
	Dir string
	// Backend runs the queries: the workspace's column store, or the
	// trainee's Elasticsearch namespace.
	Backend query.Backend
	// Token is the CSRF token the page must send with every write; a
	// random one is made when empty.
	Token string
}

// Server is the console of one workspace. It is safe for concurrent use;
// writes to triage.yaml and report.md are serialised.
type Server struct {
	dir      string
	backend  query.Backend
	token    string
	instance *instance.Info
	alerts   []Alert
	ids      []string
	mu       sync.Mutex // guards the workspace files
	// evidence caches each alert's evidence answer: the events of a
	// workspace never change, and a trainee reopens alerts often.
	evMu     sync.Mutex
	evidence map[string][]byte
}

// New opens the workspace in opts.Dir: its instance.json and alert queue.
func New(opts Options) (*Server, error) {
	in, err := instance.Read(opts.Dir)
	if err != nil {
		return nil, err
	}
	alerts, err := readAlerts(opts.Dir)
	if err != nil {
		return nil, err
	}
	s := &Server{dir: opts.Dir, backend: opts.Backend, token: opts.Token, instance: in, alerts: alerts}
	if s.token == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("console token: %w", err)
		}
		s.token = hex.EncodeToString(b)
	}
	for _, a := range alerts {
		s.ids = append(s.ids, a.ID)
	}
	return s, nil
}

// Token returns the CSRF token writes must carry in the X-CSRF-Token header.
func (s *Server) Token() string { return s.token }

// Handler returns the console's routes: the pages, their static files and
// the JSON API of docs/console.md.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /api/workspace", s.getWorkspace)
	mux.HandleFunc("GET /api/alerts", s.getAlerts)
	mux.HandleFunc("GET /api/alerts/{id}/events", s.getAlertEvents)
	mux.HandleFunc("POST /api/query", s.postQuery)
	mux.HandleFunc("POST /api/discover", s.postDiscover)
	mux.HandleFunc("GET /api/techniques", s.getTechniques)
	mux.HandleFunc("PUT /api/triage/{id}", s.guard(s.putTriage))
	mux.HandleFunc("GET /api/analyst", s.getAnalyst)
	mux.HandleFunc("PUT /api/analyst", s.guard(s.putAnalyst))
	mux.HandleFunc("GET /api/report", s.getReport)
	mux.HandleFunc("PUT /api/report", s.guard(s.putReport))
	mux.HandleFunc("GET /api/report/lint", s.getLint)
	mux.HandleFunc("POST /api/report/lint", s.guard(s.postLint))
	mux.HandleFunc("POST /api/submit", s.guard(s.postSubmit))
	return securityHeaders(mux)
}

func (s *Server) path(name string) string { return filepath.Join(s.dir, name) }
