package site

import (
	"fmt"
	"sort"
	"strings"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

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

func (b *builder) addPersonas() {
	for _, cp := range b.set.Personas {
		if b.skip(&cp.Common) {
			continue
		}
		p := &Persona{Persona: cp}
		p.Page = b.newPage(b.team, "persona/"+cp.Slug, KindPersona, "persona", "/personas/"+b.slugOf(&cp.File, &cp.Common)+"/")
		p.Page.Persona = p
		b.personaPage(p)
		p.Page.Crumbs = b.crumbs(b.team, "Personas", "/personas/")
		b.s.Personas = append(b.s.Personas, p)
		b.personas[cp.Slug] = p
	}
}

// personaPage fills p's page from its document.
func (b *builder) personaPage(p *Persona) {
	b.pageFor(p.Page, &p.Persona.File, &p.Persona.Common, p.DisplayName())
	if p.Page.Description == "" {
		p.Page.Description = personaSummary(p)
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

// Source returns the path of the product's content file.
func (p *Product) Source() string { return p.Product.Path }

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
		if j.Persona != nil {
			j.Persona.Journeys = append(j.Persona.Journeys, j)
		}
		if j.Product != nil {
			j.Product.Journeys = append(j.Product.Journeys, j)
		}
		b.pageFor(j.Page, &cj.File, &cj.Common, j.defaultTitle())
		j.Page.Crumbs = b.crumbs(b.team, "Journeys", "/journeys/")
		j.Page.Noindex = j.Page.Noindex || b.cfg.SEO.InternalJourneys
		if len(cj.Steps) == 0 {
			b.problems.Add(diag.Errorf(cj.Pos(""), "journey has no steps: add a [[steps]] table for each step"))
		}
		for i, cs := range cj.Steps {
			j.Steps = append(j.Steps, b.step(j, i, cs))
		}
		b.journeyLanes(j)
		b.s.Journeys = append(b.s.Journeys, j)
	}
	b.resolveCompares()
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
	// Out of range first: a key's position is looked up only for a problem.
	if (cs.Emotion < 1 || cs.Emotion > 5) && keyWritten(f, key+".emotion") {
		b.problems.Add(diag.Errorf(f.Pos(key+".emotion"), "emotion %d is outside 1–5 (1 is very negative, 3 neutral, 5 very positive)", cs.Emotion))
	}
	if cs.Moment != "" && MomentName(cs.Moment) == "" {
		b.problems.Add(unknownRef(f.Pos(key+".moment"), "moment", cs.Moment, Moments()))
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

// defaultTitle is the title of a journey whose document has none.
func (j *Journey) defaultTitle() string {
	if j.Persona != nil {
		return j.Persona.DisplayName() + "’s journey"
	}
	return "Journey"
}
