package site

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

// Metric is one named number of a step.
type Metric struct {
	Key   string
	Label string
	Value float64
}

// IsRate reports whether the metric is a ratio shown as a percentage: its
// name says so (rate, conversion, churn, share, drop_off, ratio, ctr) and
// its value is between 0 and 1.
func (m Metric) IsRate() bool {
	if m.Value < 0 || m.Value > 1 {
		return false
	}
	key := strings.ToLower(m.Key)
	for _, w := range []string{"rate", "conversion", "churn", "share", "drop_off", "dropoff", "ratio", "ctr", "percent"} {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// Display formats the value for people: 0.065 as 6.5% for a rate, 48000
// as 48,000, 4.3 as 4.3.
func (m Metric) Display() string {
	if m.IsRate() {
		return Percent(m.Value)
	}
	if m.Value == math.Trunc(m.Value) && math.Abs(m.Value) < 1e15 {
		return groupThousands(int64(m.Value))
	}
	return trimZeros(strconv.FormatFloat(m.Value, 'f', 2, 64))
}

// Percent formats a ratio as a percentage: 0.0646 as 6.5%, 0.5 as 50%.
func Percent(r float64) string {
	return trimZeros(strconv.FormatFloat(r*100, 'f', 1, 64)) + "%"
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// metricOrder puts the funnel's metrics first, in funnel order; others
// follow by name.
func metricOrder(key string) int {
	order := []string{"impressions", "reach", "visitors", "sessions", "signups", "leads", "trials", "demos", "customers", "orders", "conversion", "revenue", "retention_rate", "churn", "csat", "nps", "referrals", "reviews"}
	for i, k := range order {
		if k == key {
			return i
		}
	}
	return len(order)
}

// metricsOf checks and orders a step's metrics, written at key in f. Every
// value must be a number.
func metricsOf(f *content.File, key string, raw map[string]any) ([]Metric, diag.List) {
	var problems diag.List
	var out []Metric
	for k, v := range raw {
		var val float64
		switch v := v.(type) {
		case int64:
			val = float64(v)
		case float64:
			val = v
		default:
			problems.Add(diag.Errorf(f.Pos(key+"."+k), "metric %q must be a number, not %v", k, describeValue(v)))
			continue
		}
		if math.IsNaN(val) || math.IsInf(val, 0) {
			problems.Add(diag.Errorf(f.Pos(key+"."+k), "metric %q must be a finite number", k))
			continue
		}
		out = append(out, Metric{Key: k, Label: MetricLabel(k), Value: val})
	}
	slices.SortFunc(out, func(a, b Metric) int { return CompareMetricKeys(a.Key, b.Key) })
	return out, problems
}

// CompareMetricKeys orders metrics as a step lists them: the funnel's
// metrics first, in funnel order, then the others by key.
func CompareMetricKeys(a, b string) int {
	return cmp.Or(cmp.Compare(metricOrder(a), metricOrder(b)), strings.Compare(a, b))
}

func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%T", v)
}

// MetricLabel turns a metric key into a label: "retention_rate" becomes
// "Retention rate", "nps" becomes "NPS".
func MetricLabel(key string) string {
	switch strings.ToLower(key) {
	case "nps", "csat", "ctr", "cac", "ltv", "arpu", "mrr", "roi", "cpc", "cpa":
		return strings.ToUpper(key)
	}
	s := strings.ReplaceAll(strings.ReplaceAll(key, "_", " "), "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
