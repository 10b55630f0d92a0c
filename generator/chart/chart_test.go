package chart_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/chart"
	"github.com/journey-ssg/journey/generator/internal/golden"
)

func TestEmotionCurveGolden(t *testing.T) {
	c := chart.EmotionCurve([]int{3, 4, 2, 5, 1, 4, 5}, []string{"Curious", "Hopeful", "Unsure", "Excited", "Let down", "Relieved", "Proud"}, 100, 120)
	var b strings.Builder
	fmt.Fprintf(&b, "viewBox 0 0 %g %g neutral %g columns %d\npath %s\n", c.Width, c.Height, c.NeutralY, c.Columns, c.Path)
	for _, p := range c.Points {
		fmt.Fprintf(&b, "point %d x=%g y=%g left=%g%% top=%g%% value=%d low=%v label=%q\n", p.Index, p.X, p.Y, p.Left, p.Top, p.Value, p.Low, p.Label)
	}
	golden.Equal(t, "testdata/curve.golden", []byte(b.String()))
}

func TestEmotionCurve(t *testing.T) {
	tests := []struct {
		name   string
		values []int
		points int
		moves  int // subpaths: a missing emotion breaks the line
		lows   []int
	}{
		{"Full", []int{3, 2, 4}, 3, 1, []int{1}},
		{"MissingBreaksLine", []int{3, 0, 4, 5}, 3, 2, nil},
		{"NoLowAtNeutral", []int{3, 4, 3}, 3, 1, nil},
		{"TwoLows", []int{1, 4, 1}, 3, 1, []int{0, 2}},
		{"Single", []int{2}, 1, 1, []int{0}},
		{"None", []int{0, 0}, 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := chart.EmotionCurve(tc.values, nil, 100, 100)
			if len(c.Points) != tc.points {
				t.Errorf("got %d points, want %d", len(c.Points), tc.points)
			}
			if got := strings.Count(c.Path, "M"); got != tc.moves {
				t.Errorf("path %q has %d subpaths, want %d", c.Path, got, tc.moves)
			}
			var lows []int
			for _, p := range c.Points {
				if p.Low {
					lows = append(lows, p.Index)
				}
				// Every point sits at the centre of its column.
				if want := float64(p.Index)*100 + 50; p.X != want {
					t.Errorf("point %d at x=%g, want %g", p.Index, p.X, want)
				}
			}
			if fmt.Sprint(lows) != fmt.Sprint(tc.lows) {
				t.Errorf("low points %v, want %v", lows, tc.lows)
			}
		})
	}
}

// TestCurveStaysInRange checks the monotone smoothing: no control point of
// the line goes above 5 or below 1.
func TestCurveStaysInRange(t *testing.T) {
	c := chart.EmotionCurve([]int{1, 5, 1, 5, 5, 1}, nil, 100, 100)
	top, bottom := c.Points[1].Y, c.Points[0].Y
	var x, y float64
	for _, part := range strings.Fields(strings.NewReplacer("M", "", "C", "").Replace(c.Path)) {
		if x == 0 {
			fmt.Sscan(part, &x)
			continue
		}
		fmt.Sscan(part, &y)
		if y < top-0.01 || y > bottom+0.01 {
			t.Errorf("control point y=%g outside [%g, %g]", y, top, bottom)
		}
		x = 0
	}
}

func TestFunnelGolden(t *testing.T) {
	f := chart.NewFunnel([]chart.FunnelStage{
		{Key: "awareness", Name: "Awareness", Metric: "Visitors", Value: 48000, Known: true},
		{Key: "consideration", Name: "Consideration", Metric: "Leads", Value: 3100, Known: true},
		{Key: "decision", Name: "Decision"},
		{Key: "retention", Name: "Retention", Metric: "Customers", Value: 410, Known: true},
		{Key: "advocacy", Name: "Advocacy", Metric: "Referrals", Value: 0, Known: true},
	}, 600, 50)
	var b strings.Builder
	fmt.Fprintf(&b, "viewBox 0 0 %g %g hasData %v\n", f.Width, f.Height, f.HasData())
	for _, bar := range f.Bars {
		rate := "missing"
		if bar.RateKnown {
			rate = fmt.Sprintf("%.4f", bar.Rate)
		}
		fmt.Fprintf(&b, "%s known=%v value=%g x=%g y=%g w=%g h=%g middle=%g%% rate=%s\n", bar.Key, bar.Known, bar.Value, bar.X, bar.Y, bar.W, bar.H, bar.Middle, rate)
	}
	golden.Equal(t, "testdata/funnel.golden", []byte(b.String()))
}

func TestFunnelMissing(t *testing.T) {
	f := chart.NewFunnel([]chart.FunnelStage{{Key: "a", Value: 100, Known: true}, {Key: "b"}, {Key: "c", Value: 10, Known: true}}, 100, 10)
	// The rate from a to c is not computed across the missing stage.
	if f.Bars[1].W != 0 || f.Bars[1].RateKnown || f.Bars[2].RateKnown {
		t.Errorf("a missing stage was filled in: %+v", f.Bars)
	}
	if (chart.Funnel{}).HasData() {
		t.Error("empty funnel has data")
	}
}

func TestEmotionCurveAt(t *testing.T) {
	tests := []struct {
		name   string
		xs     []float64
		values []int
		left   []float64 // of the points, in percent
		moves  int
	}{
		{"Spread", []float64{50, 125, 175}, []int{3, 2, 4}, []float64{25, 62.5, 87.5}, 1},
		{"Break", []float64{50, 0, 150}, []int{3, 0, 4}, []float64{25, 75}, 2},
		{"Empty", nil, nil, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := chart.EmotionCurveAt(tc.xs, tc.values, nil, 200, 100)
			var left []float64
			for _, p := range c.Points {
				left = append(left, p.Left)
			}
			if fmt.Sprint(left) != fmt.Sprint(tc.left) {
				t.Errorf("points at %v%%, want %v%%", left, tc.left)
			}
			if got := strings.Count(c.Path, "M"); got != tc.moves {
				t.Errorf("%d subpaths in %q, want %d", got, c.Path, tc.moves)
			}
		})
	}
}
