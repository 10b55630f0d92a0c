// Package picture turns the raster images a site shows into what a fast
// page needs: each image at a few widths up to its own, in WebP and in its
// own format, turned upright by its EXIF orientation and with its metadata
// left behind; and a 1200×630 sharing card for each page. What it encodes
// is kept in a cache folder, keyed by the source's bytes and the
// parameters, so that a build encodes only what it has not encoded before.
//
// Pages ask for images as they render (Image, Card), which only reads the
// sources' headers and plans the files; Publish encodes what the cache
// lacks, with bounded workers, and writes the files.
//
// It imports nothing of journey's.
package picture

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"image"
	_ "image/gif" // decoders for image.DecodeConfig and image.Decode
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	_ "github.com/gen2brain/webp" // WebP decoder
)

// MaxPixels is the largest image, in pixels, that is decoded: a file that
// declares more is refused before any of it is decoded, so that a small
// file claiming a huge size cannot exhaust memory.
const MaxPixels = 60_000_000

// version is part of every cache key: change it when the encoding
// changes, and the cache is encoded again.
const version = "1"

// ErrTooLarge means an image declares more than MaxPixels.
var ErrTooLarge = errors.New("image too large")

// Error is an image that cannot be used, at its file.
type Error struct {
	File string
	Err  error
}

func (e *Error) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Processor plans, encodes and publishes a site's images. It is safe for
// concurrent use: pages rendering in parallel ask for images at once.
type Processor struct {
	files fs.FS               // the static files, as pages link them
	where func(string) string // names a static file for errors
	cache *Cache
	fonts fonts
	cardPools
	glyphs glyphs

	mu      sync.Mutex
	sources map[string]*source // mu guards sources: by static name
	// mu guards outs: what this build publishes, by folder and path.
	outs map[output]*job
	// mu guards plates: by brand, made once each.
	plates map[plateKey]func() (*plate, error)
}

// Options configure a Processor.
type Options struct {
	// Files are the static files, as pages link them: "images/a.jpg" is
	// the image at "/images/a.jpg".
	Files fs.FS
	// Where names a static file for error messages, such as
	// "static/images/a.jpg"; nil names it as it is.
	Where func(name string) string
	// Cache keeps encoded files between builds; nil keeps none.
	Cache *Cache
}

// New returns a Processor that has planned nothing.
func New(opts Options) *Processor {
	where := opts.Where
	if where == nil {
		where = func(name string) string { return name }
	}
	return &Processor{files: opts.Files, where: where, cache: opts.Cache, fonts: newFonts(), cardPools: newCardPools(), sources: map[string]*source{}, outs: map[output]*job{}, plates: map[plateKey]func() (*plate, error){}}
}

// output is a file to publish: its folder (an output of the site, as the
// caller names it; Every for all) and path below it.
type output struct {
	folder, path string
}

// source is a raster image read once: what its header says, and the hash
// of its bytes.
type source struct {
	name   string
	format string // "jpeg", "png", "gif" or "webp"
	hash   string
	// w and h are the image's size upright, after its orientation.
	w, h   int
	orient int
	// animated GIFs are published as they are.
	animated bool
	// missing is set for a file that does not exist: a page may link
	// what another tool puts there.
	missing bool
	err     error
}

// Picture is a raster image as a page shows it: the srcset of each
// format and the size of the largest variant. A Picture whose OK is false
// is not one journey resizes (a vector image, a remote one, an animated
// GIF): show Src as it is.
type Picture struct {
	// Src is the fallback's largest variant, from the site root.
	Src string
	// Width and Height are Src's size.
	Width, Height int
	// Type is the fallback's media type; WebP is "image/webp".
	Type string
	// Srcset lists the fallback's variants, WebP the WebP ones, each URL
	// prefixed with base.
	Srcset, WebP template.Srcset
	OK           bool
}

// widths are the widths variants are made at, up to the image's own.
func widths(w int) []int {
	var out []int
	for _, v := range [...]int{480, 768, 1080, 1440, 1920} {
		if v >= w {
			break
		}
		out = append(out, v)
	}
	if w <= 1920 {
		out = append(out, w)
	}
	return out
}

// Resizable reports whether ref names a file Image resizes: a site path
// ending in .jpg, .jpeg, .png, .gif or .webp.
func Resizable(ref string) bool {
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
		return false
	}
	switch strings.ToLower(path.Ext(ref)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return true
	}
	return false
}

// Every is the folder of the files Publish writes into every output: the
// variants of images, which the outputs' static/ folders share.
const Every = ""

// Image plans the variants of the raster image at ref ("/images/a.jpg")
// for every output, and returns them with URLs that start with base
// (the site's base path, "/" or "/shop/"). A reference Image does not
// resize, or a file that does not exist, gives a Picture that is not OK
// and no error; a file that cannot be read or decoded, or that is too
// large, gives an *Error.
func (p *Processor) Image(ref, base string) (Picture, error) {
	name, ok := staticName(ref)
	if !ok {
		return Picture{Src: ref}, nil
	}
	s := p.source(name)
	if s.missing {
		return Picture{Src: ref}, nil
	}
	if s.err != nil {
		return Picture{}, s.err
	}
	if s.animated {
		return Picture{Src: ref, Width: s.w, Height: s.h}, nil
	}
	stem := strings.TrimSuffix(name, path.Ext(name))
	fallback, ext := fallbackOf(s.format)
	formats := []string{"webp", fallback}
	if fallback == "webp" {
		formats = formats[:1]
	}
	pic := Picture{Type: "image/" + fallback, OK: true}
	sets := map[string][]string{}
	for _, w := range widths(s.w) {
		h := max(1, (s.h*w+s.w/2)/s.w)
		for _, f := range formats {
			e := ext
			if f == "webp" {
				e = ".webp"
			}
			out := fmt.Sprintf("%s-%dw%s", stem, w, e)
			p.plan(Every, out, &job{src: s, w: w, h: h, format: f})
			sets[f] = append(sets[f], srcURL(base+out)+" "+strconv.Itoa(w)+"w")
			pic.Src, pic.Width, pic.Height = "/"+out, w, h
		}
	}
	// The URLs are the site's own paths, which need no escaping but
	// html/template's, in each attribute.
	pic.Srcset = template.Srcset(strings.Join(sets[fallback], ", "))
	if fallback != "webp" {
		pic.WebP = template.Srcset(strings.Join(sets["webp"], ", "))
	}
	return pic, nil
}

// variantName matches the name Image gives a variant: the source's name,
// its width and its format ("hero-480w.webp").
var variantName = regexp.MustCompile(`-[0-9]+w\.(webp|jpg|png)$`)

// VariantOf reports whether p, a path from the site root, is a variant
// Image writes of the static file source ("photos/hero.jpg"), or, for a
// source that is not an image, of any image in that folder ("." for all).
func VariantOf(p, source string) bool {
	loc := variantName.FindStringIndex(p)
	if loc == nil {
		return false
	}
	if Resizable("/" + source) {
		return p[:loc[0]] == strings.TrimSuffix(source, path.Ext(source))
	}
	return source == "." || strings.HasPrefix(p, source+"/")
}

// CardStem returns the path, without extension, of the card of the page
// written at page: beside it ("products/bike/card" for
// "products/bike/index.html", "404-card" for "404.html").
func CardStem(page string) string {
	if path.Base(page) == "index.html" {
		return path.Join(path.Dir(page), "card")
	}
	return strings.TrimSuffix(page, path.Ext(page)) + "-card"
}

// IsCard reports whether p has the name of a card (see CardStem).
func IsCard(p string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(p), ".png"), ".jpg")
	return base != path.Base(p) && (base == "card" || strings.HasSuffix(base, "-card"))
}

// staticName returns the static file's name of ref when Image resizes it.
func staticName(ref string) (string, bool) {
	if !Resizable(ref) {
		return "", false
	}
	name := path.Clean(strings.TrimPrefix(ref, "/"))
	return name, fs.ValidPath(name)
}

// srcURL escapes a path for a srcset, where a space or a comma would end
// it.
func srcURL(p string) string {
	return strings.ReplaceAll((&url.URL{Path: p}).EscapedPath(), ",", "%2C")
}

// fallbackOf returns the format and file extension of a source format's
// fallback: its own, but for GIF, whose palette resizing would ruin.
func fallbackOf(format string) (string, string) {
	switch format {
	case "jpeg":
		return "jpeg", ".jpg"
	case "webp":
		return "webp", ".webp"
	}
	return "png", ".png"
}

// plan records that out is to be published in folder.
func (p *Processor) plan(folder, out string, j *job) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.outs[output{folder, out}] = j
}

// source reads the header of the static file name, once per processor.
func (p *Processor) source(name string) *source {
	p.mu.Lock()
	s, ok := p.sources[name]
	p.mu.Unlock()
	if ok {
		return s
	}
	s = p.inspect(name)
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.sources[name]; ok {
		return old
	}
	p.sources[name] = s
	return s
}

// inspect hashes the file name and reads its size, format and
// orientation, refusing one too large to decode.
func (p *Processor) inspect(name string) *source {
	s := &source{name: name}
	fail := func(err error) *source {
		s.err = &Error{File: p.where(name), Err: err}
		return s
	}
	data, err := fs.ReadFile(p.files, name)
	if errors.Is(err, fs.ErrNotExist) {
		s.missing = true
		return fail(err)
	}
	if err != nil {
		return fail(err)
	}
	sum := sha256.Sum256(data)
	s.hash = hex.EncodeToString(sum[:16])
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fail(fmt.Errorf("not an image journey can read: %w", err))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fail(errors.New("image has no pixels"))
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return fail(fmt.Errorf("%w: %d×%d pixels, more than %d million; make it smaller", ErrTooLarge, cfg.Width, cfg.Height, MaxPixels/1_000_000))
	}
	s.format, s.w, s.h = format, cfg.Width, cfg.Height
	switch format {
	case "jpeg":
		s.orient = orientation(data)
		if s.orient >= 5 {
			s.w, s.h = s.h, s.w
		}
	case "gif":
		s.animated = frames(data) > 1
	}
	return s
}

// read returns the bytes of a source, checked against the hash its
// header was read with.
func (p *Processor) read(s *source) ([]byte, error) {
	data, err := fs.ReadFile(p.files, s.name)
	if err != nil {
		return nil, &Error{File: p.where(s.name), Err: err}
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:16]) != s.hash {
		return nil, &Error{File: p.where(s.name), Err: errors.New("changed while the site was built")}
	}
	return data, nil
}

// Forget drops what the processor read and planned, for a build after
// files changed, and the brands' plates, which edits may leave unused.
func (p *Processor) Forget() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sources = map[string]*source{}
	p.outs = map[output]*job{}
	p.plates = map[plateKey]func() (*plate, error){}
}
