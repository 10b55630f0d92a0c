package render

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/site"
)

// TestSitemapAsEncodingXML checks the hand-written sitemap against what
// encoding/xml writes for the same pages, URLs that need escaping included.
// The workspace's pages, in a folder of their own, stay out.
func TestSitemapAsEncodingXML(t *testing.T) {
	day := time.Date(2026, 11, 23, 23, 30, 0, 0, time.FixedZone("", -3600))
	m := &site.Model{Config: config.Default()}
	s := &site.Site{Model: m, Audience: site.Campaign}
	team := &site.Site{Model: m, Audience: site.Team}
	m.Pages = []*site.Page{
		{Site: s, Permalink: "https://example.com/", Lastmod: day},
		{Site: s, Permalink: "https://example.com/a?b=1&c=<2>'\"/"},
		{Site: s, Permalink: "https://example.com/noindex/", Noindex: true},
		{Site: s, Permalink: "https://example.com/old/", Kind: site.KindAlias},
		{Site: team, Permalink: "https://team.example.com/journeys/a/", Kind: site.KindJourney},
		{Site: s, Permalink: "https://example.com/caf\u00e9/\t", Lastmod: day},
	}
	type url struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: []url{
		{"https://example.com/", "2026-11-24"},
		{Loc: "https://example.com/a?b=1&c=<2>'\"/"},
		{"https://example.com/caf\u00e9/\t", "2026-11-24"},
	}}
	var want bytes.Buffer
	want.WriteString(xml.Header)
	enc := xml.NewEncoder(&want)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		t.Fatal(err)
	}
	want.WriteByte('\n')
	if got := Sitemap(s); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("got\n%s\nwant\n%s", got, want.Bytes())
	}
}
