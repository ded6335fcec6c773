package telemetry

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/soclab/soclab/event"
)

// Lists that every event of a kind carries, built once: event values are
// immutable, so all events share them instead of allocating their own.
var (
	catNetwork          = event.Strings("network")
	catSession          = event.Strings("session")
	catAuthentication   = event.Strings("authentication")
	catIAM              = event.Strings("iam")
	catWebNetwork       = event.Strings("web", "network")
	catSessionNetwork   = event.Strings("session", "network")
	catAuthNetwork      = event.Strings("authentication", "network")
	typeStart           = event.Strings("start")
	typeEnd             = event.Strings("end")
	typeAdmin           = event.Strings("admin")
	typeAccess          = event.Strings("access")
	typeConnStartEnd    = event.Strings("connection", "start", "end")
	typeConnStart       = event.Strings("connection", "start")
	typeConnStartDenied = event.Strings("connection", "start", "denied")
	typeConnInfo        = event.Strings("connection", "info")
	typeConnProtoInfo   = event.Strings("connection", "protocol", "info")
	typeConnAllowed     = event.Strings("connection", "allowed")
	typeConnDenied      = event.Strings("connection", "denied")
	typeUserCreation    = event.Strings("user", "creation")
	typeGroupChange     = event.Strings("group", "change")
	typeUserChange      = event.Strings("user", "change")
	dnsHeaderFlagsRDRA  = event.Strings("RD", "RA")
)

// ipCacheSize is the number of slots of the address text cache (a power of
// two).
const ipCacheSize = 1 << 13

type ipEntry struct {
	ip   netip.Addr
	text string
}

// ipCache remembers the text of recently written addresses: an organisation
// has a few thousand of them, and netip.Addr.String allocates every time. It
// is direct-mapped and lock-free (a slot holds an immutable entry), so
// builders may run concurrently; a collision only costs a String call.
var ipCache [ipCacheSize]atomic.Pointer[ipEntry]

// ipText returns ip.String(), cached.
func ipText(ip netip.Addr) string {
	var h uint64
	if ip.Is4() {
		b := ip.As4()
		h = uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
	} else {
		b := ip.As16()
		for _, c := range b {
			h = h*31 + uint64(c)
		}
	}
	slot := &ipCache[(h*0x9e3779b97f4a7c15)>>(64-13)]
	if en := slot.Load(); en != nil && en.ip == ip {
		return en.text
	}
	s := ip.String()
	slot.Store(&ipEntry{ip: ip, text: s})
	return s
}

// dnsIDText holds the decimal text of every DNS message id, in one string
// with offsets, built on first use.
var dnsIDText = sync.OnceValues(func() (string, []uint32) {
	var b strings.Builder
	offs := make([]uint32, 1<<16+1)
	for i := range 1 << 16 {
		b.WriteString(strconv.Itoa(i))
		offs[i+1] = uint32(b.Len())
	}
	return b.String(), offs
})

// dnsID returns strconv.Itoa(int(id)) without allocating.
func dnsID(id uint16) string {
	s, offs := dnsIDText()
	return s[offs[id]:offs[int(id)+1]]
}

// answersEntry is the fields built for one list of DNS answers.
type answersEntry struct {
	answers  []DNSAnswer // a copy of the list
	objs     event.Value // dns.answers
	resolved event.Value // dns.resolved_ip; null when none
	data     event.Value // zeek.dns.answers
	ttls     event.Value // zeek.dns.TTLs
}

// answersCacheSize is the number of slots of answersCache (a power of two).
const answersCacheSize = 1 << 10

// answersCache remembers the fields of recently logged answer lists: a
// site's lookups repeat the same answers all day. Like ipCache it is
// direct-mapped and lock-free, with immutable entries.
var answersCache [answersCacheSize]atomic.Pointer[answersEntry]

// answersFields returns the values built for a non-empty answer list
// (dns.answers, dns.resolved_ip, zeek.dns.answers and TTLs).
func answersFields(answers []DNSAnswer) *answersEntry {
	a0 := &answers[0]
	h := uint64(len(answers))*0x9e3779b97f4a7c15 ^ uint64(a0.TTL)
	h ^= uint64(len(a0.Name))<<8 ^ uint64(len(a0.Data))<<20
	if n := len(a0.Data); n > 0 {
		h ^= uint64(a0.Data[n-1])<<32 | uint64(a0.Data[n/2])<<40
	}
	if n := len(a0.Name); n > 0 {
		h ^= uint64(a0.Name[n/2]) << 48
	}
	slot := &answersCache[(h*0x9e3779b97f4a7c15)>>(64-10)]
	if en := slot.Load(); en != nil && slices.Equal(en.answers, answers) {
		return en
	}
	en := buildAnswers(answers)
	slot.Store(en)
	return en
}

func buildAnswers(answers []DNSAnswer) *answersEntry {
	list := make([][]event.Field, len(answers))
	var ips []string
	data := make([]event.Value, 2*len(answers))
	ttls := data[len(answers):]
	for i, a := range answers {
		data[i] = event.String(a.Data)
		ttls[i] = event.Float(float64(a.TTL))
		list[i] = []event.Field{
			{Key: "class", Val: event.String("IN")},
			{Key: "data", Val: event.String(a.Data)},
			{Key: "name", Val: event.String(a.Name)},
			{Key: "ttl", Val: event.Int(int64(a.TTL))},
			{Key: "type", Val: event.String(a.Type)},
		}
		if a.Type == "A" || a.Type == "AAAA" {
			ips = append(ips, a.Data)
		}
	}
	en := &answersEntry{answers: slices.Clone(answers), objs: event.Objects(list...),
		data: event.List(data[:len(answers)]...), ttls: event.List(ttls...)}
	if len(ips) > 0 {
		en.resolved = event.Strings(ips...)
	}
	return en
}
