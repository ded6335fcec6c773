package detectors

// evidencePool recycles the evidence of base events: most events that a
// correlation counts expire from its window long before the stream ends,
// and a recycled evidence costs no allocation.
type evidencePool struct {
	free  []*evidence
	chunk []evidence // fresh evidences, allocated a few at a time
}

// maxFreeEvidence bounds the evidences kept for reuse.
const maxFreeEvidence = 1 << 14

// get returns an empty pooled evidence with no reference.
func (p *evidencePool) get() *evidence {
	if n := len(p.free); n > 0 {
		ev := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		return ev
	}
	if len(p.chunk) == 0 {
		p.chunk = make([]evidence, 32)
	}
	ev := &p.chunk[0]
	p.chunk = p.chunk[1:]
	ev.pooled = true
	ev.texts = ev.buf[:0]
	return ev
}

// put takes back a pooled evidence no hit refers to, dropping what it
// holds of the event.
func (p *evidencePool) put(ev *evidence) {
	if len(p.free) >= maxFreeEvidence {
		return
	}
	clear(ev.texts)
	texts := ev.texts[:0]
	if cap(texts) > 64 {
		texts = ev.buf[:0]
	}
	*ev = evidence{pooled: true, texts: texts}
	p.free = append(p.free, ev)
}

// hold records one more hit referring to ev.
func (ev *evidence) hold() {
	if ev != nil && ev.pooled {
		ev.refs++
	}
}

// release records that a hit no longer refers to ev, and recycles it when
// it was the last one.
func (p *evidencePool) release(ev *evidence) {
	if ev == nil || !ev.pooled {
		return
	}
	if ev.refs--; ev.refs <= 0 {
		p.put(ev)
	}
}
