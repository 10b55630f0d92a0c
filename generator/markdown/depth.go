package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxDepth is how deeply a document may nest block quotes, list items and
// footnote definitions in one another, and link brackets in one another.
// goldmark spends time and memory on deep nesting out of proportion to the
// text (3,000 nested list items in a megabyte take it half a minute), and no
// page needs more than a few levels.
const MaxDepth = 32

// tooDeep returns the 0-based line of src on which block quotes, list items
// and footnote definitions may nest more than limit deep, or -1. It reads
// src once, allocating nothing, so that such a document is refused before
// goldmark sees it.
//
// It never counts less than goldmark nests. A container goes on where its
// line has a marker for it ('>') or is indented, by at least two columns
// for a list item; a new container needs a marker ('>', a list marker,
// "[^note]:"). A list marker always opens a new container, after which
// nothing goes on. So a line holds no more containers than its markers and
// half its indentation before the first list marker, nor more than the line
// before plus its markers; a lazy line that goes on with a paragraph keeps
// the line before's. It may count more: a line that starts with more than
// limit markers is refused even where goldmark would not nest it, as in a
// code block.
func tooDeep(src []byte, limit int) int {
	depth := 0    // at least the containers open after the line before
	lazy := false // whether the line may go on with a paragraph
	for n := 0; len(src) > 0; n++ {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		if isBlank(line) {
			lazy = false
			continue
		}
		markers, indent := prefix(line)
		d := min(markers+indent/2, depth+markers)
		if d > limit {
			return n
		}
		if lazy {
			d = max(d, depth)
		}
		depth, lazy = d, true
	}
	return -1
}

// prefix counts the markers that may open or continue a container at the
// start of line, and the columns of blanks before the first list marker (a
// tab counts four).
func prefix(line []byte) (markers, indent int) {
	hr, hrFirst, hrLast := thematicBreak(line)
	listed := false
	for i := 0; i < len(line); markers++ {
		for ; i < len(line) && (line[i] == ' ' || line[i] == '\t'); i++ {
			switch {
			case listed:
			case line[i] == '\t':
				indent += 4
			default:
				indent++
			}
		}
		if i == len(line) {
			break
		}
		end, list := marker(line, i)
		if end < 0 || list && line[i] == hr && hrFirst <= i && i <= hrLast {
			break
		}
		i, listed = end, listed || list
	}
	return markers, indent
}

// marker returns the end of the container marker at line[i] and whether it
// is a list marker (or a footnote's), or -1 when there is none.
func marker(line []byte, i int) (end int, list bool) {
	switch c := line[i]; {
	case c == '>':
		return i + 1, false
	case c == '-' || c == '+' || c == '*':
		if spaceAt(line, i+1) {
			return i + 1, true
		}
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j < len(line) && (line[j] == '.' || line[j] == ')') && spaceAt(line, j+1) {
			return j + 1, true
		}
	case c == '[' && i+1 < len(line) && line[i+1] == '^':
		j := i + bytes.IndexByte(line[i:], ']')
		if j > i && j+1 < len(line) && line[j+1] == ':' {
			return j + 2, true
		}
	}
	return -1, false
}

// thematicBreak finds where line ends in a thematic break: three or more of
// '-', '*' or '_', with nothing but blanks between. A bullet of that
// character from first to last starts a break, not a list item. Without a
// break, c is 0.
func thematicBreak(line []byte) (c byte, first, last int) {
	n := 0
	for j := len(line) - 1; j >= 0; j-- {
		b := line[j]
		if b == ' ' || b == '\t' || b == '\r' {
			continue
		}
		if c == 0 && (b == '-' || b == '*' || b == '_') {
			c = b
		}
		if c == 0 || b != c {
			break
		}
		first = j
		if n++; n == 3 {
			last = j
		}
	}
	if n < 3 {
		return 0, 0, 0
	}
	return c, first, last
}

// spaceAt reports whether line has a blank or its end at i, as a list
// marker needs after it.
func spaceAt(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r'
}

func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// bracketLimit keeps goldmark's stack of open link brackets ('[' and '![')
// at most MaxDepth deep: each closing bracket makes goldmark look through
// everything its opening bracket holds, so deeply nested brackets cost the
// square of their number. It runs just before goldmark's link parser, which
// it mirrors, and turns a bracket beyond the limit into text, keeping the
// offset of the first in the parser's context under key.
type bracketLimit struct {
	key parser.ContextKey
}

// bracketsKey is where bracketLimit keeps its state in a parser's context.
// goldmark numbers context keys in a global counter that every parser
// context reads: a key is made once, here, not per Converter, so that
// builds running side by side do not race on it and the contexts of a
// long preview do not grow with each rebuild.
var bracketsKey = parser.NewContextKey()

// brackets is bracketLimit's state for one document.
type brackets struct {
	open int // brackets open in the current block
	over int // the offset of the first bracket beyond the limit, or -1
}

var _ interface {
	parser.InlineParser
	parser.CloseBlocker
} = (*bracketLimit)(nil)

func (b *bracketLimit) Trigger() []byte { return []byte{'!', '[', ']'} }

func (b *bracketLimit) state(pc parser.Context) *brackets {
	st, _ := pc.Get(b.key).(*brackets)
	if st == nil {
		st = &brackets{over: -1}
		pc.Set(b.key, st)
	}
	return st
}

// Parse counts a bracket and leaves it to the link parser, or, when it
// would open one too many, keeps it and the brackets right after it as
// text.
func (b *bracketLimit) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st := b.state(pc)
	line, seg := block.PeekLine()
	n := 1
	switch {
	case line[0] == ']':
		st.open = max(st.open-1, 0)
		return nil
	case line[0] == '!' && (len(line) < 2 || line[1] != '['):
		return nil
	case line[0] == '!':
		n = 2
	}
	if st.open < MaxDepth {
		st.open++
		return nil
	}
	if st.over < 0 {
		st.over = seg.Start
	}
	for n < len(line) && (line[n] == '[' || line[n] == '!') {
		n++
	}
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

// CloseBlock forgets the brackets of a block, as the link parser does.
func (b *bracketLimit) CloseBlock(_ ast.Node, _ text.Reader, pc parser.Context) {
	b.state(pc).open = 0
}
