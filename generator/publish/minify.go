package publish

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
)

// Minifier minifies files by their extension. A nil *Minifier leaves every
// file as it is. It is safe for concurrent use.
//
// Pages are not minified one by one: their layouts are, once, when the
// theme loads (Layout), and the theme's assets before it inlines them
// (Minify). What a page adds to its layout is content, which Markdown
// renders compactly already.
type Minifier struct {
	// bufs holds output buffers for minifyTo.
	bufs sync.Pool

	// files minifies stand-alone files and theme assets; layouts
	// minifies the HTML of Go templates, leaving their actions as they
	// are.
	files, layouts *minify.M
}

// NewMinifier returns a minifier for layouts, CSS, JS, JSON, SVG and XML.
func NewMinifier() *Minifier {
	jsonType := regexp.MustCompile(`[/+]json$`)
	files := minify.New()
	files.AddFunc("text/css", css.Minify)
	files.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	files.AddFuncRegexp(jsonType, json.Minify)
	files.AddFunc("image/svg+xml", svg.Minify)
	files.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	// Inline CSS, JS and JSON in a layout stay as written: they hold
	// template actions, and what they inline is minified as an asset.
	layouts := minify.New()
	layouts.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, TemplateDelims: html.GoTemplateDelims})
	return &Minifier{files: files, layouts: layouts, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// Layout minifies the HTML of a Go template, keeping its actions intact.
func (mf *Minifier) Layout(src []byte) ([]byte, error) {
	return mf.layouts.Bytes("text/html", src)
}

// minifyTo minifies data for p into a pooled buffer and passes the result
// to use, which must not keep it. Types it does not minify pass as they
// are.
func (mf *Minifier) minifyTo(p string, data []byte, use func([]byte) error) error {
	m, mt := mf.forPath(p)
	if m == nil {
		return use(data)
	}
	buf := mf.bufs.Get().(*bytes.Buffer)
	defer mf.bufs.Put(buf)
	buf.Reset()
	// A parse/buffer reader lets the minifier read data without copying it.
	if err := m.Minify(mt, buf, buffer.NewReader(data)); err != nil {
		return fmt.Errorf("minify %s: %w", p, err)
	}
	return use(buf.Bytes())
}

// forPath returns the minifier for the file at p and its media type, or
// nil when it leaves the file as it is.
func (mf *Minifier) forPath(p string) (*minify.M, string) {
	mt := mediaType(p)
	if mf == nil || mt == "" {
		return nil, ""
	}
	return mf.files, mt
}

func mediaType(p string) string {
	switch path.Ext(p) {
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "application/javascript"
	case ".json", ".webmanifest":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	}
	return ""
}

// Minify returns data minified for the type its path names, or data itself
// for types it does not minify.
func (mf *Minifier) Minify(p string, data []byte) ([]byte, error) {
	m, mt := mf.forPath(p)
	if m == nil {
		return data, nil
	}
	out, err := m.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", p, err)
	}
	return out, nil
}
