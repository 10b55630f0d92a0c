// Package tomlpos finds where each key of a TOML document is written, so that
// problems found after decoding (an unknown reference, a value out of range,
// a key nobody reads) can be reported at the right line.
//
// The TOML decoder keeps key positions to itself; this package scans the
// document once more, cheaply, and records the line and column of every key,
// table header and array element. It accepts any input without panicking and
// gives up quietly on input that is not TOML, which the decoder reports anyway.
//
// The scan takes time and memory in proportion to the document, and refuses
// a document nested deeper than MaxDepth. Callers scan before they decode, so
// that a nesting bomb is refused before the decoder, whose cost grows with
// the square of the depth, sees it.
//
// It imports nothing but the standard library.
package tomlpos

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxDepth is how deeply a document may nest. Every table name, dotted-key
// part, array and inline table is a level: "a.b = [{ c = 1 }]" reaches 4,
// and "[[steps]]" followed by "metrics.visitors = 1" reaches 4 as well.
const MaxDepth = 32

// DepthError reports a document nested deeper than MaxDepth.
type DepthError struct {
	// Pos is where the first level beyond MaxDepth starts.
	Pos Pos
}

// Error says what is wrong; the position is left to the caller, which
// knows the file.
func (e *DepthError) Error() string {
	return fmt.Sprintf("TOML nested more than %d levels deep (each table name, dotted-key part, array and inline table is a level)", MaxDepth)
}

// Pos is a 1-based line and column.
type Pos struct {
	Line int
	Col  int
}

// Index maps key paths to the position where they are written. A path joins
// keys with dots and writes array elements as [i], counting from zero:
// "steps[2].emotion", "faq[0].q", "stages[1]". Array-of-tables headers count
// as arrays: the third [[steps]] header is "steps[2]".
//
// The keys form a tree of nodes, each linked to its parent by a key or an
// element number, so that a path costs one node however long it is.
type Index struct {
	// blocks hold the nodes while the document is scanned, blockSize to
	// a block, so that they never move; node 0 is the document. flat
	// holds them once the scan is done, in a slice of their number:
	// thousands of documents are kept indexed while a site builds, most
	// with a few dozen keys.
	blocks [][]node
	flat   []node
	keys   map[edge]int32 // the node of each key, by its parent
}

const blockSize = 256

type edge struct {
	parent int32
	key    string
}

type node struct {
	// pos is where this path is first written; Line 0 means nowhere.
	pos Pos
	// first, kept on bare nodes, is where the first path that comes down
	// to this one without its indexes is written.
	first Pos
	depth int32
	// bare is the node whose path is this one without array indexes; it
	// is the node itself for a path without any.
	bare int32
	// elems are the nodes of an array's elements, in order.
	elems []int32
	// tables marks an array of tables ([[name]] headers).
	tables bool
}

// Lookup returns the position of path, or of its nearest enclosing key that
// was found, and whether anything was found.
func (ix *Index) Lookup(path string) (Pos, bool) {
	if ix == nil {
		return Pos{}, false
	}
	var best Pos
	for n, rest := int32(0), path; rest != ""; {
		var ok bool
		n, rest, ok = ix.step(n, rest)
		if !ok {
			break
		}
		if p := ix.node(n).pos; p.Line > 0 {
			best = p
		}
	}
	return best, best.Line > 0
}

func (ix *Index) node(n int32) *node {
	if ix.flat != nil {
		return &ix.flat[n]
	}
	return &ix.blocks[n/blockSize][n%blockSize]
}

// freeze moves the nodes into flat, for an index no scan adds to any more.
func (ix *Index) freeze() {
	n := 0
	for _, b := range ix.blocks {
		n += len(b)
	}
	ix.flat = make([]node, 0, n)
	for _, b := range ix.blocks {
		ix.flat = append(ix.flat, b...)
	}
	ix.blocks = nil
}

// add makes a node below parent and returns it.
func (ix *Index) add(parent, bare int32) int32 {
	if b := ix.blocks[len(ix.blocks)-1]; len(b) == cap(b) {
		ix.blocks = append(ix.blocks, make([]node, 0, blockSize))
	}
	b := &ix.blocks[len(ix.blocks)-1]
	*b = append(*b, node{depth: ix.node(parent).depth + 1, bare: bare})
	return int32((len(ix.blocks)-1)*blockSize + len(*b) - 1)
}

// step follows the first key or element of path from node n. A key may
// itself hold dots or brackets (a quoted key): the shortest key that
// exists is taken.
func (ix *Index) step(n int32, path string) (int32, string, bool) {
	if path[0] == '[' {
		end := strings.IndexByte(path, ']')
		if end < 0 {
			return 0, "", false
		}
		i, err := strconv.Atoi(path[1:end])
		elems := ix.node(n).elems
		if err != nil || i < 0 || i >= len(elems) {
			return 0, "", false
		}
		return elems[i], strings.TrimPrefix(path[end+1:], "."), true
	}
	for i := 1; i <= len(path); i++ {
		if i < len(path) && path[i] != '.' && path[i] != '[' {
			continue
		}
		if c, ok := ix.keys[edge{n, path[:i]}]; ok {
			return c, strings.TrimPrefix(path[i:], "."), true
		}
	}
	return 0, "", false
}

// LookupLoose returns the position of the first key, in document order, whose
// path without array indexes is keys, or else of the nearest enclosing key
// that was found. It serves keys from the TOML decoder, which leaves out the
// index of array-of-tables elements.
func (ix *Index) LookupLoose(keys []string) (Pos, bool) {
	if ix == nil {
		return Pos{}, false
	}
	var best Pos
	n := int32(0)
	for _, k := range keys {
		c, ok := ix.keys[edge{n, k}]
		if !ok {
			return best, best.Line > 0
		}
		n = c
		if p := ix.node(n).pos; p.Line > 0 {
			best = p
		}
	}
	if nd := ix.node(n); nd.pos.Line == 0 && nd.first.Line > 0 {
		best = nd.first
	}
	return best, best.Line > 0
}

// Scan indexes the keys of src, a TOML document. lineOffset is added to every
// line, for documents embedded in a larger file (front matter). A document
// nested deeper than MaxDepth gives a *DepthError and a partial index.
func Scan(src string, lineOffset int) (*Index, error) {
	s := &scanner{src: src, line: 1 + lineOffset, ix: &Index{blocks: [][]node{make([]node, 1, blockSize)}, keys: map[edge]int32{}}}
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
