package markdown_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/internal/bomb"
	"github.com/journey-ssg/journey/generator/internal/golden"
	"github.com/journey-ssg/journey/generator/markdown"
)

// resolver knows two documents and a base path of /docs/.
type resolver struct{}

func (resolver) Resolve(dest string) (string, error) {
	switch {
	case strings.HasPrefix(dest, "../personas/ana.md"):
		return "/docs/personas/ana/", nil
	case strings.HasPrefix(dest, "ana-journey.md"):
		return "/docs/journeys/ana-journey/" + strings.TrimPrefix(dest, "ana-journey.md"), nil
	case strings.HasSuffix(dest, ".md") && !strings.Contains(dest, "://"):
		return dest, errors.New("no such content file")
	case strings.HasPrefix(dest, "/"):
		return "/docs" + dest, nil
	}
	return dest, nil
}

func TestConvertGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	conv := markdown.New(markdown.Options{})
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, problems := conv.Convert("content/"+name+".md", 10, src, resolver{})
			out := string(res.HTML) + "\n-- summary --\n" + res.Summary + "\n-- problems --\n" + problems.Lines()
			golden.Equal(t, strings.TrimSuffix(f, ".md")+".golden", []byte(out))
		})
	}
}

func TestHostileIsInert(t *testing.T) {
	src, err := os.ReadFile("testdata/hostile.md")
	if err != nil {
		t.Fatal(err)
	}
	res, _ := markdown.New(markdown.Options{}).Convert("x.md", 1, src, nil)
	html := strings.ToLower(string(res.HTML))
	for _, bad := range []string{"<script", "onerror", "onclick", `href="javascript`, `src="javascript`, "data:text/html", "<img src=x", `src=""`, `href=""`} {
		if strings.Contains(html, bad) {
			t.Errorf("output contains %q:\n%s", bad, res.HTML)
		}
	}
}

func TestUnsafeKeepsHTML(t *testing.T) {
	res, _ := markdown.New(markdown.Options{Unsafe: true}).Convert("x.md", 1, []byte("<aside>raw</aside>\n"), nil)
	if !strings.Contains(string(res.HTML), "<aside>raw</aside>") {
		t.Errorf("got %q, want raw HTML kept", res.HTML)
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"# h\n\ntext [l](x.md) ![i](/a.png)", "| a |\n|---|\n| b |", "[^1]\n\n[^1]: n", "<script>x</script>", "> quote\n- list"} {
		f.Add(s)
	}
	conv := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, src string) {
		res, _ := conv.Convert("f.md", 1, []byte(src), resolver{})
		html := strings.ToLower(string(res.HTML))
		if strings.Contains(html, "<script") || strings.Contains(html, `href="javascript`) || strings.Contains(html, `src="javascript`) {
			t.Fatalf("unsafe output for %q: %s", src, res.HTML)
		}
	})
}

// TestConvertNestingBomb guards against Markdown that nests lists and block
// quotes deeply enough to take goldmark seconds and hundreds of megabytes:
// it must fail fast, naming the file and the line that nests too deep.
func TestConvertNestingBomb(t *testing.T) {
	conv := markdown.New(markdown.Options{})
	for _, c := range bomb.Markdown() {
		t.Run(c.Name, func(t *testing.T) {
			bomb.Check(t, c, func() error {
				_, problems := conv.Convert("content/a.md", 5, []byte(c.Src), nil)
				if len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), "content/a.md:") {
					t.Errorf("got %s, want one problem in content/a.md", problems.Lines())
				}
				return problems.Err()
			})
		})
	}
}

func BenchmarkConvertBomb(b *testing.B) {
	conv := markdown.New(markdown.Options{})
	for _, c := range bomb.Markdown() {
		src := []byte(c.Src)
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				conv.Convert("a.md", 1, src, nil)
			}
		})
	}
}
