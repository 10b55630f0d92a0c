package generator

import (
	"context"
	"errors"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/picture"
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
	// images is the cache of resized images, opened by the first load
	// (nil when it cannot be: images are then encoded by every build);
	// Close closes it.
	images *picture.Cache

	// cur is the site as the last build that succeeded loaded it, nil
	// before.
	cur *loaded
	// deps is what each page of that build read as it rendered: what
	// rebuilds plan from. Nil for a session that builds once.
	deps *site.Deps
	// locks hold the session's folders from their first publish until
	// Close, by folder, so that no other build writes there between two
	// of the session's: a rebuild publishes only what changed, on top of
	// what the session wrote last.
	locks map[string]*publish.Lock
	// why is what the session loads the site for: a single build, or
	// many (forSession).
	why purpose
	// warnings are the last good build's.
	warnings diag.List
	// pending holds the changes of rebuilds that failed since the last
	// good one; failedFull says the last full build failed.
	pending    Changes
	failedFull bool
	// viewed, when set, names the pages to render first when a rebuild
	// renders more than deferAbove (see split); later are the pages the
	// last rebuild left for Idle.
	viewed     Viewed
	deferAbove int
	later      []*site.Page
}

// Changes say what changed since the last build.
type Changes struct {
	// Config: journey.toml changed; everything is rebuilt.
	Config bool
	// Templates: a layout, or an asset other than a stylesheet, changed.
	// The pages whose layouts may show it are rendered again.
	Templates bool
	// CSS: a theme stylesheet changed. The pages whose layouts inline it
	// are rendered again, and a browser can swap the styles without a
	// reload.
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
	ss := &Session{opts: opts, campaign: output{dest: dest}, why: forSession}
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
	return errors.Join(err, ss.images.Close())
}

// load reads the site afresh, keeping what it loaded only when the load
// succeeded; the warnings go into res either way.
func (ss *Session) load(ctx context.Context, res *Result) error {
	if err := ss.openSource(); err != nil {
		return err
	}
	if ss.images == nil {
		images, err := picture.OpenCache(cacheDir(ss.opts))
		if err != nil {
			res.Warnings.Add(diag.Warnf(diag.Pos{}, "images are encoded again by every build: %v", err))
		}
		ss.images = images
	}
	l, warnings, err := load(ctx, ss.src, ss.opts, ss.why, ss.min, ss.images, ss.cur)
	res.Warnings = append(res.Warnings, warnings...)
	if err != nil {
		return err
	}
	ss.cur = l
	return nil
}

// openSource opens the site's folder, once.
func (ss *Session) openSource() error {
	if ss.src != nil {
		return nil
	}
	src, err := openSite(ss.opts)
	if err != nil {
		return err
	}
	ss.src = src
	return nil
}

// BasePath is the path the site lives under: from the last good build, or
// read from journey.toml, or "/".
func (ss *Session) BasePath() string {
	if ss.cur != nil {
		return ss.cur.site.BasePath
	}
	if ss.openSource() != nil {
		return "/"
	}
	if cfg, _, err := readConfig(ss.src, ss.opts); err == nil {
		return site.BasePathOf(cfg.BaseURL)
	}
	return "/"
}

// separateTeam reports whether the workspace gets a folder of its own, by
// the last good build or by journey.toml as it is now; a site that cannot
// be read yet is given one.
func (ss *Session) separateTeam() bool {
	if ss.cur != nil {
		return ss.cur.site.Workspace.Apart()
	}
	if ss.openSource() != nil {
		return true
	}
	cfg, _, err := readConfig(ss.src, ss.opts)
	return err != nil || cfg.Team.Publish == config.TeamSeparate
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
		c := &counting{total: len(ss.cur.site.Pages) + len(ss.cur.site.Journeys) + 4, report: ss.opts.Progress}
		sinks = render.Sinks{Campaign: c.wrap(sinks.Campaign), Team: c.wrap(sinks.Team)}
	}
	var deps *site.Deps
	if ss.why == forSession {
		deps = site.NewDeps()
	}
	ss.cur.theme.Forget()
	reads, err := render.Site(ctx, ss.cur.theme, ss.cur.site, sinks, deps)
	if err == nil {
		err = ss.publishImages(ctx, res, ss.cur.theme, ss.cur.site, dirs)
	}
	if err == nil {
		err = dirs.each(func(d *publish.Dir) error { return ss.copyStatic(ctx, d, nil, &res.Warnings) })
	}
	res, err = ss.finish(start, res, dirs, ss.cur.site, nil, err)
	if err == nil && deps != nil {
		deps.Update(ss.cur.site.Model, nil, reads)
		ss.deps = deps
		ss.later = nil
	}
	return res, err
}

// Rebuild brings the destination up to date with changes, re-rendering only
// the pages the changes touch when it can. On failure the destination and
// the session keep the last good build.
func (ss *Session) Rebuild(ctx context.Context, ch Changes) (*Result, error) {
	if ss.cur == nil || ss.failedFull || ch.Config {
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
	ch.Templates = ch.Templates || ss.pending.Templates
	ch.CSS = ch.CSS || ss.pending.CSS
	ch.Content = append(ss.pending.Content, ch.Content...)
	ch.Static = append(ss.pending.Static, ch.Static...)
	res, err := ss.rebuild(ctx, ch)
	if err != nil {
		ss.pending = ch
	} else {
		ss.pending = Changes{}
	}
	return res, err
}

// rebuild is Rebuild for all but config changes: load what changed, plan
// what to render from what each page read and what each layout may run,
// render it, publish.
func (ss *Session) rebuild(ctx context.Context, ch Changes) (*Result, error) {
	start := time.Now()
	res := &Result{Dest: ss.campaign.dest, CSSOnly: ch.CSS && !ch.Templates && len(ch.Content) == 0 && len(ch.Static) == 0}
	old := ss.cur.site
	th, relaid, problems := ss.relayout(ch)
	if err := problems.Err(); err != nil {
		res.Warnings = problems.Warnings()
		return res, err
	}
	s, dirty, cproblems := ss.reload(ctx, ch)
	problems = append(problems, cproblems...)
	if dirty == nil {
		// A new model: its warnings are all the content's.
		res.Warnings = problems.Warnings()
	} else {
		res.Warnings = ss.warningsAfter(ch, problems)
	}
	if err := problems.Err(); err != nil {
		return res, err
	}
	inPlace := s == old
	var files []string
	for _, f := range staticTargets(ss.cur.cfg, ch.Static) {
		files = append(files, "/"+f)
	}
	plan := ss.deps.Plan(old.Model, s.Model, site.Change{Dirty: dirty, Files: files, Relaid: relaid})
	var later []*site.Page
	plan.Render, later = ss.split(plan.Render)
	out, reads, err := ss.publish(ctx, start, res, s, th, plan, ch)
	switch {
	case err == nil:
		ss.cur.site, ss.cur.theme = s, th
		ss.deps.Update(s.Model, &plan, reads)
		ss.deps.Defer(later)
		ss.later = later
		out.Later = len(later)
	case inPlace:
		// The model took in what the output did not: the next rebuild
		// is a full one.
		ss.cur = nil
	}
	return out, err
}

func (ss *Session) publish(ctx context.Context, start time.Time, res *Result, s *site.Site, th *theme.Theme, plan site.Plan, ch Changes) (*Result, render.Reads, error) {
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
	if s.Metrics == nil {
		// Extras writes metrics.json whenever there are numbers; a
		// partial publish keeps what it does not write, so the file of
		// numbers since removed goes here.
		if dir, ok := sinks.For(s.Workspace).(*publish.Dir); ok {
			dir.Remove(s.Workspace.Prefix + site.MetricsFile)
		}
	}
	removeStaleImages(d, staticTargets(ss.cur.cfg, ch.Static), plan.Render, plan.Gone)
	th.Forget()
	reads, err := render.Pages(ctx, th, plan.Render, sinks, ss.deps)
	if err == nil {
		err = render.Extras(ctx, s, journeysOf(plan.Render), sinks)
	}
	if err == nil {
		err = ss.publishImages(ctx, res, th, s, d)
	}
	if err == nil && len(ch.Static) > 0 {
		err = d.each(func(dir *publish.Dir) error { return ss.copyStatic(ctx, dir, ch.Static, &res.Warnings) })
	}
	out, err := ss.finish(start, res, d, s, plan.Render, err)
	return out, reads, err
}

// outputFiles lists the files a page writes: its HTML, and a journey's
// journey.json, journey.csv and curve.svg.
func outputFiles(p *site.Page) []string {
	if p.Journey != nil {
		return append([]string{p.OutPath}, p.Journey.Files()...)
	}
	return []string{p.OutPath}
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
