package tomlpos_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/tomlpos"
)

const doc = `title = "A"  # comment
persona = 'ana'
tags = [
  "one",
  "two", "three",
]
notes = """
multi = "line"
"""
faq = [{ q = "Why?", a = "Because" },
  { q = "How?", a = "So" }]
"quoted key".x = 1

[brand]
primary = "#123"

[[steps]]
stage = "awareness"
[steps.metrics]
visitors = 10

[[steps]]
stage = "decision"
metrics = { leads = 3 }
emotion = 6
`

// scan scans src and fails the test if the scan refuses it.
func scan(t testing.TB, src string, lineOffset int) *tomlpos.Index {
	t.Helper()
	ix, err := tomlpos.Scan(src, lineOffset)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return ix
}

func TestLookup(t *testing.T) {
	for _, released := range []bool{false, true} {
		t.Run(map[bool]string{false: "Scanned", true: "Released"}[released], func(t *testing.T) {
			ix := scan(t, doc, 1)
			if released {
				// A released index scans its document again.
				ix.Release()
			}
			testLookup(t, ix)
		})
	}
}

func testLookup(t *testing.T, ix *tomlpos.Index) {
	tests := []struct {
		path string
		line int
		col  int
	}{
		{"title", 2, 1},
		{"persona", 3, 1},
		{"tags", 4, 1},
		{"tags[0]", 5, 3},
		{"tags[1]", 6, 3},
		{"tags[2]", 6, 10},
		{"faq[0].q", 11, 10},
		{"faq[1]", 12, 3},
		{"faq[1].a", 12, 17},
		{"quoted key.x", 13, 1},
		{"brand", 15, 1},
		{"brand.primary", 16, 1},
		{"steps[0]", 18, 1},
		{"steps[0].stage", 19, 1},
		{"steps[0].metrics", 20, 1},
		{"steps[0].metrics.visitors", 21, 1},
		{"steps[1].stage", 24, 1},
		{"steps[1].metrics.leads", 25, 13},
		{"steps[1].emotion", 26, 1},
		// Unknown keys fall back to their nearest known parent.
		{"steps[1].nope", 23, 1},
		{"notes", 8, 1},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			pos, ok := ix.Lookup(tc.path)
			if !ok || pos.Line != tc.line || pos.Col != tc.col {
				t.Errorf("Lookup(%q) = %d:%d %v, want %d:%d", tc.path, pos.Line, pos.Col, ok, tc.line, tc.col)
			}
		})
	}
	// "multi" is inside a string and must not be indexed.
	if pos, ok := ix.Lookup("multi"); ok {
		t.Errorf("Lookup(multi) = %v, want not found", pos)
	}
}

// TestManyKeys checks lookups in a document of more nodes than fit the
// first block and the one after it.
func TestManyKeys(t *testing.T) {
	var b strings.Builder
	for i := range 600 {
		fmt.Fprintf(&b, "k%d = %d\n", i, i)
	}
	ix := scan(t, b.String(), 0)
	for _, i := range []int{0, 30, 31, 32, 33, 287, 288, 289, 599} {
		if pos, ok := ix.Lookup(fmt.Sprintf("k%d", i)); !ok || pos.Line != i+1 {
			t.Errorf("Lookup(k%d) = %v %v, want line %d", i, pos, ok, i+1)
		}
	}
}

func TestLookupLoose(t *testing.T) {
	ix := scan(t, doc, 0)
	for range 2 {
		pos, ok := ix.LookupLoose([]string{"steps", "emotion"})
		if !ok || pos.Line != 25 {
			t.Errorf("LookupLoose(steps.emotion) = %v %v, want line 25", pos, ok)
		}
		ix.Release()
	}
}

// FuzzScan checks that Scan survives any input, and that the decoder never
// nests deeper than MaxDepth in a document Scan let through: callers rely
// on Scan to refuse such documents before the decoder sees them.
func FuzzScan(f *testing.F) {
	f.Add(doc)
	f.Add("[[a]]\n[a.b]\n[[a.c]]\nx=[1,[2,{y=3}]]\n")
	f.Add(`k = "unterminated`)
	f.Add("k = '''\nnever closed")
	f.Add("x = " + strings.Repeat("[", 33) + strings.Repeat("]", 33))
	f.Add("x = {\n a = { b = [\n {c = 1}, # ]\n ],\n },\n}")
	f.Fuzz(func(t *testing.T, src string) {
		ix, err := tomlpos.Scan(src, 0)
		if err != nil {
			var deep *tomlpos.DepthError
			if !errors.As(err, &deep) || deep.Pos.Line < 1 || deep.Pos.Col < 1 || deep.Pos.Line > strings.Count(src, "\n")+1 {
				t.Fatalf("got %#v, want a *DepthError inside the document", err)
			}
			return
		}
		ix.Lookup("a.b[0].c")
		var v map[string]any
		md, err := toml.Decode(src, &v)
		if err != nil {
			return
		}
		if d := depth(v); d > tomlpos.MaxDepth {
			t.Fatalf("Scan let through a document the decoder nests %d deep", d)
		}
		for _, k := range md.Keys() {
			ix.LookupLoose(k)
			ix.Lookup(k.String())
		}
	})
}

// depth returns how deeply the decoded value v nests, counting keys and
// array elements as Scan does.
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			d = max(d, 1+depth(c))
		}
	case []map[string]any:
		for _, c := range v {
			d = max(d, 1+depth(c))
		}
	case []any:
		for _, c := range v {
			d = max(d, 1+depth(c))
		}
	}
	return d
}
