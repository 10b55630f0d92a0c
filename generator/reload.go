package generator

import (
	"context"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/render"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/theme"
)

// relayout loads the theme again when a layout or an asset changed, and
// says which pages its change may show on: those whose layout, or
// anything their layout runs or inlines, changed, and those whose layout
// is now another (a more specific one added or removed). Otherwise it
// returns the theme as it was, and nil.
func (ss *Session) relayout(ch Changes) (*theme.Theme, func(*site.Page) bool, diag.List) {
	if !ch.Templates && !ch.CSS {
		return ss.cur.theme, nil, nil
	}
	oldTh := ss.cur.theme
	th, problems := loadTheme(ss.src, ss.cur.cfg, ss.opts, ss.why, ss.min, ss.images)
	if problems.Err() != nil {
		return nil, nil, problems
	}
	changed := th.Relaid(oldTh)
	return th, func(p *site.Page) bool {
		was, _ := oldTh.Lookup(render.Layouts(p.Layout)...)
		is, _ := th.Lookup(render.Layouts(p.Layout)...)
		return was != is || changed[is]
	}, problems
}

// reload brings the model up to date with the changed content: in place,
// when every changed file is a landing page or a persona that kept its
// place in the site, or else by building it again. dirty names the nodes
// a change in place touched, none when no content changed; it is nil for a
// new model.
func (ss *Session) reload(ctx context.Context, ch Changes) (s *site.Site, dirty site.Dirty, problems diag.List) {
	if len(ch.Content) == 0 {
		return ss.cur.site, site.Dirty{}, nil
	}
	set, problems := ss.cur.loader.Update(ctx, ch.Content)
	if problems.Err() == nil {
		if ed, ok := editedIn(set, ch.Content); ok {
			dirty, ok, rproblems := ss.cur.site.Refresh(ed, ss.cur.conv, ss.cur.cache)
			if ok {
				return ss.cur.site, dirty, append(problems, rproblems...)
			}
		}
	}
	s, sproblems := site.Build(ctx, ss.cur.cfg, set, ss.cur.conv, site.Options{Drafts: ss.opts.Drafts, Cache: ss.cur.cache})
	return s, nil, append(problems, sproblems...)
}

// warningsAfter returns the warnings of the site after a rebuild that kept
// its model: the last good build's, but for those the rebuild looked at
// again (of the content files it read again, of the theme when it loaded
// the theme again), and the rebuild's own, each once.
func (ss *Session) warningsAfter(ch Changes, problems diag.List) diag.List {
	again := map[string]bool{}
	for _, f := range ch.Content {
		again[f] = true
	}
	theme := ch.Templates || ch.CSS
	var out diag.List
	seen := map[string]bool{}
	add := func(w *diag.Error) {
		if k := w.Error(); !seen[k] {
			seen[k] = true
			out = append(out, w)
		}
	}
	for _, w := range problems.Warnings() {
		add(w)
	}
	for _, w := range ss.warnings {
		inContent := strings.HasPrefix(w.Pos.File, "content/") || w.Pos.File == config.FileName
		if !again[w.Pos.File] && !(theme && !inContent) {
			add(w)
		}
	}
	out.Sort()
	return out
}

// editedIn returns the landing pages and personas of set read from
// files, when every one of files is an authored landing page's or a
// persona's file; false otherwise.
func editedIn(set *content.Set, files []string) (site.Edited, bool) {
	want := make(map[string]bool, len(files))
	for _, f := range files {
		want[f] = true
	}
	var ed site.Edited
	for _, l := range set.Landings {
		if want[l.Path] {
			ed.Landings = append(ed.Landings, l)
		}
	}
	for _, p := range set.Personas {
		if want[p.Path] {
			ed.Personas = append(ed.Personas, p)
		}
	}
	return ed, len(files) > 0 && len(ed.Landings)+len(ed.Personas) == len(want)
}
