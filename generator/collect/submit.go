package collect

import (
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/formwire"
)

// wantsJSON reports whether the client is a script that asked for JSON,
// rather than a browser submitting a form.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// Submit takes one form submission: a POST to .../<form name>.
func (s *Server) Submit(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	if !s.fromSite(r) {
		s.refuse(w, r, http.StatusForbidden, "This form can only be sent from its own site.")
		return
	}
	// The page's script posts across origins (site and collector differ);
	// it may read the answer, and its refusals, only once the origin passed.
	if o := r.Header.Get("Origin"); o != "" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Add("Vary", "Origin")
	}
	if !s.limits.allow(s.client(r)) {
		w.Header().Set("Retry-After", "60")
		s.refuse(w, r, http.StatusTooManyRequests, "Too many submissions from your address; please wait a minute and try again.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.o.MaxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.refuse(w, r, http.StatusRequestEntityTooLarge, "The form is too large.")
			return
		}
		s.refuse(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	values := map[string]string{}
	for k, v := range r.PostForm {
		values[k] = strings.Join(v, ", ")
		if !isText(k) || !isText(values[k]) {
			s.refuse(w, r, http.StatusBadRequest, "The form could not be read.")
			return
		}
	}
	k := values[formwire.Key]
	if k != "" && !validKey(k) {
		s.refuse(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	s.mu.Lock()
	form, ok := s.forms[values[formwire.Page]]
	s.mu.Unlock()
	if !ok || form.Name != name {
		s.refuse(w, r, http.StatusBadRequest, "This form does not belong to a page of the site.")
		return
	}
	now := s.o.Now()
	sub := &Submission{Time: now, Form: form.Name, Page: form.Page, Status: StatusNew}
	if k != "" {
		sub.Key = form.Name + ":" + k
	}
	for _, hp := range formwire.Honeypots() {
		if values[hp] != "" {
			sub.Reasons = append(sub.Reasons, "honeypot filled")
		}
	}
	if ms, err := strconv.ParseInt(values[formwire.Loaded], 10, 64); err == nil {
		if took := time.Duration(ms) * time.Millisecond; took < s.o.MinFill {
			sub.Reasons = append(sub.Reasons, fmt.Sprintf("sent %s after the page loaded", took))
		}
	}
	sub.Spam = len(sub.Reasons) > 0
	fields, problems := form.check(values)
	sub.Fields = fields
	if len(problems) > 0 && !sub.Spam {
		s.refuse(w, r, http.StatusBadRequest, problems...)
		return
	}
	id, err := s.o.Store.Save(r.Context(), sub)
	if err != nil {
		s.o.Log.Error("submission not saved", "form", form.Name, "page", form.Page, "err", err)
		w.Header().Set("Retry-After", "5")
		s.refuse(w, r, http.StatusServiceUnavailable, "We could not save your message just now. Nothing was lost on your side: please go back and send it again in a moment.")
		return
	}
	attrs := []any{"id", id, "form", form.Name, "page", form.Page, "spam", sub.Spam}
	if s.o.LogFields {
		keys := make([]string, 0, len(sub.Fields))
		for k := range sub.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if v := sub.Fields[k]; v != "" {
				attrs = append(attrs, k, v)
			}
		}
	}
	s.o.Log.Info("submission", attrs...)
	if wantsJSON(r) {
		writeJSON(w, http.StatusCreated, map[string]any{"id": id, "next": form.Thanks})
		return
	}
	http.Redirect(w, r, form.Thanks, http.StatusSeeOther)
}

// fromSite checks the Origin (or, without one, the Referer) against the
// site's origin.
func (s *Server) fromSite(r *http.Request) bool {
	if s.o.Origin == "" {
		return true
	}
	if o := r.Header.Get("Origin"); o != "" {
		return o == s.o.Origin
	}
	ref, err := url.Parse(r.Header.Get("Referer"))
	return err == nil && ref.Scheme+"://"+ref.Host == s.o.Origin
}

// client is the address rate limits count by: an IPv4 address, or the
// /64 network of an IPv6 address, which one client usually holds whole.
func (s *Server) client(r *http.Request) string {
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	if lines := r.Header.Values("X-Forwarded-For"); s.o.TrustProxy && len(lines) > 0 {
		if fwd, ok := lastForwarded(lines); ok {
			addr = fwd.String()
		} else if s.proxyWarned.CompareAndSwap(false, true) {
			s.o.Log.Warn("the last X-Forwarded-For entry is not an IP address: counting such submissions by the proxy's address; make the proxy add the client's address alone")
		}
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if ip = ip.Unmap().WithZone(""); ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// lastForwarded returns the last entry of an X-Forwarded-For header's
// lines, the one the proxy in front added: a proxy may add a line of its
// own rather than extend the client's, so any entry before the last, on
// whatever line, may be made up. It reports false unless that entry is a
// plain IP address: an address with a port (which changes with every
// connection) or "unknown" names no client.
func lastForwarded(lines []string) (netip.Addr, bool) {
	last := lines[len(lines)-1]
	ip, err := netip.ParseAddr(strings.TrimSpace(last[strings.LastIndexByte(last, ',')+1:]))
	return ip, err == nil
}

var refusalPage = template.Must(template.New("refusal").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Your form was not sent</title>
<style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:36rem;margin:10vh auto;padding:0 1rem;color:#132026}h1{font-size:1.6rem}</style></head>
<body><main><h1>Your form was not sent</h1>{{ range . }}<p>{{ . }}</p>{{ end }}<p>Use your browser’s back button to return to the form: what you typed is still there.</p></main></body></html>
`))

// refuse answers a submission that was not stored: with JSON for a
// script, with a short page for a browser.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, lines ...string) {
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"errors": lines})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	refusalPage.Execute(w, lines)
}
