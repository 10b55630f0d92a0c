package site

import (
	"errors"
	"path"
	"strings"
	"sync"
	"unicode/utf8"
)

// links is what links between documents resolve against: each content
// file's page, the files that failed to parse, and the campaign site's
// base path.
type links struct {
	bySource map[string]*Page
	broken   map[string]bool
	basePath string

	once sync.Once
	sum  uint64 // once guards sum: targets, computed on first use
}

// ErrNoSuchFile means a link names a content file that does not exist.
var ErrNoSuchFile = errors.New("no such content file")

// ErrWorkspaceOnly means a campaign page links to a page that only the
// team workspace has.
var ErrWorkspaceOnly = errors.New("it is a page of the team workspace, which visitors never see; link to it from workspace pages only, or set team.publish = \"public\"")

// resolver rewrites the links of one document: links to content files
// become page URLs, site-absolute links gain the base path, anything else is
// left alone.
type resolver struct {
	*links
	from string // the document's path, such as "content/journeys/a.md"
}

func (r *resolver) Resolve(dest string) (string, error) {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") || hasScheme(dest) {
		return dest, nil
	}
	target, frag := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		target, frag = dest[:i], dest[i:]
	}
	from := r.bySource[r.from]
	if strings.HasSuffix(target, ".md") {
		var p string
		if strings.HasPrefix(target, "/") {
			p = path.Join("content", target)
		} else {
			p = path.Join(path.Dir(r.from), target)
		}
		page, ok := r.bySource[p]
		if !ok {
			if r.broken[p] {
				// A file that failed to parse is reported where it broke.
				return dest, nil
			}
			return dest, ErrNoSuchFile
		}
		href, err := linkTo(from, page)
		return href + frag, err
	}
	if strings.HasPrefix(dest, "/") {
		base := r.basePath
		if from != nil {
			base = from.Site.BasePath
		}
		return base + dest[1:], nil
	}
	return dest, nil
}

// linkTo returns the address a page of from's output links to page with:
// its path within one folder, its permalink from the workspace to the
// campaign site. A product's page in the workspace is its sheet. From the
// campaign site, a page that only the workspace has is no link at all.
func linkTo(from, page *Page) (string, error) {
	if from == nil {
		return page.URL, nil
	}
	if from.Site.Audience == Team && page.Kind == KindProduct {
		page = page.Product.Sheet
	}
	switch {
	case from.Site.Folder() == page.Site.Folder():
		return page.URL, nil
	case page.Site.Audience == Campaign:
		return page.Permalink, nil
	}
	return page.URL, ErrWorkspaceOnly
}

// targets fingerprints everything a link may resolve to: the base path,
// the URL of every content file's page, and the files that failed to
// parse. Two builds with the same fingerprint resolve every link alike.
func (l *links) targets() uint64 {
	l.once.Do(l.fingerprint)
	return l.sum
}

func (l *links) fingerprint() {
	sum := bodyHash([]byte(l.basePath))
	var buf []byte
	for src, p := range l.bySource {
		buf = append(append(append(buf[:0], src...), 0), p.Permalink...)
		sum += bodyHash(buf) // a sum: the map's order must not matter
	}
	for src, broken := range l.broken {
		if broken {
			buf = append(append(buf[:0], src...), 1)
			sum += bodyHash(buf)
		}
	}
	l.sum = sum
}

// hasScheme reports whether dest starts with a URL scheme such as https: or
// mailto:.
func hasScheme(dest string) bool {
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c == ':':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// Summary trims a first paragraph to a meta description of at most 160
// characters, cut at a word.
func Summary(s string) string {
	const max = 160
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
