package site

import (
	"context"
	"html/template"
	"runtime"
	"sync"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
)

// convert renders every Markdown body, several at a time, into its page;
// a page without a description takes its first paragraph.
func (b *builder) convert(ctx context.Context, conv *markdown.Converter) {
	type task struct {
		file *content.File
		page *Page
	}
	var tasks []task
	add := func(f *content.File, p *Page) {
		switch {
		case f.Deferred && b.opts.Bodies != nil:
			p.lazy = b.lazy(conv, f)
		case len(f.Body) > 0:
			tasks = append(tasks, task{f, p})
		}
	}
	if h := b.set.Home; h != nil {
		add(&h.File, b.s.Home)
	}
	for _, p := range b.s.Pages {
		if p.Kind == KindPage {
			add(&p.Doc.File, p)
		}
	}
	for _, x := range b.s.Personas {
		add(&x.Persona.File, x.Page)
	}
	for _, x := range b.s.Products {
		add(&x.Product.File, x.Page)
	}
	for _, x := range b.s.Journeys {
		add(&x.Journey.File, x.Page)
	}
	for _, x := range b.s.Landings {
		add(&x.Landing.File, x.Page)
	}
	for _, d := range b.set.Thanks {
		if p := b.bySource[d.Path]; p != nil {
			add(&d.File, p)
		}
	}
	results := make([]markdown.Result, len(tasks))
	problems := make([]diag.List, len(tasks))
	fresh := make([]bool, len(tasks))
	// What the cache holds is taken here, cheaply; the rest is converted
	// by one worker per core.
	b.s.links = &links{bySource: b.bySource, broken: b.set.Broken, basePath: b.s.BasePath}
	var todo []int
	for i, t := range tasks {
		if e, ok := b.opts.Cache.get(b.s.links, t.file); ok {
			results[i], problems[i] = e.result, e.problems
			continue
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], problems[i] = b.s.links.convert(conv, b.opts.Cache, tasks[i].file)
				fresh[i] = true
			}
		}()
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i, t := range tasks {
		if fresh[i] {
			// A variant shows its landing page's body.
			b.s.Converted = append(b.s.Converted, t.page)
			if t.page.Kind == KindLanding {
				for _, v := range t.page.Landing.Variants {
					b.s.Converted = append(b.s.Converted, v.Page)
				}
			}
		}
		t.page.Content = results[i].HTML
		t.page.Description = firstNonEmpty(t.page.Description, results[i].Summary)
		b.problems = append(b.problems, problems[i]...)
	}
	for _, l := range b.s.Landings {
		l.syncVariants()
	}
	if err := ctx.Err(); err != nil {
		b.problems.Add(&diag.Error{Msg: "convert markdown: " + err.Error(), Err: err})
	}
}

// lazy returns the conversion of f's Markdown, for when its page renders.
func (b *builder) lazy(conv *markdown.Converter, f *content.File) func() (template.HTML, diag.List) {
	return func() (template.HTML, diag.List) {
		body, err := f.ReadBody(b.opts.Bodies)
		if err != nil {
			return "", diag.List{{Pos: diag.Pos{File: f.Path}, Msg: err.Error(), Err: err}}
		}
		res, problems := conv.Convert(f.Path, f.BodyLine, body, &resolver{links: b.s.links, from: f.Path})
		return res.HTML, problems
	}
}
