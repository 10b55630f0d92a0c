package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/site"
)

// Sitemap lists every indexable page written into the folder of the output
// s with its absolute URL and last modification date: the campaign site's
// pages, and the workspace's when it goes inside the campaign site. Noindex
// pages, aliases and the 404 page stay out. It
// is written by hand, as encoding/xml would with two-space indents: it is
// on the path of every rebuild, and at 10,000 pages the encoder's
// reflection shows.
func Sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.Grow(64 + 100*len(s.Pages))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	var day [10]byte
	for _, p := range s.Pages {
		if p.Noindex || p.Kind == site.KindAlias || p.Kind == site.KindNotFound || !p.Site.Written() || !p.Site.Shares(s) {
			continue
		}
		b.WriteString("\n  <url>\n    <loc>")
		// Writing into a buffer cannot fail.
		_ = xml.EscapeText(&b, []byte(p.Permalink))
		b.WriteString("</loc>")
		if !p.Lastmod.IsZero() {
			b.WriteString("\n    <lastmod>")
			b.Write(p.Lastmod.UTC().AppendFormat(day[:0], time.DateOnly))
			b.WriteString("</lastmod>")
		}
		b.WriteString("\n  </url>")
	}
	b.WriteString("\n</urlset>\n")
	return b.Bytes()
}

// Robots allows every crawler on the campaign site and points at the
// sitemap, when the site has an absolute baseURL to point with. A workspace
// with a folder of its own disallows everything.
func Robots(s *site.Site) []byte {
	if s.Audience == site.Team {
		return []byte("User-agent: *\nDisallow: /\n")
	}
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.Origin != "" {
		b.WriteString("\nSitemap: " + s.AbsURL("/sitemap.xml") + "\n")
	}
	return []byte(b.String())
}

// Headers is the _headers file of a workspace with a folder of its own:
// hosts that read it (Netlify, Cloudflare Pages) send X-Robots-Tag:
// noindex with every file, images and journey.json included, which the
// pages' robots meta tags cannot cover.
func Headers() []byte {
	return []byte("/*\n  X-Robots-Tag: noindex\n")
}
