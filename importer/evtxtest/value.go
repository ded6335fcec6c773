package evtxtest

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Value is one typed substitution value, made by the functions below.
type Value struct {
	typ    byte
	b      []byte
	nested []Data // a Binary XML value: the EventData of these
}

// Value types (Binary XML's numbering).
const (
	typeNull     = 0x00
	typeString   = 0x01
	typeAnsi     = 0x02
	typeInt8     = 0x03
	typeUInt8    = 0x04
	typeInt16    = 0x05
	typeUInt16   = 0x06
	typeInt32    = 0x07
	typeUInt32   = 0x08
	typeInt64    = 0x09
	typeUInt64   = 0x0a
	typeReal64   = 0x0c
	typeBool     = 0x0d
	typeBinary   = 0x0e
	typeGUID     = 0x0f
	typeFileTime = 0x11
	typeSysTime  = 0x12
	typeSID      = 0x13
	typeHex32    = 0x14
	typeHex64    = 0x15
	typeBinXML   = 0x21
	arrayFlag    = 0x80
)

// Null is an absent value (an optional substitution then leaves its
// attribute out).
func Null() Value { return Value{typ: typeNull} }

// String is a UTF-16 string.
func String(s string) Value { return Value{typ: typeString, b: utf16LE(s)} }

// Ansi is a code-page (here ASCII) string.
func Ansi(s string) Value { return Value{typ: typeAnsi, b: []byte(s)} }

// Int8 and the others below are integers of each size.
func Int8(n int8) Value { return Value{typ: typeInt8, b: []byte{byte(n)}} }

// UInt8 is an unsigned 8-bit integer.
func UInt8(n uint8) Value { return Value{typ: typeUInt8, b: []byte{n}} }

// Int16 is a signed 16-bit integer.
func Int16(n int16) Value { return Value{typ: typeInt16, b: le16(uint16(n))} }

// UInt16 is an unsigned 16-bit integer.
func UInt16(n uint16) Value { return Value{typ: typeUInt16, b: le16(n)} }

// Int32 is a signed 32-bit integer.
func Int32(n int32) Value { return Value{typ: typeInt32, b: le32(uint32(n))} }

// UInt32 is an unsigned 32-bit integer.
func UInt32(n uint32) Value { return Value{typ: typeUInt32, b: le32(n)} }

// Int64 is a signed 64-bit integer.
func Int64(n int64) Value { return Value{typ: typeInt64, b: le64(uint64(n))} }

// UInt64 is an unsigned 64-bit integer.
func UInt64(n uint64) Value { return Value{typ: typeUInt64, b: le64(n)} }

// Real64 is a double.
func Real64(f float64) Value { return Value{typ: typeReal64, b: le64(math.Float64bits(f))} }

// Bool is a boolean (32 bits).
func Bool(v bool) Value {
	if v {
		return Value{typ: typeBool, b: le32(1)}
	}
	return Value{typ: typeBool, b: le32(0)}
}

// Binary is raw bytes.
func Binary(b []byte) Value { return Value{typ: typeBinary, b: append([]byte(nil), b...)} }

// HexInt32 is a 32-bit integer Windows shows in hex ("0xc000006d").
func HexInt32(n uint32) Value { return Value{typ: typeHex32, b: le32(n)} }

// HexInt64 is a 64-bit integer Windows shows in hex ("0x3e7").
func HexInt64(n uint64) Value { return Value{typ: typeHex64, b: le64(n)} }

// FileTime is a time as a FILETIME.
func FileTime(t time.Time) Value { return Value{typ: typeFileTime, b: le64(filetime(t))} }

// SysTime is a time as a SYSTEMTIME (millisecond precision).
func SysTime(t time.Time) Value {
	t = t.UTC()
	var b []byte
	for _, n := range []int{t.Year(), int(t.Month()), int(t.Weekday()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond() / 1e6} {
		b = append(b, le16(uint16(n))...)
	}
	return Value{typ: typeSysTime, b: b}
}

// GUID parses "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"; it panics on
// anything else (test data is written by hand).
func GUID(s string) Value {
	h, err := hex.DecodeString(strings.NewReplacer("{", "", "}", "", "-", "").Replace(s))
	if err != nil || len(h) != 16 {
		panic(fmt.Sprintf("evtxtest: bad GUID %q", s))
	}
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b, binary.BigEndian.Uint32(h))
	binary.LittleEndian.PutUint16(b[4:], binary.BigEndian.Uint16(h[4:]))
	binary.LittleEndian.PutUint16(b[6:], binary.BigEndian.Uint16(h[6:]))
	copy(b[8:], h[8:])
	return Value{typ: typeGUID, b: b}
}

// SID parses "S-1-5-21-..."; it panics on anything else.
func SID(s string) Value {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || parts[0] != "S" {
		panic(fmt.Sprintf("evtxtest: bad SID %q", s))
	}
	rev, err1 := strconv.ParseUint(parts[1], 10, 8)
	auth, err2 := strconv.ParseUint(parts[2], 10, 48)
	if err1 != nil || err2 != nil {
		panic(fmt.Sprintf("evtxtest: bad SID %q", s))
	}
	b := []byte{byte(rev), byte(len(parts) - 3), byte(auth >> 40), byte(auth >> 32), byte(auth >> 24), byte(auth >> 16), byte(auth >> 8), byte(auth)}
	for _, p := range parts[3:] {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			panic(fmt.Sprintf("evtxtest: bad SID %q", s))
		}
		b = append(b, le32(uint32(n))...)
	}
	return Value{typ: typeSID, b: b}
}

// Strings is an array of UTF-16 strings.
func Strings(items ...string) Value {
	var b []byte
	for _, s := range items {
		b = append(b, utf16LE(s)...)
		b = append(b, 0, 0)
	}
	return Value{typ: typeString | arrayFlag, b: b}
}

// Raw is a value of any type code with the given bytes, for tests of
// malformed values.
func Raw(typ byte, b []byte) Value { return Value{typ: typ, b: append([]byte(nil), b...)} }

func filetime(t time.Time) uint64 {
	return uint64(t.Unix()+11644473600)*1e7 + uint64(t.Nanosecond()/100)
}

func utf16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

func le16(n uint16) []byte { return binary.LittleEndian.AppendUint16(nil, n) }
func le32(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }
func le64(n uint64) []byte { return binary.LittleEndian.AppendUint64(nil, n) }
