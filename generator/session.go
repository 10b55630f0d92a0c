package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
	"github.com/journey-ssg/journey/generator/sitefs"
	"github.com/journey-ssg/journey/generator/theme"
)

// Session builds one site again and again into one destination, keeping
// between builds what a change does not touch: parsed content, converted
// Markdown, the parsed theme and the last good model. It is not safe for
// concurrent use; one goroutine (a watch loop) drives it.
type Session struct {
	opts Options
	// campaign is the campaign site's folder; team the workspace's, when
	// the last good build gave it a folder of its own.
	campaign, team output
	// src is the site's folder, opened by the first load; Close closes it.
	src *sitefs.FS
	min *publish.Minifier

	loader *content.Loader
	cache  *site.Cache
	cfg    *config.Config
	conv   *markdown.Converter
	theme  *theme.Theme
	// site is the model of the last build that succeeded, nil before.
	site *site.Site
	// deps is what each page of that build read as it rendered: what
	// rebuilds plan from. Nil for a session that builds once.
	deps *site.Deps
	// locks hold the session's folders from their first publish until
	// Close, by folder, so that no other build writes there between two
	// of the session's: a rebuild publishes only what changed, on top of
	// what the session wrote last.
	locks map[string]*publish.Lock
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
	ss := &Session{opts: opts, campaign: output{dest: dest}}
	if opts.Minify {
		ss.min = publish.NewMinifier()
	}
	return ss, nil
}

// Close lets go of the folders the session published into, for other
// builds, and of the site's folder. The session builds nothing after.
func (ss *Session) Close() error {
	err := ss.release()
	if ss.src != nil {
		err = errors.Join(err, ss.src.Close())
	}
	return err
}

// load reads config, theme and all content afresh and builds the model. It
// keeps the session's state only when everything succeeded; the warnings go
// into res either way.
func (ss *Session) load(ctx context.Context, res *Result) error {
	if err := ss.openSource(); err != nil {
		return err
	}
	if !exists(ss.src, config.FileName) && !exists(ss.src, "content") {
		return ss.noSite()
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
		// A session that rebuilds traces what layouts read, to plan
		// rebuilds from.
		topts := theme.Options{Funcs: render.Funcs(), Trace: !ss.once}
		if ss.min != nil {
			topts.Minify = ss.min.Minify
		}
		th, err = theme.Load(stack, topts)
		problems.Append(err)
	}
	// Copying them comes after rendering: the static files that cannot be
	// read are reported now, with every other problem.
	_, sproblems := staticFiles(stack.Sub("static"), nil)
	problems = append(problems, sproblems...)
	loader := content.NewLoader(ss.src, "content")
	loader.Lean = ss.lean
	set, cproblems := loader.Load(ctx)
	problems = append(problems, cproblems...)
	conv := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe})
	cache := ss.cache
	if !ss.once && (cache == nil || ss.cfg == nil || ss.cfg.Markdown != cfg.Markdown || ss.cfg.BaseURL != cfg.BaseURL || ss.cfg.Team != cfg.Team) {
		cache = site.NewCache()
	}
	sopts := site.Options{Drafts: ss.opts.Drafts, Cache: cache}
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

func (ss *Session) noSite() error {
	return fmt.Errorf("%w: %s has no %s and no content/ folder; start a site with: journey new site DIR", ErrNoSite, displayPath(ss.opts.Source), config.FileName)
}

// openSource opens the site's folder, once.
func (ss *Session) openSource() error {
	if ss.src != nil {
		return nil
	}
	src, err := sitefs.Open(ss.opts.Source)
	if errors.Is(err, fs.ErrNotExist) {
		return ss.noSite()
	}
	if err != nil {
		return fmt.Errorf("open the site's folder: %w", err)
	}
	ss.src = src
	return nil
}

// BasePath is the path the site lives under: from the last good build, or
// read from journey.toml, or "/".
func (ss *Session) BasePath() string {
	if ss.site != nil {
		return ss.site.BasePath
	}
	if ss.openSource() != nil {
		return "/"
	}
	if cfg, _, err := ss.config(); err == nil {
		return site.BasePathOf(cfg.BaseURL)
	}
	return "/"
}

// separateTeam reports whether the workspace gets a folder of its own, by
// the last good build or by journey.toml as it is now; a site that cannot
// be read yet is given one.
func (ss *Session) separateTeam() bool {
	if ss.site != nil {
		return ss.site.Workspace.Apart()
	}
	if ss.openSource() != nil {
		return true
	}
	cfg, _, err := ss.config()
	return err != nil || cfg.Team.Publish == config.TeamSeparate
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
	if ss.opts.TeamBaseURL != "" {
		cfg.Team.BaseURL = ss.opts.TeamBaseURL
		if !strings.HasSuffix(cfg.Team.BaseURL, "/") {
			cfg.Team.BaseURL += "/"
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
	res := &Result{Dest: ss.campaign.dest, Full: true}
	if err := ss.load(ctx, res); err != nil {
		return res, err
	}
	dirs, err := ss.open(ctx, publish.Full, res)
	if err != nil {
		return res, err
	}
	sinks := dirs.sinks()
	if ss.opts.Progress != nil {
		c := &counting{total: len(ss.site.Pages) + len(ss.site.Journeys) + 4, report: ss.opts.Progress}
		sinks = render.Sinks{Campaign: c.wrap(sinks.Campaign), Team: c.wrap(sinks.Team)}
	}
	var deps *site.Deps
	if !ss.once {
		deps = site.NewDeps()
	}
	reads, err := render.Site(ctx, ss.theme, ss.site, sinks, deps)
	if err == nil {
		err = dirs.each(func(d *publish.Dir) error { return ss.copyStatic(ctx, d, nil, &res.Warnings) })
	}
	res, err = ss.finish(start, res, dirs, ss.site, nil, err)
	if err == nil && deps != nil {
		deps.Update(ss.site.Model, reads)
		ss.deps = deps
	}
	return res, err
}

// renderedName names a rendered page in a Result: its URL, after "team:"
// for a page of a workspace with a folder of its own.
func renderedName(p *site.Page) string {
	if p.Site.Audience == site.Team && p.Site.Apart() {
		return "team:" + p.URL
	}
	return p.URL
}

// output is a folder a session publishes into.
type output struct {
	dest string
	// manifest is what the last successful publish left in dest.
	manifest *publish.Manifest
}

// dirs are the folders of one publish: the campaign site's, and the
// workspace's when it has a folder of its own.
type dirs struct {
	campaign, team *publish.Dir
	// inside says the workspace is written into the campaign site's
	// folder.
	inside bool
}

// open opens the session's folders for a publish in mode, locking the
// ones the session does not hold yet, and adds what they have to say (a
// damaged manifest) to res's warnings.
func (ss *Session) open(ctx context.Context, mode publish.Mode, res *Result) (dirs, error) {
	var d dirs
	d.inside = ss.site.Workspace.Written() && !ss.site.Workspace.Apart()
	outs := []*output{&ss.campaign}
	if ss.site.Workspace.Apart() {
		dest, err := teamDestination(ss.opts, ss.cfg, ss.campaign.dest)
		if err != nil {
			return d, err
		}
		if dest != ss.team.dest {
			ss.team = output{dest: dest}
		}
		outs = append(outs, &ss.team)
	}
	if err := ss.lock(ctx, outs); err != nil {
		return d, err
	}
	for i, o := range outs {
		dir, err := ss.locks[o.dest].OpenDir(o.dest, ss.min, mode, o.manifest)
		if err != nil {
			if i > 0 {
				err = errors.Join(err, d.campaign.Abort())
			}
			return d, err
		}
		res.Warnings = append(res.Warnings, dir.Warnings()...)
		if i == 0 {
			d.campaign = dir
		} else {
			d.team = dir
		}
	}
	return d, nil
}

// lock takes hold of the folders of outs that the session does not hold
// yet, all at once: another build waits for the session, or the session
// for it.
func (ss *Session) lock(ctx context.Context, outs []*output) error {
	var dests []string
	for _, o := range outs {
		if ss.locks[o.dest] == nil {
			dests = append(dests, o.dest)
		}
	}
	if len(dests) == 0 {
		return nil
	}
	l, err := publish.Acquire(ctx, dests, publish.LockOptions{NoWait: ss.opts.NoWait, Waiting: ss.opts.Waiting})
	if err != nil {
		return err
	}
	if ss.locks == nil {
		ss.locks = map[string]*publish.Lock{}
	}
	for _, dest := range dests {
		ss.locks[dest] = l
	}
	return nil
}

// release lets go of every folder the session holds, for other builds.
func (ss *Session) release() error {
	var err error
	seen := map[*publish.Lock]bool{}
	for _, l := range ss.locks {
		if !seen[l] {
			seen[l] = true
			err = errors.Join(err, l.Release())
		}
	}
	ss.locks = nil
	return err
}

// sinks routes rendered files: the workspace's go to its own folder, or
// into the campaign site's when it has none.
func (d dirs) sinks() render.Sinks {
	out := render.Sinks{Campaign: d.campaign}
	switch {
	case d.team != nil:
		out.Team = d.team
	case d.inside:
		out.Team = d.campaign
	}
	return out
}

// each calls fn with every open folder, stopping at the first error.
func (d dirs) each(fn func(*publish.Dir) error) error {
	for _, dir := range []*publish.Dir{d.campaign, d.team} {
		if dir == nil {
			continue
		}
		if err := fn(dir); err != nil {
			return err
		}
	}
	return nil
}

// finish commits dirs, or aborts them on err, and completes res for s.
func (ss *Session) finish(start time.Time, res *Result, d dirs, s *site.Site, rendered []*site.Page, err error) (*Result, error) {
	if err != nil {
		var aerr error
		_ = d.each(func(dir *publish.Dir) error {
			aerr = errors.Join(aerr, dir.Abort())
			return nil
		})
		return res, errors.Join(err, aerr)
	}
	if !s.Workspace.Written() {
		ss.team = output{}
	}
	var open []*publish.Dir
	_ = d.each(func(dir *publish.Dir) error {
		open = append(open, dir)
		return nil
	})
	// Both folders change, or neither does.
	err = publish.CommitAll(open...)
	outs := []*output{&ss.campaign, &ss.team}
	changed := []*[]string{&res.Changed, &res.TeamChanged}
	for i, dir := range []*publish.Dir{d.campaign, d.team} {
		if dir == nil {
			continue
		}
		if err != nil {
			outs[i].manifest = nil
			continue
		}
		stats := dir.Stats()
		res.Stats.Written += stats.Written
		res.Stats.Unchanged += stats.Unchanged
		res.Stats.Removed += stats.Removed
		outs[i].manifest = dir.Manifest()
		*changed[i] = dir.Changed()
	}
	if err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	ss.warnings = res.Warnings
	res.Pages = 0
	for _, p := range s.Pages {
		if p.Site.Written() {
			res.Pages++
		}
	}
	res.BasePath, res.TeamBasePath = s.Campaign.BasePath, s.Workspace.BasePath
	if d.team != nil {
		res.TeamDest = ss.team.dest
	}
	for _, p := range rendered {
		res.Rendered = append(res.Rendered, renderedName(p))
	}
	sort.Strings(res.Rendered)
	res.Duration = time.Since(start)
	return res, nil
}

// counting reports how many files went by on their way to the sinks it
// wraps.
type counting struct {
	done   atomic.Int64
	total  int
	report func(done, total int)
}

// wrap returns a sink that counts each file on its way to s; nil for nil.
func (c *counting) wrap(s render.Sink) render.Sink {
	if s == nil {
		return nil
	}
	return countingSink{Sink: s, c: c}
}

type countingSink struct {
	render.Sink
	c *counting
}

func (cs countingSink) Write(ctx context.Context, p string, data []byte) error {
	err := cs.Sink.Write(ctx, p, data)
	cs.c.report(int(cs.c.done.Add(1)), cs.c.total)
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

// rebuild is Rebuild for content and static changes: load what changed,
// plan what to render from what each page read, render it, publish.
func (ss *Session) rebuild(ctx context.Context, ch Changes) (*Result, error) {
	start := time.Now()
	res := &Result{Dest: ss.campaign.dest}
	old := ss.site
	s, inPlace, err := ss.reload(ctx, res, ch)
	if err != nil {
		return res, err
	}
	var files []string
	for _, f := range staticTargets(ss.cfg, ch.Static) {
		files = append(files, "/"+f)
	}
	plan := ss.deps.Plan(old.Model, s.Model, files)
	out, reads, err := ss.publish(ctx, start, res, s, plan, ch)
	switch {
	case err == nil:
		ss.site = s
		ss.deps.Update(s.Model, reads)
	case inPlace:
		// The model took in what the output did not: the next rebuild
		// is a full one.
		ss.site = nil
	}
	return out, err
}

// reload brings the model up to date with the changed content: in place,
// when every changed file is a landing page that kept its place in the
// site, or else by building it again. inPlace says which.
func (ss *Session) reload(ctx context.Context, res *Result, ch Changes) (s *site.Site, inPlace bool, err error) {
	if len(ch.Content) == 0 {
		return ss.site, false, nil
	}
	var problems diag.List
	set, cproblems := ss.loader.Update(ctx, ch.Content)
	problems = append(problems, cproblems...)
	if problems.Err() == nil {
		if docs := landingsIn(set, ch.Content); docs != nil {
			ok, rproblems := ss.site.Refresh(docs, ss.conv, ss.cache)
			if ok {
				res.Warnings = ss.warningsAfter(ch, append(problems, rproblems...))
				return ss.site, true, append(problems, rproblems...).Err()
			}
		}
	}
	s, sproblems := site.Build(ctx, ss.cfg, set, ss.conv, site.Options{Drafts: ss.opts.Drafts, Cache: ss.cache})
	problems = append(problems, sproblems...)
	res.Warnings = problems.Warnings()
	return s, false, problems.Err()
}

// warningsAfter returns the warnings of a model changed in place: the
// other files' warnings stand, the edited ones' are problems' warnings.
func (ss *Session) warningsAfter(ch Changes, problems diag.List) diag.List {
	edited := map[string]bool{}
	for _, f := range ch.Content {
		edited[f] = true
	}
	var out diag.List
	for _, w := range ss.warnings {
		if !edited[w.Pos.File] {
			out = append(out, w)
		}
	}
	out = append(out, problems.Warnings()...)
	out.Sort()
	return out
}

// publish writes a partial build into the destination: the pages plan
// renders, the site's extras, the static files that changed, and the
// removal of the pages that are gone; then it commits. It returns what the
// pages rendered read.
func (ss *Session) publish(ctx context.Context, start time.Time, res *Result, s *site.Site, plan site.Plan, ch Changes) (*Result, render.Reads, error) {
	d, err := ss.open(ctx, publish.Partial, res)
	if err != nil {
		return res, nil, err
	}
	sinks := d.sinks()
	for _, p := range plan.Gone {
		if dir, ok := sinks.For(p.Site).(*publish.Dir); ok {
			for _, f := range outputFiles(p) {
				dir.Remove(f)
			}
		}
	}
	ss.theme.Forget()
	reads, err := render.Pages(ctx, ss.theme, plan.Render, sinks, ss.deps)
	if err == nil {
		err = render.Extras(ctx, s, journeysOf(plan.Render), sinks)
	}
	if err == nil && len(ch.Static) > 0 {
		err = d.each(func(dir *publish.Dir) error { return ss.copyStatic(ctx, dir, ch.Static, &res.Warnings) })
	}
	out, err := ss.finish(start, res, d, s, plan.Render, err)
	return out, reads, err
}

// outputFiles lists the files a page writes: its HTML, and a journey's
// journey.json.
func outputFiles(p *site.Page) []string {
	if p.Journey != nil {
		return []string{p.OutPath, p.Journey.JSONFile()}
	}
	return []string{p.OutPath}
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
// "static/img/a.png"), removing the ones that are gone. Files it cannot
// read are reported together.
func (ss *Session) copyStatic(ctx context.Context, dir *publish.Dir, changed []string, warnings *diag.List) error {
	static := ss.theme.Static()
	only := staticTargets(ss.cfg, changed)
	if changed != nil && only == nil {
		return nil // the changes are in another theme's static/
	}
	for _, gone := range only {
		if _, err := fs.Stat(static, gone); err != nil {
			dir.Remove(gone)
		}
	}
	files, problems := staticFiles(static, only)
	for _, p := range files {
		err := copyFile(ctx, dir, static, p)
		var e *diag.Error
		switch {
		case errors.As(err, &e):
			problems.Add(e)
		case errors.Is(err, publish.ErrExists):
			warnings.Add(diag.Warnf(diag.Pos{File: static.Where(p)}, "static file is hidden by a page written to the same path"))
		case err != nil:
			return err
		}
	}
	return problems.Err()
}

// copyFile streams the static file p into dir. A file that cannot be
// opened is a *diag.Error.
func copyFile(ctx context.Context, dir *publish.Dir, static theme.Overlay, p string) error {
	f, err := static.Open(p)
	if err != nil {
		return diag.FileError(static.Where(p), err)
	}
	defer f.Close()
	return dir.CopyFile(ctx, p, f)
}

// staticFiles lists the files of static that a build publishes (see
// sitefs.Published), those under only when it is not nil, with a problem
// for each entry it cannot read: a link it does not follow, a named pipe.
func staticFiles(static theme.Overlay, only []string) ([]string, diag.List) {
	var files []string
	var problems diag.List
	// The walk function never fails: problems are gathered instead.
	skip := func(name string) bool { return !sitefs.Published(name) }
	_ = sitefs.WalkDir(static, ".", skip, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if p != "." || !errors.Is(err, fs.ErrNotExist) {
				problems.Add(diag.FileError(static.Where(p), err))
			}
		case d.IsDir():
		case only == nil || under(p, only):
			files = append(files, p)
		}
		return nil
	})
	return files, problems
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
