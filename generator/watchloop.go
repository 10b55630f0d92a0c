package generator

import (
	"context"
	"path"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/picture"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/watch"
)

// changesOf turns a batch of changed paths into what a session rebuilds.
func changesOf(b watch.Batch) Changes {
	var ch Changes
	for _, p := range b.Paths {
		switch watch.Classify(p) {
		case watch.Config:
			ch.Config = true
		case watch.Layout:
			ch.Templates = true
		case watch.CSS:
			ch.CSS = true
		case watch.Content:
			ch.Content = append(ch.Content, p)
		case watch.Static:
			ch.Static = append(ch.Static, p)
		}
	}
	return ch
}

// rebuildLoop rebuilds ss after every burst of changes w sees, calling
// report with each result, until ctx is done. The caller creates w before
// the first build, so that no change is missed.
func rebuildLoop(ctx context.Context, ss *Session, w *watch.Watcher, report func(paths []string, res *Result, err error)) error {
	batches := make(chan watch.Batch)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, batches) }()
	for {
		if ss.Later() > 0 {
			// Pages a rebuild left for later render while nothing else
			// waits.
			select {
			case err := <-done:
				return err
			case b := <-batches:
				res, err := ss.Rebuild(ctx, changesOf(b))
				report(b.Paths, res, err)
			default:
				if ctx.Err() != nil {
					return <-done
				}
				if res, err := ss.Idle(ctx); res != nil || err != nil {
					report(nil, res, err)
				}
			}
			continue
		}
		select {
		case err := <-done:
			return err
		case b := <-batches:
			res, err := ss.Rebuild(ctx, changesOf(b))
			report(b.Paths, res, err)
		}
	}
}

// pagesOf turns changed output files into the URL paths browsers show;
// any other changed file (an image, a stylesheet) means every page, but
// for sharing cards, which no page shows.
func pagesOf(basePath string, files []string) []string {
	var out []string
	for _, f := range files {
		switch {
		case f == "index.html" || strings.HasSuffix(f, "/index.html"):
			out = append(out, basePath+strings.TrimSuffix(f, "index.html"))
		case strings.HasSuffix(f, ".html"):
			out = append(out, basePath+f)
		case f == site.SitemapFile || f == site.RobotsFile || slices.Contains(site.JourneyFiles, path.Base(f)), picture.IsCard(f):
		default:
			return []string{"*"}
		}
	}
	return out
}
