package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/formwire"
)

// PullOptions say where approved reviews come from.
type PullOptions struct {
	Source string
	// From and Token reach a running collector's admin API ...
	From, Token string
	// ... or DB opens its database directly.
	DB string
}

// collectedPrefix names the review files PullReviews owns in
// content/reviews/; it rewrites them all on every pull.
const collectedPrefix = "collected-"

// PullReviews writes every approved review the collector holds into
// content/reviews/collected-<product>.toml, one [[review]] table each,
// and returns the files written. Reviews that are not approved are never
// written.
func PullReviews(ctx context.Context, opts PullOptions) ([]string, error) {
	subs, err := approvedReviews(ctx, opts)
	if err != nil {
		return nil, err
	}
	byProduct := map[string][]collect.Submission{}
	for _, s := range subs {
		if s.Spam || s.Status != collect.StatusApproved {
			continue
		}
		// Products are named by their file's name. A product since
		// removed, or a name that is no file name, names none.
		p := s.Fields[formwire.Product]
		if p == "" || strings.HasPrefix(p, ".") || strings.ContainsAny(p, "/\\") {
			continue
		}
		if _, err := os.Stat(filepath.Join(opts.Source, "content", "products", p+".md")); err != nil {
			continue
		}
		// The build would refuse a review without a rating from 1 to 5.
		if r, err := strconv.Atoi(s.Fields["rating"]); err != nil || r < 1 || r > 5 {
			continue
		}
		byProduct[p] = append(byProduct[p], s)
	}
	dir := filepath.Join(opts.Source, "content", "reviews")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	old, _ := filepath.Glob(filepath.Join(dir, collectedPrefix+"*.toml"))
	products := make([]string, 0, len(byProduct))
	for p := range byProduct {
		products = append(products, p)
	}
	sort.Strings(products)
	var written []string
	keep := map[string]bool{}
	for _, p := range products {
		path := filepath.Join(dir, collectedPrefix+p+".toml")
		if err := os.WriteFile(path, reviewsTOML(byProduct[p]), 0o644); err != nil {
			return written, err
		}
		keep[path] = true
		written = append(written, path)
	}
	for _, o := range old {
		if !keep[o] {
			if err := os.Remove(o); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

func approvedReviews(ctx context.Context, opts PullOptions) ([]collect.Submission, error) {
	if opts.DB != "" {
		store, err := collect.OpenExisting(ctx, opts.DB)
		if err != nil {
			return nil, err
		}
		defer store.Close()
		return store.List(ctx, collect.Filter{Form: "review", Status: collect.StatusApproved})
	}
	if opts.From == "" {
		return nil, fmt.Errorf("say where the reviews are: --from URL (with --token) or --db")
	}
	client := &http.Client{Timeout: 30 * time.Second}
	var subs []collect.Submission
	for next := "/admin/submissions?form=review&status=approved"; next != ""; {
		page, err := reviewsPage(ctx, client, opts, next)
		if err != nil {
			return nil, err
		}
		subs = append(subs, page.Submissions...)
		next = page.Next
		if len(page.Submissions) == 0 {
			break // a next page after an empty one would never end
		}
	}
	return subs, nil
}

// reviewsPage reads one page of the collector's list of submissions.
func reviewsPage(ctx context.Context, client *http.Client, opts PullOptions, path string) (*collect.Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(opts.From, "/")+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+opts.Token)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", opts.From, res.Status)
	}
	var page collect.Page
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil {
		return nil, fmt.Errorf("read %s: %w", opts.From, err)
	}
	return &page, nil
}

func reviewsTOML(subs []collect.Submission) []byte {
	sort.Slice(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
	var b strings.Builder
	b.WriteString("# Approved reviews from journey collect, written by journey reviews pull.\n# The next pull rewrites this file: edit the reviews in the collector.\n")
	for _, s := range subs {
		rating, _ := strconv.Atoi(s.Fields["rating"])
		author := s.Fields["name"]
		if author == "" {
			author = "A customer"
		}
		fmt.Fprintf(&b, "\n[[review]]\nproduct = %s\nrating = %d\nauthor = %s\ndate = %s\ntitle = %s\nbody = %s\nsource = %s\n",
			config.Quote(s.Fields[formwire.Product]), rating, config.Quote(author), s.Time.UTC().Format("2006-01-02"),
			config.Quote(s.Fields["title"]), config.Quote(s.Fields["review"]), config.Quote("Website"))
	}
	return []byte(b.String())
}
