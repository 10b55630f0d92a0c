package generator_test

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/internal/filetest"
)

// buildFiles writes a site given as files (slash paths to contents) into a
// temporary folder, builds it and returns the folder of the campaign site
// and of the team workspace.
func buildFiles(t *testing.T, files map[string]string) (string, string) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	filetest.WriteTree(t, src, files)
	_, dest, team := buildBoth(t, src, generator.Options{Minify: true})
	return dest, team
}

// TestStarsLineUp checks that the filled stars of a rating under 5 sit
// exactly on their outlines: each filled star's box is its outline star's
// box, whatever share of the row is filled.
func TestStarsLineUp(t *testing.T) {
	t.Parallel()
	dest, team := buildFiles(t, map[string]string{
		"journey.toml":                "baseURL = \"https://example.com/\"\n",
		"content/products/four.md":    "+++\nname = \"Four\"\n+++\n",
		"content/products/three.md":   "+++\nname = \"Three and a half\"\n+++\n",
		"content/reviews/four.toml":   "[[review]]\nproduct = \"four\"\nrating = 4\nauthor = \"A\"\n",
		"content/reviews/three.toml":  "[[review]]\nproduct = \"three\"\nrating = 3\nauthor = \"B\"\n[[review]]\nproduct = \"three\"\nrating = 4\nauthor = \"C\"\n",
		"content/landing/try-four.md": "+++\nstage = \"decision\"\nproduct = \"four\"\nform = \"none\"\n+++\n",
	})
	ctx := chromium.Tab(t)
	base, teamBase := browser.Serve(t, dest), browser.Serve(t, team)
	// star is the screen box of one star of a row: the star's 20-unit cell
	// of the icon's viewBox, through the SVG's screen transform.
	type star struct {
		Rating        string
		Value, Share  float64 // the rating, and the share of the row filled
		Star          int
		Fill, Outline box
	}
	for _, width := range []int64{1440, 390} {
		for _, url := range []string{teamBase + "/products/", base + "/", base + "/products/four/", base + "/products/three/", base + "/try-four/"} {
			t.Run(fmt.Sprintf("%s/%d", url, width), func(t *testing.T) {
				var stars []star
				err := chromedp.Run(ctx,
					emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600),
					chromedp.Navigate(url),
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

// servedPage is an HTML page of a built site, served to the browser.
type servedPage struct {
	Site, Path string // the site's name and the page's slash path ("journeys/")
	URL        string
	HTML       []byte
}

// servedSite is one output of a site, served to the browser, and its HTML
// pages.
type servedSite struct {
	Name  string // the site's name, with -team for its workspace
	Pages []servedPage
}

// serveSites serves both outputs of the example and of each test site,
// minified, each under its base path, and returns them with their pages.
func serveSites(t *testing.T) []servedSite {
	t.Helper()
	var sites []servedSite
	for _, name := range siteNames(t) {
		s := builds.site(t, name, true)
		// Pages link to each other under their output's base path.
		for _, out := range []struct{ site, dir, base string }{{name, s.dest, s.res.BasePath}, {name + "-team", s.team, s.res.TeamBasePath}} {
			srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(out.base, "/"), http.FileServer(http.Dir(out.dir))))
			t.Cleanup(srv.Close)
			site := servedSite{Name: out.site}
			files := readTree(t, out.dir)
			for _, p := range sortedKeys(files) {
				if strings.HasSuffix(p, ".html") {
					path := strings.TrimSuffix(p, "index.html")
					site.Pages = append(site.Pages, servedPage{Site: out.site, Path: path, URL: srv.URL + out.base + path, HTML: files[p]})
				}
			}
			sites = append(sites, site)
		}
	}
	return sites
}

// TestNoSidewaysScroll loads every page of the example and of each test
// site at a phone's width and checks that none is wider than the screen:
// wide content (the journey map, the matrix) scrolls in its own box, and
// long words wrap. Each site's pages load in a subtest and a tab of their
// own, side by side.
func TestNoSidewaysScroll(t *testing.T) {
	t.Parallel()
	for _, site := range serveSites(t) {
		t.Run(site.Name, func(t *testing.T) {
			t.Parallel()
			ctx := chromium.Tab(t)
			if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(phoneWidth, 844, 1, true)); err != nil {
				t.Fatal(err)
			}
			var wide []string
			for _, p := range site.Pages {
				var w int
				if err := chromedp.Run(ctx, chromedp.Navigate(p.URL), chromedp.Evaluate(`document.documentElement.scrollWidth`, &w)); err != nil {
					t.Fatalf("%s /%s: %v", p.Site, p.Path, err)
				}
				if w > phoneWidth {
					wide = append(wide, fmt.Sprintf("%s /%s: %d px", p.Site, p.Path, w))
				}
			}
			if len(wide) > 0 {
				t.Errorf("%d pages are wider than a %d px screen:\n%s", len(wide), phoneWidth, strings.Join(wide, "\n"))
			}
		})
	}
}

// TestFunnelRows checks the stage funnel of the edges site's journey,
// where some stages have no number: such a row draws no bar (a bar reads
// as a volume) but says so over the graphic, and where the table scrolls
// sideways (on a phone) its box takes keyboard focus and is named.
func TestFunnelRows(t *testing.T) {
	t.Parallel()
	_, _, team := buildBoth(t, copySite(t, "testdata/sites/edges/input"), generator.Options{Minify: true, BaseURL: "/"})
	ctx := chromium.Tab(t)
	base := browser.Serve(t, team)
	type row struct {
		Stage         string
		Missing       bool
		Bars, Notices []string // what the graphic draws or says in the row
	}
	type scroller struct {
		Scrolls, Tabbable bool
		Role, Label       string
	}
	for _, width := range []int64{1440, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var rows []row
			var box scroller
			err := chromedp.Run(ctx,
				emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600),
				chromedp.Navigate(base+"/journeys/maximiliane-insures/"),
				chromedp.Evaluate(`(() => {
					const graphic = document.querySelector('.funnel-graphic');
					const within = (r, el) => { const b = el.getBoundingClientRect(), y = (b.top + b.bottom) / 2;
						return b.width > 0 && b.height > 0 && y > r.top && y < r.bottom; };
					return [...document.querySelectorAll('.funnel tbody tr')].map(tr => {
						const r = tr.querySelector('th').getBoundingClientRect();
						return {Stage: tr.querySelector('th').textContent.trim(), Missing: !!tr.querySelector('.funnel-value .missing'),
							Bars: [...graphic.querySelectorAll('svg rect')].filter(b => within(r, b)).map(b => b.getAttribute('class') + ' ' + Math.round(b.getBoundingClientRect().width) + 'px'),
							Notices: [...graphic.querySelectorAll(':not(svg *)')].filter(e => !e.children.length && e.textContent.trim() && within(r, e)).map(e => e.textContent.trim())};
					});
				})()`, &rows),
				chromedp.Evaluate(`(() => { const s = document.querySelector('.funnel').parentElement;
					return {Scrolls: s.scrollWidth > s.clientWidth, Tabbable: s.getAttribute('tabindex') === '0', Role: s.getAttribute('role') || '', Label: s.getAttribute('aria-label') || ''}; })()`, &box),
			)
			if err != nil {
				t.Fatal(err)
			}
			missing := 0
			for _, r := range rows {
				switch {
				case !r.Missing && len(r.Bars) != 1:
					t.Errorf("%s has a number, and the graphic draws %q in its row; want one bar", r.Stage, r.Bars)
				case r.Missing && len(r.Bars) > 0:
					t.Errorf("%s has no number, and the graphic draws %q in its row; want no bar", r.Stage, r.Bars)
				case r.Missing && !slices.Equal(r.Notices, []string{"No data"}):
					t.Errorf("%s has no number, and the graphic says %q in its row; want \"No data\"", r.Stage, r.Notices)
				}
				if r.Missing {
					missing++
				}
			}
			if missing == 0 {
				t.Fatalf("no stage without a number in %+v", rows)
			}
			if width < 600 && !box.Scrolls {
				t.Error("the funnel fits a phone: this test wants it to scroll")
			}
			if box.Scrolls && (!box.Tabbable || box.Role != "region" || box.Label == "") {
				t.Errorf("the funnel scrolls in a box with tabindex=0 %v, role %q and label %q; want a tab stop, a region and a label", box.Tabbable, box.Role, box.Label)
			}
		})
	}
}

// TestHeroesFillTheirRow opens every page with a hero (the home page and
// landing pages) at desktop and phone widths and checks that the hero's
// grid has no column without content: a hero without an image gives its
// text the width. Each site's pages load in a subtest and a tab of their
// own, side by side.
func TestHeroesFillTheirRow(t *testing.T) {
	t.Parallel()
	for _, site := range serveSites(t) {
		var heroes []servedPage
		for _, p := range site.Pages {
			if bytes.Contains(p.HTML, []byte("hero-inner")) {
				heroes = append(heroes, p)
			}
		}
		if len(heroes) == 0 {
			continue
		}
		t.Run(site.Name, func(t *testing.T) {
			t.Parallel()
			ctx := chromium.Tab(t)
			var empty []string
			for _, width := range []int64{1440, phoneWidth} {
				if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600)); err != nil {
					t.Fatal(err)
				}
				for _, p := range heroes {
					var hero struct{ Columns, Children int }
					err := chromedp.Run(ctx, chromedp.Navigate(p.URL), chromedp.Evaluate(`(() => {
						const g = document.querySelector('.landing-hero-inner, .home-hero-inner');
						return {Columns: getComputedStyle(g).gridTemplateColumns.split(' ').length,
							Children: [...g.children].filter(c => getComputedStyle(c).display !== 'none').length};
					})()`, &hero))
					if err != nil {
						t.Fatalf("%s /%s: %v", p.Site, p.Path, err)
					}
					if hero.Columns > hero.Children {
						empty = append(empty, fmt.Sprintf("%s /%s at %d px: %d columns for %d blocks", p.Site, p.Path, width, hero.Columns, hero.Children))
					}
				}
			}
			if len(empty) > 0 {
				t.Errorf("%d heroes leave a column empty:\n%s", len(empty), strings.Join(empty, "\n"))
			}
		})
	}
}
