// Package config reads journey.toml into a Config, fills in defaults so that
// a folder with only content/ builds, and validates what it read. Problems
// are reported as diag errors and warnings with the file, line and TOML key.
//
// It imports diag, tomlpos and the TOML decoder, nothing else of journey.
package config

import (
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
	// Lanes declares lanes of the site's own, shown on journey maps after
	// the built-in ones.
	Lanes []Lane `toml:"lanes"`
	// Icons maps touchpoint and channel names to built-in icons:
	// "Trustpilot" = "review site".
	Icons map[string]string `toml:"icons"`

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

// Lane declares a journey-map lane of a site's or journey's own. Steps
// fill it under its key.
type Lane struct {
	Key  string `toml:"key"`
	Name string `toml:"name"`
	// Kind is "list" (a list of entries) or "text" (one line).
	Kind string `toml:"kind"`
	// Group is "backstage" for a lane drawn below the line of
	// visibility, empty for one the customer sees.
	Group string `toml:"group"`
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
