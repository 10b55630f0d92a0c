package theme

import (
	"fmt"
	"html/template"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/picture"
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
		// imgsize reads the size of a static image for its width and
		// height attributes.
		"imgsize": t.imageSize,
		// picture plans the resized variants of a raster image, card a
		// page's sharing card (picture.go).
		"picture": t.picture,
		"card":    t.card,
		// pictures does for the images of Markdown copy what picture
		// does for the theme's: {{ .Content | pictures (.Site.URL "/") }}.
		"pictures": func(base string, content template.HTML) (template.HTML, error) {
			return t.pictures(base, content, func(string) {})
		},
		"dict":     dict,
		"first":    first,
		"after":    after,
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
		"money":    Money,
		"contrast": config.Contrast,
		"ink":      Ink,
		"mix":      Mix,
		// append adds elements to the end of a list, the list coming
		// last: {{ $l = $l | append $x }}. merge joins maps, a later
		// map's keys winning: {{ $m = merge $m (dict "k" $v) }}. Both
		// work as Hugo's functions of the same name do, and return a new
		// list or map (collections.go).
		"append": appendTo,
		"merge":  merge,
		// partial renders a partial template into HTML, to be inserted in
		// an HTML context; partialCached keeps the result for the given
		// keys, for blocks many pages share (a product's reviews).
		"partial": func(name string, data any) (template.HTML, error) { return t.partial(nil, name, data) },
		"partialCached": func(name string, data any, keys ...any) (template.HTML, error) {
			return t.partialCached(nil, name, data, keys...)
		},
		// The member reader of traced templates; runners replace it.
		memberFunc: func(recv reflect.Value, name string, args ...reflect.Value) (reflect.Value, error) {
			return t.evalMember(recv, name, args)
		},
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

// currencySymbols are the ISO 4217 codes written as a symbol before the
// amount; any other code is written as a prefix ("CHF 1,200").
var currencySymbols = map[string]string{
	"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "CNY": "¥",
}

// Money formats a price for people: whole amounts without decimals, others
// with two, thousands grouped, and the currency as a symbol or code before
// it. Money(2490, "EUR") gives "€2,490", Money(59.5, "CHF") "CHF 59.50".
func Money(amount float64, currency string) string {
	code := strings.ToUpper(strings.TrimSpace(currency))
	decimals := 2
	if code == "JPY" || code == "KRW" || amount == math.Trunc(amount) {
		decimals = 0
	}
	num := strconv.FormatFloat(math.Abs(amount), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(num, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	sign := ""
	if amount < 0 && strings.Trim(num, "0.") != "" {
		sign = "-"
	}
	switch sym, ok := currencySymbols[code]; {
	case ok:
		return sign + sym + b.String()
	case code != "":
		return sign + code + "\u00a0" + b.String()
	}
	return sign + b.String()
}

// rgb is a color with channels from 0 to 1.
type rgb [3]float64

func (c rgb) hex() string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c[0]*255)), int(math.Round(c[1]*255)), int(math.Round(c[2]*255)))
}

// mix returns a*w + b*(1-w), channel by channel.
func mix(a, b rgb, w float64) rgb {
	var out rgb
	for i := range out {
		out[i] = a[i]*w + b[i]*(1-w)
	}
	return out
}

// Mix blends two hex colors: weight 1 gives a, 0 gives b. Themes use it to
// tint surfaces with a brand color.
func Mix(a, b string, weight float64) (string, error) {
	ca, err := config.ParseColor(a)
	if err != nil {
		return "", err
	}
	cb, err := config.ParseColor(b)
	if err != nil {
		return "", err
	}
	return mix(ca, cb, math.Min(math.Max(weight, 0), 1)).hex(), nil
}

// Ink returns color, darkened on a light background or lightened on a dark
// one by as little as needed for a contrast ratio of at least min against
// bg: the brand color made readable, whatever brand color a site picks.
// When no shade reaches min it returns black or white, whichever contrasts
// more.
func Ink(color, bg string, min float64) (string, error) {
	c, err := config.ParseColor(color)
	if err != nil {
		return "", err
	}
	b, err := config.ParseColor(bg)
	if err != nil {
		return "", err
	}
	// Checks use the color as written, rounded to whole channels.
	pass := func(x rgb) bool { return config.Ratio(x.rounded(), b) >= min }
	if pass(c) {
		return rgb(c).hex(), nil
	}
	target := rgb{0, 0, 0}
	if config.Ratio(rgb{1, 1, 1}, b) > config.Ratio(target, b) {
		target = rgb{1, 1, 1}
	}
	if !pass(target) {
		return target.hex(), nil
	}
	// Find the smallest share of target that passes; ratio grows with it.
	lo, hi := 0.0, 1.0
	for i := 0; i < 30; i++ {
		m := (lo + hi) / 2
		if pass(mix(target, c, m)) {
			hi = m
		} else {
			lo = m
		}
	}
	return mix(target, c, hi).hex(), nil
}

// rounded is c with each channel rounded to the nearest of 256 steps, as
// hex writes it.
func (c rgb) rounded() rgb {
	var out rgb
	for i, v := range c {
		out[i] = math.Round(v*255) / 255
	}
	return out
}

// first returns at most the first n items of a list (a slice or array).
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("first: %T is not a list", list)
	}
	return v.Slice(0, min(max(n, 0), v.Len())).Interface(), nil
}

// after returns the items of a list after the first n.
func after(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("after: %T is not a list", list)
	}
	return v.Slice(min(max(n, 0), v.Len()), v.Len()).Interface(), nil
}

// partialCached renders the partial name with data once for the keys,
// and keeps the result until Forget. Under a runner, the reads of the
// partial are kept too, and told again to the recorder of every execution
// that uses the kept result.
func (t *Theme) partialCached(r *runner, name string, data any, keys ...any) (template.HTML, error) {
	key := memoKey(name, keys)
	t.mu.Lock()
	v, ok := t.memos[key]
	t.mu.Unlock()
	if ok {
		if r != nil && r.rec != nil {
			for _, rd := range v.reads {
				r.rec.Read(rd.recv, rd.member, rd.args, rd.result)
			}
		}
		return v.html, v.err
	}
	var log *readLog
	if r != nil {
		log = &readLog{next: r.rec}
		r.rec = log
		defer func() { r.rec = log.next }()
	}
	html, err := t.partial(r, name, data)
	m := memoized{html: html, err: err}
	if log != nil {
		m.reads = log.reads
	}
	t.mu.Lock()
	t.memos[key] = m
	t.mu.Unlock()
	return html, err
}

// memoKey is partialCached's key for the partial name and keys: each
// written so that different keys never read the same, strings quoted.
// Pages call partialCached for their header, footer and styles, so the
// common keys (strings, numbers) are written without fmt.
func memoKey(name string, keys []any) string {
	b := strconv.AppendQuote(make([]byte, 0, 64), name)
	for _, k := range keys {
		b = append(b, ' ')
		switch k := k.(type) {
		case string:
			b = strconv.AppendQuote(b, k)
		case int:
			b = strconv.AppendInt(b, int64(k), 10)
		case bool:
			b = strconv.AppendBool(b, k)
		default:
			// In a slice, as before, a pointer prints as its address:
			// the key is the object, not what it holds now.
			b = fmt.Appendf(b, "%q", []any{k})
		}
	}
	return string(b)
}

// Forget drops the kept partials (partialCached), image sizes and
// planned images, which show the site model and its files: call it
// before rendering from a new model with the same theme.
func (t *Theme) Forget() {
	t.mu.Lock()
	t.memos = map[string]memoized{}
	t.sizes = map[string]ImageSize{}
	t.mu.Unlock()
	t.pics.Forget()
	if exact := t.loaded.Load(); exact != nil {
		exact.Forget()
	}
}

type memoized struct {
	html  template.HTML
	err   error
	reads []read
}

// read is one step a template took, as a Recorder hears of it.
type read struct {
	recv, result reflect.Value
	member       string
	args         []reflect.Value
}

// readLog keeps the reads it hears of, and passes them on.
type readLog struct {
	reads []read
	next  Recorder
}

func (l *readLog) Read(recv reflect.Value, member string, args []reflect.Value, result reflect.Value) {
	l.reads = append(l.reads, read{recv: recv, member: member, args: args, result: result})
	if l.next != nil {
		l.next.Read(recv, member, args, result)
	}
}

// partial executes the partial template name (such as
// "partials/reviews.html") with data, in the runner's templates when
// there is one.
func (t *Theme) partial(r *runner, name string, data any) (template.HTML, error) {
	set := t.partials
	if r != nil {
		set = r.partials
	}
	tt := set.Lookup(name)
	if tt == nil {
		return "", fmt.Errorf("partial %q not found", name)
	}
	var b strings.Builder
	if err := tt.Execute(&b, data); err != nil {
		return "", err
	}
	// The partial was escaped for an HTML context by html/template.
	return template.HTML(b.String()), nil
}

// runnerFuncs are the functions of a runner's templates that differ from
// the theme's: the member reader, the partials, which run in the runner's
// templates, and the functions that read static files, which report
// the files they read.
func (t *Theme) runnerFuncs(r *runner) template.FuncMap {
	return template.FuncMap{
		memberFunc: func(recv reflect.Value, name string, args ...reflect.Value) (reflect.Value, error) {
			return t.read(r, recv, name, args...)
		},
		"partial": func(name string, data any) (template.HTML, error) { return t.partial(r, name, data) },
		"partialCached": func(name string, data any, keys ...any) (template.HTML, error) {
			return t.partialCached(r, name, data, keys...)
		},
		"imgsize": func(ref string) ImageSize {
			recordFile(r.rec, ref)
			return t.imageSize(ref)
		},
		"picture": func(ref, base string) (picture.Picture, error) {
			recordFile(r.rec, ref)
			return t.picture(ref, base)
		},
		"pictures": func(base string, content template.HTML) (template.HTML, error) {
			return t.pictures(base, content, func(ref string) { recordFile(r.rec, ref) })
		},
		"card": func(folder any, page string, args map[string]any) (picture.CardFile, error) {
			for _, k := range []string{"image", "logo"} {
				if v, ok := args[k].(string); ok {
					recordFile(r.rec, v)
				}
			}
			return t.card(folder, page, args)
		},
	}
}
