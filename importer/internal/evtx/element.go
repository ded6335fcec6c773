package evtx

// Element is one element of a record's Event XML, its substitutions
// filled in.
type Element struct {
	Name  string
	Attrs []Attr
	// Text is the element's text content; List holds the items instead
	// when the content was an array substitution.
	Text     string
	List     []string
	Children []*Element
}

// Attr is one attribute of an Element.
type Attr struct {
	Name, Value string
}

// Child returns the first child element called name, or nil.
func (e *Element) Child(name string) *Element {
	if e == nil {
		return nil
	}
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Attr returns the value of the attribute called name, or "".
func (e *Element) Attr(name string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.Attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// ChildText is the text of the first child called name, or "".
func (e *Element) ChildText(name string) string {
	if c := e.Child(name); c != nil {
		return c.Text
	}
	return ""
}
