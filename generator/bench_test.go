package generator_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/bench/synth"
	"github.com/journey-ssg/journey/generator"
	jsite "github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/internal/filetest"
)

// synthSites caches synthetic sites across benchmarks of one run.
var synthSites sync.Map

// synthSite returns the folder of a synthetic site of n landing pages,
// written once per run.
func synthSite(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := synthSites.Load(n); ok {
		return dir.(string)
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("journey-synth-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	if err := synth.Journey(dir, n); err != nil {
		b.Fatal(err)
	}
	synthSites.Store(n, dir)
	return dir
}

func sizes() []int {
	if s := os.Getenv("JOURNEY_BENCH_SIZES"); s != "" {
		var out []int
		for _, f := range strings.Split(s, ",") {
			var n int
			fmt.Sscan(f, &n)
			out = append(out, n)
		}
		return out
	}
	return []int{1000}
}

// BenchmarkBuild builds a synthetic site from scratch into a new folder.
// JOURNEY_BENCH_SIZES=1000,10000 sets the sizes.
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := synthSite(b, n)
			pages := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				dest := filepath.Join(b.TempDir(), "public")
				res, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, Minify: true, Theme: journey.DefaultTheme()})
				if err != nil {
					b.Fatal(err)
				}
				pages = res.Pages
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkEditToReload runs journey serve on a synthetic site and times,
// for each edit, the span from writing a file to the browser's reload
// event: a persona's name, a landing page's title, a landing page's body
// (copy), and a layout. The browser shows the home page, which a rebuild
// of many pages renders first, leaving the rest for later. Run with
// -benchtime=20x for the median of 20 edits.
func BenchmarkEditToReload(b *testing.B) {
	for _, n := range sizes() {
		for _, kind := range []string{"persona", "landing", "copy", "layout"} {
			b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
				src := synthSite(b, n)
				site := filepath.Join(b.TempDir(), "site")
				if err := os.CopyFS(site, os.DirFS(src)); err != nil {
					b.Fatal(err)
				}
				base, stop := preview(b, site)
				defer stop()
				// A browser shows the home page: rebuilds render it
				// first.
				if res, err := http.Get(base); err != nil {
					b.Fatal(err)
				} else {
					res.Body.Close()
				}
				ch := eventStream(b, base)
				<-ch // the state on connecting
				var file string
				var edit func(i int) string
				switch kind {
				case "persona":
					file = filepath.Join(site, "content", "personas", "persona-0.md")
					orig := filetest.Read(b, file)
					edit = func(i int) string {
						return strings.Replace(string(orig), "Persona 0", fmt.Sprintf("Persona 0 (%d)", i), 1)
					}
				case "landing":
					file = filepath.Join(site, "content", "landing", "landing-7.md")
					orig := filetest.Read(b, file)
					edit = func(i int) string {
						return strings.Replace(string(orig), "Landing 7", fmt.Sprintf("Landing 7 (%d)", i), 1)
					}
				case "copy": // the landing page's body only
					file = filepath.Join(site, "content", "landing", "landing-7.md")
					orig := filetest.Read(b, file)
					edit = func(i int) string {
						return strings.Replace(string(orig), "Read [page ", fmt.Sprintf("Read (%d) [page ", i), 1)
					}
				case "layout":
					filetest.Mkdir(b, filepath.Join(site, "layouts", "partials"))
					file = filepath.Join(site, "layouts", "partials", "footer.html")
					edit = func(i int) string { return fmt.Sprintf(`<footer class="site-footer"><p>edit %d</p></footer>`, i) }
				}
				var times []time.Duration
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					start := time.Now()
					filetest.Write(b, file, edit(i))
					for e := range ch {
						if e.Type == "error" {
							b.Fatalf("build failed: %v", e.Errors)
						}
						if e.Type == "reload" {
							break
						}
					}
					times = append(times, time.Since(start))
				}
				b.StopTimer()
				sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
				b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-p50")
				b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-max")
			})
		}
	}
}

// preview starts generator.Serve on site and returns its base URL.
func preview(b *testing.B, site string) (string, func()) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- generator.Serve(ctx, generator.ServeOptions{
			Options: generator.Options{Source: site, Theme: journey.DefaultTheme(), Minify: true},
			Bind:    "127.0.0.1", Log: io.Discard, Ready: ready,
		})
	}()
	select {
	case addr := <-ready:
		return "http://" + addr + "/", func() { cancel(); <-done }
	case err := <-done:
		b.Fatal(err)
	}
	return "", nil
}

type event struct {
	Type   string
	Pages  []string
	Errors []string
}

func eventStream(b *testing.B, base string) <-chan event { return eventStreamT(b, base) }

// eventStreamT connects to the live-reload stream and returns its events.
func eventStreamT(b testing.TB, base string) <-chan event {
	b.Helper()
	res, err := http.Get(base + "__journey/events")
	if err != nil {
		b.Fatal(err)
	}
	ch := make(chan event, 64)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 8<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var e event
				if json.Unmarshal([]byte(data), &e) == nil {
					ch <- e
				}
			}
		}
		close(ch)
	}()
	return ch
}

// BenchmarkRebuild times a session's rebuild after one persona's or one
// landing page's file changed, without the watcher and the server: the
// part of an edit's latency that is journey's own work.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range sizes() {
		for _, kind := range []struct{ name, file, title string }{
			{"persona", "content/personas/persona-0.md", "Persona 0"},
			{"landing", "content/landing/landing-7.md", "Landing 7"},
			{"copy", "content/landing/landing-7.md", "Read [page "},
			{"layout", "layouts/partials/footer.html", ""},
		} {
			b.Run(fmt.Sprintf("%s/%d", kind.name, n), func(b *testing.B) {
				src := synthSite(b, n)
				site := filepath.Join(b.TempDir(), "site")
				if err := os.CopyFS(site, os.DirFS(src)); err != nil {
					b.Fatal(err)
				}
				ss, err := generator.NewSession(generator.Options{Source: site, Dest: filepath.Join(site, "public"), Minify: true, Theme: journey.DefaultTheme()})
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { ss.Close() })
				if _, err := ss.Build(context.Background()); err != nil {
					b.Fatal(err)
				}
				file := filepath.Join(site, filepath.FromSlash(kind.file))
				var orig []byte
				ch := generator.Changes{Content: []string{kind.file}}
				if kind.title != "" {
					orig = filetest.Read(b, file)
				} else {
					// A partial every workspace page runs: the home
					// pages render first, the others later, and the
					// time of both is reported.
					ch = generator.Changes{Templates: true}
					generator.RenderFirst(ss, func() map[jsite.Audience][]string {
						return map[jsite.Audience][]string{jsite.Campaign: {"index.html"}, jsite.Team: {"index.html"}}
					}, 200)
				}
				var all time.Duration
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					text := strings.Replace(string(orig), kind.title, fmt.Sprintf("%s (%d)", kind.title, i), 1)
					if kind.title == "" {
						text = fmt.Sprintf(`<footer class="site-footer"><p>edit %d</p></footer>`, i)
					}
					filetest.Write(b, file, text)
					start := time.Now()
					if _, err := ss.Rebuild(context.Background(), ch); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					for ss.Later() > 0 {
						if _, err := ss.Idle(context.Background()); err != nil {
							b.Fatal(err)
						}
					}
					all += time.Since(start)
					b.StartTimer()
				}
				if kind.title == "" {
					b.ReportMetric(float64(all.Milliseconds())/float64(b.N), "ms-all")
				}
			})
		}
	}
}
