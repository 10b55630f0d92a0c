// Package tomlpos finds where each key of a TOML document is written, so that
// problems found after decoding (an unknown reference, a value out of range,
// a key nobody reads) can be reported at the right line.
//
// The TOML decoder keeps key positions to itself; this package scans the
// document once more, cheaply, and records the line and column of every key,
// table header and array element. It accepts any input without panicking and
// gives up quietly on input that is not TOML, which the decoder reports anyway.
package tomlpos

import (
	"strconv"
	"strings"
)

// Pos is a 1-based line and column.
type Pos struct {
	Line int
	Col  int
}

// Index maps key paths to the position where they are written. A path joins
// keys with dots and writes array elements as [i], counting from zero:
// "steps[2].emotion", "faq[0].q", "stages[1]". Array-of-tables headers count
// as arrays: the third [[steps]] header is "steps[2]".
type Index struct {
	pos   map[string]Pos
	order []string // paths in document order, for loose lookups
}

// Lookup returns the position of path, or of its nearest enclosing key that
// was found, and whether anything was found.
func (ix *Index) Lookup(path string) (Pos, bool) {
	if ix == nil {
		return Pos{}, false
	}
	for p := path; p != ""; p = parent(p) {
		if pos, ok := ix.pos[p]; ok {
			return pos, true
		}
	}
	return Pos{}, false
}

// LookupLoose returns the position of the first key, in document order, whose
// path without array indexes equals keys joined by dots. It serves keys from
// the TOML decoder, which leaves out the index of array-of-tables elements.
func (ix *Index) LookupLoose(keys []string) (Pos, bool) {
	if ix == nil {
		return Pos{}, false
	}
	want := strings.Join(keys, ".")
	if pos, ok := ix.pos[want]; ok {
		return pos, true
	}
	for _, p := range ix.order {
		if stripIndexes(p) == want {
			return ix.pos[p], true
		}
	}
	return ix.Lookup(want)
}

func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func stripIndexes(p string) string {
	if !strings.Contains(p, "[") {
		return p
	}
	var b strings.Builder
	skip := false
	for _, r := range p {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Scan indexes the keys of src, a TOML document. lineOffset is added to every
// line, for documents embedded in a larger file (front matter).
func Scan(src string, lineOffset int) *Index {
	s := &scanner{src: src, line: 1 + lineOffset, lineStart: 0, ix: &Index{pos: map[string]Pos{}}, arrays: map[string]int{}}
	s.document()
	return s.ix
}

type scanner struct {
	src       string
	i         int
	line      int
	lineStart int
	ix        *Index
	arrays    map[string]int // array-of-tables path -> elements seen so far
}

func (s *scanner) record(path string, pos Pos) {
	if path == "" {
		return
	}
	if _, dup := s.ix.pos[path]; dup {
		return
	}
	s.ix.pos[path] = pos
	s.ix.order = append(s.ix.order, path)
}

func (s *scanner) here() Pos { return Pos{Line: s.line, Col: s.i - s.lineStart + 1} }

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.i]
}

// advance moves past one byte; at the end of input it does nothing.
func (s *scanner) advance() {
	if s.eof() {
		return
	}
	if s.src[s.i] == '\n' {
		s.line++
		s.lineStart = s.i + 1
	}
	s.i++
}

// skipSpace skips blanks and tabs, and with newlines also line ends and
// comments.
func (s *scanner) skipSpace(newlines bool) {
	for !s.eof() {
		switch c := s.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			s.advance()
		case c == '#':
			for !s.eof() && s.peek() != '\n' {
				s.advance()
			}
		case c == '\n' && newlines:
			s.advance()
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.advance()
	}
}

func (s *scanner) document() {
	table := ""
	for !s.eof() {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		pos := s.here()
		if s.peek() == '[' {
			table = s.header(pos)
			s.skipLine()
			continue
		}
		key, ok := s.key()
		if !ok {
			s.skipLine()
			continue
		}
		path := join(table, key)
		s.record(path, pos)
		s.value(path)
		s.skipLine()
	}
}

// header reads [a.b] or [[a.b]] and returns the table's path. Every prefix
// that names an array of tables points at its latest element, so
// [steps.metrics] after the third [[steps]] is steps[2].metrics.
func (s *scanner) header(pos Pos) string {
	s.advance()
	array := s.peek() == '['
	if array {
		s.advance()
	}
	key, _ := s.key()
	parts := strings.Split(key, ".")
	path, raw := "", ""
	for i, p := range parts {
		raw = join(raw, p)
		path = join(path, p)
		n := s.arrays[raw]
		switch {
		case i == len(parts)-1 && array:
			s.arrays[raw] = n + 1
			path += "[" + strconv.Itoa(n) + "]"
		case n > 0:
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	s.record(path, pos)
	return path
}

// key reads a bare, quoted or dotted key and the '=' that may follow it.
func (s *scanner) key() (string, bool) {
	var parts []string
	for {
		s.skipSpace(false)
		if s.eof() {
			return "", false
		}
		var part string
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			part = s.quoted(c)
		case isBare(c):
			start := s.i
			for !s.eof() && isBare(s.peek()) {
				s.advance()
			}
			part = s.src[start:s.i]
		default:
			return "", false
		}
		parts = append(parts, part)
		s.skipSpace(false)
		switch s.peek() {
		case '.':
			s.advance()
			continue
		case '=':
			s.advance()
		}
		return strings.Join(parts, "."), true
	}
}

func isBare(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// quoted reads a one-line string starting at the quote q and returns its
// text with escapes left as written.
func (s *scanner) quoted(q byte) string {
	s.advance()
	start := s.i
	for !s.eof() && s.peek() != q && s.peek() != '\n' {
		if q == '"' && s.peek() == '\\' && s.i+1 < len(s.src) && s.src[s.i+1] != '\n' {
			s.advance()
		}
		s.advance()
	}
	text := s.src[start:s.i]
	if !s.eof() && s.peek() == q {
		s.advance()
	}
	return text
}

// value skips one value, recording the positions of array elements and of
// inline-table keys under path.
func (s *scanner) value(path string) {
	s.skipSpace(false)
	if s.eof() {
		return
	}
	switch c := s.peek(); c {
	case '"', '\'':
		if strings.HasPrefix(s.src[s.i:], string([]byte{c, c, c})) {
			s.multiline(c)
			return
		}
		s.quoted(c)
	case '[':
		s.array(path)
	case '{':
		s.inlineTable(path)
	default:
		for !s.eof() && !strings.ContainsRune(",]}\n#", rune(s.peek())) {
			s.advance()
		}
	}
}

func (s *scanner) multiline(q byte) {
	delim := string([]byte{q, q, q})
	for i := 0; i < 3; i++ {
		s.advance()
	}
	for !s.eof() {
		if strings.HasPrefix(s.src[s.i:], delim) {
			for i := 0; i < 3; i++ {
				s.advance()
			}
			// Up to two more quotes may belong to the content.
			for n := 0; n < 2 && !s.eof() && s.peek() == q; n++ {
				s.advance()
			}
			return
		}
		if q == '"' && s.peek() == '\\' && s.i+1 < len(s.src) {
			s.advance()
		}
		s.advance()
	}
}

func (s *scanner) array(path string) {
	s.advance() // [
	for n := 0; ; n++ {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		if s.peek() == ']' {
			s.advance()
			return
		}
		elem := path + "[" + strconv.Itoa(n) + "]"
		s.record(elem, s.here())
		start := s.i
		s.value(elem)
		s.skipSpace(true)
		switch {
		case s.eof():
			return
		case s.peek() == ',':
			s.advance()
		case s.peek() == ']':
		case s.i == start:
			// Not TOML: stop rather than loop.
			s.advance()
			return
		}
	}
}

func (s *scanner) inlineTable(path string) {
	s.advance() // {
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		if s.peek() == '}' {
			s.advance()
			return
		}
		pos := s.here()
		key, ok := s.key()
		if !ok {
			s.advance()
			continue
		}
		sub := join(path, key)
		s.record(sub, pos)
		s.value(sub)
		s.skipSpace(true)
		if !s.eof() && s.peek() == ',' {
			s.advance()
		}
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "." + b
}
