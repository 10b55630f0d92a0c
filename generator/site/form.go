package site

import (
	"fmt"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/formwire"
)

// Form is a form on a landing page or a product page, ready to render:
// its fields, its copy, the hidden fields that travel with it, and what
// its provider needs.
type Form struct {
	// Name is "lead" or "review": the form's name at its provider and the
	// last segment of its thank-you page.
	Name     string
	Provider string
	// Action is the URL the form posts to.
	Action string
	Fields []Field
	Hidden []Hidden
	// Honeypot is the name of the field people never see and bots fill.
	Honeypot string
	// Consent is the checkbox that agrees to the privacy terms, nil when
	// the form has none. Privacy is the privacy note under a form without
	// one, nil when the site has neither privacy text nor policy.
	Consent *Privacy
	Privacy *Privacy
	// Shared names the default field list the form shares with other
	// pages ("lead/decision"), empty when the page has its own: the
	// fields of forms that share one render the same.
	Shared string
	// Copy is the form's heading, intro and button.
	Copy   FormCopy
	Thanks *Page
}

// Netlify reports whether the form carries Netlify's attributes.
func (f *Form) Netlify() bool { return f.Provider == "netlify" }

// Field is one visible field of a form.
type Field struct {
	Name         string
	Type         string // one of config.FieldTypes()
	Label        string
	Required     bool
	Pattern      string
	Autocomplete string
	Placeholder  string
	Options      []string
}

// Hidden is a hidden field. UTM fields are filled from the page's URL by
// the page's script and are empty in the HTML, as is the Loaded field,
// which the script sets to the time the page loaded.
type Hidden struct {
	Name   string
	Value  string
	UTM    bool
	Loaded bool
}

// Collect reports whether the form posts to journey collect, whose page
// script submits with retries.
func (f *Form) Collect() bool { return f.Provider == "collect" }

// Privacy is the site's privacy text and the address of its privacy
// policy, either of which may be empty.
type Privacy struct {
	Text string
	URL  string
}

// builtinField returns the field a form can name without defining it.
func builtinField(name string) (Field, bool) {
	switch name {
	case "name":
		return Field{Name: "name", Type: "text", Label: "Your name", Autocomplete: "name"}, true
	case "email":
		return Field{Name: "email", Type: "email", Label: "Email", Required: true, Autocomplete: "email"}, true
	case "phone":
		return Field{Name: "phone", Type: "tel", Label: "Phone", Autocomplete: "tel", Pattern: `[0-9 +()./\-]{6,}`}, true
	case "company":
		return Field{Name: "company", Type: "text", Label: "Company", Autocomplete: "organization"}, true
	case "message":
		return Field{Name: "message", Type: "textarea", Label: "Message"}, true
	case "rating":
		return Field{Name: "rating", Type: "rating", Label: "Your rating", Required: true}, true
	case "title":
		return Field{Name: "title", Type: "text", Label: "Title of your review", Required: true}, true
	case "review":
		return Field{Name: "review", Type: "textarea", Label: "Your review", Required: true}, true
	}
	return Field{}, false
}

// builtinNames lists the built-in fields, for suggestions.
func builtinNames() []string {
	return []string{"company", "email", "message", "name", "phone", "rating", "review", "title"}
}

// formSpec is what a form is made of: the page it posts as, and what that
// page says of it. Landing pages and product pages make theirs.
type formSpec struct {
	page *Page
	// kind is "lead" or "review".
	kind     string
	stage    *Stage
	product  *Product
	campaign string
	// file is where fields are written, for problems. Without fields the
	// form takes its purpose's.
	file   *content.File
	fields []content.Field
	// submit is the button's text, cta the page's call to action that
	// the button says without one.
	submit string
	cta    []Segment
	// title and intro replace the form's heading and the line under it.
	title, intro string
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

// landingSpec returns the spec of landing page l's form, or nil when it
// has none. An advocacy page asks for a review unless it says otherwise.
func landingSpec(l *Landing) *formSpec {
	kind := l.Form
	switch {
	case kind == "none":
		return nil
	case kind == "" && l.Stage != nil && l.Stage.Key == "advocacy":
		kind = "review"
	case kind == "":
		kind = "lead"
	}
	title, _ := l.Params["form_title"].(string)
	intro, _ := l.Params["form_intro"].(string)
	return &formSpec{
		page: l.Page, kind: kind, stage: l.Stage, product: l.Product, campaign: l.Campaign,
		file: &l.Landing.File, fields: l.Fields, submit: l.Submit, cta: l.Page.Copy.CTA,
		title: title, intro: intro,
	}
}

// form builds the form s describes, or nil when the site's forms go
// nowhere.
func (b *builder) form(s *formSpec) *Form {
	if s == nil || b.cfg.Forms.Provider == "none" {
		return nil
	}
	stage := stageKey(s.stage)
	f := &Form{Name: s.kind, Provider: b.cfg.Forms.Provider}
	f.Thanks = b.thanks(s)
	if len(s.fields) == 0 {
		// Forms without a field list of their own share their purpose's,
		// resolved once per build.
		key := s.kind + "/" + stage
		shared, ok := b.defaultForms[key]
		if !ok {
			shared = b.fields(s.file, purposeOf(s.kind, stage).fields)
			b.defaultForms[key] = shared
		}
		f.Fields, f.Consent, f.Shared = shared.Fields, shared.Consent, key
	} else {
		own := b.fields(s.file, s.fields)
		f.Fields, f.Consent = own.Fields, own.Consent
	}
	if f.Consent == nil {
		f.Privacy = b.privacy()
	}
	f.Copy = s.copyOf(f.Fields)
	f.Hidden = make([]Hidden, 0, 12)
	f.Hidden = append(f.Hidden, Hidden{Name: formwire.Page, Value: s.page.URL}, Hidden{Name: formwire.Stage, Value: stage})
	if s.product != nil {
		f.Hidden = append(f.Hidden, Hidden{Name: formwire.Product, Value: s.product.Product.Slug})
	}
	if s.campaign != "" {
		f.Hidden = append(f.Hidden, Hidden{Name: formwire.Campaign, Value: s.campaign})
	}
	for _, p := range formwire.UTM() {
		f.Hidden = append(f.Hidden, Hidden{Name: p, UTM: true})
	}
	switch f.Provider {
	case "netlify":
		f.Action = f.Thanks.URL
		f.Honeypot = formwire.NetlifyHoneypot
		f.Hidden = append([]Hidden{{Name: formwire.NetlifyName, Value: s.kind}}, f.Hidden...)
	case "local":
		f.Action = b.s.BasePath + formwire.LocalPath + s.kind
		f.Honeypot = formwire.Honeypot
		f.Hidden = append(f.Hidden, Hidden{Name: formwire.Next, Value: f.Thanks.URL})
	default: // formspree, url, collect: a plain POST to the endpoint
		f.Action = strings.TrimSuffix(b.cfg.Forms.Endpoint, "/")
		if f.Provider == "collect" {
			f.Action += "/forms/" + s.kind
			// The page's script writes how long the page was open, for
			// the collector's fill-time check.
			f.Hidden = append(f.Hidden, Hidden{Name: formwire.Loaded, Loaded: true})
		}
		f.Honeypot = formwire.Honeypot
		f.Hidden = append(f.Hidden, Hidden{Name: formwire.Next, Value: f.Thanks.Permalink})
	}
	return f
}

// fields resolves a form's field list, with the consent checkbox apart.
func (b *builder) fields(f *content.File, names []content.Field) *Form {
	out := &Form{}
	for i, cf := range names {
		fd, ok := b.field(f, fmt.Sprintf("fields[%d]", i), cf)
		if !ok {
			continue
		}
		if fd.Name == "consent" {
			out.Consent = b.consent()
			continue
		}
		out.Fields = append(out.Fields, fd)
	}
	if b.cfg.Forms.Consent && out.Consent == nil {
		out.Consent = b.consent()
	}
	return out
}

// field resolves a field named or defined in front matter, over the site's
// field definitions, over the built-in ones.
func (b *builder) field(f *content.File, key string, cf content.Field) (Field, bool) {
	if cf.Name == "consent" {
		return Field{Name: "consent", Type: "checkbox"}, true
	}
	fd, known := builtinField(cf.Name)
	if site, ok := b.cfg.Forms.Fields[cf.Name]; ok {
		fd = mergeField(fd, Field{Type: site.Type, Label: site.Label, Pattern: site.Pattern, Autocomplete: site.Autocomplete, Placeholder: site.Placeholder, Options: site.Options}, site.Required)
		known = true
	}
	fd = mergeField(fd, Field{Type: cf.Type, Label: cf.Label, Pattern: cf.Pattern, Autocomplete: cf.Autocomplete, Placeholder: cf.Placeholder, Options: cf.Options}, cf.Required)
	fd.Name = cf.Name
	switch {
	case cf.Name == "" || !safeFieldName(cf.Name):
		b.problems.Add(diag.Errorf(f.Pos(key), "field name %q must be letters, digits, - or _", cf.Name))
		return Field{}, false
	case !known && cf.Type == "":
		names := builtinNames()
		for n := range b.cfg.Forms.Fields {
			names = append(names, n)
		}
		b.problems.Add(unknownRef(f.Pos(key), "field", cf.Name, slices.Compact(slices.Sorted(slices.Values(names)))))
		return Field{}, false
	case !slices.Contains(config.FieldTypes(), fd.Type):
		b.problems.Add(diag.Errorf(f.Pos(key), "field type %q is not one of %s", fd.Type, strings.Join(config.FieldTypes(), ", ")))
		return Field{}, false
	case (fd.Type == "select" || fd.Type == "radio") && len(fd.Options) == 0:
		b.problems.Add(diag.Errorf(f.Pos(key), "field %q of type %s needs options", fd.Name, fd.Type))
		return Field{}, false
	}
	if fd.Label == "" {
		fd.Label = MetricLabel(fd.Name)
	}
	return fd, true
}

func mergeField(base, over Field, required *bool) Field {
	if over.Type != "" {
		base.Type = over.Type
	}
	if over.Label != "" {
		base.Label = over.Label
	}
	if over.Pattern != "" {
		base.Pattern = over.Pattern
	}
	if over.Autocomplete != "" {
		base.Autocomplete = over.Autocomplete
	}
	if over.Placeholder != "" {
		base.Placeholder = over.Placeholder
	}
	if len(over.Options) > 0 {
		base.Options = over.Options
	}
	if required != nil {
		base.Required = *required
	}
	return base
}

func safeFieldName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != "" && !formwire.Reserved(s)
}

func (b *builder) consent() *Privacy {
	return &Privacy{
		Text: firstNonEmpty(b.cfg.Forms.Privacy, "I agree that "+b.cfg.Brand.Name+" may store my details to reply to me."),
		URL:  b.s.URL(b.cfg.Forms.PrivacyURL),
	}
}

// privacy returns the note under forms without a consent checkbox.
func (b *builder) privacy() *Privacy {
	if b.cfg.Forms.Privacy == "" && b.cfg.Forms.PrivacyURL == "" {
		return nil
	}
	return &Privacy{Text: b.cfg.Forms.Privacy, URL: b.s.URL(b.cfg.Forms.PrivacyURL)}
}
