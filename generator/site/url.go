package site

import (
	"net/url"
	"strings"
)

// URL returns a link to ref: a site-absolute path such as "/images/a.png"
// gains the base path, anything else (absolute URLs, relative paths) is
// returned as it is.
func (s *Site) URL(ref string) string {
	if strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//") {
		return s.BasePath + ref[1:]
	}
	return ref
}

// AbsURL returns ref as an absolute URL when the site has an absolute
// baseURL; otherwise as URL does.
func (s *Site) AbsURL(ref string) string {
	if hasScheme(ref) || strings.HasPrefix(ref, "//") {
		return ref
	}
	u := s.URL(ref)
	if strings.HasPrefix(u, "/") {
		return s.Origin + u
	}
	return s.Origin + s.BasePath + u
}

// BasePathOf returns the path part of a baseURL, with slashes at both ends.
func BasePathOf(baseURL string) string {
	p, _ := splitBaseURL(baseURL)
	return p
}

func splitBaseURL(base string) (basePath, origin string) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "/", ""
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, u.Scheme + "://" + u.Host
}
