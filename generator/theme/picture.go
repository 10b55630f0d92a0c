package theme

import (
	"errors"
	"fmt"
	"path"
	"reflect"
	"strings"

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

// picture plans the variants of the image at ref for the output folder
// (the page's .Site.Folder), with URLs under base (.Site.URL "/"). An
// image that cannot be read is an error at its file.
func (t *Theme) picture(folder any, ref, base string) (picture.Picture, error) {
	p, err := t.pics.Image(fmt.Sprint(folder), ref, base)
	return p, fileError(err)
}

// card plans the sharing card of the page written at page
// ("products/bike/index.html") in the output folder, beside it
// ("products/bike/card.png"), from a dict of "title", "brand", "image",
// "logo", "background" and "accent".
func (t *Theme) card(folder any, page string, args map[string]any) (picture.CardFile, error) {
	stem := strings.TrimSuffix(page, path.Ext(page)) + "-card"
	if path.Base(page) == "index.html" {
		stem = path.Join(path.Dir(page), "card")
	}
	s := func(k string) string {
		if v, ok := args[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	c := picture.Card{Title: s("title"), Brand: s("brand"), Image: s("image"), Logo: s("logo"), Background: s("background"), Accent: s("accent")}
	f, err := t.pics.Card(fmt.Sprint(folder), stem, c)
	return f, fileError(err)
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
