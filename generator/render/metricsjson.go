package render

import (
	"encoding/json"

	"github.com/journey-ssg/journey/generator/site"
)

// MetricsSchemaVersion is the version of the metrics.json format; it
// changes only when a field changes meaning or goes away.
const MetricsSchemaVersion = 1

type jsonMetrics struct {
	Version int               `json:"version"`
	From    string            `json:"from"`
	To      string            `json:"to"`
	Tools   []string          `json:"tools"`
	Pages   []jsonPageMetrics `json:"pages"`
	Stages  []jsonStageMetric `json:"stages"`
}

type jsonPageMetrics struct {
	Page       string   `json:"page"`
	Title      string   `json:"title"`
	Stage      string   `json:"stage"`
	Product    string   `json:"product"`
	Variant    string   `json:"variant"`
	URL        string   `json:"url"`
	Views      int64    `json:"views"`
	Visitors   int64    `json:"visitors"`
	Leads      int64    `json:"leads"`
	Reviews    int64    `json:"reviews"`
	Conversion *float64 `json:"conversion"`
	// ChanceToBeatControl is set on variants with enough data.
	ChanceToBeatControl *float64 `json:"chanceToBeatControl"`
	EnoughData          bool     `json:"enoughData"`
}

type jsonStageMetric struct {
	Stage      string   `json:"stage"`
	Views      int64    `json:"views"`
	Visitors   int64    `json:"visitors"`
	Leads      int64    `json:"leads"`
	Reviews    int64    `json:"reviews"`
	Conversion *float64 `json:"conversion"`
}

// MetricsJSON encodes the site's measured numbers as metrics.json: per
// landing page and variant, then per stage, over the period. It returns
// nil when the site has none.
func MetricsJSON(s *site.Site) ([]byte, error) {
	m := s.Metrics
	if m == nil {
		return nil, nil
	}
	date := func(p site.Period, from bool) string {
		t := p.To
		if from {
			t = p.From
		}
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	conv := func(x site.Measured) *float64 {
		if !x.HasVisits() {
			return nil
		}
		c := x.Conversion()
		return &c
	}
	out := jsonMetrics{Version: MetricsSchemaVersion, From: date(m.Period, true), To: date(m.Period, false), Tools: m.Tools, Pages: []jsonPageMetrics{}, Stages: []jsonStageMetric{}}
	if out.Tools == nil {
		out.Tools = []string{}
	}
	for _, pm := range m.Pages {
		l := pm.Landing
		jp := jsonPageMetrics{Page: l.Slug, Title: l.Page.Title, Stage: l.Stage.Key, URL: l.Page.Permalink,
			Views: pm.Views, Visitors: pm.Visitors, Leads: pm.Leads, Reviews: pm.Reviews, Conversion: conv(pm.Measured)}
		if l.Product != nil {
			jp.Product = l.Product.Slug
		}
		if pm.Variant != nil {
			jp.Variant, jp.URL = pm.Variant.Name, pm.Variant.Page.Permalink
			jp.EnoughData = pm.Chance.Enough
			if pm.Chance.Enough && l.Measured != nil {
				p := pm.Chance.P
				jp.ChanceToBeatControl = &p
			}
		}
		out.Pages = append(out.Pages, jp)
	}
	for _, st := range s.Stages {
		if st.Measured == nil {
			continue
		}
		x := *st.Measured
		out.Stages = append(out.Stages, jsonStageMetric{Stage: st.Key, Views: x.Views, Visitors: x.Visitors, Leads: x.Leads, Reviews: x.Reviews, Conversion: conv(x)})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
