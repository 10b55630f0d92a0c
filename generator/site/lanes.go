package site

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/chart"
	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

// The kinds of lanes. A lane of the site's or a journey's own is a list or
// a text; two built-in lanes hold numbers.
const (
	LaneList    = "list"
	LaneText    = "text"
	LaneEmotion = "emotion"
	LaneMetrics = "metrics"
)

// Backstage is the group of lanes drawn below the line of visibility: what
// happens behind the scenes, as a service blueprint draws it.
const Backstage = "backstage"

// Lane is one row of a journey map: what it is called, what its cells
// hold and whether the customer sees it.
type Lane struct {
	Key  string
	Name string
	// Kind is LaneList, LaneText, LaneEmotion or LaneMetrics.
	Kind string
	// Group is Backstage for a lane below the line of visibility, empty
	// for one the customer sees.
	Group string
	// Custom is set for a lane of the site's or the journey's own, whose
	// entries steps hold by its key (Step.List, Step.Text).
	Custom bool
}

// Backstage reports whether the lane is drawn below the line of
// visibility.
func (l Lane) Backstage() bool { return l.Group == Backstage }

// BuiltinLanes lists the built-in lanes in their default order.
func BuiltinLanes() []Lane {
	lane := func(key, kind string) Lane { return Lane{Key: key, Name: LaneName(key), Kind: kind} }
	return []Lane{
		lane("actions", LaneList), lane("touchpoints", LaneList), lane("channels", LaneList),
		lane("thinking", LaneText), lane("feeling", LaneText), lane("emotion", LaneEmotion),
		lane("pains", LaneList), lane("opportunities", LaneList), lane("owner", LaneText),
		lane("metrics", LaneMetrics),
	}
}

func laneKeysOf(lanes []Lane) []string {
	keys := make([]string, len(lanes))
	for i, l := range lanes {
		keys[i] = l.Key
	}
	return keys
}

func findLane(lanes []Lane, key string) (Lane, bool) {
	for _, l := range lanes {
		if l.Key == key {
			return l, true
		}
	}
	return Lane{}, false
}

// declare checks a lane of the site's or a journey's own against the lanes
// already known, reporting at pos(key) (key "" for the table), and
// returns it as a Lane.
func declare(d config.Lane, known []Lane, pos func(key string) diag.Pos, problems *diag.List) (Lane, bool) {
	l := Lane{Key: d.Key, Name: d.Name, Kind: d.Kind, Group: d.Group, Custom: true}
	ok := true
	switch {
	case d.Key == "":
		problems.Add(diag.Errorf(pos(""), "lane has no key: name it as steps fill it, such as key = \"backstage\""))
		return l, false
	case slices.ContainsFunc(BuiltinLanes(), func(b Lane) bool { return b.Key == d.Key }):
		problems.Add(diag.Errorf(pos("key"), "lane key %q is a built-in lane's; choose another key", d.Key))
		return l, false
	case slices.ContainsFunc(known, func(b Lane) bool { return b.Key == d.Key }):
		problems.Add(diag.Errorf(pos("key"), "lane %q is declared twice", d.Key))
		return l, false
	}
	if l.Name == "" {
		l.Name = MetricLabel(l.Key)
	}
	switch d.Kind {
	case "":
		l.Kind = LaneList
	case LaneList, LaneText:
	default:
		problems.Add(unknownRef(pos("kind"), "lane kind", d.Kind, []string{LaneList, LaneText}))
		ok = false
	}
	if d.Group != "" && d.Group != Backstage {
		problems.Add(unknownRef(pos("group"), "lane group", d.Group, []string{Backstage}))
		ok = false
	}
	return l, ok
}

// ConfigLanes returns the lanes a journey of a site with cfg may fill: the
// built-in ones and those journey.toml declares, as a build reads them
// (one it would report is left out).
func ConfigLanes(cfg *config.Config) []Lane {
	all := BuiltinLanes()
	var problems diag.List
	for _, d := range cfg.Lanes {
		if l, ok := declare(d, all, func(string) diag.Pos { return diag.Pos{} }, &problems); ok {
			all = append(all, l)
		}
	}
	return all
}

// siteLanes reads the lanes journey.toml declares, and the site's choice
// of lanes: [journeys] lanes, or else every built-in lane followed by
// the declared ones.
func (b *builder) siteLanes() {
	all := BuiltinLanes()
	for i, d := range b.cfg.Lanes {
		key := fmt.Sprintf("lanes[%d]", i)
		pos := func(k string) diag.Pos { return b.cfg.Pos(strings.TrimSuffix(key+"."+k, ".")) }
		if l, ok := declare(d, all, pos, &b.problems); ok {
			all = append(all, l)
		}
	}
	b.allLanes = all
	if len(b.cfg.Journeys.Lanes) == 0 {
		b.chosenLanes = all
		return
	}
	b.chosenLanes = nil
	for i, k := range b.cfg.Journeys.Lanes {
		b.chosenLanes = b.choose(b.chosenLanes, all, k, b.cfg.Pos(fmt.Sprintf("journeys.lanes[%d]", i)))
	}
}

// choose adds the lane key from known to chosen, or reports at pos why it
// cannot.
func (b *builder) choose(chosen, known []Lane, key string, pos diag.Pos) []Lane {
	l, ok := findLane(known, key)
	switch {
	case !ok:
		b.problems.Add(unknownRef(pos, "lane", key, laneKeysOf(known)))
	case slices.ContainsFunc(chosen, func(c Lane) bool { return c.Key == key }):
		b.problems.Add(diag.Errorf(pos, "lane %q is chosen twice", key))
	default:
		chosen = append(chosen, l)
	}
	return chosen
}

// journeyLanes sets the journey's lanes from its lanes key, and checks
// that its steps' entries fill lanes it has, with values of their kind.
func (b *builder) journeyLanes(j *Journey) {
	f := &j.Journey.File
	choices := j.Journey.Lanes
	known := b.allLanes
	var own []Lane
	ok := make([]bool, len(choices))
	for i, c := range choices {
		key := fmt.Sprintf("lanes[%d]", i)
		pos := func(k string) diag.Pos { return f.Pos(strings.TrimSuffix(key+"."+k, ".")) }
		switch {
		case c.Problem != "":
			b.problems.Add(diag.Errorf(pos(c.ProblemKey), "%s", c.Problem))
		case c.Decl != nil:
			if l, good := declare(*c.Decl, known, pos, &b.problems); good {
				known = append(known, l)
				own = append(own, l)
				ok[i] = true
			}
		default:
			ok[i] = true
		}
	}
	if choices.Declares() {
		j.Lanes = append(slices.Clip(b.chosenLanes), own...)
	} else {
		for i, c := range choices {
			if !ok[i] {
				continue
			}
			key := c.Key
			if c.Decl != nil {
				key = c.Decl.Key
			}
			j.Lanes = b.choose(j.Lanes, known, key, f.Pos(fmt.Sprintf("lanes[%d]", i)))
		}
	}
	for _, s := range j.Steps {
		b.stepEntries(s, known)
	}
}

// stepKeys are the keys a step's fields take.
var stepKeys = config.KnownKeys(reflect.TypeFor[content.Step]())(nil)

// stepEntries reads the step's entries of lanes of the site's or the
// journey's own into Step.Entries, reporting a key that names no lane and
// a value that does not fit its lane's kind.
func (b *builder) stepEntries(s *Step, known []Lane) {
	f := &s.Journey.Journey.File
	keys := make([]string, 0, len(s.Custom))
	for k := range s.Custom {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		// The position is looked up only for a problem.
		pos := func() diag.Pos { return f.Pos(fmt.Sprintf("steps[%d].%s", s.Index, k)) }
		l, ok := findLane(known, k)
		if !ok || !l.Custom {
			b.problems.Add(unknownRef(pos(), "step key", k, append(slices.Clip(stepKeys), customKeys(known)...)))
			continue
		}
		var entries []string
		switch v := s.Custom[k].(type) {
		case string:
			if l.Kind == LaneList {
				b.problems.Add(diag.Errorf(pos(), "lane %q is a list: write %s = [%q]", k, k, v))
				continue
			}
			entries = []string{v}
		case []any:
			if l.Kind == LaneText {
				b.problems.Add(diag.Errorf(pos(), "lane %q is a text: write %s = \"…\", not a list", k, k))
				continue
			}
			for _, e := range v {
				str, isStr := e.(string)
				if !isStr {
					b.problems.Add(diag.Errorf(pos(), "lane %q is a list of strings; %v is not a string", k, e))
					entries = nil
					break
				}
				entries = append(entries, str)
			}
		default:
			b.problems.Add(diag.Errorf(pos(), "lane %q takes %s, not %v", k, kindHint(l.Kind), v))
			continue
		}
		if s.Entries == nil {
			s.Entries = map[string][]string{}
		}
		s.Entries[k] = entries
	}
}

func kindHint(kind string) string {
	if kind == LaneText {
		return "a string"
	}
	return "a list of strings"
}

func customKeys(lanes []Lane) []string {
	var out []string
	for _, l := range lanes {
		if l.Custom {
			out = append(out, l.Key)
		}
	}
	return out
}

// MapLanes lists the lanes the map shows, in map order: the journey's
// lanes that have data in at least one step, those of the backstage group
// last, below the line of visibility. It is the one list of a journey's
// lanes that every view of the map follows.
func (j *Journey) MapLanes() []Lane {
	var front, back []Lane
	for _, l := range j.Lanes {
		if !slices.ContainsFunc(j.Steps, func(s *Step) bool { return s.HasLane(l.Key) }) {
			continue
		}
		if l.Backstage() {
			back = append(back, l)
		} else {
			front = append(front, l)
		}
	}
	return append(front, back...)
}

// HasLane reports whether the step has data for the lane key: an emotion
// on the scale, a metric, an entry of a built-in list or text lane, or a
// non-empty entry of a lane of the site's or the journey's own.
func (s *Step) HasLane(key string) bool {
	switch key {
	case "emotion":
		return s.Emotion >= chart.MinEmotion && s.Emotion <= chart.MaxEmotion
	case "metrics":
		return len(s.Metrics) > 0
	}
	entries := s.LaneEntries(key)
	if _, custom := s.Entries[key]; custom {
		return slices.ContainsFunc(entries, func(e string) bool { return e != "" })
	}
	return len(entries) > 0
}

// LaneEntries returns the step's entries in the list or text lane key: a
// list, or a text as one entry; none when the step leaves the lane empty.
func (s *Step) LaneEntries(key string) []string {
	var text string
	switch key {
	case "actions":
		return s.Actions
	case "touchpoints":
		return s.Touchpoints
	case "channels":
		return s.Channels
	case "pains":
		return s.Pains
	case "opportunities":
		return s.Opportunities
	case "thinking":
		text = s.Thinking
	case "feeling":
		text = s.Feeling
	case "owner":
		text = s.Owner
	default:
		return s.Entries[key]
	}
	if text == "" {
		return nil
	}
	return []string{text}
}

// List returns the step's entries in a list lane of the site's or the
// journey's own.
func (s *Step) List(key string) []string { return s.Entries[key] }

// Text returns the step's text in a text lane of the site's or the
// journey's own.
func (s *Step) Text(key string) string { return strings.Join(s.Entries[key], " ") }

// LaneName is the heading of a built-in lane.
func LaneName(lane string) string {
	switch lane {
	case "emotion":
		return "Emotion"
	case "thinking":
		return "Thinking"
	case "feeling":
		return "Feeling"
	}
	return MetricLabel(lane)
}
