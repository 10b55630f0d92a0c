package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/diag"
)

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
	if c.Analytics.Endpoint != "" && !absoluteURL(c.Analytics.Endpoint) {
		l.Add(diag.Errorf(c.Pos("analytics.endpoint"), "analytics.endpoint %q must be an absolute http(s) URL, the address of journey collect", c.Analytics.Endpoint))
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
