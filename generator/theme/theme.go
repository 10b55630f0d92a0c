// Package theme loads a site's templates and assets from a stack of layers,
// the site's own layouts/ over themes/<name>/ over the embedded default
// theme, file by file, and runs them with html/template.
//
// A theme folder holds layouts/ (baseof.html, one file per page layout,
// partials/), assets/ (read by templates, such as CSS inlined into pages) and
// static/ (copied to the output). A layout that defines "main" is rendered
// inside baseof.html; one that does not is a whole document by itself.
//
// It imports diag, config (for colors), sitefs and picture (the images
// pages show).
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/picture"
	"github.com/journey-ssg/journey/generator/sitefs"
)

// Base is the layout every page layout that defines "main" renders in.
const Base = "baseof.html"

// Theme is a parsed set of layouts with their assets. It is safe for
// concurrent use once loaded.
type Theme struct {
	files  Overlay // the whole theme stack: layouts/, assets/, static/
	layout map[string]*template.Template
	// whole records the layouts that are documents by themselves.
	whole map[string]bool
	// prints are the layouts' fingerprints, for Relaid.
	prints map[string]uint64

	// minify, when set, minifies an asset by its file name's extension
	// before it is inlined, once.
	minify func(name string, src []byte) ([]byte, error)

	mu     sync.Mutex
	assets map[string]string    // mu guards assets: name -> contents
	sizes  map[string]ImageSize // mu guards sizes: static path -> size
	pics   *picture.Processor
	// mu guards memos: partialCached's results, until Forget.
	memos map[string]memoized
	// partials is the set of base layout and partials, for the partial
	// functions; layouts are cloned from it before it runs.
	partials *template.Template

	// trace is set for a theme loaded with Options.Trace: its templates
	// are never run themselves, but cloned into runners.
	trace   bool
	funcMap template.FuncMap // the caller's functions, for runners
	members members
	// runners are the idle runners of a traced theme.
	runners sync.Pool

	// exact, for a theme of minified layouts, loads the same theme from
	// the layouts as written, whose errors name the lines an author sees;
	// loaded holds it once it has, for Forget.
	exact  func() (*Theme, error)
	loaded atomic.Pointer[Theme]
}

// Options configure a theme.
type Options struct {
	// Funcs are added to every template, next to the theme's own (css,
	// js, svg, dict, seq, arithmetic, ...).
	Funcs template.FuncMap
	// Minify, when set, minifies assets (by their file name) before
	// templates inline them, so that pages need not minify them again.
	Minify func(name string, src []byte) ([]byte, error)
	// MinifyLayout, when set, minifies each layout's source before it is
	// parsed, so that the pages it renders need no minifying. It must
	// keep template actions intact.
	MinifyLayout func(src []byte) ([]byte, error)
	// Images keeps the images pages show, resized, between builds; nil
	// keeps none.
	Images *picture.Cache
	// Trace makes every execution report what the templates read to the
	// Recorder given to Execute, at some cost in speed: for sessions that
	// rebuild only the pages a change touches.
	Trace bool
}

// Load parses every layout of the stack. All parse errors are returned
// together, each at its file and line.
//
// With Options.MinifyLayout, the layouts are parsed minified. Their errors,
// in parsing and in running, are then those of the layouts as written:
// a minified layout's lines are not the author's.
func Load(stack Overlay, opts Options) (*Theme, error) {
	if opts.MinifyLayout == nil {
		return load(stack, opts)
	}
	exactOpts := opts
	exactOpts.MinifyLayout = nil
	t, err := load(stack, opts)
	if err != nil {
		// Report the errors as written. If the layouts as written parse,
		// minifying broke them: use them unminified.
		return load(stack, exactOpts)
	}
	exactOpts.Trace = false
	t.exact = sync.OnceValues(func() (*Theme, error) {
		exact, err := load(stack, exactOpts)
		if err == nil {
			t.loaded.Store(exact)
		}
		return exact, err
	})
	return t, nil
}

func load(stack Overlay, opts Options) (*Theme, error) {
	funcs := opts.Funcs
	t := &Theme{minify: opts.Minify, files: stack, layout: map[string]*template.Template{}, whole: map[string]bool{}, assets: map[string]string{}, sizes: map[string]ImageSize{}, prints: map[string]uint64{}, memos: map[string]memoized{},
		trace: opts.Trace, funcMap: funcs, members: members{m: map[memberKey]member{}}}
	static := stack.Sub("static")
	t.pics = picture.New(picture.Options{Files: static, Where: static.Where, Cache: opts.Images})
	problems := stack.check()
	layouts := stack.Sub("layouts")
	if len(layouts) == 0 {
		problems.Add(&diag.Error{Msg: "theme has no layouts folder"})
		return nil, problems.Err()
	}
	names, lproblems := listFiles(layouts)
	problems = append(problems, lproblems...)
	root := template.New("").Funcs(t.funcs()).Funcs(funcs)
	var pages []string
	for _, name := range names {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if name == Base || strings.HasPrefix(name, "partials/") {
			if err := parseInto(root, layouts, name, opts.MinifyLayout); err != nil {
				problems.Add(err)
			}
			continue
		}
		pages = append(pages, name)
	}
	t.partials = root
	if t.trace {
		for _, tt := range root.Templates() {
			rewrite(tt.Tree)
		}
	}
	if root.Lookup(Base) == nil {
		problems.Add(diag.Errorf(diag.Pos{File: "layouts/" + Base}, "the theme has no %s", Base))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	for _, name := range pages {
		set, err := root.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone templates: %w", err)
		}
		if perr := parseInto(set, layouts, name, opts.MinifyLayout); perr != nil {
			problems.Add(perr)
			continue
		}
		if t.trace {
			for _, tt := range set.Templates() {
				if root.Lookup(tt.Name()) == nil {
					rewrite(tt.Tree)
				}
			}
		}
		key := strings.TrimSuffix(name, ".html")
		t.layout[key] = set
		t.whole[key] = set.Lookup("main") == nil
		entry := Base
		if t.whole[key] {
			entry = name
		}
		t.prints[key] = t.fingerprint(set, entry)
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// check reports the folders of the stack's layers that cannot be read: a
// link to a folder, a link that leads outside the site.
func (o Overlay) check() diag.List {
	var problems diag.List
	for _, l := range o {
		for _, dir := range []string{"layouts", "assets", "static"} {
			if _, err := fs.Stat(l.FS, dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
				problems.Add(diag.FileError(l.Prefix+dir, err))
			}
		}
	}
	return problems
}

// listFiles lists the files under layouts, with a problem for each entry
// it cannot read.
func listFiles(layouts Overlay) ([]string, diag.List) {
	var names []string
	var problems diag.List
	// The walk function never fails: problems are gathered instead.
	_ = sitefs.WalkDir(layouts, ".", sitefs.Ignored, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			problems.Add(diag.FileError(layouts.Where(p), err))
		case !d.IsDir():
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	return names, problems
}

// parseInto parses the layout name into set, minified first by minify
// when it is set and minifying keeps what the layout does.
func parseInto(set *template.Template, layouts Overlay, name string, minify func([]byte) ([]byte, error)) *diag.Error {
	src, err := fs.ReadFile(layouts, name)
	if err != nil {
		return diag.FileError(layouts.Where(name), err)
	}
	if minify != nil {
		src = minified(src, minify)
	}
	if _, err := set.New(name).Parse(string(src)); err != nil {
		return templateError(layouts.Where(name), name, err)
	}
	return nil
}

// tmplPos finds "name:line:col:" or "name:line:" in the text of
// html/template errors, which keep their positions nowhere else.
var tmplPos = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+):(?:(\d+):)? ?`)

// templateError positions a template error at display (the file's path as the
// author sees it) and the line the error names.
func templateError(display, name string, err error) *diag.Error {
	msg := err.Error()
	pos := diag.Pos{File: display}
	if m := tmplPos.FindStringSubmatch(msg); m != nil && m[1] == name {
		pos.Line, _ = strconv.Atoi(m[2])
		pos.Col, _ = strconv.Atoi(m[3])
		msg = msg[len(m[0]):]
	} else {
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "html/"), "template: ")
	}
	return &diag.Error{Pos: pos, Msg: msg, Err: err}
}

// Has reports whether the theme has the layout name, such as "persona" or
// "landing/decision".
func (t *Theme) Has(name string) bool {
	_, ok := t.layout[name]
	return ok
}

// Lookup returns the first of names that the theme has.
func (t *Theme) Lookup(names ...string) (string, bool) {
	for _, n := range names {
		if t.Has(n) {
			return n, true
		}
	}
	return "", false
}

// Execute renders the layout name with data into w. A theme loaded with
// Options.Trace reports what the layout reads to rec, which may be nil.
// Errors name the template file and line.
func (t *Theme) Execute(w io.Writer, name string, data any, rec Recorder) error {
	if _, ok := t.layout[name]; !ok {
		return fmt.Errorf("theme has no layout %q", name)
	}
	entry := Base
	if t.whole[name] {
		entry = name + ".html"
	}
	if !t.trace {
		if err := t.layout[name].ExecuteTemplate(w, entry, data); err != nil {
			return t.exactError(name, data, t.execError(err))
		}
		return nil
	}
	r, err := t.runner()
	if err != nil {
		return err
	}
	defer t.runners.Put(r)
	r.rec = rec
	defer func() { r.rec = nil }()
	if err := r.layout[name].ExecuteTemplate(w, entry, data); err != nil {
		return t.exactError(name, data, t.execError(traceError(err)))
	}
	return nil
}

// exactError returns, for err from a minified layout, the error that
// running the layout as written gives, which names the author's line. A
// theme of layouts as written returns err.
func (t *Theme) exactError(name string, data any, err error) error {
	if t.exact == nil {
		return err
	}
	exact, lerr := t.exact()
	if lerr != nil {
		return err
	}
	if xerr := exact.Execute(io.Discard, name, data, nil); xerr != nil {
		return xerr
	}
	return err
}

// runner returns an idle runner of a traced theme, or a new one: a copy of
// every template, whose functions report to the runner's recorder.
func (t *Theme) runner() (*runner, error) {
	if r, ok := t.runners.Get().(*runner); ok {
		return r, nil
	}
	r := &runner{layout: make(map[string]*template.Template, len(t.layout))}
	funcs := t.runnerFuncs(r)
	var err error
	if r.partials, err = t.partials.Clone(); err != nil {
		return nil, fmt.Errorf("clone templates: %w", err)
	}
	r.partials.Funcs(funcs)
	for name, set := range t.layout {
		c, err := set.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone templates: %w", err)
		}
		r.layout[name] = c.Funcs(funcs)
	}
	return r, nil
}

// execError positions an execution error at the template file it names.
func (t *Theme) execError(err error) error {
	if m := tmplPos.FindStringSubmatch(err.Error()); m != nil {
		return templateError(t.files.Where("layouts/"+m[1]), m[1], err)
	}
	return err
}

// Asset returns the contents of assets/name, read once and kept.
func (t *Theme) Asset(name string) (string, error) {
	clean := path.Clean(name)
	if !fs.ValidPath(clean) {
		return "", fmt.Errorf("asset %q: invalid path", name)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.assets[clean]; ok {
		return s, nil
	}
	b, err := fs.ReadFile(t.files, "assets/"+clean)
	if err != nil {
		return "", fmt.Errorf("asset %q: %w", name, err)
	}
	if t.minify != nil {
		if b, err = t.minify(clean, b); err != nil {
			return "", fmt.Errorf("asset %q: %w", name, err)
		}
	}
	s := string(bytes.TrimSpace(b))
	t.assets[clean] = s
	return s, nil
}

// Static returns the overlay of the theme's static/ folders.
func (t *Theme) Static() Overlay { return t.files.Sub("static") }
