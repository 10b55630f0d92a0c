package generator_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/browser"
)

// buildFiles writes a site given as files (slash paths to contents) into a
// temporary folder, builds it and returns the output folder.
func buildFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if res, err := build(t, src, generator.Options{Dest: dest, Minify: true}); err != nil {
		t.Fatalf("build: %v\n%s", err, res.Warnings.Lines())
	}
	return dest
}

// TestStarsLineUp checks that the filled stars of a rating under 5 sit
// exactly on their outlines: each filled star's box is its outline star's
// box, whatever share of the row is filled.
func TestStarsLineUp(t *testing.T) {
	dest := buildFiles(t, map[string]string{
		"journey.toml":                "baseURL = \"https://example.com/\"\n",
		"content/products/four.md":    "+++\nname = \"Four\"\n+++\n",
		"content/products/three.md":   "+++\nname = \"Three and a half\"\n+++\n",
		"content/reviews/four.toml":   "[[review]]\nproduct = \"four\"\nrating = 4\nauthor = \"A\"\n",
		"content/reviews/three.toml":  "[[review]]\nproduct = \"three\"\nrating = 3\nauthor = \"B\"\n[[review]]\nproduct = \"three\"\nrating = 4\nauthor = \"C\"\n",
		"content/landing/try-four.md": "+++\nstage = \"decision\"\nproduct = \"four\"\nform = \"none\"\n+++\n",
	})
	ctx := browser.New(t, browser.Options{})
	base := browser.Serve(t, dest)
	// star is the screen box of one star of a row: the star's 20-unit cell
	// of the icon's viewBox, through the SVG's screen transform.
	type star struct {
		Rating        string
		Value, Share  float64 // the rating, and the share of the row filled
		Star          int
		Fill, Outline box
	}
	for _, width := range []int64{1440, 390} {
		for _, path := range []string{"/products/", "/products/four/", "/products/three/", "/try-four/"} {
			t.Run(fmt.Sprintf("%s/%d", path, width), func(t *testing.T) {
				var stars []star
				err := chromedp.Run(ctx,
					emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600),
					chromedp.Navigate(base+path),
					chromedp.Evaluate(`[...document.querySelectorAll('.stars')].flatMap(s => {
						const cells = svg => { const m = svg.getScreenCTM();
							return [0, 1, 2, 3, 4].map(i => ({Left: m.e + m.a * 20 * i, Right: m.e + m.a * 20 * (i + 1), Top: m.f, Bottom: m.f + m.d * 20})); };
						const fill = s.querySelector('.stars-fill svg'), track = s.querySelector('.stars-track svg');
						const f = cells(fill), o = cells(track), label = s.getAttribute('aria-label');
						const share = s.querySelector('.stars-fill').getBoundingClientRect().width / track.getBoundingClientRect().width;
						return o.map((b, i) => ({Rating: label, Value: parseFloat(label.match(/[0-9.]+/)[0]), Share: share, Star: i + 1, Fill: f[i], Outline: b}));
					})`, &stars),
				)
				if err != nil {
					t.Fatal(err)
				}
				if len(stars) == 0 {
					t.Fatal("no star ratings on the page")
				}
				for _, s := range stars {
					if math.Abs(s.Share-s.Value/5) > 0.01 {
						t.Errorf("%s: %.3f of the row filled, want %.3f", s.Rating, s.Share, s.Value/5)
					}
					f, o := s.Fill, s.Outline
					if math.Abs(f.Left-o.Left) > 0.5 || math.Abs(f.Right-o.Right) > 0.5 || math.Abs(f.Top-o.Top) > 0.5 || math.Abs(f.Bottom-o.Bottom) > 0.5 {
						t.Errorf("%s, star %d: filled star at %+v, its outline at %+v", s.Rating, s.Star, f, o)
					}
				}
			})
		}
	}
}
