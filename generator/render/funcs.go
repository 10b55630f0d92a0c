package render

import (
	"html/template"

	"github.com/journey-ssg/journey/generator/site"
)

// Funcs returns the template functions that know the site model, for
// theme.Load.
func Funcs() template.FuncMap {
	return template.FuncMap{
		// laneName is the heading of a journey-map lane.
		"laneName": site.LaneName,
		// momentName names a moment that matters: "Moment of truth".
		"momentName": site.MomentName,
		// emotionLabel describes an emotion score in words.
		"emotionLabel": site.EmotionLabel,
		// metric formats a number as metrics are: 48,000 or 4.3.
		"metric": func(v float64) string { return site.Metric{Value: v}.Display() },
		// percent formats a ratio as a percentage: 0.0646 as 6.5%.
		"percent": site.Percent,
	}
}
