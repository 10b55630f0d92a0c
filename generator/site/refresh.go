package site

import (
	"reflect"
	"slices"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
)

// Refresh takes authored landing pages read again after an edit that kept
// what places them in the site (URL, stage, product, persona, form,
// variants, aliases, draft, noindex) and updates s in place: their
// titles, copy, forms, bodies, descriptions and dates, their variants, and
// the dates of the pages that show them. It returns the pages to render.
//
// The model's structure cannot have changed, so this spares rebuilding it,
// which at 10,000 pages is most of an edit's wait. ok is false, and s is
// untouched, when any document changed more than that; on errors s is
// untouched too.
func (s *Site) Refresh(docs []*content.Landing, conv *markdown.Converter, cache *Cache) (dirty Dirty, ok bool, problems diag.List) {
	b := s.builder
	if b == nil || s.links == nil || len(docs) == 0 {
		return nil, false, nil
	}
	byPath := make(map[string]*Landing, len(docs))
	for _, d := range docs {
		byPath[d.Path] = nil
	}
	for _, l := range s.Landings {
		if _, want := byPath[l.Landing.Path]; want && !l.Generated {
			byPath[l.Landing.Path] = l
		}
	}
	for _, d := range docs {
		l := byPath[d.Path]
		if l == nil || d.Deferred || l.Landing.Deferred || !samePlace(l.Landing, d) {
			return nil, false, nil
		}
	}
	results, problems := s.convertAll(docs, conv, cache)
	if problems.Err() != nil {
		return nil, true, problems
	}

	// What the builder sets again is kept, to be put back on errors.
	type kept struct {
		l        *Landing
		doc      *content.Landing
		pages    []Page
		variants []content.Variant
	}
	var undo []kept
	b.problems = nil
	for i, d := range docs {
		l := byPath[d.Path]
		k := kept{l: l, doc: l.Landing, pages: []Page{*l.Page}}
		for j, v := range l.Variants {
			k.pages = append(k.pages, *v.Page)
			k.variants = append(k.variants, v.Variant)
			v.Variant = d.Variants[j]
		}
		undo = append(undo, k)

		l.Landing = d
		b.pageFor(l.Page, &d.File, &d.Common, firstNonEmpty(d.Headline, d.Slug))
		l.Page.Content = results[i].HTML
		l.Page.Description = firstNonEmpty(l.Page.Description, results[i].Summary)
		l.syncVariants()
		b.formsOf(l)
	}
	problems = append(problems, b.problems...)
	b.problems = nil
	if problems.Err() != nil {
		for _, k := range undo {
			k.l.Landing = k.doc
			*k.l.Page = k.pages[0]
			for j, v := range k.l.Variants {
				*v.Page = k.pages[j+1]
				v.Variant = k.variants[j]
			}
		}
		return nil, true, problems
	}
	// A new title can move a page in the lists that show it, and is the
	// title of the page's aliases; a new date can be the site's newest.
	s.sortLandingLists()
	var touched []any
	refreshed := map[*Page]bool{}
	for _, k := range undo {
		l := k.l
		touched = append(touched, l, l.Page, l.Stage, l.Product, l.Persona)
		refreshed[l.Page] = true
		for _, v := range l.Variants {
			touched = append(touched, v, v.Page)
		}
	}
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

// convertAll converts the bodies of docs against the links of s, through
// the cache.
func (s *Site) convertAll(docs []*content.Landing, conv *markdown.Converter, cache *Cache) ([]markdown.Result, diag.List) {
	var problems diag.List
	results := make([]markdown.Result, len(docs))
	for i, d := range docs {
		if len(d.Body) == 0 {
			continue
		}
		var probs diag.List
		if e, hit := cache.get(s.links, &d.File); hit {
			results[i], probs = e.result, e.problems
		} else {
			results[i], probs = s.links.convert(conv, cache, &d.File)
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
	if a.Path != b.Path || a.CustomSlug != b.CustomSlug || a.Draft != b.Draft || a.Noindex != b.Noindex ||
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
