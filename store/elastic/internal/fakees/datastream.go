package fakees

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strings"
)

// stream is a data stream: created by the first document written to a name
// that a data stream template matches (or by PUT _data_stream/NAME), with
// the _meta of that template, which Elasticsearch copies at creation.
type stream struct {
	meta json.RawMessage
}

// CreateDataStream creates data stream name as PUT _data_stream/NAME does:
// the highest-priority template matching it must be a data stream template.
// Tests use it to play a cluster where another writer (Fleet) already
// created a data stream.
func (s *Server) CreateDataStream(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.createDataStream(name); err != nil {
		return err
	}
	return nil
}

func (s *Server) createDataStream(name string) *esError {
	if s.streams[name] != nil {
		return &esError{"resource_already_exists_exception", "data_stream [" + name + "] already exists"}
	}
	t, ok := s.matchTemplate(name)
	if !ok || !t.dataStream {
		return &esError{"illegal_argument_exception", "no matching index template found for data stream [" + name + "]"}
	}
	s.streams[name] = &stream{meta: t.meta}
	return nil
}

// dataStreamRequest answers GET and PUT _data_stream/NAMES.
func (s *Server) dataStreamRequest(w http.ResponseWriter, r *http.Request, names, user string) {
	switch r.Method {
	case http.MethodPut:
		io.Copy(io.Discard, r.Body)
		if err := s.createDataStream(names); err != nil {
			s.fail(w, 400, err.typ, err.reason)
			return
		}
		io.WriteString(w, `{"acknowledged":true}`)
	case http.MethodGet:
		s.getDataStreams(w, names, user)
	default:
		s.fail(w, 405, "method_not_allowed", r.Method)
	}
}

// getDataStreams answers GET _data_stream/NAMES: a comma-separated list of
// names and wildcard patterns; a name that is not a data stream is a 404,
// a pattern may match none. Each data stream's "template" is the template
// that matches its name now, as Elasticsearch reports it, and its "_meta"
// the one it was created with. A provisioned user may name only what its
// roles cover (403 otherwise).
func (s *Server) getDataStreams(w http.ResponseWriter, names, user string) {
	var found []string
	for _, pat := range strings.Split(names, ",") {
		if user != "" && user != s.Username && !strings.Contains(pat, "*") && !covered(s.userIndices(user), pat) {
			s.fail(w, 403, "security_exception", fmt.Sprintf("action [indices:admin/data_stream/get] is unauthorized for user [%s] with effective roles %v on indices [%s]", user, s.Users[user].Roles, pat))
			return
		}
		if !strings.Contains(pat, "*") {
			if s.streams[pat] == nil {
				s.fail(w, 404, "index_not_found_exception", "no such index ["+pat+"]")
				return
			}
			found = append(found, pat)
			continue
		}
		for name := range s.streams {
			if m, _ := path.Match(pat, name); m {
				found = append(found, name)
			}
		}
	}
	sort.Strings(found)
	var b strings.Builder
	b.WriteString(`{"data_streams":[`)
	for i, name := range found {
		if i > 0 {
			b.WriteByte(',')
		}
		ds := s.streams[name]
		fmt.Fprintf(&b, `{"name":%q,"timestamp_field":{"name":"@timestamp"},"indices":[{"index_name":".ds-%s-2026.01.01-000001","index_uuid":"fake"}],"generation":1,"status":"GREEN","hidden":false,"system":false`, name, name)
		if t, ok := s.matchTemplate(name); ok {
			fmt.Fprintf(&b, `,"template":%q`, t.name)
		}
		if len(ds.meta) > 0 {
			fmt.Fprintf(&b, `,"_meta":%s`, ds.meta)
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	io.WriteString(w, b.String())
}
