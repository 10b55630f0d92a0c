package generator_test

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// phoneWidth is the narrowest viewport the theme is laid out for.
const phoneWidth = 390

// TestNoSidewaysScroll loads every page of the example and of each test
// site at a phone's width and checks that none is wider than the screen:
// wide content (the journey map, the matrix) scrolls in its own box, and
// long words wrap.
func TestNoSidewaysScroll(t *testing.T) {
	sites := map[string]string{"example": copyExample(t)}
	dirs, err := filepath.Glob("testdata/sites/*/input")
	if err != nil || len(dirs) == 0 {
		t.Fatal("no test sites")
	}
	for _, dir := range dirs {
		sites[filepath.Base(filepath.Dir(dir))] = copySite(t, dir)
	}
	ctx := browser.New(t, browser.Options{})
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(phoneWidth, 844, 1, true)); err != nil {
		t.Fatal(err)
	}
	var wide []string
	for _, name := range slices.Sorted(maps.Keys(sites)) {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := build(t, sites[name], generator.Options{Dest: dest, Minify: true})
		if err != nil {
			t.Fatalf("build %s: %v", name, err)
		}
		// Pages link to each other under the site's base path.
		srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(res.BasePath, "/"), http.FileServer(http.Dir(dest))))
		t.Cleanup(srv.Close)
		for _, page := range htmlPages(t, dest) {
			var w int
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+res.BasePath+page),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &w),
			)
			if err != nil {
				t.Fatalf("%s %s: %v", name, page, err)
			}
			if w > phoneWidth {
				wide = append(wide, fmt.Sprintf("%s /%s: %d px", name, page, w))
			}
		}
	}
	if len(wide) > 0 {
		t.Errorf("%d pages are wider than a %d px screen:\n%s", len(wide), phoneWidth, strings.Join(wide, "\n"))
	}
}

// htmlPages lists the HTML files under dir as slash paths, directory
// indexes as their folder ("journeys/" for journeys/index.html).
func htmlPages(t *testing.T, dir string) []string {
	t.Helper()
	var pages []string
	for _, p := range sortedKeys(readTree(t, dir)) {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, strings.TrimSuffix(p, "index.html"))
		}
	}
	return pages
}
