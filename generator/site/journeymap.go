package site

import (
	"sort"
	"strings"

	"github.com/journey-ssg/journey/generator/chart"
)

// StageGroup is one stage of a journey map with the steps under it.
type StageGroup struct {
	Stage *Stage
	Steps []*Step
}

// Columns returns the journey's steps in map order: by the site's stage
// order, and within a stage in the order they are written.
func (j *Journey) Columns() []*Step {
	cols := append([]*Step(nil), j.Steps...)
	sort.SliceStable(cols, func(a, b int) bool { return stageIndex(cols[a]) < stageIndex(cols[b]) })
	return cols
}

func stageIndex(s *Step) int { return stageOrder(s.Stage) }

// Groups returns the stages the journey passes through, in the site's
// order, each with its steps.
func (j *Journey) Groups() []StageGroup {
	var out []StageGroup
	for _, s := range j.Columns() {
		if n := len(out); n > 0 && out[n-1].Stage == s.Stage {
			out[n-1].Steps = append(out[n-1].Steps, s)
			continue
		}
		out = append(out, StageGroup{Stage: s.Stage, Steps: []*Step{s}})
	}
	return out
}

// EmotionLabel describes an emotion score in words.
func EmotionLabel(v int) string {
	switch v {
	case 1:
		return "very negative"
	case 2:
		return "negative"
	case 3:
		return "neutral"
	case 4:
		return "positive"
	case 5:
		return "very positive"
	}
	return "not recorded"
}

// Curve returns the emotion curve across the journey's columns, colWidth
// units per step. A point is labelled with its step's feeling as written,
// or else with its emotion's word, capitalised as feelings are written.
func (j *Journey) Curve(colWidth, height float64) chart.Curve {
	cols := j.Columns()
	values := make([]int, len(cols))
	labels := make([]string, len(cols))
	for i, s := range cols {
		values[i] = s.Emotion
		word := EmotionLabel(s.Emotion)
		labels[i] = firstNonEmpty(s.Feeling, strings.ToUpper(word[:1])+word[1:])
	}
	return chart.EmotionCurve(values, labels, colWidth, height)
}

// volumeMetrics are the metrics that count people, in funnel order.
func volumeMetrics() []string {
	return []string{"impressions", "reach", "visitors", "sessions", "signups", "leads", "trials", "demos", "customers", "orders", "subscribers", "active_users", "renewals", "referrals", "reviews"}
}

// Funnel returns the journey's stage funnel: for each stage of the site,
// the volume its steps report — the metric furthest down the funnel that
// the stage's steps carry. A stage with no such number is missing, not
// guessed.
func (j *Journey) Funnel(width, rowHeight float64) chart.Funnel {
	order := volumeMetrics()
	rank := map[string]int{}
	for i, m := range order {
		rank[m] = i + 1
	}
	var stages []chart.FunnelStage
	for _, st := range j.Page.Site.Stages {
		fs := chart.FunnelStage{Key: st.Key, Name: st.Name, Color: st.Color}
		best := 0
		for _, s := range j.Steps {
			if s.Stage != st {
				continue
			}
			for _, m := range s.Metrics {
				if r := rank[m.Key]; r > 0 && r >= best {
					best, fs.Metric, fs.Value, fs.Known = r, m.Label, m.Value, true
				}
			}
		}
		stages = append(stages, fs)
	}
	return chart.NewFunnel(stages, width, rowHeight)
}

// MatrixCell is the average emotion of a persona's steps in one stage.
type MatrixCell struct {
	Stage   *Stage
	Average float64
	Steps   int // steps with an emotion; 0 means no data
}

// MatrixRow is one persona's row of the overview matrix.
type MatrixRow struct {
	Persona *Persona
	Cells   []MatrixCell
}

// Matrix returns the personas × stages overview: the average emotion of
// every step of each persona's journeys in each stage.
func (s *Site) Matrix() []MatrixRow {
	var rows []MatrixRow
	for _, p := range s.Personas {
		row := MatrixRow{Persona: p}
		for _, st := range s.Stages {
			cell := MatrixCell{Stage: st}
			sum := 0
			for _, j := range p.Journeys {
				for _, step := range j.Steps {
					if step.Stage == st && step.HasLane("emotion") {
						sum += step.Emotion
						cell.Steps++
					}
				}
			}
			if cell.Steps > 0 {
				cell.Average = float64(sum) / float64(cell.Steps)
			}
			row.Cells = append(row.Cells, cell)
		}
		rows = append(rows, row)
	}
	return rows
}

// Moments lists the moments that matter a step may mark.
func Moments() []string { return []string{"truth", "pain", "delight"} }

// MomentName names a moment that matters as the map labels it: "Moment of
// truth" for "truth"; empty for one that is not a moment.
func MomentName(moment string) string {
	switch moment {
	case "truth":
		return "Moment of truth"
	case "pain":
		return "Pain point"
	case "delight":
		return "Moment of delight"
	}
	return ""
}

// MomentName names the moment the step marks, empty when it marks none.
func (s *Step) MomentName() string { return MomentName(s.Moment) }
