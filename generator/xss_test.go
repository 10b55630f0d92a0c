package generator_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/internal/filetest"
)

// TestHostileContentIsInert builds a site whose every field carries script
// and checks, with an HTML parser, that nothing in the output can run it.
func TestHostileContentIsInert(t *testing.T) {
	t.Parallel()
	for _, minify := range []bool{false, true} {
		for p, b := range readTree(t, builds.site(t, "hostile", minify).dest) {
			if strings.HasSuffix(p, ".html") {
				checkInert(t, p, b)
			}
		}
	}
}

func checkInert(t *testing.T, file string, page []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	inScript := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if inScript != "" && strings.Contains(string(z.Text()), "alert(") {
				// JSON-LD may carry the text of a field, but only as a
				// JSON string that cannot end the script.
				if inScript != "application/ld+json" || strings.Contains(string(z.Text()), "</script") {
					t.Errorf("%s: script holds hostile text: %.120s", file, z.Text())
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" {
				inScript = "text/javascript"
				for _, a := range tok.Attr {
					if a.Key == "type" {
						inScript = a.Val
					}
				}
			}
			if tok.Data == "iframe" || tok.Data == "object" || tok.Data == "embed" {
				t.Errorf("%s: <%s> element in output", file, tok.Data)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler attribute %s=%q on <%s>", file, a.Key, a.Val, tok.Data)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "content" && strings.Contains(v, "url=")) && strings.Contains(v, "javascript:") {
					t.Errorf("%s: %s=%q on <%s>", file, a.Key, a.Val, tok.Data)
				}
			}
		case html.EndTagToken:
			if tok := z.Token(); tok.Data == "script" {
				inScript = ""
			}
		}
	}
}

// TestHostileCSSStaysInStyle checks the one style element: brand values
// cannot close it.
func TestHostileCSSStaysInStyle(t *testing.T) {
	t.Parallel()
	src := copySite(t, "testdata/sites/hostile/input")
	filetest.Write(t, filepath.Join(src, "journey.toml"), "baseURL = \"https://x.example/\"\n[brand]\nprimary = \"#000</style><script>alert(1)</script>\"\n")
	_, err := build(t, src, generator.Options{Dest: filepath.Join(t.TempDir(), "public")})
	if err == nil || !strings.Contains(err.Error(), "must be a hex color") {
		t.Errorf("got %v, want the color refused", err)
	}
}
