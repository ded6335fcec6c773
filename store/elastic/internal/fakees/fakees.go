// Package fakees is a small in-process Elasticsearch 8 for tests: it answers
// /, _cluster/health, _index_template (refusing overlapping templates of one
// priority), _data_stream (GET and PUT), _bulk (parsing the NDJSON pairs and
// answering per item, creating data streams from the highest-priority
// matching template, enforcing data stream rules and that template's field
// types), _count, _refresh, _query, _security and Kibana's saved objects
// import, with scripted faults: whole-request errors, per-item rejections, a
// server that disappears, and credentials.
package fakees

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strings"
	"sync"
)

// Server is a fake cluster. Set its exported fields before the first
// request or under Lock/Unlock.
type Server struct {
	*httptest.Server

	mu sync.Mutex

	// Version is the version number / answers with (default 8.19.7).
	Version string
	// Username and Password, or APIKey, when set, are required.
	Username, Password, APIKey string
	// NotElasticsearch drops the X-Elastic-Product header.
	NotElasticsearch bool

	// FailBulk answers the next len(FailBulk) bulk requests with these
	// statuses, one each, before processing any item.
	FailBulk []int
	// ItemFault, when set, may reject an item: it returns the status, the
	// error type and reason (status 0 lets the item through).
	ItemFault func(it Item) (status int, errType, reason string)
	// DisappearAfter, when > 0, makes the server drop every connection
	// once it has received that many documents (the request that crosses
	// the mark is dropped unanswered).
	DisappearAfter int
	// QueryResponse is the body _query answers with.
	QueryResponse string

	down      bool
	received  int
	attempts  map[string]int
	Docs      map[string][]json.RawMessage // index or data stream -> documents
	ids       map[string]map[string]int    // index -> _id -> position in Docs
	Templates map[string]json.RawMessage
	parsed    map[string]template
	streams   map[string]*stream // data streams by name
	Roles     map[string]json.RawMessage
	Users     map[string]User
	Queries   []string
	Imports   [][]byte // Kibana saved objects files received
	Log       []string // "METHOD /path" of every request, in order
	BulkCalls int
}

// User is a user created through _security/user.
type User struct {
	Password string   `json:"password"`
	Roles    []string `json:"roles"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
}

// Item is one bulk item, as ItemFault sees it.
type Item struct {
	Op, Index, ID string
	Doc           []byte
	Attempt       int // 1 on the first time this document is seen
}

// New starts a fake cluster.
func New() *Server {
	s := &Server{Version: "8.19.7", attempts: map[string]int{}, Docs: map[string][]json.RawMessage{},
		ids: map[string]map[string]int{}, Templates: map[string]json.RawMessage{}, parsed: map[string]template{}, streams: map[string]*stream{},
		Roles: map[string]json.RawMessage{},
		Users: map[string]User{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Lock and Unlock guard the exported fields while the server runs.
func (s *Server) Lock()   { s.mu.Lock() }
func (s *Server) Unlock() { s.mu.Unlock() }

// Count returns the number of documents stored under index.
func (s *Server) Count(index string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.Docs[index])
}

// Total returns the number of documents stored in all indices.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, d := range s.Docs {
		n += len(d)
	}
	return n
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.Log...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Log = append(s.Log, r.Method+" "+r.URL.Path)
	if s.down {
		drop(w)
		return
	}
	if !s.NotElasticsearch {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
	}
	w.Header().Set("Content-Type", "application/json")
	user, ok := s.authenticate(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="security", charset="UTF-8"`)
		s.fail(w, 401, "security_exception", "unable to authenticate user for REST request ["+r.URL.Path+"]")
		return
	}
	p := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(p, "/")
	switch {
	case p == "" && r.Method == http.MethodGet:
		fmt.Fprintf(w, `{"name":"fake-node","cluster_name":"fakees","cluster_uuid":"fake-uuid","version":{"number":%q,"build_flavor":"default"},"tagline":"You Know, for Search"}`, s.Version)
	case p == "_cluster/health":
		io.WriteString(w, `{"cluster_name":"fakees","status":"green","number_of_nodes":1}`)
	case parts[0] == "_index_template" && len(parts) == 2:
		s.template(w, r, parts[1])
	case parts[0] == "_data_stream" && len(parts) == 2:
		s.dataStreamRequest(w, r, parts[1], user)
	case p == "_bulk" && r.Method == http.MethodPost:
		s.bulk(w, r)
	case len(parts) == 2 && parts[1] == "_count":
		s.count(w, parts[0], user, r.URL.Query().Get("ignore_unavailable") == "true")
	case len(parts) == 2 && parts[1] == "_refresh":
		io.WriteString(w, `{"_shards":{"total":1,"successful":1,"failed":0}}`)
	case p == "_query" && r.Method == http.MethodPost:
		s.query(w, r)
	case parts[0] == "_security" && len(parts) == 3 && (parts[1] == "role" || parts[1] == "user") && r.Method == http.MethodPut:
		s.security(w, r, parts[1], parts[2])
	case p == "_security/_authenticate":
		fmt.Fprintf(w, `{"username":%q}`, user)
	case p == "api/saved_objects/_import" && r.Method == http.MethodPost:
		s.kibanaImport(w, r)
	default:
		s.fail(w, 400, "illegal_argument_exception", "fakees does not handle "+r.Method+" /"+p)
	}
}

// drop closes the connection without an answer, as a dead server would.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func (s *Server) fail(w http.ResponseWriter, status int, typ, reason string) {
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"root_cause":[{"type":%q,"reason":%q}],"type":%q,"reason":%q},"status":%d}`, typ, reason, typ, reason, status)
}

// authenticate returns the user name ("" for anonymous or an API key) and
// whether the credentials are accepted.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	if s.Username == "" && s.APIKey == "" {
		return "", true
	}
	h := r.Header.Get("Authorization")
	if scheme, key, _ := strings.Cut(h, " "); s.APIKey != "" && strings.EqualFold(scheme, "ApiKey") && key == s.APIKey {
		return "", true
	}
	if u, p, ok := r.BasicAuth(); ok {
		if s.Username != "" && u == s.Username && p == s.Password {
			return u, true
		}
		if usr, found := s.Users[u]; found && usr.Password == p {
			return u, true
		}
	}
	return "", false
}

func (s *Server) template(w http.ResponseWriter, r *http.Request, name string) {
	switch r.Method {
	case http.MethodPut:
		body, _ := io.ReadAll(r.Body)
		if err := s.putTemplate(name, body); err != nil {
			s.fail(w, 400, err.typ, err.reason)
			return
		}
		io.WriteString(w, `{"acknowledged":true}`)
	case http.MethodGet:
		t, ok := s.Templates[name]
		if !ok {
			s.fail(w, 404, "resource_not_found_exception", "index template matching ["+name+"] not found")
			return
		}
		fmt.Fprintf(w, `{"index_templates":[{"name":%q,"index_template":%s}]}`, name, t)
	default:
		s.fail(w, 405, "method_not_allowed", r.Method)
	}
}

// esError is an error answer: Elasticsearch's error type and reason.
type esError struct{ typ, reason string }

func (e *esError) Error() string { return e.typ + ": " + e.reason }

// PutTemplate installs an index template as PUT _index_template/NAME does,
// refusing what Elasticsearch refuses; tests use it to set up a cluster.
func (s *Server) PutTemplate(name string, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.putTemplate(name, body); err != nil {
		return err
	}
	return nil
}

func (s *Server) putTemplate(name string, body []byte) *esError {
	t, err := parseTemplate(body)
	if err != nil {
		return &esError{"x_content_parse_exception", err.Error()}
	}
	t.name = name
	if other, ok := s.samePriorityOverlap(name, t); ok {
		return &esError{"illegal_argument_exception", fmt.Sprintf("index template [%s] has index patterns %v matching patterns from existing templates [%s] that have the same priority [%d], multiple index templates may not match during index creation, please use a different priority", name, t.patterns, other, t.priority)}
	}
	before := s.unreferenced()
	old, had := s.parsed[name]
	s.parsed[name] = t
	if after := s.unreferenced(); len(after) > len(before) {
		if had {
			s.parsed[name] = old
		} else {
			delete(s.parsed, name)
		}
		return &esError{"illegal_argument_exception", fmt.Sprintf("composable template [%s] with index patterns %v, priority [%d] would cause data streams %v to no longer match a data stream template", name, t.patterns, t.priority, after)}
	}
	s.Templates[name] = append([]byte(nil), body...)
	return nil
}

// unreferenced returns the data streams that no data stream template
// matches (the highest-priority matching template is missing or is not a
// data stream template): Elasticsearch refuses a template change that
// makes more of them.
func (s *Server) unreferenced() []string {
	var out []string
	for name := range s.streams {
		if t, ok := s.matchTemplate(name); !ok || !t.dataStream {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// template is an installed index template, parsed once.
type template struct {
	name       string
	patterns   []string
	priority   int
	dataStream bool
	meta       json.RawMessage   // _meta, copied into the data streams it creates
	fields     map[string]string // flat name -> type
}

func parseTemplate(raw []byte) (template, error) {
	var t struct {
		IndexPatterns []string        `json:"index_patterns"`
		Priority      int             `json:"priority"`
		DataStream    json.RawMessage `json:"data_stream"`
		Meta          json.RawMessage `json:"_meta"`
		Template      struct {
			Mappings struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"mappings"`
		} `json:"template"`
	}
	if err := json.Unmarshal(raw, &t); err != nil || len(t.IndexPatterns) == 0 {
		return template{}, fmt.Errorf("bad template body")
	}
	out := template{patterns: t.IndexPatterns, priority: t.Priority, dataStream: len(t.DataStream) > 0, meta: t.Meta, fields: map[string]string{}}
	flattenMapping("", t.Template.Mappings.Properties, out.fields)
	return out, nil
}

// samePriorityOverlap names another installed template of t's priority
// whose patterns overlap t's, which Elasticsearch refuses. Two patterns
// overlap here when one matches the other as a name (logs-*-* and
// logs-system.auth-*), close enough to the cluster's automaton check for
// the patterns soclab uses.
func (s *Server) samePriorityOverlap(name string, t template) (string, bool) {
	for other, o := range s.parsed {
		if other == name || o.priority != t.priority {
			continue
		}
		for _, p := range t.patterns {
			for _, q := range o.patterns {
				m1, _ := path.Match(p, q)
				m2, _ := path.Match(q, p)
				if m1 || m2 {
					return other, true
				}
			}
		}
	}
	return "", false
}

// matchTemplate returns the highest-priority template matching index, as
// Elasticsearch resolves it when it creates an index or a data stream (and
// when GET _data_stream names a data stream's template).
func (s *Server) matchTemplate(index string) (template, bool) {
	var best template
	ok := false
	for _, t := range s.parsed {
		for _, p := range t.patterns {
			if m, _ := path.Match(p, index); m && (!ok || t.priority > best.priority) {
				best, ok = t, true
			}
		}
	}
	return best, ok
}

func flattenMapping(prefix string, props map[string]json.RawMessage, out map[string]string) {
	for name, raw := range props {
		var m struct {
			Type       string                     `json:"type"`
			Properties map[string]json.RawMessage `json:"properties"`
		}
		json.Unmarshal(raw, &m)
		typ := m.Type
		if typ == "" {
			typ = "object"
		}
		out[prefix+name] = typ
		if m.Properties != nil {
			flattenMapping(prefix+name+".", m.Properties, out)
		}
	}
}

func (s *Server) bulk(w http.ResponseWriter, r *http.Request) {
	s.BulkCalls++
	if len(s.FailBulk) > 0 {
		st := s.FailBulk[0]
		s.FailBulk = s.FailBulk[1:]
		io.Copy(io.Discard, r.Body)
		s.fail(w, st, "es_rejected_execution_exception", "rejected execution of bulk request (fault injected)")
		return
	}
	sc := bufio.NewScanner(r.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	type pending struct {
		op, index, id string
		doc           []byte
	}
	var items []pending
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var action map[string]struct {
			Index string `json:"_index"`
			ID    string `json:"_id"`
		}
		if err := json.Unmarshal(line, &action); err != nil || len(action) != 1 {
			s.fail(w, 400, "illegal_argument_exception", "Malformed action/metadata line ["+string(line)+"]")
			return
		}
		var it pending
		for op, meta := range action {
			it.op, it.index, it.id = op, meta.Index, meta.ID
		}
		if !sc.Scan() {
			s.fail(w, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline")
			return
		}
		it.doc = append([]byte(nil), bytes.TrimSpace(sc.Bytes())...)
		items = append(items, it)
	}
	if s.DisappearAfter > 0 && s.received+len(items) > s.DisappearAfter {
		s.received += len(items)
		s.down = true
		drop(w)
		return
	}
	s.received += len(items)
	var out bytes.Buffer
	out.WriteString(`{"took":1,"errors":`)
	var body bytes.Buffer
	hasErr := false
	for i, it := range items {
		if i > 0 {
			body.WriteByte(',')
		}
		res := s.item(it.op, it.index, it.id, it.doc)
		if !strings.Contains(res, `"status":20`) {
			hasErr = true
		}
		fmt.Fprintf(&body, `{%q:%s}`, it.op, res)
	}
	fmt.Fprintf(&out, "%t,\"items\":[%s]}", hasErr, body.String())
	w.Write(out.Bytes())
}

// item indexes one document and returns its result object.
func (s *Server) item(op, index, id string, doc []byte) string {
	key := index + "\x00" + id
	if id == "" {
		key = index + "\x00" + string(doc)
	}
	s.attempts[key]++
	errItem := func(status int, typ, reason string) string {
		return fmt.Sprintf(`{"_index":%q,"_id":%q,"status":%d,"error":{"type":%q,"reason":%q}}`, index, id, status, typ, reason)
	}
	if s.ItemFault != nil {
		if st, typ, reason := s.ItemFault(Item{Op: op, Index: index, ID: id, Doc: doc, Attempt: s.attempts[key]}); st != 0 {
			return errItem(st, typ, reason)
		}
	}
	t, ok := s.matchTemplate(index)
	if !ok && strings.HasPrefix(index, "logs-") {
		return errItem(404, "index_not_found_exception", "no such index ["+index+"] and no matching index template")
	}
	dataStream, fields := t.dataStream, t.fields
	if dataStream && s.streams[index] == nil {
		s.streams[index] = &stream{meta: t.meta} // created before its first document is parsed, as Elasticsearch does
	}
	var parsed map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&parsed); err != nil {
		return errItem(400, "document_parsing_exception", "failed to parse: "+err.Error())
	}
	if dataStream {
		if op != "create" {
			return errItem(400, "illegal_argument_exception", "only write ops with an op_type of create are allowed in data streams")
		}
		if _, ok := parsed["@timestamp"]; !ok {
			return errItem(400, "document_parsing_exception", "data stream timestamp field [@timestamp] is missing")
		}
	}
	if reason := checkFields("", parsed, fields); reason != "" {
		return errItem(400, "document_parsing_exception", reason)
	}
	if s.ids[index] == nil {
		s.ids[index] = map[string]int{}
	}
	if pos, dup := s.ids[index][id]; dup && id != "" {
		if op == "create" {
			return errItem(409, "version_conflict_engine_exception", "["+id+"]: version conflict, document already exists")
		}
		s.Docs[index][pos] = doc
		return fmt.Sprintf(`{"_index":%q,"_id":%q,"result":"updated","status":200}`, index, id)
	}
	if id != "" {
		s.ids[index][id] = len(s.Docs[index])
	}
	s.Docs[index] = append(s.Docs[index], doc)
	return fmt.Sprintf(`{"_index":%q,"_id":%q,"result":"created","status":201}`, index, id)
}

func (s *Server) count(w http.ResponseWriter, target, user string, ignoreMissing bool) {
	var allowed []string
	if user != "" && user != s.Username {
		allowed = s.userIndices(user)
	}
	n := 0
	for _, pat := range strings.Split(target, ",") {
		wild := strings.Contains(pat, "*")
		if !wild && allowed != nil && !covered(allowed, pat) {
			s.fail(w, 403, "security_exception", fmt.Sprintf("action [indices:data/read/search] is unauthorized for user [%s] on indices [%s]", user, pat))
			return
		}
		if !wild && !ignoreMissing {
			if _, ok := s.Docs[pat]; !ok && s.streams[pat] == nil {
				s.fail(w, 404, "index_not_found_exception", "no such index ["+pat+"]")
				return
			}
		}
		for idx, docs := range s.Docs {
			if m, _ := path.Match(pat, idx); m && (allowed == nil || covered(allowed, idx)) {
				n += len(docs)
			}
		}
	}
	fmt.Fprintf(w, `{"count":%d,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}`, n)
}

// userIndices returns the index patterns a provisioned user may read.
func (s *Server) userIndices(user string) []string {
	out := []string{}
	for _, role := range s.Users[user].Roles {
		var r struct {
			Indices []struct {
				Names []string `json:"names"`
			} `json:"indices"`
		}
		json.Unmarshal(s.Roles[role], &r)
		for _, ip := range r.Indices {
			out = append(out, ip.Names...)
		}
	}
	return out
}

func covered(patterns []string, index string) bool {
	for _, p := range patterns {
		if m, _ := path.Match(p, index); m {
			return true
		}
	}
	return false
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	var q struct {
		Query string `json:"query"`
	}
	if err := json.NewDecoder(r.Body).Decode(&q); err != nil || q.Query == "" {
		s.fail(w, 400, "parsing_exception", "request body needs a query")
		return
	}
	s.Queries = append(s.Queries, q.Query)
	if s.QueryResponse == "" {
		s.fail(w, 400, "verification_exception", "Found 1 problem\nline 1:1: fakees has no answer for this query")
		return
	}
	io.WriteString(w, s.QueryResponse)
}

func (s *Server) security(w http.ResponseWriter, r *http.Request, kind, name string) {
	body, _ := io.ReadAll(r.Body)
	if kind == "role" {
		s.Roles[name] = body
		io.WriteString(w, `{"role":{"created":true}}`)
		return
	}
	var u User
	if err := json.Unmarshal(body, &u); err != nil || len(u.Password) < 6 {
		s.fail(w, 400, "action_request_validation_exception", "passwords must be at least [6] characters long")
		return
	}
	for _, role := range u.Roles {
		if _, ok := s.Roles[role]; !ok {
			s.fail(w, 400, "illegal_argument_exception", "unknown role ["+role+"]")
			return
		}
	}
	s.Users[name] = u
	io.WriteString(w, `{"created":true}`)
}

func (s *Server) kibanaImport(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("kbn-xsrf") == "" {
		w.WriteHeader(400)
		io.WriteString(w, `{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}`)
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"statusCode":400,"error":"Bad Request","message":%q}`, err.Error())
		return
	}
	data, _ := io.ReadAll(f)
	s.Imports = append(s.Imports, data)
	n := 0
	var errs []string
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var o struct{ ID, Type string }
		if json.Unmarshal([]byte(line), &o) != nil || o.ID == "" || o.Type == "" {
			errs = append(errs, fmt.Sprintf(`{"id":"line-%d","type":"unknown","title":"","error":{"type":"unsupported_type"}}`, i+1))
			continue
		}
		n++
	}
	fmt.Fprintf(w, `{"success":%t,"successCount":%d,"errors":[%s]}`, len(errs) == 0, n, strings.Join(errs, ","))
}

// Indices returns the names of the indices holding documents, sorted.
func (s *Server) Indices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.Docs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
