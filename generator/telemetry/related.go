package telemetry

import (
	"encoding/binary"
	"hash/maphash"
	"net/netip"
	"sync/atomic"

	"github.com/soclab/soclab/event"
)

// related writes related.ip, related.user and related.hosts, each without
// empty or repeated values. Nearly every event carries these lists and the
// same few repeat all day (a client and its resolver, a user's own name), so
// lists of one or two addresses and lists of one name come from caches of
// immutable values instead of being allocated per event.
func related(e *event.Event, ips []netip.Addr, users, hosts []string) {
	var addrs distinct[netip.Addr]
	for _, ip := range ips {
		addrs.add(ip)
	}
	var uv, hv distinct[string]
	for _, u := range users {
		uv.add(u)
	}
	for _, h := range hosts {
		hv.add(h)
	}
	if addrs.n > 0 {
		e.Add("related.ip", addrListValue(&addrs))
	}
	if uv.n > 0 {
		e.Add("related.user", strListValue(&uv))
	}
	if hv.n > 0 {
		e.Add("related.hosts", strListValue(&hv))
	}
}

// distinct collects up to four distinct values other than the zero value
// (an empty string, an invalid address), in the order first seen; builders
// pass at most three, and the lists are short, so a linear scan beats a
// map. Two addresses have the same text exactly when they are equal, so
// the distinct addresses give the distinct texts.
type distinct[T comparable] struct {
	vs [4]T
	n  int
}

func (l *distinct[T]) add(v T) {
	var zero T
	if v == zero || l.n == len(l.vs) {
		return
	}
	for _, o := range l.vs[:l.n] {
		if o == v {
			return
		}
	}
	l.vs[l.n] = v
	l.n++
}

// addrListValue returns the list of the addresses' texts (the list must not be
// empty).
func addrListValue(l *distinct[netip.Addr]) event.Value {
	if l.n > 2 {
		vals := make([]event.Value, l.n)
		for i, ip := range l.vs[:l.n] {
			vals[i] = event.String(ipText(ip))
		}
		return event.List(vals...)
	}
	a, b := l.vs[0], l.vs[1] // b is the zero Addr for a list of one
	slot := &ipListCache[(addrHash(a)*31+addrHash(b))*0x9e3779b97f4a7c15>>(64-ipListCacheBits)]
	if en := slot.Load(); en != nil && en.a == a && en.b == b {
		return event.List(en.vals[:l.n:l.n]...)
	}
	en := &ipListEntry{a: a, b: b}
	en.vals[0] = event.String(ipText(a))
	if l.n == 2 {
		en.vals[1] = event.String(ipText(b))
	}
	slot.Store(en)
	return event.List(en.vals[:l.n:l.n]...)
}

// addrHash mixes the 16 bytes of an address (its zone is left to the
// equality check).
func addrHash(a netip.Addr) uint64 {
	b := a.As16()
	return binary.LittleEndian.Uint64(b[:8])*0xbf58476d1ce4e5b9 ^ binary.LittleEndian.Uint64(b[8:])
}

// ipListCacheBits sizes ipListCache: an organisation's pairs of
// communicating addresses that recur within minutes fit in a few thousand
// slots.
const ipListCacheBits = 13

// ipListEntry holds the items of the related.ip list of the addresses a
// and b (b is the zero Addr for a list of one).
type ipListEntry struct {
	a, b netip.Addr
	vals [2]event.Value
}

// ipListCache is direct-mapped and lock-free like ipCache: a slot holds an
// immutable entry, so builders may run concurrently, and a collision only
// costs building the list again.
var ipListCache [1 << ipListCacheBits]atomic.Pointer[ipListEntry]

// strListValue returns the list of the strings (it must not be empty); a list of
// one string comes from strListCache.
func strListValue(l *distinct[string]) event.Value {
	if l.n > 1 {
		vals := make([]event.Value, l.n)
		for i, s := range l.vs[:l.n] {
			vals[i] = event.String(s)
		}
		return event.List(vals...)
	}
	s := l.vs[0]
	slot := &strListCache[maphash.String(strListSeed, s)>>(64-strListCacheBits)]
	if en := slot.Load(); en != nil && en.s == s {
		return en.v
	}
	en := &strListEntry{s: s}
	en.vals[0] = event.String(s)
	en.v = event.List(en.vals[:1:1]...)
	slot.Store(en)
	return en.v
}

// strListCacheBits sizes strListCache, which holds the user and host names
// an organisation's events repeat.
const strListCacheBits = 12

// strListEntry is the list of the one string s.
type strListEntry struct {
	s    string
	v    event.Value
	vals [1]event.Value
}

// strListCache is direct-mapped and lock-free like ipListCache. The seed
// only spreads names over slots; what a slot holds never depends on it.
var (
	strListCache [1 << strListCacheBits]atomic.Pointer[strListEntry]
	strListSeed  = maphash.MakeSeed()
)
