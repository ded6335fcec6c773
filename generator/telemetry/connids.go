package telemetry

import "unsafe"

// ConnIDs remembers the community ids (network.community_id) of recent
// connections. The flow, DNS, proxy and firewall records of one connection
// are built close together by one source, so a source that hands its own
// ConnIDs to the builders (in Meta) hashes most connections once instead of
// once per record. It is direct-mapped: a collision only costs hashing
// again. It is not safe for concurrent use; the zero value is ready.
type ConnIDs struct {
	slots [connIDSlots]connID
	// text is where new ids are written: ids are carved from one chunk
	// (and made strings without copying) rather than allocated one by one.
	// A chunk's bytes are never written again once carved.
	text []byte
}

// connIDChunk is the size of the chunks ids are carved from.
const connIDChunk = 128 * communityIDLen

// connIDSlots is the number of connections a ConnIDs remembers (a power of
// two): enough for the conversations a busy source has in flight.
const connIDSlots = 64

type connID struct {
	c  Conn
	id string
}

// communityID returns CommunityID(c), from ids when it holds c (ids may be
// nil).
func (ids *ConnIDs) communityID(c Conn) string {
	if ids == nil {
		return CommunityID(c)
	}
	h := uint64(c.SrcPort)<<16 ^ uint64(c.DstPort) ^ uint64(len(c.Transport))<<32
	if c.SrcIP.Is4() {
		b := c.SrcIP.As4()
		h ^= uint64(b[3])<<40 | uint64(b[2])<<48
	}
	slot := &ids.slots[(h*0x9e3779b97f4a7c15)>>(64-6)]
	if slot.id != "" && slot.c == c {
		return slot.id
	}
	if len(ids.text)+communityIDLen > cap(ids.text) {
		ids.text = make([]byte, 0, connIDChunk)
	}
	n := len(ids.text)
	out := (*[communityIDLen]byte)(ids.text[n : n+communityIDLen])
	if !putCommunityID(out, c) {
		return ""
	}
	ids.text = ids.text[:n+communityIDLen]
	id := unsafe.String(&out[0], communityIDLen)
	slot.c, slot.id = c, id
	return id
}

// carve returns n bytes of ids' current chunk (a new chunk when it is
// full) for the caller to fill and then make a string of without copying;
// nothing writes them again.
func (ids *ConnIDs) carve(n int) []byte {
	if len(ids.text)+n > cap(ids.text) {
		ids.text = make([]byte, 0, connIDChunk)
	}
	k := len(ids.text)
	ids.text = ids.text[:k+n]
	return ids.text[k : k+n : k+n]
}
