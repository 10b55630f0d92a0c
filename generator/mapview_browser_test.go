package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/internal/filetest"
)

// wideJourneys builds the example with two more journeys of Zoë's steps,
// repeated to 8 and 12 steps (at /journeys/steps-8/ and
// /journeys/steps-12/), without a story, and returns the workspace's
// folder.
func wideJourneys(t *testing.T) string {
	t.Helper()
	src := copyExample(t)
	zoe := string(filetest.Read(t, filepath.Join(src, "content", "journeys", "zoe-flex-subscription.md")))
	parts := strings.Split(zoe, "\n[[steps]]\n")
	head, steps := parts[0], parts[1:]
	last := steps[len(steps)-1]
	steps[len(steps)-1] = last[:strings.Index(last, "\n+++")]
	title := regexp.MustCompile(`(?m)^title = .*$`)
	for _, n := range []int{8, 12} {
		var b strings.Builder
		b.WriteString(title.ReplaceAllString(head, fmt.Sprintf("title = %q", fmt.Sprintf("Zoë's journey in %d steps", n))))
		for i := range n {
			b.WriteString("\n[[steps]]\n" + steps[i%len(steps)])
		}
		b.WriteString("\n+++\n")
		filetest.Write(t, filepath.Join(src, "content", "journeys", fmt.Sprintf("steps-%d.md", n)), b.String())
	}
	_, _, team := buildBoth(t, src, generator.Options{Minify: true})
	return team
}

// rect is an element's box on screen.
type rect struct{ Top, Bottom, Left, Right float64 }

// TestMapOverview checks the overview, the view a journey page opens in,
// on a laptop's screen: a map of 8 or 12 steps fits its width, with no
// sideways scrolling, and its height, and the map's first stage header
// is in the first screenful (issue 15).
func TestMapOverview(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	base := browser.Serve(t, wideJourneys(t))
	for _, n := range []int{8, 12} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var got struct {
				PageWide, MapWide float64
				Width, Height     float64
				Stage, Map        rect
				Overview          bool
			}
			err := chromedp.Run(ctx,
				emulation.SetDeviceMetricsOverride(1440, 900, 1, false),
				chromedp.Navigate(fmt.Sprintf("%s/journeys/steps-%d/", base, n)),
				chromedp.Evaluate(`(() => {
					const box = e => { const r = e.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right}; };
					const s = document.querySelector('.map-scroll');
					return {PageWide: document.documentElement.scrollWidth, MapWide: s.scrollWidth - s.clientWidth,
						Width: innerWidth, Height: innerHeight, Overview: document.getElementById('map-view-overview').checked,
						Stage: box(document.querySelector('.map-stages th[scope=colgroup]')), Map: box(document.querySelector('.map'))};
				})()`, &got),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Overview {
				t.Fatal("the page opens in the detailed view; want the overview")
			}
			if got.PageWide > got.Width {
				t.Errorf("the page is %.0f px wide in a %.0f px window", got.PageWide, got.Width)
			}
			if got.MapWide > 0 {
				t.Errorf("the map scrolls sideways by %.0f px", got.MapWide)
			}
			if got.Stage.Top < 0 || got.Stage.Bottom > got.Height {
				t.Errorf("the first stage header spans y=%.0f–%.0f, outside the first %.0f px", got.Stage.Top, got.Stage.Bottom, got.Height)
			}
			if h := got.Map.Bottom - got.Map.Top; h > got.Height {
				t.Errorf("the map is %.0f px tall: scrolled to, it does not fit the %.0f px screen", h, got.Height)
			}
		})
	}
}

// TestMapHeadersStay scrolls the lanes of an 8-step map in the detailed
// view, chosen with the page's script off, down to its last lane and
// checks that the stage and step headers are still in view, over the
// lanes, on a laptop and on a phone. The view chosen is remembered for the
// next page.
func TestMapHeadersStay(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	base := browser.Serve(t, wideJourneys(t))
	for _, width := range []int64{1440, phoneWidth} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			// The switch is CSS: it works with the page's script off.
			actions := []chromedp.Action{
				emulation.SetScriptExecutionDisabled(true),
				emulation.SetDeviceMetricsOverride(width, 860, 1, width < 600),
				chromedp.Navigate(base + "/journeys/steps-8/"),
				chromedp.Click(`label[for="map-view-detail"]`, chromedp.ByQuery),
			}
			var got struct {
				Scrolled         float64
				Stage, Step, End rect
				Covered          []string
				Height           float64
			}
			actions = append(actions, chromedp.Evaluate(`(() => {
				const box = e => { const r = e.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right}; };
				const s = document.querySelector('.map-scroll');
				scrollTo(0, scrollY + s.getBoundingClientRect().top);
				s.scrollTop = s.scrollHeight;
				const heads = [...document.querySelectorAll('.map-stages th[scope=colgroup], .map-steps th[scope=col]')];
				const covered = heads.filter(h => { const r = h.getBoundingClientRect(), x = Math.min((r.left + r.right) / 2, innerWidth - 2);
					if (r.left > innerWidth) return false;
					return !h.contains(document.elementFromPoint(Math.max(x, r.left + 2), r.top + 8)); }).map(h => h.textContent.trim());
				const lanes = document.querySelectorAll('.map tbody tr');
				return {Scrolled: s.scrollTop, Stage: box(heads[0]), Step: box(document.querySelector('.map-steps th[scope=col]')),
					End: box(lanes[lanes.length - 1]), Covered: covered, Height: innerHeight};
			})()`, &got))
			err := chromedp.Run(ctx, actions...)
			if err == nil {
				err = chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(false))
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Scrolled == 0 {
				t.Fatal("the map did not scroll down: it fits, and this test wants it taller than the screen")
			}
			if got.End.Bottom > got.Height+1 {
				t.Errorf("the last lane ends at y=%.0f, below the %.0f px screen: the lanes did not scroll", got.End.Bottom, got.Height)
			}
			if got.Stage.Top < -1 || got.Stage.Bottom > got.Step.Top+1 || got.Step.Bottom > got.Height/2 {
				t.Errorf("after scrolling, the stage header spans y=%.0f–%.0f and the step header y=%.0f–%.0f; want both at the top", got.Stage.Top, got.Stage.Bottom, got.Step.Top, got.Step.Bottom)
			}
			for _, c := range got.Covered {
				t.Errorf("header %q is covered after scrolling", c)
			}
		})
	}
	t.Run("remembered", func(t *testing.T) {
		var detail bool
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+"/journeys/steps-8/"),
			chromedp.Click(`label[for="map-view-detail"]`, chromedp.ByQuery),
			chromedp.Navigate(base+"/journeys/steps-12/"),
			chromedp.Evaluate(`document.getElementById('map-view-detail').checked`, &detail),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !detail {
			t.Error("another journey opens in the overview after the detailed view was chosen; want the detailed view")
		}
	})
}

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// TestMapPrint prints an 8-step journey without a story to PDF on
// landscape Letter and A4 paper: the map fills the first page and the
// persona and the funnel the second, so the PDF has two pages.
func TestMapPrint(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	base := browser.Serve(t, wideJourneys(t))
	for _, paper := range []struct {
		name string
		w, h float64 // inches, landscape
	}{{"letter", 11, 8.5}, {"a4", 11.69, 8.27}} {
		t.Run(paper.name, func(t *testing.T) {
			var pdf []byte
			err := chromedp.Run(ctx,
				emulation.SetDeviceMetricsOverride(1440, 900, 1, false),
				chromedp.Navigate(base+"/journeys/steps-8/"),
				chromedp.ActionFunc(func(ctx context.Context) error {
					var err error
					pdf, _, err = page.PrintToPDF().WithPaperWidth(paper.w).WithPaperHeight(paper.h).WithPrintBackground(false).Do(ctx)
					return err
				}),
			)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(pdfPage.FindAll(pdf, -1)); n != 2 {
				t.Errorf("printed on %s, the 8-step journey takes %d pages; want 2 (the map, then the persona and funnel)", paper.name, n)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF")) {
				t.Error("not a PDF")
			}
		})
	}
}
