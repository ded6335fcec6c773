package elastic

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels that callers branch on; every error this package returns about
// the cluster is an *Error that answers to one of them through errors.Is.
var (
	// ErrUnreachable: no HTTP answer (wrong URL, cluster down, TLS trouble).
	ErrUnreachable = errors.New("elasticsearch is unreachable")
	// ErrAuth: the cluster answered 401 to the credentials given.
	ErrAuth = errors.New("elasticsearch rejected the credentials")
	// ErrForbidden: the credentials are valid but lack a privilege (403).
	ErrForbidden = errors.New("elasticsearch denied the request")
	// ErrVersion: the server is not Elasticsearch 8 or later.
	ErrVersion = errors.New("unsupported elasticsearch version")
	// ErrRequest: any other error answer of the cluster.
	ErrRequest = errors.New("elasticsearch request failed")
)

// Error is a failed exchange with the cluster: what was attempted, the HTTP
// status when there was one, Elasticsearch's reason, and a hint that says
// how to fix it.
type Error struct {
	Kind   error  // one of ErrUnreachable, ErrAuth, ErrForbidden, ErrVersion, ErrRequest
	Op     string // what was attempted, such as "GET /"
	URL    string // the cluster's URL
	Status int    // HTTP status, 0 when there was no answer
	Reason string // Elasticsearch's error type and reason, or the transport error
	Hint   string // how to fix it
	Err    error  // the underlying error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.URL != "" {
		fmt.Fprintf(&b, " at %s", e.URL)
	}
	if e.Op != "" {
		fmt.Fprintf(&b, " (%s", e.Op)
		if e.Status != 0 {
			fmt.Fprintf(&b, ": HTTP %d", e.Status)
		}
		b.WriteString(")")
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Hint != "" {
		b.WriteString("\n  hint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrAuth) and the like work.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Hints for the common failures.
const (
	hintUnreachable = "check --es-url (or SOCLAB_ES_URL), that Elasticsearch is running, and http:// versus https://"
	hintTLS         = "the server's certificate is not trusted: set SOCLAB_ES_CA_CERT to the CA file (docker compose: certs/ca/ca.crt) or SOCLAB_ES_CA_FINGERPRINT to its SHA-256 fingerprint"
	hintAuth        = "set SOCLAB_ES_API_KEY, or SOCLAB_ES_USERNAME and SOCLAB_ES_PASSWORD, to valid credentials"
	hintForbidden   = "the user or API key lacks a privilege for this operation; use an account with the needed role (the instructor's, such as elastic, for templates and provisioning)"
	hintVersion     = "soclab needs Elasticsearch 8.0 or later (8.11 or later for ES|QL queries)"
)

// IndexError reports documents that could not be indexed after every retry.
// They are in the dead-letter file with their reasons.
type IndexError struct {
	Failed         int64
	Sent           int64
	DeadLetterPath string // "" when the dead-letter writer was not a file
	First          string // the first failure's reason
}

// ErrDocumentsFailed is what an *IndexError answers to through errors.Is.
var ErrDocumentsFailed = errors.New("documents failed to index")

func (e *IndexError) Error() string {
	where := "the dead-letter output"
	if e.DeadLetterPath != "" {
		where = e.DeadLetterPath
	}
	return fmt.Sprintf("%d of %d documents failed to index (first: %s); they are kept with their reasons in %s", e.Failed, e.Sent, e.First, where)
}

// Is makes errors.Is(err, ErrDocumentsFailed) work.
func (e *IndexError) Is(target error) bool { return target == ErrDocumentsFailed }
