package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/render"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/theme"
)

// Session builds one site again and again into one destination, keeping
// between builds what a change does not touch: parsed content, converted
// Markdown, the parsed theme and the last good model. It is not safe for
// concurrent use; one goroutine (a watch loop) drives it.
type Session struct {
	opts Options
	dest string
	src  fs.FS
	min  *publish.Minifier

	loader *content.Loader
	cache  *site.Cache
	cfg    *config.Config
	conv   *markdown.Converter
	theme  *theme.Theme
	// site is the model of the last build that succeeded, nil before.
	site *site.Site
	// manifest is what the last successful publish left in dest.
	manifest *publish.Manifest
	// lock holds dest from the session's first publish until Close, so
	// that no other build writes there between two of the session's:
	// a rebuild publishes only what changed, on top of what the session
	// wrote last.
	lock *publish.Lock
	// once is set for a session that builds a single time: it keeps no
	// cache and lets pages drop their bodies once written.
	once bool
	// lean, for a one-shot build, leaves the Markdown of pages with a
	// description on disk until they render. A check does not, so that it
	// converts, and checks the links of, every body.
	lean bool
	// warnings are the last good build's.
	warnings diag.List
	// pending holds the changes of rebuilds that failed since the last
	// good one; failedFull says the last full build failed.
	pending    Changes
	failedFull bool
}

// Changes say what changed since the last build.
type Changes struct {
	// Config, Templates: journey.toml or a layout changed; everything is
	// rebuilt.
	Config, Templates bool
	// CSS: a theme stylesheet changed. Every page is re-rendered (their
	// CSS is inline), and a browser can swap the styles without a reload.
	CSS bool
	// Content lists changed content files and folders, from the site root.
	Content []string
	// Static lists changed files and folders under static/ or a theme's
	// static/.
	Static []string
}

// NewSession checks the destination of opts and returns a session that
// has built nothing yet. Close it when done: from its first publish on, it
// holds the destination.
func NewSession(opts Options) (*Session, error) {
	dest, err := destination(opts)
	if err != nil {
		return nil, err
	}
	ss := &Session{opts: opts, dest: dest, src: os.DirFS(opts.Source)}
	if opts.Minify {
		ss.min = publish.NewMinifier()
	}
	return ss, nil
}

// load reads config, theme and all content afresh and builds the model. It
// keeps the session's state only when everything succeeded; the warnings go
// into res either way.
func (ss *Session) load(ctx context.Context, res *Result) error {
	if ss.src == nil {
		ss.src = os.DirFS(ss.opts.Source)
	}
	if !exists(ss.src, config.FileName) && !exists(ss.src, "content") {
		return fmt.Errorf("%w: %s has no %s and no content/ folder; start a site with: journey new site DIR", ErrNoSite, displayPath(ss.opts.Source), config.FileName)
	}
	cfg, warnings, err := ss.config()
	res.Warnings = warnings
	if err != nil {
		return err
	}
	var problems diag.List
	stack, serr := themeStack(ss.src, cfg, ss.opts.Theme)
	var th *theme.Theme
	if serr != nil {
		problems.Add(serr)
	} else {
		topts := theme.Options{Funcs: render.Funcs()}
		if ss.min != nil {
			topts.Minify = ss.min.Minify
		}
		th, err = theme.Load(stack, topts)
		problems.Append(err)
	}
	loader := content.NewLoader(ss.src, "content")
	loader.Lean = ss.lean
	set, cproblems := loader.Load(ctx)
	problems = append(problems, cproblems...)
	conv := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe})
	cache := ss.cache
	if !ss.once && (cache == nil || ss.cfg == nil || ss.cfg.Markdown != cfg.Markdown || ss.cfg.BaseURL != cfg.BaseURL) {
		cache = site.NewCache()
	}
	sopts := site.Options{Drafts: ss.opts.Drafts, Cache: cache, Shows: shows(th)}
	if ss.lean {
		sopts.Bodies = ss.src
	}
	s, sproblems := site.Build(ctx, cfg, set, conv, sopts)
	problems = append(problems, sproblems...)
	s.Once = ss.once
	if ss.once {
		set.Shed()
		loader = nil
	}
	res.Warnings = append(res.Warnings, problems.Warnings()...)
	res.Warnings.Sort()
	if err := problems.Err(); err != nil {
		return err
	}
	ss.cfg, ss.conv, ss.cache, ss.loader, ss.theme, ss.site = cfg, conv, cache, loader, th, s
	return nil
}

// BasePath is the path the site lives under: from the last good build, or
// read from journey.toml, or "/".
func (ss *Session) BasePath() string {
	if ss.site != nil {
		return ss.site.BasePath
	}
	if cfg, _, err := ss.config(); err == nil {
		return site.BasePathOf(cfg.BaseURL)
	}
	return "/"
}

// config reads journey.toml with the options' overrides.
func (ss *Session) config() (*config.Config, diag.List, error) {
	cfg, warnings, err := config.Load(ss.src, config.FileName)
	if err != nil {
		return nil, warnings, err
	}
	if ss.opts.BaseURL != "" {
		cfg.BaseURL = ss.opts.BaseURL
		if cfg, warnings, err = overrideBaseURL(cfg, warnings); err != nil {
			return nil, warnings, err
		}
	}
	if ss.opts.FormProvider != "" {
		cfg.Forms.Provider = ss.opts.FormProvider
	}
	if cfg.BaseURL == "/" {
		warnings.Add(diag.Warnf(diag.Pos{File: config.FileName}, "baseURL is not set: canonical links, social cards and the sitemap need an absolute URL such as \"https://example.com/\""))
	}
	return cfg, warnings, nil
}

// Build builds everything afresh and publishes it whole.
func (ss *Session) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	res := &Result{Dest: ss.dest, Full: true}
	if err := ss.load(ctx, res); err != nil {
		return res, err
	}
	dir, err := ss.openDir(ctx, publish.Full, res)
	if err != nil {
		return res, err
	}
	var sink render.Sink = dir
	if ss.opts.Progress != nil {
		sink = &counting{Sink: dir, total: len(ss.site.Pages) + len(ss.site.Journeys) + 2, report: ss.opts.Progress}
	}
	err = render.Site(ctx, ss.theme, ss.site, sink)
	if err == nil {
		err = ss.copyStatic(ctx, dir, nil, &res.Warnings)
	}
	return ss.finish(start, res, dir, ss.site, nil, err)
}

// openDir opens the destination for a build in mode, locking it first if
// the session does not hold it yet, and adds what the destination has to
// say (a damaged manifest) to res's warnings.
func (ss *Session) openDir(ctx context.Context, mode publish.Mode, res *Result) (*publish.Dir, error) {
	if ss.lock == nil {
		lock, err := publish.Acquire(ctx, []string{ss.dest}, publish.LockOptions{NoWait: ss.opts.NoWait, Waiting: ss.opts.Waiting})
		if err != nil {
			return nil, err
		}
		ss.lock = lock
	}
	dir, err := ss.lock.OpenDir(ss.dest, ss.min, mode, ss.manifest)
	if err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings, dir.Warnings()...)
	return dir, nil
}

// Close lets go of the destination, for other builds.
func (ss *Session) Close() error {
	if ss.lock == nil {
		return nil
	}
	err := ss.lock.Release()
	ss.lock = nil
	return err
}

// finish commits dir, or aborts it on err, and completes res for s.
func (ss *Session) finish(start time.Time, res *Result, dir *publish.Dir, s *site.Site, rendered []*site.Page, err error) (*Result, error) {
	if err != nil {
		if aerr := dir.Abort(); aerr != nil {
			return res, errors.Join(err, aerr)
		}
		return res, err
	}
	res.Stats, err = dir.Commit()
	if err != nil {
		ss.manifest = nil
		return res, fmt.Errorf("publish: %w", err)
	}
	ss.manifest = dir.Manifest()
	ss.warnings = res.Warnings
	res.Changed = dir.Changed()
	res.Pages = len(s.Pages)
	res.BasePath = s.BasePath
	for _, p := range rendered {
		res.Rendered = append(res.Rendered, p.URL)
	}
	sort.Strings(res.Rendered)
	res.Duration = time.Since(start)
	return res, nil
}

// counting passes files on to a sink and reports how many went by.
type counting struct {
	render.Sink
	done   atomic.Int64
	total  int
	report func(done, total int)
}

func (c *counting) Write(ctx context.Context, p string, data []byte) error {
	err := c.Sink.Write(ctx, p, data)
	c.report(int(c.done.Add(1)), c.total)
	return err
}

// Rebuild brings the destination up to date with changes, re-rendering only
// the pages the changes touch when it can. On failure the destination and
// the session keep the last good build.
func (ss *Session) Rebuild(ctx context.Context, ch Changes) (*Result, error) {
	if ss.site == nil || ss.failedFull || ch.Config || ch.Templates || ch.CSS {
		res, err := ss.Build(ctx)
		res.CSSOnly = ch.CSS && !ch.Config && !ch.Templates && len(ch.Content) == 0 && len(ch.Static) == 0
		// What a failed full build read is not in the model: the next
		// rebuild is a full one too.
		ss.failedFull = err != nil
		ss.pending = Changes{}
		return res, err
	}
	// What failed rebuilds changed counts as changed again, until a
	// rebuild succeeds: the model never took it in.
	ch.Content = append(ss.pending.Content, ch.Content...)
	ch.Static = append(ss.pending.Static, ch.Static...)
	res, err := ss.rebuild(ctx, ch)
	if err != nil {
		ss.pending = Changes{Content: ch.Content, Static: ch.Static}
	} else {
		ss.pending = Changes{}
	}
	return res, err
}

// rebuild is Rebuild for content and static changes.
func (ss *Session) rebuild(ctx context.Context, ch Changes) (*Result, error) {
	start := time.Now()
	res := &Result{Dest: ss.dest}
	old := ss.site
	var problems diag.List
	set, cproblems := ss.loader.Update(ctx, ch.Content)
	problems = append(problems, cproblems...)
	if problems.Err() == nil {
		if docs := landingsIn(set, ch.Content); docs != nil {
			pages, ok, rproblems := old.Refresh(docs, ss.conv, ss.cache)
			if ok {
				return ss.refreshed(ctx, start, res, ch, pages, append(problems, rproblems...))
			}
		}
	}
	s := old
	if len(ch.Content) > 0 {
		var sproblems diag.List
		s, sproblems = site.Build(ctx, ss.cfg, set, ss.conv, site.Options{Drafts: ss.opts.Drafts, Cache: ss.cache, Shows: shows(ss.theme)})
		problems = append(problems, sproblems...)
	}
	res.Warnings = problems.Warnings()
	if err := problems.Err(); err != nil {
		return res, err
	}
	var pages []*site.Page
	var gone []string
	if len(ch.Content) > 0 {
		pages, gone = affected(old, s, ch.Content)
	}
	out, err := ss.publish(ctx, start, res, s, pages, gone, ch)
	if err == nil {
		ss.site = s
	}
	return out, err
}

// publish writes a partial build into the destination: pages and the
// site's extras when content changed, the static files that changed, and
// the removal of gone; then it commits.
func (ss *Session) publish(ctx context.Context, start time.Time, res *Result, s *site.Site, pages []*site.Page, gone []string, ch Changes) (*Result, error) {
	dir, err := ss.openDir(ctx, publish.Partial, res)
	if err != nil {
		return res, err
	}
	for _, p := range gone {
		dir.Remove(p)
	}
	if len(ch.Content) > 0 {
		ss.theme.Forget()
		err = render.Pages(ctx, ss.theme, pages, dir)
		if err == nil {
			err = render.Extras(ctx, s, journeysOf(pages), dir)
		}
	}
	if err == nil && len(ch.Static) > 0 {
		err = ss.copyStatic(ctx, dir, ch.Static, &res.Warnings)
	}
	return ss.finish(start, res, dir, s, pages, err)
}

// landingsIn returns the landing pages of set read from files, when every
// one of files is an authored landing page's file; nil otherwise.
func landingsIn(set *content.Set, files []string) []*content.Landing {
	if len(files) == 0 {
		return nil
	}
	want := make(map[string]bool, len(files))
	for _, f := range files {
		want[f] = true
	}
	var out []*content.Landing
	for _, l := range set.Landings {
		if want[l.Path] {
			out = append(out, l)
		}
	}
	if len(out) != len(want) {
		return nil
	}
	return out
}

// refreshed finishes a rebuild whose edits to landing pages kept the
// site's structure, which Refresh applied to the model in place: it
// renders pages. If rendering fails, the model no longer matches the
// output, so the next rebuild is a full one.
func (ss *Session) refreshed(ctx context.Context, start time.Time, res *Result, ch Changes, pages []*site.Page, problems diag.List) (*Result, error) {
	// The other files' warnings stand; the edited ones' are new.
	edited := map[string]bool{}
	for _, f := range ch.Content {
		edited[f] = true
	}
	for _, w := range ss.warnings {
		if !edited[w.Pos.File] {
			res.Warnings = append(res.Warnings, w)
		}
	}
	res.Warnings = append(res.Warnings, problems.Warnings()...)
	res.Warnings.Sort()
	if err := problems.Err(); err != nil {
		return res, err
	}
	out, err := ss.publish(ctx, start, res, ss.site, pages, nil, ch)
	if err != nil {
		ss.site = nil
	}
	return out, err
}

// shows tells the site model which fields a layout of th can show; nil
// (every relation counts) when there is no theme. The function it returns
// is for one goroutine.
func shows(th *theme.Theme) func(layout, field string) bool {
	if th == nil {
		return nil
	}
	known := map[[2]string]bool{}
	return func(layout, field string) bool {
		key := [2]string{layout, field}
		if v, ok := known[key]; ok {
			return v
		}
		name, ok := th.Lookup(render.Layouts(layout)...)
		v := !ok || th.Mentions(name, field)
		known[key] = v
		return v
	}
}

// affected returns the pages of s to render after files changed, and the
// output paths of old pages that are gone.
func affected(old, s *site.Site, files []string) ([]*site.Page, []string) {
	// What other pages show of a node can change with a file that does
	// not define it: a journey's card shows its persona's name.
	changed := site.ChangedPrints(old.Prints(), s.Prints())
	want := map[string]bool{}
	for _, p := range old.Graph.Touched(files, changed) {
		want[p.ID] = true
	}
	for _, p := range s.Graph.Touched(files, changed) {
		want[p.ID] = true
	}
	for _, p := range s.Converted {
		want[p.ID] = true
	}
	before := map[string]*site.Page{}
	for _, p := range old.Pages {
		before[p.ID] = p
	}
	var pages []*site.Page
	now := map[string]bool{}
	for _, p := range s.Pages {
		now[p.OutPath] = true
		prev, existed := before[p.ID]
		if want[p.ID] || !existed || prev.OutPath != p.OutPath {
			pages = append(pages, p)
		}
	}
	var gone []string
	for _, p := range old.Pages {
		if !now[p.OutPath] {
			gone = append(gone, p.OutPath)
			if p.Journey != nil {
				gone = append(gone, p.Journey.JSONFile())
			}
		}
	}
	return pages, gone
}

func journeysOf(pages []*site.Page) []*site.Journey {
	var out []*site.Journey
	for _, p := range pages {
		if p.Kind == site.KindJourney {
			out = append(out, p.Journey)
		}
	}
	return out
}

// copyStatic copies the static files of the theme stack into dir: all of
// them, or those under the given changed paths (site-root paths such as
// "static/img/a.png"), removing the ones that are gone.
func (ss *Session) copyStatic(ctx context.Context, dir *publish.Dir, changed []string, warnings *diag.List) error {
	static := ss.theme.Static()
	only := staticTargets(ss.cfg, changed)
	for _, gone := range only {
		if _, err := fs.Stat(static, gone); err != nil {
			dir.Remove(gone)
		}
	}
	return fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "." {
				return nil
			}
			return err
		}
		if d.IsDir() || content.Ignored(d.Name()) {
			return nil
		}
		if changed != nil && !under(p, only) {
			return nil
		}
		data, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		err = dir.Copy(ctx, p, data)
		if errors.Is(err, publish.ErrExists) {
			warnings.Add(diag.Warnf(diag.Pos{File: static.Where(p)}, "static file is hidden by a page written to the same path"))
			return nil
		}
		return err
	})
}

// staticTargets turns changed paths under static/ or themes/<name>/static/
// into paths below the output root.
func staticTargets(cfg *config.Config, changed []string) []string {
	var out []string
	for _, c := range changed {
		for _, prefix := range []string{"static", "themes/" + cfg.Theme + "/static"} {
			if c == prefix {
				out = append(out, ".")
			} else if strings.HasPrefix(c, prefix+"/") {
				out = append(out, strings.TrimPrefix(c, prefix+"/"))
			}
		}
	}
	return out
}

func under(p string, roots []string) bool {
	for _, r := range roots {
		if r == "." || p == r || strings.HasPrefix(p, r+"/") {
			return true
		}
	}
	return false
}
