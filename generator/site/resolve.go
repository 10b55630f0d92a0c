package site

import (
	"path"
	"strings"
	"sync"
	"unicode/utf8"
)

// links is what links between documents resolve against: each content
// file's page, the files that failed to parse, and the base path.
type links struct {
	bySource map[string]*Page
	broken   map[string]bool
	basePath string

	once sync.Once
	sum  uint64 // once guards sum: targets, computed on first use
}

// resolver rewrites the links of one document: links to content files
// become page URLs, site-absolute links gain the base path, anything else is
// left alone.
type resolver struct {
	*links
	from string // the document's path, such as "content/journeys/a.md"
}

func (r *resolver) Resolve(dest string) (string, bool) {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") || hasScheme(dest) {
		return dest, true
	}
	target, frag := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		target, frag = dest[:i], dest[i:]
	}
	if strings.HasSuffix(target, ".md") {
		var p string
		if strings.HasPrefix(target, "/") {
			p = path.Join("content", target)
		} else {
			p = path.Join(path.Dir(r.from), target)
		}
		page, ok := r.bySource[p]
		if !ok {
			// A file that failed to parse is reported where it broke.
			return dest, r.broken[p]
		}
		return page.URL + frag, true
	}
	if strings.HasPrefix(dest, "/") {
		return r.basePath + dest[1:], true
	}
	return dest, true
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
		buf = append(append(append(buf[:0], src...), 0), p.URL...)
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
