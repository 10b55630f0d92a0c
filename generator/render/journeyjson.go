package render

import (
	"encoding/json"

	"github.com/journey-ssg/journey/generator/site"
)

// JSONSchemaVersion is the version of the journey.json format; it changes
// only when a field changes meaning or goes away.
const JSONSchemaVersion = 1

type jsonJourney struct {
	Version     int          `json:"version"`
	Slug        string       `json:"slug"`
	URL         string       `json:"url"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	Persona     *jsonRef     `json:"persona"`
	Product     *jsonRef     `json:"product"`
	Lanes       []string     `json:"lanes"`
	CustomLanes []jsonLane   `json:"customLanes"`
	Compare     *jsonRef     `json:"compare"`
	Stages      []jsonStage  `json:"stages"`
	Steps       []jsonStep   `json:"steps"`
	Funnel      []jsonFunnel `json:"funnel"`
}

type jsonRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type jsonLane struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Group string `json:"group,omitempty"`
}

type jsonStage struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Color string `json:"color"`
	Steps []int  `json:"steps"`
}

type jsonStep struct {
	Stage         string             `json:"stage"`
	Title         string             `json:"title"`
	Actions       []string           `json:"actions"`
	Touchpoints   []string           `json:"touchpoints"`
	Channels      []string           `json:"channels"`
	Thinking      string             `json:"thinking"`
	Feeling       string             `json:"feeling"`
	Emotion       *int               `json:"emotion"`
	Pains         []string           `json:"pains"`
	Opportunities []string           `json:"opportunities"`
	Owner         string             `json:"owner"`
	Metrics       map[string]float64 `json:"metrics"`
	Moment        string             `json:"moment,omitempty"`
	// Lanes holds the entries of the journey's custom lanes: a list, or
	// a string for a text lane.
	Lanes map[string]any `json:"lanes,omitempty"`
}

type jsonFunnel struct {
	Stage  string   `json:"stage"`
	Metric string   `json:"metric,omitempty"`
	Value  *float64 `json:"value"`
	Rate   *float64 `json:"rate"`
}

// JourneyJSON returns the journey as the JSON document written beside its
// map at /journeys/<slug>/journey.json. The format is documented in the
// README.
func JourneyJSON(j *site.Journey) ([]byte, error) {
	out := jsonJourney{
		Version: JSONSchemaVersion, Slug: j.Journey.Slug, URL: j.Page.Permalink,
		Title: j.Page.Title, Description: j.Page.Description, Lanes: []string{}, CustomLanes: []jsonLane{},
		Stages: []jsonStage{}, Steps: []jsonStep{}, Funnel: []jsonFunnel{},
	}
	for _, l := range j.Lanes {
		out.Lanes = append(out.Lanes, l.Key)
		if l.Custom {
			out.CustomLanes = append(out.CustomLanes, jsonLane{Key: l.Key, Name: l.Name, Kind: l.Kind, Group: l.Group})
		}
	}
	if c := j.Compare; c != nil {
		out.Compare = &jsonRef{Slug: c.Journey.Slug, Name: c.Page.Title, URL: c.Page.Permalink}
	}
	if p := j.Persona; p != nil {
		out.Persona = &jsonRef{Slug: p.Persona.Slug, Name: p.DisplayName(), URL: p.Page.Permalink}
	}
	if p := j.Product; p != nil {
		out.Product = &jsonRef{Slug: p.Product.Slug, Name: p.DisplayName(), URL: p.Page.Permalink}
	}
	i := 0
	for _, g := range j.Groups() {
		st := jsonStage{Steps: []int{}}
		if g.Stage != nil {
			st.Key, st.Name, st.Color = g.Stage.Key, g.Stage.Name, g.Stage.Color
		}
		for _, s := range g.Steps {
			st.Steps = append(st.Steps, i)
			out.Steps = append(out.Steps, stepJSON(j, s))
			i++
		}
		out.Stages = append(out.Stages, st)
	}
	for _, b := range j.Funnel(1, 1).Bars {
		f := jsonFunnel{Stage: b.Key, Metric: b.Metric}
		if b.Known {
			v := b.Value
			f.Value = &v
		}
		if b.RateKnown {
			r := b.Rate
			f.Rate = &r
		}
		out.Funnel = append(out.Funnel, f)
	}
	return json.MarshalIndent(out, "", "  ")
}

func stepJSON(j *site.Journey, s *site.Step) jsonStep {
	js := jsonStep{
		Title: s.Title, Actions: orEmpty(s.Actions), Touchpoints: orEmpty(s.Touchpoints), Channels: orEmpty(s.Channels),
		Thinking: s.Thinking, Feeling: s.Feeling, Pains: orEmpty(s.Pains), Opportunities: orEmpty(s.Opportunities),
		Owner: s.Owner, Metrics: map[string]float64{}, Moment: s.Moment,
	}
	for _, l := range j.Lanes {
		if !l.Custom || !s.HasLane(l.Key) {
			continue
		}
		if js.Lanes == nil {
			js.Lanes = map[string]any{}
		}
		if l.Kind == site.LaneText {
			js.Lanes[l.Key] = s.Text(l.Key)
		} else {
			js.Lanes[l.Key] = s.List(l.Key)
		}
	}
	if s.Stage != nil {
		js.Stage = s.Stage.Key
	}
	if s.HasLane("emotion") {
		e := s.Emotion
		js.Emotion = &e
	}
	for _, m := range s.Metrics {
		js.Metrics[m.Key] = m.Value
	}
	return js
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
