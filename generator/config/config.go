// Package config reads journey.toml into a Config, fills in defaults so that
// a folder with only content/ builds, and validates what it read. Problems
// are reported as diag errors and warnings with the file, line and TOML key.
//
// It imports diag, tomlpos and the TOML decoder, nothing else of journey.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/tomlpos"
)

// FileName is the name of a site's config file.
const FileName = "journey.toml"

// Config is a site's configuration.
type Config struct {
	Title        string         `toml:"title"`
	BaseURL      string         `toml:"baseURL"`
	LanguageCode string         `toml:"languageCode"`
	Description  string         `toml:"description"`
	Theme        string         `toml:"theme"`
	Copyright    string         `toml:"copyright"`
	Params       map[string]any `toml:"params"`
	Stages       []Stage        `toml:"stages"`
	Brand        Brand          `toml:"brand"`
	Forms        Forms          `toml:"forms"`
	Landing      Landing        `toml:"landing"`
	SEO          SEO            `toml:"seo"`
	Markdown     Markdown       `toml:"markdown"`
	Journeys     Journeys       `toml:"journeys"`
	Team         Team           `toml:"team"`
	Site         SiteLinks      `toml:"site"`

	// File is the path the config was read from, empty for defaults.
	File string `toml:"-"`
	// Keys records where each key was written, for later diagnostics.
	Keys *tomlpos.Index `toml:"-"`
}

// Stage is one stage of the customer journey.
type Stage struct {
	Key         string `toml:"key"`
	Name        string `toml:"name"`
	Order       int    `toml:"order"`
	Goal        string `toml:"goal"`
	Description string `toml:"description"`
	Color       string `toml:"color"`
}

// Brand feeds the theme's colors and the site's name and logo.
type Brand struct {
	Name    string `toml:"name"`
	Logo    string `toml:"logo"`
	Primary string `toml:"primary"`
	Accent  string `toml:"accent"`
}

// Forms configures where the site's forms post to.
type Forms struct {
	// Provider is "netlify", "formspree", "url", "local", "collect" or
	// "none".
	Provider string `toml:"provider"`
	// Endpoint is the URL forms post to, for formspree, url and collect.
	Endpoint string `toml:"endpoint"`
	// Privacy is the text under every form, or beside its consent
	// checkbox.
	Privacy string `toml:"privacy"`
	// PrivacyURL links to the privacy policy.
	PrivacyURL string `toml:"privacyURL"`
	// Consent adds a required consent checkbox to every form.
	Consent bool `toml:"consent"`
	// Fields defines form fields or changes the built-in ones (name,
	// email, phone, company, message, rating, title, review), by name.
	Fields map[string]Field `toml:"fields"`
	// Conversion is an HTML snippet (an analytics conversion tag) put on
	// the thank-you pages, and only there. It is the site owner's own
	// markup and is not escaped.
	Conversion string `toml:"conversion"`
	// DTR lists the URL parameters that placeholders such as
	// {utm_term|bikes} may show on landing pages.
	DTR []string `toml:"dtr"`
}

// Field is a form field's definition. Unset keys keep the built-in
// field's values.
type Field struct {
	Type         string   `toml:"type"`
	Label        string   `toml:"label"`
	Required     *bool    `toml:"required"`
	Pattern      string   `toml:"pattern"`
	Autocomplete string   `toml:"autocomplete"`
	Placeholder  string   `toml:"placeholder"`
	Options      []string `toml:"options"`
}

// Landing configures landing pages.
type Landing struct {
	// Generate writes one landing page per product and stage it serves.
	Generate bool `toml:"generate"`
	// Chrome is what frames every landing page: "campaign" (the default:
	// the logo, no site menu, legal links only) or "site" (the campaign
	// site's header and footer). A page's own chrome key wins.
	Chrome string `toml:"chrome"`
	// LogoLink makes the logo on campaign-chrome landing pages a link to
	// the home page. Off by default: one goal per page.
	LogoLink bool `toml:"logoLink"`
}

// Chromes lists the values of a landing page's chrome.
func Chromes() []string { return []string{"campaign", "site"} }

// Team configures the team workspace: the journey maps, personas, stage
// hubs, product sheets and the dashboard, kept apart from what visitors
// see.
type Team struct {
	// Publish is "separate" (the default: a folder of its own), "public"
	// (inside the campaign site, under team/) or "none".
	Publish string `toml:"publish"`
	// Dest is the workspace's folder, relative to the site's folder
	// (default "team").
	Dest string `toml:"dest"`
	// BaseURL is the workspace's absolute URL when it is deployed apart.
	BaseURL string `toml:"baseURL"`
	// AdSource and AdMedium fill utm_source and utm_medium in the ad URLs
	// the dashboard offers (default "google" and "cpc").
	AdSource string `toml:"adSource"`
	AdMedium string `toml:"adMedium"`
}

// The ways to publish the team workspace.
const (
	TeamSeparate = "separate"
	TeamPublic   = "public"
	TeamNone     = "none"
)

// TeamPublishes lists the values of team.publish.
func TeamPublishes() []string { return []string{TeamSeparate, TeamPublic, TeamNone} }

// SiteLinks configures links every campaign page carries.
type SiteLinks struct {
	// Legal lists the slugs of the plain pages (content/<slug>.md) linked
	// in the footer of every campaign page, landing pages included. Pages
	// with legal = true in their front matter are added.
	Legal []string `toml:"legal"`
}

// SEO holds search and social settings.
type SEO struct {
	// Twitter is the site's Twitter/X handle, for twitter:site.
	Twitter string `toml:"twitter"`
	// Image is the default social sharing image.
	Image string `toml:"image"`
	// InternalJourneys is replaced by [team]: journey maps now go to the
	// team workspace. It is still read: with team.publish = "public" it
	// marks the journey maps noindex.
	InternalJourneys bool `toml:"internalJourneys"`
	// SameAs lists the organisation's profiles, for JSON-LD.
	SameAs []string `toml:"sameAs"`
}

// Markdown configures Markdown rendering.
type Markdown struct {
	// Unsafe lets raw HTML in Markdown through. Off by default.
	Unsafe bool `toml:"unsafe"`
}

// Journeys configures journey maps.
type Journeys struct {
	// Lanes is the default list and order of lanes on a journey map.
	Lanes []string `toml:"lanes"`
}

// DefaultStages returns the five stages used when the site defines none.
func DefaultStages() []Stage {
	return []Stage{
		{Key: "awareness", Name: "Awareness", Order: 1, Color: "#3b82c4",
			Goal: "Be found by people who have the problem", Description: "The customer realises they have a need and starts looking around."},
		{Key: "consideration", Name: "Consideration", Order: 2, Color: "#7c5cc4",
			Goal: "Be the option they compare seriously", Description: "The customer weighs options, reads reviews and compares."},
		{Key: "decision", Name: "Decision", Order: 3, Color: "#c4572e",
			Goal: "Make choosing us easy and safe", Description: "The customer picks a product and buys."},
		{Key: "retention", Name: "Retention", Order: 4, Color: "#2e8f5b",
			Goal: "Deliver the value they bought", Description: "The customer uses the product and decides whether to stay."},
		{Key: "advocacy", Name: "Advocacy", Order: 5, Color: "#b3861b",
			Goal: "Turn happy customers into promoters", Description: "The customer recommends the product, reviews it and refers others."},
	}
}

// Default returns the configuration of a site without journey.toml.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

func (c *Config) applyDefaults() {
	if c.Title == "" {
		c.Title = "Customer journeys"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.LanguageCode == "" {
		c.LanguageCode = "en"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Brand.Name == "" {
		c.Brand.Name = c.Title
	}
	if c.Brand.Primary == "" {
		c.Brand.Primary = "#1f4e79"
	}
	if c.Brand.Accent == "" {
		c.Brand.Accent = "#b4451f"
	}
	if c.Forms.Provider == "" {
		c.Forms.Provider = "local"
	}
	if c.Team.Publish == "" {
		c.Team.Publish = TeamSeparate
	}
	if c.Team.Dest == "" {
		c.Team.Dest = "team"
	}
	if c.Team.BaseURL != "" && !strings.HasSuffix(c.Team.BaseURL, "/") {
		c.Team.BaseURL += "/"
	}
	if c.Team.AdSource == "" {
		c.Team.AdSource = "google"
	}
	if c.Team.AdMedium == "" {
		c.Team.AdMedium = "cpc"
	}
	if c.Landing.Chrome == "" {
		c.Landing.Chrome = "campaign"
	}
	if len(c.Stages) == 0 {
		c.Stages = DefaultStages()
	}
	for i := range c.Stages {
		s := &c.Stages[i]
		if s.Name == "" {
			s.Name = titleCase(s.Key)
		}
		if s.Order == 0 {
			s.Order = i + 1
		}
	}
	sort.SliceStable(c.Stages, func(i, j int) bool { return c.Stages[i].Order < c.Stages[j].Order })
	for i := range c.Stages {
		if c.Stages[i].Color == "" {
			c.Stages[i].Color = stagePalette(i)
		}
	}
}

// stagePalette colors the i-th custom stage that sets no color; each color
// passes AA contrast against white.
func stagePalette(i int) string {
	palette := [...]string{"#3b6fb6", "#7c5cc4", "#c4572e", "#2e8f5b", "#8f6a12", "#b8336a", "#2f7f8f"}
	return palette[i%len(palette)]
}

func titleCase(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// StageKeys lists the stage keys in order.
func (c *Config) StageKeys() []string {
	keys := make([]string, len(c.Stages))
	for i, s := range c.Stages {
		keys[i] = s.Key
	}
	return keys
}

// Pos returns the position of the TOML key path in the config file, or just
// the file when the key is not written there.
func (c *Config) Pos(path string) diag.Pos {
	p := diag.Pos{File: c.File}
	if pos, ok := c.Keys.Lookup(path); ok {
		p.Line, p.Col = pos.Line, pos.Col
	}
	return p
}

// Load reads name from fsys. A missing file gives the defaults and no error.
// The returned list holds warnings (unknown keys, weak colors); the error, a
// diag.List, holds what makes the config unusable.
func Load(fsys fs.FS, name string) (*Config, diag.List, error) {
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil, nil
	}
	if err != nil {
		return nil, nil, diag.List{diag.FileError(name, err)}
	}
	return Parse(name, src)
}

// Parse decodes src, the contents of the config file called name.
func Parse(name string, src []byte) (*Config, diag.List, error) {
	text := string(src)
	keys, deep := ScanKeys(name, 0, text)
	if deep != nil {
		return nil, nil, diag.List{deep}
	}
	c := &Config{File: name, Keys: keys}
	md, err := toml.Decode(text, c)
	if err != nil {
		return nil, nil, diag.List{TOMLError(name, 0, err)}
	}
	problems := KeyWarnings(md, KnownKeys(reflect.TypeFor[Config]()), c.keyPos)
	c.applyDefaults()
	c.validate(&problems)
	problems.Sort()
	if err := problems.Err(); err != nil {
		return nil, problems.Warnings(), err
	}
	return c, problems, nil
}

func (c *Config) keyPos(k toml.Key) diag.Pos {
	p := diag.Pos{File: c.File}
	if pos, ok := c.Keys.LookupLoose(k); ok {
		p.Line, p.Col = pos.Line, pos.Col
	}
	return p
}

// FieldTypes lists the types a form field may have.
func FieldTypes() []string {
	return []string{"text", "email", "tel", "url", "number", "date", "textarea", "select", "radio", "rating", "checkbox"}
}

// Providers lists the form providers.
func Providers() []string {
	return []string{"netlify", "formspree", "url", "local", "collect", "none"}
}

func (c *Config) validate(l *diag.List) {
	if c.BaseURL != "/" && !absoluteURL(c.BaseURL) {
		l.Add(diag.Errorf(c.Pos("baseURL"), "baseURL %q must be an absolute http(s) URL such as \"https://example.com/\"", c.BaseURL))
	}
	if c.Team.BaseURL != "" && !absoluteURL(c.Team.BaseURL) {
		l.Add(diag.Errorf(c.Pos("team.baseURL"), "team.baseURL %q must be an absolute http(s) URL such as \"https://team.example.com/\"", c.Team.BaseURL))
	}
	if !slices.Contains(TeamPublishes(), c.Team.Publish) {
		l.Add(diag.Errorf(c.Pos("team.publish"), "team.publish %q is not one of %s", c.Team.Publish, strings.Join(TeamPublishes(), ", ")))
	}
	if !slices.Contains(Chromes(), c.Landing.Chrome) {
		l.Add(diag.Errorf(c.Pos("landing.chrome"), "landing.chrome %q is not one of %s", c.Landing.Chrome, strings.Join(Chromes(), ", ")))
	}
	if c.SEO.InternalJourneys {
		l.Add(diag.Warnf(c.Pos("seo.internalJourneys"), "seo.internalJourneys is replaced by [team]: journey maps, personas and stages now go to the team workspace (team.publish = \"separate\" by default), which is never indexed; remove the key"))
	}
	seen := map[string]bool{}
	for i, s := range c.Stages {
		path := fmt.Sprintf("stages[%d]", i)
		switch {
		case s.Key == "":
			l.Add(diag.Errorf(c.Pos(path), "stage has no key"))
		case !IsSlug(s.Key):
			l.Add(diag.Errorf(c.Pos(path+".key"), "stage key %q must be lower-case letters, digits and hyphens", s.Key))
		case seen[s.Key]:
			l.Add(diag.Errorf(c.Pos(path+".key"), "stage %q is defined twice", s.Key))
		}
		seen[s.Key] = true
		if s.Color != "" && !IsHexColor(s.Color) {
			l.Add(diag.Errorf(c.Pos(path+".color"), "color %q must be a hex color such as \"#3b82c4\"", s.Color))
		}
	}
	for _, kv := range []struct{ key, val string }{{"brand.primary", c.Brand.Primary}, {"brand.accent", c.Brand.Accent}} {
		if !IsHexColor(kv.val) {
			l.Add(diag.Errorf(c.Pos(kv.key), "color %q must be a hex color such as \"#1f4e79\"", kv.val))
		}
	}
	if IsHexColor(c.Brand.Primary) {
		if r, _ := Contrast(c.Brand.Primary, "#ffffff"); r < 4.5 {
			l.Add(diag.Warnf(c.Pos("brand.primary"), "brand.primary %s has contrast %.2f:1 with white, below WCAG AA (4.5:1); the theme darkens it where text sits on it, so the brand will look different from %s", c.Brand.Primary, r, c.Brand.Primary))
		}
	}
	if IsHexColor(c.Brand.Accent) {
		if r, _ := Contrast(c.Brand.Accent, "#ffffff"); r < 4.5 {
			l.Add(diag.Warnf(c.Pos("brand.accent"), "brand.accent %s against a white page has contrast %.2f:1, below WCAG AA (4.5:1)", c.Brand.Accent, r))
		}
	}
	if !slices.Contains(Providers(), c.Forms.Provider) {
		l.Add(diag.Errorf(c.Pos("forms.provider"), "unknown form provider %q; use one of %s", c.Forms.Provider, strings.Join(Providers(), ", ")))
	}
	for name, f := range c.Forms.Fields {
		if f.Type != "" && !slices.Contains(FieldTypes(), f.Type) {
			l.Add(diag.Errorf(c.Pos("forms.fields."+name+".type"), "field type %q is not one of %s", f.Type, strings.Join(FieldTypes(), ", ")))
		}
	}
	switch c.Forms.Provider {
	case "formspree", "url", "collect":
		if c.Forms.Endpoint == "" {
			l.Add(diag.Errorf(c.Pos("forms"), "form provider %q needs forms.endpoint, the URL forms post to", c.Forms.Provider))
		}
	}
}

// absoluteURL reports whether s is an absolute http(s) URL.
func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// IsSlug reports whether s is a non-empty run of lower-case ASCII letters,
// digits and inner hyphens.
func IsSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ScanKeys indexes the keys of src, the TOML of file that starts after
// lineOffset lines. Call it before the decoder: it refuses a document nested
// deeper than tomlpos.MaxDepth, cheaply, where the decoder would spend time
// and memory that grow with the square of the depth.
func ScanKeys(file string, lineOffset int, src string) (*tomlpos.Index, *diag.Error) {
	keys, err := tomlpos.Scan(src, lineOffset)
	if err == nil {
		return keys, nil
	}
	pos := diag.Pos{File: file}
	var deep *tomlpos.DepthError
	if errors.As(err, &deep) {
		pos.Line, pos.Col = deep.Pos.Line, deep.Pos.Col
	}
	return nil, &diag.Error{Pos: pos, Msg: err.Error(), Err: err}
}

// TOMLError turns an error from the TOML decoder into a positioned error in
// file. lineOffset is added to the decoder's line, for front matter.
func TOMLError(file string, lineOffset int, err error) *diag.Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.SplitN(pe.Usage, "\n", 2)[0]) + ")"
		}
		return &diag.Error{Pos: diag.Pos{File: file, Line: pe.Position.Line + lineOffset, Col: pe.Position.Col}, Msg: "TOML: " + msg, Err: err}
	}
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: "TOML: " + err.Error(), Err: err}
}
