package picture

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/gen2brain/webp"
)

// photo returns a w×h image, red on its left half and blue on its right,
// so that a test can tell which way it is turned.
func photo(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 200, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func encoded(t *testing.T, format string, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	case "png":
		err = png.Encode(&b, m)
	case "gif":
		err = gif.Encode(&b, m, nil)
	case "webp":
		err = webp.Encode(&b, m, webp.Options{Quality: 90})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// published runs Publish and returns the files it wrote, by folder and
// path, and how many it encoded.
func published(t *testing.T, p *Processor) (map[string][]byte, int) {
	t.Helper()
	out := map[string][]byte{}
	var mu sync.Mutex // Publish writes from one worker per CPU
	n, err := p.Publish(context.Background(), func(folder, path string, r io.Reader) error {
		b, err := io.ReadAll(r)
		mu.Lock()
		defer mu.Unlock()
		out[folder+":"+path] = b
		return err
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out, n
}

func decoded(t *testing.T, name string, data []byte) (image.Image, string) {
	t.Helper()
	m, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m, format
}

// TestVariants checks, for each kind of source, the widths and formats
// written, their sizes, and the srcsets that name them (issue 17).
func TestVariants(t *testing.T) {
	t.Parallel()
	src := photo(1000, 600)
	cases := []struct {
		name, file, format string
		srcset, webp       string
		files              []string
	}{
		{"jpeg", "hero.jpg", "jpeg",
			"/shop/hero-480w.jpg 480w, /shop/hero-768w.jpg 768w, /shop/hero-1000w.jpg 1000w",
			"/shop/hero-480w.webp 480w, /shop/hero-768w.webp 768w, /shop/hero-1000w.webp 1000w",
			[]string{"hero-480w.jpg", "hero-768w.jpg", "hero-1000w.jpg", "hero-480w.webp", "hero-768w.webp", "hero-1000w.webp"}},
		{"png", "hero.png", "png",
			"/shop/hero-480w.png 480w, /shop/hero-768w.png 768w, /shop/hero-1000w.png 1000w",
			"/shop/hero-480w.webp 480w, /shop/hero-768w.webp 768w, /shop/hero-1000w.webp 1000w",
			[]string{"hero-480w.png", "hero-768w.png", "hero-1000w.png", "hero-480w.webp", "hero-768w.webp", "hero-1000w.webp"}},
		{"gif", "hero.gif", "gif",
			"/shop/hero-480w.png 480w, /shop/hero-768w.png 768w, /shop/hero-1000w.png 1000w",
			"/shop/hero-480w.webp 480w, /shop/hero-768w.webp 768w, /shop/hero-1000w.webp 1000w",
			[]string{"hero-480w.png", "hero-768w.png", "hero-1000w.png", "hero-480w.webp", "hero-768w.webp", "hero-1000w.webp"}},
		{"webp", "hero.webp", "webp",
			"/shop/hero-480w.webp 480w, /shop/hero-768w.webp 768w, /shop/hero-1000w.webp 1000w", "",
			[]string{"hero-480w.webp", "hero-768w.webp", "hero-1000w.webp"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := New(Options{Files: fstest.MapFS{"img/" + tc.file: {Data: encoded(t, tc.format, src)}}})
			pic, err := p.Image("/img/"+tc.file, "/shop/")
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tc.srcset, "/shop/hero", "/shop/img/hero")
			if !pic.OK || string(pic.Srcset) != want || string(pic.WebP) != strings.ReplaceAll(tc.webp, "/shop/hero", "/shop/img/hero") {
				t.Errorf("got %+v, want srcset %q and webp %q", pic, want, tc.webp)
			}
			if pic.Width != 1000 || pic.Height != 600 || !strings.HasPrefix(pic.Src, "/img/hero-1000w.") {
				t.Errorf("got %s at %dx%d, want the 1000w variant at 1000x600", pic.Src, pic.Width, pic.Height)
			}
			files, n := published(t, p)
			if n != len(tc.files) || len(files) != len(tc.files) {
				t.Errorf("got %d files, %d encoded, want %d", len(files), n, len(tc.files))
			}
			for _, f := range tc.files {
				data, ok := files[":img/"+f]
				if !ok {
					t.Errorf("%s not written; got %v", f, keys(files))
					continue
				}
				m, format := decoded(t, f, data)
				wantFormat := strings.TrimPrefix(f[strings.LastIndexByte(f, '.'):], ".")
				if wantFormat == "jpg" {
					wantFormat = "jpeg"
				}
				w, err := strconv.Atoi(f[strings.LastIndexByte(f, '-')+1 : strings.Index(f, "w.")])
				if err != nil {
					t.Fatal(err)
				}
				if format != wantFormat || m.Bounds().Dx() != w || m.Bounds().Dy() != (600*w+500)/1000 {
					t.Errorf("%s: got %s %v, want %s %d wide", f, format, m.Bounds().Size(), wantFormat, w)
				}
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestWidths checks which widths an image is written at: the standard
// ones below its own, and its own up to the largest.
func TestWidths(t *testing.T) {
	t.Parallel()
	cases := []struct {
		w    int
		want []int
	}{
		{96, []int{96}},
		{480, []int{480}},
		{1000, []int{480, 768, 1000}},
		{1920, []int{480, 768, 1080, 1440, 1920}},
		{4000, []int{480, 768, 1080, 1440, 1920}},
	}
	for _, tc := range cases {
		if got := widths(tc.w); !equal(got, tc.want) {
			t.Errorf("widths(%d) = %v, want %v", tc.w, got, tc.want)
		}
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// withExif returns a JPEG with an APP1 Exif segment after its start: an
// orientation, and a GPS position that must never reach the site.
func withExif(t *testing.T, jpg []byte, orient uint16) []byte {
	t.Helper()
	le := binary.LittleEndian
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, le, uint32(8))
	// IFD0: orientation, and the GPS IFD's offset.
	binary.Write(&tiff, le, uint16(2))
	binary.Write(&tiff, le, [6]uint16{0x0112, 3, 1, 0, orient, 0})
	gpsAt := uint32(8 + 2 + 2*12 + 4)
	binary.Write(&tiff, le, []uint16{0x8825, 4, 1, 0})
	binary.Write(&tiff, le, gpsAt)
	binary.Write(&tiff, le, uint32(0))
	// GPS IFD: GPSLatitudeRef "N", and an area name easy to search for.
	binary.Write(&tiff, le, uint16(2))
	binary.Write(&tiff, le, []uint16{0x0001, 2, 2, 0})
	tiff.WriteString("N\x00\x00\x00")
	area := "GPS-SECRET-PLACE"
	areaAt := gpsAt + 2 + 2*12 + 4
	binary.Write(&tiff, le, []uint16{0x001C, 7})
	binary.Write(&tiff, le, uint32(len(area)))
	binary.Write(&tiff, le, areaAt)
	binary.Write(&tiff, le, uint32(0))
	tiff.WriteString(area)

	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

// TestOrientationAndMetadata checks that a phone photo stored sideways
// (EXIF orientation 6) comes out upright, with the size it shows at, and
// that none of its metadata, its GPS position least of all, reaches a
// variant or the card (issue 17).
func TestOrientationAndMetadata(t *testing.T) {
	t.Parallel()
	src := withExif(t, encoded(t, "jpeg", photo(640, 320)), 6)
	if !bytes.Contains(src, []byte("GPS-SECRET-PLACE")) || orientation(src) != 6 {
		t.Fatal("the test photo has no GPS position or orientation")
	}
	p := New(Options{Files: fstest.MapFS{"phone.jpg": {Data: src}}})
	pic, err := p.Image("/phone.jpg", "/")
	if err != nil {
		t.Fatal(err)
	}
	if pic.Width != 320 || pic.Height != 640 {
		t.Errorf("got %dx%d, want 320x640: upright", pic.Width, pic.Height)
	}
	if _, err := p.Card("campaign", "card", Card{Title: "Phone", Image: "/phone.jpg"}); err != nil {
		t.Fatal(err)
	}
	files, _ := published(t, p)
	for name, data := range files {
		if bytes.Contains(data, []byte("GPS-SECRET-PLACE")) || bytes.Contains(data, []byte("Exif\x00")) {
			t.Errorf("%s keeps the source's metadata", name)
		}
		if strings.Contains(name, "card") {
			continue
		}
		m, _ := decoded(t, name, data)
		b := m.Bounds()
		if b.Dx() != 320 || b.Dy() != 640 {
			t.Errorf("%s is %v, want 320x640", name, b.Size())
			continue
		}
		// Turned right: the left (red) half is now at the top.
		top, bottom := rgbOf(m.At(160, 100)), rgbOf(m.At(160, 540))
		if top[0] < 150 || top[2] > 100 || bottom[2] < 150 || bottom[0] > 100 {
			t.Errorf("%s: top %v, bottom %v; want red above blue", name, top, bottom)
		}
	}
}

func rgbOf(c color.Color) [3]uint32 {
	r, g, b, _ := c.RGBA()
	return [3]uint32{r >> 8, g >> 8, b >> 8}
}

// TestUpright checks every EXIF orientation on a 3×2 image.
func TestUpright(t *testing.T) {
	t.Parallel()
	m := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		m.Pix[i*4] = uint8(i + 1) // 1 2 3 / 4 5 6 in the red channel
	}
	cases := map[int]string{
		1: "123/456", 2: "321/654", 3: "654/321", 4: "456/123",
		5: "14/25/36", 6: "41/52/63", 7: "63/52/41", 8: "36/25/14",
	}
	for o, want := range cases {
		u := upright(m, o)
		var rows []string
		for y := 0; y < u.Rect.Dy(); y++ {
			var row string
			for x := 0; x < u.Rect.Dx(); x++ {
				row += string(rune('0' + u.Pix[u.PixOffset(x, y)]))
			}
			rows = append(rows, row)
		}
		if got := strings.Join(rows, "/"); got != want {
			t.Errorf("orientation %d: got %s, want %s", o, got, want)
		}
	}
}

// TestCacheDeleted checks that a build whose cache folder is deleted
// while it runs still writes every file it encoded: they are kept in
// memory when the cache cannot keep them.
func TestCacheDeleted(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cache")
	cache, err := OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	p := New(Options{Files: fstest.MapFS{"a.jpg": {Data: encoded(t, "jpeg", photo(600, 300))}}, Cache: cache})
	if _, err := p.Image("/a.jpg", "/"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Card("campaign", "card", Card{Title: "A", Brand: "B"}); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	out, n := published(t, p)
	if n != 5 || len(out) != 5 { // 480 and 600 in two formats, and the card
		t.Errorf("encoded %d files and wrote %d, want 5 of each", n, len(out))
	}
}

// TestCache checks that a second build with the same cache encodes
// nothing and writes the same bytes, and that a changed source is encoded
// again (issue 17).
func TestCache(t *testing.T) {
	t.Parallel()
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	files := fstest.MapFS{"a.jpg": {Data: encoded(t, "jpeg", photo(800, 400))}}
	build := func() (map[string][]byte, int) {
		p := New(Options{Files: files, Cache: cache})
		if _, err := p.Image("/a.jpg", "/"); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Card("campaign", "card", Card{Title: "A", Brand: "B"}); err != nil {
			t.Fatal(err)
		}
		return published(t, p)
	}
	first, n := build()
	if n != 7 { // 480, 768 and 800 in two formats, and the card
		t.Errorf("first build encoded %d files, want 7", n)
	}
	second, n := build()
	if n != 0 {
		t.Errorf("second build encoded %d files, want 0", n)
	}
	for k, v := range first {
		if !bytes.Equal(second[k], v) {
			t.Errorf("%s differs from the cache", k)
		}
	}
	files["a.jpg"] = &fstest.MapFile{Data: encoded(t, "jpeg", photo(800, 401))}
	if _, n := build(); n != 6 {
		t.Errorf("after the photo changed, encoded %d files, want 6", n)
	}
}

// truncated returns a PNG header (signature and IHDR chunk) declaring
// w×h, and nothing after it.
func truncated(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 17)
	copy(ihdr, "IHDR")
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	ihdr[12], ihdr[13] = 8, 6 // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
	return b.Bytes()
}

// TestBrokenImages checks that a file that is not an image, one cut
// short and one declaring more pixels than journey decodes are each an
// *Error naming the file, the last before any decoding, and that a
// missing file is not an error (issue 17).
func TestBrokenImages(t *testing.T) {
	t.Parallel()
	jpg := encoded(t, "jpeg", photo(600, 400))
	files := fstest.MapFS{
		"static/garbage.png": {Data: []byte("not a png")},
		"static/cut.jpg":     {Data: jpg[:len(jpg)/3]},
		"static/bomb.png":    {Data: truncated(100_000, 100_000)},
	}
	where := func(name string) string { return "static/" + name }
	sub := fstest.MapFS{}
	for k, v := range files {
		sub[strings.TrimPrefix(k, "static/")] = v
	}
	p := New(Options{Files: sub, Where: where})
	for _, name := range []string{"garbage.png", "bomb.png"} {
		_, err := p.Image("/"+name, "/")
		var e *Error
		if !errors.As(err, &e) || e.File != "static/"+name {
			t.Errorf("%s: got %v, want an *Error at static/%s", name, err, name)
		}
	}
	if _, err := p.Image("/bomb.png", "/"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bomb: got %v, want ErrTooLarge", err)
	}
	// The header of a cut file reads; its pixels do not.
	if _, err := p.Image("/cut.jpg", "/"); err != nil {
		t.Fatal(err)
	}
	_, err := p.Publish(context.Background(), func(string, string, io.Reader) error { return nil }, nil)
	var e *Error
	if !errors.As(err, &e) || e.File != "static/cut.jpg" {
		t.Errorf("cut: got %v, want an *Error at static/cut.jpg", err)
	}
	if pic, err := p.Image("/missing.jpg", "/"); err != nil || pic.OK || pic.Src != "/missing.jpg" {
		t.Errorf("missing: got %+v, %v; want the reference as it is", pic, err)
	}
}

// TestNotResized checks what passes through as it is: vector and remote
// images, and an animated GIF.
func TestNotResized(t *testing.T) {
	t.Parallel()
	var anim bytes.Buffer
	frame := image.NewPaletted(image.Rect(0, 0, 10, 10), color.Palette{color.Black, color.White})
	if err := gif.EncodeAll(&anim, &gif.GIF{Image: []*image.Paletted{frame, frame}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	p := New(Options{Files: fstest.MapFS{"a.svg": {Data: []byte("<svg/>")}, "anim.gif": {Data: anim.Bytes()}}})
	for _, ref := range []string{"/a.svg", "https://cdn.example/a.jpg", "//cdn.example/a.jpg", "/anim.gif"} {
		pic, err := p.Image(ref, "/")
		if err != nil || pic.OK || pic.Src != ref {
			t.Errorf("%s: got %+v, %v; want it as it is", ref, pic, err)
		}
	}
	if files, _ := published(t, p); len(files) != 0 {
		t.Errorf("wrote %v, want nothing", keys(files))
	}
}

// TestCards checks the size and format of both kinds of card: a drawn
// PNG, and a page's photo cropped to fill a JPEG (issue 17).
func TestCards(t *testing.T) {
	t.Parallel()
	p := New(Options{Files: fstest.MapFS{"hero.jpg": {Data: encoded(t, "jpeg", photo(4000/4, 3000/4))}}})
	drawn, err := p.Card("campaign", "products/bike/card", Card{Title: "A very long title that goes on and on, far longer than any card can hold on four lines of large type, so that it must end early", Brand: "Velora", Background: "#1f4e79", Accent: "#b4451f"})
	if err != nil {
		t.Fatal(err)
	}
	cropped, err := p.Card("team", "journeys/a/card", Card{Title: "B", Image: "/hero.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	if drawn.Path != "/products/bike/card.png" || drawn.Type != "image/png" || cropped.Path != "/journeys/a/card.jpg" || cropped.Type != "image/jpeg" {
		t.Errorf("got %+v and %+v", drawn, cropped)
	}
	files, _ := published(t, p)
	for name, format := range map[string]string{"campaign:products/bike/card.png": "png", "team:journeys/a/card.jpg": "jpeg"} {
		m, got := decoded(t, name, files[name])
		if got != format || m.Bounds().Dx() != CardWidth || m.Bounds().Dy() != CardHeight {
			t.Errorf("%s: got %s %v, want %s 1200x630", name, got, m.Bounds().Size(), format)
		}
	}
}

// TestStrip checks that a photo published as it is loses its metadata
// but keeps its orientation, and still decodes (issue 17).
func TestStrip(t *testing.T) {
	t.Parallel()
	jpg := withExif(t, encoded(t, "jpeg", photo(64, 32)), 6)
	var pngData bytes.Buffer
	pngData.Write(encoded(t, "png", photo(64, 32)))
	// A tEXt chunk before IEND.
	iend := pngData.Bytes()[pngData.Len()-12:]
	body := append([]byte("tEXtComment\x00"), "GPS-SECRET-PLACE"...)
	var chunk bytes.Buffer
	binary.Write(&chunk, binary.BigEndian, uint32(len(body)-4))
	chunk.Write(body)
	binary.Write(&chunk, binary.BigEndian, crc32.ChecksumIEEE(body))
	withText := append(append(bytes.Clone(pngData.Bytes()[:pngData.Len()-12]), chunk.Bytes()...), iend...)
	if _, _, err := image.Decode(bytes.NewReader(withText)); err != nil {
		t.Fatalf("test PNG: %v", err)
	}
	for name, data := range map[string][]byte{"phone.JPG": jpg, "shot.png": withText} {
		out := Strip(name, data)
		if !bytes.Contains(data, []byte("GPS-SECRET-PLACE")) || bytes.Contains(out, []byte("GPS-SECRET-PLACE")) {
			t.Errorf("%s: the GPS position is still there", name)
		}
		if m, _, err := image.Decode(bytes.NewReader(out)); err != nil || m.Bounds().Dx() != 64 {
			t.Errorf("%s: stripped, it does not decode as before: %v", name, err)
		}
	}
	if o := orientation(Strip("phone.jpg", jpg)); o != 6 {
		t.Errorf("stripped JPEG has orientation %d, want 6", o)
	}
	if got := Strip("notes.txt", []byte("GPS")); string(got) != "GPS" {
		t.Errorf("a text file changed: %q", got)
	}
}

// TestNames checks the names of variants and cards, by which a rebuild
// finds the stale ones.
func TestNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		p, source string
		want      bool
	}{
		{"photos/hero-480w.webp", "photos/hero.jpg", true},
		{"photos/hero-1200w.jpg", "photos/hero.jpg", true},
		{"photos/hero-480w.webp", "photos/hero.png", true},
		{"photos/hero.jpg", "photos/hero.jpg", false},
		{"photos/hero-b-480w.webp", "photos/hero.jpg", false},
		{"photos/hero-480w.webp", "photos", true},
		{"photos/hero-480w.webp", ".", true},
		{"other/hero-480w.webp", "photos", false},
		{"photos/notes-480w.txt", "photos", false},
	}
	for _, tc := range cases {
		if got := VariantOf(tc.p, tc.source); got != tc.want {
			t.Errorf("VariantOf(%q, %q) = %v, want %v", tc.p, tc.source, got, tc.want)
		}
	}
	for page, want := range map[string]string{"index.html": "card", "products/bike/index.html": "products/bike/card", "404.html": "404-card"} {
		if got := CardStem(page); got != want {
			t.Errorf("CardStem(%q) = %q, want %q", page, got, want)
		}
		if !IsCard(want+".png") || !IsCard(want+".jpg") {
			t.Errorf("IsCard(%q) = false", want)
		}
	}
	for _, p := range []string{"card.webp", "photos/postcard.png", "cards.png"} {
		if IsCard(p) {
			t.Errorf("IsCard(%q) = true", p)
		}
	}
}

// TestCardLogo checks that a wide raster logo keeps its shape on a drawn
// card: 72 pixels high, three times as wide.
func TestCardLogo(t *testing.T) {
	t.Parallel()
	logo := image.NewRGBA(image.Rect(0, 0, 300, 100))
	for i := range logo.Pix {
		logo.Pix[i] = 255 // opaque white
	}
	p := New(Options{Files: fstest.MapFS{"logo.png": {Data: encoded(t, "png", logo)}}})
	if _, err := p.Card("campaign", "card", Card{Title: "T", Brand: "B", Logo: "/logo.png", Background: "#000000"}); err != nil {
		t.Fatal(err)
	}
	files, _ := published(t, p)
	m, _ := decoded(t, "card.png", files["campaign:card.png"])
	white := func(x, y int) bool { return rgbOf(m.At(x, y))[0] > 240 }
	// The logo's box starts at (80, 64): 216 wide, 72 high.
	if !white(80+200, 64+36) || white(80+230, 64+36) || !white(80+100, 64+70) || white(80+100, 64+80) {
		t.Error("the logo is not drawn 216×72 at the card's top left")
	}
}
