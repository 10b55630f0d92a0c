package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/collect"
	"github.com/journey-ssg/journey/internal/filetest"
	"github.com/journey-ssg/journey/internal/pgtest"
)

// collectSite makes a new site whose forms post to journey collect.
func collectSite(t *testing.T) string {
	t.Helper()
	site := newSite(t, t.TempDir(), "s")
	filetest.Replace(t, filepath.Join(site, "journey.toml"), `provider = "netlify"`, `provider = "collect"`+"\n"+`endpoint = "https://forms.velora.example"`)
	return site
}

// startCollect runs journey collect for site on db at addr, with flags
// after its own, and returns the process and the address it listens on.
func startCollect(t *testing.T, site, db, addr string, flags ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"collect", "--db", db, "--listen", addr, "--rate", "1000000"}, flags...)...)
	cmd.Dir = site
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		var entry struct{ Msg, Addr string }
		if json.Unmarshal(lines.Bytes(), &entry) == nil && entry.Msg == "collecting" {
			go func() {
				for lines.Scan() {
				}
			}()
			return cmd, entry.Addr
		}
	}
	t.Fatal("journey collect did not say where it listens")
	return nil, ""
}

// TestCollectKill9 sends submissions from several clients at once to
// journey collect, kills the collector with SIGKILL while they are in
// flight, starts it again on the same database, and then finds every
// submission it acknowledged in the database.
func TestCollectKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a crash test that sends hundreds of submissions around a kill; the collector's store tests check each acknowledgement is stored")
	}
	t.Parallel()
	site := collectSite(t)
	dbs := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "collect.db") }},
		{"postgres", func(t *testing.T) string { return pgtest.Start(t).DSN }},
	}
	for _, tc := range dbs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := tc.db(t)
			cmd, addr := startCollect(t, site, db, "127.0.0.1:0")

			var mu sync.Mutex
			acked := map[int64]string{} // id → email
			var refused, failed int
			stop := make(chan struct{})
			var wg sync.WaitGroup
			client := &http.Client{Timeout: 10 * time.Second}
			for w := 0; w < 8; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						email := fmt.Sprintf("k%d-%d@example.com", w, i)
						id, status, err := submit(client, addr, email)
						mu.Lock()
						switch {
						case err != nil:
							failed++
						case status == http.StatusCreated:
							acked[id] = email
						default:
							refused++
						}
						mu.Unlock()
						if err != nil {
							time.Sleep(20 * time.Millisecond) // the collector is down
						}
					}
				}(w)
			}
			count := func() int {
				mu.Lock()
				defer mu.Unlock()
				return len(acked)
			}
			waitFor(t, func() bool { return count() >= 200 })
			before := count()
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			time.Sleep(100 * time.Millisecond)
			cmd, _ = startCollect(t, site, db, addr)
			waitFor(t, func() bool { return count() >= before+200 })
			close(stop)
			wg.Wait()
			cmd.Process.Signal(os.Interrupt)
			if err := cmd.Wait(); err != nil {
				t.Errorf("collect exited with %v after an interrupt", err)
			}

			store, err := collect.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			subs, err := store.List(context.Background(), collect.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			stored := map[int64]string{}
			for _, s := range subs {
				stored[s.ID] = s.Fields["email"]
			}
			lost := 0
			for id, email := range acked {
				if stored[id] != email {
					lost++
				}
			}
			t.Logf("%d acknowledged (%d before the kill), %d refused, %d failed while down; %d rows", len(acked), before, refused, failed, len(subs))
			if lost > 0 || refused > 0 {
				t.Errorf("%d acknowledged submissions lost, %d refused", lost, refused)
			}
			if failed == 0 {
				t.Error("no submission failed: the kill did not happen while clients were sending")
			}
		})
	}
}

// submit posts one lead as a page's script does and returns the id the
// collector gave it.
func submit(client *http.Client, addr, email string) (int64, int, error) {
	v := url.Values{
		"email": {email}, "page": {"/ride-past-the-traffic/"},
		"_t": {strconv.FormatInt(time.Now().Add(-5*time.Second).UnixMilli(), 10)},
	}
	req, err := http.NewRequest("POST", "http://"+addr+"/forms/lead", strings.NewReader(v.Encode()))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Origin", "https://velora.example")
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	var body struct{ ID int64 }
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return 0, res.StatusCode, err
	}
	return body.ID, res.StatusCode, nil
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("timed out")
		}
	}
}

// TestCollectBurst: --burst sets how many submissions one address may
// send at once, and --rate how fast it may go on.
func TestCollectBurst(t *testing.T) {
	t.Parallel()
	_, addr := startCollect(t, collectSite(t), filepath.Join(t.TempDir(), "c.db"), "127.0.0.1:0", "--rate", "1", "--burst", "3")
	var codes []int
	for i := range 4 {
		_, status, _ := submit(http.DefaultClient, addr, fmt.Sprintf("b%d@example.com", i))
		codes = append(codes, status)
	}
	if fmt.Sprint(codes) != "[201 201 201 429]" {
		t.Errorf("answers %v, want [201 201 201 429]", codes)
	}
	code, _, stderr := runBinary(t, t.TempDir(), "collect", "--burst", "0")
	if code != 2 || !strings.Contains(stderr, "--burst must be at least 1") {
		t.Errorf("--burst 0: exit %d, stderr %q; want a usage error", code, stderr)
	}
}

// TestCollectNeedsBaseURL: without the site's public address the collector
// could check no origin and send no visitor back, so it does not start.
func TestCollectNeedsBaseURL(t *testing.T) {
	t.Parallel()
	site := collectSite(t)
	cfg := filepath.Join(site, "journey.toml")
	baseURL := regexp.MustCompile(`(?m)^baseURL = .*$`)
	b := filetest.Read(t, cfg)
	if !baseURL.Match(b) {
		t.Fatalf("%s sets no baseURL", cfg)
	}
	filetest.Write(t, cfg, baseURL.ReplaceAll(b, []byte(`baseURL = "/"`)))
	code, _, stderr := runBinary(t, site, "collect", "--db", filepath.Join(t.TempDir(), "c.db"), "--listen", "127.0.0.1:0")
	if code == 0 || !strings.Contains(stderr, "set baseURL in journey.toml") {
		t.Errorf("exit %d, stderr %q; want a refusal that names baseURL", code, stderr)
	}
}

// TestReviewsPullOneSource: reviews come from a collector or from its
// database, never both at once.
func TestReviewsPullOneSource(t *testing.T) {
	t.Parallel()
	code, _, stderr := runBinary(t, t.TempDir(), "reviews", "pull", "--from", "http://127.0.0.1:1", "--db", "x.db")
	if code != 2 || !strings.Contains(stderr, "not both") {
		t.Errorf("exit %d, stderr %q; want a usage error", code, stderr)
	}
}
