package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/chart"
	"github.com/journey-ssg/journey/generator/site"
)

// The standalone curve's canvas, in pixels at 1×: a 16:9-friendly strip
// for a slide, with room for the title, the stage bands, the curve and
// three lines of step titles.
const (
	curveWidth  = 1280
	curveMargin = 40
	curveTop    = 150 // where the plot starts, below the title and stages
	curvePlot   = 260 // the plot's height
	curveHeight = 560
)

// The standalone curve's colours: those of the theme's light scheme, as a
// slide shows it whatever the reader's browser prefers.
const (
	inkText    = "#132026"
	inkMuted   = "#4a5b63"
	inkLine    = "#75868d"
	inkBad     = "#b42318"
	inkGood    = "#1f7a4d"
	curveFonts = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
)

// CurveSVG returns the journey's emotion curve as a standalone SVG, written
// beside its map as curve.svg for slides and documents: the title, the
// stages, the curve with each step's feeling, its moments and low points,
// the dashed curve of the journey it is compared with, and the step titles
// under their points. It draws what the map's curve draws, from the same
// geometry.
func CurveSVG(j *site.Journey) []byte {
	cols := j.Columns()
	plotW := float64(curveWidth - 2*curveMargin)
	colW := plotW / float64(max(len(cols), 1))
	c := j.Curve(colW, curvePlot)
	who := "the customer"
	if j.Persona != nil {
		who = j.Persona.DisplayName()
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="title desc" font-family="%s">`+"\n",
		curveWidth, curveHeight, curveWidth, curveHeight, esc(curveFonts))
	fmt.Fprintf(&b, "<title id=\"title\">%s: emotion curve of %s</title>\n", esc(j.Page.Title), esc(who))
	b.WriteString(`<desc id="desc">`)
	for i, s := range cols {
		fmt.Fprintf(&b, "Step %d, %s: ", i+1, esc(s.Title))
		if s.HasLane("emotion") {
			fmt.Fprintf(&b, "%d of 5, %s", s.Emotion, site.EmotionLabel(s.Emotion))
			if s.Feeling != "" {
				fmt.Fprintf(&b, " (%s)", esc(s.Feeling))
			}
		} else {
			b.WriteString("not recorded")
		}
		if m := s.MomentName(); m != "" {
			b.WriteString(", " + m)
		}
		b.WriteString(". ")
	}
	if j.Compare != nil {
		fmt.Fprintf(&b, "A dashed line shows %s on the same scale. ", esc(j.Compare.Page.Title))
	}
	b.WriteString("</desc>\n")
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", curveWidth, curveHeight)
	fmt.Fprintf(&b, `<text x="%d" y="56" font-size="30" font-weight="700" fill="%s">%s</text>`+"\n", curveMargin, inkText, esc(j.Page.Title))
	sub := fmt.Sprintf("How %s feels, step by step", who)
	if j.Compare != nil {
		sub += ", against " + j.Compare.Page.Title + " (dashed)"
	}
	fmt.Fprintf(&b, `<text x="%d" y="86" font-size="16" fill="%s">%s</text>`+"\n", curveMargin, inkMuted, esc(sub))
	i := 0
	for _, g := range j.Groups() {
		x, w := curveMargin+float64(i)*colW, float64(len(g.Steps))*colW
		name, color := "No stage", inkLine
		if g.Stage != nil {
			name, color = g.Stage.Name, g.Stage.Color
		}
		fmt.Fprintf(&b, `<rect x="%s" y="104" width="%s" height="6" fill="%s"/>`+"\n", num(x+2), num(w-4), esc(color))
		fmt.Fprintf(&b, `<text x="%s" y="130" font-size="15" font-weight="700" fill="%s">%s</text>`+"\n", num(x+4), inkText, esc(name))
		i += len(g.Steps)
	}
	fmt.Fprintf(&b, `<g transform="translate(%d %d)">`+"\n", curveMargin, curveTop)
	fmt.Fprintf(&b, `<line x1="0" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-dasharray="6 6"/>`+"\n", num(c.Width), num(c.NeutralY), num(c.NeutralY), inkLine)
	fmt.Fprintf(&b, `<text x="0" y="%s" font-size="12" fill="%s" letter-spacing="1">NEUTRAL</text>`+"\n", num(c.NeutralY-6), inkMuted)
	if j.Compare != nil {
		if was := j.CompareCurve(colW, curvePlot); was.Path != "" {
			fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="8 6"/>`+"\n", was.Path, inkMuted)
		}
	}
	fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="3" stroke-linejoin="round"/>`+"\n", c.Path, inkText)
	for _, p := range c.Points {
		stroke, fill := emotionInk(p.Value), "#fff"
		if p.Low {
			stroke, fill = inkBad, inkBad
		}
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="8" fill="%s" stroke="%s" stroke-width="3.5"/>`+"\n", num(p.X), num(p.Y), fill, stroke)
		// The label sits below its point, or above it in the lower half;
		// a white outline, not a box, keeps it readable where the line
		// passes.
		lines := wrapWords(fmt.Sprintf("%s %d/5", p.Label, p.Value), int(colW/8), 2)
		if p.Low {
			lines = append(lines, "low point")
		}
		if m := cols[p.Index].MomentName(); m != "" {
			lines = append(lines, "★ "+m)
		}
		y := p.Y + 30
		if p.Top > 55 {
			y = p.Y - 20 - 17*float64(len(lines)-1)
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="14" font-weight="600" text-anchor="middle" fill="%s" stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">`, num(p.X), num(y), emotionText(p))
		for k, line := range lines {
			fmt.Fprintf(&b, `<tspan x="%s" dy="%d">%s</tspan>`, num(p.X), min(k, 1)*17, esc(line))
		}
		b.WriteString("</text>\n")
	}
	b.WriteString("</g>\n")
	for i, s := range cols {
		x := curveMargin + (float64(i)+0.5)*colW
		fmt.Fprintf(&b, `<text x="%s" y="%d" font-size="12" font-weight="700" text-anchor="middle" fill="%s" letter-spacing="1">STEP %d</text>`+"\n", num(x), curveTop+curvePlot+34, inkMuted, i+1)
		fmt.Fprintf(&b, `<text x="%s" y="%d" font-size="14" text-anchor="middle" fill="%s">`, num(x), curveTop+curvePlot+54, inkText)
		for k, line := range wrapWords(s.Title, int(colW/7.5), 3) {
			fmt.Fprintf(&b, `<tspan x="%s" dy="%d">%s</tspan>`, num(x), min(k, 1)*18, esc(line))
		}
		b.WriteString("</text>\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// emotionInk is the stroke of a point of value v, as the map's emotion
// classes colour it.
func emotionInk(v int) string {
	switch {
	case v < chart.NeutralEmotion:
		return inkBad
	case v > chart.NeutralEmotion:
		return inkGood
	}
	return inkText
}

func emotionText(p chart.Point) string {
	if p.Low {
		return inkBad
	}
	return inkText
}

// wrapWords breaks s into lines of about width characters, at most n of
// them, the last ending in an ellipsis when words are left over.
func wrapWords(s string, width, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > n {
		lines = append(lines[:n-1:n-1], lines[n-1]+"…")
	}
	return lines
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// num writes a coordinate with at most two decimals.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }
