package pcap

import (
	"encoding/binary"
	"hash/crc32"
	"strings"
)

// HTTP bodies are filler text wrapped so that a dissector chosen by the
// Content-Type finds a well-formed document: JSON and XML documents around
// the text, and for PNG, GIF and JPEG a minimal valid image followed by the
// filler. A body too short for its wrapper is plain filler.

// bodyWrap returns what goes before and after the filler of a body of
// size bytes with the given MIME type.
func bodyWrap(mime string, size int64) (prefix, suffix []byte) {
	mime = strings.ToLower(strings.TrimSpace(strings.SplitN(mime, ";", 2)[0]))
	var p, s string
	switch {
	case strings.Contains(mime, "json"):
		p, s = `{"data":"`, `"}`
	case strings.HasSuffix(mime, "/xml") || strings.HasSuffix(mime, "+xml"):
		p, s = `<?xml version="1.0"?><data>`, `</data>`
	case mime == "image/png" && size <= maxPNG:
		return pngWrap(size)
	case mime == "image/gif":
		p = gifImage
	case mime == "image/jpeg" || mime == "image/jpg":
		p = jpegImage
	}
	if int64(len(p)+len(s)) > size {
		return nil, nil
	}
	return []byte(p), []byte(s)
}

// gifImage is a 1x1 GIF; jpegImage is a JPEG's start, JFIF header and end.
const (
	gifImage  = "GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
	jpegImage = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
)

// maxPNG is the largest PNG body made a valid image: its text chunk's
// CRC costs a pass over the filler.
const maxPNG = 64 << 20

// pngHead is a PNG's signature and header chunk; pngText starts the text
// chunk that holds the filler; pngEnd is the end chunk.
var (
	pngHead = pngChunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0})
	pngEnd  = pngChunk(nil, "IEND", nil)
)

const pngText = "tEXtComment\x00"

// pngWrap makes a PNG of size bytes whose tEXt chunk holds the filler; the
// chunk's CRC (the suffix's first 4 bytes) is set by fixPNG once the
// filler is known.
func pngWrap(size int64) (prefix, suffix []byte) {
	over := int64(len(pngHead) + 4 + len(pngText) + 4 + len(pngEnd))
	if size < over {
		return nil, nil
	}
	prefix = binary.BigEndian.AppendUint32(append([]byte{}, pngHead...), uint32(size-over+int64(len(pngText))-4))
	prefix = append(prefix, pngText...)
	return prefix, append(make([]byte, 4), pngEnd...)
}

// fixPNG writes the CRC of the text chunk that ends body bytes before the
// end of s (body starts with a pngWrap prefix).
func fixPNG(s *stream, body int64) {
	start := s.size - body + int64(len(pngHead)) + 4 // the chunk type
	end := s.size - int64(len(s.suffix))
	buf := make([]byte, 32<<10)
	crc := uint32(0)
	for off := start; off < end; off += int64(len(buf)) {
		n := min(int64(len(buf)), end-off)
		s.read(off, buf[:n])
		crc = crc32.Update(crc, crc32.IEEETable, buf[:n])
	}
	binary.BigEndian.PutUint32(s.suffix, crc)
}

func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}
