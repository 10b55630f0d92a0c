package theme

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// funcs returns the functions every template can call, next to the ones the
// caller adds.
func (t *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		// css inlines a stylesheet from the theme's assets. Assets are
		// theme files, trusted like the templates themselves.
		"css": func(name string) (template.CSS, error) {
			s, err := t.Asset(name)
			return template.CSS(s), err
		},
		// js inlines a script from the theme's assets.
		"js": func(name string) (template.JS, error) {
			s, err := t.Asset(name)
			return template.JS(s), err
		},
		// svg inlines an SVG icon from the theme's assets.
		"svg": func(name string) (template.HTML, error) {
			s, err := t.Asset(name)
			return template.HTML(s), err
		},
		"dict":     dict,
		"list":     func(v ...any) []any { return v },
		"seq":      seq,
		"add":      func(a, b float64) float64 { return a + b },
		"sub":      func(a, b float64) float64 { return a - b },
		"mul":      func(a, b float64) float64 { return a * b },
		"div":      div,
		"round":    func(v float64, places int) float64 { p := math.Pow(10, float64(places)); return math.Round(v*p) / p },
		"int":      func(v float64) int { return int(math.Round(v)) },
		"float":    func(v int) float64 { return float64(v) },
		"initials": Initials,
		"date":     func(layout string, t time.Time) string { return t.Format(layout) },
		"truncate": truncate,
		"lower":    strings.ToLower,
		"upper":    strings.ToUpper,
		"join":     strings.Join,
		"plural":   plural,
	}
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key and value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func seq(n int) []int {
	out := make([]int, max(n, 0))
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func div(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Initials returns up to two capital letters from a name, for monograms:
// "Zoë Martín" gives "ZM".
func Initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			out = append(out, unicode.ToUpper(r))
		}
		if len(out) == 2 {
			break
		}
	}
	return string(out)
}

func truncate(n int, s string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	return strings.TrimRight(string(r), " ,.;:") + "…"
}

// plural picks the singular or plural word for n: plural 1 "review"
// "reviews" gives "1 review".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
