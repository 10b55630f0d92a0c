package site

import "strconv"

// obj is one schema.org object. encoding/json sorts its keys, so the output
// is stable.
type obj = map[string]any

// JSONLD returns the schema.org objects the page carries: Organization and
// WebSite on the home page, BreadcrumbList elsewhere, Product (with its
// offer, rating and reviews) on product pages and on consideration and
// decision landing pages, FAQPage with a product's questions. Each is
// written as its own JSON-LD script; html/template encodes it as JSON and
// escapes anything that could close the script.
func (p *Page) JSONLD() []any {
	s := p.Site
	var out []any
	switch p.Kind {
	case KindHome:
		org := obj{"@context": "https://schema.org", "@type": "Organization", "name": s.Config.Brand.Name, "url": s.AbsURL("/")}
		if s.Config.Brand.Logo != "" {
			org["logo"] = s.AbsURL(s.Config.Brand.Logo)
		}
		if len(s.Config.SEO.SameAs) > 0 {
			org["sameAs"] = s.Config.SEO.SameAs
		}
		web := obj{"@context": "https://schema.org", "@type": "WebSite", "name": s.Config.Title, "url": s.AbsURL("/"), "inLanguage": s.Config.LanguageCode}
		if s.Config.Description != "" {
			web["description"] = s.Config.Description
		}
		return append(out, org, web)
	case KindNotFound, KindAlias:
		return nil
	}
	if p.Noindex {
		// Structured data is for search engines, which leave this page
		// out: a variant, a thank-you page, the workspace.
		return nil
	}
	if len(p.Crumbs) > 0 {
		out = append(out, breadcrumbs(p))
	}
	switch {
	case p.Kind == KindProduct:
		out = append(out, product(p.Product))
		if len(p.Product.FAQ) > 0 {
			out = append(out, faqPage(p.Product))
		}
	case p.Kind == KindLanding && p.Landing.Product != nil && p.Landing.Stage != nil &&
		(p.Landing.Stage.Key == "consideration" || p.Landing.Stage.Key == "decision"):
		out = append(out, product(p.Landing.Product))
	}
	return out
}

// breadcrumbs is the BreadcrumbList of the page's trail. A crumb's URL is
// a page's URL, under the base path already: it gains the origin only, as
// a page's permalink does.
func breadcrumbs(p *Page) obj {
	var items []any
	for i, c := range p.Crumbs {
		items = append(items, obj{"@type": "ListItem", "position": i + 1, "name": c.Name, "item": p.Site.Origin + c.URL})
	}
	items = append(items, obj{"@type": "ListItem", "position": len(p.Crumbs) + 1, "name": p.Title, "item": p.Permalink})
	return obj{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
}

// product is the Product object with its offer, aggregate rating and
// reviews, carrying every property Google requires for each.
func product(pr *Product) obj {
	s := pr.Page.Site
	o := obj{
		"@context": "https://schema.org",
		"@type":    "Product",
		"name":     pr.DisplayName(),
		"url":      pr.Page.Permalink,
		"brand":    obj{"@type": "Brand", "name": s.Config.Brand.Name},
	}
	if d := pr.Page.Description; d != "" {
		o["description"] = d
	}
	if pr.Image != "" {
		o["image"] = s.AbsURL(pr.Image)
	}
	if pr.SKU != "" {
		o["sku"] = pr.SKU
	}
	if pr.Currency != "" && pr.Price > 0 {
		o["offers"] = obj{
			"@type":         "Offer",
			"price":         strconv.FormatFloat(pr.Price, 'f', 2, 64),
			"priceCurrency": pr.Currency,
			"availability":  "https://schema.org/InStock",
			"url":           pr.Page.Permalink,
		}
	}
	if pr.Rating.Count > 0 {
		o["aggregateRating"] = obj{
			"@type":       "AggregateRating",
			"ratingValue": strconv.FormatFloat(pr.Rating.Average, 'f', 1, 64),
			"reviewCount": pr.Rating.Count,
			"bestRating":  5,
			"worstRating": 1,
		}
		var reviews []any
		for _, r := range pr.Reviews {
			rv := obj{
				"@type":        "Review",
				"author":       obj{"@type": "Person", "name": r.Author},
				"reviewRating": obj{"@type": "Rating", "ratingValue": r.Rating, "bestRating": 5, "worstRating": 1},
			}
			if !r.Date.IsZero() {
				rv["datePublished"] = r.Date.Format("2006-01-02")
			}
			if r.Title != "" {
				rv["name"] = r.Title
			}
			if r.Body != "" {
				rv["reviewBody"] = r.Body
			}
			reviews = append(reviews, rv)
		}
		o["review"] = reviews
	}
	return o
}

func faqPage(pr *Product) obj {
	var qs []any
	for _, f := range pr.FAQ {
		qs = append(qs, obj{"@type": "Question", "name": f.Q, "acceptedAnswer": obj{"@type": "Answer", "text": f.A}})
	}
	return obj{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": qs}
}

// OGType is the page's OpenGraph type.
func (p *Page) OGType() string {
	switch p.Kind {
	case KindProduct:
		return "product"
	case KindJourney, KindPersona, KindPage:
		return "article"
	}
	return "website"
}

// ImageURL is the page's sharing image as an absolute URL, or empty.
func (p *Page) ImageURL() string {
	img := p.Image
	if img == "" {
		img = p.Site.Config.SEO.Image
	}
	if img == "" {
		return ""
	}
	return p.Site.AbsURL(img)
}

// TwitterCard is "summary_large_image" when the page has an image, else
// "summary".
func (p *Page) TwitterCard() string {
	if p.ImageURL() != "" {
		return "summary_large_image"
	}
	return "summary"
}
