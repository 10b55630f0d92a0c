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
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/serve"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/watch"
)

// ServeOptions say what to preview and where to listen.
type ServeOptions struct {
	Options
	// Bind and Port are where the campaign site is served; port 0 picks a
	// free one. The team workspace, when it has a folder of its own, is
	// served on TeamPort, by default the next port (any free one with
	// port 0).
	Bind     string
	Port     int
	TeamPort int
	// AllowedHosts are the names the servers answer to besides localhost,
	// IP addresses and Bind; one that starts with a dot allows the names
	// below it too. Requests that name another host are refused.
	AllowedHosts []string
	// Log receives the server's messages: its address, rebuilds, forms.
	Log io.Writer
	// Ready and TeamReady, when set, receive the addresses the campaign
	// site and the workspace are served on, once.
	Ready, TeamReady chan<- string
}

// FormsFile is the JSON-lines file where the local form provider's
// submissions go, under the site's folder.
const FormsFile = ".journey/forms.jsonl"

// previewDir and previewTeamDir are where a preview builds the campaign
// site and the workspace, under the site's folder, so that public/ and
// team/ keep the last real build.
const (
	previewDir     = ".journey/preview"
	previewTeamDir = ".journey/preview-team"
)

// Serve builds the site into the site's .journey/ folder, serves the
// campaign site and the team workspace, each with live reload (the
// campaign site with the local provider's forms), and rebuilds them on
// every change, until ctx is done. A failed build is shown in the browser
// over the last good one. Links between the two lead to the preview's own
// addresses.
func Serve(ctx context.Context, opts ServeOptions) error {
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, previewDir)
	}
	if opts.TeamDest == "" {
		opts.TeamDest = filepath.Join(opts.Source, previewTeamDir)
	}
	// A second preview of the site fails rather than wait for the first
	// to end.
	opts.NoWait = true
	ss, err := NewSession(opts.Options)
	if err != nil {
		return err
	}
	defer ss.Close()
	campaign, err := listen(opts.Bind, opts.Port)
	if err != nil {
		return err
	}
	defer campaign.Close()
	basePath := ss.BasePath()
	ss.opts.BaseURL = previewURL(campaign.Addr(), basePath)
	var team net.Listener
	if ss.separateTeam() {
		port := opts.TeamPort
		if port == 0 && opts.Port != 0 {
			port = opts.Port + 1
		}
		if team, err = listen(opts.Bind, port); err != nil {
			return err
		}
		defer team.Close()
		ss.opts.TeamBaseURL = previewURL(team.Addr(), "/")
	}

	hubs := previewHubs{campaign: serve.NewHub()}
	if team != nil {
		hubs.team = serve.NewHub()
	}
	w, err := startWatching(ctx, ss, opts.Log, hubs)
	if err != nil {
		return err
	}
	running := false
	defer func() {
		if !running {
			w.Close()
		}
	}()
	var initial []collect.Form
	if ss.cur != nil {
		initial = FormsOf(ss.cur.site)
	}
	forms := localForms(opts.Source, opts.Log, initial)
	hosts := append([]string{opts.Bind}, opts.AllowedHosts...)
	srv, files, err := previewServer(ss.campaign.dest, basePath, http.HandlerFunc(forms.Submit), hubs.campaign, hosts)
	if err != nil {
		return err
	}
	servers := []*http.Server{srv}
	listeners := []net.Listener{campaign}
	fmt.Fprintf(opts.Log, "serving %s (press Ctrl+C to stop)\n  campaign site at http://%s%s\n", displayPath(opts.Source), campaign.Addr(), basePath)
	var teamFiles *serve.Files
	if team != nil {
		var tsrv *http.Server
		if tsrv, teamFiles, err = previewServer(opts.TeamDest, "/", nil, hubs.team, hosts); err != nil {
			return err
		}
		servers, listeners = append(servers, tsrv), append(listeners, team)
		fmt.Fprintf(opts.Log, "  team workspace at http://%s/\n", team.Addr())
	}
	// Rebuilds render the pages people look at first.
	ss.deferAbove = deferAbove
	ss.viewed = func() map[site.Audience][]string {
		out := map[site.Audience][]string{site.Campaign: files.Recent()}
		if teamFiles != nil {
			out[site.Team] = teamFiles.Recent()
		}
		return out
	}
	if opts.Ready != nil {
		opts.Ready <- campaign.Addr().String()
	}
	if opts.TeamReady != nil && team != nil {
		opts.TeamReady <- team.Addr().String()
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	serveErrs := make([]error, len(servers))
	var watchErr error
	running = true
	for i, srv := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			if err := srv.Serve(listeners[i]); !errors.Is(err, http.ErrServerClosed) {
				serveErrs[i] = err
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer cancel()
		watchErr = rebuildLoop(ctx, ss, w, func(paths []string, res *Result, err error) {
			reportBuild(opts.Log, hubs, paths, res, err)
			// After the reload is on its way: a person takes seconds to
			// fill in a form, and this takes milliseconds at 10,000 pages.
			if err == nil {
				forms.SetForms(FormsOf(ss.cur.site))
			}
		})
	}()
	<-ctx.Done()
	shutdown, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer stop()
	var shutErr error
	for _, srv := range servers {
		shutErr = errors.Join(shutErr, srv.Shutdown(shutdown))
	}
	wg.Wait()
	return errors.Join(errors.Join(serveErrs...), watchErr, shutErr)
}

// listen listens on bind:port.
func listen(bind string, port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("listen on %s:%d: %w (is another server using the port? choose one with --port, or --port 0 for any free one)", bind, port, err)
	}
	return ln, nil
}

// previewURL is the address a preview served on addr under basePath links
// with: a server on every interface is reached as localhost.
func previewURL(addr net.Addr, basePath string) string {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + basePath
}

// previewServer serves the folder dir under basePath with live reload
// from hub, and forms when not nil, to requests that name one of hosts
// (or localhost, or an IP address).
func previewServer(dir, basePath string, forms http.Handler, hub *serve.Hub, hosts []string) (*http.Server, *serve.Files, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	files, err := serve.NewFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	files.InjectReload(basePath)
	srv := &http.Server{Handler: serve.Handler(basePath, files, forms, hub, hosts...), ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(hub.Close)
	srv.RegisterOnShutdown(func() { files.Close() })
	return srv, files, nil
}

// previewHubs tell the browsers of each preview what a build changed;
// team is nil when the workspace is not served apart.
type previewHubs struct {
	campaign, team *serve.Hub
}

// localForms receives the local provider's forms with the collector's own
// code, into the JSON-lines file in the site's .journey/ folder, and logs
// each submission.
func localForms(source string, logTo io.Writer, forms []collect.Form) *collect.Server {
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

// startWatching starts watching the site's folder and builds ss once,
// reporting the build to log and hubs. A folder that is no site is an
// error, left to the caller to report.
func startWatching(ctx context.Context, ss *Session, log io.Writer, hubs previewHubs) (*watch.Watcher, error) {
	w, err := watch.New(ss.opts.Source)
	if err != nil {
		return nil, err
	}
	res, err := ss.Build(ctx)
	if errors.Is(err, ErrNoSite) || errors.Is(err, publish.ErrLocked) {
		// The command reports it; there is nothing to serve or watch.
		w.Close()
		return nil, err
	}
	reportBuild(log, hubs, nil, res, err)
	return w, nil
}

// WatchBuild builds the site into its destination and rebuilds it after
// every change, printing what each build did to log, until ctx is done.
func WatchBuild(ctx context.Context, opts Options, log io.Writer) error {
	ss, err := NewSession(opts)
	if err != nil {
		return err
	}
	w, err := startWatching(ctx, ss, log, previewHubs{})
	if err != nil {
		return err
	}
	defer ss.Close()
	fmt.Fprintf(log, "watching %s for changes (press Ctrl+C to stop)\n", displayPath(opts.Source))
	return rebuildLoop(ctx, ss, w, func(paths []string, res *Result, err error) {
		reportBuild(log, previewHubs{}, paths, res, err)
	})
}

// reportBuild prints what a build did and tells the browsers.
func reportBuild(log io.Writer, hubs previewHubs, paths []string, res *Result, err error) {
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
		hubs.publish(serve.Event{Type: "error", Errors: lines}, serve.Event{Type: "error", Errors: lines})
		return
	}
	fmt.Fprintln(log, Summary(paths, res))
	if res.CSSOnly {
		hubs.publish(serve.Event{Type: "css"}, serve.Event{Type: "css"})
		return
	}
	hubs.publish(serve.Event{Type: "reload", Pages: pagesOf(res.BasePath, res.Changed)},
		serve.Event{Type: "reload", Pages: pagesOf(res.TeamBasePath, res.TeamChanged)})
}

// publish sends each preview its event. A reload that names no page is
// sent too: it clears a failed build's errors.
func (h previewHubs) publish(campaign, team serve.Event) {
	for _, x := range []struct {
		hub *serve.Hub
		ev  serve.Event
	}{{h.campaign, campaign}, {h.team, team}} {
		if x.hub != nil {
			x.hub.Publish(x.ev)
		}
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
	fmt.Fprintf(&b, ", %d files changed, in %s", len(res.Changed)+len(res.TeamChanged), res.Duration.Round(100*time.Microsecond))
	if res.Later > 0 {
		fmt.Fprintf(&b, "; %d more to render", res.Later)
	}
	return b.String()
}

func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
