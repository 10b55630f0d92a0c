package site

import (
	"html/template"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/diag"
)

// thanks returns the thank-you page the form s describes leads to:
// /thanks/<kind>/<stage>/, or /thanks/<kind>/ for a page without a
// stage. It makes the page on first use, with /thanks/<kind>/ beside it
// for the links written to that, and records that s's page leads there.
func (b *builder) thanks(s *formSpec) *Page {
	p := b.thanksPage(s.kind, "")
	if s.stage != nil {
		p = b.thanksPage(s.kind, s.stage.Key)
	}
	from := b.thanksFrom[p]
	if from == nil {
		from = map[*Page]*Product{}
		b.thanksFrom[p] = from
	}
	from[s.page] = s.product
	return p
}

// thanksPage returns the thank-you page of forms of kind on pages of the
// stage with key stage, or of any stage when stage is empty, with its
// purpose's copy.
func (b *builder) thanksPage(kind, stage string) *Page {
	id := path.Join("thanks", kind, stage)
	if p, ok := b.thanksPages[id]; ok {
		return p
	}
	p := b.newPage(b.s, id, KindThanks, "thanks", "/"+id+"/")
	pu := purposeOf(kind, stage)
	p.Title = pu.thanks
	p.Description = pu.thanksText
	p.Noindex = true
	p.Section = kind
	p.Conversion = template.HTML(b.cfg.Forms.Conversion) // the site owner's own snippet, from journey.toml only
	b.thanksPages[id] = p
	return p
}

// finishThanks gives each thank-you page its next steps and the copy of
// its file in content/thanks/, once the forms and the home page are made,
// and warns of files that no thank-you page takes.
func (b *builder) finishThanks() {
	for _, p := range b.thanksPages {
		var about *Product
		products := map[*Product]bool{}
		for _, product := range b.thanksFrom[p] {
			products[product] = true
			about = product
		}
		if len(products) != 1 {
			about = nil
		}
		p.Next = b.nextSteps(p.Section, about)
	}
	for _, d := range b.set.Thanks {
		p := b.thanksPages[path.Join("thanks", d.Slug)]
		if p == nil {
			var known []string
			for _, q := range b.thanksPages {
				known = append(known, q.RelURL)
			}
			slices.Sort(known)
			b.problems.Add(diag.Warnf(diag.Pos{File: d.Path, Line: 1}, "no form leads to /thanks/%s/, so this copy shows nowhere; the thank-you pages are %s", d.Slug, strings.Join(known, ", ")))
			continue
		}
		p.Source = d.Path
		p.Lastmod = d.ModTime
		p.Title = firstNonEmpty(d.Title, p.Title)
		p.Description = firstNonEmpty(d.Description, p.Description)
		if d.CTA != "" {
			p.Next[0].Text = d.CTA
		}
		if d.CTAURL != "" {
			p.Next[0].URL = b.s.URL(d.CTAURL)
		}
		b.bySource[d.Path] = p
	}
}

// nextSteps returns the buttons of a thank-you page of forms of kind,
// about one product or none: a review's page asks to tell a friend, a
// lead's leads to the product; both lead home.
func (b *builder) nextSteps(kind string, about *Product) []Action {
	var steps []Action
	switch {
	case kind == "review":
		steps = append(steps, b.tellAFriend(about))
	case about != nil:
		steps = append(steps, Action{Text: "Discover " + about.DisplayName(), URL: about.Page.URL})
	}
	return append(steps, Action{Text: "Back to the home page", URL: b.s.BasePath})
}

// tellAFriend returns a mailto: link that shares the product's page, or
// the home page, with a referral's UTM parameters.
func (b *builder) tellAFriend(about *Product) Action {
	name, link := b.cfg.Brand.Name, b.s.Origin+b.s.BasePath
	if about != nil {
		name, link = about.DisplayName(), about.Page.Permalink
	}
	link += "?utm_source=referral&utm_medium=email"
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return Action{Text: "Tell a friend", URL: "mailto:?subject=" + esc("Have a look at "+name) + "&body=" + esc("I think you’d like "+name+":\n\n"+link)}
}
