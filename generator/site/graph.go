package site

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Graph records the relations of a site: which node references which (a
// journey its persona), which nodes each page shows (a persona page its
// journeys), and which nodes each content file defines. Nodes are named by
// IDs such as "persona/ana", "review/acme-2" or "stage/decision"; a node with
// a page shares the page's ID.
//
// Incremental rebuilds ask it which pages a changed file touches.
type Graph struct {
	refs     map[string][]string
	back     map[string][]string
	uses     map[string][]string
	files    map[string][]string
	pages    map[string]*Page
	modified map[string]time.Time

	once  sync.Once
	shown map[string][]*Page // once guards shown: the pages showing each node
}

// The graph keeps its lists as they were recorded, with repeats: building
// it is on the path of every rebuild, and the questions rebuilds ask do not
// mind. The accessors sort and dedupe.

// Refs returns the nodes id references, sorted.
func (g *Graph) Refs(id string) []string { return dedupe(g.refs[id]) }

// Referrers returns the nodes that reference id, sorted.
func (g *Graph) Referrers(id string) []string { return dedupe(g.back[id]) }

// Uses returns the nodes whose data the page id shows, sorted.
func (g *Graph) Uses(id string) []string { return dedupe(g.uses[id]) }

// NodesOf returns the nodes defined by a content file, sorted.
func (g *Graph) NodesOf(file string) []string { return dedupe(g.files[file]) }

// Files returns every content file the graph knows, sorted.
func (g *Graph) Files() []string { return sortedKeys(g.files) }

// Affected returns the pages that show anything defined in files, sorted
// by output path.
func (g *Graph) Affected(files []string) []*Page { return g.Touched(files, nil) }

// Touched returns the pages that show anything defined in files, and the
// pages that show any of the nodes elsewhere, other than as their own page
// or its variant, sorted by output path.
func (g *Graph) Touched(files, elsewhere []string) []*Page {
	// 1: defined in files, 2: changed elsewhere.
	changed := make(map[string]uint8, len(elsewhere))
	for _, f := range files {
		for _, n := range g.files[f] {
			changed[n] |= 1
		}
	}
	for _, n := range elsewhere {
		changed[n] |= 2
	}
	if len(changed) == 0 {
		return nil
	}
	shownBy := g.shownBy()
	seen := map[*Page]bool{}
	var out []*Page
	for n, c := range changed {
		for _, p := range shownBy[n] {
			if !seen[p] && (c&1 != 0 || !p.owns(n)) {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].before(out[j]) })
	return out
}

// shownBy returns, for each node, the pages that show it, computed on
// first use: a graph answers for two rebuilds, as the new one and then as
// the old one.
func (g *Graph) shownBy() map[string][]*Page {
	g.once.Do(func() {
		g.shown = make(map[string][]*Page, len(g.pages))
		for id, uses := range g.uses {
			p := g.pages[id]
			for _, n := range uses {
				if l := g.shown[n]; len(l) == 0 || l[len(l)-1] != p {
					g.shown[n] = append(l, p)
				}
			}
		}
	})
	return g.shown
}

// owns reports whether node is the page's own, or its landing page's for
// a variant.
func (p *Page) owns(node string) bool {
	return p.ID == node || p.Kind == KindVariant && p.Landing != nil && p.Landing.Page.ID == node
}

type graphBuilder struct {
	g *Graph
}

func (gb *graphBuilder) ref(from string, to ...string) {
	for _, t := range to {
		gb.g.refs[from] = append(gb.g.refs[from], t)
		gb.g.back[t] = append(gb.g.back[t], from)
	}
}

func (gb *graphBuilder) use(p *Page, nodes ...string) {
	gb.g.uses[p.ID] = append(gb.g.uses[p.ID], nodes...)
}

func (gb *graphBuilder) file(path string, node string, mod time.Time) {
	if path != "" {
		gb.g.files[path] = append(gb.g.files[path], node)
	}
	if mod.After(gb.g.modified[node]) {
		gb.g.modified[node] = mod
	}
}

func buildGraph(s *Site, shows func(layout, field string) bool) *Graph {
	if shows == nil {
		shows = func(string, string) bool { return true }
	}
	g := &Graph{
		refs: map[string][]string{}, back: map[string][]string{}, uses: map[string][]string{},
		files: map[string][]string{}, pages: map[string]*Page{}, modified: map[string]time.Time{},
	}
	gb := &graphBuilder{g: g}
	for _, p := range s.Pages {
		g.pages[p.ID] = p
		gb.use(p, p.ID)
		gb.use(p, p.shows...)
		if p.Source != "" && p.Kind != KindVariant && p.Kind != KindAlias {
			gb.file(p.Source, p.ID, p.Lastmod)
			if p.Form != nil {
				gb.file(p.Source, formNode(p), p.Lastmod)
			}
		}
	}
	if s.HomeCopy != nil {
		gb.file(s.HomeCopy.Path, s.Home.ID, s.Home.Lastmod)
	}
	for _, st := range s.Stages {
		gb.use(st.Page, ids(st.Steps, func(x *Step) string { return x.Journey.Page.ID })...)
		gb.use(st.Page, ids(st.Landings, func(x *Landing) string { return x.Page.ID })...)
		gb.use(st.Page, ids(st.Products, func(x *Product) string { return x.Page.ID })...)
		for _, x := range st.Steps {
			if x.Journey.Persona != nil {
				gb.use(st.Page, x.Journey.Persona.Page.ID)
			}
		}
		// The table of landing pages names each one's persona and product.
		for _, l := range st.Landings {
			if l.Persona != nil {
				gb.use(st.Page, l.Persona.Page.ID)
			}
			if l.Product != nil {
				gb.use(st.Page, l.Product.Page.ID)
			}
		}
	}
	for _, p := range s.Personas {
		gb.use(p.Page, ids(p.Journeys, func(x *Journey) string { return x.Page.ID })...)
		gb.use(p.Page, ids(p.Landings, func(x *Landing) string { return x.Page.ID })...)
	}
	for _, r := range s.Reviews {
		gb.file(r.Review.Path, r.ID, r.Date.Time)
		gb.ref(r.ID, r.Product.Page.ID)
	}
	for _, p := range s.Products {
		gb.ref(p.Page.ID, ids(p.Stages, func(x *Stage) string { return x.Page.ID })...)
		gb.use(p.Sheet, p.Page.ID)
		for _, page := range []*Page{p.Page, p.Sheet} {
			gb.use(page, ids(p.Reviews, func(x *Review) string { return x.ID })...)
			gb.use(page, ids(p.Journeys, func(x *Journey) string { return x.Page.ID })...)
			gb.use(page, ids(p.Landings, func(x *Landing) string { return x.Page.ID })...)
			gb.use(page, ids(p.Stages, func(x *Stage) string { return x.Page.ID })...)
		}
	}
	for _, j := range s.Journeys {
		if j.Persona != nil {
			gb.ref(j.Page.ID, j.Persona.Page.ID)
			gb.use(j.Page, j.Persona.Page.ID)
		}
		if j.Product != nil {
			gb.ref(j.Page.ID, j.Product.Page.ID)
			gb.use(j.Page, j.Product.Page.ID)
			gb.use(j.Page, ids(j.Product.Landings, func(x *Landing) string { return x.Page.ID })...)
		}
		for _, st := range j.Steps {
			if st.Stage != nil {
				gb.ref(j.Page.ID, st.Stage.Page.ID)
				gb.use(j.Page, st.Stage.Page.ID)
			}
		}
	}
	for _, l := range s.Landings {
		var refs []string
		if l.Stage != nil {
			refs = append(refs, l.Stage.Page.ID)
		}
		if l.Product != nil {
			refs = append(refs, l.Product.Page.ID)
		}
		if l.Persona != nil {
			refs = append(refs, l.Persona.Page.ID)
		}
		gb.ref(l.Page.ID, refs...)
		pages := []*Page{l.Page}
		for _, v := range l.Variants {
			gb.ref(v.Page.ID, l.Page.ID)
			pages = append(pages, v.Page)
		}
		for _, p := range pages {
			gb.use(p, l.Page.ID)
			if l.Stage != nil {
				gb.use(p, l.Stage.Page.ID)
			}
			if l.Product != nil {
				gb.use(p, l.Product.Page.ID)
				if shows(p.Layout, "Reviews") {
					gb.use(p, ids(l.Product.Reviews, func(x *Review) string { return x.ID })...)
				}
			}
			if l.Persona != nil && shows(p.Layout, "Persona") {
				gb.use(p, l.Persona.Page.ID)
			}
		}
	}
	for _, p := range s.Pages {
		switch p.Kind {
		case KindAlias:
			gb.ref(p.ID, p.Target.ID)
			gb.use(p, p.Target.ID)
		case KindHome:
			gb.use(p, ids(s.Products, func(x *Product) string { return x.Page.ID })...)
			gb.use(p, ids(s.Reviews, func(x *Review) string { return x.ID })...)
			gb.use(p, ids(s.Landings, func(x *Landing) string { return x.Page.ID })...)
		case KindDashboard:
			for _, q := range s.Pages {
				switch q.Kind {
				case KindStage, KindPersona, KindProduct, KindJourney, KindLanding, KindVariant:
					gb.use(p, q.ID)
				}
			}
		case KindSection:
			kind := sectionKind(p.Section)
			for _, q := range s.Pages {
				if q.Kind != kind {
					continue
				}
				gb.use(p, q.ID)
				if q.Kind == KindSheet {
					// A sheet's card shows the product's price and rating.
					gb.use(p, q.Product.Page.ID)
				}
			}
		}
	}
	return g
}

// formNode names the node of a page's form, which the page's file
// defines: the pages that follow the form (its thank-you page) show it,
// apart from the page, whose other data they do not show.
func formNode(p *Page) string { return "form:" + p.ID }

// sectionKind is the kind of the pages a workspace section lists.
func sectionKind(section string) Kind {
	if section == "products" {
		return KindSheet
	}
	return Kind(strings.TrimSuffix(section, "s"))
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// dedupe returns a sorted copy of v without repeats.
func dedupe(v []string) []string {
	if len(v) < 2 {
		return v
	}
	v = slices.Clone(v)
	sort.Strings(v)
	out := v[:0]
	for i, s := range v {
		if i == 0 || s != v[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// lastmod is the newest modification among the nodes page p shows.
func (g *Graph) lastmod(p *Page) time.Time {
	var t time.Time
	for _, n := range g.uses[p.ID] {
		if m := g.modified[n]; m.After(t) {
			t = m
		}
	}
	return t
}

// Dump writes the graph as sorted text, one relation per line, for tests and
// for reviewing changes to the model.
func (g *Graph) Dump() string {
	var b strings.Builder
	for _, id := range sortedKeys(g.pages) {
		p := g.pages[id]
		fmt.Fprintf(&b, "page %s %s %s %s layout=%s\n", id, p.Site.Audience, p.RelURL, p.OutPath, p.Layout)
	}
	for _, f := range sortedKeys(g.files) {
		fmt.Fprintf(&b, "file %s defines %s\n", f, strings.Join(g.NodesOf(f), " "))
	}
	for _, id := range sortedKeys(g.refs) {
		fmt.Fprintf(&b, "ref %s -> %s\n", id, strings.Join(g.Refs(id), " "))
	}
	for _, id := range sortedKeys(g.uses) {
		fmt.Fprintf(&b, "use %s shows %s\n", id, strings.Join(g.Uses(id), " "))
	}
	return b.String()
}
