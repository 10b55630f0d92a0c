package site

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/diag"
)

// Measured is what was counted of one or more landing pages over the
// period of the site's metrics.
type Measured struct {
	Views, Visitors, Leads, Reviews int64
}

// Actions are the leads and reviews: what a landing page asks for.
func (m Measured) Actions() int64 { return m.Leads + m.Reviews }

// trials are the conversions and the visits they are counted from: the
// visitors, or the views when no visitors were counted; never fewer than
// the conversions.
func (m Measured) trials() (successes, trials int64) {
	n := m.Visitors
	if n == 0 {
		n = m.Views
	}
	return m.Actions(), max(n, m.Actions())
}

// Conversion is the leads and reviews per visitor (per view when no
// visitors were counted); 0 when there were none.
func (m Measured) Conversion() float64 {
	s, n := m.trials()
	if n == 0 {
		return 0
	}
	return float64(s) / float64(n)
}

// HasVisits reports whether a conversion can be told: someone came.
func (m Measured) HasVisits() bool {
	_, n := m.trials()
	return n > 0
}

func (m *Measured) add(o Measured) {
	m.Views += o.Views
	m.Visitors += o.Visitors
	m.Leads += o.Leads
	m.Reviews += o.Reviews
}

// Period is the days the metrics cover, both included.
type Period struct {
	From, To time.Time
}

// String says the period for people: "2 – 30 Nov 2026".
func (p Period) String() string {
	switch {
	case p.From.IsZero() && p.To.IsZero():
		return "period not stated"
	case p.From.IsZero():
		return "until " + p.To.Format("2 Jan 2006")
	case p.To.IsZero():
		return "from " + p.From.Format("2 Jan 2006")
	case p.From.Equal(p.To):
		return p.From.Format("2 Jan 2006")
	case p.From.Year() != p.To.Year():
		return p.From.Format("2 Jan 2006") + " – " + p.To.Format("2 Jan 2006")
	case p.From.Month() != p.To.Month():
		return p.From.Format("2 Jan") + " – " + p.To.Format("2 Jan 2006")
	}
	return p.From.Format("2") + " – " + p.To.Format("2 Jan 2006")
}

func (p *Period) widen(t time.Time) {
	if t.IsZero() {
		return
	}
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if p.From.IsZero() || t.Before(p.From) {
		p.From = t
	}
	if p.To.IsZero() || t.After(p.To) {
		p.To = t
	}
}

// Metrics are the measured numbers of the site, from content/metrics/.
type Metrics struct {
	Period Period
	// Tools name what measured them, as the files say, in file order.
	Tools []string
	// Pages hold each landing page, then each of its variants, in the
	// order of the site's landing pages; only pages with numbers.
	Pages []*PageMetrics
}

// MinVisitors is the visitors each side of a comparison needs, for
// layouts to say.
func (m *Metrics) MinVisitors() int { return MinVisitors }

// MinActions is the leads both sides of a comparison need together.
func (m *Metrics) MinActions() int { return MinActions }

// PageMetrics are the numbers of one landing page or variant.
type PageMetrics struct {
	Landing *Landing
	// Variant is nil for the landing page itself, the control.
	Variant *Variant
	Measured
	// Chance compares a variant with its control; zero on the control.
	Chance Chance
}

// Name is the variant's name, "control" for the page itself.
func (p *PageMetrics) Name() string {
	if p.Variant == nil {
		return "control"
	}
	return p.Variant.Name
}

// StageMeasured is what the landing pages of one stage measured, for a
// journey's funnel.
type StageMeasured struct {
	Stage *Stage
	// Pages counts the landing pages whose numbers are summed.
	Pages int
	Measured
}

// addMetrics sums the rows of content/metrics/ into the landing pages,
// their variants, the stages and the journeys. A row that names no page
// of the site (a page since removed) is left out, with one warning per
// file.
func (b *builder) addMetrics() {
	if len(b.set.Metrics) == 0 {
		return
	}
	type target struct {
		l *Landing
		v *Variant
	}
	byURL := map[string]target{}
	for _, l := range b.s.Landings {
		byURL[l.Page.URL] = target{l: l}
		for _, v := range l.Variants {
			byURL[v.Page.URL] = target{l: l, v: v}
		}
	}
	sums := map[target]*Measured{}
	m := &Metrics{}
	for _, f := range b.set.Metrics {
		if f.Tool != "" {
			m.Tools = append(m.Tools, f.Tool)
		}
		m.Period.widen(f.From.Time)
		m.Period.widen(f.To.Time)
		var unmatched []string
		for _, r := range f.Rows {
			t, ok := byURL[pagePath(r.Page)]
			if ok && r.Variant != "" {
				ok = t.v == nil || t.v.Name == r.Variant
				if t.v == nil {
					t.v = variantNamed(t.l, r.Variant)
					ok = t.v != nil
				}
			}
			if !ok {
				if len(unmatched) < 3 {
					unmatched = append(unmatched, fmt.Sprintf("%q", r.Page+variantSuffix(r.Variant)))
				} else if len(unmatched) == 3 {
					unmatched = append(unmatched, "…")
				}
				continue
			}
			m.Period.widen(r.Day.Time)
			s := sums[t]
			if s == nil {
				s = &Measured{}
				sums[t] = s
			}
			s.add(Measured{Views: r.Views, Visitors: r.Visitors, Leads: r.Leads, Reviews: r.Reviews})
		}
		if unmatched != nil {
			b.problems.Add(diag.Warnf(diag.Pos{File: f.Path}, "rows name pages that are no landing page of the site, left out: %s", strings.Join(unmatched, ", ")))
		}
	}
	for _, l := range b.s.Landings {
		control, ok := sums[target{l: l}]
		if ok {
			m.Pages = append(m.Pages, &PageMetrics{Landing: l, Measured: *control})
			l.Measured = control
		}
		for _, v := range l.Variants {
			s, ok := sums[target{l: l, v: v}]
			if !ok {
				continue
			}
			pm := &PageMetrics{Landing: l, Variant: v, Measured: *s}
			if control != nil {
				pm.Chance = ChanceToBeat(*control, *s)
			}
			v.Measured = s
			m.Pages = append(m.Pages, pm)
		}
	}
	b.s.Metrics = m
	for _, pm := range m.Pages {
		st := pm.Landing.Stage
		if st.Measured == nil {
			st.Measured = &Measured{}
		}
		st.Measured.add(pm.Measured)
	}
	for _, j := range b.s.Journeys {
		j.Measured = b.journeyMeasured(j, m)
	}
}

// journeyMeasured sums, per stage, the numbers of the landing pages that
// speak to the journey: of its product, when it names one, and of its
// persona or of no persona in particular. Stages without such a page
// with numbers are left out.
func (b *builder) journeyMeasured(j *Journey, m *Metrics) []StageMeasured {
	var out []StageMeasured
	for _, st := range b.s.Stages {
		sm := StageMeasured{Stage: st}
		seen := map[*Landing]bool{}
		for _, pm := range m.Pages {
			l := pm.Landing
			if l.Stage != st || (j.Product != nil && l.Product != j.Product) || (l.Persona != nil && l.Persona != j.Persona) {
				continue
			}
			if !seen[l] {
				seen[l] = true
				sm.Pages++
			}
			sm.add(pm.Measured)
		}
		if sm.Pages > 0 {
			out = append(out, sm)
		}
	}
	return out
}

// pagePath makes a path as analytics tools write it match a page's URL:
// a trailing slash added to a path without a file extension, a query or
// fragment dropped.
func pagePath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		p += "/"
	}
	return p
}

func variantNamed(l *Landing, name string) *Variant {
	for _, v := range l.Variants {
		if v.Name == name {
			return v
		}
	}
	return nil
}

func variantSuffix(v string) string {
	if v == "" {
		return ""
	}
	return " (variant " + v + ")"
}

// Beacon is what a landing page's view beacon sends, and where.
type Beacon struct {
	// URL is the collector's views endpoint.
	URL string
	// Page is the landing page's URL, Variant the variant's name ("" on
	// the page itself): the collector counts a variant's views under
	// its landing page, as it does its leads.
	Page, Variant string
}

// beacon returns the view beacon of a landing page or variant of the
// campaign site, or nil when the site counts no views (config.ViewsURL).
func (p *Page) beacon() *Beacon {
	u := p.Site.Config.ViewsURL()
	if u == "" || p.Site.Audience != Campaign {
		return nil
	}
	switch {
	case p.Kind == KindLanding && p.Landing != nil:
		return &Beacon{URL: u, Page: p.URL}
	case p.Kind == KindVariant && p.Variant != nil:
		return &Beacon{URL: u, Page: p.Variant.Landing.Page.URL, Variant: p.Variant.Name}
	}
	return nil
}
