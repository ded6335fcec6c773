package evtx

import (
	"encoding/binary"
	"strings"
)

// binxml.go parses Binary XML: fragments, elements with their attributes
// and content, names by chunk offset, template definitions (parsed once per
// chunk into nodes) and template instances, whose substitution values are
// put into those nodes to make a record's Element tree.

// Tokens of Binary XML; tokens that may be followed by more of the same
// content carry hasMore (0x40).
const (
	tokEOF          = 0x00
	tokOpenStart    = 0x01
	tokCloseStart   = 0x02
	tokCloseEmpty   = 0x03
	tokEnd          = 0x04
	tokValue        = 0x05
	tokAttribute    = 0x06
	tokCDATA        = 0x07
	tokCharRef      = 0x08
	tokEntityRef    = 0x09
	tokPITarget     = 0x0a
	tokPIData       = 0x0b
	tokTemplate     = 0x0c
	tokSubstitution = 0x0d
	tokOptionalSub  = 0x0e
	tokFragment     = 0x0f
	hasMore         = 0x40
)

// Bounds on what one record may expand to, and on the template bytes one
// chunk may make the reader parse: a hostile file stays cheap to refuse.
const (
	maxDepth         = 32
	maxElements      = 1 << 14
	maxTextBytes     = 1 << 20
	maxTemplateBytes = 1 << 22
	maxValueBytes    = 1 << 22 // nested Binary XML parsed for one record
	// what all records of one chunk may expand to: a 64 KiB chunk of real
	// records expands to well under a megabyte
	maxChunkElements  = 1 << 18
	maxChunkTextBytes = 1 << 24
)

// node is an element of a template definition (or of a record's own
// Binary XML) before its substitutions are filled in.
type node struct {
	name  string
	attrs []attrNode
	parts []part
}

type attrNode struct {
	name  string
	parts []part
}

type partKind uint8

const (
	partText partKind = iota
	partSub
	partElem
	partInstance
)

// part is one piece of content: text, a substitution, a child element or
// an already expanded template instance.
type part struct {
	kind     partKind
	text     string
	id       uint16
	optional bool
	elem     *node
	inst     *Element
}

// value is one substitution value of a template instance.
type value struct {
	typ byte
	off int // chunk offset of its data
	b   []byte
}

// parser parses the Binary XML of one chunk; names and templates are
// cached by their chunk offset.
type parser struct {
	b         []byte
	names     map[uint32]string
	templates map[uint32]*node
	tmplBytes int
	elems     int // elements the current record expanded to
	text      int // text bytes of the current record
	nested    int // bytes of nested Binary XML the current record parsed
	// chunkElems and chunkText add up elems and text over the chunk's
	// records.
	chunkElems, chunkText int
}

func newParser(b []byte) *parser {
	return &parser{b: b, names: map[uint32]string{}, templates: map[uint32]*node{}}
}

// record parses the Binary XML of one record in [pos, end).
func (p *parser) record(pos, end int) (*Element, error) {
	p.elems, p.text, p.nested = 0, 0, 0
	c := &cursor{b: p.b, pos: pos, end: end}
	root := p.fragment(c, 0)
	if c.err != nil {
		return nil, c.err
	}
	if root == nil {
		return nil, errAt(pos, "record holds no element")
	}
	return root, nil
}

// fragment reads fragments until an end-of-file token or the end of c:
// fragment headers, processing instructions, an element or a template
// instance. It returns the first element.
func (p *parser) fragment(c *cursor, depth int) *Element {
	if depth > maxDepth {
		c.fail("binary XML nested deeper than %d levels", maxDepth)
		return nil
	}
	var root *Element
	for c.err == nil && c.pos < c.end {
		switch tok := c.peek(); tok {
		case tokEOF:
			c.pos++
			return root
		case tokFragment:
			c.take(4)
		case tokPITarget, tokPIData:
			p.pi(c)
		case tokTemplate:
			if el := p.instance(c, depth); root == nil {
				root = el
			}
		case tokOpenStart, tokOpenStart | hasMore:
			n := p.element(c, depth, false, true)
			if c.err == nil {
				if el := p.expand(c, n, nil, depth); root == nil {
					root = el
				}
			}
		default:
			c.fail("unexpected token 0x%02x in a fragment", tok)
		}
	}
	return root
}

// element reads an element's start, attributes and content. In a template
// definition (tmpl) substitutions are kept as parts; a template instance
// may appear only outside one. dep says the start has a dependency id.
func (p *parser) element(c *cursor, depth int, tmpl, dep bool) *node {
	if depth > maxDepth {
		c.fail("elements nested deeper than %d levels", maxDepth)
		return nil
	}
	tok := c.u8()
	if dep {
		c.u16()
	}
	c.u32() // data size: the cursor's bounds are what is trusted
	n := &node{name: p.nameRef(c)}
	if tok&hasMore != 0 {
		c.u32() // attribute list size
		for c.err == nil {
			t := c.peek()
			if t&^hasMore != tokAttribute {
				break
			}
			c.pos++
			a := attrNode{name: p.nameRef(c)}
			a.parts = p.parts(c, nil)
			n.attrs = append(n.attrs, a)
			if t&hasMore == 0 {
				break
			}
		}
	}
	switch t := c.u8(); {
	case c.err != nil:
	case t == tokCloseEmpty:
	case t == tokCloseStart:
		p.content(c, n, depth, tmpl, dep)
	default:
		c.pos--
		c.fail("unexpected token 0x%02x after the start of element %q", t, n.name)
	}
	return n
}

// content reads an element's content up to its end token.
func (p *parser) content(c *cursor, n *node, depth int, tmpl, dep bool) {
	for c.err == nil {
		switch t := c.peek(); t &^ hasMore {
		case tokEnd:
			c.pos++
			return
		case tokOpenStart:
			if child := p.element(c, depth+1, tmpl, dep); c.err == nil {
				n.parts = append(n.parts, part{kind: partElem, elem: child})
			}
		case tokTemplate:
			if tmpl || t&hasMore != 0 {
				c.fail("template instance inside a template definition")
				return
			}
			if el := p.instance(c, depth+1); el != nil {
				n.parts = append(n.parts, part{kind: partInstance, inst: el})
			}
		case tokPITarget, tokPIData:
			p.pi(c)
		case tokValue, tokSubstitution, tokOptionalSub, tokCharRef, tokEntityRef, tokCDATA:
			n.parts = p.parts(c, n.parts)
		default:
			c.fail("unexpected token 0x%02x in element %q", t, n.name)
		}
	}
}

// parts appends to ps the run of text, reference and substitution tokens
// at c.
func (p *parser) parts(c *cursor, ps []part) []part {
	for c.err == nil && c.pos < c.end {
		start := c.pos
		switch t := c.b[c.pos]; t &^ hasMore {
		case tokValue:
			c.pos++
			if typ := c.u8(); typ != TypeString && c.err == nil {
				c.pos = start
				c.fail("value token of type 0x%02x, want a string", typ)
				return ps
			}
			ps = append(ps, part{kind: partText, text: p.str(c)})
		case tokCDATA:
			c.pos++
			ps = append(ps, part{kind: partText, text: p.str(c)})
		case tokCharRef:
			c.pos++
			ps = append(ps, part{kind: partText, text: string(rune(c.u16()))})
		case tokEntityRef:
			c.pos++
			ps = append(ps, part{kind: partText, text: entity(p.nameRef(c))})
		case tokSubstitution, tokOptionalSub:
			if t&hasMore != 0 {
				c.fail("unexpected token 0x%02x", t)
				return ps
			}
			c.pos++
			id := c.u16()
			c.u8() // the declared type: the value's own descriptor is what is read
			ps = append(ps, part{kind: partSub, id: id, optional: t == tokOptionalSub})
		default:
			return ps
		}
	}
	return ps
}

// str reads a length-prefixed UTF-16 string (character count, then the
// characters).
func (p *parser) str(c *cursor) string {
	n := int(c.u16())
	return utf16String(c.take(2 * n))
}

// pi skips a processing instruction's target or data.
func (p *parser) pi(c *cursor) {
	if c.u8() == tokPITarget {
		p.nameRef(c)
		return
	}
	p.str(c)
}

var entities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "quot": `"`, "apos": "'"}

func entity(name string) string {
	if s, ok := entities[name]; ok {
		return s
	}
	return "&" + name + ";"
}

// nameRef reads a name offset; a name stored right there (the first use
// in the chunk) is stepped over.
func (p *parser) nameRef(c *cursor) string {
	off := c.u32()
	if c.err != nil {
		return ""
	}
	s, size, err := p.name(off)
	if err != nil {
		c.err = err
		return ""
	}
	if int(off) == c.pos {
		c.take(size)
	}
	return s
}

// name reads the name at chunk offset off: an unknown 32-bit value, a hash,
// a character count and the NUL-terminated UTF-16 characters.
func (p *parser) name(off uint32) (string, int, error) {
	if int(off) > len(p.b)-8 {
		return "", 0, errAt(int(off), "name offset 0x%x outside the chunk", off)
	}
	n := int(binary.LittleEndian.Uint16(p.b[off+6:]))
	size := 8 + 2*n + 2
	if int(off)+size > len(p.b) {
		return "", 0, errAt(int(off), "name of %d characters at 0x%x runs past the chunk", n, off)
	}
	if s, ok := p.names[off]; ok {
		return s, size, nil
	}
	s := utf16String(p.b[int(off)+8 : int(off)+8+2*n])
	p.names[off] = s
	return s, size, nil
}

// instance reads a template instance: the template's offset (and the
// definition itself when it is stored right there), then the values.
func (p *parser) instance(c *cursor, depth int) *Element {
	start := c.pos
	c.take(2) // token, unknown byte
	c.u32()   // template id
	defOff := c.u32()
	if c.err != nil {
		return nil
	}
	if int(defOff) == c.pos { // the definition follows: step over it
		c.take(20)
		c.take(int(c.u32()))
	}
	tmpl, err := p.template(defOff)
	if err != nil {
		c.err = err
		return nil
	}
	vals := p.values(c)
	if c.err != nil {
		return nil
	}
	if tmpl == nil {
		c.err = errAt(start, "template instance of an empty template")
		return nil
	}
	return p.expand(c, tmpl, vals, depth)
}

// values reads a template instance's value count, descriptors and data.
func (p *parser) values(c *cursor) []value {
	n := int(c.u32())
	if c.err != nil {
		return nil
	}
	if n > (c.end-c.pos)/4 {
		c.fail("%d substitution values do not fit in the record", n)
		return nil
	}
	desc := c.take(4 * n)
	vals := make([]value, n)
	for i := range vals {
		size := int(binary.LittleEndian.Uint16(desc[4*i:]))
		off := c.pos // before take moves it
		vals[i] = value{typ: desc[4*i+2], off: off, b: c.take(size)}
	}
	return vals
}

// template returns the definition at chunk offset off, parsed once per
// chunk: a next-definition offset, a GUID, the data size, then a fragment.
func (p *parser) template(off uint32) (*node, error) {
	if n, ok := p.templates[off]; ok {
		return n, nil
	}
	if int(off) > len(p.b)-24 {
		return nil, errAt(int(off), "template definition offset 0x%x outside the chunk", off)
	}
	size := int(binary.LittleEndian.Uint32(p.b[off+20:]))
	start := int(off) + 24
	if size > len(p.b)-start {
		return nil, errAt(int(off), "template definition of %d bytes runs past the chunk", size)
	}
	if p.tmplBytes += size; p.tmplBytes > maxTemplateBytes {
		return nil, errAt(int(off), "chunk's template definitions exceed %d bytes", maxTemplateBytes)
	}
	c := &cursor{b: p.b, pos: start, end: start + size}
	var root *node
	for c.err == nil && c.pos < c.end && root == nil {
		switch t := c.peek(); t {
		case tokFragment:
			c.take(4)
		case tokOpenStart, tokOpenStart | hasMore:
			root = p.element(c, 0, true, true)
		default:
			c.fail("unexpected token 0x%02x in a template definition", t)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	p.templates[off] = root
	return root, nil
}

// expand makes the Element of n with the substitution values vals.
func (p *parser) expand(c *cursor, n *node, vals []value, depth int) *Element {
	p.elems++
	if p.chunkElems++; p.elems > maxElements || p.chunkElems > maxChunkElements {
		c.fail("record expands to more than %d elements (or its chunk to more than %d)", maxElements, maxChunkElements)
		return nil
	}
	if depth > maxDepth {
		c.fail("elements nested deeper than %d levels", maxDepth)
		return nil
	}
	el := &Element{Name: n.name}
	for _, a := range n.attrs {
		var sb strings.Builder
		if p.fill(c, a.parts, vals, depth, &sb, nil) {
			el.Attrs = append(el.Attrs, Attr{Name: a.name, Value: sb.String()})
		}
	}
	var sb strings.Builder
	p.fill(c, n.parts, vals, depth, &sb, el)
	el.Text = sb.String()
	if c.err != nil {
		return nil
	}
	return el
}

// fill writes the text of parts to sb and, when el is not nil, adds child
// elements and array items to it. It reports false when the parts are
// only optional substitutions whose values are absent (an attribute that
// is then left out).
func (p *parser) fill(c *cursor, parts []part, vals []value, depth int, sb *strings.Builder, el *Element) bool {
	present := false
	for _, pt := range parts {
		if c.err != nil {
			return false
		}
		switch pt.kind {
		case partText:
			sb.WriteString(pt.text)
			p.addText(c, len(pt.text))
			present = true
		case partElem:
			if child := p.expand(c, pt.elem, vals, depth+1); child != nil && el != nil {
				el.Children = append(el.Children, child)
			}
			present = true
		case partInstance:
			if el != nil {
				el.Children = append(el.Children, pt.inst)
			}
			present = true
		case partSub:
			if int(pt.id) >= len(vals) || vals[pt.id].typ == TypeNull {
				present = present || !pt.optional
				continue
			}
			present = true
			p.sub(c, vals[pt.id], depth, sb, el)
		}
	}
	return present
}

// sub writes one substitution value: text, array items or nested Binary
// XML.
func (p *parser) sub(c *cursor, v value, depth int, sb *strings.Builder, el *Element) {
	switch {
	case v.typ == TypeBinXML:
		child := p.binXMLValue(c, v, depth+1)
		if child != nil && el != nil {
			el.Children = append(el.Children, child)
		}
	case v.typ&ArrayFlag != 0:
		items, err := renderArray(v.typ, v.b)
		if err != nil {
			c.err = &posError{Off: v.off, Err: err}
			return
		}
		for _, it := range items {
			p.addText(c, len(it)+1)
		}
		if el == nil {
			sb.WriteString(strings.Join(items, ","))
			return
		}
		el.List = append(el.List, items...)
	default:
		s, err := render(v.typ, v.b)
		if err != nil {
			c.err = &posError{Off: v.off, Err: err}
			return
		}
		p.addText(c, len(s))
		sb.WriteString(s)
	}
}

// addText counts n bytes of text into the record's budget.
func (p *parser) addText(c *cursor, n int) {
	p.text += n
	if p.chunkText += n; p.text > maxTextBytes || p.chunkText > maxChunkTextBytes {
		c.fail("record expands to more than %d bytes of text (or its chunk to more than %d)", maxTextBytes, maxChunkTextBytes)
	}
}

// binXMLValue parses a substitution value that is itself Binary XML: a
// fragment or template instance, or an element without dependency ids.
func (p *parser) binXMLValue(c *cursor, v value, depth int) *Element {
	if p.nested += len(v.b); p.nested > maxValueBytes {
		c.fail("record expands to more than %d bytes of nested Binary XML", maxValueBytes)
		return nil
	}
	vc := &cursor{b: p.b, pos: v.off, end: v.off + len(v.b)}
	var el *Element
	if len(v.b) > 0 && v.b[0]&^hasMore == tokOpenStart {
		if n := p.element(vc, depth, false, false); vc.err == nil {
			el = p.expand(vc, n, nil, depth)
		}
	} else {
		el = p.fragment(vc, depth)
	}
	if vc.err != nil {
		c.err = vc.err
		return nil
	}
	return el
}
