package telemetry

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"net/netip"
	"strings"
)

// twoLevelSuffixes are public suffixes of two labels that soclab's names use.
var twoLevelSuffixes = map[string]bool{"co.uk": true, "com.au": true, "co.jp": true, "com.br": true, "co.in": true, "org.uk": true, "ac.uk": true, "co.za": true, "com.cn": true}

// SplitDomain splits a DNS name into its registered domain, subdomain and
// top-level domain ("a.b.example.co.uk" gives "example.co.uk", "a.b",
// "co.uk"). Names of one label have no registered domain.
func SplitDomain(name string) (registered, sub, tld string) {
	// The parts are substrings of the lowered name: joining a run of its
	// labels with dots gives back that run.
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	n := strings.Count(name, ".") + 1
	if n < 2 {
		return "", "", ""
	}
	last := strings.LastIndexByte(name, '.')
	suffix := 1
	if n >= 3 && twoLevelSuffixes[name[strings.LastIndexByte(name[:last], '.')+1:]] {
		suffix = 2
	}
	if n <= suffix {
		return "", "", name
	}
	// cut is the dot before the registered domain's first label (-1 when
	// the name starts with it); tldDot the dot before the suffix.
	tldDot := last
	if suffix == 2 {
		tldDot = strings.LastIndexByte(name[:last], '.')
	}
	cut := strings.LastIndexByte(name[:tldDot], '.')
	tld = name[tldDot+1:]
	registered = name[cut+1:]
	if cut >= 0 {
		sub = name[:cut]
	}
	return registered, sub, tld
}

var protoNumbers = map[string]byte{"icmp": 1, "tcp": 6, "udp": 17}

// CommunityID returns the Community ID (version 1, seed 0) of a connection,
// the hash that Zeek, Suricata and Elastic use to tie together records of
// one flow: "1:" and the base64 of a SHA-1 over the ordered endpoints.
func CommunityID(c Conn) string {
	var out [communityIDLen]byte
	if !putCommunityID(&out, c) {
		return ""
	}
	return string(out[:])
}

// communityIDLen is the length of a community id: "1:" and the base64 of
// 20 bytes.
const communityIDLen = 2 + 28

// putCommunityID writes the community id of c to out and reports whether c
// has one (both addresses valid).
func putCommunityID(out *[communityIDLen]byte, c Conn) bool {
	src, dst := c.SrcIP.Unmap(), c.DstIP.Unmap()
	sp, dp := uint16(c.SrcPort), uint16(c.DstPort)
	if !src.IsValid() || !dst.IsValid() {
		return false
	}
	if dst.Less(src) || (src == dst && dp < sp) {
		src, dst = dst, src
		sp, dp = dp, sp
	}
	var buf [2 + 16 + 16 + 2 + 4]byte
	b := buf[:2] // seed 0
	b = appendAddr(b, src)
	b = appendAddr(b, dst)
	b = append(b, protoNumbers[c.Transport], 0)
	b = binary.BigEndian.AppendUint16(b, sp)
	b = binary.BigEndian.AppendUint16(b, dp)
	sum := sha1.Sum(b)
	out[0], out[1] = '1', ':'
	base64.StdEncoding.Encode(out[2:], sum[:])
	return true
}

func appendAddr(b []byte, a netip.Addr) []byte {
	if a.Is4() {
		v := a.As4()
		return append(b, v[:]...)
	}
	v := a.As16()
	return append(b, v[:]...)
}
