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

// TestJourneyMapLayout opens every example journey at three widths and
// checks that each point of the emotion curve sits over the centre of its
// step's column, that labels stay in their column, and that no cell's
// text overflows.
func TestJourneyMapLayout(t *testing.T) {
	t.Parallel()
	ctx := chromium.Tab(t)
	base := browser.Serve(t, builds.site(t, "example", true).team)
	journeys := []string{"zoe-flex-subscription", "juergen-city-purchase", "ana-lucia-cargo-family"}
	for _, width := range []int64{1440, 768, 390} {
		for _, j := range journeys {
			t.Run(fmt.Sprintf("%s/%d", j, width), func(t *testing.T) {
				var points, cols []box
				var overflow []string
				err := chromedp.Run(ctx,
					emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600),
					chromedp.Navigate(base+"/journeys/"+j+"/"),
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
			})
		}
	}
}

// TestScreenshots writes the pictures of the example that the README
// shows, when run with -screenshots DIR: each kind of page of both sites
// at a phone's width and a desktop's, the journey map at a tablet's too,
// and the journey map printed.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	if *screenshots == "" {
		t.Skip("run with -screenshots DIR to write them")
	}
	ctx := chromium.Tab(t)
	s := builds.site(t, "example", true)
	campaign, workspace := browser.Serve(t, s.dest), browser.Serve(t, s.team)
	pages := []struct {
		name, url string
		widths    []int64
	}{
		{"home", campaign + "/", []int64{1440, 390}},
		{"product", campaign + "/products/velora-city/", []int64{1440, 390}},
		{"landing", campaign + "/book-a-test-ride/", []int64{1440, 390}},
		{"dashboard", workspace + "/", []int64{1440, 390}},
		{"journey", workspace + "/journeys/zoe-flex-subscription/", []int64{1440, 768, 390}},
	}
	for _, p := range pages {
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
	}
	var pdf []byte
	err := chromedp.Run(ctx, chromedp.Navigate(workspace+"/journeys/zoe-flex-subscription/"), chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPrintBackground(true).WithPreferCSSPageSize(true).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	filetest.Write(t, filepath.Join(*screenshots, "journey.pdf"), pdf)
}
