package collect

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/journey-ssg/journey/generator/formwire"
)

// Options configure a Server.
type Options struct {
	// Forms are the forms the site's pages carry, one per page.
	Forms []Form
	// Origin is the site's scheme and host ("https://example.com"):
	// submissions from any other origin are refused. Empty accepts any.
	Origin string
	// AdminToken guards the admin API; without one the API is closed.
	AdminToken string
	Store      Store
	Log        *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time
	// PerMinute and Burst bound submissions per client address.
	PerMinute, Burst int
	// MinFill is the least time between loading a page and submitting
	// its form that a person takes; faster is recorded as spam.
	MinFill time.Duration
	// MaxBody bounds a submission's size in bytes.
	MaxBody int64
	// TrustProxy takes the client address from X-Forwarded-For, for a
	// server behind a reverse proxy.
	TrustProxy bool
	// LogFields logs what each submission says, for a preview; a
	// production collector keeps people's details out of its logs.
	LogFields bool
}

// Server receives submissions and serves the admin API.
type Server struct {
	o      Options
	limits *limiter

	mu    sync.Mutex
	forms map[string]*Form // mu guards forms: by page

	// proxyWarned says the log has been told of an X-Forwarded-For
	// header that names no client, which is said once.
	proxyWarned atomic.Bool
}

// NewServer returns a server for o, filling in defaults for what o
// leaves out.
func NewServer(o Options) *Server {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.PerMinute == 0 {
		o.PerMinute = 20
	}
	if o.Burst == 0 {
		o.Burst = 10
	}
	if o.MinFill == 0 {
		o.MinFill = 2 * time.Second
	}
	if o.MaxBody == 0 {
		o.MaxBody = 64 << 10
	}
	s := &Server{o: o, limits: newLimiter(o.PerMinute, o.Burst, o.Now)}
	s.SetForms(o.Forms)
	return s
}

// SetForms replaces the forms the server accepts, after a rebuild.
func (s *Server) SetForms(forms []Form) {
	m := make(map[string]*Form, len(forms))
	compiled := map[string]*regexp.Regexp{} // pages share their patterns
	for i := range forms {
		f := forms[i]
		f.Fields = append([]Field(nil), f.Fields...)
		for j := range f.Fields {
			p := f.Fields[j].Pattern
			if p == "" {
				continue
			}
			re, ok := compiled[p]
			if !ok {
				// A broken pattern is ignored, as the browser ignores it.
				re, _ = regexp.Compile("^(?:" + p + ")$")
				compiled[p] = re
			}
			f.Fields[j].re = re
		}
		m[f.Page] = &f
	}
	s.mu.Lock()
	s.forms = m
	s.mu.Unlock()
}

// Handler routes the collector: POST /forms/{name} for submissions,
// /healthz, and the admin API under /admin/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /forms/{name}", s.Submit)
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /admin/submissions", s.admin(s.list))
	mux.HandleFunc("GET /admin/submissions.csv", s.admin(s.exportCSV))
	mux.HandleFunc("POST /admin/submissions/{id}/{action}", s.admin(s.moderate))
	mux.HandleFunc("DELETE /admin/submissions/{id}", s.admin(s.remove))
	mux.HandleFunc("DELETE /admin/people", s.admin(s.erase))
	mux.HandleFunc("/admin/", s.admin(http.NotFound))
	return mux
}

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

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.o.Store.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "storage unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// admin guards h with the bearer token, compared in constant time.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		want := sha256.Sum256([]byte(s.o.AdminToken))
		have := sha256.Sum256([]byte(got))
		if !ok || s.o.AdminToken == "" || subtle.ConstantTimeCompare(want[:], have[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="journey collect"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "a valid bearer token is required"})
			return
		}
		for _, vs := range r.URL.Query() {
			for _, v := range vs {
				if !isText(v) {
					writeJSON(w, http.StatusBadRequest, map[string]string{"error": "query values must be UTF-8 text without NUL"})
					return
				}
			}
		}
		h(w, r)
	}
}

// The admin list's pages: ?limit= submissions each, 100 unless it says.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// filterOf reads the submissions a request selects: ?form=, ?status=,
// ?spam= and ?after=, an ID.
func filterOf(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{Form: q.Get("form"), Status: q.Get("status")}
	if v := q.Get("spam"); v != "" {
		b := v == "true" || v == "1"
		f.Spam = &b
	}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return f, fmt.Errorf("after=%s is not the id of a submission", v)
		}
		f.After = n
	}
	return f, nil
}

// limitOf reads ?limit=, the size of a page of the admin list.
func limitOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return 0, fmt.Errorf("limit=%s is not a number from 1 to %d", v, maxLimit)
	}
	return n, nil
}

// list answers a page of submissions, oldest first, and, while more
// remain, where the next page is: the same query, after the page's last.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	f, err := filterOf(r)
	if err == nil {
		f.Limit, err = limitOf(r)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	limit := f.Limit
	f.Limit++ // one more tells whether there is a next page
	subs, err := s.o.Store.List(r.Context(), f)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	p := Page{Submissions: subs}
	if len(subs) > limit {
		p.Submissions = subs[:limit]
		q := r.URL.Query()
		q.Set("after", strconv.FormatInt(subs[limit-1].ID, 10))
		q.Set("limit", strconv.Itoa(limit))
		p.Next = r.URL.Path + "?" + q.Encode()
	}
	if p.Submissions == nil {
		p.Submissions = []Submission{}
	}
	writeJSON(w, http.StatusOK, p)
}

// column is a CSV column that every submission has.
type column struct {
	name  string
	value func(*Submission) string
}

// columns are the CSV columns before the fields'. A field named like one
// of them, the page's own page field, is left out: the column says it.
func columns() []column {
	return []column{
		{"id", func(s *Submission) string { return strconv.FormatInt(s.ID, 10) }},
		{"time", func(s *Submission) string { return s.Time.Format(time.RFC3339) }},
		{"form", func(s *Submission) string { return s.Form }},
		{"page", func(s *Submission) string { return s.Page }},
		{"status", func(s *Submission) string { return s.Status }},
		{"spam", func(s *Submission) string { return strconv.FormatBool(s.Spam) }},
	}
}

// exportCSV streams the submissions a request selects as CSV, one column
// per field. A first pass reads which fields there are, the second writes
// the rows, up to the last submission the first pass saw; neither holds
// more than a page of submissions.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) {
	f, err := filterOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	cols := columns()
	names := map[string]bool{}
	last := f.After
	err = s.each(r, f, func(sub *Submission) bool {
		for k := range sub.Fields {
			names[k] = true
		}
		last = sub.ID
		return true
	})
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	var fields []string
	for k := range names {
		if !formwire.Machinery(k) && !slices.ContainsFunc(cols, func(c column) bool { return c.name == k }) {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="submissions.csv"`)
	cw := csv.NewWriter(w)
	row := make([]string, 0, len(cols)+len(fields))
	for _, c := range cols {
		row = append(row, c.name)
	}
	cw.Write(append(row, fields...))
	err = s.each(r, f, func(sub *Submission) bool {
		if sub.ID > last {
			return false
		}
		row = row[:0]
		for _, c := range cols {
			row = append(row, c.value(sub))
		}
		for _, k := range fields {
			row = append(row, csvSafe(sub.Fields[k]))
		}
		cw.Write(row)
		return true
	})
	cw.Flush()
	if err != nil {
		// The answer has begun: breaking it off is the one way left to
		// tell the client that it is not whole.
		s.o.Log.Error("CSV export cut short", "err", err)
		panic(http.ErrAbortHandler)
	}
}

// each calls fn with each submission f selects, in order, reading a page
// at a time, until fn returns false.
func (s *Server) each(r *http.Request, f Filter, fn func(*Submission) bool) error {
	f.Limit = maxLimit
	for {
		subs, err := s.o.Store.List(r.Context(), f)
		if err != nil {
			return err
		}
		for i := range subs {
			if !fn(&subs[i]) {
				return nil
			}
		}
		if len(subs) < f.Limit {
			return nil
		}
		f.After = subs[len(subs)-1].ID
	}
}

// csvSafe keeps a spreadsheet from reading a visitor's text as a formula.
func csvSafe(v string) string {
	// Spreadsheets set to ';' as the separator split a cell there, so
	// each piece is guarded as if it began a cell.
	parts := strings.Split(v, ";")
	for i, p := range parts {
		t := strings.TrimLeft(p, " ")
		if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
			parts[i] = p[:len(p)-len(t)] + "'" + t
		}
	}
	return strings.Join(parts, ";")
}

func (s *Server) moderate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	status := map[string]string{"approve": StatusApproved, "reject": StatusRejected}[r.PathValue("action")]
	if err != nil || status == "" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "use POST /admin/submissions/{id}/approve or /reject"})
		return
	}
	switch err := s.o.Store.SetStatus(r.Context(), id, status); {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	default:
		s.o.Log.Info("moderated", "id", id, "status", status)
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "status": status})
	}
}

func (s *Server) remove(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "use DELETE /admin/submissions/{id}"})
		return
	}
	switch err := s.o.Store.Delete(r.Context(), id); {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	default:
		s.o.Log.Info("deleted", "id", id)
		writeJSON(w, http.StatusOK, map[string]any{"deleted": id})
	}
}

func (s *Server) erase(w http.ResponseWriter, r *http.Request) {
	email := r.URL.Query().Get("email")
	if email == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "name the person with ?email="})
		return
	}
	n, err := s.o.Store.Erase(r.Context(), email)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	s.o.Log.Info("erased", "submissions", n)
	writeJSON(w, http.StatusOK, map[string]int{"erased": n})
}
