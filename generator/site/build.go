package site

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/formwire"
	"github.com/journey-ssg/journey/generator/markdown"
)

// Options change how the model is built.
type Options struct {
	// Drafts includes pages marked draft.
	Drafts bool
	// Cache, when set, keeps converted Markdown between builds.
	Cache *Cache
	// Bodies, when set, makes the model lean, for a single build of a
	// large site: the Markdown of documents the loader did not keep
	// (content.File.Deferred) is read from Bodies when their pages
	// render, and a page's HTML is let go once it has rendered.
	Bodies fs.FS
}

// builder holds the state of one Build.
type builder struct {
	cfg  *config.Config
	set  *content.Set
	opts Options
	// s is the campaign site, team the workspace.
	s        *Site
	team     *Site
	problems diag.List

	stages   map[string]*Stage
	personas map[string]*Persona
	products map[string]*Product
	// bySource maps a content path to its page, for links between
	// documents.
	bySource map[string]*Page
	// thanksPages holds the thank-you pages made so far, by page ID.
	thanksPages map[string]*Page
	// defaultForms holds the default field lists, by form and stage.
	defaultForms map[string]*Form
	// thanksFrom holds, for each thank-you page, the pages whose forms
	// lead to it, with the product each is about.
	thanksFrom map[*Page]map[*Page]*Product
}

// Build makes the site model from cfg and the loaded content, converting
// every Markdown body with conv. It reports every problem it finds; the Site
// is usable for rendering only when the list holds no errors.
func Build(ctx context.Context, cfg *config.Config, set *content.Set, conv *markdown.Converter, opts Options) (*Site, diag.List) {
	m := &Model{Config: cfg, Sections: map[string]*Page{}, HomeCopy: set.Home, Lean: opts.Bodies != nil}
	b := &builder{
		cfg: cfg, set: set, opts: opts,
		s:            outputs(m, cfg),
		stages:       map[string]*Stage{},
		personas:     map[string]*Persona{},
		products:     map[string]*Product{},
		bySource:     map[string]*Page{},
		thanksPages:  map[string]*Page{},
		defaultForms: map[string]*Form{},
		thanksFrom:   map[*Page]map[*Page]*Product{},
	}
	b.team = m.Workspace
	b.stagesFromConfig()
	b.addPersonas()
	b.addProducts()
	b.addReviews()
	b.addJourneys()
	b.addLandings()
	b.addGeneratedLandings()
	b.s.sortLandingLists()
	b.paginateStages()
	b.addForms()
	b.addProductForms()
	b.finishThanks()
	b.addPages()
	b.addSections()
	b.addAliases()
	b.checkPaths()
	b.convert(ctx, conv)
	b.s.finish()
	b.problems.Sort()
	b.s.builder = b
	return b.s, b.problems
}

// outputs makes the model's two outputs and returns the campaign site.
func outputs(m *Model, cfg *config.Config) *Site {
	c := &Site{Model: m, Audience: Campaign}
	c.BasePath, c.Origin = splitBaseURL(cfg.BaseURL)
	w := &Site{Model: m, Audience: Team}
	if cfg.Team.Publish == config.TeamPublic {
		w.BasePath, w.Origin, w.Prefix = c.BasePath+"team/", c.Origin, "team/"
	} else {
		w.BasePath, w.Origin = splitBaseURL(cfg.Team.BaseURL)
	}
	m.Campaign, m.Workspace = c, w
	return c
}

// BasePathOf returns the path part of a baseURL, with slashes at both ends.
func BasePathOf(baseURL string) string {
	p, _ := splitBaseURL(baseURL)
	return p
}

func splitBaseURL(base string) (basePath, origin string) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "/", ""
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, u.Scheme + "://" + u.Host
}

// newPage registers a page of the output out at relURL, below the
// output's root.
func (b *builder) newPage(out *Site, id string, kind Kind, layout, relURL string) *Page {
	p := &Page{ID: id, Kind: kind, Layout: layout, RelURL: relURL, Site: out}
	p.URL = out.BasePath + strings.TrimPrefix(relURL, "/")
	p.Permalink = out.Origin + p.URL
	p.Canonical = p.Permalink
	switch {
	case relURL == "/404.html":
		p.OutPath = out.Prefix + "404.html"
	default:
		p.OutPath = out.Prefix + strings.TrimPrefix(relURL, "/") + "index.html"
	}
	b.s.Pages = append(b.s.Pages, p)
	return p
}

func (b *builder) stagesFromConfig() {
	for i, cs := range b.cfg.Stages {
		st := &Stage{Stage: cs, Index: i}
		st.Page = b.newPage(b.team, "stage/"+cs.Key, KindStage, "stage", "/stages/"+cs.Key+"/")
		st.Page.Stage = st
		st.Page.Title = cs.Name
		st.Page.Description = firstNonEmpty(cs.Description, cs.Goal, cs.Name+" stage of the customer journey")
		st.Page.Crumbs = b.crumbs(b.team, "Stages", "/stages/")
		b.s.Stages = append(b.s.Stages, st)
		b.stages[cs.Key] = st
	}
}

// crumbs returns the breadcrumb trail of a page of out: its home page,
// then each name with its path below out's root.
func (b *builder) crumbs(out *Site, pairs ...string) []Crumb {
	home := "Home"
	if out.Audience == Team {
		home = "Dashboard"
	}
	trail := []Crumb{{Name: home, URL: out.BasePath}}
	for i := 0; i+1 < len(pairs); i += 2 {
		trail = append(trail, Crumb{Name: pairs[i], URL: out.URL(pairs[i+1])})
	}
	return trail
}

// skip reports whether a draft is left out of this build.
func (b *builder) skip(c *content.Common) bool { return c.Draft && !b.opts.Drafts }

// slugOf returns the URL segment of a document: its slug key, checked, or
// its file name.
func (b *builder) slugOf(f *content.File, c *content.Common) string {
	if c.CustomSlug == "" {
		if !safeSegment(f.Slug) {
			b.problems.Add(diag.Errorf(diag.Pos{File: f.Path, Line: 1}, "file name %q cannot be a URL segment: rename the file", f.Slug))
		}
		return f.Slug
	}
	if !safeSegment(c.CustomSlug) {
		b.problems.Add(diag.Errorf(f.Pos("slug"), "slug %q must be one URL segment: no slashes, dots at the start or control characters", c.CustomSlug))
		return f.Slug
	}
	return c.CustomSlug
}

// safeSegment reports whether s can be one path segment of the output: not
// empty, no separators, not . or .., no leading dot, no control characters.
func safeSegment(s string) bool {
	if s == "" || strings.HasPrefix(s, ".") || strings.ContainsAny(s, "/\\?#%") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// pageFor fills the page fields every content page shares.
func (b *builder) pageFor(p *Page, f *content.File, c *content.Common, title string) {
	p.Source = f.Path
	p.Title = firstNonEmpty(c.Title, title)
	p.Description = c.Description
	p.Image = c.Image
	p.Noindex = c.Noindex
	p.Lastmod = firstDate(c.Lastmod.Time, c.Date.Time, f.ModTime)
	b.bySource[f.Path] = p
}

func (b *builder) addPersonas() {
	for _, cp := range b.set.Personas {
		if b.skip(&cp.Common) {
			continue
		}
		p := &Persona{Persona: cp}
		p.Page = b.newPage(b.team, "persona/"+cp.Slug, KindPersona, "persona", "/personas/"+b.slugOf(&cp.File, &cp.Common)+"/")
		p.Page.Persona = p
		b.pageFor(p.Page, &cp.File, &cp.Common, p.DisplayName())
		p.Page.Crumbs = b.crumbs(b.team, "Personas", "/personas/")
		if p.Page.Description == "" {
			p.Page.Description = personaSummary(p)
		}
		b.s.Personas = append(b.s.Personas, p)
		b.personas[cp.Slug] = p
	}
}

func personaSummary(p *Persona) string {
	s := p.DisplayName()
	if p.Role != "" {
		s += ", " + p.Role
	}
	if p.Quote != "" {
		s += ": “" + p.Quote + "”"
	}
	return s
}

func (b *builder) addProducts() {
	for _, cp := range b.set.Products {
		if b.skip(&cp.Common) {
			continue
		}
		p := &Product{Product: cp}
		slug := b.slugOf(&cp.File, &cp.Common)
		p.Page = b.newPage(b.s, "product/"+cp.Slug, KindProduct, "product", "/products/"+slug+"/")
		p.Page.Product = p
		b.pageFor(p.Page, &cp.File, &cp.Common, p.DisplayName())
		p.Page.Crumbs = b.crumbs(b.s)
		if p.Page.Description == "" {
			p.Page.Description = cp.Tagline
		}
		if p.Page.Image == "" {
			p.Page.Image = cp.Image
		}
		p.Sheet = b.newPage(b.team, "sheet/"+cp.Slug, KindSheet, "sheet", "/products/"+slug+"/")
		p.Sheet.Product = p
		p.Sheet.Source = cp.Path
		p.Sheet.Title = p.Page.Title
		p.Sheet.Description = p.Page.Description
		p.Sheet.Image = p.Page.Image
		p.Sheet.Lastmod = p.Page.Lastmod
		p.Sheet.Crumbs = b.crumbs(b.team, "Products", "/products/")
		for i, key := range cp.Stages {
			if st := b.stage(&cp.File, fmt.Sprintf("stages[%d]", i), key); st != nil {
				p.Stages = append(p.Stages, st)
				st.Products = append(st.Products, p)
			}
		}
		if cp.Price < 0 {
			b.problems.Add(diag.Errorf(cp.Pos("price"), "price %v must not be negative", cp.Price))
		}
		b.s.Products = append(b.s.Products, p)
		b.products[cp.Slug] = p
	}
}

func (b *builder) addReviews() {
	for _, cr := range b.set.Reviews {
		r := &Review{Review: cr, ID: "review/" + cr.Slug}
		if cr.Rating < 1 || cr.Rating > 5 {
			b.problems.Add(diag.Errorf(cr.Pos("rating"), "rating %d is outside 1–5", cr.Rating))
		}
		r.Product = b.product(&cr.File, "product", cr.Product, true)
		if r.Product == nil {
			continue
		}
		r.Product.Reviews = append(r.Product.Reviews, r)
		b.s.Reviews = append(b.s.Reviews, r)
	}
	for _, p := range b.s.Products {
		sort.SliceStable(p.Reviews, func(i, j int) bool {
			return p.Reviews[i].Date.After(p.Reviews[j].Date.Time)
		})
		sum := 0
		for _, r := range p.Reviews {
			sum += r.Rating
		}
		if n := len(p.Reviews); n > 0 {
			p.Rating = Rating{Count: n, Average: float64(sum) / float64(n)}
		}
	}
}

func (b *builder) addJourneys() {
	for _, cj := range b.set.Journeys {
		if b.skip(&cj.Common) {
			continue
		}
		j := &Journey{Journey: cj}
		j.Page = b.newPage(b.team, "journey/"+cj.Slug, KindJourney, "journey", "/journeys/"+b.slugOf(&cj.File, &cj.Common)+"/")
		j.Page.Journey = j
		j.Persona = b.persona(&cj.File, "persona", cj.Persona, true)
		j.Product = b.product(&cj.File, "product", cj.Product, false)
		title := "Journey"
		if j.Persona != nil {
			title = j.Persona.DisplayName() + "’s journey"
			j.Persona.Journeys = append(j.Persona.Journeys, j)
		}
		if j.Product != nil {
			j.Product.Journeys = append(j.Product.Journeys, j)
		}
		b.pageFor(j.Page, &cj.File, &cj.Common, title)
		j.Page.Crumbs = b.crumbs(b.team, "Journeys", "/journeys/")
		j.Page.Noindex = j.Page.Noindex || b.cfg.SEO.InternalJourneys
		if len(cj.Steps) == 0 {
			b.problems.Add(diag.Errorf(cj.Pos(""), "journey has no steps: add a [[steps]] table for each step"))
		}
		for i, cs := range cj.Steps {
			j.Steps = append(j.Steps, b.step(j, i, cs))
		}
		j.Lanes = b.lanes(&cj.File, cj.Lanes)
		b.s.Journeys = append(b.s.Journeys, j)
	}
	// Each stage lists its steps by journey, then step.
	for _, j := range b.s.Journeys {
		for _, st := range j.Steps {
			if st.Stage != nil {
				st.Stage.Steps = append(st.Stage.Steps, st)
			}
		}
	}
}

func (b *builder) step(j *Journey, i int, cs content.Step) *Step {
	f := &j.Journey.File
	key := fmt.Sprintf("steps[%d]", i)
	st := &Step{Step: cs, Index: i, Journey: j}
	st.Stage = b.stage(f, key+".stage", cs.Stage)
	if cs.Stage == "" {
		b.problems.Add(diag.Errorf(f.Pos(key), "step %d has no stage; use one of %s", i+1, strings.Join(b.cfg.StageKeys(), ", ")))
	}
	if keyWritten(f, key+".emotion") && (cs.Emotion < 1 || cs.Emotion > 5) {
		b.problems.Add(diag.Errorf(f.Pos(key+".emotion"), "emotion %d is outside 1–5 (1 is very negative, 3 neutral, 5 very positive)", cs.Emotion))
	}
	metrics, problems := metricsOf(f, key+".metrics", cs.Metrics)
	st.Metrics = metrics
	b.problems = append(b.problems, problems...)
	return st
}

// keyWritten reports whether the exact key path is written in f's front
// matter, not just a parent of it.
func keyWritten(f *content.File, key string) bool {
	pos, ok := f.Keys.Lookup(key)
	if !ok {
		return false
	}
	parent, _ := f.Keys.Lookup(key[:strings.LastIndexByte(key, '.')])
	return pos != parent
}

// Lanes lists the lanes of a journey map in their default order.
func Lanes() []string {
	return []string{"actions", "touchpoints", "channels", "thinking", "feeling", "emotion", "pains", "opportunities", "owner", "metrics"}
}

func (b *builder) lanes(f *content.File, chosen []string) []string {
	key := "lanes"
	if len(chosen) == 0 {
		chosen = b.cfg.Journeys.Lanes
		f, key = nil, "journeys.lanes"
	}
	if len(chosen) == 0 {
		return Lanes()
	}
	var out []string
	for i, l := range chosen {
		if !slices.Contains(Lanes(), l) {
			pos := b.cfg.Pos(fmt.Sprintf("%s[%d]", key, i))
			if f != nil {
				pos = f.Pos(fmt.Sprintf("%s[%d]", key, i))
			}
			b.problems.Add(unknownRef(pos, "lane", l, Lanes()))
			continue
		}
		out = append(out, l)
	}
	return out
}

func (b *builder) addLandings() {
	for _, cl := range b.set.Landings {
		if b.skip(&cl.Common) {
			continue
		}
		l := &Landing{Landing: cl}
		l.Stage = b.stage(&cl.File, "stage", cl.Stage)
		if cl.Stage == "" {
			b.problems.Add(diag.Errorf(cl.Pos(""), "landing page has no stage; use one of %s", strings.Join(b.cfg.StageKeys(), ", ")))
		}
		l.Product = b.product(&cl.File, "product", cl.Product, false)
		l.Persona = b.persona(&cl.File, "persona", cl.Persona, false)
		switch cl.Form {
		case "", "lead", "review", "none":
		default:
			b.problems.Add(unknownRef(cl.Pos("form"), "form", cl.Form, []string{"lead", "review", "none"}))
		}
		b.landingPage(l, b.slugOf(&cl.File, &cl.Common))
		b.pageFor(l.Page, &cl.File, &cl.Common, firstNonEmpty(cl.Headline, cl.Slug))
		seen := map[string]bool{}
		for i, cv := range cl.Variants {
			key := fmt.Sprintf("variants[%d].name", i)
			switch {
			case !safeSegment(cv.Name):
				b.problems.Add(diag.Errorf(cl.Pos(key), "variant name %q must be one URL segment such as \"b\"", cv.Name))
				continue
			case seen[cv.Name]:
				b.problems.Add(diag.Errorf(cl.Pos(key), "variant %q is defined twice", cv.Name))
				continue
			}
			seen[cv.Name] = true
			b.variant(l, cv)
		}
	}
}

// landingPage registers l's page at /<slug>/ and links it to what it shows.
func (b *builder) landingPage(l *Landing, slug string) {
	layout := "landing"
	if l.Stage != nil {
		layout = "landing/" + l.Stage.Key
		l.Stage.Landings = append(l.Stage.Landings, l)
	}
	l.Page = b.newPage(b.s, "landing/"+slug, KindLanding, layout, "/"+slug+"/")
	l.Page.Landing = l
	l.Page.chrome = b.cfg.Landing.Chrome
	if c := l.Landing.Chrome; c != "" {
		if slices.Contains(config.Chromes(), c) {
			l.Page.chrome = c
		} else {
			b.problems.Add(unknownRef(l.Pos("chrome"), "chrome", c, config.Chromes()))
		}
	}
	if l.Page.chrome == "site" {
		// Breadcrumbs, and their JSON-LD, only where the page shows
		// them: campaign chrome has none.
		l.Page.Crumbs = b.crumbs(b.s)
	}
	if l.Product != nil {
		l.Product.Landings = append(l.Product.Landings, l)
	}
	if l.Persona != nil {
		l.Persona.Landings = append(l.Persona.Landings, l)
	}
	b.s.Landings = append(b.s.Landings, l)
}

func (b *builder) variant(l *Landing, cv content.Variant) {
	v := &Variant{Variant: cv, Landing: l}
	v.Page = b.newPage(b.s, l.Page.ID+"/"+cv.Name, KindVariant, l.Page.Layout, l.Page.RelURL+cv.Name+"/")
	v.Page.Landing = l
	v.Page.Variant = v
	v.Page.Source = l.Page.Source
	v.Page.Crumbs = l.Page.Crumbs
	v.Page.chrome = l.Page.chrome
	v.Page.Noindex = true
	v.Page.Canonical = l.Page.Permalink
	l.Variants = append(l.Variants, v)
}

// addGeneratedLandings writes one landing page per product and stage it
// serves, when the site asks for them, unless an authored page covers the
// pair.
func (b *builder) addGeneratedLandings() {
	if !b.cfg.Landing.Generate {
		return
	}
	type pair struct {
		p *Product
		s *Stage
	}
	authored := map[pair]bool{}
	for _, l := range b.s.Landings {
		authored[pair{l.Product, l.Stage}] = true
	}
	for _, p := range b.s.Products {
		for _, st := range p.Stages {
			if authored[pair{p, st}] {
				continue
			}
			cl := &content.Landing{
				File:     content.File{Path: p.Source(), Slug: p.Slug + "-" + st.Key, Kind: content.KindLanding, Body: p.Product.Body, BodyLine: p.Product.BodyLine, Keys: p.Keys},
				Common:   content.Common{Title: p.DisplayName() + " — " + st.Name, Description: p.Page.Description, Image: p.Image},
				Stage:    st.Key,
				Product:  p.Slug,
				Headline: firstNonEmpty(p.Tagline, p.DisplayName()),
			}
			l := &Landing{Landing: cl, Stage: st, Product: p, Generated: true}
			b.landingPage(l, cl.Slug)
			l.Page.Title = cl.Title
			l.Page.Description = cl.Description
			l.Page.Image = cl.Image
			l.Page.Lastmod = p.Page.Lastmod
		}
	}
	sort.SliceStable(b.s.Landings, func(i, j int) bool { return b.s.Landings[i].Page.RelURL < b.s.Landings[j].Page.RelURL })
}

// addForms gives every landing page and variant its copy and form; a
// variant's form says which variant it came from.
func (b *builder) addForms() {
	for _, l := range b.s.Landings {
		b.formsOf(l)
	}
}

// formsOf gives a landing page and its variants their copy and form; a
// variant's button and heading follow its own call to action.
func (b *builder) formsOf(l *Landing) {
	l.Page.Copy = b.copyOf(l, nil, "")
	spec := landingSpec(l)
	form := b.form(spec)
	l.Page.Form = form
	for i, v := range l.Variants {
		v.Page.Copy = b.copyOf(l, &v.Variant, fmt.Sprintf("variants[%d]", i))
		if form == nil {
			continue
		}
		vf := *form
		vf.Hidden = append(append([]Hidden(nil), form.Hidden...), Hidden{Name: formwire.Variant, Value: v.Name})
		spec.cta = v.Page.Copy.CTA
		vf.Copy = spec.copyOf(form.Fields)
		v.Page.Form = &vf
	}
}

// addProductForms gives the page of each product that no landing page
// sells (Product.Offer) a lead form of its own, of the stage that closes
// sales, posting as the product's page.
func (b *builder) addProductForms() {
	for _, p := range b.s.Products {
		if p.Offer() == nil {
			p.Page.Form = b.form(&formSpec{page: p.Page, kind: "lead", stage: b.stages[decisionStage], product: p, file: &p.Product.File})
		}
	}
}

// Source returns the path of the product's content file.
func (p *Product) Source() string { return p.Product.Path }

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

// convert renders every Markdown body, several at a time, into its page;
// a page without a description takes its first paragraph.
func (b *builder) convert(ctx context.Context, conv *markdown.Converter) {
	type task struct {
		file *content.File
		page *Page
	}
	var tasks []task
	add := func(f *content.File, p *Page) {
		switch {
		case f.Deferred && b.opts.Bodies != nil:
			p.lazy = b.lazy(conv, f)
		case len(f.Body) > 0:
			tasks = append(tasks, task{f, p})
		}
	}
	if h := b.set.Home; h != nil {
		add(&h.File, b.s.Home)
	}
	for _, p := range b.s.Pages {
		if p.Kind == KindPage {
			add(&p.Doc.File, p)
		}
	}
	for _, x := range b.s.Personas {
		add(&x.Persona.File, x.Page)
	}
	for _, x := range b.s.Products {
		add(&x.Product.File, x.Page)
	}
	for _, x := range b.s.Journeys {
		add(&x.Journey.File, x.Page)
	}
	for _, x := range b.s.Landings {
		add(&x.Landing.File, x.Page)
	}
	for _, d := range b.set.Thanks {
		if p := b.bySource[d.Path]; p != nil {
			add(&d.File, p)
		}
	}
	results := make([]markdown.Result, len(tasks))
	problems := make([]diag.List, len(tasks))
	fresh := make([]bool, len(tasks))
	// What the cache holds is taken here, cheaply; the rest is converted
	// by one worker per core.
	b.s.links = &links{bySource: b.bySource, broken: b.set.Broken, basePath: b.s.BasePath}
	var todo []int
	for i, t := range tasks {
		if e, ok := b.opts.Cache.get(b.s.links, t.file); ok {
			results[i], problems[i] = e.result, e.problems
			continue
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], problems[i] = b.s.links.convert(conv, b.opts.Cache, tasks[i].file)
				fresh[i] = true
			}
		}()
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i, t := range tasks {
		if fresh[i] {
			// A variant shows its landing page's body.
			b.s.Converted = append(b.s.Converted, t.page)
			if t.page.Kind == KindLanding {
				for _, v := range t.page.Landing.Variants {
					b.s.Converted = append(b.s.Converted, v.Page)
				}
			}
		}
		t.page.Content = results[i].HTML
		t.page.Description = firstNonEmpty(t.page.Description, results[i].Summary)
		b.problems = append(b.problems, problems[i]...)
	}
	for _, l := range b.s.Landings {
		l.syncVariants()
	}
	if err := ctx.Err(); err != nil {
		b.problems.Add(&diag.Error{Msg: "convert markdown: " + err.Error(), Err: err})
	}
}

// syncVariants gives l's variants what they share with its page.
func (l *Landing) syncVariants() {
	for _, v := range l.Variants {
		v.Page.lazy = l.Page.lazy
		v.Page.Content = l.Page.Content
		v.Page.Title = l.Page.Title
		v.Page.Description = l.Page.Description
		v.Page.Image = firstNonEmpty(v.Hero, l.Page.Image)
		v.Page.Lastmod = l.Page.Lastmod
	}
}

// lazy returns the conversion of f's Markdown, for when its page renders.
func (b *builder) lazy(conv *markdown.Converter, f *content.File) func() (template.HTML, diag.List) {
	return func() (template.HTML, diag.List) {
		body, err := f.ReadBody(b.opts.Bodies)
		if err != nil {
			return "", diag.List{{Pos: diag.Pos{File: f.Path}, Msg: err.Error(), Err: err}}
		}
		res, problems := conv.Convert(f.Path, f.BodyLine, body, &resolver{links: b.s.links, from: f.Path})
		return res.HTML, problems
	}
}

// finish sorts the pages and fills what depends on the whole model.
func (s *Site) finish() {
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].before(s.Pages[j]) })
	private := s.Config.Team.Publish != config.TeamPublic
	for _, p := range s.Pages {
		if p.Lastmod.IsZero() {
			p.lastmodShown = true
		}
		if private && p.Site.Audience == Team {
			// The workspace is for the team: no search engine may index
			// it, whatever a page's front matter says.
			p.Noindex = true
		}
	}
	s.dateUndated()
}

// dateUndated gives each page without a date of its own (the home page, a
// list, a thank-you page) the newest date of the pages of its output that
// have one: the last time something on that site changed.
func (m *Model) dateUndated() {
	newest := map[Audience]time.Time{}
	for _, p := range m.Pages {
		if !p.lastmodShown && p.Lastmod.After(newest[p.Site.Audience]) {
			newest[p.Site.Audience] = p.Lastmod
		}
	}
	for _, p := range m.Pages {
		if p.lastmodShown {
			p.Lastmod = newest[p.Site.Audience]
		}
	}
}

// before orders pages by the folder they are written to, then by path.
func (p *Page) before(q *Page) bool {
	if f, g := p.Site.Folder(), q.Site.Folder(); f != g {
		return f < g
	}
	return p.OutPath < q.OutPath
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

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
