package site

import (
	"net/url"
	"sort"
)

// Action is a call to action: what a button says and where it leads.
type Action struct {
	Text string
	URL  string
}

// decisionStage is the key of the stage whose landing pages close a sale,
// the ones a product page and the home page lead to.
const decisionStage = "decision"

// Offer returns the landing page a visitor of the product's page is led
// to: its landing page of the decision stage, else its first landing page
// with a lead form in stage order; nil when it has none, and the product
// page carries a form of its own.
func (p *Product) Offer() *Landing {
	return offer(p.Landings)
}

// offer picks the landing page of landings that closes a sale, in the
// order Offer describes. Variants and noindex pages are never picked:
// they are for ads.
func offer(landings []*Landing) *Landing {
	var best *Landing
	rank := func(l *Landing) int {
		switch {
		case l.Stage != nil && l.Stage.Key == decisionStage:
			return 0
		case l.Page.Form != nil && l.Page.Form.Name == "lead":
			return 1
		}
		return 2
	}
	for _, l := range landings {
		if l.Page.Noindex || rank(l) == 2 {
			continue
		}
		if best == nil || rank(l) < rank(best) || rank(l) == rank(best) && byStage(l, best) < 0 {
			best = l
		}
	}
	return best
}

// CallToAction returns the home page's main call to action: cta and
// cta_url from content/_index.md, else the site's landing page that
// closes a sale with its own call to action, else the products.
func (m *Model) CallToAction() Action {
	if h := m.HomeCopy; h != nil && h.CTA != "" && h.CTAURL != "" {
		return Action{Text: h.CTA, URL: m.Campaign.URL(h.CTAURL)}
	}
	if l := offer(m.Landings); l != nil {
		return Action{Text: firstNonEmpty(PlainText(l.Page.Copy.CTA), l.Page.Title), URL: l.Page.URL}
	}
	return Action{Text: "See the products", URL: m.Campaign.URL("/") + "#products-title"}
}

// FeaturedReviews returns up to n reviews for the home page: the newest
// rated 4 or 5, one per product before a second of any.
func (m *Model) FeaturedReviews(n int) []*Review {
	var good []*Review
	for _, r := range m.Reviews {
		if r.Rating >= 4 {
			good = append(good, r)
		}
	}
	sort.SliceStable(good, func(i, j int) bool { return good[i].Date.After(good[j].Date.Time) })
	var out, rest []*Review
	seen := map[*Product]bool{}
	for _, r := range good {
		if seen[r.Product] {
			rest = append(rest, r)
			continue
		}
		seen[r.Product] = true
		out = append(out, r)
	}
	out = append(out, rest...)
	return out[:min(n, len(out))]
}

// adURL returns the AdURL of a landing page or variant.
func (p *Page) adURL() string {
	cfg := p.Site.Config.Team
	q := url.Values{}
	q.Set("utm_source", cfg.AdSource)
	q.Set("utm_medium", cfg.AdMedium)
	q.Set("utm_campaign", firstNonEmpty(p.Landing.Campaign, p.Landing.Slug))
	if p.Variant != nil {
		q.Set("utm_content", p.Variant.Name)
	}
	return p.Permalink + "?" + q.Encode()
}
