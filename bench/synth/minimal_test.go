package synth_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"
	"golang.org/x/net/html"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/bench/synth"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/publish"
)

// TestMinimalMarkup builds a small synthetic site with the minimal layout
// set through journey and, when hugo is installed, through Hugo, and checks
// that every landing page has the same markup from both, once both are
// minified by the same minifier (Hugo's older one keeps default attribute
// values such as type="submit" and minifies CSS a little differently;
// journey minifies the layouts, which keeps an empty value=""), with
// attributes sorted and runs of whitespace collapsed.
func TestMinimalMarkup(t *testing.T) {
	const n = 20
	dir := t.TempDir()
	src, out := filepath.Join(dir, "journey"), filepath.Join(dir, "journey-out")
	if err := synth.MinimalJourney(src, n); err != nil {
		t.Fatal(err)
	}
	opts := generator.Options{Source: src, Dest: out, TeamDest: filepath.Join(dir, "team"), Minify: true, Theme: journey.DefaultTheme()}
	if _, err := generator.Build(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	mf := publish.NewMinifier()
	pages := make([][]string, n)
	for i := range pages {
		pages[i] = markup(t, mf, filepath.Join(out, fmt.Sprintf("landing-%d", i), "index.html"))
		// The default theme's markup has classes everywhere; the minimal
		// set's has none, so a class shows a layout or partial the
		// minimal theme lacks.
		if j := slices.IndexFunc(pages[i], func(tok string) bool { return strings.Contains(tok, ` class="`) }); j >= 0 {
			t.Errorf("landing-%d: got %s, want no class attributes: the page is not all from the minimal theme", i, pages[i][j])
		}
	}

	t.Run("Hugo", func(t *testing.T) {
		hugo, err := exec.LookPath("hugo")
		if err != nil {
			t.Skip("hugo is not installed")
		}
		src, out := filepath.Join(dir, "hugo"), filepath.Join(dir, "hugo-out")
		if err := synth.Hugo(src, n); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.CommandContext(t.Context(), hugo, "--quiet", "-s", src, "-d", out).CombinedOutput(); err != nil {
			t.Fatalf("hugo: %v\n%s", err, b)
		}
		for i, got := range pages {
			want := markup(t, mf, filepath.Join(out, fmt.Sprintf("landing-%d", i), "index.html"))
			if d := firstDiff(got, want); d != "" {
				t.Errorf("landing-%d: journey and Hugo differ at %s", i, d)
			}
		}
	})
}

// markup reads the page at p, minifies it as a whole and its inline CSS
// with mf and
// returns its tokens: tags with their attributes sorted, text with runs of
// whitespace collapsed, whitespace between tags dropped.
func markup(t *testing.T, mf *publish.Minifier, p string) []string {
	t.Helper()
	page, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	pages := minify.New()
	pages.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	if page, err = pages.Bytes("text/html", page); err != nil {
		t.Fatalf("minify %s: %v", p, err)
	}
	var toks []string
	z := html.NewTokenizer(bytes.NewReader(page))
	inStyle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return toks
		case html.TextToken:
			text := z.Text()
			if inStyle {
				if text, err = mf.Minify("style.css", text); err != nil {
					t.Fatalf("minify the style of %s: %v", p, err)
				}
			}
			if s := strings.Join(strings.Fields(string(text)), " "); s != "" {
				toks = append(toks, s)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			inStyle = tok.Data == "style"
			slices.SortFunc(tok.Attr, func(a, b html.Attribute) int { return strings.Compare(a.Key, b.Key) })
			toks = append(toks, tok.String())
		case html.EndTagToken, html.DoctypeToken:
			inStyle = false
			toks = append(toks, strings.ToLower(z.Token().String()))
		}
	}
}

// firstDiff describes where got and want first differ, with the token of
// each, or returns "" when they are the same.
func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("token %d (after %q): got %q, want %q", i, at(got, i-1), g, w)
		}
	}
	return ""
}

func at(toks []string, i int) string {
	if i < 0 || i >= len(toks) {
		return ""
	}
	return toks[i]
}
