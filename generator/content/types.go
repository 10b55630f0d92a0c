package content

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/tomlpos"
)

// Kind is the type of a content file, decided by the folder it is in.
type Kind string

// The kinds of content.
const (
	KindHome    Kind = "home"
	KindPage    Kind = "page"
	KindPersona Kind = "persona"
	KindProduct Kind = "product"
	KindJourney Kind = "journey"
	KindLanding Kind = "landing"
	KindReview  Kind = "review"
	KindThanks  Kind = "thanks"
)

// File is what every document knows about the file it came from.
type File struct {
	// Path is the slash-separated path from the site root, such as
	// "content/personas/ana.md". Diagnostics print it.
	Path string `toml:"-"`
	// Slug is the file name without extension; for a thank-you page's
	// copy, its path below content/thanks/ without extension ("lead" or
	// "lead/decision").
	Slug string `toml:"-"`
	Kind Kind   `toml:"-"`
	// Body is the Markdown after the front matter.
	Body []byte `toml:"-"`
	// BodyLine is the line of the file where Body starts.
	BodyLine int `toml:"-"`
	// ModTime is the file's modification time, zero when unknown.
	ModTime time.Time `toml:"-"`
	// Keys records where each front-matter key is written.
	Keys *tomlpos.Index `toml:"-"`
	// Deferred is set when Body was not kept in memory: ReadBody reads it
	// again when it is needed.
	Deferred bool `toml:"-"`
	// prefix is prepended to key paths, for documents that are one table
	// of an array in a file (a [[review]]).
	prefix string
}

// ReadBody returns the Markdown body, reading the file again from fsys when
// the loader did not keep it.
func (f *File) ReadBody(fsys fs.FS) ([]byte, error) {
	if !f.Deferred {
		return f.Body, nil
	}
	src, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		return nil, err
	}
	_, body, _, _, serr := Split(f.Path, src)
	if serr != nil {
		return nil, serr
	}
	return body, nil
}

// Pos returns the position of a front-matter key (a tomlpos path such as
// "steps[2].emotion"), or the file's first line when it is not written.
func (f *File) Pos(key string) diag.Pos {
	p := diag.Pos{File: f.Path, Line: 1}
	if f.prefix != "" {
		if key == "" {
			key = f.prefix
		} else {
			key = f.prefix + "." + key
		}
	}
	if pos, ok := f.Keys.Lookup(key); ok {
		p.Line, p.Col = pos.Line, pos.Col
	}
	return p
}

// Common holds the front-matter keys every page accepts.
type Common struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// CustomSlug replaces the file name in the page's URL.
	CustomSlug string         `toml:"slug"`
	Aliases    []string       `toml:"aliases"`
	Draft      bool           `toml:"draft"`
	Noindex    bool           `toml:"noindex"`
	Date       Date           `toml:"date"`
	Lastmod    Date           `toml:"lastmod"`
	Image      string         `toml:"image"`
	Params     map[string]any `toml:"params"`
}

// Home is content/_index.md, the home page's copy.
type Home struct {
	File
	Common
	Headline    string `toml:"headline"`
	Subheadline string `toml:"subheadline"`
	// CTA and CTAURL are the home page's main call to action; without
	// them it leads to the landing page that closes a sale.
	CTA    string `toml:"cta"`
	CTAURL string `toml:"cta_url"`
}

// Page is a free-standing page such as content/privacy.md.
type Page struct {
	File
	Common
	// Legal links the page in the footer of every campaign page, landing
	// pages included: a privacy policy, an imprint, terms.
	Legal bool `toml:"legal"`
}

// Thanks is the copy of a thank-you page: content/thanks/<form>.md for
// /thanks/<form>/, content/thanks/<form>/<stage>.md for
// /thanks/<form>/<stage>/. The body shows under the text.
type Thanks struct {
	File
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// CTA and CTAURL are the page's next step, the first button.
	CTA    string `toml:"cta"`
	CTAURL string `toml:"cta_url"`
}

// Persona is content/personas/<slug>.md.
type Persona struct {
	File
	Common
	Name         string   `toml:"name"`
	Role         string   `toml:"role"`
	Age          int      `toml:"age"`
	AgeRange     string   `toml:"age_range"`
	Quote        string   `toml:"quote"`
	Goals        []string `toml:"goals"`
	Frustrations []string `toml:"frustrations"`
	Channels     []string `toml:"channels"`
	Motivations  []string `toml:"motivations"`
	Avatar       string   `toml:"avatar"`
}

// Product is content/products/<slug>.md.
type Product struct {
	File
	Common
	Name     string  `toml:"name"`
	Tagline  string  `toml:"tagline"`
	Price    float64 `toml:"price"`
	Currency string  `toml:"currency"`
	// PricePeriod is what the price pays for, for subscriptions: "month".
	PricePeriod string   `toml:"price_period"`
	SKU         string   `toml:"sku"`
	Features    []string `toml:"features"`
	Stages      []string `toml:"stages"`
	FAQ         []FAQ    `toml:"faq"`
}

// FAQ is one question and answer.
type FAQ struct {
	Q string `toml:"q"`
	A string `toml:"a"`
}

// Journey is content/journeys/<slug>.md.
type Journey struct {
	File
	Common
	Persona string `toml:"persona"`
	Product string `toml:"product"`
	// Lanes chooses the map's lanes and declares the journey's own.
	Lanes Lanes `toml:"lanes"`
	// Compare names another journey whose emotion curve the map draws
	// beside this one's, with what changes from it.
	Compare string `toml:"compare"`
	Steps   []Step `toml:"steps"`
}

// Step is one step of a journey.
type Step struct {
	Stage         string         `toml:"stage"`
	Title         string         `toml:"title"`
	Actions       []string       `toml:"actions"`
	Touchpoints   []string       `toml:"touchpoints"`
	Channels      []string       `toml:"channels"`
	Thinking      string         `toml:"thinking"`
	Feeling       string         `toml:"feeling"`
	Emotion       int            `toml:"emotion"`
	Pains         []string       `toml:"pains"`
	Opportunities []string       `toml:"opportunities"`
	Owner         string         `toml:"owner"`
	Metrics       map[string]any `toml:"metrics"`
	// Moment marks a moment that matters: "truth", "pain" or "delight".
	Moment string `toml:"moment"`
	// Custom holds the step's other keys, which fill lanes of the site's
	// or the journey's own: a string or a list, by key. The parser fills
	// it from the keys the step's fields do not take.
	Custom map[string]any `toml:"-"`
}

// Landing is content/landing/<slug>.md.
type Landing struct {
	File
	Common
	Stage       string `toml:"stage"`
	Product     string `toml:"product"`
	Persona     string `toml:"persona"`
	Headline    string `toml:"headline"`
	Subheadline string `toml:"subheadline"`
	CTA         string `toml:"cta"`
	Hero        string `toml:"hero"`
	Form        string `toml:"form"`
	// Submit is the form's button text; without it the button says cta.
	Submit   string  `toml:"submit"`
	Fields   []Field `toml:"fields"`
	Campaign string  `toml:"campaign"`
	// DTR lists the URL parameters this page's placeholders may show.
	DTR []string `toml:"dtr"`
	// Chrome is "campaign" (the logo and legal links only) or "site" (the
	// campaign site's header and footer); empty takes landing.chrome.
	Chrome   string    `toml:"chrome"`
	Variants []Variant `toml:"variants"`
}

// Variant is an A/B copy of a landing page, written under the page's URL.
type Variant struct {
	Name        string `toml:"name"`
	Headline    string `toml:"headline"`
	Subheadline string `toml:"subheadline"`
	CTA         string `toml:"cta"`
	Hero        string `toml:"hero"`
}

// Field is one form field. In front matter it is either a name ("email"),
// which takes the field's defaults, or a table of the keys below.
type Field struct {
	Name         string   `toml:"name"`
	Type         string   `toml:"type"`
	Label        string   `toml:"label"`
	Required     *bool    `toml:"required"`
	Pattern      string   `toml:"pattern"`
	Autocomplete string   `toml:"autocomplete"`
	Placeholder  string   `toml:"placeholder"`
	Options      []string `toml:"options"`
}

// UnmarshalTOML accepts a field's name or a table.
func (f *Field) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*f = Field{Name: v}
		return nil
	case map[string]any:
		var out Field
		for k, val := range v {
			if err := out.set(k, val); err != nil {
				return err
			}
		}
		*f = out
		return nil
	}
	return fmt.Errorf("a field is a name such as \"email\" or a table with name, type, label, required")
}

func (f *Field) set(k string, v any) error {
	str := func(dst *string) error {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("field key %q must be a string", k)
		}
		*dst = s
		return nil
	}
	switch k {
	case "name":
		return str(&f.Name)
	case "type":
		return str(&f.Type)
	case "label":
		return str(&f.Label)
	case "pattern":
		return str(&f.Pattern)
	case "autocomplete":
		return str(&f.Autocomplete)
	case "placeholder":
		return str(&f.Placeholder)
	case "required":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("field key \"required\" must be true or false")
		}
		f.Required = &b
		return nil
	case "options":
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("field key \"options\" must be a list of strings")
		}
		for _, o := range list {
			s, ok := o.(string)
			if !ok {
				return fmt.Errorf("field key \"options\" must be a list of strings")
			}
			f.Options = append(f.Options, s)
		}
		return nil
	}
	return fmt.Errorf("unknown field key %q; use name, type, label, required, pattern, autocomplete, placeholder or options", k)
}

// Review is one published review, from content/reviews/<slug>.toml: either
// the file's top-level keys or one of its [[review]] tables.
type Review struct {
	File
	Product string `toml:"product"`
	Rating  int    `toml:"rating"`
	Author  string `toml:"author"`
	Date    Date   `toml:"date"`
	Title   string `toml:"title"`
	Body    string `toml:"body"`
	Source  string `toml:"source"`
}

// Date is a front-matter date: a TOML date or datetime, or a string in
// RFC 3339 or YYYY-MM-DD form.
type Date struct{ time.Time }

// UnmarshalTOML accepts TOML dates and date strings.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		d.Time = v
		return nil
	case string:
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
				d.Time = t
				return nil
			}
		}
		return fmt.Errorf("date %q is not a date; write it as 2026-03-14", v)
	}
	return fmt.Errorf("a date is written as 2026-03-14")
}
