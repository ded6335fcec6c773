package event

import "io"

// Source yields events one at a time. Next returns io.EOF after the last
// event. The returned Event is only valid until the next call to Next.
type Source interface {
	Next() (*Event, error)
}

// Sink consumes events. Write must not keep e after it returns (Clone it to
// keep it). Close flushes what the sink buffered; a sink that writes a file
// makes it complete only on a Close that returns nil.
type Sink interface {
	Write(e *Event) error
	Close() error
}

// SliceSource serves events from memory, in order.
type SliceSource struct {
	Events []*Event
	i      int
}

// Next implements Source.
func (s *SliceSource) Next() (*Event, error) {
	if s.i >= len(s.Events) {
		return nil, io.EOF
	}
	s.i++
	return s.Events[s.i-1], nil
}

// Collector is a Sink that keeps a clone of every event, for tests and for
// small in-memory runs.
type Collector struct {
	Events []*Event
}

// Write implements Sink.
func (c *Collector) Write(e *Event) error {
	c.Events = append(c.Events, e.Clone())
	return nil
}

// Close implements Sink.
func (c *Collector) Close() error { return nil }

// Tee is a Sink that writes every event to each of its sinks in order and
// stops at the first error.
type Tee []Sink

// Write implements Sink.
func (t Tee) Write(e *Event) error {
	for _, s := range t {
		if err := s.Write(e); err != nil {
			return err
		}
	}
	return nil
}

// Close closes every sink and returns the first error.
func (t Tee) Close() error {
	var first error
	for _, s := range t {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
