package content

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/journey-ssg/journey/generator/config"
)

// Lanes is a journey's lanes key. Written as a list, each string chooses a
// lane by its key and each table declares a lane of the journey's own in
// that place; written as [[lanes]] tables, it only declares lanes, which
// follow the site's choice. Problems are kept with their entry, for the
// site's builder to report with their position.
type Lanes []LaneChoice

// LaneChoice is one entry of a journey's lanes.
type LaneChoice struct {
	// Key is the lane chosen, when Decl is nil.
	Key string
	// Decl is a lane the journey declares, nil for a lane chosen by key.
	Decl *config.Lane
	// Problem says what is wrong with the entry: a value that is neither
	// a key nor a table, or a table key that is not a string. Empty when
	// the entry reads well.
	Problem string
	// ProblemKey is the table key Problem is about, empty for the entry.
	ProblemKey string
}

// Declares reports whether the lanes only declare lanes (all of them
// tables), leaving the choice to the site.
func (l Lanes) Declares() bool {
	for _, c := range l {
		if c.Decl == nil {
			return false
		}
	}
	return true
}

// UnmarshalTOML reads a list of keys and tables, or [[lanes]] tables.
func (l *Lanes) UnmarshalTOML(v any) error {
	var items []any
	switch v := v.(type) {
	case []any:
		items = v
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	default:
		return fmt.Errorf("lanes is a list of lane keys, such as [\"actions\", \"emotion\"], or [[lanes]] tables")
	}
	out := make(Lanes, len(items))
	for i, it := range items {
		switch it := it.(type) {
		case string:
			out[i].Key = it
		case map[string]any:
			out[i] = declaration(it)
		default:
			out[i].Problem = fmt.Sprintf("a lane is a key such as \"actions\" or a table with key, name and kind, not %v", it)
		}
	}
	*l = out
	return nil
}

// laneKeys are the keys of a lane's table, from the type it decodes into.
var laneKeys = config.KnownKeys(reflect.TypeFor[config.Lane]())(nil)

// declaration reads a lane's table into a config.Lane, whose toml tags
// name its keys.
func declaration(m map[string]any) LaneChoice {
	c := LaneChoice{Decl: &config.Lane{}}
	rv := reflect.ValueOf(c.Decl).Elem()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(laneKeys, k) {
			if s := config.Suggest(k, laneKeys); s != "" {
				c.Problem, c.ProblemKey = fmt.Sprintf("unknown lane key %q; did you mean %q?", k, s), k
			} else {
				c.Problem, c.ProblemKey = fmt.Sprintf("unknown lane key %q; a lane has %s", k, joinKeys(laneKeys)), k
			}
			return c
		}
		s, ok := m[k].(string)
		if !ok {
			c.Problem, c.ProblemKey = fmt.Sprintf("lane key %q must be a string", k), k
			return c
		}
		for f := range rv.Type().Fields() {
			if f.Tag.Get("toml") == k {
				rv.FieldByIndex(f.Index).SetString(s)
			}
		}
	}
	return c
}

func joinKeys(keys []string) string {
	out := ""
	for i, k := range keys {
		switch {
		case i == 0:
		case i == len(keys)-1:
			out += " and "
		default:
			out += ", "
		}
		out += k
	}
	return out
}
