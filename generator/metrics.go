package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/analytics"
	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/formwire"
	"github.com/journey-ssg/journey/generator/site"
)

// MetricsPullOptions say where measured numbers come from.
type MetricsPullOptions struct {
	PullOptions
	// Since, a day such as 2026-11-01, leaves out what came before it.
	Since string
	// Now is the clock that dates the end of the period; nil is
	// time.Now.
	Now func() time.Time
	// Theme is the embedded default theme, as in Options.
	Theme fs.FS
}

// collectedMetrics is the file journey metrics pull owns in
// content/metrics/; it rewrites it on every pull.
const collectedMetrics = "collected.toml"

// PullMetrics writes the collector's view counts, joined with the leads
// and reviews it received (spam left out), into
// content/metrics/collected.toml, one row per day, page, variant,
// campaign and source. Only the site's landing pages are kept: a form on
// a product page counts no landing page's leads. It returns the file and
// how many rows it holds.
func PullMetrics(ctx context.Context, opts MetricsPullOptions) (string, int, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if opts.Since != "" {
		if _, err := time.Parse("2006-01-02", opts.Since); err != nil {
			return "", 0, fmt.Errorf("--since %s is not a date such as 2026-11-01", opts.Since)
		}
	}
	l, _, err := loadOnce(ctx, Options{Source: opts.Source, Theme: opts.Theme}, forCheck)
	if err != nil {
		return "", 0, err
	}
	pages := landingPaths(l.site)
	counts, subs, err := collected(ctx, opts)
	if err != nil {
		return "", 0, err
	}
	type key struct{ day, page, variant, campaign, source string }
	rows := map[key]*metricsRow{}
	row := func(k key) *metricsRow {
		r := rows[k]
		if r == nil {
			r = &metricsRow{Day: k.day, Page: k.page, Variant: k.variant, Campaign: k.campaign, Source: k.source}
			rows[k] = r
		}
		return r
	}
	for _, c := range counts {
		if !pages[c.Page] {
			continue
		}
		r := row(key{c.Day, c.Page, c.Variant, c.Campaign, c.Source})
		r.Views += c.Views
		r.Visitors += c.Visitors
	}
	for _, s := range subs {
		day := s.Time.UTC().Format("2006-01-02")
		if s.Spam || day < opts.Since || !pages[s.Page] || (s.Form != "lead" && s.Form != "review") {
			continue
		}
		r := row(key{day, s.Page, s.Fields[formwire.Variant], utmTag(s.Fields["utm_campaign"]), utmTag(s.Fields["utm_source"])})
		if s.Form == "lead" {
			r.Leads++
		} else {
			r.Reviews++
		}
	}
	list := make([]*metricsRow, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].less(list[j]) })
	from := opts.Since
	if from == "" && len(list) > 0 {
		from = list[0].Day
	}
	to := now().UTC().Format("2006-01-02")
	path := filepath.Join(opts.Source, "content", "metrics", collectedMetrics)
	head := "# Measured by journey collect, written by journey metrics pull.\n# The next pull rewrites this file.\n"
	return path, len(list), writeMetrics(path, head, "collect", from, to, list)
}

// collected reads the view counts and the submissions from the
// collector's database or admin API.
func collected(ctx context.Context, opts MetricsPullOptions) ([]collect.ViewCount, []collect.Submission, error) {
	notSpam := false
	if opts.DB != "" {
		store, err := collect.OpenExisting(ctx, opts.DB)
		if err != nil {
			return nil, nil, err
		}
		defer store.Close()
		counts, err := store.Views(ctx, opts.Since)
		if err != nil {
			return nil, nil, err
		}
		subs, err := store.List(ctx, collect.Filter{Spam: &notSpam})
		return counts, subs, err
	}
	if opts.From == "" {
		return nil, nil, fmt.Errorf("say where the numbers are: --from URL (with --token) or --db")
	}
	client := &http.Client{Timeout: 30 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(opts.From, "/")+"/admin/views?since="+url.QueryEscape(opts.Since), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+opts.Token)
	res, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%s answered %s", opts.From, res.Status)
	}
	var counts []collect.ViewCount
	if err := json.NewDecoder(res.Body).Decode(&counts); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", opts.From, err)
	}
	var subs []collect.Submission
	for next := "/admin/submissions?spam=false"; next != ""; {
		page, err := reviewsPage(ctx, client, opts.PullOptions, next)
		if err != nil {
			return nil, nil, err
		}
		subs = append(subs, page.Submissions...)
		next = page.Next
		if len(page.Submissions) == 0 {
			break
		}
	}
	return counts, subs, nil
}

// utmTag cleans a form's UTM value as the collector cleans a beacon's:
// trimmed, lower case, at most 64 bytes of whole characters.
func utmTag(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	for len(v) > 64 {
		v = strings.ToValidUTF8(v[:64], "")
	}
	return v
}

// MetricsImportOptions say which analytics export to import.
type MetricsImportOptions struct {
	Options
	// File is the CSV export, Tool the tool that wrote it.
	File, Tool string
}

// Unmatched is a row of an export that names no landing page.
type Unmatched struct {
	Line int
	Path string
}

// ImportMetrics reads a page export of an analytics tool, keeps the rows
// of the site's landing pages and variants, and writes them into
// content/metrics/<tool>.toml (which the next import of that tool
// rewrites). It returns the file, the rows written and those that named
// no landing page.
func ImportMetrics(ctx context.Context, opts MetricsImportOptions) (string, int, []Unmatched, error) {
	f, err := os.Open(opts.File)
	if err != nil {
		return "", 0, nil, err
	}
	defer f.Close()
	rep, err := analytics.Read(f, opts.Tool)
	if err != nil {
		return "", 0, nil, fmt.Errorf("%s: %w", opts.File, err)
	}
	l, _, err := loadOnce(ctx, opts.Options, forCheck)
	if err != nil {
		return "", 0, nil, err
	}
	pages := landingPaths(l.site)
	var rows []*metricsRow
	var unmatched []Unmatched
	for _, r := range rep.Rows {
		p := r.Path
		if !strings.HasSuffix(p, "/") && filepath.Ext(p) == "" {
			p += "/"
		}
		if !pages[p] {
			unmatched = append(unmatched, Unmatched{Line: r.Line, Path: r.Path})
			continue
		}
		rows = append(rows, &metricsRow{Page: p, Views: r.Views, Visitors: r.Visitors})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].less(rows[j]) })
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	path := filepath.Join(opts.Source, "content", "metrics", opts.Tool+".toml")
	head := fmt.Sprintf("# Imported from %s by journey metrics import --source %s.\n# The next import from %s rewrites this file.\n", filepath.Base(opts.File), opts.Tool, opts.Tool)
	return path, len(rows), unmatched, writeMetrics(path, head, opts.Tool, date(rep.From), date(rep.To), rows)
}

// landingPaths are the URLs of the site's landing pages and variants.
func landingPaths(s *site.Site) map[string]bool {
	out := map[string]bool{}
	for _, l := range s.Landings {
		out[l.Page.URL] = true
		for _, v := range l.Variants {
			out[v.Page.URL] = true
		}
	}
	return out
}

// metricsRow is a [[row]] of a metrics file.
type metricsRow struct {
	Day, Page, Variant, Campaign, Source string
	Views, Visitors, Leads, Reviews      int64
}

func (r *metricsRow) less(o *metricsRow) bool {
	for _, p := range [][2]string{{r.Day, o.Day}, {r.Page, o.Page}, {r.Variant, o.Variant}, {r.Campaign, o.Campaign}, {r.Source, o.Source}} {
		if p[0] != p[1] {
			return p[0] < p[1]
		}
	}
	return false
}

// writeMetrics writes a metrics file, through a temporary file so that a
// preview never reads half of one.
func writeMetrics(path, head, tool, from, to string, rows []*metricsRow) error {
	var b strings.Builder
	b.WriteString(head)
	fmt.Fprintf(&b, "tool = %s\n", config.Quote(tool))
	if from != "" {
		fmt.Fprintf(&b, "from = %s\n", from)
	}
	if to != "" {
		fmt.Fprintf(&b, "to = %s\n", to)
	}
	for _, r := range rows {
		b.WriteString("\n[[row]]\n")
		if r.Day != "" {
			fmt.Fprintf(&b, "day = %s\n", r.Day)
		}
		fmt.Fprintf(&b, "page = %s\n", config.Quote(r.Page))
		for _, kv := range [][2]string{{"variant", r.Variant}, {"campaign", r.Campaign}, {"source", r.Source}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "%s = %s\n", kv[0], config.Quote(kv[1]))
			}
		}
		fmt.Fprintf(&b, "views = %d\nvisitors = %d\n", r.Views, r.Visitors)
		if r.Leads > 0 {
			fmt.Fprintf(&b, "leads = %d\n", r.Leads)
		}
		if r.Reviews > 0 {
			fmt.Fprintf(&b, "reviews = %d\n", r.Reviews)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".metrics-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
