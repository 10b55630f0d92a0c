package generator_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/markdown"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/render"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/theme"
)

// BenchmarkStages times each stage of the pipeline on a synthetic site,
// so that a regression shows where it is: load (read and parse content),
// model (the site model with Markdown), render (templates, minified when
// they load) and write. Sizes as BenchmarkBuild.
func BenchmarkStages(b *testing.B) {
	for _, n := range sizes() {
		src := synthSite(b, n)
		fsys := os.DirFS(src)
		cfg, _, err := config.Load(fsys, config.FileName)
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.Run("load/"+strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, problems := content.NewLoader(fsys, "content").Load(ctx); problems.Err() != nil {
					b.Fatal(problems.Err())
				}
			}
		})
		set, _ := content.NewLoader(fsys, "content").Load(ctx)
		conv := markdown.New(markdown.Options{})
		b.Run("model/"+strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, problems := site.Build(ctx, cfg, set, conv, site.Options{}); problems.Err() != nil {
					b.Fatal(problems.Err())
				}
			}
		})
		s, _ := site.Build(ctx, cfg, set, conv, site.Options{})
		min := publish.NewMinifier()
		th, err := theme.Load(theme.Overlay{{FS: journey.DefaultTheme()}}, theme.Options{Funcs: render.Funcs(), Minify: min.Minify, MinifyLayout: min.Layout})
		if err != nil {
			b.Fatal(err)
		}
		// The pages as rendered, which write takes, whichever of the
		// benchmarks run.
		var pages [][]byte
		for _, p := range s.Pages {
			var buf bytes.Buffer
			if err := render.Page(&buf, th, p, nil); err != nil {
				b.Fatal(err)
			}
			pages = append(pages, buf.Bytes())
		}
		b.Run("render/"+strconv.Itoa(n), func(b *testing.B) {
			var buf bytes.Buffer
			for i := 0; i < b.N; i++ {
				for _, p := range s.Pages {
					buf.Reset()
					if err := render.Page(&buf, th, p, nil); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(s.Pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
		b.Run("write/"+strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				// Each output folder (the campaign site's, the
				// workspace's) is a Dir of its own.
				root := b.TempDir()
				outs := []string{filepath.Join(root, string(site.Campaign)), filepath.Join(root, string(site.Team))}
				lock, err := publish.Acquire(ctx, outs, publish.LockOptions{NoWait: true})
				if err != nil {
					b.Fatal(err)
				}
				dirs := map[site.Audience]*publish.Dir{}
				for j, a := range []site.Audience{site.Campaign, site.Team} {
					if dirs[a], err = lock.OpenDir(outs[j], nil, publish.Full, nil); err != nil {
						b.Fatal(err)
					}
				}
				for j, p := range pages {
					if err := dirs[s.Pages[j].Site.Folder()].Write(ctx, s.Pages[j].OutPath, p); err != nil {
						b.Fatal(err)
					}
				}
				for _, d := range dirs {
					if _, err := d.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				lock.Release()
			}
			b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
