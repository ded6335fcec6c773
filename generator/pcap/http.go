package pcap

import "strings"

// bigExtra is the largest extra a GET-like request absorbs in a Cookie
// header; beyond it the extra becomes a request body.
const bigExtra = 1024

// Fixed header lines of the request and response heads.
const (
	acceptLine    = "Accept: */*\r\n"
	keepAliveLine = "Connection: keep-alive\r\n"
	cookiePrefix  = "Cookie: sid="
	etagPrefix    = "ETag: \""
)

// headPad says how a request head grows to an exact size: without its
// Accept line, with a Cookie header of cookie bytes (0: none) and a
// Content-Length of body (negative: none).
type headPad struct {
	dropAccept bool
	cookie     int
	body       int64
	seed       uint64
}

// requestHead renders an HTTP/1.1 request head; HTTPRequestLen is the
// length of the head with a zero headPad.
func requestHead(method, host, path, query, ua string, p headPad) []byte {
	var b strings.Builder
	if method == "" {
		method = "GET"
	}
	if path == "" {
		path = "/"
	}
	b.WriteString(method)
	b.WriteByte(' ')
	b.WriteString(path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	b.WriteString(" HTTP/1.1\r\nHost: ")
	b.WriteString(host)
	b.WriteString("\r\n")
	if ua != "" {
		b.WriteString("User-Agent: ")
		b.WriteString(ua)
		b.WriteString("\r\n")
	}
	if !p.dropAccept {
		b.WriteString(acceptLine)
	}
	if p.cookie > 0 {
		b.WriteString(cookiePrefix)
		writeHex(&b, p.cookie-len(cookiePrefix)-2, p.seed)
		b.WriteString("\r\n")
	}
	if p.body > 0 {
		b.WriteString("Content-Type: application/octet-stream\r\nContent-Length: ")
		b.WriteString(itoa(p.body))
		b.WriteString("\r\n")
	}
	b.WriteString(keepAliveLine)
	b.WriteString("\r\n")
	return []byte(b.String())
}

// contentLengthLine is the length of the Content-Type and Content-Length
// lines a request body adds, without the digits.
const contentLengthLine = len("Content-Type: application/octet-stream\r\nContent-Length: \r\n")

// planRequest chooses how a request head of base bytes grows to total
// bytes: extra up to bigExtra goes into a Cookie header (dropping the
// Accept line when the extra is smaller than the smallest Cookie line);
// more, or any extra of a method with a body, becomes a body. ok is false
// when total is smaller than base.
func planRequest(method string, base int, total int64, seed uint64) (p headPad, ok bool) {
	p.seed = seed
	extra := total - int64(base)
	minCookie := int64(len(cookiePrefix) + 2)
	switch {
	case extra < 0:
		return p, false
	case extra == 0:
		return p, true
	case extra >= int64(contentLengthLine)+minCookie+20 && (extra > bigExtra || hasBody(method)):
		p.body = extra - int64(contentLengthLine) - minCookie - int64(digits(extra))
		p.cookie = int(extra - int64(contentLengthLine) - int64(digits(p.body)) - p.body)
	case extra >= minCookie:
		p.cookie = int(extra)
	default:
		p.dropAccept = true
		p.cookie = int(extra) + len(acceptLine)
	}
	return p, true
}

func hasBody(method string) bool {
	switch strings.ToUpper(method) {
	case "POST", "PUT", "PATCH":
		return true
	}
	return false
}

// responseHead renders an HTTP/1.1 response head announcing body bytes,
// with an ETag line of etag bytes (0: none).
func responseHead(status int, mime string, body int64, etag int) []byte {
	var b strings.Builder
	b.WriteString("HTTP/1.1 ")
	b.WriteString(itoa(int64(status)))
	b.WriteByte(' ')
	b.WriteString(reasonPhrase(status))
	b.WriteString("\r\n")
	if mime != "" {
		b.WriteString("Content-Type: ")
		b.WriteString(mime)
		b.WriteString("\r\n")
	}
	b.WriteString("Content-Length: ")
	b.WriteString(itoa(body))
	b.WriteString("\r\n")
	if etag > 0 {
		b.WriteString(etagPrefix)
		writeHex(&b, etag-len(etagPrefix)-3, uint64(body)^uint64(status))
		b.WriteString("\"\r\n")
	}
	b.WriteString(keepAliveLine)
	b.WriteString("\r\n")
	return []byte(b.String())
}

// planResponse chooses the body size and ETag line that make a response of
// exactly total bytes from a head of base bytes (HTTPResponseLen). ok is
// false when total is smaller than base.
func planResponse(base int, total int64) (body int64, etag int, ok bool) {
	extra := total - int64(base)
	minETag := int64(len(etagPrefix) + 3)
	switch {
	case extra < 0:
		return 0, 0, false
	case extra < minETag:
		return extra, 0, true // one body digit, like "0"
	}
	body = max(0, extra-minETag+1-int64(digits(extra)))
	etag = int(extra - body - int64(digits(body)-1))
	return body, etag, true
}

func digits(n int64) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// writeHex writes n lowercase hex digits derived from seed.
func writeHex(b *strings.Builder, n int, seed uint64) {
	const hex = "0123456789abcdef"
	x := seed | 1
	for i := 0; i < n; i++ {
		x = splitmix(x)
		b.WriteByte(hex[x>>60])
	}
}

// splitmix is one step of the SplitMix64 generator: the writer's only
// source of "randomness", always seeded from the flow.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	z := x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
