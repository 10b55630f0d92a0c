// Package chart computes the geometry of journey's inline SVG charts: the
// emotion curve across a journey's steps and the stage funnel. It returns
// numbers and path strings; templates draw them. It imports nothing of
// journey.
package chart

import (
	"math"
	"strconv"
	"strings"
)

// Emotion scale: 1 is very negative, 3 neutral, 5 very positive.
const (
	MinEmotion     = 1
	NeutralEmotion = 3
	MaxEmotion     = 5
)

// Point is one step on the emotion curve.
type Point struct {
	// Index is the step's column, from 0.
	Index int
	// X and Y are in the curve's viewBox units.
	X, Y float64
	// Left and Top place the point in percent of the chart's width and
	// height, for HTML labels laid over the SVG.
	Left, Top float64
	Value     int
	Label     string
	// Low marks the journey's lowest points when they are below neutral:
	// its moments of pain.
	Low bool
}

// Curve is the emotion curve of a journey: one point per step that has an
// emotion, a smooth line through them, and the neutral level.
type Curve struct {
	Width, Height float64
	Points        []Point
	// Path is the SVG path data of the line. A step without an emotion
	// breaks the line instead of being bridged.
	Path string
	// NeutralY is the y of the neutral level.
	NeutralY float64
	// Columns is the number of steps; the curve has one column per step.
	Columns int
}

// EmotionCurve lays out values (one per step, 0 for a step without an
// emotion) across columns of colWidth units, height units tall. Point i
// sits at the centre of column i, so a curve drawn at the width of the
// columns lines up with them at any scale.
func EmotionCurve(values []int, labels []string, colWidth, height float64) Curve {
	xs := make([]float64, len(values))
	for i := range xs {
		xs[i] = (float64(i) + 0.5) * colWidth
	}
	c := EmotionCurveAt(xs, values, labels, colWidth*float64(len(values)), height)
	c.Columns = len(values)
	return c
}

// EmotionCurveAt lays out values at the x positions xs, in a box width by
// height units: a curve drawn on another curve's columns, such as the one
// a journey is compared with. Point i has Index i; a value of 0 breaks
// the line.
func EmotionCurveAt(xs []float64, values []int, labels []string, width, height float64) Curve {
	c := Curve{Width: width, Height: height}
	pad := height * 0.12
	y := func(v int) float64 {
		return pad + float64(MaxEmotion-v)/float64(MaxEmotion-MinEmotion)*(height-2*pad)
	}
	c.NeutralY = y(NeutralEmotion)
	lowest := MaxEmotion + 1
	for _, v := range values {
		if v >= MinEmotion && v < lowest {
			lowest = v
		}
	}
	var run []Point
	var paths []string
	flush := func() {
		if len(run) > 0 {
			paths = append(paths, smoothPath(run))
		}
		run = nil
	}
	for i, v := range values {
		if v < MinEmotion || v > MaxEmotion {
			flush()
			continue
		}
		p := Point{Index: i, X: xs[i], Y: y(v), Value: v, Low: v == lowest && v < NeutralEmotion}
		if i < len(labels) {
			p.Label = labels[i]
		}
		p.Left = round(p.X / c.Width * 100)
		p.Top = round(p.Y / height * 100)
		p.X, p.Y = round(p.X), round(p.Y)
		c.Points = append(c.Points, p)
		run = append(run, p)
	}
	flush()
	c.Path = strings.Join(paths, " ")
	c.NeutralY = round(c.NeutralY)
	return c
}

// smoothPath draws a monotone cubic curve through pts (Fritsch–Carlson), so
// the line never overshoots above or below the points it joins: it does
// not show a feeling no step had.
func smoothPath(pts []Point) string {
	var b strings.Builder
	b.WriteString("M" + num(pts[0].X) + " " + num(pts[0].Y))
	if len(pts) == 1 {
		return b.String()
	}
	n := len(pts)
	delta := make([]float64, n-1)
	for k := 0; k < n-1; k++ {
		delta[k] = (pts[k+1].Y - pts[k].Y) / (pts[k+1].X - pts[k].X)
	}
	m := make([]float64, n)
	m[0], m[n-1] = delta[0], delta[n-2]
	for k := 1; k < n-1; k++ {
		if delta[k-1]*delta[k] <= 0 {
			m[k] = 0
		} else {
			m[k] = (delta[k-1] + delta[k]) / 2
		}
	}
	for k := 0; k < n-1; k++ {
		if delta[k] == 0 {
			m[k], m[k+1] = 0, 0
			continue
		}
		a, bb := m[k]/delta[k], m[k+1]/delta[k]
		if s := a*a + bb*bb; s > 9 {
			t := 3 / math.Sqrt(s)
			m[k], m[k+1] = t*a*delta[k], t*bb*delta[k]
		}
	}
	for k := 0; k < n-1; k++ {
		h := (pts[k+1].X - pts[k].X) / 3
		b.WriteString(" C" + num(pts[k].X+h) + " " + num(pts[k].Y+m[k]*h) +
			" " + num(pts[k+1].X-h) + " " + num(pts[k+1].Y-m[k+1]*h) +
			" " + num(pts[k+1].X) + " " + num(pts[k+1].Y))
	}
	return b.String()
}

func round(v float64) float64 { return math.Round(v*100) / 100 }

func num(v float64) string { return strconv.FormatFloat(round(v), 'f', -1, 64) }
