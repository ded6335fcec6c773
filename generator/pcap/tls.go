package pcap

import (
	"encoding/binary"
	"strings"
)

// HTTPS flows carry TLS: the client's stream starts with a ClientHello
// naming url.domain in its SNI, the server's with a ServerHello; everything
// after is application_data records of opaque bytes, as on the wire after a
// TLS 1.3 handshake. When a side has too few bytes for the TLS 1.3 hello,
// it sends a compact TLS 1.2 hello (SNI only) instead; both always fit in
// HTTPRequestLen and HTTPResponseLen bytes.

// maxSessionID is the longest TLS legacy session id; its length is the
// slack that makes a hello and its records add up to an exact size.
const maxSessionID = 32

// A tlsClient is what one kind of client software offers in its
// ClientHello: the cipher suites (full and compact hello) and the named
// groups. They are what JA3 and JA4 fingerprint, so a browser and an
// implant or script differ on the wire as they do in real captures.
type tlsClient struct {
	ciphers []uint16 // TLS 1.3 hello
	compact uint16   // the one suite of the compact TLS 1.2 hello
	groups  []uint16
	points  bool // sends ec_point_formats
}

var (
	tlsBrowser = tlsClient{ciphers: []uint16{0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8}, compact: 0xc02f, groups: []uint16{0x001d, 0x0017, 0x0018}, points: true}
	tlsTool    = tlsClient{ciphers: []uint16{0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f}, compact: 0xc030, groups: []uint16{0x001d, 0x0017}}
)

// tlsClientOf is the client software a user agent names: browsers (and
// software embedding a browser engine) or anything else (scripts,
// libraries, implants, updaters).
func tlsClientOf(userAgent string) tlsClient {
	if strings.HasPrefix(userAgent, "Mozilla/") {
		return tlsBrowser
	}
	return tlsTool
}

// clientHello renders a ClientHello record of client c for sni with a
// session id of sid bytes; full adds the TLS 1.3 extensions.
func clientHello(c tlsClient, sni string, sid int, full bool, seed uint64) []byte {
	b := helloStart(1, sid, seed)
	if full {
		b = appendU16s(b, uint16(2*len(c.ciphers)))
		b = appendU16s(b, c.ciphers...)
	} else {
		b = appendU16s(b, 2, c.compact)
	}
	b = append(b, 1, 0) // compression methods: null
	ext := len(b)
	b = append(b, 0, 0)
	b = appendU16s(b, 0, uint16(len(sni)+5), uint16(len(sni)+3))
	b = append(b, 0)
	b = appendU16s(b, uint16(len(sni)))
	b = append(b, sni...)
	if full {
		if c.points {
			b = appendU16s(b, 0x000b, 2) // ec_point_formats: uncompressed
			b = append(b, 1, 0)
		}
		b = appendU16s(b, 0x000a, uint16(2+2*len(c.groups)), uint16(2*len(c.groups))) // supported_groups
		b = appendU16s(b, c.groups...)
		b = appendU16s(b, 0x000d, 8, 6, 0x0403, 0x0804, 0x0401) // signature_algorithms
		b = appendU16s(b, 0x002b, 3)                            // supported_versions
		b = append(b, 2, 3, 4)
		b = appendU16s(b, 0x0033, 38, 36, 0x001d, 32) // key_share: x25519
		b = appendRandom(b, 32, seed^0x6b)
	}
	binary.BigEndian.PutUint16(b[ext:], uint16(len(b)-ext-2))
	return helloEnd(b)
}

// serverHello renders a ServerHello record with a session id of sid bytes;
// full answers TLS 1.3, otherwise TLS 1.2 without extensions.
func serverHello(sid int, full bool, seed uint64) []byte {
	b := helloStart(2, sid, seed)
	if !full {
		b = appendU16s(b, 0xc02f)
		return helloEnd(append(b, 0))
	}
	b = appendU16s(b, 0x1301)
	b = append(b, 0)
	b = appendU16s(b, 46, 0x002b, 2, 0x0304, 0x0033, 36, 0x001d, 32)
	b = appendRandom(b, 32, seed^0x5b)
	return helloEnd(b)
}

// helloStart writes the record and handshake headers (lengths filled by
// helloEnd), the version, the random and the session id.
func helloStart(typ byte, sid int, seed uint64) []byte {
	b := make([]byte, 0, 256)
	b = append(b, 22, 3, 1, 0, 0, typ, 0, 0, 0, 3, 3)
	b = appendRandom(b, 32, seed)
	b = append(b, byte(sid))
	return appendRandom(b, sid, seed^0x51d)
}

func helloEnd(b []byte) []byte {
	binary.BigEndian.PutUint16(b[3:], uint16(len(b)-recordHeader))
	n := len(b) - recordHeader - 4
	b[6], b[7], b[8] = byte(n>>16), byte(n>>8), byte(n)
	return b
}

func appendU16s(b []byte, vs ...uint16) []byte {
	for _, v := range vs {
		b = binary.BigEndian.AppendUint16(b, v)
	}
	return b
}

func appendRandom(b []byte, n int, seed uint64) []byte {
	x := seed
	for i := 0; i < n; i++ {
		if i%8 == 0 {
			x = splitmix(x)
		}
		b = append(b, byte(x>>(8*(i%8))))
	}
	return b
}

// tlsStream makes a side's TLS stream of exactly total bytes: the fullest
// hello that fits, its session id sized so that the remaining bytes are
// none or at least one whole record. ok is false when not even the compact
// hello fits.
func tlsStream(total int64, hello func(sid int, full bool) []byte, seed uint64) (stream, bool) {
	for _, full := range []bool{true, false} {
		base := int64(len(hello(0, full)))
		if total < base {
			continue
		}
		sid, rest := int64(0), total-base
		switch {
		case rest <= maxSessionID:
			sid, rest = rest, 0
		case rest-maxSessionID <= recordHeader:
			sid, rest = maxSessionID-(recordHeader+1)+(rest-maxSessionID), recordHeader+1
		default:
			sid, rest = maxSessionID, rest-maxSessionID
		}
		h := hello(int(sid), full)
		return stream{head: h, size: int64(len(h)) + rest, fill: fillRecords, seed: seed}, true
	}
	return stream{}, false
}
