package picture

import (
	"image"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// scratch is what drawing a card on a plate needs, kept for the next
// card.
type scratch struct {
	// face is the title's, made on first use: a face is not safe for
	// concurrent use.
	face   font.Face
	buf    sfnt.Buffer
	placed []placedGlyph
	rows   []byte
	z      []byte
	segs   []segment
}

// placedGlyph is a glyph's mask at its place on a card.
type placedGlyph struct {
	mask *image.Alpha // its bounds start at 0, 0
	at   image.Point  // the mask's top left on the card
}

// layTitle wraps title as a card shows it and returns its glyphs where
// font.Drawer draws them, leaving out those that draw nothing.
func (p *Processor) layTitle(s *scratch, title string) ([]placedGlyph, error) {
	f, err := p.fonts.bold()
	if err != nil {
		return nil, err
	}
	if s.face == nil {
		if s.face, err = newFace(p.fonts.bold, titleSize); err != nil {
			return nil, err
		}
	}
	placed := s.placed[:0]
	lines := wrap(s.face, title, CardWidth-2*margin, titleLines)
	for i, l := range lines {
		dot := fixed.P(margin, titleBaseline(i, len(lines)))
		prev := rune(-1)
		for _, r := range l {
			if prev >= 0 {
				dot.X += s.face.Kern(prev, r)
			}
			prev = r
			x, err := f.GlyphIndex(&s.buf, r)
			if err != nil {
				// The face draws nothing for it, and moves on by
				// nothing.
				continue
			}
			g := p.glyphs.get(s.face, x, r, dot)
			if g.mask != nil {
				placed = append(placed, placedGlyph{g.mask, image.Pt(dot.X.Floor(), dot.Y.Floor()).Add(g.offset)})
			}
			dot.X += g.advance
		}
	}
	s.placed = placed
	return placed, nil
}

// glyph is a glyph of the title's face, rasterised.
type glyph struct {
	mask    *image.Alpha // nil for a glyph that draws nothing
	offset  image.Point  // of the mask's top left from the dot's pixel
	advance fixed.Int26_6
}

// glyphKey names a glyph as the face draws it: by its index in the font
// and by where the dot is within its pixel.
type glyphKey struct {
	index  sfnt.GlyphIndex
	fx, fy fixed.Int26_6
}

// glyphs are the title face's glyphs, each rasterised once for all
// cards. They are safe for concurrent use.
type glyphs struct {
	mu sync.RWMutex
	m  map[glyphKey]*glyph // mu guards m
}

// get returns the glyph x of the rune r, drawn by face at dot.
func (gs *glyphs) get(face font.Face, x sfnt.GlyphIndex, r rune, dot fixed.Point26_6) *glyph {
	k := glyphKey{x, dot.X & 63, dot.Y & 63}
	gs.mu.RLock()
	g, ok := gs.m[k]
	gs.mu.RUnlock()
	if ok {
		return g
	}
	dr, mask, maskp, advance, _ := face.Glyph(dot, r)
	g = &glyph{advance: advance}
	if !dr.Empty() {
		g.offset = dr.Min.Sub(image.Pt(dot.X.Floor(), dot.Y.Floor()))
		g.mask = image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(g.mask, g.mask.Rect, mask, maskp, draw.Src)
	}
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if old, ok := gs.m[k]; ok {
		return old
	}
	if gs.m == nil {
		gs.m = map[glyphKey]*glyph{}
	}
	gs.m[k] = g
	return g
}
