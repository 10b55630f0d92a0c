package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

func TestTooDeep(t *testing.T) {
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	tests := []struct {
		name string
		src  string
		line int // 0-based, or -1
	}{
		{"Quotes", strings.Repeat(">", 32) + " x\n", -1},
		{"QuotesTooDeep", "x\n\n" + strings.Repeat(">", 33) + " x\n", 2},
		{"SpacedQuotes", strings.Repeat("> ", 33) + "x\n", 0},
		{"Bullets", strings.Repeat("- ", 32) + "x\n", -1},
		{"BulletsTooDeep", strings.Repeat("* ", 33) + "x\n", 0},
		{"Ordered", strings.Repeat("1. ", 32) + "x\n", -1},
		{"OrderedTooDeep", strings.Repeat("12) ", 33) + "x\n", 0},
		{"Footnotes", strings.Repeat("[^a]: ", 33) + "x\n", 0},
		{"Mixed", strings.Repeat("> - 1. ", 11) + "x\n", 0},
		{"Indented", indented(32), -1},
		{"IndentedTooDeep", indented(33), 32},
		{"Tabs", indented(16) + strings.Repeat("\t", 8) + strings.Repeat("- ", 17) + "x\n", 16},
		// A lazy line keeps the containers of the line before open, and
		// after it enough indentation continues them all.
		{"Lazy", strings.Repeat("- ", 20) + "x\ny\n" + strings.Repeat(" ", 40) + strings.Repeat("- ", 13) + "x\n", 2},
		// After a blank line, a line continues only what it is indented
		// or marked for.
		{"Blank", strings.Repeat("- ", 20) + "x\n\ny\n" + strings.Repeat(" ", 40) + strings.Repeat("- ", 13) + "x\n", -1},
		// Blank lines continue list items.
		{"BlankInList", strings.Repeat("- ", 20) + "x\n\n" + strings.Repeat(" ", 40) + strings.Repeat("- ", 13) + "x\n", 2},
		// Thematic breaks, emphasis and plain text are no containers.
		{"Break", strings.Repeat("- ", 40) + "\n" + strings.Repeat("* ", 40) + "\n", -1},
		{"Emphasis", strings.Repeat("*", 100) + "x" + strings.Repeat("*", 100) + "\n", -1},
		{"Indentation", strings.Repeat(" ", 200) + "code\n", -1},
		{"CRLF", strings.Repeat("> ", 32) + "x\r\n\r\n" + strings.Repeat("- ", 32) + "x\r\n", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tooDeep([]byte(tc.src), MaxDepth); got != tc.line {
				t.Errorf("got line %d, want %d", got, tc.line)
			}
		})
	}
}

// FuzzTooDeep checks that tooDeep never counts less than goldmark nests:
// wherever goldmark nests a document d deep, tooDeep with a limit of d-1
// refuses it.
func FuzzTooDeep(f *testing.F) {
	for _, s := range []string{
		"> - x\n  > y\n",
		"- a\n  - b\n    - c\nlazy\n",
		"1. a\n\n   2) b\n      > c\n",
		"[^a]: x\n    [^b]: y\n        - z\n",
		"> > a\nb\n> c\n",
		"- - - x\n* * *\n",
		"\t- a\n\t\t- b\n",
		"```\n> > >\n```\n",
	} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	f.Fuzz(func(t *testing.T, src string) {
		doc := md.Parser().Parse(text.NewReader([]byte(src)))
		if d := containers(doc); d > 0 && tooDeep([]byte(src), d-1) < 0 {
			t.Fatalf("goldmark nests %q %d deep; tooDeep counts less", src, d)
		}
	})
}

// containers returns how deeply block quotes, list items and footnotes
// nest under n.
func containers(n ast.Node) int {
	d := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d = max(d, containers(c))
	}
	switch n.Kind() {
	case ast.KindBlockquote, ast.KindListItem, east.KindFootnote:
		d++
	}
	return d
}

func TestBracketLimit(t *testing.T) {
	conv := New(Options{})
	tests := []struct {
		name string
		src  string
		line int // of the error, or 0
	}{
		{"Nested", strings.Repeat("[", 32) + "a" + strings.Repeat("](b)", 32), 0},
		{"TooDeep", "x\n\n" + strings.Repeat("[", 33) + "a" + strings.Repeat("]", 33), 3},
		{"Images", strings.Repeat("![", 33) + "a" + strings.Repeat("](b)", 33), 1},
		{"Closed", strings.Repeat("[a] ", 100), 0},
		{"Escaped", strings.Repeat(`\[`, 100), 0},
		{"Code", "`" + strings.Repeat("[", 100) + "`", 0},
		{"Footnotes", strings.Repeat("[^1] ", 100) + "\n\n[^1]: n\n", 0},
		// Each block starts again.
		{"Blocks", strings.Repeat(strings.Repeat("[", 30)+"\n\n", 5), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := conv.Convert("a.md", 1, []byte(tc.src), nil)
			switch {
			case tc.line == 0 && len(problems) > 0:
				t.Errorf("got %s, want no problems", problems.Lines())
			case tc.line > 0 && (len(problems) != 1 || problems[0].Pos.Line != tc.line || !strings.Contains(problems[0].Msg, "link brackets nested more than 32")):
				t.Errorf("got %s, want one about brackets on line %d", problems.Lines(), tc.line)
			}
		})
	}
}
