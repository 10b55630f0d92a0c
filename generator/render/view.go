package render

import (
	"github.com/journey-ssg/journey/generator/site"
)

// View is what a layout receives as its dot: the page, with the site at
// .Site, and the structured data the page carries.
type View struct {
	*site.Page
	// JSONLD holds the schema.org objects of the page, each written as one
	// <script type="application/ld+json">; html/template encodes them as
	// JSON and escapes anything that could close the script.
	JSONLD []any
	// OGType is the page's OpenGraph type.
	OGType string
	// TwitterCard is "summary_large_image" when the page has an image,
	// else "summary".
	TwitterCard string
	// ImageURL is the page's sharing image as an absolute URL, or empty.
	ImageURL string
}

// NewView prepares the view of p.
func NewView(p *site.Page) *View {
	v := &View{Page: p, JSONLD: jsonLD(p), OGType: "website", TwitterCard: "summary"}
	switch p.Kind {
	case site.KindProduct:
		v.OGType = "product"
	case site.KindJourney, site.KindPersona, site.KindPage:
		v.OGType = "article"
	}
	img := p.Image
	if img == "" {
		img = p.Site.Config.SEO.Image
	}
	if img != "" {
		v.ImageURL = p.Site.AbsURL(img)
		v.TwitterCard = "summary_large_image"
	}
	return v
}
