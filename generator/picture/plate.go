package picture

import (
	"hash/adler32"
	"image"
	"image/color"
	"image/draw"
	"slices"
	"sync"
)

// A plate is all of a brand's drawn card but the title, drawn once in the
// card's palette and deflated once: each card copies the rows its title
// covers, draws the title on them in palette indices and deflates only
// those rows. It is read-only once made, so cards use it concurrently.
type plate struct {
	pal color.Palette
	// rows are the card's pixels as a PNG holds them: each row a filter
	// byte (0, none) and a palette index per pixel.
	rows []byte
	// over is the index of the title's colour drawn over the colour of
	// index i with coverage a, at over[i][a]: the colour drawing it in
	// RGBA gives, mapped to its nearest in the palette.
	over [][256]uint8
	// cuts are the rows the plate is deflated between, from 0 to
	// CardHeight; segs[i] holds rows cuts[i] to cuts[i+1].
	cuts  []int
	segs  []segment
	codes *rowCodes // what its rows and its cards' titles are deflated with
	// head is the PNG up to its pixels: signature, IHDR and PLTE.
	head []byte
}

// rowLen is the length of a card's row in a PNG of palette indices.
const rowLen = 1 + CardWidth

// plateKey is what a plate depends on: the colours and the brand's name,
// whose initial is drawn in the logo's place.
type plateKey struct {
	bg, accent color.RGBA
	brand      string
}

// plate returns the plate of c, a card without a logo of its own, made
// on first use.
func (p *Processor) plate(c *Card) (*plate, error) {
	bg, accent, _ := cardColors(c)
	k := plateKey{bg, accent, c.Brand}
	p.mu.Lock()
	get, ok := p.plates[k]
	if !ok {
		brand := Card{Background: c.Background, Accent: c.Accent, Brand: c.Brand}
		get = sync.OnceValues(func() (*plate, error) { return p.newPlate(&brand) })
		p.plates[k] = get
	}
	p.mu.Unlock()
	return get()
}

// newPlate draws and deflates the plate of c.
func (p *Processor) newPlate(c *Card) (*plate, error) {
	bg, accent, fg := cardColors(c)
	m := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	if err := p.drawBrand(m, c, bg, accent, fg); err != nil {
		return nil, err
	}
	pl := &plate{pal: blends([2]color.RGBA{bg, fg}, [2]color.RGBA{accent, fg})}
	pm := image.NewPaletted(m.Rect, nil)
	paletted(pm, m, pl.pal)
	pl.rows = make([]byte, CardHeight*rowLen)
	for y := range CardHeight {
		copy(pl.rows[y*rowLen+1:(y+1)*rowLen], pm.Pix[y*pm.Stride:])
	}
	pl.over = overTable(pl.pal, fg)

	// Cut where titles of one to four lines begin and where they end,
	// so that a card deflates little more than the rows its title
	// covers.
	face, err := newFace(p.fonts.bold, titleSize)
	if err != nil {
		return nil, err
	}
	met := face.Metrics()
	pl.cuts = []int{0, CardHeight, titleBaseline(0, 1) + met.Descent.Ceil()}
	for n := 1; n <= titleLines; n++ {
		pl.cuts = append(pl.cuts, titleBaseline(0, n)-met.Ascent.Ceil())
	}
	for i, y := range pl.cuts {
		pl.cuts[i] = min(max(y, 0), CardHeight)
	}
	slices.Sort(pl.cuts)
	pl.cuts = slices.Compact(pl.cuts)

	pl.codes = newRowCodes()
	for i := range len(pl.cuts) - 1 {
		rows := pl.rows[pl.cuts[i]*rowLen : pl.cuts[i+1]*rowLen]
		pl.segs = append(pl.segs, segment{data: pl.codes.deflate(nil, rows), adler: adler32.Checksum(rows), n: len(rows)})
	}
	pl.head = pngHead(CardWidth, CardHeight, pl.pal)
	return pl, nil
}

// overTable returns, for each colour of pal and each coverage, the index
// in pal of fg drawn over that colour with that coverage, drawn as a
// glyph is drawn on an RGBA image.
func overTable(pal color.Palette, fg color.RGBA) [][256]uint8 {
	m := image.NewRGBA(image.Rect(0, 0, 256, len(pal)))
	mask := image.NewAlpha(m.Rect)
	for i, c := range pal {
		for a := range 256 {
			m.Set(a, i, c)
			mask.Pix[i*mask.Stride+a] = uint8(a)
		}
	}
	draw.DrawMask(m, m.Rect, image.NewUniform(fg), image.Point{}, mask, image.Point{}, draw.Over)
	over := make([][256]uint8, len(pal))
	for i := range over {
		for a := range 256 {
			over[i][a] = uint8(pal.Index(m.RGBAAt(a, i)))
		}
	}
	return over
}

// onPlate encodes c, a card without a logo of its own: its title drawn
// on its brand's plate.
func (p *Processor) onPlate(c *Card) ([]byte, error) {
	pl, err := p.plate(c)
	if err != nil {
		return nil, err
	}
	s := p.scratch.Get().(*scratch)
	defer p.scratch.Put(s)
	placed, err := p.layTitle(s, c.Title)
	if err != nil {
		return nil, err
	}

	// The rows the title covers, widened to the plate's cuts.
	top, bottom := CardHeight, 0
	for _, g := range placed {
		top, bottom = min(top, g.at.Y), max(bottom, g.at.Y+g.mask.Rect.Dy())
	}
	from := len(pl.cuts) - 1
	for from > 0 && pl.cuts[from] > top {
		from--
	}
	to := from
	for to < len(pl.cuts)-1 && pl.cuts[to] < bottom {
		to++
	}
	y0, y1 := pl.cuts[from], pl.cuts[to]
	rows := append(s.rows[:0], pl.rows[y0*rowLen:y1*rowLen]...)
	s.rows = rows
	for _, g := range placed {
		pl.draw(rows, y0, g)
	}
	segs := append(s.segs[:0], pl.segs[:from]...)
	if len(rows) > 0 {
		s.z = pl.codes.deflate(s.z[:0], rows)
		segs = append(segs, segment{data: s.z, adler: adler32.Checksum(rows), n: len(rows)})
	}
	segs = append(segs, pl.segs[to:]...)
	s.segs = segs
	return pngOf(pl.head, segs), nil
}

// draw draws the glyph g in the title's colour on rows, the card's rows
// from y0 on, which hold all of g's.
func (pl *plate) draw(rows []byte, y0 int, g placedGlyph) {
	r := g.mask.Rect.Add(g.at).Intersect(image.Rect(0, 0, CardWidth, CardHeight))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		mask := g.mask.Pix[(y-g.at.Y)*g.mask.Stride+r.Min.X-g.at.X:][:r.Dx()]
		row := rows[(y-y0)*rowLen+1+r.Min.X:][:r.Dx()]
		for x, a := range mask {
			if a != 0 {
				row[x] = pl.over[row[x]][a]
			}
		}
	}
}
