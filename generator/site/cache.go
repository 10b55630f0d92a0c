package site

import (
	"hash/fnv"
	"sync"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
)

// Cache keeps converted Markdown between builds of one site, so a rebuild
// converts only the bodies that changed, or whose links now lead
// elsewhere. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cached // mu guards entries: by content path
}

type cached struct {
	// body is the body converted; when a rebuild passes the very same
	// bytes (the file was not re-read), the hash need not be computed.
	body     []byte
	hash     uint64
	result   markdown.Result
	problems diag.List
	// links records what each link destination resolved to, to tell
	// whether the HTML still holds.
	links map[string]resolved
	// targets is the fingerprint of the link targets the links were last
	// checked against: while it matches, they need no checking again.
	targets uint64
}

type resolved struct {
	url string
	err error
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cached{}} }

func bodyHash(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// get returns the cached conversion of f's body when the body is the same
// and every link resolves against l as it did.
func (c *Cache) get(l *links, f *content.File) (cached, bool) {
	if c == nil {
		return cached{}, false
	}
	c.mu.Lock()
	e, ok := c.entries[f.Path]
	c.mu.Unlock()
	if !ok || !sameBytes(e.body, f.Body) && e.hash != bodyHash(f.Body) {
		return cached{}, false
	}
	targets := l.targets()
	if e.targets == targets {
		return e, true
	}
	r := &resolver{links: l, from: f.Path}
	for dest, was := range e.links {
		if url, err := r.Resolve(dest); url != was.url || err != was.err {
			return cached{}, false
		}
	}
	e.targets = targets
	c.put(f.Path, e)
	return e, true
}

// sameBytes reports whether a and b are the same slice of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func (c *Cache) put(path string, e cached) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.entries[path] = e
	c.mu.Unlock()
}

// recorder resolves links and remembers the answers.
type recorder struct {
	*resolver
	seen map[string]resolved
}

func (r *recorder) Resolve(dest string) (string, error) {
	url, err := r.resolver.Resolve(dest)
	r.seen[dest] = resolved{url, err}
	return url, err
}

// convert converts f's body with its links resolved against l, and keeps
// the result in cache with the links it resolved.
func (l *links) convert(conv *markdown.Converter, cache *Cache, f *content.File) (markdown.Result, diag.List) {
	rec := &recorder{resolver: &resolver{links: l, from: f.Path}, seen: map[string]resolved{}}
	res, problems := conv.Convert(f.Path, f.BodyLine, f.Body, rec)
	res.Summary = Summary(res.Summary)
	if cache != nil {
		cache.put(f.Path, cached{body: f.Body, hash: bodyHash(f.Body), result: res, problems: problems, links: rec.seen, targets: l.targets()})
	}
	return res, problems
}
