package collect

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ViewCount is the views of one page, variant, campaign and source on
// one day (UTC): all the collector keeps of page views. Visitors are the
// day's unique visitors of that combination.
type ViewCount struct {
	Day      string `json:"day"` // 2006-01-02
	Page     string `json:"page"`
	Variant  string `json:"variant,omitempty"`
	Campaign string `json:"campaign,omitempty"`
	Source   string `json:"source,omitempty"`
	Views    int64  `json:"views"`
	Visitors int64  `json:"visitors"`
}

// ViewStore keeps view counts. AddViews adds counts to those stored for
// the same day, page, variant, campaign and source, in one transaction.
type ViewStore interface {
	AddViews(ctx context.Context, counts []ViewCount) error
	// Views lists the counts of since (2006-01-02) and later, in order
	// of day, page, variant, campaign and source; since "" lists all.
	Views(ctx context.Context, since string) ([]ViewCount, error)
}

// ViewPage is a page whose views the collector counts, with the names
// of its variants.
type ViewPage struct {
	URL      string
	Variants []string
}

// The bounds of what a view beacon may say: longer values are cut.
const (
	maxTag    = 64  // a campaign or a source
	maxHost   = 253 // a referrer's host name
	maxBeacon = 2 << 10
	// maxSeen bounds the visitors remembered in a day; past it, a
	// visitor not seen before counts a view but not a visitor.
	maxSeen = 1 << 20
)

// DefaultFlushEvery is how often counted views are written by default:
// a crash loses at most this much of them, never a submission.
const DefaultFlushEvery = 10 * time.Second

// botAgent matches the user agents of crawlers, link previewers, headless
// browsers and HTTP libraries, whose views are not counted.
var botAgent = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|headless|lighthouse|pagespeed|preview|facebookexternalhit|embedly|curl|wget|python|go-http-client|java/|okhttp|axios|node-fetch|phantomjs|selenium|puppeteer|playwright`)

// isBot reports whether a user agent is a crawler's or a headless
// browser's, or says nothing.
func isBot(ua string) bool { return strings.TrimSpace(ua) == "" || botAgent.MatchString(ua) }

// viewKey is one row of the counts.
type viewKey struct{ day, page, variant, campaign, source string }

// counter adds up views in memory until they are written. Visitors are
// told apart by a hash of their address and user agent under a salt that
// is made at random each day and never leaves memory: neither is stored,
// and yesterday's hashes cannot be matched with today's.
type counter struct {
	mu     sync.Mutex
	counts map[viewKey]*ViewCount // mu guards all below: not yet written
	day    string
	salt   [32]byte
	seen   map[seenKey]struct{} // visitors counted today, by row
}

type seenKey struct {
	row viewKey
	who uint64
}

func newCounter() *counter {
	return &counter{counts: map[viewKey]*ViewCount{}, seen: map[seenKey]struct{}{}}
}

// add counts one view at now by the visitor whose address and user agent
// are given; they are hashed and dropped.
func (c *counter) add(now time.Time, k viewKey, addr, ua string) {
	day := now.UTC().Format("2006-01-02")
	k.day = day
	c.mu.Lock()
	defer c.mu.Unlock()
	if day != c.day {
		c.day = day
		rand.Read(c.salt[:])
		c.seen = map[seenKey]struct{}{}
	}
	h := sha256.New()
	h.Write(c.salt[:])
	h.Write([]byte(addr))
	h.Write([]byte{0})
	h.Write([]byte(ua))
	sk := seenKey{row: k, who: binary.LittleEndian.Uint64(h.Sum(nil))}
	n := c.counts[k]
	if n == nil {
		n = &ViewCount{Day: day, Page: k.page, Variant: k.variant, Campaign: k.campaign, Source: k.source}
		c.counts[k] = n
	}
	n.Views++
	if _, ok := c.seen[sk]; !ok && len(c.seen) < maxSeen {
		c.seen[sk] = struct{}{}
		n.Visitors++
	}
}

// take returns the counts not yet written and forgets them.
func (c *counter) take() []ViewCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]ViewCount, 0, len(c.counts))
	for _, n := range c.counts {
		out = append(out, *n)
	}
	clear(c.counts)
	return out
}

// putBack adds counts that could not be written to those not yet written.
func (c *counter) putBack(counts []ViewCount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range counts {
		k := viewKey{v.Day, v.Page, v.Variant, v.Campaign, v.Source}
		n := c.counts[k]
		if n == nil {
			n = &ViewCount{Day: v.Day, Page: v.Page, Variant: v.Variant, Campaign: v.Campaign, Source: v.Source}
			c.counts[k] = n
		}
		n.Views += v.Views
		n.Visitors += v.Visitors
	}
}

// SetPages replaces the pages whose views the server counts, after a
// rebuild.
func (s *Server) SetPages(pages []ViewPage) {
	m := make(map[string]map[string]bool, len(pages))
	for _, p := range pages {
		vs := map[string]bool{"": true}
		for _, v := range p.Variants {
			vs[v] = true
		}
		m[p.URL] = vs
	}
	s.mu.Lock()
	s.pages = m
	s.mu.Unlock()
}

// View takes one view beacon: a POST of page (p), variant (v), campaign
// (c), source (s) and referrer host (r), form-encoded as sendBeacon sends
// URLSearchParams. It answers 204 at once, counted or not: the page never
// reads the answer, and a bot learns nothing from it. It sets no cookie.
func (s *Server) View(w http.ResponseWriter, r *http.Request) {
	// The body is read as a query whatever its type says: sendBeacon
	// sends URLSearchParams form-encoded and a string as text/plain.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBeacon))
	f, perr := url.ParseQuery(string(body))
	if !s.fromSite(r) || err != nil || perr != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
	ua := r.UserAgent()
	if isBot(ua) || r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch" {
		return
	}
	page, variant := f.Get("p"), f.Get("v")
	s.mu.Lock()
	ok := s.pages[page][variant]
	s.mu.Unlock()
	if !ok {
		return
	}
	source := tag(f.Get("s"))
	if source == "" {
		source = host(f.Get("r"))
	}
	s.views.add(s.o.Now(), viewKey{page: page, variant: variant, campaign: tag(f.Get("c")), source: source}, s.client(r), ua)
}

// tag cleans a campaign or source: text, trimmed, lower-cased, cut to
// maxTag bytes on a character boundary; "" when it is not text.
func tag(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if !isText(v) || strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return ""
	}
	for len(v) > maxTag {
		_, size := utf8.DecodeLastRuneInString(v)
		v = v[:len(v)-size]
	}
	return v
}

// host cleans a referrer's host name: letters, digits, dots and hyphens,
// at most maxHost bytes, lower-cased; "" otherwise.
func host(v string) string {
	v = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(v), "www."))
	if v == "" || len(v) > maxHost {
		return ""
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return ""
		}
	}
	return v
}

// Run writes the counted views every FlushEvery until ctx is done, then
// writes what remains. Counts a write failed to store are kept and tried
// again at the next tick.
func (s *Server) Run(ctx context.Context) {
	if s.o.Views == nil {
		return
	}
	t := time.NewTicker(s.o.FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			last, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			s.Flush(last)
			cancel()
			return
		case <-t.C:
			s.Flush(ctx)
		}
	}
}

// Flush writes the views counted since the last write.
func (s *Server) Flush(ctx context.Context) error {
	counts := s.views.take()
	if len(counts) == 0 {
		return nil
	}
	if err := s.o.Views.AddViews(ctx, counts); err != nil {
		s.views.putBack(counts)
		s.o.Log.Error("views not written; kept to try again", "rows", len(counts), "err", err)
		return err
	}
	return nil
}

// adminViews answers the stored view counts: ?since=2006-01-02 for those
// of that day and later.
func (s *Server) adminViews(w http.ResponseWriter, r *http.Request) {
	since := r.URL.Query().Get("since")
	if since != "" {
		if _, err := time.Parse("2006-01-02", since); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "since=" + since + " is not a date such as 2026-11-01"})
			return
		}
	}
	counts, err := s.o.Views.Views(r.Context(), since)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
		return
	}
	if counts == nil {
		counts = []ViewCount{}
	}
	writeJSON(w, http.StatusOK, counts)
}
