// Package site builds the site model from the parsed content: every entity
// (stage, persona, product, journey, landing page, review), every page to
// render with its URL, and the relations between them; templates only read
// the model, they never discover relations themselves. It also decides
// what a rebuild renders (Deps.Plan), from what each page's layout read
// when it last rendered.
//
// It imports diag, config, content, markdown, chart and formwire; never
// theme, render or publish.
package site

import (
	"html/template"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

// Audience is who an output of the build is for.
type Audience string

// The audiences.
const (
	// Campaign is the campaign site, for visitors and search engines: the
	// brand home, product pages, landing pages, thank-you pages and plain
	// pages.
	Campaign Audience = "campaign"
	// Team is the team workspace, for the people who plan: the dashboard,
	// journey maps, personas, stage hubs and product sheets.
	Team Audience = "team"
)

// Site is the model of one build as one of its outputs sees it: the whole
// model, and where that output lives. Every page points at the Site of its
// output, so that .Site.URL in a layout links within that output.
type Site struct {
	*Model
	Audience Audience
	// BasePath is the path part of the output's URL, with slashes at both
	// ends: "/" or "/docs/".
	BasePath string
	// Origin is the output's scheme and host ("https://example.com"),
	// empty when it has no absolute URL.
	Origin string
	// Prefix is where the output's files go below the folder they are
	// written to: "" for an output with a folder of its own, "team/" for
	// the workspace inside the campaign site.
	Prefix string
}

// Model is everything one build makes of the content, shared by both
// outputs.
type Model struct {
	Config *config.Config
	// Campaign and Workspace are the two outputs. The workspace is modelled
	// even when team.publish is "none", so that check validates it; it is
	// then not written (Written).
	Campaign  *Site
	Workspace *Site

	// Home is the campaign site's home page, Dashboard the workspace's.
	Home      *Page
	Dashboard *Page
	NotFound  *Page
	Pages     []*Page // every page of both outputs, sorted by output and path
	Stages    []*Stage
	Personas  []*Persona
	Products  []*Product
	Journeys  []*Journey
	Landings  []*Landing // authored and generated, sorted by slug
	Reviews   []*Review
	// Legal lists the plain pages linked in every campaign page's footer.
	Legal []*Page
	// Sections are the workspace's list pages: personas, products,
	// journeys, stages.
	Sections map[string]*Page
	// HomeCopy is content/_index.md, nil when there is none.
	HomeCopy *content.Home
	// Metrics are the measured numbers of content/metrics/, nil when
	// there are none.
	Metrics *Metrics

	// links is what Markdown links resolved against in this build.
	links *links
	// builder made the site; Refresh uses it again for edited pages.
	builder *builder
	// Converted lists the pages whose Markdown was converted in this build
	// rather than taken from the cache.
	Converted []*Page
	// Lean says the model serves a single build that keeps memory low on
	// large sites: a page's Markdown is read when the page renders
	// (Options.Bodies), and its HTML dropped once it has (Page.Rendered).
	Lean bool

	// icons maps the names [icons] lists, in lower case, to icons.
	icons map[string]string

	nodeOnce  sync.Once
	nodeIndex map[string]reflect.Value // nodeOnce guards nodeIndex: nodes by key
}

// Written reports whether the output's pages are written: the workspace's
// are not when team.publish is "none".
func (s *Site) Written() bool {
	return s.Audience == Campaign || s.Config.Team.Publish != config.TeamNone
}

// Folder names the folder the output's files are written to: the
// workspace inside the campaign site shares the campaign site's.
func (s *Site) Folder() Audience {
	if s.Apart() || !s.Written() {
		return s.Audience
	}
	return Campaign
}

// Shares reports whether s and o write into the same folder.
func (s *Site) Shares(o *Site) bool { return s.Folder() == o.Folder() }

// Apart reports whether the output has a folder of its own: the campaign
// site always, the workspace when team.publish is "separate".
func (s *Site) Apart() bool {
	return s.Audience == Campaign || s.Config.Team.Publish == config.TeamSeparate
}

// Kind is the type of a page.
type Kind string

// The kinds of pages.
const (
	KindHome Kind = "home"
	// KindDashboard is the workspace's home page.
	KindDashboard Kind = "dashboard"
	// KindSheet is a product's page in the workspace: what it serves and
	// the landing pages that sell it.
	KindSheet    Kind = "sheet"
	KindSection  Kind = "section"
	KindPage     Kind = "page"
	KindPersona  Kind = "persona"
	KindProduct  Kind = "product"
	KindStage    Kind = "stage"
	KindJourney  Kind = "journey"
	KindLanding  Kind = "landing"
	KindVariant  Kind = "variant"
	KindAlias    Kind = "alias"
	KindThanks   Kind = "thanks"
	KindNotFound Kind = "404"
)

// Page is one HTML file of the output.
type Page struct {
	// ID names the page's node in the graph, such as "persona/ana".
	ID   string
	Kind Kind
	// Layout is the template that renders the page, such as "persona" or
	// "landing/decision".
	Layout string
	// RelURL is the page's path below the site root, such as
	// "/personas/ana/".
	RelURL string
	// URL is RelURL under the base path: what links use.
	URL string
	// Permalink is the absolute URL, or URL when the site has no absolute
	// baseURL.
	Permalink string
	// OutPath is the file written, such as "personas/ana/index.html".
	OutPath string
	// Canonical is the permalink search engines should index, which for a
	// variant or an alias is its main page's.
	Canonical string

	Title       string
	Description string
	Image       string
	Noindex     bool
	Lastmod     time.Time
	Crumbs      []Crumb
	Content     template.HTML
	// Source is the content file the page comes from, empty for pages the
	// site generates.
	Source string

	// At most one of these is set, after Kind.
	Persona *Persona
	Product *Product
	Stage   *Stage
	Journey *Journey
	Landing *Landing
	Variant *Variant
	Doc     *content.Page
	// Section is the kind of entity a section page lists: "personas",
	// "products", "journeys" or "stages".
	Section string
	// Target is the page an alias redirects to.
	Target *Page
	// Form is the page's form, nil when it has none.
	Form *Form
	// Copy is a landing page's or variant's hero copy.
	Copy *Copy
	// Pager is the page's share of a list split over several pages: set
	// on every page of a stage hub.
	Pager *Pager
	// lazy converts the page's Markdown when the build deferred it.
	lazy func() (template.HTML, diag.List)
	// lastmodShown says Lastmod is the newest date of the pages of its
	// output, the page having none of its own.
	lastmodShown bool
	// Conversion is the site's conversion snippet, on thank-you pages
	// only.
	Conversion template.HTML
	// Next is a thank-you page's next steps, the first one foremost.
	Next []Action
	// Chrome says what frames the page: "campaign" for a landing page
	// that keeps the visitor on its one goal (the logo, the legal links),
	// "site" for the campaign site's header and footer, "team" for the
	// workspace's.
	Chrome string
	// AdURL is the address to give an ad for a landing page or variant:
	// its permalink with the UTM parameters of team.adSource and
	// adMedium, the page's campaign (or its slug) and, for a variant, its
	// name. Empty on other pages.
	AdURL string
	// Beacon is what a landing page's or variant's view beacon sends,
	// nil on other pages and when the site counts no views.
	Beacon *Beacon

	Site *Site
}

// Crumb is one link of a breadcrumb trail.
type Crumb struct {
	Name string
	URL  string // a page's URL, under the base path like Page.URL
}

// Stage is a stage of the journey with everything that happens in it.
type Stage struct {
	config.Stage
	Index int // position in the site's stage order, from 0
	Page  *Page
	// Steps are every journey's steps in this stage, by journey then step.
	Steps    []*Step
	Landings []*Landing // by title (sortLandingLists)
	Products []*Product
	// Measured sums what the stage's landing pages measured; nil
	// without numbers.
	Measured *Measured
}

// Persona is a persona with what refers to it.
type Persona struct {
	*content.Persona
	Page     *Page
	Journeys []*Journey
	Landings []*Landing // in stage order, then by title (sortLandingLists)
}

// DisplayName is the persona's name, or its slug when it has none.
func (p *Persona) DisplayName() string { return orDefault(p.Name, p.Slug) }

// AgeText says the persona's age for a card: "31 years old" from age,
// "25–34 years old" from age_range, or empty without either. Age wins
// when both are set, so the age shows once.
func (p *Persona) AgeText() string {
	switch {
	case p.Age > 0:
		return strconv.Itoa(p.Age) + " years old"
	case p.AgeRange != "":
		return p.AgeRange + " years old"
	}
	return ""
}

// Product is a product with its reviews and what refers to it.
type Product struct {
	*content.Product
	// Page is the campaign site's page of the product, Sheet the
	// workspace's.
	Page     *Page
	Sheet    *Page
	Stages   []*Stage
	Reviews  []*Review
	Rating   Rating
	Journeys []*Journey
	Landings []*Landing // in stage order, then by title (sortLandingLists)
}

// DisplayName is the product's name, or its slug when it has none.
func (p *Product) DisplayName() string { return orDefault(p.Name, p.Slug) }

// Rating sums up a product's reviews.
type Rating struct {
	Count   int
	Average float64
}

// Review is a published review of a product.
type Review struct {
	*content.Review
	ID      string
	Product *Product
}

// Journey is a persona's journey with its steps resolved.
type Journey struct {
	*content.Journey
	Page    *Page
	Persona *Persona
	Product *Product // nil when the journey names none
	Steps   []*Step
	// Lanes are the lanes the journey chose, in order (MapLanes leaves
	// out those no step fills).
	Lanes []Lane
	// Compare is the journey whose emotion curve the map draws beside
	// this one's, nil when it names none.
	Compare *Journey
	// Measured is what the landing pages of each stage measured, for
	// the journey's product and persona (journeyMeasured); empty
	// without numbers.
	Measured []StageMeasured
}

// Step is one step of a journey.
type Step struct {
	content.Step
	Index   int // position in the journey, from 0
	Journey *Journey
	Stage   *Stage
	Metrics []Metric
	// Entries are the step's entries in lanes of the site's or the
	// journey's own, by lane key; a text lane's has one.
	Entries map[string][]string
}

// Landing is a landing page, authored or generated.
type Landing struct {
	*content.Landing
	Page      *Page
	Stage     *Stage
	Product   *Product
	Persona   *Persona
	Variants  []*Variant
	Generated bool
	// Measured is what the page itself (not its variants) measured; nil
	// without numbers.
	Measured *Measured
}

// Variant is an A/B copy of a landing page.
type Variant struct {
	content.Variant
	Landing *Landing
	Page    *Page
	// Measured is what the variant measured; nil without numbers.
	Measured *Measured
}

// Rendered tells the page that it has been rendered: in a lean model,
// which nothing renders twice, it lets go of its body.
func (p *Page) Rendered() {
	if p.Site.Lean {
		p.Content = ""
	}
}

// Prepare converts the page's Markdown into Content when the build
// deferred it to rendering time, and reports the Markdown's problems.
func (p *Page) Prepare() error {
	if p.lazy == nil {
		return nil
	}
	html, problems := p.lazy()
	p.Content = html
	return problems.Err()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
