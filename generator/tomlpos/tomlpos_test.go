package tomlpos_test

import (
	"testing"

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

func TestLookup(t *testing.T) {
	ix := tomlpos.Scan(doc, 1)
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

func TestLookupLoose(t *testing.T) {
	ix := tomlpos.Scan(doc, 0)
	pos, ok := ix.LookupLoose([]string{"steps", "emotion"})
	if !ok || pos.Line != 25 {
		t.Errorf("LookupLoose(steps.emotion) = %v %v, want line 25", pos, ok)
	}
}

func FuzzScan(f *testing.F) {
	f.Add(doc)
	f.Add("[[a]]\n[a.b]\n[[a.c]]\nx=[1,[2,{y=3}]]\n")
	f.Add(`k = "unterminated`)
	f.Add("k = '''\nnever closed")
	f.Fuzz(func(t *testing.T, src string) {
		ix := tomlpos.Scan(src, 0)
		ix.Lookup("a.b[0].c")
		ix.LookupLoose([]string{"a", "b"})
	})
}
