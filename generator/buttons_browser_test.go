package generator_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/internal/filetest"
)

// buttonProblems lists, for the page open in the browser, the visible
// buttons whose text wraps (when wrap is false) or that stick out of their
// parent or the viewport.
const buttonProblems = `((wrap) => [...document.querySelectorAll('.button')]
	.filter(b => b.offsetParent !== null)
	.flatMap(b => {
		const out = [], name = b.textContent.trim().slice(0, 50), r = b.getBoundingClientRect();
		const p = b.parentElement.getBoundingClientRect();
		for (const n of b.childNodes) {
			if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) continue;
			const range = document.createRange();
			range.selectNodeContents(n);
			const lines = new Set([...range.getClientRects()].map(x => Math.round(x.top))).size;
			if (!wrap && lines > 1) out.push(name + ': wraps onto ' + lines + ' lines');
		}
		if (r.right > p.right + 1 || r.left < p.left - 1) out.push(name + ': sticks out of its ' + b.parentElement.tagName.toLowerCase());
		if (r.right > innerWidth || b.scrollWidth > b.clientWidth + 1) out.push(name + ': overflows');
		return out;
	}))`

// TestButtonsFit opens every page of the example's campaign site on a
// desktop and a small laptop, where no button's text may wrap, and on a
// phone, where a long one may wrap but none may stick out. The test-ride
// page's call to action is a long one, as ads' often are: it shows on the
// page, its form, its product box and its product's page.
func TestButtonsFit(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	src := copyExample(t)
	page := filepath.Join(src, "content", "landing", "book-a-test-ride.md")
	cta := regexp.MustCompile(`(?m)^cta = .*$`)
	b := filetest.Read(t, page)
	if !cta.Match(b) {
		t.Fatalf("%s has no cta", page)
	}
	filetest.Write(t, page, cta.ReplaceAll(b, []byte(`cta = "Book my free test ride this week"`)))
	_, dest, _ := buildBoth(t, src, generator.Options{Minify: true})
	base := browser.Serve(t, dest)
	var pages []string
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "index.html" {
			rel, _ := filepath.Rel(dest, filepath.Dir(p))
			pages = append(pages, strings.TrimSuffix("/"+filepath.ToSlash(rel)+"/", "./"))
		}
		return err
	})
	if err != nil || len(pages) == 0 {
		t.Fatalf("pages %v: %v", pages, err)
	}
	for _, width := range []int64{1440, 1024, 390} {
		for _, pg := range pages {
			t.Run(fmt.Sprintf("%d%s", width, pg), func(t *testing.T) {
				var problems []string
				err := chromedp.Run(ctx,
					emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600),
					chromedp.Navigate(base+pg),
					chromedp.Evaluate(fmt.Sprintf("%s(%v)", buttonProblems, width < 600), &problems),
				)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range problems {
					t.Error(p)
				}
			})
		}
	}
}
