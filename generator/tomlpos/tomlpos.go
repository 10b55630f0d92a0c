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

import "fmt"

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
