package chart

import "math"

// FunnelStage is one stage's input to a funnel: its name and its volume,
// with Known false when the stage has no number.
type FunnelStage struct {
	Key    string
	Name   string
	Color  string
	Metric string // what the volume counts, such as "visitors"
	Value  float64
	Known  bool
}

// Bar is one drawn stage of a funnel.
type Bar struct {
	FunnelStage
	// X, Y, W, H place the bar in viewBox units; a stage without a number
	// gets no bar (W is 0) and is shown as missing.
	X, Y, W, H float64
	// Middle places the middle of the stage's row in percent of the
	// funnel's height, for HTML laid over the SVG: the words that say a
	// stage has no number.
	Middle float64
	// Rate is the conversion from the previous stage, RateKnown false
	// when either number is missing or the previous one is zero.
	Rate      float64
	RateKnown bool
	First     bool
}

// Funnel is the stage funnel of a journey.
type Funnel struct {
	Width, Height float64
	Bars          []Bar
}

// HasData reports whether any stage has a number.
func (f Funnel) HasData() bool {
	for _, b := range f.Bars {
		if b.Known {
			return true
		}
	}
	return false
}

// NewFunnel lays stages out as horizontal bars, one row of rowHeight per
// stage, centred in width units. Bar widths follow the square root of the
// volume, so a stage of a few hundred stays visible beside tens of
// thousands; the numbers themselves are written out. Missing numbers stay
// missing: nothing is interpolated.
func NewFunnel(stages []FunnelStage, width, rowHeight float64) Funnel {
	f := Funnel{Width: width, Height: rowHeight * float64(len(stages))}
	top := 0.0
	for _, s := range stages {
		if s.Known && s.Value > top {
			top = s.Value
		}
	}
	minW := width * 0.04
	for i, s := range stages {
		b := Bar{FunnelStage: s, Y: round(float64(i)*rowHeight + rowHeight*0.15), H: round(rowHeight * 0.7), First: i == 0,
			Middle: round((float64(i) + 0.5) / float64(len(stages)) * 100)}
		if s.Known && s.Value > 0 && top > 0 {
			w := math.Max(minW, width*math.Sqrt(s.Value/top))
			b.W = round(w)
			b.X = round((width - w) / 2)
		}
		if i > 0 {
			prev := stages[i-1]
			if prev.Known && s.Known && prev.Value > 0 {
				b.Rate, b.RateKnown = s.Value/prev.Value, true
			}
		}
		f.Bars = append(f.Bars, b)
	}
	return f
}
