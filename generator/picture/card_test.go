package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// BenchmarkCard draws and encodes the common card: no photo, no logo, a
// site's colours and a title of one to four lines. The processor draws
// one card before timing, as a build has drawn one before the rest.
func BenchmarkCard(b *testing.B) {
	cases := []struct{ name, title string }{
		{"OneLine", "Velora City"},
		{"TwoLines", "Ride to work in twenty minutes, rain or shine"},
		{"ThreeLines", "Trade in your old bike and get 20% off a Velora City before the end of the month"},
		{"FourLines", "A very long title that goes on and on, far longer than any card can hold on four lines of large type, so that it must end early"},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			p := New(Options{})
			c := Card{Title: tc.title, Brand: "Velora", Background: "#1f4e79", Accent: "#b4451f"}
			if _, err := p.drawCard(&c); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.drawCard(&c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCardOnPlate checks that a card drawn on its brand's plate decodes
// to the picture the whole card drawn in RGBA and mapped to the palette
// gives: titles short, wrapped, not Latin and empty; light and dark
// backgrounds; with and without the brand's initial.
func TestCardOnPlate(t *testing.T) {
	t.Parallel()
	titles := map[string]string{
		"short":    "Velora City",
		"wrapped":  "A very long title that goes on and on, far longer than any card can hold on four lines of large type, so that it must end early",
		"notLatin": "Велосипед для города — Ποδήλατο Ǻngström 自転車",
		"kerned":   "AVATAR Týj WAVE “quoted” ff",
		"empty":    "",
		"overlap":  "gjpqy gjpqy gjpqy gjpqy gjpqy gjpqy gjpqy ǺǺǺǺǺǺǺǺǺǺ ǺǺǺǺǺǺǺǺǺǺ ǺǺǺǺǺǺǺǺǺǺ",
	}
	brands := map[string]Card{
		"dark":       {Brand: "Velora", Background: "#1f4e79", Accent: "#b4451f"},
		"light":      {Brand: "Ünterwegs", Background: "#f4e9d8", Accent: "#2a6f4e"},
		"noInitial":  {Brand: "", Background: "#000", Accent: "#fff"},
		"nearAccent": {Brand: "Grau", Background: "#777777", Accent: "#7a7a7a"},
	}
	p := New(Options{})
	for bn, brand := range brands {
		for tn, title := range titles {
			t.Run(bn+"/"+tn, func(t *testing.T) {
				t.Parallel()
				c := brand
				c.Title = title
				got, err := p.drawCard(&c)
				if err != nil {
					t.Fatal(err)
				}
				m, err := png.Decode(bytes.NewReader(got))
				if err != nil {
					t.Fatal(err)
				}
				want := reference(t, p, &c)
				bg, _, fg := cardColors(&c)
				// A pixel two glyphs cover was mapped to the palette
				// between them: it may be a step of the palette off.
				step := [3]int{}
				for i, v := range [3][2]uint8{{bg.R, fg.R}, {bg.G, fg.G}, {bg.B, fg.B}} {
					step[i] = (abs(int(v[0])-int(v[1]))+31)/32 + 1
				}
				off := 0
				for y := range CardHeight {
					for x := range CardWidth {
						g, w := color.RGBAModel.Convert(m.At(x, y)).(color.RGBA), want.At(x, y).(color.RGBA)
						if g == w {
							continue
						}
						off++
						if abs(int(g.R)-int(w.R)) > step[0] || abs(int(g.G)-int(w.G)) > step[1] || abs(int(g.B)-int(w.B)) > step[2] {
							t.Fatalf("at %d,%d got %v, want %v", x, y, g, w)
						}
					}
				}
				if off > 20 {
					t.Errorf("%d pixels a step off, want at most 20", off)
				}
			})
		}
	}
}

// reference draws c as cards were drawn before plates: the whole card in
// RGBA, then each pixel mapped to the palette.
func reference(t *testing.T, p *Processor, c *Card) *image.Paletted {
	t.Helper()
	m, err := p.drawn(c)
	if err != nil {
		t.Fatal(err)
	}
	defer p.canvases.Put(m)
	bg, accent, fg := cardColors(c)
	out := image.NewPaletted(m.Rect, nil)
	paletted(out, m, blends([2]color.RGBA{bg, fg}, [2]color.RGBA{accent, fg}))
	return out
}

func abs(v int) int { return max(v, -v) }
