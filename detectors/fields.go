package detectors

import (
	"strconv"

	"github.com/soclab/soclab/event"
)

// slots gives every field path the compiled rules read a small integer, so
// that an event's value for it is looked up at most once per event.
type slots struct {
	index map[string]int
	keys  []string
}

func (s *slots) slot(key string) int {
	if s.index == nil {
		s.index = map[string]int{}
	}
	if i, ok := s.index[key]; ok {
		return i
	}
	s.index[key] = len(s.keys)
	s.keys = append(s.keys, key)
	return len(s.keys) - 1
}

// Fixed slots every engine has.
const (
	slotTimestamp = iota
	slotID
	slotDataset
	slotRelatedIP
	slotRelatedUser
	slotRelatedHosts
)

func newSlots() *slots {
	s := &slots{}
	for _, k := range []string{event.KeyTimestamp, event.KeyID, event.KeyDataset, "related.ip", "related.user", "related.hosts"} {
		s.slot(k)
	}
	return s
}

// number returns a scalar as a float: numbers as they are, strings that
// parse as numbers (Sigma compares numbers given as strings numerically).
func number(v event.Value) (float64, bool) {
	switch v.Kind() {
	case event.KindInt, event.KindFloat:
		return v.FloatVal(), true
	case event.KindString:
		f, err := strconv.ParseFloat(v.Str(), 64)
		return f, err == nil
	}
	return 0, false
}

// textValue renders any value as one string: lists joined by commas. Group
// keys and value_count values use it.
func textValue(v event.Value) string {
	if v.Kind() != event.KindList {
		return v.Text()
	}
	b := make([]byte, 0, 32)
	for i, it := range v.ListVal() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it.Text()...)
	}
	return string(b)
}
