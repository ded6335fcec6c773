package pcap

import "encoding/binary"

// UDP port 53 flows without a zeek.dns record still carry DNS, so that a
// dissector finds well-formed messages: each datagram is a query (or, from
// the server, a response with no answers) for a made-up hex name sized to
// fill it, and datagrams too big for a 250-byte name carry the rest as EDNS
// padding (RFC 7830). No encoded name is 2 bytes long (a root label is 1, a
// one-letter name 3), so a 2-byte name is a pointer to a zero byte of the
// header: the root name, making an 18-byte query well-formed too.

// dnsNameWire is the name length of made-up DNS messages for a flow whose
// client sends datagrams of payload/packets bytes: 1 (the root) or
// 3..maxNameWire, lengths an encoded name can have.
func dnsNameWire(payload, packets int64) int {
	n := int(min(max(payload/max(packets, 1)-16, 1), maxNameWire))
	if n == 2 {
		return 1 // an 18-byte query names the root through a pointer
	}
	return n
}

// readDNS fills dst, one whole datagram, with the stream's DNS message
// (its head): as it is when it fits exactly, with EDNS padding when there
// is room for the padding record, or else a made-up message of the size.
func (s *stream) readDNS(dst []byte) {
	m := len(s.head)
	switch {
	case m > 0 && len(dst) == m:
		copy(dst, s.head)
	case m > 0 && len(dst) >= m+15:
		clear(dst[m:])
		copy(dst, s.head)
		binary.BigEndian.PutUint16(dst[10:], binary.BigEndian.Uint16(dst[10:])+1)
		putPadding(dst[m:])
	default:
		fillDNSMessage(dst, s.fill == fillDNSResponse, s.seed, s.nameWire)
	}
}

// putPadding writes an OPT record of exactly len(o) >= 15 bytes whose only
// option is padding.
func putPadding(o []byte) {
	// root name (0), TYPE OPT, CLASS 1232 (UDP size), TTL 0, RDLENGTH, option 12 (padding)
	binary.BigEndian.PutUint16(o[1:], 41)
	binary.BigEndian.PutUint16(o[3:], 1232)
	binary.BigEndian.PutUint16(o[9:], uint16(len(o)-11))
	binary.BigEndian.PutUint16(o[11:], 12)
	binary.BigEndian.PutUint16(o[13:], uint16(len(o)-15))
}

// maxNameWire is the longest encoded name fillDNS makes.
const maxNameWire = 250

// fillDNSMessage writes a DNS message of exactly len(dst) bytes: header,
// one question and, when the name cannot fill the rest, an OPT record of
// padding. Its name is nameWire bytes long when the rest fits as padding,
// so that both sides of a conversation name the same made-up host.
func fillDNSMessage(dst []byte, response bool, seed uint64, nameWire int) {
	clear(dst)
	if len(dst) < 12 {
		return
	}
	binary.BigEndian.PutUint16(dst, uint16(seed))
	dst[2] = 0x01 // RD
	if response {
		dst[2], dst[3] = 0x81, 0x80 // QR, RD, RA
	}
	room := len(dst) - 16 // name and padding bytes, if there is room for a question
	if room < 1 {
		return
	}
	dst[5] = 1 // QDCOUNT
	wire := fillNameWire(room, nameWire)
	if wire == 2 {
		dst[12], dst[13] = 0xc0, 7 // pointer to ANCOUNT's low byte, 0: the root
	} else {
		putHexName(dst[12:12+wire], seed)
	}
	binary.BigEndian.PutUint16(dst[12+wire:], 1) // QTYPE A
	binary.BigEndian.PutUint16(dst[14+wire:], 1) // QCLASS IN
	if wire < room {
		dst[11] = 1 // ARCOUNT
		putPadding(dst[16+wire:])
	}
}

// fillNameWire splits room bytes between a question's name and an OPT
// padding record (none, or at least 15 bytes): the name is nameWire bytes
// when that leaves no padding or enough for the record, else as long as
// possible up to maxNameWire. It returns 2, a pointer to the root, only
// when room is 2.
func fillNameWire(room, nameWire int) int {
	validName := nameWire == 1 || (nameWire >= 3 && nameWire <= maxNameWire)
	switch {
	case validName && (room == nameWire || room >= nameWire+15):
		return nameWire
	case room <= maxNameWire:
		return room
	}
	return min(room-15, maxNameWire)
}

// putHexName fills n (its whole length) with an encoded name of hex labels
// of at most 63 bytes and returns its length.
func putHexName(n []byte, seed uint64) int {
	rest := len(n) - 1 // before the root label
	i := 0
	for rest > 0 {
		l := min(rest-1, maxLabel)
		if rest-1-l == 1 { // would leave a length byte without a label
			l--
		}
		n[i] = byte(l)
		for j := 1; j <= l; j++ {
			seed = splitmix(seed)
			n[i+j] = "0123456789abcdef"[seed>>60]
		}
		i += l + 1
		rest -= l + 1
	}
	n[i] = 0
	return len(n)
}
