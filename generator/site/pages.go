package site

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

func (b *builder) addPages() {
	home := b.newPage(b.s, "home", KindHome, "home", "/")
	b.s.Home = home
	home.Title = b.cfg.Title
	home.Description = b.cfg.Description
	home.Image = b.cfg.SEO.Image
	if h := b.set.Home; h != nil {
		b.pageFor(home, &h.File, &h.Common, b.cfg.Title)
		home.Description = firstNonEmpty(h.Description, b.cfg.Description)
		home.Image = firstNonEmpty(h.Image, b.cfg.SEO.Image)
	}
	for _, d := range b.set.Pages {
		if b.skip(&d.Common) {
			continue
		}
		slug := b.slugOf(&d.File, &d.Common)
		p := b.newPage(b.s, "page/"+d.Slug, KindPage, "page", "/"+slug+"/")
		p.Doc = d
		b.pageFor(p, &d.File, &d.Common, slug)
		p.Crumbs = b.crumbs(b.s)
		if d.Legal {
			b.s.Legal = append(b.s.Legal, p)
		}
	}
	b.legal()
	dash := b.newPage(b.team, "dashboard", KindDashboard, "dashboard", "/")
	dash.Title = b.cfg.Title + " workspace"
	dash.Description = "Every journey, persona and landing page of " + b.cfg.Brand.Name + ", by stage."
	b.s.Dashboard = dash
	nf := b.newPage(b.s, "404", KindNotFound, "404", "/404.html")
	nf.Title = "Page not found"
	nf.Description = "The page you asked for is not here."
	nf.Noindex = true
	b.s.NotFound = nf
	if b.team.Apart() {
		tnf := b.newPage(b.team, "team/404", KindNotFound, "404", "/404.html")
		tnf.Title, tnf.Description, tnf.Noindex = nf.Title, nf.Description, true
	}
}

// legal adds the pages site.legal names to the legal links, after the
// ones marked legal in their front matter, in the order written.
func (b *builder) legal() {
	bySlug := map[string]*Page{}
	var slugs []string
	for _, p := range b.s.Pages {
		if p.Kind == KindPage {
			bySlug[p.Doc.Slug] = p
			slugs = append(slugs, p.Doc.Slug)
		}
	}
	for i, slug := range b.cfg.Site.Legal {
		p, ok := bySlug[slug]
		if !ok {
			b.problems.Add(unknownRef(b.cfg.Pos(fmt.Sprintf("site.legal[%d]", i)), "page", slug, slugs))
			continue
		}
		if !slices.Contains(b.s.Legal, p) {
			b.s.Legal = append(b.s.Legal, p)
		}
	}
}

func (b *builder) addSections() {
	for _, sec := range []struct{ key, title, desc string }{
		{"personas", "Personas", "The people we design for: their goals, frustrations and channels."},
		{"products", "Products", "What we offer, and the stages of the journey each product serves."},
		{"journeys", "Journeys", "Journey maps: what each persona does, thinks and feels at every stage."},
		{"stages", "Stages", "The stages of the customer journey and what happens in each."},
	} {
		p := b.newPage(b.team, "section/"+sec.key, KindSection, "section", "/"+sec.key+"/")
		p.Section = sec.key
		p.Title = sec.title
		p.Description = sec.desc
		p.Crumbs = b.crumbs(b.team)
		b.s.Sections[sec.key] = p
	}
}

// addAliases adds a redirect page for every alias of a content page.
func (b *builder) addAliases() {
	for _, target := range append([]*Page(nil), b.s.Pages...) {
		c := commonOf(target)
		if c == nil || target.Kind == KindVariant || target.Kind == KindSheet {
			continue
		}
		f := b.fileOf(target)
		for i, a := range c.Aliases {
			rel, ok := aliasPath(a)
			if !ok {
				b.problems.Add(diag.Errorf(f.Pos(fmt.Sprintf("aliases[%d]", i)), "alias %q would leave the output folder: write a path below the site root such as \"/old-name/\"", a))
				continue
			}
			id := "alias/" + strings.Trim(rel, "/")
			if target.Site.Audience == Team {
				id = "team/" + id
			}
			p := b.newPage(target.Site, id, KindAlias, "alias", rel)
			p.Target = target
			p.Title = target.Title
			p.Noindex = true
			p.Canonical = target.Permalink
			p.Source = target.Source
		}
	}
}

// aliasPath cleans an alias into a page path such as "/old/name/", refusing
// anything that would escape the output folder.
func aliasPath(a string) (string, bool) {
	if a == "" || strings.ContainsAny(a, "\\?#%") || strings.Contains(a, "://") {
		return "", false
	}
	for _, seg := range strings.Split(strings.Trim(a, "/"), "/") {
		if seg == ".." || seg == "." || (seg != "" && !safeSegment(seg)) {
			return "", false
		}
	}
	clean := path.Clean("/" + a)
	if clean == "/" {
		return "", false
	}
	return clean + "/", true
}

func (b *builder) fileOf(p *Page) *content.File {
	switch {
	case p.Variant != nil || p.Target != nil:
		return nil
	case p.Persona != nil:
		return &p.Persona.Persona.File
	case p.Product != nil:
		return &p.Product.Product.File
	case p.Journey != nil:
		return &p.Journey.Journey.File
	case p.Landing != nil && !p.Landing.Generated:
		return &p.Landing.Landing.File
	case p.Doc != nil:
		return &p.Doc.File
	case p.Kind == KindHome && b.set.Home != nil:
		return &b.set.Home.File
	}
	return nil
}

func commonOf(p *Page) *content.Common {
	switch {
	case p.Persona != nil:
		return &p.Persona.Common
	case p.Product != nil:
		return &p.Product.Common
	case p.Journey != nil:
		return &p.Journey.Common
	case p.Landing != nil && !p.Landing.Generated && p.Variant == nil:
		return &p.Landing.Common
	case p.Doc != nil:
		return &p.Doc.Common
	}
	return nil
}
