package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/bench/synth"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/scaffold"
	"github.com/journey-ssg/journey/internal/filetest"
)

// binary is the journey command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "journey-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "journey")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.RemoveAll(dir)
		panic("build journey: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBinary runs the binary in dir and returns its exit code and output. A
// run that takes more than two minutes is killed: something hangs.
func runBinary(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		t.Fatalf("run journey %v: %v", args, err)
	}
	return 0, out.String(), errb.String()
}

// newSite makes a copy of the example site named name in dir, as journey
// new site does, and returns its folder.
func newSite(t *testing.T, dir, name string) string {
	t.Helper()
	site := filepath.Join(dir, name)
	if err := scaffold.Site(site, journey.Example()); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestNewSiteThenBuild(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, out, errs := runBinary(t, dir, "new", "site", "x"); code != 0 || !strings.Contains(out, "created a site in x") {
		t.Fatalf("new site: %d %q %q", code, out, errs)
	}
	code, out, errs := runBinary(t, filepath.Join(dir, "x"), "build")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	if !strings.HasPrefix(out, "built ") || !strings.Contains(out, "0 warnings") {
		t.Errorf("summary %q", out)
	}
	for _, p := range []string{"public/index.html", "public/sitemap.xml", "public/robots.txt", "public/404.html", "public/favicon.svg",
		"team/index.html", "team/journeys/index.html", "team/personas/index.html", "team/products/index.html", "team/stages/awareness/index.html",
		"team/robots.txt", "team/_headers"} {
		if _, err := os.Stat(filepath.Join(dir, "x", p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	for _, p := range []string{"journeys", "personas", "stages"} {
		if _, err := os.Stat(filepath.Join(dir, "x", "public", p)); err == nil {
			t.Errorf("the campaign site has %s/", p)
		}
	}
	// A second build changes nothing.
	_, out, _ = runBinary(t, filepath.Join(dir, "x"), "build")
	if !strings.Contains(out, " 0 files written") {
		t.Errorf("second build: %q, want 0 files written", out)
	}
	// A new site refuses to overwrite.
	if code, _, errs := runBinary(t, dir, "new", "site", "x"); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("new site over a site: %d %q", code, errs)
	}
}

func TestNewContent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	for _, tc := range []struct{ kind, name, file string }{
		{"persona", "Zoë Nowak", "content/personas/zoe-nowak.md"},
		{"product", "Cargo Bike XL", "content/products/cargo-bike-xl.md"},
		{"journey", "Jürgen buys a bike", "content/journeys/jurgen-buys-a-bike.md"},
		{"landing", "Spring offer!", "content/landing/spring-offer.md"},
	} {
		args := []string{"new", tc.kind, tc.name}
		if tc.kind == "journey" {
			args = append(args, "--persona", "juergen-weiss")
		}
		code, out, errs := runBinary(t, site, args...)
		if code != 0 || !strings.Contains(out, tc.file) {
			t.Errorf("new %s: %d %q %q", tc.kind, code, out, errs)
		}
		b, err := os.ReadFile(filepath.Join(site, tc.file))
		if err != nil || !strings.Contains(string(b), "draft = true") {
			t.Errorf("%s: %v %q", tc.file, err, b)
		}
	}
	// New files are drafts: the site still builds and check passes.
	if code, _, errs := runBinary(t, site, "check"); code != 0 {
		t.Errorf("check after new: %d\n%s", code, errs)
	}
	if code, _, errs := runBinary(t, site, "new", "persona", "Zoë Nowak"); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("second new persona: %d %q", code, errs)
	}
	if code, _, _ := runBinary(t, site, "new", "widget", "x"); code != 1 {
		t.Errorf("new widget: exit %d, want 1", code)
	}
}

func TestNoSiteHere(t *testing.T) {
	t.Parallel()
	code, _, errs := runBinary(t, t.TempDir(), "build")
	if code != 1 || !strings.Contains(errs, "journey new site DIR") {
		t.Errorf("build in an empty folder: %d %q", code, errs)
	}
}

func TestBadSite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	if code, _, errs := runBinary(t, site, "build"); code != 0 {
		t.Fatalf("first build: %s", errs)
	}
	index := filepath.Join(site, "public", "index.html")
	before := filetest.Read(t, index)
	filetest.WriteTree(t, site, map[string]string{
		"content/personas/broken.md": "+++\nname = \"Broken\"\n",
		"content/landing/bad.md":     "+++\nstage = \"decison\"\nproduct = \"velora-citty\"\n+++\n",
		"content/_index.md":          "+++\nheadline = \"Changed\"\n+++\n",
	})
	for _, cmd := range []string{"build", "check"} {
		code, out, errs := runBinary(t, site, cmd)
		if code != 1 || out != "" {
			t.Errorf("%s: exit %d stdout %q, want 1 and nothing", cmd, code, out)
		}
		for _, want := range []string{
			"content/landing/bad.md:2:1: unknown stage \"decison\"; did you mean \"decision\"?\n",
			"content/landing/bad.md:3:1: unknown product \"velora-citty\"; did you mean \"velora-city\"?\n",
			"content/personas/broken.md:1:1: front matter is not closed",
			cmd + " failed with 3 errors",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, want, errs)
			}
		}
	}
	after, _ := os.ReadFile(index)
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed public/index.html")
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage:"},
		{[]string{"help"}, 0, "journey build"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"build", "--help"}, 0, "-destination"},
		{[]string{"check", "-h"}, 0, "-source"},
		{[]string{"new", "--help"}, 0, "new site DIR"},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"build", "extra"}, 2, "unexpected argument"},
		{[]string{"version"}, 0, "journey "},
	} {
		code, out, errs := runBinary(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("journey %v: exit %d, output %q; want %d and %q", tc.args, code, out+errs, tc.code, tc.want)
		}
	}
}

// TestRunInProcess drives run directly, as the binary does, for the flags
// that choose the source and destination.
func TestRunInProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"new", "site", filepath.Join(dir, "s")}, &out, &errs); code != 0 {
		t.Fatalf("new site: %d %s", code, errs.String())
	}
	dest := filepath.Join(dir, "out")
	code := run(context.Background(), []string{"build", "-s", filepath.Join(dir, "s"), "-d", dest, "--baseURL", "https://sub.example/path", "--minify=false"}, &out, &errs)
	if code != 0 {
		t.Fatalf("build: %d %s", code, errs.String())
	}
	b, err := os.ReadFile(filepath.Join(dest, "robots.txt"))
	if err != nil || !strings.Contains(string(b), "Sitemap: https://sub.example/path/sitemap.xml") {
		t.Errorf("robots.txt %q %v", b, err)
	}
}

// TestImportMermaid imports the user-journey example of Mermaid's
// documentation into a site whose stages carry its section names and into
// one with the default stages, where its sections are reported until
// --stage maps them, and builds a diagram imported with comments, a
// multi-line description and <br> in a section title.
func TestImportMermaid(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	diagram, err := filepath.Abs("../../generator/mermaid/testdata/working-day.mmd")
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	filetest.WriteTree(t, site, map[string]string{
		"journey.toml":           "baseURL = \"https://x.example/\"\n[[stages]]\nkey = \"go-to-work\"\nname = \"Go to work\"\n[[stages]]\nkey = \"go-home\"\nname = \"Go home\"\n",
		"content/personas/me.md": "+++\nname = \"Me\"\n+++\n",
		"solo.mmd":               "journey\n%% Mermaid's comments\naccDescr {\n  Alone, from\n  door to door\n}\ntitle Solo day # not the title\nsection Go to<br/>work\n  Make tea: 5: Me # a comment, not an actor\n  Walk: 4\nsection Go home\n  Sit down: 5:\n",
	})
	code, out, errs := runBinary(t, site, "import", "mermaid", diagram)
	if code != 0 || !strings.Contains(out, "content/journeys/my-working-day.md") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(site, "content", "journeys", "my-working-day.md"))
	if err != nil || !strings.Contains(string(b), "[[lanes]]\nkey = \"with\"\nname = \"With\"\nkind = \"list\"\n") || !strings.Contains(string(b), "with = [\"Cat\"]") || strings.Contains(string(b), "touchpoints") {
		t.Errorf("the other actors are not a lane of their own: %v\n%s", err, b)
	}
	if code, out, errs := runBinary(t, site, "import", "mermaid", "solo.mmd"); code != 0 || !strings.Contains(out, "content/journeys/solo-day.md") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if err := os.Remove(filepath.Join(site, "content", "journeys", "my-working-day.md")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runBinary(t, site, "build"); code != 0 {
		t.Fatalf("build of the imported journey: %s", errs)
	}
	b, err = os.ReadFile(filepath.Join(site, "team", "journeys", "solo-day", "journey.json"))
	if err != nil || !strings.Contains(string(b), `"description":"Alone, from\ndoor to door"`) || !strings.Contains(string(b), `"stage":"go-to-work","title":"Make tea"`) {
		t.Errorf("journey.json: %v %.400s", err, b)
	}

	example := newSite(t, dir, "example")
	code, _, errs = runBinary(t, example, "import", "mermaid", diagram)
	if code != 1 || !strings.Contains(errs, diagram+":3: section \"Go to work\" matches no stage") || !strings.Contains(errs, ":7: section \"Go home\"") {
		t.Errorf("import into default stages: %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(example, "content", "journeys", "my-working-day.md")); err == nil {
		t.Error("a failed import wrote a file")
	}
	code, out, errs = runBinary(t, example, "import", "mermaid", diagram, "--persona", "zoe-martin", "--stage", "Go to work=awareness", "--stage", "go home=Retention")
	if code != 0 || !strings.Contains(out, "content/journeys/my-working-day.md") {
		t.Fatalf("import with --stage: %d %q %q", code, out, errs)
	}
	b, err = os.ReadFile(filepath.Join(example, "content", "journeys", "my-working-day.md"))
	if err != nil || !strings.Contains(string(b), "persona = \"zoe-martin\"") || strings.Count(string(b), "stage = \"retention\"") != 2 {
		t.Errorf("imported with --stage: %v\n%s", err, b)
	}
	if code, _, errs := runBinary(t, example, "import", "mermaid", diagram, "--stage", "Go to work"); code != 2 || !strings.Contains(errs, "write SECTION=STAGE") {
		t.Errorf("--stage without a stage: %d %s", code, errs)
	}
}

// TestServeLocalForms starts journey serve on a free port with the local
// form provider, loads a page, posts a form and finds it in the site's
// .journey/forms.jsonl, then stops the server with an interrupt. On the
// way it checks that the server answers to the host --allowed-host names
// and refuses another host and a post from another origin.
func TestServeLocalForms(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	cmd := exec.Command(binary, "serve", "--port", "0", "--forms", "local", "--allowed-host", "preview.test")
	cmd.Dir = site
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	var base string
	for lines.Scan() {
		if _, after, ok := strings.Cut(lines.Text(), " at http://"); ok {
			base = "http://" + strings.Fields(after)[0]
			break
		}
	}
	if base == "" {
		t.Fatal("journey serve did not say where it listens")
	}
	go io.Copy(io.Discard, out)
	res, err := http.Get(base)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %v %v", base, err, res)
	}
	res.Body.Close()
	for host, want := range map[string]int{"preview.test": 200, "evil.test": 403} {
		req, _ := http.NewRequest("GET", base, nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != want {
			t.Fatalf("GET with Host %s: %v %v, want %d", host, err, res, want)
		}
		res.Body.Close()
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", base+"__journey/forms/lead", strings.NewReader("email=forged%40example.com"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.test")
	if res, err := client.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("POST from another origin: %v %v, want 403", err, res)
	}
	res, err = client.PostForm(base+"__journey/forms/lead", url.Values{"email": {"z@example.com"}, "page": {"/ride-past-the-traffic/"}})
	if err != nil || res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/thanks/") {
		t.Fatalf("POST form: %v %v", err, res)
	}
	b, err := os.ReadFile(filepath.Join(site, ".journey", "forms.jsonl"))
	if err != nil || !strings.Contains(string(b), `"email":"z@example.com"`) || strings.Contains(string(b), "forged") {
		t.Errorf("forms.jsonl: %v %q, want the form posted from the site and not the forged one", err, b)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("serve wrote into public/")
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v after an interrupt", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop on an interrupt")
	}
}

// startServe runs journey serve --port 0 in site and returns the base URLs
// of the campaign site and the team workspace; the server stops with the
// test.
func startServe(t *testing.T, site string) (campaign, team string) {
	t.Helper()
	cmd := exec.Command(binary, "serve", "--port", "0")
	cmd.Dir = site
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		what, after, ok := strings.Cut(lines.Text(), " at http://")
		if !ok {
			continue
		}
		url := "http://" + strings.Fields(after)[0]
		switch strings.TrimSpace(what) {
		case "campaign site":
			campaign = url
		case "team workspace":
			team = url
		}
		if campaign != "" && team != "" {
			go io.Copy(io.Discard, out)
			return campaign, team
		}
	}
	t.Fatal("journey serve did not say where it serves both sites")
	return "", ""
}

// events connects to the live-reload stream and returns its events.
func events(t *testing.T, base string) <-chan map[string]any {
	t.Helper()
	res, err := http.Get(base + "__journey/events")
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events stream content type %q", ct)
	}
	ch := make(chan map[string]any, 16)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var e map[string]any
			if json.Unmarshal([]byte(data), &e) == nil {
				ch <- e
			}
		}
	}()
	t.Cleanup(func() { res.Body.Close() })
	return ch
}

func nextEvent(t *testing.T, ch <-chan map[string]any) map[string]any {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return nil
}

// TestServeLiveReload edits, breaks and fixes a content file under a
// running journey serve and follows the reload stream.
func TestServeLiveReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	site := newSite(t, dir, "s")
	base, team := startServe(t, site)
	ch, tch := events(t, base), events(t, team)
	for _, c := range []<-chan map[string]any{ch, tch} {
		if e := nextEvent(t, c); e["type"] != "ok" {
			t.Fatalf("first event %v, want the state ok", e)
		}
	}
	persona := filepath.Join(site, "content", "personas", "zoe-martin.md")
	orig := filetest.Read(t, persona)

	// A persona is the workspace's: its page reloads there, and no page
	// of the campaign site does.
	filetest.Replace(t, persona, "Zoë Martín", "Zoë Nowak")
	e := nextEvent(t, tch)
	if e["type"] != "reload" || !containsAny(e["pages"], "/personas/zoe-martin/") {
		t.Fatalf("after an edit: %v, want a reload of the persona page", e)
	}
	if e := nextEvent(t, ch); e["type"] != "reload" || e["pages"] != nil {
		t.Errorf("after a persona's edit the campaign site got %v, want a reload of no page", e)
	}
	page, _ := http.Get(team + "personas/zoe-martin/")
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(body), "Zoë Nowak") || !strings.Contains(string(body), "__journey/events") {
		t.Error("the served page lacks the edit or the reload script")
	}
	if b, _ := os.ReadFile(filepath.Join(site, ".journey", "preview-team", "personas", "zoe-martin", "index.html")); strings.Contains(string(b), "__journey/events") {
		t.Error("the reload script reached the built files")
	}

	// A landing page's title: the page reloads on the campaign site, its
	// stage hub and the other pages that list it in the workspace, with
	// the new title.
	landing := filepath.Join(site, "content", "landing", "book-a-test-ride.md")
	filetest.Replace(t, landing, `title = "`, `title = "Now: `)
	e = nextEvent(t, ch)
	if e["type"] != "reload" || !containsAny(e["pages"], "/book-a-test-ride/") {
		t.Fatalf("after a landing page's edit: %v, want a reload of it", e)
	}
	if e := nextEvent(t, tch); e["type"] != "reload" || !containsAny(e["pages"], "/stages/decision/") {
		t.Fatalf("after a landing page's edit the workspace got %v, want a reload of its stage", e)
	}
	for _, u := range []string{base + "book-a-test-ride/", team + "stages/decision/"} {
		page, _ := http.Get(u)
		body, _ := io.ReadAll(page.Body)
		page.Body.Close()
		if !strings.Contains(string(body), "Now: Book a Velora City test ride") {
			t.Errorf("%s does not show the new title", u)
		}
	}

	filetest.Write(t, persona, "+++\nname = \"Broken\n+++\n")
	for _, c := range []<-chan map[string]any{ch, tch} {
		if e := nextEvent(t, c); e["type"] != "error" || !containsAny(e["errors"], "content/personas/zoe-martin.md:2:") {
			t.Fatalf("after breaking the file: %v, want its error", e)
		}
	}
	// The server keeps serving the last good page.
	page, _ = http.Get(team + "personas/zoe-martin/")
	body, _ = io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "Zoë Nowak") {
		t.Error("the last good page is not served while the build is broken")
	}
	// A browser that connects now learns of the error at once.
	if e := nextEvent(t, events(t, team)); e["type"] != "error" {
		t.Errorf("a new connection got %v, want the error", e)
	}

	filetest.Write(t, persona, orig)
	for _, c := range []<-chan map[string]any{ch, tch} {
		if e := nextEvent(t, c); e["type"] != "reload" {
			t.Fatalf("after the fix: %v, want a reload", e)
		}
	}
}

func containsAny(v any, want string) bool {
	list, _ := v.([]any)
	for _, x := range list {
		if s, _ := x.(string); strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// TestProgress checks that a long build on a terminal draws a progress
// line and erases it, and that nothing of it reaches a pipe or --quiet.
// Each build here is long because it first waits for its destination, as
// it would behind another build, and then renders a thousand pages: the
// line counts from the start of the build, and shows once pages render.
func TestProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: three builds of more than a second each")
	}
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to give the build a terminal")
	}
	site := filepath.Join(t.TempDir(), "site")
	if err := synth.Journey(site, 1000); err != nil {
		t.Fatal(err)
	}
	// held returns a new destination, which another build holds for a
	// second and a fifth.
	held := func() string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		l, err := publish.Acquire(context.Background(), []string{dest}, publish.LockOptions{NoWait: true})
		if err != nil {
			t.Fatal(err)
		}
		time.AfterFunc(1200*time.Millisecond, func() { l.Release() })
		return dest
	}
	// waiting is the line a build prints as it waits.
	waiting := regexp.MustCompile(`^waiting for another build into \S+ \(pid [0-9]+\) to finish…\r?\n`)
	// On a terminal (script gives the command one), a build of more than
	// a second shows the line and erases it.
	out, err := exec.Command(script, "-qec", binary+" build -s "+site+" -d "+held(), "/dev/null").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "rendering: ") || !strings.Contains(string(out), "\r\x1b[K") {
		t.Errorf("no progress line on a terminal:\n%q", out)
	}
	// Through pipes, none.
	code, stdout, stderr := runBinary(t, t.TempDir(), "build", "-s", site, "-d", held())
	if code != 0 || strings.Contains(stdout+stderr, "rendering: ") || !strings.HasPrefix(stdout, "built ") {
		t.Errorf("piped build: exit %d, output %q %q", code, stdout, stderr)
	}
	// With --quiet, nothing at all but that it waits.
	out, err = exec.Command(script, "-qec", binary+" build --quiet -s "+site+" -d "+held(), "/dev/null").CombinedOutput()
	if err != nil || strings.TrimSpace(waiting.ReplaceAllString(string(out), "")) != "" {
		t.Errorf("quiet build printed %q (%v)", out, err)
	}
}

// TestTeamPublish builds a new site with each team.publish setting, and
// with an old config that still says seo.internalJourneys, and checks
// where the workspace goes.
func TestTeamPublish(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, toml string
		args       []string
		// exists and missing are paths below the site's folder.
		exists, missing []string
		warning         string
	}{
		{"Separate", "", nil,
			[]string{"public/index.html", "public/products/velora-city/index.html", "team/index.html", "team/journeys/zoe-flex-subscription/journey.json", "team/products/velora-city/index.html", "team/robots.txt"},
			[]string{"public/journeys", "public/personas", "public/stages", "public/team"}, ""},
		{"TeamDest", "", []string{"--team-dest", "workspace"},
			[]string{"workspace/index.html", "workspace/personas/zoe-martin/index.html"},
			[]string{"team", "public/personas"}, ""},
		{"Public", "\n[team]\npublish = \"public\"\n", nil,
			[]string{"public/index.html", "public/team/index.html", "public/team/journeys/zoe-flex-subscription/index.html", "public/team/products/velora-city/index.html"},
			[]string{"team", "public/team/robots.txt"}, ""},
		{"None", "\n[team]\npublish = \"none\"\n", nil,
			[]string{"public/index.html", "public/products/velora-city/index.html"},
			[]string{"team", "public/team", "public/journeys"}, ""},
		{"OldConfig", "internalJourneys = true\n", nil,
			[]string{"public/index.html", "team/journeys/zoe-flex-subscription/index.html"},
			[]string{"public/journeys"}, "seo.internalJourneys is replaced by [team]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site := newSite(t, t.TempDir(), "s")
			cfg := filepath.Join(site, "journey.toml")
			if strings.HasPrefix(tc.toml, "\n[") {
				filetest.Append(t, cfg, tc.toml)
			} else {
				filetest.Replace(t, cfg, "[seo]\n", "[seo]\n"+tc.toml)
			}
			code, out, errs := runBinary(t, site, append([]string{"build"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("build: exit %d\n%s", code, errs)
			}
			for _, p := range tc.exists {
				if _, err := os.Stat(filepath.Join(site, p)); err != nil {
					t.Errorf("missing %s", p)
				}
			}
			for _, p := range tc.missing {
				if _, err := os.Stat(filepath.Join(site, p)); err == nil {
					t.Errorf("%s was written", p)
				}
			}
			if tc.warning != "" && !strings.Contains(errs, tc.warning) {
				t.Errorf("stderr %q, want a warning %q", errs, tc.warning)
			}
			if tc.name == "Separate" && !strings.Contains(out, "(team workspace)") {
				t.Errorf("the summary %q does not name the workspace's folder", out)
			}
		})
	}
}

// TestProfiles checks that build --cpuprofile and --memprofile write
// profiles go tool pprof reads (gzipped protocol buffers), and that they
// are refused with --watch, which builds more than once.
func TestProfiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	site := newSite(t, dir, "x")
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	if code, out, errs := runBinary(t, site, "build", "--quiet", "--cpuprofile", cpu, "--memprofile", mem); code != 0 {
		t.Fatalf("build: %d %q %q", code, out, errs)
	}
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes, %v; want a gzipped profile", filepath.Base(p), len(b), err)
		}
	}
	code, _, errs := runBinary(t, site, "build", "--watch", "--cpuprofile", cpu)
	if code != exitUsage || !strings.Contains(errs, "do not go with --watch") {
		t.Errorf("build --watch --cpuprofile: %d %q, want a usage error", code, errs)
	}
}
