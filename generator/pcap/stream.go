package pcap

// fill says what the bytes of a stream after its head look like.
type fill uint8

const (
	fillText        fill = iota // printable text: HTTP bodies
	fillRandom                  // opaque bytes: payload of unknown protocols
	fillRecords                 // TLS application_data records around opaque bytes
	fillDNSQuery                // one made-up DNS query per read (UDP port 53)
	fillDNSResponse             // one made-up DNS response per read
)

// recordMax is the largest TLS record: 5 header bytes and 2^14 of data.
const (
	recordHeader = 5
	recordMax    = recordHeader + 1<<14
)

// stream is the byte stream one side of a conversation sends: a small head
// kept in memory (a DNS message, an HTTP head, a TLS hello) and a tail made
// on demand, so a 2 GB transfer never sits in memory.
type stream struct {
	head   []byte
	suffix []byte // the stream's last bytes, after the filler
	size   int64  // head, filler and suffix
	fill   fill
	seed   uint64
	// nameWire is the name length of made-up DNS messages (fillDNS*).
	nameWire int
}

// read copies the stream's bytes from off into dst.
func (s *stream) read(off int64, dst []byte) {
	if s.fill >= fillDNSQuery {
		s.readDNS(dst)
		return
	}
	if off < int64(len(s.head)) {
		n := copy(dst, s.head[off:])
		dst, off = dst[n:], off+int64(n)
	}
	if end := s.size - int64(len(s.suffix)); len(s.suffix) > 0 && off+int64(len(dst)) > end {
		cut := max(end-off, 0)
		copy(dst[cut:], s.suffix[off+cut-end:])
		dst = dst[:cut]
	}
	tail := off - int64(len(s.head))
	switch s.fill {
	case fillText:
		fillFrom(dst, textTable, tail+int64(s.seed%uint64(len(textTable))))
	case fillRandom:
		fillFrom(dst, randomTable, tail+int64(s.seed%uint64(len(randomTable))))
	case fillRecords:
		s.readRecords(tail, dst)
	}
}

func fillFrom(dst, table []byte, off int64) {
	i := int(off % int64(len(table)))
	for len(dst) > 0 {
		n := copy(dst, table[i:])
		dst, i = dst[n:], 0
	}
}

// readRecords fills dst with the tail at off, laid out as TLS
// application_data records of recordMax bytes; the last two are evened out
// so that none is shorter than a header and one byte.
func (s *stream) readRecords(off int64, dst []byte) {
	total := s.size - int64(len(s.head))
	for len(dst) > 0 {
		start, size := recordAt(total, off)
		in := off - start
		if off >= total || in >= size {
			clear(dst) // past the stream's end: callers never ask, but never loop (TestReadRecordsPastEnd)
			return
		}
		var n int
		if in < recordHeader {
			hdr := [recordHeader]byte{23, 3, 3, byte((size - recordHeader) >> 8), byte(size - recordHeader)}
			n = copy(dst, hdr[in:])
		} else {
			n = int(min(int64(len(dst)), size-in))
			fillFrom(dst[:n], randomTable, off+int64(s.seed%4096))
		}
		dst, off = dst[n:], off+int64(n)
	}
}

// recordAt returns the start and size of the record holding byte off of a
// record stream of total bytes.
func recordAt(total, off int64) (start, size int64) {
	n := (total + recordMax - 1) / recordMax
	last := total - (n-1)*recordMax
	k := off / recordMax
	if last >= recordHeader+1 || n < 2 {
		if k == n-1 {
			return k * recordMax, last
		}
		return k * recordMax, recordMax
	}
	// last record too short: move bytes into it from the one before.
	short := int64(recordHeader + 1)
	cut := total - short
	switch {
	case off >= cut:
		return cut, short
	case off >= (n-2)*recordMax:
		return (n - 2) * recordMax, cut - (n-2)*recordMax
	}
	return k * recordMax, recordMax
}

// Tables the tails are cut from: fixed, so the output is deterministic.
var textTable, randomTable = makeTables()

func makeTables() (text, random []byte) {
	words := []string{"the ", "quarterly ", "report ", "lorem ", "ipsum ", "data ", "service ", "update ", "user ", "network ", "policy ", "cloud ", "meeting ", "invoice ", "status ", "ok ", "index ", "value "}
	x := uint64(0x50c1ab)
	for len(text) < 4096 {
		x = splitmix(x)
		text = append(text, words[x%uint64(len(words))]...)
	}
	random = make([]byte, 4096)
	for i := 0; i < len(random); i += 8 {
		x = splitmix(x)
		for j := 0; j < 8; j++ {
			random[i+j] = byte(x >> (8 * j))
		}
	}
	return text[:4096], random
}
