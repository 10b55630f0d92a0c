package tomlpos

import "strings"

// Scan indexes the keys of src, a TOML document. lineOffset is added to every
// line, for documents embedded in a larger file (front matter). A document
// nested deeper than MaxDepth gives a *DepthError and a partial index.
func Scan(src string, lineOffset int) (*Index, error) {
	s := &scanner{src: src, line: 1 + lineOffset, ix: &Index{blocks: [][]node{make([]node, 1, firstSize)}, keys: map[edge]int32{}, src: src, offset: lineOffset}}
	s.document()
	s.ix.freeze()
	if s.err != nil {
		return s.ix, s.err
	}
	return s.ix, nil
}

type scanner struct {
	src       string
	i         int
	line      int
	lineStart int
	ix        *Index
	// err, once set, ends the scan: eof reports true.
	err error
}

// child returns the node for key under parent, creating it, or stops the
// scan at pos when it would be nested too deep.
func (s *scanner) child(parent int32, key string, pos Pos) int32 {
	e := edge{parent, key}
	if c, ok := s.ix.keys[e]; ok {
		return c
	}
	if !s.deepEnough(parent, pos) {
		return parent
	}
	bare := s.bareChild(s.ix.node(parent).bare, key)
	if parent == s.ix.node(parent).bare {
		// The path has no indexes: it is its own bare path, just made.
		return bare
	}
	c := s.ix.add(parent, bare)
	s.ix.keys[e] = c
	return c
}

// bareChild returns the node for key under a bare node, creating it. Bare
// nodes are never deeper than the nodes they stand for.
func (s *scanner) bareChild(parent int32, key string) int32 {
	e := edge{parent, key}
	if c, ok := s.ix.keys[e]; ok {
		return c
	}
	c := s.ix.add(parent, 0)
	s.ix.node(c).bare = c
	s.ix.keys[e] = c
	return c
}

// elem appends an element to the array at parent and returns it, or stops
// the scan at pos when it would be nested too deep.
func (s *scanner) elem(parent int32, pos Pos) int32 {
	if !s.deepEnough(parent, pos) {
		return parent
	}
	p := s.ix.node(parent)
	c := s.ix.add(parent, p.bare)
	p.elems = append(p.elems, c)
	return c
}

func (s *scanner) deepEnough(parent int32, pos Pos) bool {
	if s.ix.node(parent).depth < MaxDepth {
		return true
	}
	if s.err == nil {
		s.err = &DepthError{Pos: pos}
	}
	return false
}

func (s *scanner) record(n int32, pos Pos) {
	if n == 0 || s.err != nil {
		return
	}
	nd := s.ix.node(n)
	if nd.pos.Line == 0 {
		nd.pos = pos
	}
	if b := s.ix.node(nd.bare); b.first.Line == 0 {
		b.first = pos
	}
}

func (s *scanner) here() Pos { return Pos{Line: s.line, Col: s.i - s.lineStart + 1} }

func (s *scanner) eof() bool { return s.err != nil || s.i >= len(s.src) }

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
			s.skipLine()
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
	table := int32(0)
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
		n, ok := s.key(table)
		if !ok {
			s.skipLine()
			continue
		}
		s.record(n, pos)
		s.value(n)
		s.skipLine()
	}
}

// header reads [a.b] or [[a.b]] and returns the table's node. Every prefix
// that names an array of tables stands for its latest element, so
// [steps.metrics] after the third [[steps]] is steps[2].metrics.
func (s *scanner) header(pos Pos) int32 {
	s.advance()
	array := s.peek() == '['
	if array {
		s.advance()
	}
	n := int32(0)
	for {
		s.skipSpace(false)
		part, more, ok := s.keyPart()
		if !ok {
			break
		}
		n = s.child(n, part, pos)
		if !more && array {
			s.ix.node(n).tables = true
			n = s.elem(n, pos)
			break
		}
		if nd := s.ix.node(n); nd.tables {
			n = nd.elems[len(nd.elems)-1]
		}
		if !more {
			break
		}
	}
	s.record(n, pos)
	return n
}

// key reads a bare, quoted or dotted key under node n and the '=' that may
// follow it, and returns the key's node.
func (s *scanner) key(n int32) (int32, bool) {
	for {
		s.skipSpace(false)
		pos := s.here()
		part, more, ok := s.keyPart()
		if !ok {
			return 0, false
		}
		n = s.child(n, part, pos)
		if !more {
			if s.peek() == '=' {
				s.advance()
			}
			return n, true
		}
	}
}

// keyPart reads one part of a key, the blanks after it and the dot that
// may follow; more tells whether there was one.
func (s *scanner) keyPart() (part string, more, ok bool) {
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
		return "", false, false
	}
	s.skipSpace(false)
	if s.peek() == '.' {
		s.advance()
		return part, true, true
	}
	return part, false, true
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
// inline-table keys under node n.
func (s *scanner) value(n int32) {
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
		s.array(n)
	case '{':
		s.inlineTable(n)
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

func (s *scanner) array(n int32) {
	s.advance() // [
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		if s.peek() == ']' {
			s.advance()
			return
		}
		pos := s.here()
		elem := s.elem(n, pos)
		s.record(elem, pos)
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

func (s *scanner) inlineTable(n int32) {
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
		sub, ok := s.key(n)
		if !ok {
			s.advance()
			continue
		}
		s.record(sub, pos)
		s.value(sub)
		s.skipSpace(true)
		if !s.eof() && s.peek() == ',' {
			s.advance()
		}
	}
}
