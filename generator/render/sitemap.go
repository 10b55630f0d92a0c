package render

import (
	"bytes"
	"encoding/xml"
	"strings"

	"github.com/journey-ssg/journey/generator/site"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// Sitemap lists every indexable page of s with its absolute URL and last
// modification date. Noindex pages, aliases and the 404 page stay out.
func Sitemap(s *site.Site) []byte {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range s.Pages {
		if p.Noindex || p.Kind == site.KindAlias || p.Kind == site.KindNotFound {
			continue
		}
		u := sitemapURL{Loc: p.Permalink}
		if !p.Lastmod.IsZero() {
			u.Lastmod = p.Lastmod.UTC().Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	// Encoding plain structs into a buffer cannot fail.
	_ = enc.Encode(set)
	b.WriteByte('\n')
	return b.Bytes()
}

// Robots allows every crawler and points at the sitemap, when the site has
// an absolute baseURL to point with.
func Robots(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.Origin != "" {
		b.WriteString("\nSitemap: " + s.AbsURL("/sitemap.xml") + "\n")
	}
	return []byte(b.String())
}
