package generator

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync/atomic"
	"time"

	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/render"
	"github.com/journey-ssg/journey/generator/site"
)

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
	d.inside = ss.cur.site.Workspace.Written() && !ss.cur.site.Workspace.Apart()
	outs := []*output{&ss.campaign}
	if ss.cur.site.Workspace.Apart() {
		dest, err := teamDestination(ss.opts, ss.cur.cfg, ss.campaign.dest)
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
