// Package render runs the theme's templates over the site model and writes
// every page, the sitemap and robots.txt into a Sink. It does not know where
// the bytes go: publishing (minifying, writing to disk) is the Sink's job.
//
// It imports diag, site and theme.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/sheet"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/theme"
)

// Sink receives rendered files. Write may be called from several goroutines
// at once. path is slash-separated and relative to the output root.
type Sink interface {
	Write(ctx context.Context, path string, data []byte) error
}

// Sinks receive each output's files: Campaign the campaign site's, Team the
// workspace's. When the workspace goes inside the campaign site both are
// the same sink, and the workspace's paths start with its prefix. Team is
// nil when the workspace is not written.
type Sinks struct {
	Campaign, Team Sink
}

// For returns the sink of the output out, nil when it is not written.
func (ss Sinks) For(out *site.Site) Sink {
	if out.Audience == site.Team {
		return ss.Team
	}
	return ss.Campaign
}

// Site renders every page of s, each journey's journey.json, journey.csv
// and curve.svg, and each output's extras (sitemap.xml, robots.txt,
// _headers) into sinks. With deps, it returns what each page read (see
// Pages).
func Site(ctx context.Context, th *theme.Theme, s *site.Site, sinks Sinks, deps *site.Deps) (Reads, error) {
	reads, err := Pages(ctx, th, s.Pages, sinks, deps)
	if err != nil {
		return nil, err
	}
	return reads, Extras(ctx, s, s.Journeys, sinks)
}

// Reads are what each page rendered read, as its layout ran.
type Reads map[*site.Page]*site.PageReads

// Extras writes the journey.json, journey.csv and curve.svg of journeys,
// then each output's files that follow every page: the campaign site's
// sitemap.xml and robots.txt, and, for a workspace with a folder of its
// own, a robots.txt and a _headers file that keep it out of search
// engines.
func Extras(ctx context.Context, s *site.Site, journeys []*site.Journey, sinks Sinks) error {
	if team := sinks.For(s.Workspace); team != nil {
		for _, j := range journeys {
			b, err := JourneyJSON(j)
			if err != nil {
				return fmt.Errorf("encode %s: %w", j.JSONFile(), err)
			}
			if err := team.Write(ctx, j.JSONFile(), b); err != nil {
				return fmt.Errorf("write %s: %w", j.JSONFile(), err)
			}
			b, err = sheet.Write(j)
			if err != nil {
				return fmt.Errorf("encode %s: %w", j.CSVFile(), err)
			}
			if err := team.Write(ctx, j.CSVFile(), b); err != nil {
				return fmt.Errorf("write %s: %w", j.CSVFile(), err)
			}
			if err := team.Write(ctx, j.CurveFile(), CurveSVG(j)); err != nil {
				return fmt.Errorf("write %s: %w", j.CurveFile(), err)
			}
		}
	}
	files := []extra{
		{sinks.Campaign, site.SitemapFile, Sitemap(s.Campaign)},
		{sinks.Campaign, site.RobotsFile, Robots(s.Campaign)},
	}
	if s.Workspace.Apart() && sinks.Team != nil {
		files = append(files,
			extra{sinks.Team, site.RobotsFile, Robots(s.Workspace)},
			extra{sinks.Team, site.HeadersFile, Headers()})
	}
	for _, f := range files {
		if err := f.sink.Write(ctx, f.name, f.data); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	return nil
}

// extra is a file of an output that is not a page.
type extra struct {
	sink Sink
	name string
	data []byte
}

// Pages renders pages into their outputs' sinks with one worker per CPU,
// skipping the pages of an output that is not written. A template error is
// reported once per template position, naming the first page it broke and
// how many others; any other error (from a sink) stops the run. With deps
// (and a theme loaded to trace), it returns what each page's layout read.
func Pages(ctx context.Context, th *theme.Theme, pages []*site.Page, sinks Sinks, deps *site.Deps) (Reads, error) {
	var (
		mu       sync.Mutex
		problems = map[string]*pageProblem{}
		fatal    error
		reads    Reads
	)
	if deps != nil {
		reads = make(Reads, len(pages))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan *site.Page)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range next {
				buf.Reset()
				var rec *site.PageReads
				if deps != nil {
					rec = deps.Reads()
				}
				err := Page(&buf, th, p, rec)
				if rec != nil {
					mu.Lock()
					reads[p] = rec
					mu.Unlock()
				}
				p.Rendered()
				if err == nil {
					err = sinks.For(p.Site).Write(ctx, p.OutPath, buf.Bytes())
					if err != nil {
						mu.Lock()
						if fatal == nil {
							fatal = fmt.Errorf("write %s: %w", p.OutPath, err)
						}
						mu.Unlock()
						cancel()
					}
					continue
				}
				mu.Lock()
				key := err.Error()
				if pp, ok := problems[key]; ok {
					pp.more++
				} else {
					problems[key] = &pageProblem{err: err, page: p}
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range pages {
		if ctx.Err() != nil {
			break
		}
		if sinks.For(p.Site) != nil {
			next <- p
		}
	}
	close(next)
	wg.Wait()
	if fatal != nil {
		return nil, fatal
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var list diag.List
	for _, pp := range problems {
		list.Add(pp.diag())
	}
	return reads, list.Err()
}

type pageProblem struct {
	err  error
	page *site.Page
	more int
}

func (pp *pageProblem) diag() *diag.Error {
	var d *diag.Error
	if !errors.As(pp.err, &d) {
		d = &diag.Error{Msg: pp.err.Error(), Err: pp.err}
	}
	where := pp.page.RelURL
	if pp.more > 0 {
		where += fmt.Sprintf(" and %d more pages", pp.more)
	}
	out := *d
	out.Msg = fmt.Sprintf("%s (rendering %s)", d.Msg, where)
	return &out
}

// Page renders one page with its layout into buf, telling rec, when not
// nil, what the layout reads.
func Page(buf *bytes.Buffer, th *theme.Theme, p *site.Page, rec *site.PageReads) error {
	layout, ok := th.Lookup(Layouts(p.Layout)...)
	if !ok {
		return fmt.Errorf("the theme has no layout for %s pages (looked for %s)", p.Kind, strings.Join(Layouts(p.Layout), ", "))
	}
	if err := p.Prepare(); err != nil {
		return err
	}
	if rec == nil {
		return th.Execute(buf, layout, p, nil)
	}
	return th.Execute(buf, layout, p, rec)
}

// Layouts lists the layouts a page of layout may use, most specific
// first: a landing page of the decision stage looks for landing/decision,
// then landing.
func Layouts(layout string) []string {
	names := []string{layout}
	if i := strings.IndexByte(layout, '/'); i > 0 {
		names = append(names, layout[:i])
	}
	return names
}
