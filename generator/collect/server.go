package collect

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"time"
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
	// Views, when set, counts page views: POST /views takes the beacons
	// of Pages, and Run writes their counts every FlushEvery.
	Views      ViewStore
	Pages      []ViewPage
	FlushEvery time.Duration
}

// Server receives submissions and serves the admin API.
type Server struct {
	o      Options
	limits *limiter

	mu    sync.Mutex
	forms map[string]*Form // mu guards forms: by page
	// pages holds the pages whose views are counted, by URL, with the
	// names of their variants ("" for the page itself); mu guards it.
	pages map[string]map[string]bool
	views *counter

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
	if o.FlushEvery == 0 {
		o.FlushEvery = DefaultFlushEvery
	}
	s := &Server{o: o, limits: newLimiter(o.PerMinute, o.Burst, o.Now), views: newCounter()}
	s.SetForms(o.Forms)
	s.SetPages(o.Pages)
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
// POST /views for view beacons when Options.Views is set, /healthz, and
// the admin API under /admin/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /forms/{name}", s.Submit)
	mux.HandleFunc("GET /healthz", s.health)
	if s.o.Views != nil {
		mux.HandleFunc("POST /views", s.View)
		mux.HandleFunc("GET /admin/views", s.admin(s.adminViews))
	}
	mux.HandleFunc("GET /admin/submissions", s.admin(s.list))
	mux.HandleFunc("GET /admin/submissions.csv", s.admin(s.exportCSV))
	mux.HandleFunc("POST /admin/submissions/{id}/{action}", s.admin(s.moderate))
	mux.HandleFunc("DELETE /admin/submissions/{id}", s.admin(s.remove))
	mux.HandleFunc("DELETE /admin/people", s.admin(s.erase))
	mux.HandleFunc("/admin/", s.admin(http.NotFound))
	return mux
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
