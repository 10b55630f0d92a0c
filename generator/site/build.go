package site

import (
	"context"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
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
	// allLanes are the built-in lanes and those journey.toml declares;
	// chosenLanes are those a journey shows unless it chooses.
	allLanes    []Lane
	chosenLanes []Lane
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
	b.siteLanes()
	m.icons = b.siteIcons()
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

// newPage registers a page of the output out at relURL, below the
// output's root.
func (b *builder) newPage(out *Site, id string, kind Kind, layout, relURL string) *Page {
	p := &Page{ID: id, Kind: kind, Layout: layout, RelURL: relURL, Site: out}
	p.URL = out.BasePath + strings.TrimPrefix(relURL, "/")
	p.Permalink = out.Origin + p.URL
	p.Canonical = p.Permalink
	p.Chrome = "site"
	if out.Audience == Team {
		p.Chrome = "team"
	}
	switch {
	case relURL == "/404.html":
		p.OutPath = out.Prefix + "404.html"
	default:
		p.OutPath = out.Prefix + strings.TrimPrefix(relURL, "/") + "index.html"
	}
	b.s.Pages = append(b.s.Pages, p)
	return p
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

// finish sorts the pages and fills what depends on the whole model.
func (s *Site) finish() {
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].before(s.Pages[j]) })
	for _, p := range s.Pages {
		s.finishPage(p)
	}
	s.dateUndated()
}

// finishPage fills what depends on the site rather than the page's own
// document.
func (s *Site) finishPage(p *Page) {
	p.lastmodShown = p.Lastmod.IsZero()
	if p.Site.Audience == Team && s.Config.Team.Publish != config.TeamPublic {
		// The workspace is for the team: no search engine may index it,
		// whatever a page's front matter says.
		p.Noindex = true
	}
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
