package site

import (
	"strings"

	"github.com/journey-ssg/journey/generator/chart"
	"github.com/journey-ssg/journey/generator/diag"
)

// resolveCompares links each journey to the journey its compare key
// names.
func (b *builder) resolveCompares() {
	bySlug := map[string]*Journey{}
	for _, j := range b.s.Journeys {
		bySlug[j.Journey.Slug] = j
	}
	for _, j := range b.s.Journeys {
		f := &j.Journey.File
		if j.Journey.Compare == f.Slug {
			b.problems.Add(diag.Errorf(f.Pos("compare"), "a journey cannot be compared with itself; name another journey's slug"))
			continue
		}
		j.Compare = lookup(b, f, "compare", j.Journey.Compare, false, "journey", "journeys", bySlug)
	}
}

// CompareCurve returns the emotion curve of the journey this one is
// compared with, on this map's columns and scale (colWidth units per
// step): its steps in a stage spread over the columns of that stage here.
// Steps in a stage this journey does not pass through are not drawn; the
// line breaks there.
func (j *Journey) CompareCurve(colWidth, height float64) chart.Curve {
	width := colWidth * float64(len(j.Steps))
	if j.Compare == nil {
		return chart.Curve{Width: width, Height: height}
	}
	spans := map[*Stage][2]int{}
	start := 0
	for _, g := range j.Groups() {
		spans[g.Stage] = [2]int{start, len(g.Steps)}
		start += len(g.Steps)
	}
	var xs []float64
	var values []int
	var labels []string
	for _, g := range j.Compare.Groups() {
		span, ok := spans[g.Stage]
		if !ok || g.Stage == nil {
			xs, values, labels = append(xs, 0), append(values, 0), append(labels, "")
			continue
		}
		for i, s := range g.Steps {
			xs = append(xs, (float64(span[0])+(float64(i)+0.5)*float64(span[1])/float64(len(g.Steps)))*colWidth)
			values = append(values, s.Emotion)
			labels = append(labels, s.Title)
		}
	}
	c := chart.EmotionCurveAt(xs, values, labels, width, height)
	c.Columns = len(j.Steps)
	return c
}

// StageChange is what changes in one stage from the journey a map is
// compared with to the map's own.
type StageChange struct {
	Stage *Stage
	// Added are this journey's steps the other has none titled as;
	// Removed the other's steps this one has none titled as.
	Added   []*Step
	Removed []*Step
	// Changed are the steps both have whose emotion differs.
	Changed []StepChange
	// Was and Now are the stage's average emotion in the other journey
	// and in this one; 0 when its steps there have none.
	Was, Now float64
}

// StepChange is a step both journeys have, with the emotion it had.
type StepChange struct {
	Step *Step
	Was  *Step
}

// Trend says how the stage's average emotion moved: "up", "down", "same",
// or "" when one of the journeys has none there.
func (c StageChange) Trend() string {
	switch {
	case c.Was == 0 || c.Now == 0:
		return ""
	case c.Now > c.Was:
		return "up"
	case c.Now < c.Was:
		return "down"
	}
	return "same"
}

// Trend says how the step's emotion moved: "up" or "down".
func (c StepChange) Trend() string {
	if c.Step.Emotion > c.Was.Emotion {
		return "up"
	}
	return "down"
}

// Changes lists, for each stage of the site that either journey passes
// through, what changes from the journey this one is compared with: the
// steps added and removed (matched by title within the stage) and how
// emotion moved. It is empty when the journey is compared with none.
func (j *Journey) Changes() []StageChange {
	if j.Compare == nil {
		return nil
	}
	var out []StageChange
	for _, st := range j.Page.Site.Stages {
		now, was := stepsIn(j, st), stepsIn(j.Compare, st)
		if len(now) == 0 && len(was) == 0 {
			continue
		}
		c := StageChange{Stage: st, Now: averageEmotion(now), Was: averageEmotion(was)}
		matched := make([]bool, len(was))
		for _, s := range now {
			k := matchTitle(s, was, matched)
			if k < 0 {
				c.Added = append(c.Added, s)
				continue
			}
			matched[k] = true
			if w := was[k]; s.HasLane("emotion") && w.HasLane("emotion") && s.Emotion != w.Emotion {
				c.Changed = append(c.Changed, StepChange{Step: s, Was: w})
			}
		}
		for k, w := range was {
			if !matched[k] {
				c.Removed = append(c.Removed, w)
			}
		}
		out = append(out, c)
	}
	return out
}

func stepsIn(j *Journey, st *Stage) []*Step {
	var out []*Step
	for _, s := range j.Columns() {
		if s.Stage == st {
			out = append(out, s)
		}
	}
	return out
}

// matchTitle returns the first step of was not yet matched whose title is
// s's, ignoring case and outer spaces, or -1.
func matchTitle(s *Step, was []*Step, matched []bool) int {
	for k, w := range was {
		if !matched[k] && strings.EqualFold(strings.TrimSpace(w.Title), strings.TrimSpace(s.Title)) {
			return k
		}
	}
	return -1
}

func averageEmotion(steps []*Step) float64 {
	sum, n := 0, 0
	for _, s := range steps {
		if s.HasLane("emotion") {
			sum += s.Emotion
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}
