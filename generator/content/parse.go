package content

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
)

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
		r.docs, r.problems = parseReviews(f, src, j.known)
		return r
	}
	if j.kind == KindMetrics {
		r.docs, r.problems = parseMetrics(f, src, j.known)
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
	known := j.known
	if jd, ok := doc.(*Journey); ok {
		known = readCustom(jd, text, known)
	}
	r.problems = config.KeyWarnings(md, known, f.keyPos)
	// Later positions are for problems, which few documents have: a
	// large site keeps thousands of documents in memory while it builds.
	keys.Release()
	r.docs = []any{doc}
	return r
}

// stepKeys are the keys a step's fields take.
var stepKeys = config.KnownKeys(reflect.TypeFor[Step]())(nil)

// readCustom fills each step's Custom with the keys its fields do not
// take, which name lanes of the site's or the journey's own; the site's
// builder tells which do. It returns known with those keys added to the
// steps' table, since they are read.
func readCustom(j *Journey, text string, known func([]string) []string) func([]string) []string {
	var raw struct {
		Steps []map[string]any `toml:"steps"`
	}
	if _, err := toml.Decode(text, &raw); err != nil || len(raw.Steps) != len(j.Steps) {
		return known
	}
	var custom []string
	for i, m := range raw.Steps {
		for k, v := range m {
			if slices.Contains(stepKeys, k) {
				continue
			}
			if j.Steps[i].Custom == nil {
				j.Steps[i].Custom = map[string]any{}
			}
			j.Steps[i].Custom[k] = v
			custom = append(custom, k)
		}
	}
	if custom == nil {
		return known
	}
	return func(table []string) []string {
		keys := known(table)
		if len(table) == 1 && table[0] == "steps" {
			keys = append(slices.Clip(keys), custom...)
		}
		return keys
	}
}

// parseReviews reads a reviews file: one review as top-level keys, or many
// as [[review]] tables.
func parseReviews(f File, src []byte, known func([]string) []string) ([]any, diag.List) {
	var file reviewsFile
	problems, ok := decodeWhole(&f, src, &file, known)
	if !ok {
		return nil, problems
	}
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

// parseMetrics reads a metrics file. Counts below zero are refused: no
// export has them, and a sum with one would make a rate past 100%.
func parseMetrics(f File, src []byte, known func([]string) []string) ([]any, diag.List) {
	m := &Metrics{}
	problems, ok := decodeWhole(&f, src, m, known)
	if !ok {
		return nil, problems
	}
	m.File = f
	for i, r := range m.Rows {
		if r.Views < 0 || r.Visitors < 0 || r.Leads < 0 || r.Reviews < 0 {
			problems.Add(diag.Errorf(f.Pos(fmt.Sprintf("row[%d]", i)), "row %d has a count below zero", i+1))
		}
		if r.Page == "" {
			problems.Add(diag.Errorf(f.Pos(fmt.Sprintf("row[%d]", i)), "row %d names no page", i+1))
		}
	}
	return []any{m}, problems
}

// decodeWhole decodes src, the whole of f, into v: the positions of its
// keys scanned first (which refuses a nesting bomb before the decoder sees
// it), then the keys known does not list warned of. ok is false when
// nothing was decoded.
func decodeWhole(f *File, src []byte, v any, known func([]string) []string) (problems diag.List, ok bool) {
	text := string(src)
	keys, deep := config.ScanKeys(f.Path, 0, text)
	if deep != nil {
		return diag.List{deep}, false
	}
	f.Keys = keys
	md, err := toml.Decode(text, v)
	if err != nil {
		return diag.List{decodeError(f, 0, err)}, false
	}
	return config.KeyWarnings(md, known, f.keyPos), true
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
	case KindMetrics:
		return reflect.TypeFor[Metrics]()
	}
	return reflect.TypeFor[Page]()
}
