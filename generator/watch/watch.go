// Package watch turns file-system events under a site's folder into
// batches of changes: one batch per burst of events (an editor's atomic
// save, a git checkout), with editors' temporary and backup files, hidden
// files and .git/ left out, and folders created after the start watched
// too.
//
// It imports fsnotify and sitefs.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/journey-ssg/journey/generator/sitefs"
)

// Batch is one burst of changes.
type Batch struct {
	// Paths are the changed files and folders, slash-separated from the
	// site's folder, sorted, each once.
	Paths []string
}

// Kind is what a changed path is to a site.
type Kind int

// The kinds.
const (
	Other Kind = iota
	Config
	Content
	Static
	Layout
	CSS
)

// Classify says what a path from the site's folder is.
func Classify(p string) Kind {
	switch {
	case p == "journey.toml":
		return Config
	case p == "content" || strings.HasPrefix(p, "content/"):
		return Content
	case p == "static" || strings.HasPrefix(p, "static/"):
		return Static
	case p == "layouts" || strings.HasPrefix(p, "layouts/"):
		return Layout
	case p == "assets":
		return Layout
	case strings.HasPrefix(p, "assets/"):
		return asset(p)
	case strings.HasPrefix(p, "themes/"):
		parts := strings.SplitN(p, "/", 4)
		if len(parts) < 3 {
			return Layout // a theme folder itself
		}
		switch parts[2] {
		case "static":
			return Static
		case "assets":
			return asset(p)
		}
		return Layout
	}
	return Other
}

// asset classifies a theme asset: stylesheets can be swapped in a browser,
// anything else (scripts, icons) is inlined by templates.
func asset(p string) Kind {
	if path.Ext(p) == ".css" {
		return CSS
	}
	return Layout
}

// Ignored reports whether a path's changes do not matter because the build
// never reads it, by the rules the build reads with (sitefs holds them):
// below a static/ folder, a file static/ does not publish; anywhere else, a
// path with a hidden name (.git, .DS_Store, .journey) or an editor's
// temporary or backup file in it.
func Ignored(p string) bool {
	if Classify(p) == Static {
		return !sitefs.Published(p)
	}
	return sitefs.IgnoredPath(p)
}

// Collect reduces raw paths to a batch: ignored and unrelated paths are
// dropped, the rest sorted and deduplicated.
func Collect(paths []string) Batch {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		if p == "" || seen[p] || Ignored(p) || Classify(p) == Other {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	sort.Strings(out)
	return Batch{Paths: out}
}

// Watcher watches a site's folder.
type Watcher struct {
	root string
	fsw  *fsnotify.Watcher
	// Quiet is how long the folder must be still before a batch is sent.
	Quiet time.Duration
	// Max bounds how long a batch waits under a steady stream of events.
	Max time.Duration
}

// New watches the site at root: its journey.toml and the folders content,
// static, layouts, assets and themes, with their subfolders.
func New(root string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, fsw: fsw, Quiet: 5 * time.Millisecond, Max: 250 * time.Millisecond}
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, dir := range []string{"content", "static", "layouts", "assets", "themes"} {
		if _, err := w.addTree(filepath.Join(root, dir)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and every folder below it, and returns the files it
// found: in a folder that appears while we watch, files may already be
// there before the watch is added.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel := w.rel(p)
		if Ignored(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fsw.Add(p)
		}
		files = append(files, rel)
		return nil
	})
	return files, err
}

func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(r)
}

// Close stops a watcher that will not Run.
func (w *Watcher) Close() error { return w.fsw.Close() }

// Run sends a Batch on out for every burst of relevant changes until ctx is
// done, then closes the watcher. Errors of the watcher end the run.
func (w *Watcher) Run(ctx context.Context, out chan<- Batch) error {
	defer w.fsw.Close()
	var pending []string
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	max := time.NewTimer(time.Hour)
	max.Stop()
	defer quiet.Stop()
	defer max.Stop()
	flush := func() {
		quiet.Stop()
		max.Stop()
		b := Collect(pending)
		pending = pending[:0]
		if len(b.Paths) == 0 {
			return
		}
		select {
		case out <- b:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			return err
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			rel := w.rel(ev.Name)
			if rel == "" || rel == "." || Ignored(rel) {
				continue
			}
			if len(pending) == 0 {
				max.Reset(w.Max)
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && Classify(rel) != Other {
					files, err := w.addTree(ev.Name)
					if err != nil {
						return err
					}
					pending = append(pending, files...)
				}
			}
			pending = append(pending, rel)
			quiet.Reset(w.Quiet)
		case <-quiet.C:
			flush()
		case <-max.C:
			flush()
		}
	}
}
