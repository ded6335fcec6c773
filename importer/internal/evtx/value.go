package evtx

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// value.go renders the typed values of substitutions as Windows renders
// them in Event XML: decimal integers, "0x" and lower-case hex for the hex
// types, {GUID} in upper case, S-1-... SIDs, ISO 8601 times with seven
// fractional digits, upper-case hex for binary data.

// Value types of Binary XML (the MSB, ArrayFlag, makes an array of them).
const (
	TypeNull       = 0x00
	TypeString     = 0x01
	TypeAnsiString = 0x02
	TypeInt8       = 0x03
	TypeUInt8      = 0x04
	TypeInt16      = 0x05
	TypeUInt16     = 0x06
	TypeInt32      = 0x07
	TypeUInt32     = 0x08
	TypeInt64      = 0x09
	TypeUInt64     = 0x0a
	TypeReal32     = 0x0b
	TypeReal64     = 0x0c
	TypeBool       = 0x0d
	TypeBinary     = 0x0e
	TypeGUID       = 0x0f
	TypeSizeT      = 0x10
	TypeFileTime   = 0x11
	TypeSysTime    = 0x12
	TypeSID        = 0x13
	TypeHexInt32   = 0x14
	TypeHexInt64   = 0x15
	TypeBinXML     = 0x21
	ArrayFlag      = 0x80
)

// fixedSize is the size of one value of a fixed-size type, 0 for the
// others.
func fixedSize(t byte) int {
	switch t {
	case TypeInt8, TypeUInt8:
		return 1
	case TypeInt16, TypeUInt16:
		return 2
	case TypeInt32, TypeUInt32, TypeReal32, TypeBool, TypeHexInt32:
		return 4
	case TypeInt64, TypeUInt64, TypeReal64, TypeFileTime, TypeHexInt64:
		return 8
	case TypeGUID, TypeSysTime:
		return 16
	}
	return 0
}

// render is the text of one value of type t (no array flag) in b.
func render(t byte, b []byte) (string, error) {
	if n := fixedSize(t); n != 0 && len(b) != n {
		return "", fmt.Errorf("value of type 0x%02x has %d bytes, want %d", t, len(b), n)
	}
	le := binary.LittleEndian
	switch t {
	case TypeNull:
		return "", nil
	case TypeString:
		return utf16String(b), nil
	case TypeAnsiString:
		return ansiString(b), nil
	case TypeInt8:
		return strconv.FormatInt(int64(int8(b[0])), 10), nil
	case TypeUInt8:
		return strconv.FormatUint(uint64(b[0]), 10), nil
	case TypeInt16:
		return strconv.FormatInt(int64(int16(le.Uint16(b))), 10), nil
	case TypeUInt16:
		return strconv.FormatUint(uint64(le.Uint16(b)), 10), nil
	case TypeInt32:
		return strconv.FormatInt(int64(int32(le.Uint32(b))), 10), nil
	case TypeUInt32:
		return strconv.FormatUint(uint64(le.Uint32(b)), 10), nil
	case TypeInt64:
		return strconv.FormatInt(int64(le.Uint64(b)), 10), nil
	case TypeUInt64:
		return strconv.FormatUint(le.Uint64(b), 10), nil
	case TypeReal32:
		return strconv.FormatFloat(float64(math.Float32frombits(le.Uint32(b))), 'g', -1, 32), nil
	case TypeReal64:
		return strconv.FormatFloat(math.Float64frombits(le.Uint64(b)), 'g', -1, 64), nil
	case TypeBool:
		return strconv.FormatBool(le.Uint32(b) != 0), nil
	case TypeBinary:
		return strings.ToUpper(hex.EncodeToString(b)), nil
	case TypeGUID:
		return guidString(b), nil
	case TypeSizeT, TypeHexInt32, TypeHexInt64:
		return hexInt(b)
	case TypeFileTime:
		return FileTime(le.Uint64(b)).UTC().Format(timeLayout), nil
	case TypeSysTime:
		return sysTime(b).Format(timeLayout), nil
	case TypeSID:
		return sidString(b)
	}
	return "", fmt.Errorf("value type 0x%02x is not one this reader renders", t)
}

// timeLayout is how Windows renders FILETIME and SYSTEMTIME values.
const timeLayout = "2006-01-02T15:04:05.0000000Z"

// renderArray splits an array value (t has ArrayFlag) into its items.
func renderArray(t byte, b []byte) ([]string, error) {
	t &^= ArrayFlag
	var out []string
	switch t {
	case TypeString:
		for len(b) >= 2 {
			end := 0
			for end+1 < len(b) && (b[end] != 0 || b[end+1] != 0) {
				end += 2
			}
			out = append(out, utf16String(b[:end]))
			b = b[min(end+2, len(b)):]
		}
		return out, nil
	case TypeAnsiString:
		for _, s := range strings.Split(strings.TrimRight(string(b), "\x00"), "\x00") {
			out = append(out, ansiString([]byte(s)))
		}
		return out, nil
	case TypeSID:
		for len(b) >= 8 {
			n := 8 + 4*int(b[1])
			if n > len(b) {
				break
			}
			s, err := sidString(b[:n])
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			b = b[n:]
		}
		if len(b) != 0 {
			return nil, fmt.Errorf("array of SIDs has %d bytes left over", len(b))
		}
		return out, nil
	}
	n := fixedSize(t)
	if t == TypeSizeT {
		n = 8
		if len(b)%8 != 0 {
			n = 4
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("array of value type 0x%02x is not one this reader renders", t)
	}
	if len(b)%n != 0 {
		return nil, fmt.Errorf("array of value type 0x%02x has %d bytes, not a multiple of %d", t, len(b), n)
	}
	for ; len(b) > 0; b = b[n:] {
		s, err := render(t, b[:n])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// utf16String decodes UTF-16LE without its trailing NULs.
func utf16String(b []byte) string {
	n := len(b) / 2
	for n > 0 && b[2*n-1] == 0 && b[2*n-2] == 0 {
		n--
	}
	ascii := true
	for i := 0; i < n; i++ {
		if b[2*i+1] != 0 || b[2*i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = b[2*i]
		}
		return string(buf)
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// ansiString reads a code-page string as Latin-1 (the code page is not
// recorded), without its trailing NULs.
func ansiString(b []byte) string {
	b = []byte(strings.TrimRight(string(b), "\x00"))
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func guidString(b []byte) string {
	le := binary.LittleEndian
	return fmt.Sprintf("{%08X-%04X-%04X-%02X%02X-%X}", le.Uint32(b), le.Uint16(b[4:]), le.Uint16(b[6:]), b[8], b[9], b[10:16])
}

func hexInt(b []byte) (string, error) {
	switch len(b) {
	case 4:
		return "0x" + strconv.FormatUint(uint64(binary.LittleEndian.Uint32(b)), 16), nil
	case 8:
		return "0x" + strconv.FormatUint(binary.LittleEndian.Uint64(b), 16), nil
	}
	return "", fmt.Errorf("hex integer of %d bytes, want 4 or 8", len(b))
}

// sidString renders a SID: revision, sub-authority count, a 48-bit
// big-endian authority, then the little-endian 32-bit sub-authorities.
func sidString(b []byte) (string, error) {
	if len(b) < 8 || len(b) != 8+4*int(b[1]) {
		return "", fmt.Errorf("SID of %d bytes does not match its %d sub-authorities", len(b), sidCount(b))
	}
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	s := make([]byte, 0, 64)
	s = append(s, "S-"...)
	s = strconv.AppendUint(s, uint64(b[0]), 10)
	s = append(s, '-')
	s = strconv.AppendUint(s, auth, 10)
	for i := 8; i < len(b); i += 4 {
		s = append(s, '-')
		s = strconv.AppendUint(s, uint64(binary.LittleEndian.Uint32(b[i:])), 10)
	}
	return string(s), nil
}

func sidCount(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	return int(b[1])
}

// FileTime converts a FILETIME (100 ns intervals since 1601-01-01 UTC).
func FileTime(ft uint64) time.Time {
	const epochSeconds = 11644473600 // 1601 to 1970
	return time.Unix(int64(ft/1e7)-epochSeconds, int64(ft%1e7)*100).UTC()
}

// sysTime converts a SYSTEMTIME (year, month, weekday, day, hour, minute,
// second, milliseconds as 16-bit values).
func sysTime(b []byte) time.Time {
	f := func(i int) int { return int(binary.LittleEndian.Uint16(b[2*i:])) }
	return time.Date(f(0), time.Month(f(1)), f(3), f(4), f(5), f(6), f(7)*1e6, time.UTC)
}
