package site

import (
	"reflect"
	"time"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
)

// Rebody takes authored landing pages read again after an edit and, when
// each kept its front matter and changed only its Markdown body, updates s
// in place: the pages' converted bodies, descriptions and dates, and the
// dates of the pages that show them. It returns the pages to render.
//
// The model's structure cannot have changed, so this spares rebuilding it,
// which at 10,000 pages is most of an edit's wait. ok is false, and s is
// untouched, when any document is more than a new body; on errors in the
// new Markdown s is untouched too.
func (s *Site) Rebody(docs []*content.Landing, conv *markdown.Converter, cache *Cache) (pages []*Page, ok bool, problems diag.List) {
	if s.links == nil || len(docs) == 0 {
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
		if l == nil || d.Deferred || l.Landing.Deferred || !sameFrontMatter(l.Landing, d) {
			return nil, false, nil
		}
	}
	targets := s.links.targets()
	results := make([]markdown.Result, len(docs))
	for i, d := range docs {
		if len(d.Body) == 0 {
			continue
		}
		r := &resolver{links: s.links, from: d.Path}
		if e, hit := cache.get(d.Path, d.Body, r, targets); hit {
			results[i] = e.result
			problems = append(problems, e.problems...)
			continue
		}
		rec := &recorder{resolver: r, seen: map[string]resolved{}}
		res, probs := conv.Convert(d.Path, d.BodyLine, d.Body, rec)
		res.Summary = Summary(res.Summary)
		cache.put(d.Path, cached{body: d.Body, hash: bodyHash(d.Body), result: res, problems: probs, links: rec.seen, targets: targets})
		results[i] = res
		problems = append(problems, probs...)
	}
	if problems.Err() != nil {
		return nil, true, problems
	}

	var files []string
	for i, d := range docs {
		l := byPath[d.Path]
		l.Landing = d
		p := l.Page
		p.Content = results[i].HTML
		p.Description = firstNonEmpty(d.Description, results[i].Summary)
		p.Lastmod = firstDate(d.Lastmod.Time, d.Date.Time, d.ModTime)
		for _, v := range l.Variants {
			v.Page.Content, v.Page.Description, v.Page.Lastmod = p.Content, p.Description, p.Lastmod
		}
		s.Graph.modified[p.ID] = p.Lastmod
		files = append(files, d.Path)
	}
	pages = s.Graph.Affected(files)
	for _, p := range pages {
		if p.lastmodShown {
			p.Lastmod = s.Graph.lastmod(p)
		}
	}
	s.prints = nil
	return pages, true, problems
}

// sameFrontMatter reports whether two readings of a landing page differ at
// most in their Markdown body and the file's time.
func sameFrontMatter(a, b *content.Landing) bool {
	x, y := *a, *b
	for _, f := range []*content.File{&x.File, &y.File} {
		f.Body, f.ModTime, f.Keys = nil, time.Time{}, nil
	}
	return reflect.DeepEqual(x, y)
}

// firstDate returns the first of dates that is set.
func firstDate(dates ...time.Time) time.Time {
	for _, d := range dates {
		if !d.IsZero() {
			return d
		}
	}
	return time.Time{}
}
