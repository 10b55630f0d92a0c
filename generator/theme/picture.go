package theme

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"path"
	"reflect"
	"strings"

	"golang.org/x/net/html"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/picture"
)

// fileRead is the member a Recorder hears of, with a receiver that is not
// valid and the file's site path ("/images/a.png") for argument, when a
// template reads a static file: its size, its pixels.
const fileRead = "file"

// Pictures returns the processor of the images the theme's pages show:
// publish what it planned once the pages are rendered.
func (t *Theme) Pictures() *picture.Processor { return t.pics }

// picture plans the variants of the image at ref, with URLs under base
// (.Site.URL "/"). An image that cannot be read is an error at its file.
func (t *Theme) picture(ref, base string) (picture.Picture, error) {
	p, err := t.pics.Image(ref, base)
	return p, fileError(err)
}

// card plans the sharing card of the page written at page
// ("products/bike/index.html") in the output folder, beside it
// ("products/bike/card.png"), from a dict of "title", "brand", "image",
// "logo", "background" and "accent".
func (t *Theme) card(folder any, page string, args map[string]any) (picture.CardFile, error) {
	stem := picture.CardStem(page)
	s := func(k string) string {
		if v, ok := args[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	c := picture.Card{Title: s("title"), Brand: s("brand"), Image: s("image"), Logo: s("logo"), Background: s("background"), Accent: s("accent")}
	f, err := t.pics.Card(fmt.Sprint(folder), stem, c)
	if p := s("permalink"); p != "" && err == nil {
		// The card is written beside the page: its address is the
		// page's, in the page's folder.
		f.URL = p[:strings.LastIndexByte(p, '/')+1] + path.Base(f.Path)
	}
	return f, fileError(err)
}

// proseSizes is the width of an image in Markdown copy, which the theme's
// .prose sets no wider than 44rem.
const proseSizes = "(min-width: 46rem) 44rem, 100vw"

// pictures rewrites the raster images of converted Markdown (a page's
// .Content) as the theme's own: variants with URLs under base, loaded
// lazily. read is told of each static file it reads.
// Markdown writes its images with the base path in front, which is taken
// off to find the file.
func (t *Theme) pictures(base string, content template.HTML, read func(ref string)) (template.HTML, error) {
	s := string(content)
	if !strings.Contains(s, "<img") {
		return content, nil
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	inPicture := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := string(z.Raw())
		tok := z.Token()
		switch {
		case tok.Data == "picture" && tt == html.StartTagToken:
			inPicture++
		case tok.Data == "picture" && tt == html.EndTagToken:
			inPicture--
		case tok.Data == "img" && inPicture == 0 && (tt == html.StartTagToken || tt == html.SelfClosingTagToken):
			out, err := t.picture1(base, tok, read)
			if err != nil {
				return "", err
			}
			if out != "" {
				raw = out
			}
		}
		b.WriteString(raw)
	}
	// The tokenizer stops at the end or at what it cannot read, which the
	// Markdown renderer does not write; the rest goes on as it was.
	if err := z.Err(); err != io.EOF {
		return content, nil
	}
	// Built from escaped HTML and escaped attribute values.
	return template.HTML(b.String()), nil
}

// picture1 returns the markup of one Markdown image as a <picture>, or ""
// to leave it as it is.
func (t *Theme) picture1(base string, tok html.Token, read func(ref string)) (string, error) {
	attrs := map[string]string{}
	for _, a := range tok.Attr {
		attrs[a.Key] = a.Val
	}
	ref := attrs["src"]
	if rest, ok := strings.CutPrefix(ref, base); ok && strings.HasPrefix(base, "/") {
		ref = "/" + rest
	}
	if !picture.Resizable(ref) {
		return "", nil
	}
	read(ref)
	pic, err := t.picture(ref, base)
	if err != nil || !pic.OK {
		return "", err
	}
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString("<picture>")
	if pic.WebP != "" {
		fmt.Fprintf(&b, `<source type="image/webp" srcset="%s" sizes="%s">`, esc(string(pic.WebP)), proseSizes)
	}
	fmt.Fprintf(&b, `<img src="%s" srcset="%s" sizes="%s" alt="%s"`, esc(base+strings.TrimPrefix(pic.Src, "/")), esc(string(pic.Srcset)), proseSizes, esc(attrs["alt"]))
	if title, ok := attrs["title"]; ok {
		fmt.Fprintf(&b, ` title="%s"`, esc(title))
	}
	fmt.Fprintf(&b, ` width="%d" height="%d" loading="lazy" decoding="async"></picture>`, pic.Width, pic.Height)
	return b.String(), nil
}

// fileError turns an image's *picture.Error into a problem at its file.
func fileError(err error) error {
	var pe *picture.Error
	if errors.As(err, &pe) {
		return diag.FileError(pe.File, pe.Err)
	}
	return err
}

// recordFile tells rec, when set, that the page read the static file ref.
func recordFile(rec Recorder, ref string) {
	if rec != nil && ref != "" {
		rec.Read(reflect.Value{}, fileRead, []reflect.Value{reflect.ValueOf(ref)}, reflect.Value{})
	}
}
