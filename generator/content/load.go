package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/internal/keys"
	"github.com/journey-ssg/journey/generator/sitefs"
)

// Set is every document of a site's content folder, each slice sorted by
// path.
type Set struct {
	Home     *Home
	Pages    []*Page
	Personas []*Persona
	Products []*Product
	Journeys []*Journey
	Landings []*Landing
	Reviews  []*Review
	Thanks   []*Thanks
	// Broken holds the paths of files that could not be parsed, so that
	// references to them are not reported a second time as unknown.
	Broken map[string]bool
}

// sections maps a content sub-folder to the kind of its files.
func sectionKind(dir string) (Kind, string, bool) {
	switch dir {
	case "personas":
		return KindPersona, ".md", true
	case "products":
		return KindProduct, ".md", true
	case "journeys":
		return KindJourney, ".md", true
	case "landing":
		return KindLanding, ".md", true
	case "reviews":
		return KindReview, ".toml", true
	}
	return "", "", false
}

// Loader keeps a site's parsed content between builds, so that a rebuild
// parses only the files that changed. It is not safe for concurrent use.
type Loader struct {
	fsys fs.FS
	dir  string
	// Lean drops the Markdown of documents whose front matter has a
	// description (nothing needs their first paragraph before they are
	// rendered): File.ReadBody reads it again. For one-shot builds of
	// large sites.
	Lean bool
	// files holds each file's documents and problems, by path.
	files map[string]result
	// order is the paths of files, sorted, as the last Set had them.
	order []string
}

// NewLoader returns a Loader of the content under dir in fsys.
func NewLoader(fsys fs.FS, dir string) *Loader {
	return &Loader{fsys: fsys, dir: dir, files: map[string]result{}}
}

// Load reads and parses every content file afresh, several at a time.
// Paths in diagnostics are dir-relative paths joined to dir, as the author
// sees them from the site root. Problems of every file are returned
// together; documents with errors are left out of the Set.
func (l *Loader) Load(ctx context.Context) (*Set, diag.List) {
	l.files = map[string]result{}
	jobs := l.walk(l.dir)
	if err := l.parseAll(ctx, jobs); err != nil {
		return &Set{}, diag.List{{Msg: "load content: " + err.Error(), Err: err}}
	}
	set, list := l.assemble()
	return set, list
}

// Update reparses the files at paths (from the site root, such as
// "content/personas/ana.md"): a file that is gone is dropped, a new folder
// is read whole. Paths outside the content folder are ignored.
func (l *Loader) Update(ctx context.Context, paths []string) (*Set, diag.List) {
	var jobs []job
	for _, p := range paths {
		if p != l.dir && !strings.HasPrefix(p, l.dir+"/") {
			continue
		}
		for known := range l.files {
			if known == p || strings.HasPrefix(known, p+"/") {
				delete(l.files, known)
			}
		}
		info, err := fs.Stat(l.fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed
		}
		if err != nil {
			l.files[p] = result{problems: diag.List{diag.FileError(p, err)}}
			continue
		}
		if info.IsDir() {
			jobs = append(jobs, l.walk(p)...)
			continue
		}
		if hidden(p, l.dir) {
			continue
		}
		j, warn := classify(p, strings.TrimPrefix(p, l.dir+"/"))
		if warn != nil {
			l.files[p] = result{problems: diag.List{warn}}
			continue
		}
		jobs = append(jobs, j)
	}
	if err := l.parseAll(ctx, jobs); err != nil {
		return &Set{}, diag.List{{Msg: "load content: " + err.Error(), Err: err}}
	}
	return l.assemble()
}

// hidden reports whether any segment of p below dir is ignored.
func hidden(p, dir string) bool {
	return sitefs.IgnoredPath(strings.TrimPrefix(p, dir+"/"))
}

// walk lists the content files under root, recording the warnings of files
// that are not content and the problems of files that cannot be read.
func (l *Loader) walk(root string) []job {
	var jobs []job
	// The walk function never fails: problems are kept with the files.
	_ = sitefs.WalkDir(l.fsys, root, sitefs.Ignored, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if !errors.Is(err, fs.ErrNotExist) || p != root {
				l.files[p] = result{problems: diag.List{diag.FileError(p, err)}}
			}
		case d.IsDir():
		default:
			j, warn := classify(p, strings.TrimPrefix(p, l.dir+"/"))
			if warn != nil {
				l.files[p] = result{problems: diag.List{warn}}
				return nil
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	return jobs
}

// parseAll parses jobs with one worker per CPU and keeps the results.
func (l *Loader) parseAll(ctx context.Context, jobs []job) error {
	results := make([]result, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = parse(l.fsys, jobs[i])
				if l.Lean {
					deferBodies(results[i].docs)
				}
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, j := range jobs {
		l.files[j.path] = results[i]
	}
	return nil
}

// assemble makes the Set of every file's documents, in path order.
func (l *Loader) assemble() (*Set, diag.List) {
	paths := keys.Sorted(l.order, l.files)
	l.order = paths
	set := &Set{Broken: map[string]bool{}}
	var problems diag.List
	for _, p := range paths {
		r := l.files[p]
		problems = append(problems, r.problems...)
		if r.problems.Err() != nil {
			set.Broken[p] = true
		}
		for _, doc := range r.docs {
			set.add(doc)
		}
	}
	problems.Sort()
	return set, problems
}

type job struct {
	path string // from the site root
	slug string
	kind Kind
}

type result struct {
	docs     []any
	problems diag.List
}

func classify(p, rel string) (job, *diag.Error) {
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	ext := path.Ext(name)
	slug := strings.TrimSuffix(name, ext)
	if dir == "" {
		switch {
		case name == "_index.md":
			return job{path: p, slug: "", kind: KindHome}, nil
		case ext == ".md":
			return job{path: p, slug: slug, kind: KindPage}, nil
		}
		return job{}, diag.Warnf(diag.Pos{File: p}, "not a content file (want .md); ignored")
	}
	if dir == "thanks" || path.Dir(dir) == "thanks" {
		if ext != ".md" {
			return job{}, diag.Warnf(diag.Pos{File: p}, "a thanks file must end in .md; ignored")
		}
		return job{path: p, slug: strings.TrimPrefix(strings.TrimSuffix(rel, ext), "thanks/"), kind: KindThanks}, nil
	}
	kind, want, ok := sectionKind(dir)
	if !ok {
		return job{}, diag.Warnf(diag.Pos{File: p}, "not in a content folder (personas, products, journeys, landing, reviews, thanks); ignored")
	}
	if ext != want {
		return job{}, diag.Warnf(diag.Pos{File: p}, "a %s file must end in %s; ignored", kind, want)
	}
	return job{path: p, slug: slug, kind: kind}, nil
}

func parse(fsys fs.FS, j job) result {
	var r result
	src, err := fs.ReadFile(fsys, j.path)
	if err != nil {
		r.problems.Add(diag.FileError(j.path, err))
		return r
	}
	if e := checkUTF8(j.path, src); e != nil {
		r.problems.Add(e)
		return r
	}
	f := File{Path: j.path, Slug: j.slug, Kind: j.kind}
	if info, err := fs.Stat(fsys, j.path); err == nil {
		f.ModTime = info.ModTime()
	}
	if j.kind == KindReview {
		r.docs, r.problems = parseReviews(f, src)
		return r
	}
	front, body, bodyLine, hasFront, serr := Split(j.path, src)
	if serr != nil {
		r.problems.Add(serr)
		return r
	}
	if !hasFront && j.kind != KindHome && j.kind != KindPage && j.kind != KindThanks {
		r.problems.Add(diag.Errorf(diag.Pos{File: j.path, Line: 1, Col: 1},
			"missing front matter: start the file with a line +++, then TOML keys, then +++"))
		return r
	}
	f.Body, f.BodyLine = body, bodyLine
	text := string(front)
	keys, deep := config.ScanKeys(j.path, 1, text)
	if deep != nil {
		r.problems.Add(deep)
		return r
	}
	f.Keys = keys
	var doc any
	switch j.kind {
	case KindHome:
		doc = &Home{File: f}
	case KindPage:
		doc = &Page{File: f}
	case KindPersona:
		doc = &Persona{File: f}
	case KindProduct:
		doc = &Product{File: f}
	case KindJourney:
		doc = &Journey{File: f}
	case KindLanding:
		doc = &Landing{File: f}
	case KindThanks:
		doc = &Thanks{File: f}
	}
	md, err := toml.Decode(text, doc)
	if err != nil {
		r.problems.Add(decodeError(&f, 1, err))
		return r
	}
	r.problems = config.KeyWarnings(md, knownKeysOf(j.kind), f.keyPos)
	r.docs = []any{doc}
	return r
}

// parseReviews reads a reviews file: one review as top-level keys, or many
// as [[review]] tables.
func parseReviews(f File, src []byte) ([]any, diag.List) {
	var problems diag.List
	text := string(src)
	keys, deep := config.ScanKeys(f.Path, 0, text)
	if deep != nil {
		problems.Add(deep)
		return nil, problems
	}
	f.Keys = keys
	var file reviewsFile
	md, err := toml.Decode(text, &file)
	if err != nil {
		problems.Add(decodeError(&f, 0, err))
		return nil, problems
	}
	problems = config.KeyWarnings(md, knownKeysOf(KindReview), f.keyPos)
	if len(file.Many) == 0 {
		file.Review.File = f
		return []any{&file.Review}, problems
	}
	if file.Product != "" || file.Rating != 0 || file.Author != "" {
		problems.Add(diag.Errorf(f.Pos("product"), "a reviews file holds either one review as top-level keys or [[review]] tables, not both"))
	}
	docs := make([]any, len(file.Many))
	for i, r := range file.Many {
		r.File = f
		r.File.prefix = fmt.Sprintf("review[%d]", i)
		r.File.Slug = fmt.Sprintf("%s-%d", f.Slug, i+1)
		docs[i] = r
	}
	return docs, problems
}

// lastKey finds the key named in the decoder's type errors, which carry
// their position only in their text.
var lastKey = regexp.MustCompile(`^toml: (?:line \d+ )?\(last key "([^"]*)"\): `)

func decodeError(f *File, lineOffset int, err error) *diag.Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := config.TOMLError(f.Path, lineOffset, err)
		if pe.LastKey != "" && pe.Position.Line == 0 {
			if pos, ok := f.Keys.LookupLoose(strings.Split(pe.LastKey, ".")); ok {
				e.Pos.Line, e.Pos.Col = pos.Line, pos.Col
			}
		}
		if pe.LastKey != "" {
			e.Msg = fmt.Sprintf("%s: %s", pe.LastKey, pe.Message)
		}
		return e
	}
	msg := err.Error()
	pos := diag.Pos{File: f.Path, Line: 1}
	if m := lastKey.FindStringSubmatch(msg); m != nil {
		msg = m[1] + ": " + msg[len(m[0]):]
		if p, ok := f.Keys.LookupLoose(strings.Split(m[1], ".")); ok {
			pos.Line, pos.Col = p.Line, p.Col
		}
	}
	return &diag.Error{Pos: pos, Msg: msg, Err: err}
}

func (f *File) keyPos(k toml.Key) diag.Pos {
	pos := diag.Pos{File: f.Path, Line: 1}
	if p, ok := f.Keys.LookupLoose(k); ok {
		pos.Line, pos.Col = p.Line, p.Col
	}
	return pos
}

// knownKeysOf lists the front-matter keys a kind of document accepts,
// from the type it decodes into.
func knownKeysOf(kind Kind) func([]string) []string {
	return config.KnownKeys(docType(kind))
}

// reviewsFile is what a reviews file decodes into: one review as
// top-level keys, or many as [[review]] tables.
type reviewsFile struct {
	Review
	Many []*Review `toml:"review"`
}

// docType returns the type a kind of document decodes into.
func docType(kind Kind) reflect.Type {
	switch kind {
	case KindHome:
		return reflect.TypeFor[Home]()
	case KindPersona:
		return reflect.TypeFor[Persona]()
	case KindProduct:
		return reflect.TypeFor[Product]()
	case KindJourney:
		return reflect.TypeFor[Journey]()
	case KindLanding:
		return reflect.TypeFor[Landing]()
	case KindReview:
		return reflect.TypeFor[reviewsFile]()
	case KindThanks:
		return reflect.TypeFor[Thanks]()
	}
	return reflect.TypeFor[Page]()
}

func (s *Set) add(doc any) {
	switch d := doc.(type) {
	case *Home:
		s.Home = d
	case *Page:
		s.Pages = append(s.Pages, d)
	case *Persona:
		s.Personas = append(s.Personas, d)
	case *Product:
		s.Products = append(s.Products, d)
	case *Journey:
		s.Journeys = append(s.Journeys, d)
	case *Landing:
		s.Landings = append(s.Landings, d)
	case *Review:
		s.Reviews = append(s.Reviews, d)
	case *Thanks:
		s.Thanks = append(s.Thanks, d)
	}
}

// deferBodies drops the bodies of documents that have a description.
func deferBodies(docs []any) {
	for _, d := range docs {
		var f *File
		var c *Common
		switch d := d.(type) {
		case *Landing:
			f, c = &d.File, &d.Common
		case *Product:
			f, c = &d.File, &d.Common
		case *Journey:
			f, c = &d.File, &d.Common
		case *Page:
			f, c = &d.File, &d.Common
		}
		if f != nil && c.Description != "" && len(f.Body) > 0 {
			f.Body, f.Deferred = nil, true
		}
	}
}

// Shed forgets what only parsing and checking need: the Markdown bodies
// that are already converted and the positions of front-matter keys, for
// a build that will neither convert nor report on them again.
func (s *Set) Shed() {
	shed := func(f *File) {
		f.Keys = nil
		if !f.Deferred {
			f.Body = nil
		}
	}
	if s.Home != nil {
		shed(&s.Home.File)
	}
	for _, d := range s.Pages {
		shed(&d.File)
	}
	for _, d := range s.Personas {
		shed(&d.File)
	}
	for _, d := range s.Products {
		shed(&d.File)
	}
	for _, d := range s.Journeys {
		shed(&d.File)
	}
	for _, d := range s.Landings {
		shed(&d.File)
	}
	for _, d := range s.Thanks {
		shed(&d.File)
	}
	for _, d := range s.Reviews {
		d.File.Keys = nil
	}
}
