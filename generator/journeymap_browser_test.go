package generator_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/journey-ssg/journey/generator/internal/browser"
	"github.com/journey-ssg/journey/internal/filetest"
)

var screenshots = flag.String("screenshots", "", "write journey-map screenshots and a PDF into this folder")

type box struct{ Left, Right, Top, Bottom float64 }

func (b box) centerX() float64 { return (b.Left + b.Right) / 2 }

// TestJourneyMapLayout opens every example journey at three widths, in
// the overview and in the detailed view, and checks that each point of the
// emotion curve sits over the centre of its step's column, that labels
// stay in their column, and that no cell's text overflows.
func TestJourneyMapLayout(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	base := browser.Serve(t, builds.site(t, "example", true).team)
	journeys := []string{"zoe-flex-subscription", "juergen-city-purchase", "ana-lucia-cargo-family"}
	for _, view := range []string{"overview", "detail"} {
		for _, width := range []int64{1440, 768, 390} {
			for _, j := range journeys {
				t.Run(fmt.Sprintf("%s/%s/%d", view, j, width), func(t *testing.T) { checkMapLayout(t, ctx, base+"/journeys/"+j+"/", view, width) })
			}
		}
	}
}

// checkMapLayout checks the journey map at url in view at width.
func checkMapLayout(t *testing.T, ctx context.Context, url, view string, width int64) {
	t.Helper()
	var points, cols []box
	var overflow []string
	err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600),
		chromedp.Navigate(url),
		chromedp.Click(`label[for="map-view-`+view+`"]`, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('.curve-point')].map(p => {
						const r = p.querySelector('.curve-dot').getBoundingClientRect();
						return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Step: +p.dataset.step};
					})`, &points),
		chromedp.Evaluate(`[...document.querySelectorAll('.map-steps th[scope=col]')].map(c => {
						const r = c.getBoundingClientRect(); return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom};
					})`, &cols),
		chromedp.Evaluate(`[...document.querySelectorAll('.map th, .map td, .curve-label, .funnel th, .funnel td')]
						.filter(c => c.scrollWidth > c.clientWidth + 1)
						.map(c => c.tagName + ' ' + c.textContent.trim().slice(0, 40))`, &overflow),
	)
	if err != nil {
		t.Fatal(err)
	}
	var steps []int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('.curve-point')].map(p => +p.dataset.step)`, &steps)); err != nil {
		t.Fatal(err)
	}
	if len(points) == 0 || len(cols) == 0 {
		t.Fatalf("found %d curve points and %d step columns", len(points), len(cols))
	}
	for i, p := range points {
		col := cols[steps[i]]
		if d := math.Abs(p.centerX() - col.centerX()); d > 3 {
			t.Errorf("point of step %d at x=%.1f, its column's centre at %.1f: off by %.1f px", steps[i]+1, p.centerX(), col.centerX(), d)
		}
	}
	for _, o := range overflow {
		t.Errorf("text overflows its cell: %s", o)
	}
}

// TestScreenshots writes the pictures of the example that the README
// shows, when run with -screenshots DIR: each kind of page of both sites
// at a phone's width and a desktop's, the journey map at a tablet's too,
// the journey map's first screen in the overview and its whole page in
// the detailed view on a laptop, and the journey map printed (as a
// picture of the printed page and as a PDF on landscape Letter).
func TestScreenshots(t *testing.T) {
	t.Parallel()
	if *screenshots == "" {
		t.Skip("run with -screenshots DIR to write them")
	}
	s := builds.site(t, "example", true)
	campaign, workspace := browser.Serve(t, s.dest), browser.Serve(t, s.team)
	journey := workspace + "/journeys/zoe-flex-subscription/"
	pages := []struct {
		name, url string
		widths    []int64
	}{
		{"home", campaign + "/", []int64{1440, 390}},
		{"product", campaign + "/products/velora-city/", []int64{1440, 390}},
		{"landing", campaign + "/book-a-test-ride/", []int64{1440, 390}},
		{"dashboard", workspace + "/", []int64{1440, 390}},
		{"journey", journey, []int64{1440, 768, 390}},
		// The journey as it is meant to be, against today's.
		{"journey-compare", workspace + "/journeys/juergen-city-intended/", []int64{1440, 390}},
	}
	// Each page has a tab of its own, and so the time a tab allows, brought
	// to the front: a background tab may draw no frame to capture.
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ctx := frontTab(t)
			for _, width := range p.widths {
				var png []byte
				err := chromedp.Run(ctx,
					emulation.SetDeviceMetricsOverride(width, 1000, 1, width < 600),
					chromedp.Navigate(p.url),
					chromedp.FullScreenshot(&png, 80),
				)
				if err != nil {
					t.Fatal(err)
				}
				filetest.Write(t, filepath.Join(*screenshots, fmt.Sprintf("%s-%d.jpg", p.name, width)), png)
			}
		})
	}
	t.Run("journey-views", func(t *testing.T) { journeyShots(t, journey) })
}

// journeyShots writes the journey map's pictures of its views and of its
// printed page, and the page printed to PDF on landscape Letter.
func journeyShots(t *testing.T, journey string) {
	ctx := frontTab(t)
	var shot []byte
	// viewport takes a JPEG of the window only, as it first shows.
	viewport := func() chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			shot, err = page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatJpeg).WithQuality(80).Do(ctx)
			return err
		})
	}
	var pdf []byte
	err := chromedp.Run(ctx, chromedp.Navigate(journey), chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPaperWidth(11).WithPaperHeight(8.5).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	filetest.Write(t, filepath.Join(*screenshots, "journey.pdf"), pdf)
	// The detailed view comes last: the page remembers it.
	shots := []struct {
		name    string
		actions []chromedp.Action
	}{
		{"journey-overview-1440x900.jpg", []chromedp.Action{
			emulation.SetDeviceMetricsOverride(1440, 900, 1, false),
			chromedp.Navigate(journey),
			viewport(),
		}},
		// The printed page: landscape Letter at 96 dpi, less its margins.
		{"journey-print.jpg", []chromedp.Action{
			emulation.SetDeviceMetricsOverride(1056-2*30, 816-2*30, 1, false),
			emulation.SetEmulatedMedia().WithMedia("print"),
			chromedp.Navigate(journey),
			viewport(),
			emulation.SetEmulatedMedia().WithMedia(""),
		}},
		{"journey-detailed-1440.jpg", []chromedp.Action{
			emulation.SetDeviceMetricsOverride(1440, 1000, 1, false),
			chromedp.Navigate(journey),
			chromedp.Click(`label[for="map-view-detail"]`, chromedp.ByQuery),
			chromedp.FullScreenshot(&shot, 80),
		}},
	}
	for _, sh := range shots {
		for i, a := range sh.actions {
			if err := chromedp.Run(ctx, a); err != nil {
				t.Fatalf("%s, step %d: %v", sh.name, i+1, err)
			}
		}
		filetest.Write(t, filepath.Join(*screenshots, sh.name), shot)
	}
}

// frontTab opens a tab and brings it to the front.
func frontTab(t *testing.T) context.Context {
	t.Helper()
	ctx := chromium.Tab(t)
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	return ctx
}
