package tomlpos

import (
	"strconv"
	"strings"
	"sync"
)

// Index maps key paths to the position where they are written. A path joins
// keys with dots and writes array elements as [i], counting from zero:
// "steps[2].emotion", "faq[0].q", "stages[1]". Array-of-tables headers count
// as arrays: the third [[steps]] header is "steps[2]".
//
// The keys form a tree of nodes, each linked to its parent by a key or an
// element number, so that a path costs one node however long it is.
type Index struct {
	// blocks hold the nodes while the document is scanned, firstSize in
	// the first block and blockSize in each after, so that they never
	// move; node 0 is the document. flat
	// holds them once the scan is done, in a slice of their number:
	// thousands of documents are kept indexed while a site builds, most
	// with a few dozen keys.
	blocks [][]node
	flat   []node
	keys   map[edge]int32 // the node of each key, by its parent

	// src and offset are the document and its line offset, for Release.
	src    string
	offset int
	// mu guards flat and keys once the scan is done, during lookups: a
	// released index scans again on its next lookup.
	mu sync.Mutex
}

// Release drops the nodes of the index and keeps its document, which is
// scanned again on the next lookup: an index kept for lookups that may
// never come (positions for problems, which few documents have) then
// costs little more than the document's text.
func (ix *Index) Release() {
	if ix == nil {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.flat, ix.keys = nil, nil
}

// ready scans the document again if the index was released. It holds
// mu, for the whole lookup.
func (ix *Index) ready() {
	if ix.keys == nil {
		again, _ := Scan(ix.src, ix.offset)
		ix.flat, ix.keys = again.flat, again.keys
	}
}

// The first block is small, the rest larger: a site's documents are
// scanned by the thousand, most with a few dozen keys.
const (
	firstSize = 32
	blockSize = 256
)

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
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.ready()
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
	if n < firstSize {
		return &ix.blocks[0][n]
	}
	n -= firstSize
	return &ix.blocks[1+n/blockSize][n%blockSize]
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
	if len(ix.blocks) == 1 {
		return int32(len(*b) - 1)
	}
	return int32(firstSize + (len(ix.blocks)-2)*blockSize + len(*b) - 1)
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
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.ready()
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
