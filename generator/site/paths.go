package site

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/diag"
)

// The files a build writes besides its pages: at the root of the campaign
// site (the sitemap, robots.txt), at the root of a workspace with a folder
// of its own (robots.txt, _headers), and one per journey in the journey's
// folder.
const (
	SitemapFile = "sitemap.xml"
	RobotsFile  = "robots.txt"
	HeadersFile = "_headers"
	JourneyJSON = "journey.json"
	JourneyCSV  = "journey.csv"
	CurveSVG    = "curve.svg"
)

// maxSegment is the longest file or folder name, in bytes, that common
// file systems allow.
const maxSegment = 255

// JourneyFiles are the files written beside each journey map's page: its
// data, its spreadsheet and its standalone emotion curve. No browser
// shows them as a page.
var JourneyFiles = []string{JourneyJSON, JourneyCSV, CurveSVG}

// JSONFile returns the output path of the journey's journey.json.
func (j *Journey) JSONFile() string { return j.file(JourneyJSON) }

// CSVFile returns the output path of the journey's journey.csv.
func (j *Journey) CSVFile() string { return j.file(JourneyCSV) }

// CurveFile returns the output path of the journey's standalone emotion
// curve, curve.svg.
func (j *Journey) CurveFile() string { return j.file(CurveSVG) }

// Files returns the output paths of the journey's JourneyFiles.
func (j *Journey) Files() []string {
	out := make([]string, len(JourneyFiles))
	for i, name := range JourneyFiles {
		out[i] = j.file(name)
	}
	return out
}

func (j *Journey) file(name string) string {
	return strings.TrimSuffix(j.Page.OutPath, "index.html") + name
}

// output is a file the build writes.
type output struct {
	// folder is the folder the file is written to, path its path there.
	folder Audience
	path   string
	// page is the page the file is written for; nil for the sitemap and
	// robots.txt.
	page *Page
	what string // the file, for messages
}

// outputs lists every file the build writes, pages first.
func (b *builder) outputs() []output {
	var out []output
	for _, p := range b.s.Pages {
		out = append(out, output{p.Site.Folder(), p.OutPath, p, describe(p)})
	}
	for _, j := range b.s.Journeys {
		for i, f := range j.Files() {
			out = append(out, output{j.Page.Site.Folder(), f, j.Page, "the " + JourneyFiles[i] + " of " + describe(j.Page)})
		}
	}
	out = append(out, output{Campaign, SitemapFile, nil, "the sitemap"}, output{Campaign, RobotsFile, nil, RobotsFile})
	if b.team.Apart() {
		out = append(out, output{Team, RobotsFile, nil, "the workspace's " + RobotsFile}, output{Team, HeadersFile, nil, "the workspace's " + HeadersFile})
	}
	return out
}

// checkPaths reports what would fail once files are written into each
// folder: two pages on one output path, a page that needs a folder where
// another file goes, and a URL segment too long to be a file name. Paths
// are compared without case, as case-insensitive hosts and file systems
// do.
func (b *builder) checkPaths() {
	seen := map[string]*Page{}
	for _, p := range b.s.Pages {
		key := string(p.Site.Folder()) + ":" + strings.ToLower(p.OutPath)
		if first, dup := seen[key]; dup {
			// Blame the page that has a file the author can change.
			blamed, other := p, first
			if b.fileOf(p) == nil && b.fileOf(first) != nil {
				blamed, other = first, p
			}
			b.problems.Add(diag.Errorf(b.posOf(blamed), "%s is also written by %s: two pages on one output path; rename one file or set a different slug", blamed.RelURL, describe(other)))
			continue
		}
		seen[key] = p
		for _, seg := range strings.Split(p.OutPath, "/") {
			if len(seg) > maxSegment {
				b.problems.Add(diag.Errorf(b.posOf(p), "%s has a segment of %d bytes; a file name may have at most %d: choose a shorter slug or file name", p.RelURL, len(seg), maxSegment))
			}
		}
	}
	outs := b.outputs()
	files := make(map[string]output, len(outs))
	for _, o := range outs {
		files[string(o.folder)+":"+strings.ToLower(o.path)] = o
	}
	for _, o := range outs {
		for dir := path.Dir(o.path); dir != "."; dir = path.Dir(dir) {
			if f, ok := files[string(o.folder)+":"+strings.ToLower(dir)]; ok && o.page != nil {
				b.problems.Add(diag.Errorf(b.posOf(o.page), "%s needs a folder %s, where the build writes %s: choose another slug, file name or alias", subject(o.page), dir, f.what))
			}
		}
	}
}

// subject names p in a message about its URL.
func subject(p *Page) string {
	if p.Kind == KindAlias {
		return "alias " + p.RelURL
	}
	return p.RelURL
}

func describe(p *Page) string {
	if p.Source != "" {
		return p.Source
	}
	return "the " + string(p.Kind) + " page " + p.URL
}

// posOf returns where the author sets p's URL: the slug key (or the first
// line) of its file, the aliases of an alias's page, a variant's name; the
// config for pages the site makes on its own.
func (b *builder) posOf(p *Page) diag.Pos {
	switch {
	case p.Target != nil && b.fileOf(p.Target) != nil:
		return b.fileOf(p.Target).Pos("aliases")
	case p.Variant != nil:
		l := p.Variant.Landing
		return l.Landing.Pos(fmt.Sprintf("variants[%d].name", slices.Index(l.Variants, p.Variant)))
	case p.Landing != nil:
		// A generated landing page's file is its product's.
		return p.Landing.Landing.Pos("slug")
	}
	if f := b.fileOf(p); f != nil {
		return f.Pos("slug")
	}
	return b.cfg.Pos("")
}
