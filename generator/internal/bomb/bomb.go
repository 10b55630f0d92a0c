// Package bomb makes documents of about a megabyte that nest as deeply as
// they can, and measures what refusing one costs. Tests of the parsers use
// it to show that such a document fails fast; nothing else imports it.
package bomb

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Size is the size of every bomb, in bytes.
const Size = 1 << 20

// A bomb must fail in under a second, allocating under 100 MB. Tests check
// the memory, which does not depend on how busy the machine is, and allow
// the time ten times over; benchmarks report the real time.
const (
	MaxAlloc = 100 << 20
	MaxTime  = 10 * time.Second
)

// Case is one bomb.
type Case struct {
	Name string
	Src  string
}

// TOML returns TOML bombs: arrays in arrays, inline tables in inline
// tables, a dotted key and a table header of a great many parts, and arrays
// of inline tables.
func TOML() []Case {
	return []Case{
		{"Arrays", "x = " + nest("[", "]", "")},
		{"InlineTables", "x = " + nest("{a=", "}", "1")},
		{"DottedKey", repeat("a.", "a = 1\n")},
		{"Header", "[" + repeat("a.", "a]\n")},
		{"ArraysOfTables", "x = " + nest("[{a=", "}]", "1")},
	}
}

// Markdown returns Markdown bombs: a list nested by indentation, lines of
// list markers and of block-quote markers, both mixed, and brackets, links
// and images in one another.
func Markdown() []Case {
	var list strings.Builder
	for i := 0; list.Len() < Size; i++ {
		list.WriteString(strings.Repeat("  ", i))
		list.WriteString("- x\n")
	}
	return []Case{
		{"IndentedList", list.String()},
		{"ListMarkers", lines("- ", 3000)},
		{"BlockQuotes", lines(">", 3000)},
		{"QuotedLists", lines("> - ", 3000)},
		{"Brackets", nest("[", "]", "a")},
		{"Links", nest("[", "](b)", "a")},
		{"Images", nest("![", "](b)", "a")},
	}
}

// nest returns open n times, then inner, then close n times, all in about
// Size bytes.
func nest(open, close, inner string) string {
	n := (Size - len(inner)) / (len(open) + len(close))
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// repeat returns part as often as fits in about Size bytes, then end.
func repeat(part, end string) string {
	return strings.Repeat(part, (Size-len(end))/len(part)) + end
}

// lines returns lines of marker written depth times and a word, to about
// Size bytes.
func lines(marker string, depth int) string {
	line := strings.Repeat(marker, depth) + "x\n"
	return strings.Repeat(line, Size/len(line))
}

// Cost runs f and returns the bytes allocated meanwhile, by f and anything
// else the test binary runs, and the time it took.
func Cost(f func()) (alloc uint64, d time.Duration) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d = time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, d
}

// Check runs f, which must refuse bomb c, and fails tb when f reports no
// error or exceeds MaxAlloc or MaxTime.
func Check(tb testing.TB, c Case, f func() error) {
	tb.Helper()
	var err error
	alloc, d := Cost(func() { err = f() })
	tb.Logf("%s: %d bytes, %.1f MB allocated, %v: %v", c.Name, len(c.Src), float64(alloc)/(1<<20), d, err)
	if err == nil {
		tb.Errorf("%s: no error, want the nesting refused", c.Name)
	}
	if alloc > MaxAlloc {
		tb.Errorf("%s: allocated %d MB, want under %d MB", c.Name, alloc>>20, MaxAlloc>>20)
	}
	if d > MaxTime {
		tb.Errorf("%s: took %v, want well under %v", c.Name, d, MaxTime)
	}
}
