// Package serve serves a built site over HTTP the way a static host does:
// pretty URLs, the site's 404 page for unknown paths, no directory
// listings and nothing outside the output folder. It also receives the
// forms of the local provider, and refuses what other web pages make a
// browser send it: requests to another host name, posts from another
// origin.
//
// Of journey it imports formwire alone, for where the local provider's
// forms post: the generator wires it to builds.
package serve

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// Files serves the files of one output folder.
type Files struct {
	root *os.Root
	// script, when set, is put into every HTML page served.
	script []byte

	mu sync.Mutex
	// recent are the pages served lately, newest first: those a rebuild
	// renders before the others (Recent).
	recent []string
}

// recentPages is how many pages Recent remembers.
const recentPages = 16

// Recent returns the pages f served lately, newest first, as file names
// in the folder ("personas/ana/index.html"): the pages people have open.
func (f *Files) Recent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.recent)
}

// visited records that the page name was served.
func (f *Files) visited(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := slices.Index(f.recent, name); i >= 0 {
		f.recent = slices.Delete(f.recent, i, i+1)
	}
	f.recent = slices.Insert(f.recent, 0, name)
	if len(f.recent) > recentPages {
		f.recent = f.recent[:recentPages]
	}
}

// InjectReload makes f put the live-reload script, for a site under
// basePath, into every HTML page it serves.
func (f *Files) InjectReload(basePath string) { f.script = injection(basePath) }

// NewFiles serves the folder dir. The caller closes it.
func NewFiles(dir string) (*Files, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Files{root: root}, nil
}

// Close releases the folder.
func (f *Files) Close() error { return f.root.Close() }

// ServeHTTP answers GET and HEAD with the file at the request's path: a
// folder's index.html, or the site's 404.html with status 404.
func (f *Files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if info, err := f.root.Stat(name); err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
	}
	body, err := f.read(name)
	if err != nil {
		f.notFound(w, r)
		return
	}
	if path.Ext(name) == ".html" {
		f.visited(name)
		if f.script != nil {
			body = inject(body, f.script)
		}
	}
	w.Header().Set("Content-Type", contentType(name))
	// A preview must never show a page from the browser's cache: files
	// change several times a second, below Last-Modified's resolution.
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// read returns the bytes of the regular file at name.
func (f *Files) read(name string) ([]byte, error) {
	info, err := f.root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}
	return f.root.ReadFile(name)
}

func (f *Files) notFound(w http.ResponseWriter, r *http.Request) {
	body, err := f.read("404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if f.script != nil {
		body = inject(body, f.script)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// fileName turns a URL path into a file name below the root, refusing any
// path with a .. segment, a backslash or a NUL.
func fileName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	return name, fs.ValidPath(name)
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".json":
		return "application/json"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
