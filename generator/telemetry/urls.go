package telemetry

import (
	"hash/maphash"
	"sync/atomic"
)

// urlCacheBits sizes urlCache: the pages and assets of an organisation's
// usual sites.
const urlCacheBits = 12

// urlEntry is the full URL of a request without a query on the scheme's
// default port.
type urlEntry struct {
	scheme, host, path string
	url                string
}

// urlCache remembers recent URLs: proxy lines repeat the same pages and
// assets all day, and building each URL anew allocates. It is
// direct-mapped and lock-free like ipCache; the seed only spreads URLs over
// slots.
var (
	urlCache [1 << urlCacheBits]atomic.Pointer[urlEntry]
	urlSeed  = maphash.MakeSeed()
)

// fullURL returns p.URL(), from urlCache for a request without a query on
// the default port.
func (p *Proxy) fullURL() string {
	if p.Query != "" || !p.defaultPort() {
		return p.URL()
	}
	var h maphash.Hash
	h.SetSeed(urlSeed)
	h.WriteString(p.Host)
	h.WriteString(p.Path)
	slot := &urlCache[h.Sum64()>>(64-urlCacheBits)]
	if en := slot.Load(); en != nil && en.path == p.Path && en.host == p.Host && en.scheme == p.Scheme {
		return en.url
	}
	en := &urlEntry{scheme: p.Scheme, host: p.Host, path: p.Path, url: p.URL()}
	slot.Store(en)
	return en.url
}

// defaultPort reports whether the request goes to its scheme's default
// port, which its URL leaves out.
func (p *Proxy) defaultPort() bool {
	return (p.Scheme == "http" && p.Conn.DstPort == 80) || (p.Scheme == "https" && p.Conn.DstPort == 443)
}
