package content

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/internal/keys"
	"github.com/journey-ssg/journey/generator/sitefs"
)

// sections maps a content sub-folder to the kind of its files.
func sectionKind(dir string) (Kind, string, bool) {
	switch dir {
	case "personas":
		return KindPersona, ".md", true
	case "products":
		return KindProduct, ".md", true
	case "journeys":
		return KindJourney, ".md", true
	case "landing":
		return KindLanding, ".md", true
	case "reviews":
		return KindReview, ".toml", true
	case "metrics":
		return KindMetrics, ".toml", true
	}
	return "", "", false
}

// Loader keeps a site's parsed content between builds, so that a rebuild
// parses only the files that changed. It is not safe for concurrent use.
type Loader struct {
	fsys fs.FS
	dir  string
	// Lean drops the Markdown of documents whose front matter has a
	// description (nothing needs their first paragraph before they are
	// rendered): File.ReadBody reads it again. For one-shot builds of
	// large sites.
	Lean bool
	// files holds each file's documents and problems, by path.
	files map[string]result
	// order is the paths of files, sorted, as the last Set had them.
	order []string
	// known lists the keys each kind of document accepts.
	known map[Kind]func(table []string) []string
}

// NewLoader returns a Loader of the content under dir in fsys.
func NewLoader(fsys fs.FS, dir string) *Loader {
	return &Loader{fsys: fsys, dir: dir, files: map[string]result{}, known: map[Kind]func([]string) []string{}}
}

// lister returns the lister of the keys a kind of document accepts, made
// on first use.
func (l *Loader) lister(k Kind) func(table []string) []string {
	known, ok := l.known[k]
	if !ok {
		known = config.KnownKeys(docType(k))
		l.known[k] = known
	}
	return known
}

// Load reads and parses every content file afresh, several at a time.
// Paths in diagnostics are dir-relative paths joined to dir, as the author
// sees them from the site root. Problems of every file are returned
// together; documents with errors are left out of the Set.
func (l *Loader) Load(ctx context.Context) (*Set, diag.List) {
	l.files = map[string]result{}
	jobs := l.walk(l.dir)
	if err := l.parseAll(ctx, jobs); err != nil {
		return &Set{}, diag.List{{Msg: "load content: " + err.Error(), Err: err}}
	}
	set, list := l.assemble()
	return set, list
}

// Update reparses the files at paths (from the site root, such as
// "content/personas/ana.md"): a file that is gone is dropped, a new folder
// is read whole. Paths outside the content folder are ignored.
func (l *Loader) Update(ctx context.Context, paths []string) (*Set, diag.List) {
	var jobs []job
	for _, p := range paths {
		if p != l.dir && !strings.HasPrefix(p, l.dir+"/") {
			continue
		}
		for known := range l.files {
			if known == p || strings.HasPrefix(known, p+"/") {
				delete(l.files, known)
			}
		}
		info, err := fs.Stat(l.fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed
		}
		if err != nil {
			l.files[p] = result{problems: diag.List{diag.FileError(p, err)}}
			continue
		}
		if info.IsDir() {
			jobs = append(jobs, l.walk(p)...)
			continue
		}
		if hidden(p, l.dir) {
			continue
		}
		j, warn := classify(p, strings.TrimPrefix(p, l.dir+"/"))
		if warn != nil {
			l.files[p] = result{problems: diag.List{warn}}
			continue
		}
		jobs = append(jobs, j)
	}
	if err := l.parseAll(ctx, jobs); err != nil {
		return &Set{}, diag.List{{Msg: "load content: " + err.Error(), Err: err}}
	}
	return l.assemble()
}

// hidden reports whether any segment of p below dir is ignored.
func hidden(p, dir string) bool {
	return sitefs.IgnoredPath(strings.TrimPrefix(p, dir+"/"))
}

// walk lists the content files under root, recording the warnings of files
// that are not content and the problems of files that cannot be read.
func (l *Loader) walk(root string) []job {
	var jobs []job
	// The walk function never fails: problems are kept with the files.
	_ = sitefs.WalkDir(l.fsys, root, sitefs.Ignored, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if !errors.Is(err, fs.ErrNotExist) || p != root {
				l.files[p] = result{problems: diag.List{diag.FileError(p, err)}}
			}
		case d.IsDir():
		default:
			j, warn := classify(p, strings.TrimPrefix(p, l.dir+"/"))
			if warn != nil {
				l.files[p] = result{problems: diag.List{warn}}
				return nil
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	return jobs
}

// parseAll parses jobs with one worker per CPU and keeps the results.
func (l *Loader) parseAll(ctx context.Context, jobs []job) error {
	for i := range jobs {
		jobs[i].known = l.lister(jobs[i].kind)
	}
	results := make([]result, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = parse(l.fsys, jobs[i])
				if l.Lean {
					deferBodies(results[i].docs)
				}
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, j := range jobs {
		l.files[j.path] = results[i]
	}
	return nil
}

// assemble makes the Set of every file's documents, in path order.
func (l *Loader) assemble() (*Set, diag.List) {
	paths := keys.Sorted(l.order, l.files)
	l.order = paths
	set := &Set{Broken: map[string]bool{}}
	var problems diag.List
	for _, p := range paths {
		r := l.files[p]
		problems = append(problems, r.problems...)
		if r.problems.Err() != nil {
			set.Broken[p] = true
		}
		for _, doc := range r.docs {
			set.add(doc)
		}
	}
	problems.Sort()
	return set, problems
}

type job struct {
	path string // from the site root
	slug string
	kind Kind
	// known lists the keys the kind accepts.
	known func(table []string) []string
}

type result struct {
	docs     []any
	problems diag.List
}

func classify(p, rel string) (job, *diag.Error) {
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	ext := path.Ext(name)
	slug := strings.TrimSuffix(name, ext)
	if dir == "" {
		switch {
		case name == "_index.md":
			return job{path: p, slug: "", kind: KindHome}, nil
		case ext == ".md":
			return job{path: p, slug: slug, kind: KindPage}, nil
		}
		return job{}, diag.Warnf(diag.Pos{File: p}, "not a content file (want .md); ignored")
	}
	if dir == "thanks" || path.Dir(dir) == "thanks" {
		if ext != ".md" {
			return job{}, diag.Warnf(diag.Pos{File: p}, "a thanks file must end in .md; ignored")
		}
		return job{path: p, slug: strings.TrimPrefix(strings.TrimSuffix(rel, ext), "thanks/"), kind: KindThanks}, nil
	}
	kind, want, ok := sectionKind(dir)
	if !ok {
		return job{}, diag.Warnf(diag.Pos{File: p}, "not in a content folder (personas, products, journeys, landing, reviews, metrics, thanks); ignored")
	}
	if ext != want {
		return job{}, diag.Warnf(diag.Pos{File: p}, "a %s file must end in %s; ignored", kind, want)
	}
	return job{path: p, slug: slug, kind: kind}, nil
}

// deferBodies drops the bodies of documents that have a description.
func deferBodies(docs []any) {
	for _, d := range docs {
		var f *File
		var c *Common
		switch d := d.(type) {
		case *Landing:
			f, c = &d.File, &d.Common
		case *Product:
			f, c = &d.File, &d.Common
		case *Journey:
			f, c = &d.File, &d.Common
		case *Page:
			f, c = &d.File, &d.Common
		}
		if f != nil && c.Description != "" && len(f.Body) > 0 {
			f.Body, f.Deferred = nil, true
		}
	}
}
