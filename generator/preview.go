package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/serve"
	"github.com/journey-ssg/journey/generator/watch"
)

// ServeOptions say what to preview and where to listen.
type ServeOptions struct {
	Options
	// Bind and Port are where the server listens; port 0 picks a free one.
	Bind string
	Port int
	// AllowedHosts are the names the server answers to besides localhost,
	// IP addresses and Bind; one that starts with a dot allows the names
	// below it too. Requests that name another host are refused.
	AllowedHosts []string
	// Log receives the server's messages: its address, rebuilds, forms.
	Log io.Writer
	// Ready, when set, receives the address the server listens on, once.
	Ready chan<- string
}

// FormsFile is the JSON-lines file where the local form provider's
// submissions go, under the site's folder.
const FormsFile = ".journey/forms.jsonl"

// previewDir is where a preview builds the site, under the site's folder,
// so that public/ keeps the last real build.
const previewDir = ".journey/preview"

// Serve builds the site into the site's .journey/ folder, serves it with
// live reload and the local provider's forms, and rebuilds it on every
// change, until ctx is done. A failed build is shown in the browser over
// the last good one.
func Serve(ctx context.Context, opts ServeOptions) error {
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, previewDir)
	}
	hub := serve.NewHub()
	ss, w, err := startWatching(ctx, opts.Options, opts.Log, hub)
	if err != nil {
		return err
	}
	running := false
	defer func() {
		if !running {
			w.Close()
		}
	}()
	if err := os.MkdirAll(ss.dest, 0o755); err != nil {
		return err
	}
	files, err := serve.NewFiles(ss.dest)
	if err != nil {
		return err
	}
	defer files.Close()
	basePath := ss.BasePath()
	files.InjectReload(basePath)
	forms := localForms(opts.Source, opts.Log, ss)

	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return fmt.Errorf("listen on %s:%d: %w (is another server using the port? choose one with --port, or --port 0 for any free one)", opts.Bind, opts.Port, err)
	}
	addr := ln.Addr().String()
	fmt.Fprintf(opts.Log, "serving %s at http://%s%s (press Ctrl+C to stop)\n", displayPath(opts.Source), addr, basePath)
	if opts.Ready != nil {
		opts.Ready <- addr
	}
	hosts := append([]string{opts.Bind}, opts.AllowedHosts...)
	srv := &http.Server{Handler: serve.Handler(basePath, files, http.HandlerFunc(forms.Submit), hub, hosts...), ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(hub.Close)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var serveErr, watchErr error
	running = true
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer cancel()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			serveErr = err
		}
	}()
	go func() {
		defer wg.Done()
		defer cancel()
		watchErr = rebuildLoop(ctx, ss, w, func(paths []string, res *Result, err error) {
			reportBuild(opts.Log, hub, paths, res, err)
			// After the reload is on its way: a person takes seconds to
			// fill in a form, and this takes milliseconds at 10,000 pages.
			if err == nil {
				forms.SetForms(FormsOf(ss.site))
			}
		})
	}()
	<-ctx.Done()
	shutdown, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer stop()
	shutErr := srv.Shutdown(shutdown)
	wg.Wait()
	return errors.Join(serveErr, watchErr, shutErr)
}

// LocalForms returns the handler journey serve uses for the local form
// provider, for the site in opts as it is now.
func LocalForms(ctx context.Context, opts Options, log io.Writer) (http.Handler, error) {
	ss := &Session{opts: opts, once: true}
	if err := ss.load(ctx, &Result{}); err != nil {
		return nil, err
	}
	return http.HandlerFunc(localForms(opts.Source, log, ss).Submit), nil
}

// localForms receives the local provider's forms with the collector's own
// code, into the JSON-lines file in the site's .journey/ folder, and logs
// each submission.
func localForms(source string, logTo io.Writer, ss *Session) *collect.Server {
	var forms []collect.Form
	if ss.site != nil {
		forms = FormsOf(ss.site)
	}
	log := slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // the terminal has no use for it
			}
			return a
		},
	}))
	return collect.NewServer(collect.Options{
		Forms: forms, Store: collect.OpenJSONL(filepath.Join(source, FormsFile)), Log: log,
		PerMinute: 600, Burst: 100, MinFill: time.Nanosecond, LogFields: true,
	})
}

// startWatching starts watching the site's folder and builds it once,
// reporting the build to log (and hub, if any). A folder that is no site
// is an error, left to the caller to report.
func startWatching(ctx context.Context, opts Options, log io.Writer, hub *serve.Hub) (*Session, *watch.Watcher, error) {
	ss, err := NewSession(opts)
	if err != nil {
		return nil, nil, err
	}
	w, err := watch.New(opts.Source)
	if err != nil {
		return nil, nil, err
	}
	res, err := ss.Build(ctx)
	if errors.Is(err, ErrNoSite) {
		// The command reports it; there is nothing to serve or watch.
		w.Close()
		return nil, nil, err
	}
	reportBuild(log, hub, nil, res, err)
	return ss, w, nil
}

// WatchBuild builds the site into its destination and rebuilds it after
// every change, printing what each build did to log, until ctx is done.
func WatchBuild(ctx context.Context, opts Options, log io.Writer) error {
	ss, w, err := startWatching(ctx, opts, log, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "watching %s for changes (press Ctrl+C to stop)\n", displayPath(opts.Source))
	return rebuildLoop(ctx, ss, w, func(paths []string, res *Result, err error) {
		reportBuild(log, nil, paths, res, err)
	})
}

// reportBuild prints what a build did and tells the browsers.
func reportBuild(log io.Writer, hub *serve.Hub, paths []string, res *Result, err error) {
	for _, w := range res.Warnings {
		fmt.Fprintln(log, w)
	}
	if err != nil {
		var list diag.List
		lines := []string{err.Error()}
		if errors.As(err, &list) {
			lines = strings.Split(strings.TrimSpace(list.Lines()), "\n")
		}
		for _, l := range lines {
			fmt.Fprintln(log, l)
		}
		fmt.Fprintln(log, "build failed; serving the last good build")
		if hub != nil {
			hub.Publish(serve.Event{Type: "error", Errors: lines})
		}
		return
	}
	fmt.Fprintln(log, Summary(paths, res))
	if hub == nil {
		return
	}
	switch {
	case res.CSSOnly:
		hub.Publish(serve.Event{Type: "css"})
	default:
		hub.Publish(serve.Event{Type: "reload", Pages: pagesOf(res.BasePath, res.Changed)})
	}
}

// Summary says in one line what a rebuild did, for the log: what changed,
// which pages were rendered, how long it took.
func Summary(paths []string, res *Result) string {
	var b strings.Builder
	if len(paths) > 0 {
		b.WriteString(listSome(paths, 3))
		b.WriteString(": ")
	}
	switch {
	case res.Full:
		fmt.Fprintf(&b, "rebuilt all %d pages", res.Pages)
	case len(res.Rendered) > 0:
		fmt.Fprintf(&b, "rendered %d of %d pages (%s)", len(res.Rendered), res.Pages, listSome(res.Rendered, 4))
	default:
		b.WriteString("rendered no pages")
	}
	fmt.Fprintf(&b, ", %d files changed, in %s", len(res.Changed), res.Duration.Round(100*time.Microsecond))
	return b.String()
}

func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
