package site

import (
	"reflect"
	"slices"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
)

// Edited is what a change read again: the documents Refresh may take in
// place.
type Edited struct {
	Landings []*content.Landing
	Personas []*content.Persona
}

// Refresh takes authored landing pages and personas read again after an
// edit that kept what places them in the site (URL, stage, product,
// persona, form, variants, aliases, draft, noindex) and updates s in
// place: their titles, copy, forms, bodies, descriptions and dates, their
// variants, the titles a persona's name gives its journeys, and the dates
// of the pages that show them. It returns the nodes it touched.
//
// The model's structure cannot have changed, so this spares rebuilding it,
// which at 10,000 pages is most of an edit's wait. ok is false, and s is
// untouched, when any document changed more than that; on errors s is
// untouched too.
func (s *Site) Refresh(ed Edited, conv *markdown.Converter, cache *Cache) (dirty Dirty, ok bool, problems diag.List) {
	b := s.builder
	if b == nil || s.links == nil || len(ed.Landings)+len(ed.Personas) == 0 {
		return nil, false, nil
	}
	landings, ok := matchDocs(ed.Landings, s.Landings, func(l *Landing) (*content.Landing, bool) { return l.Landing, !l.Generated },
		func(d *content.Landing) string { return d.Path }, samePlace)
	if !ok {
		return nil, false, nil
	}
	personas, ok := matchDocs(ed.Personas, s.Personas, func(p *Persona) (*content.Persona, bool) { return p.Persona, true },
		func(d *content.Persona) string { return d.Path }, samePersona)
	if !ok {
		return nil, false, nil
	}
	var files []*content.File
	for _, d := range ed.Landings {
		files = append(files, &d.File)
	}
	for _, d := range ed.Personas {
		files = append(files, &d.File)
	}
	results, problems := s.convertAll(files, conv, cache)
	if problems.Err() != nil {
		return nil, true, problems
	}

	// What the builder sets again is kept, to be put back on errors.
	var undo []func()
	keep := func(p *Page) {
		was := *p
		undo = append(undo, func() { *p = was })
	}
	b.problems = nil
	var touched []any
	refreshed := map[*Page]bool{}
	for i, d := range ed.Landings {
		l := landings[i]
		doc := l.Landing
		undo = append(undo, func() { l.Landing = doc })
		keep(l.Page)
		for j, v := range l.Variants {
			keep(v.Page)
			was := v.Variant
			undo = append(undo, func() { v.Variant = was })
			v.Variant = d.Variants[j]
		}
		l.Landing = d
		b.pageFor(l.Page, &d.File, &d.Common, firstNonEmpty(d.Headline, d.Slug))
		l.Page.Content = results[i].HTML
		l.Page.Description = firstNonEmpty(l.Page.Description, results[i].Summary)
		l.syncVariants()
		b.formsOf(l)
		touched = append(touched, l, l.Page, l.Stage, l.Product, l.Persona)
		refreshed[l.Page] = true
		for _, v := range l.Variants {
			touched = append(touched, v, v.Page)
		}
	}
	for i, d := range ed.Personas {
		p, r := personas[i], results[len(ed.Landings)+i]
		doc := p.Persona
		undo = append(undo, func() { p.Persona = doc })
		keep(p.Page)
		p.Persona = d
		b.personaPage(p)
		p.Page.Content = r.HTML
		p.Page.Description = firstNonEmpty(p.Page.Description, r.Summary)
		s.finishPage(p.Page)
		touched = append(touched, p, p.Page)
		refreshed[p.Page] = true
		for _, j := range p.Journeys {
			if j.Journey.Title == "" {
				keep(j.Page)
				j.Page.Title = j.defaultTitle()
				touched = append(touched, j, j.Page)
				refreshed[j.Page] = true
			}
		}
	}
	problems = append(problems, b.problems...)
	b.problems = nil
	if problems.Err() != nil {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
		return nil, true, problems
	}
	// A new title can move a page in the lists that show it, and is the
	// title of the page's aliases; a new date can be the site's newest.
	s.sortLandingLists()
	for _, p := range s.Pages {
		if p.Kind == KindAlias && refreshed[p.Target] {
			p.Title = p.Target.Title
			touched = append(touched, p)
		}
		if p.lastmodShown {
			touched = append(touched, p)
		}
	}
	s.dateUndated()
	for _, n := range touched {
		if key, ok := nodeKey(reflect.ValueOf(n)); ok {
			dirty = append(dirty, key)
		}
	}
	return dirty, true, problems
}

// matchDocs returns the entity of all each of docs was read for, found by
// the document's path, when every one of them is there and in the same
// place (same); ok is false otherwise. doc returns an entity's document,
// and false for one that has none of its own.
func matchDocs[E, D any](docs []D, all []E, doc func(E) (D, bool), path func(D) string, same func(a, b D) bool) (out []E, ok bool) {
	byPath := make(map[string]E, len(all))
	for _, e := range all {
		if d, own := doc(e); own {
			byPath[path(d)] = e
		}
	}
	for _, d := range docs {
		e, found := byPath[path(d)]
		if !found {
			return nil, false
		}
		if was, _ := doc(e); !same(was, d) {
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

// convertAll converts the bodies of files against the links of s, through
// the cache.
func (s *Site) convertAll(files []*content.File, conv *markdown.Converter, cache *Cache) ([]markdown.Result, diag.List) {
	var problems diag.List
	results := make([]markdown.Result, len(files))
	for i, f := range files {
		if len(f.Body) == 0 {
			continue
		}
		var probs diag.List
		if e, hit := cache.get(s.links, f); hit {
			results[i], probs = e.result, e.problems
		} else {
			results[i], probs = s.links.convert(conv, cache, f)
		}
		problems = append(problems, probs...)
	}
	return results, problems
}

// samePlace reports whether two readings of a landing page put it in the
// same place in the site: the same URL, relations, form, chrome,
// variants, aliases, draft state and noindex, which decides whether the
// page can sell its product (Product.Offer) or the product's page sells
// it with a form of its own.
func samePlace(a, b *content.Landing) bool {
	if a.Deferred || b.Deferred || a.Path != b.Path || a.CustomSlug != b.CustomSlug || a.Draft != b.Draft || a.Noindex != b.Noindex ||
		a.Stage != b.Stage || a.Product != b.Product || a.Persona != b.Persona || a.Form != b.Form || a.Chrome != b.Chrome ||
		!slices.Equal(a.Aliases, b.Aliases) || len(a.Variants) != len(b.Variants) {
		return false
	}
	for i := range a.Variants {
		if a.Variants[i].Name != b.Variants[i].Name {
			return false
		}
	}
	return true
}

// samePersona reports whether two readings of a persona put it in the same
// place: the same URL, aliases, draft state and noindex.
func samePersona(a, b *content.Persona) bool {
	return !a.Deferred && !b.Deferred && a.Path == b.Path && a.CustomSlug == b.CustomSlug && a.Draft == b.Draft &&
		a.Noindex == b.Noindex && slices.Equal(a.Aliases, b.Aliases)
}
