package console

import (
	"crypto/subtle"
	"net/http"
	"net/url"
)

// guard admits a write only from the console's own page: the request's
// Origin (when the browser sends one) must be this server, and the
// X-CSRF-Token header must carry the page's token. A cross-site form or
// script can do neither, so it gets 403 and the files stay as they were.
func (s *Server) guard(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
			writeError(w, http.StatusForbidden, "cross-site write refused: Origin "+o+" is not this console")
			return
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			writeError(w, http.StatusForbidden, "cross-site write refused")
			return
		}
		tok := r.Header.Get("X-CSRF-Token")
		if subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) != 1 {
			writeError(w, http.StatusForbidden, "write refused: missing or wrong X-CSRF-Token (reload the console page)")
			return
		}
		h(w, r)
	}
}

func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host == host
}

// securityHeaders keeps the pages out of other sites' frames and stops
// the browser from guessing content types.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}
