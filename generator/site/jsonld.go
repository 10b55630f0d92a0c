package site

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
