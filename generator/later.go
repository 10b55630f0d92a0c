package generator

import (
	"context"
	"time"

	"github.com/journey-ssg/journey/generator/site"
)

// The preview renders what people look at first. When a rebuild has more
// pages to render than deferAbove (Session.deferAbove in tests), such as
// after an edit to a partial every page runs or to a persona whose name
// shows on every page of the stage hubs, it renders the pages browsers
// showed lately, publishes them and answers, so that the browser reloads
// at once; the other pages wait for Idle, which renders them laterChunk at
// a time while no change is waiting. Hugo's server does the same ("fast
// render mode").
const (
	deferAbove = 24
	laterChunk = 500
)

// Viewed names the pages browsers showed lately, by the folder they are
// in and their file there ("personas/ana/index.html").
type Viewed func() map[site.Audience][]string

// split divides the pages a rebuild renders into those to render now and
// those to leave for later, when the session has browsers to serve first
// and the rebuild is large enough to be worth it.
func (ss *Session) split(render []*site.Page) (now, later []*site.Page) {
	if ss.viewed == nil || len(render) <= ss.deferAbove {
		return render, nil
	}
	seen := map[site.Audience]map[string]bool{}
	for folder, files := range ss.viewed() {
		seen[folder] = map[string]bool{}
		for _, f := range files {
			seen[folder][f] = true
		}
	}
	for _, p := range render {
		if seen[p.Site.Folder()][p.OutPath] {
			now = append(now, p)
		} else {
			later = append(later, p)
		}
	}
	return now, later
}

// Later reports how many pages a rebuild left for Idle to render.
func (ss *Session) Later() int { return len(ss.later) }

// Idle renders up to laterChunk of the pages rebuilds left for later, and
// publishes them. It does nothing, and returns nil, when none are left.
func (ss *Session) Idle(ctx context.Context) (*Result, error) {
	if ss.cur == nil {
		// The next rebuild is a full one, which renders them all.
		ss.later = nil
	}
	if len(ss.later) == 0 {
		return nil, nil
	}
	start := time.Now()
	n := min(laterChunk, len(ss.later))
	plan := site.Plan{Render: ss.later[:n]}
	res := &Result{Dest: ss.campaign.dest, Warnings: ss.warnings}
	out, reads, err := ss.publish(ctx, start, res, ss.cur.site, ss.cur.theme, plan, Changes{})
	if err != nil {
		// They stay for the next rebuild, which renders them first.
		return out, err
	}
	ss.deps.Update(ss.cur.site.Model, &plan, reads)
	ss.later = ss.later[n:]
	out.Later = len(ss.later)
	// The warnings are the last rebuild's, told already.
	out.Warnings = nil
	return out, nil
}
