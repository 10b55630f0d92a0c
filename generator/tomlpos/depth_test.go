package tomlpos_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/internal/bomb"
	"github.com/journey-ssg/journey/generator/tomlpos"
)

func TestDepth(t *testing.T) {
	nest := func(open, close string, n int, inner string) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	dotted := func(n int) string { return strings.TrimSuffix(strings.Repeat("a.", n), ".") }
	tests := []struct {
		name string
		src  string
		line int // of the error; 0 for none
		col  int
	}{
		{"Arrays", "x = " + nest("[", "]", 32, ""), 0, 0},
		{"ArraysTooDeep", "x = " + nest("[", "]", 33, ""), 1, 37},
		{"InlineTables", "x = " + nest("{a=", "}", 31, "1"), 0, 0},
		{"InlineTablesTooDeep", "x = " + nest("{a=", "}", 32, "1"), 1, 6 + 31*3},
		{"DottedKey", dotted(32) + " = 1", 0, 0},
		{"DottedKeyTooDeep", dotted(33) + " = 1", 1, 65},
		{"Header", "[" + dotted(31) + "]\nb = 1", 0, 0},
		{"HeaderTooDeep", "[" + dotted(32) + "]\nb = 1", 2, 1},
		{"ArrayOfTables", "[[" + dotted(31) + "]]", 0, 0},
		{"ArrayOfTablesTooDeep", "[[" + dotted(32) + "]]", 1, 1},
		{"Mixed", "[[a]]\nb.c = [{ d = [1] }]", 0, 0},
		{"MultilineArray", "x = [\n" + nest("[\n", "]\n", 32, "") + "]", 33, 1},
		// Brackets in strings and comments do not nest.
		{"Strings", `x = "` + nest("[", "]", 40, "") + `" # ` + nest("{", "}", 40, "") + "\ny = '''\n" + nest("[", "]", 40, "") + "'''", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tomlpos.Scan(tc.src, 0)
			var deep *tomlpos.DepthError
			switch {
			case tc.line == 0 && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tc.line == 0:
			case !errors.As(err, &deep):
				t.Fatalf("got %v, want a *DepthError", err)
			case deep.Pos != tomlpos.Pos{Line: tc.line, Col: tc.col}:
				t.Errorf("error at %d:%d, want %d:%d", deep.Pos.Line, deep.Pos.Col, tc.line, tc.col)
			}
		})
	}
}

func TestDepthErrorLine(t *testing.T) {
	_, err := tomlpos.Scan("a = 1\nx = "+strings.Repeat("[", 40), 7)
	var deep *tomlpos.DepthError
	if !errors.As(err, &deep) || deep.Pos.Line != 9 {
		t.Fatalf("got %v, want a *DepthError on line 9", err)
	}
	if want := "TOML nested more than 32 levels deep"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %q, want it to start %q", err, want)
	}
}

func TestScanBomb(t *testing.T) {
	for _, c := range bomb.TOML() {
		t.Run(c.Name, func(t *testing.T) {
			bomb.Check(t, c, func() error {
				_, err := tomlpos.Scan(c.Src, 0)
				return err
			})
		})
	}
}

// TestWideIsLinear checks documents that cost the scanner the square of
// their size when it built every path as a string: a long key with many
// elements, a long table name with many keys, and loose lookups over many
// arrays of tables.
func TestWideIsLinear(t *testing.T) {
	long := strings.Repeat("k", bomb.Size/2)
	tests := []struct {
		name string
		src  string
		keys []string // looked up loosely, once for each key written
	}{
		{"LongKeyElements", long + " = [" + strings.Repeat("1,", bomb.Size/4) + "]", nil},
		{"LongTableKeys", "[" + long + "]\n" + strings.Repeat("a=1\n", bomb.Size/8), nil},
		{"ArraysOfTables", strings.Repeat("[[steps]]\nfoo = 1\n", bomb.Size/18), []string{"steps", "foo"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alloc, d := bomb.Cost(func() {
				ix := scan(t, tc.src, 0)
				for range strings.Count(tc.src, "=") * len(tc.keys) {
					ix.LookupLoose(tc.keys)
				}
			})
			t.Logf("%.1f MB allocated, %v", float64(alloc)/(1<<20), d)
			if alloc > bomb.MaxAlloc || d > bomb.MaxTime {
				t.Errorf("took %v and %d MB, want under %v and %d MB", d, alloc>>20, bomb.MaxTime, bomb.MaxAlloc>>20)
			}
		})
	}
}

func BenchmarkScanBomb(b *testing.B) {
	for _, c := range bomb.TOML() {
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tomlpos.Scan(c.Src, 0)
			}
		})
	}
}
