package event

import (
	"hash/maphash"
	"time"
)

// internTable shares one copy of short repeated string values (actions,
// outcomes, datasets, addresses): first the key's last value, then a
// direct-mapped table, so a lookup costs a compare or a hash and a
// compare. Keys whose values rarely repeat (event ids) stop being looked
// up for a while.
type internTable struct {
	table [internSize]string
	last  []string // by slot: the key's last value
	tries []uint32 // by slot
	hits  []uint32
}

const (
	internSize   = 4096
	maxInternLen = 64
)

var internSeed = maphash.MakeSeed()

func (t *internTable) init(slots int) {
	t.last = make([]string, slots)
	t.tries = make([]uint32, slots)
	t.hits = make([]uint32, slots)
}

// text returns raw, the value of a field at slot, as a string.
func (t *internTable) text(raw []byte, slot int32) string {
	if len(raw) > maxInternLen {
		return string(raw)
	}
	if v := t.last[slot]; v == bstr(raw) {
		return v
	}
	tries := t.tries[slot]
	if tries >= 256 && t.hits[slot] < tries/8 {
		// Rarely repeated: recheck after a while in case the data changes.
		if t.tries[slot]++; t.tries[slot] >= 1<<16 {
			t.tries[slot], t.hits[slot] = 0, 0
		}
		return string(raw)
	}
	if tries >= 1<<16 {
		t.tries[slot], t.hits[slot] = 0, 0
	}
	t.tries[slot]++
	h := maphash.Bytes(internSeed, raw) & (internSize - 1)
	if v := t.table[h]; v == bstr(raw) {
		t.hits[slot]++
		t.last[slot] = v
		return v
	}
	v := string(raw)
	t.table[h], t.last[slot] = v, v
	return v
}

// parseLayoutDate parses a date in TimestampLayout (its separators already
// checked) as Unix nanoseconds; false when a number is out of range, for
// ParseTime to judge.
func parseLayoutDate(b []byte) (int64, bool) {
	d := func(i, n int) int {
		v := 0
		for k := i; k < i+n; k++ {
			c := b[k]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, dd, h, mi, sec, ms := d(0, 4), d(5, 2), d(8, 2), d(11, 2), d(14, 2), d(17, 2), d(20, 3)
	if y < 0 || mo < 1 || mo > 12 || dd < 1 || dd > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0 {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), dd, h, mi, sec, ms*int(time.Millisecond), time.UTC)
	if t.Day() != dd {
		return 0, false
	}
	return t.UnixNano(), true
}
