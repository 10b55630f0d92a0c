package generator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/formwire"
	"github.com/journey-ssg/journey/generator/site"
)

// CollectOptions configure journey collect.
type CollectOptions struct {
	Options
	// DB is a SQLite file's path or a postgres:// URL.
	DB string
	// Listen is the address to listen on, such as 127.0.0.1:8080.
	Listen string
	// Token guards the admin API.
	Token string
	// TrustProxy takes client addresses from X-Forwarded-For.
	TrustProxy bool
	// PerMinute bounds the submissions one client address may send a
	// minute, and Burst those it may send at once; zero keeps the
	// collector's default.
	PerMinute, Burst int
	Log              *slog.Logger
	// FlushEvery is how often counted views are written; zero keeps
	// collect.DefaultFlushEvery.
	FlushEvery time.Duration
	// Ready, when set, receives the address the server listens on, once.
	Ready chan<- string
}

// FormsOf returns the forms of every page of s, for the collector.
func FormsOf(s *site.Site) []collect.Form {
	var out []collect.Form
	for _, p := range s.Pages {
		f := p.Form
		// A variant's form posts as its landing page's, naming the
		// variant in a field of its own.
		if f == nil || p.Kind == site.KindVariant {
			continue
		}
		cf := collect.Form{Name: f.Name, Page: p.URL, Thanks: f.Thanks.Permalink}
		if s.Origin == "" || f.Provider == "local" {
			cf.Thanks = f.Thanks.URL
		}
		for _, fd := range f.Fields {
			cf.Fields = append(cf.Fields, collect.Field{Name: fd.Name, Type: fd.Type, Required: fd.Required, Pattern: fd.Pattern, Options: fd.Options})
		}
		if f.Consent != nil {
			cf.Fields = append(cf.Fields, collect.Field{Name: "consent", Type: "checkbox", Required: true})
		}
		if p.Landing != nil && len(p.Landing.Variants) > 0 {
			cf.Hidden = append(cf.Hidden, formwire.Variant)
		}
		for _, h := range f.Hidden {
			cf.Hidden = append(cf.Hidden, h.Name)
			if h.Value != "" && !h.UTM && !h.Loaded {
				if cf.Fixed == nil {
					cf.Fixed = map[string]string{}
				}
				cf.Fixed[h.Name] = h.Value
			}
		}
		out = append(out, cf)
	}
	return out
}

// ViewPagesOf returns the pages whose views the collector counts: every
// landing page of s, with its variants' names.
func ViewPagesOf(s *site.Site) []collect.ViewPage {
	out := make([]collect.ViewPage, 0, len(s.Landings))
	for _, l := range s.Landings {
		vp := collect.ViewPage{URL: l.Page.URL}
		for _, v := range l.Variants {
			vp.Variants = append(vp.Variants, v.Name)
		}
		out = append(out, vp)
	}
	return out
}

// Collect runs the form collector for the site until ctx is done, then
// finishes the requests in flight.
func Collect(ctx context.Context, opts CollectOptions) error {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	l, _, err := loadOnce(ctx, opts.Options, forCheck)
	if err != nil {
		return err
	}
	if l.site.Origin == "" {
		// Without it, no origin could be checked and no visitor without
		// JavaScript sent back to the site's thank-you page.
		return fmt.Errorf("the collector needs the site's public address: set baseURL in %s to an absolute URL such as https://example.com/", config.FileName)
	}
	forms := FormsOf(l.site)
	if len(forms) == 0 {
		return fmt.Errorf("the site has no forms to collect")
	}
	if l.cfg.Forms.Provider != "collect" {
		log.Warn("the site's forms do not post here: set [forms] provider = \"collect\" and endpoint to this server's public URL", "provider", l.cfg.Forms.Provider)
	}
	store, err := collect.Open(ctx, opts.DB)
	if err != nil {
		return fmt.Errorf("open %s: %w", opts.DB, err)
	}
	defer store.Close()
	srv := collect.NewServer(collect.Options{
		Forms: forms, Origin: l.site.Origin, AdminToken: opts.Token, Store: store, Log: log, TrustProxy: opts.TrustProxy,
		PerMinute: opts.PerMinute, Burst: opts.Burst,
		Views: store, Pages: ViewPagesOf(l.site), FlushEvery: opts.FlushEvery,
	})
	var flushes sync.WaitGroup
	run, stopRun := context.WithCancel(ctx)
	flushes.Go(func() { srv.Run(run) })
	defer func() {
		stopRun()
		flushes.Wait()
	}()
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Listen, err)
	}
	log.Info("collecting", "addr", ln.Addr().String(), "forms", len(forms), "db", collect.Redact(opts.DB), "admin", opts.Token != "")
	if opts.Ready != nil {
		opts.Ready <- ln.Addr().String()
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	err = hs.Shutdown(stop)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
