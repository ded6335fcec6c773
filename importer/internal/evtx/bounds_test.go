package evtx

import (
	"encoding/binary"
	"strings"
	"testing"
)

// hostileChunk lays out by hand a chunk with one name ("E") at 0x100, the
// template definition body at 0x1000 and a record's Binary XML at 0x3000
// that instantiates it with vals (type, bytes); it returns the parser and
// the record's bounds.
func hostileChunk(body []byte, vals [][2]any) (*parser, int, int) {
	b := make([]byte, ChunkSize)
	le := binary.LittleEndian
	le.PutUint16(b[0x100+6:], 1)
	b[0x100+8] = 'E'
	le.PutUint32(b[0x1000+20:], uint32(len(body)))
	copy(b[0x1000+24:], body)
	rec := []byte{0x0f, 1, 1, 0, 0x0c, 1, 0, 0, 0, 0}
	rec = le.AppendUint32(rec, 0x1000)
	rec = le.AppendUint32(rec, uint32(len(vals)))
	for _, v := range vals {
		rec = le.AppendUint16(rec, uint16(len(v[1].([]byte))))
		rec = append(rec, v[0].(byte), 0)
	}
	for _, v := range vals {
		rec = append(rec, v[1].([]byte)...)
	}
	rec = append(rec, 0)
	copy(b[0x3000:], rec)
	return newParser(b), 0x3000, 0x3000 + len(rec)
}

// elemStart is the start of element "E" (its name at 0x100).
func elemStart() []byte {
	return []byte{0x01, 0xff, 0xff, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 0x02}
}

// TestTextIsBounded: a template that repeats one 30 KB value 200 times
// would expand to 6 MB of text; it is refused.
func TestTextIsBounded(t *testing.T) {
	body := append([]byte{0x0f, 1, 1, 0}, elemStart()...)
	for range 200 {
		body = append(body, 0x0d, 0, 0, TypeString)
	}
	body = append(body, 0x04, 0x00)
	p, start, end := hostileChunk(body, [][2]any{{byte(TypeString), []byte(strings.Repeat("A\x00", 15000))}})
	_, err := p.record(start, end)
	if err == nil || !strings.Contains(err.Error(), "bytes of text") {
		t.Fatalf("error %v", err)
	}
}

// TestDepthIsBounded: elements nested 40 deep are refused.
func TestDepthIsBounded(t *testing.T) {
	body := []byte{0x0f, 1, 1, 0}
	for range 40 {
		body = append(body, elemStart()...)
	}
	for range 40 {
		body = append(body, 0x04)
	}
	body = append(body, 0x00)
	p, start, end := hostileChunk(body, nil)
	_, err := p.record(start, end)
	if err == nil || !strings.Contains(err.Error(), "nested deeper than 32 levels") {
		t.Fatalf("error %v", err)
	}
}

// TestShallowTemplateReads checks the hand-made layout itself: the same
// template, 3 deep with one substitution, reads.
func TestShallowTemplateReads(t *testing.T) {
	body := []byte{0x0f, 1, 1, 0}
	for range 3 {
		body = append(body, elemStart()...)
	}
	body = append(body, 0x0d, 0, 0, TypeString, 0x04, 0x04, 0x04, 0x00)
	p, start, end := hostileChunk(body, [][2]any{{byte(TypeString), []byte("h\x00i\x00")}})
	el, err := p.record(start, end)
	if err != nil {
		t.Fatal(err)
	}
	if el.Name != "E" || el.Children[0].Children[0].Text != "hi" {
		t.Errorf("got %+v", el)
	}
}
