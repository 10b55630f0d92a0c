package sheet

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/site"
)

// header returns the columns of j's sheet: stage, title, moment when a
// step marks one, and the lanes the map shows (lanes, in the map's order),
// with the metrics lane as one column per metric the steps carry, in the
// order a step lists its metrics.
func header(j *site.Journey, lanes []site.Lane) []string {
	out := []string{StageColumn, TitleColumn}
	if slices.ContainsFunc(j.Steps, func(s *site.Step) bool { return s.Moment != "" }) {
		out = append(out, MomentColumn)
	}
	for _, lane := range lanes {
		if lane.Kind != site.LaneMetrics {
			out = append(out, lane.Key)
			continue
		}
		var keys []string
		for _, s := range j.Steps {
			for _, m := range s.Metrics {
				if !slices.Contains(keys, m.Key) {
					keys = append(keys, m.Key)
				}
			}
		}
		slices.SortFunc(keys, site.CompareMetricKeys)
		for _, k := range keys {
			out = append(out, MetricPrefix+k)
		}
	}
	return out
}

// Write returns j as the CSV document written beside its map at
// /journeys/<slug>/journey.csv: UTF-8 without a byte-order mark, commas,
// CRLF line ends as RFC 4180 has them, one row per step in map order.
func Write(j *site.Journey) ([]byte, error) {
	lanes := j.MapLanes()
	cols := header(j, lanes)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	names := make([]string, len(cols))
	for i, h := range cols {
		names[i] = escapeCell(h)
	}
	if err := w.Write(names); err != nil {
		return nil, err
	}
	kinds := map[string]string{}
	for _, l := range lanes {
		kinds[l.Key] = l.Kind
	}
	row := make([]string, len(cols))
	for _, s := range j.Columns() {
		for i, col := range cols {
			row[i] = cell(s, col, kinds[col])
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// cell returns the step's cell in the column col, whose lane, if it is
// one, holds kind.
func cell(s *site.Step, col, kind string) string {
	switch col {
	case StageColumn:
		if s.Stage == nil {
			return escapeCell(s.Step.Stage)
		}
		return escapeCell(s.Stage.Key)
	case TitleColumn:
		return escapeCell(s.Title)
	case MomentColumn:
		return s.Moment
	case "emotion":
		if !s.HasLane("emotion") {
			return ""
		}
		return strconv.Itoa(s.Emotion)
	}
	if key, ok := cutMetric(col); ok {
		for _, m := range s.Metrics {
			if m.Key == key {
				return formatNumber(m.Value)
			}
		}
		return ""
	}
	if kind == site.LaneText {
		return escapeCell(firstEntry(s.LaneEntries(col)))
	}
	return joinList(s.LaneEntries(col))
}

func firstEntry(entries []string) string {
	if len(entries) == 0 {
		return ""
	}
	return entries[0]
}

// cutMetric returns the metric's key of a metric:<key> column.
func cutMetric(col string) (string, bool) {
	key, ok := strings.CutPrefix(col, MetricPrefix)
	return key, ok && key != ""
}
