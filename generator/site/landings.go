package site

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

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
	l.Page.Chrome = b.cfg.Landing.Chrome
	if c := l.Landing.Chrome; c != "" {
		if slices.Contains(config.Chromes(), c) {
			l.Page.Chrome = c
		} else {
			b.problems.Add(unknownRef(l.Pos("chrome"), "chrome", c, config.Chromes()))
		}
	}
	if l.Page.Chrome == "site" {
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
	v.Page.Chrome = l.Page.Chrome
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

// syncVariants gives l's page its sharing image, its own or else its
// hero, sets the ad addresses and view beacons of l's page and variants,
// and gives the variants what they share with its page.
func (l *Landing) syncVariants() {
	l.Page.Image = firstNonEmpty(l.Landing.Image, l.Landing.Hero)
	l.Page.AdURL, l.Page.Beacon = l.Page.adURL(), l.Page.beacon()
	for _, v := range l.Variants {
		v.Page.lazy = l.Page.lazy
		v.Page.Content = l.Page.Content
		v.Page.Title = l.Page.Title
		v.Page.Description = l.Page.Description
		v.Page.Image = firstNonEmpty(v.Hero, l.Page.Image)
		v.Page.Lastmod = l.Page.Lastmod
		v.Page.AdURL, v.Page.Beacon = v.Page.adURL(), v.Page.beacon()
	}
}
