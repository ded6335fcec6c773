package report

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/soclab/soclab/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// MaxSize is the largest report Parse accepts (1 MiB).
const MaxSize = 1 << 20

// Errors Parse returns for reports it cannot read; wrapped with the file.
var (
	ErrTooLarge = errors.New("report is larger than 1 MiB")
	ErrNotUTF8  = errors.New("report is not valid UTF-8 text")
)

// Options tell Parse the file name (for errors) and the time window of the
// lab, whose dates give a time written without a date its day.
type Options struct {
	File string
	From time.Time
	To   time.Time
}

// Report is a parsed L1 report.
type Report struct {
	// Sections holds the sections found, by id; a section named twice has
	// its lines merged.
	Sections map[SectionID]*Section
	// Other is text under headings that name no section, and before the
	// first heading.
	Other   *Section
	options Options
	// memo holds what the accessors derive, computed once: the grader
	// asks for the same text and rows from several criteria.
	memo struct {
		allText, listed, norm sync.Once
		timeline, indicators  sync.Once
		normV                 string
		allTextV, listedV     string
		timelineV             []Entry
		indicatorsV           []Indicator
	}
}

// Section is one section of the report.
type Section struct {
	ID      SectionID
	Heading string // as written
	Line    int    // line of the heading
	// Lines are the trainee's lines, in order: paragraph and list lines,
	// code lines and table rows (with Cells). Template text is left out.
	Lines []Line
	// Template counts the placeholder lines left out.
	Template int
}

// Line is one line of text, or one table row.
type Line struct {
	N      int      // line number in the file
	Text   string   // the text, markup removed; for a row, the cells joined by " | "
	Cells  []string // a table row's cells, else nil
	Header []string // a table row's header cells
	// Item is true for a line of a list item: with a table's value
	// column, the only place that lists indicators.
	Item bool
}

// Empty reports whether the section holds nothing but template text (or
// table headers).
func (s *Section) Empty() bool {
	for _, l := range s.Lines {
		if l.Header == nil || l.Cells != nil {
			return false
		}
	}
	return true
}

// Text returns the section's lines joined by newlines.
func (s *Section) Text() string {
	if s == nil {
		return ""
	}
	var b strings.Builder
	for _, l := range s.Lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Section returns the section id, or nil when the report lacks it.
func (r *Report) Section(id SectionID) *Section { return r.Sections[id] }

// Text returns the text of a section ("" when missing).
func (r *Report) Text(id SectionID) string { return r.Sections[id].Text() }

// AllText returns the text of the whole report, sections in file order.
func (r *Report) AllText() string {
	r.memo.allText.Do(func() { r.memo.allTextV = r.allText() })
	return r.memo.allTextV
}

// NormalizedText is AllText normalized for ContainsToken and ContainsHost
// (refanged, lower case), computed once.
func (r *Report) NormalizedText() string {
	r.memo.norm.Do(func() { r.memo.normV = NormalizeText(r.AllText()) })
	return r.memo.normV
}

func (r *Report) allText() string {
	secs := make([]*Section, 0, len(r.Sections)+1)
	for _, s := range r.Sections {
		secs = append(secs, s)
	}
	sort.Slice(secs, func(i, j int) bool { return secs[i].Line < secs[j].Line })
	var b strings.Builder
	b.WriteString(r.Other.Text())
	for _, s := range secs {
		b.WriteString(s.Text())
	}
	return b.String()
}

var md = goldmark.New(goldmark.WithExtensions(extension.Table))

// Parse reads a report. It fails only on a file that is too large, not
// UTF-8, or beyond the parser's budget (ErrInvalid: see checkBudget); any
// other Markdown parses.
func Parse(src []byte, opts Options) (*Report, error) {
	if opts.File == "" {
		opts.File = "report.md"
	}
	if len(src) > MaxSize {
		return nil, fmt.Errorf("%s: %w (it is %d bytes)", opts.File, ErrTooLarge, len(src))
	}
	if at := diag.InvalidUTF8Line(src); at > 0 {
		return nil, fmt.Errorf("%s:%d: %w", opts.File, at, ErrNotUTF8)
	}
	if at, reason := checkBudget(src); at > 0 {
		return nil, fmt.Errorf("%s:%d: %w: %s", opts.File, at, ErrInvalid, reason)
	}
	src = blankComments(src)
	doc := md.Parser().Parse(text.NewReader(src))
	b := &builder{src: src, lines: lineStarts(src), r: &Report{Sections: map[SectionID]*Section{}, Other: &Section{}, options: opts}}
	b.cur = b.r.Other
	ast.Walk(doc, b.visit)
	return b.r, nil
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// builder walks the Markdown tree and fills the sections.
type builder struct {
	src      []byte
	lines    []int
	r        *Report
	cur      *Section
	curLevel int
}

func (b *builder) lineOf(offset int) int {
	return sort.Search(len(b.lines), func(i int) bool { return b.lines[i] > offset })
}

func (b *builder) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Heading:
		b.heading(n)
		return ast.WalkSkipChildren, nil
	case *east.Table:
		b.table(n)
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock:
		return ast.WalkSkipChildren, nil
	case *ast.Paragraph, *ast.TextBlock, *ast.FencedCodeBlock, *ast.CodeBlock:
		b.block(n)
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

// heading starts a section when it names one; an unknown heading nested
// deeper than the current section's stays inside it.
func (b *builder) heading(h *ast.Heading) {
	title := clean(b.segments(h.Lines()))
	line := 0
	if h.Lines().Len() > 0 {
		line = b.lineOf(h.Lines().At(0).Start)
	}
	id := MatchHeading(title)
	switch {
	case id != "":
		s := b.r.Sections[id]
		if s == nil {
			s = &Section{ID: id, Heading: title, Line: line}
			b.r.Sections[id] = s
		}
		b.cur, b.curLevel = s, h.Level
	case b.cur != b.r.Other && h.Level > b.curLevel:
		// a sub-heading of the current section
	default:
		b.cur, b.curLevel = b.r.Other, 0
	}
}

// block adds the lines of a paragraph or code block.
func (b *builder) block(n ast.Node) {
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		t := clean(string(seg.Value(b.src)))
		if t == "" {
			continue
		}
		if IsPlaceholder(t) {
			b.cur.Template++
			continue
		}
		b.cur.Lines = append(b.cur.Lines, Line{N: b.lineOf(seg.Start), Text: t, Item: inListItem(n)})
	}
}

// table adds a table's rows; a row whose cells are all template text is
// left out.
func (b *builder) table(t *east.Table) {
	var header []string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		line, filled := 0, false
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Lines().Len() > 0 && line == 0 {
				line = b.lineOf(c.Lines().At(0).Start)
			}
			v := clean(b.segments(c.Lines()))
			if IsPlaceholder(v) {
				v = ""
			} else {
				filled = true
			}
			cells = append(cells, v)
		}
		if _, isHeader := row.(*east.TableHeader); isHeader {
			header = cells
			b.cur.Lines = append(b.cur.Lines, Line{N: line, Text: strings.Join(cells, " | "), Header: header})
			continue
		}
		if !filled {
			b.cur.Template++
			continue
		}
		if header == nil {
			header = []string{}
		}
		b.cur.Lines = append(b.cur.Lines, Line{N: line, Text: strings.Join(cells, " | "), Cells: cells, Header: header})
	}
}

// inListItem reports whether a block stands in a list item.
func inListItem(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.ListItem); ok {
			return true
		}
	}
	return false
}

func (b *builder) segments(segs *text.Segments) string {
	var s strings.Builder
	for i := 0; i < segs.Len(); i++ {
		if i > 0 {
			s.WriteByte(' ')
		}
		seg := segs.At(i)
		s.Write(seg.Value(b.src))
	}
	return s.String()
}

var cleaner = strings.NewReplacer("**", "", "__", "", "`", "", "\\_", "_", "\\[", "[", "\\]", "]", "\\*", "*", "\\.", ".", "\\|", "|", "\\<", "<", "\\>", ">", "\\#", "#")

// clean drops inline markup that hides text from matching: bold, code
// ticks and backslash escapes, and trims spaces.
func clean(s string) string {
	return strings.TrimSpace(cleaner.Replace(strings.TrimRight(s, "\r\n")))
}
