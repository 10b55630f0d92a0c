package picture

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The size of a sharing card, as Facebook, LinkedIn and X show it.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// Card is a page's sharing card: its own raster image cropped to the
// card's size when it has one, or else one drawn in the brand's colours
// with the title, the brand's name and its logo.
type Card struct {
	Title, Brand string
	// Image is the page's image and Logo the brand's, as site paths; a
	// vector or remote image is not drawn.
	Image, Logo string
	// Background and Accent are CSS hex colours ("#1f4e79").
	Background, Accent string

	image, logo *source
}

// CardFile is a card planned for publishing.
type CardFile struct {
	// Path is the card's path from the site root; Type its media type.
	Path, Type string
	// URL is the card's address beside its page's permalink, when the
	// theme was told the permalink.
	URL           string
	Width, Height int
}

// cardVersion is part of every card's cache key, beside version: change
// it when the cards drawn or their encoding change, and the cards alone
// are encoded again, not every image.
const cardVersion = "2"

func (c *Card) key() string {
	h := sha256.New()
	for _, s := range []string{c.Title, c.Brand, c.Background, c.Accent, hashOf(c.image), hashOf(c.logo)} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	ext := ".png"
	if c.image != nil {
		ext = ".jpg"
	}
	return "card-" + hex.EncodeToString(h.Sum(nil)[:16]) + "-v" + version + "." + cardVersion + ext
}

func hashOf(s *source) string {
	if s == nil {
		return ""
	}
	return s.hash
}

// Card plans the sharing card c for publishing in folder at stem plus
// ".jpg" (a photo) or ".png" (a drawn card), stem being a path from the
// site root such as "products/bike/card". A page image that exists but
// cannot be read is an *Error; one that does not exist is left out.
func (p *Processor) Card(folder, stem string, c Card) (CardFile, error) {
	if name, ok := staticName(c.Image); ok {
		s := p.source(name)
		if s.err != nil && !s.missing {
			return CardFile{}, s.err
		}
		if s.err == nil && !s.animated {
			c.image = s
		}
	}
	if name, ok := staticName(c.Logo); ok {
		if s := p.source(name); s.err == nil && !s.animated {
			c.logo = s
		}
	}
	f := CardFile{Path: stem + ".png", Type: "image/png", Width: CardWidth, Height: CardHeight}
	if c.image != nil {
		f.Path, f.Type = stem+".jpg", "image/jpeg"
	}
	p.plan(folder, f.Path, &job{card: &c})
	f.Path = "/" + f.Path
	return f, nil
}

// drawCard encodes a card.
func (p *Processor) drawCard(c *Card) ([]byte, error) {
	var b bytes.Buffer
	if c.image != nil {
		m, err := p.decode(c.image)
		if err != nil {
			return nil, err
		}
		// Cover the card: scale to fill it, then keep the middle.
		s := c.image
		f := max(float64(CardWidth)/float64(s.w), float64(CardHeight)/float64(s.h))
		w, h := max(CardWidth, int(float64(s.w)*f+0.5)), max(CardHeight, int(float64(s.h)*f+0.5))
		full := fromSource(m, s, w, h)
		out := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
		draw.Draw(out, out.Rect, full, image.Pt((w-CardWidth)/2, (h-CardHeight)/2), draw.Src)
		err = jpeg.Encode(&b, out, &jpeg.Options{Quality: 85})
		return b.Bytes(), err
	}
	if c.logo == nil {
		// Without a logo of its own, a drawn card has few colours, and
		// all of it but the title is the same on every card of the
		// brand: drawn once, in a palette, it encodes many times quicker.
		return p.onPlate(c)
	}
	m, err := p.drawn(c)
	if err != nil {
		return nil, err
	}
	defer p.canvases.Put(m)
	err = (&png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &p.pngBufs}).Encode(&b, m)
	return b.Bytes(), err
}

// The layout of a drawn card, in pixels.
const (
	margin     = 80
	bandHeight = 24 // the accent's band at the bottom
	titleSize  = 68
	titleStep  = 84 // from one line's baseline to the next
	titleLines = 4
)

// titleBaseline returns the baseline of line i of a title of n lines:
// the last one a margin above the band.
func titleBaseline(i, n int) int {
	return CardHeight - bandHeight - margin - (n-1-i)*titleStep
}

// cardColors returns the background, accent and text colours of a drawn
// card: the text dark on a light background, white on any other.
func cardColors(c *Card) (bg, accent, fg color.RGBA) {
	bg = parseColor(c.Background, color.RGBA{0x1f, 0x4e, 0x79, 0xff})
	accent = parseColor(c.Accent, color.RGBA{0xb4, 0x45, 0x1f, 0xff})
	fg = color.RGBA{0xff, 0xff, 0xff, 0xff}
	if luminance(bg) > 0.45 {
		fg = color.RGBA{0x11, 0x11, 0x11, 0xff}
	}
	return bg, accent, fg
}

// drawn draws a card in the brand's colours: the logo and the brand's
// name at the top, the title large below, a band of the accent colour.
func (p *Processor) drawn(c *Card) (*image.RGBA, error) {
	bg, accent, fg := cardColors(c)
	m := p.canvases.Get().(*image.RGBA)
	if err := p.drawBrand(m, c, bg, accent, fg); err != nil {
		return nil, err
	}
	title, err := newFace(p.fonts.bold, titleSize)
	if err != nil {
		return nil, err
	}
	lines := wrap(title, c.Title, CardWidth-2*margin, titleLines)
	for i, l := range lines {
		text(m, title, fg, margin, titleBaseline(i, len(lines)), l)
	}
	return m, nil
}

// drawBrand draws all of a card but its title on m: the background, the
// band, the logo (or the brand's initial on the accent) and the brand's
// name.
func (p *Processor) drawBrand(m *image.RGBA, c *Card, bg, accent, fg color.RGBA) error {
	draw.Draw(m, m.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	draw.Draw(m, image.Rect(0, CardHeight-bandHeight, CardWidth, CardHeight), image.NewUniform(accent), image.Point{}, draw.Src)

	logo := image.Rect(margin, margin-16, margin+72, margin+56)
	if c.logo != nil {
		src, err := p.decode(c.logo)
		if err != nil {
			return err
		}
		// 72 pixels high, as wide as its shape makes it, up to 360.
		w, h := 72*c.logo.w/c.logo.h, 72
		if w > 360 {
			w, h = 360, max(1, 360*c.logo.h/c.logo.w)
		}
		logo = image.Rect(margin, margin-16, margin+max(1, w), margin-16+h)
		u := upright(rgba(src), c.logo.orient)
		xdraw.CatmullRom.Scale(m, logo, u, u.Bounds(), xdraw.Over, nil)
	} else {
		draw.Draw(m, logo, image.NewUniform(accent), image.Point{}, draw.Src)
		initial, _ := utf8.DecodeRuneInString(strings.ToUpper(strings.TrimSpace(c.Brand)))
		if initial != utf8.RuneError {
			face, err := newFace(p.fonts.bold, 48)
			if err != nil {
				return err
			}
			adv := font.MeasureString(face, string(initial)).Ceil()
			text(m, face, fg, logo.Min.X+(72-adv)/2, logo.Min.Y+54, string(initial))
		}
	}
	brand, err := newFace(p.fonts.regular, 40)
	if err != nil {
		return err
	}
	text(m, brand, fg, logo.Max.X+24, margin+34, c.Brand)
	return nil
}

// paletted draws m into out in the palette pal, each pixel the closest
// colour.
func paletted(out *image.Paletted, m *image.RGBA, pal color.Palette) {
	out.Palette = pal
	index := map[uint32]uint8{}
	// Most pixels are the one before: the background.
	last, k := ^uint32(0), uint8(0)
	for i, j := 0, 0; i < len(m.Pix); i, j = i+4, j+1 {
		px := uint32(m.Pix[i])<<24 | uint32(m.Pix[i+1])<<16 | uint32(m.Pix[i+2])<<8 | uint32(m.Pix[i+3])
		if px != last {
			var ok bool
			if k, ok = index[px]; !ok {
				k = uint8(pal.Index(color.RGBA{m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3]}))
				index[px] = k
			}
			last = px
		}
		out.Pix[j] = k
	}
}

// cardPools keep what drawing a card needs, for the next card: a build
// draws one for every page.
type cardPools struct {
	canvases sync.Pool // *image.RGBA: cards with a logo of their own
	pngBufs  pngPool
	scratch  sync.Pool // *scratch: cards drawn on a plate
}

func newCardPools() cardPools {
	return cardPools{
		canvases: sync.Pool{New: func() any { return image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight)) }},
		scratch:  sync.Pool{New: func() any { return new(scratch) }},
	}
}

// pngPool keeps the PNG encoder's buffers.
type pngPool struct{ p sync.Pool }

func (pp *pngPool) Get() *png.EncoderBuffer {
	b, _ := pp.p.Get().(*png.EncoderBuffer)
	return b
}

func (pp *pngPool) Put(b *png.EncoderBuffer) { pp.p.Put(b) }

// blendSteps is how many steps blends takes from one colour of a pair to
// the other: each pair gives blendSteps+1 colours.
const blendSteps = 32

// blends returns the palette of colours a drawn card holds: its
// colours, and the edges of text of one colour on another.
func blends(pairs ...[2]color.RGBA) color.Palette {
	var pal color.Palette
	for _, pr := range pairs {
		for k := 0; k <= blendSteps; k++ {
			mix := func(a, b uint8) uint8 {
				return uint8((int(a)*(blendSteps-k) + int(b)*k + blendSteps/2) / blendSteps)
			}
			a, b := pr[0], pr[1]
			pal = append(pal, color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff})
		}
	}
	return pal
}

// fonts are the embedded Go fonts cards are drawn in, parsed once: a
// parsed font is safe for concurrent use, a face of it is not.
type fonts struct {
	regular, bold func() (*opentype.Font, error)
}

func newFonts() fonts {
	return fonts{
		regular: sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(goregular.TTF) }),
		bold:    sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(gobold.TTF) }),
	}
}

// newFace returns a face of the font at size pixels.
func newFace(parsed func() (*opentype.Font, error), size float64) (font.Face, error) {
	f, err := parsed()
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

func text(m draw.Image, face font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: m, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// wrap breaks s into lines no wider than width, at most n of them, the
// last ending in an ellipsis when s does not fit.
func wrap(face font.Face, s string, width, n int) []string {
	fits := func(t string) bool { return font.MeasureString(face, t).Ceil() <= width }
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if try := strings.TrimSpace(line + " " + w); line == "" || fits(try) {
			line = try
			continue
		}
		if len(lines) == n-1 {
			for !fits(line+"…") && strings.Contains(line, " ") {
				line = line[:strings.LastIndexByte(line, ' ')]
			}
			return append(lines, line+"…")
		}
		lines = append(lines, line)
		line = w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// parseColor reads "#rgb" or "#rrggbb", or returns def.
func parseColor(s string, def color.RGBA) color.RGBA {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return def
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return def
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// luminance is the relative luminance of c, 0 to 1, roughly.
func luminance(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}
