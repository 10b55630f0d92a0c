// Package generator wires journey's pipeline together: config, content,
// site model, theme, render and publish, and the preview server, the
// watcher and the form collector around them. The CLI calls one of its
// functions per command (Build, Check, Serve, Collect, NewSite, ...);
// everything they do lives in the packages below.
//
// It may import any package of journey; none of them imports it.
package generator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/mermaid"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/scaffold"
	"github.com/journey-ssg/journey/generator/theme"
)

// Options say what to build and where.
type Options struct {
	// Source is the site's folder.
	Source string
	// Dest is the campaign site's folder; empty means Source/public.
	Dest string
	// TeamDest is the team workspace's folder when it has one of its own;
	// empty means team.dest in journey.toml, below Source (team/).
	TeamDest string
	// BaseURL replaces the config's baseURL when set.
	BaseURL string
	// TeamBaseURL replaces the config's team.baseURL when set.
	TeamBaseURL string
	// Drafts includes draft pages.
	Drafts bool
	// Minify minifies the output.
	Minify bool
	// Theme is the built-in default theme: a folder with layouts/,
	// assets/ and static/. Site files override it file by file.
	Theme fs.FS
	// FormProvider replaces the config's form provider when set, so a
	// preview can keep submissions local.
	FormProvider string
	// NoWait makes a build fail at once, with publish.ErrLocked, when
	// another process is building into the destination; without it, the
	// build waits for the other to finish.
	NoWait bool
	// Waiting, when set, is called before a build waits for another
	// process to finish with the destination, with that process's id (0
	// when unknown).
	Waiting func(dest string, pid int)
	// Progress, when set, is called from the rendering goroutines after
	// each file of a full build is rendered, with how many of how many.
	// It must be quick and safe for concurrent use.
	Progress func(done, total int)
	// ImageProgress, when set, is called from the encoding goroutines
	// after each image a build encodes (those its cache lacks), with how
	// many of how many. It must be quick and safe for concurrent use.
	ImageProgress func(done, total int)
}

// Result reports what a build did.
type Result struct {
	Pages int // HTML pages rendered
	// Encoded is how many image files the build encoded: those its cache
	// lacked.
	Encoded  int
	Stats    publish.Stats
	Warnings diag.List
	Duration time.Duration
	// Dest is the campaign site's folder, TeamDest the workspace's (empty
	// when it has no folder of its own).
	Dest     string
	TeamDest string
	// BasePath is the path the campaign site lives under, from its
	// baseURL; TeamBasePath the workspace's.
	BasePath     string
	TeamBasePath string
	// Full is true when everything was rebuilt.
	Full bool
	// CSSOnly is true when only stylesheets changed.
	CSSOnly bool
	// Later is how many pages the rebuild left for Session.Idle, having
	// rendered the pages browsers show first.
	Later int
	// Rendered lists the URLs of the pages rendered; a page of a workspace
	// with a folder of its own is named "team:" and its URL.
	Rendered []string
	// Changed lists the campaign folder's files written or removed,
	// TeamChanged the workspace folder's.
	Changed     []string
	TeamChanged []string
}

// ErrNoSite means the source folder holds neither journey.toml nor
// content/.
var ErrNoSite = errors.New("no site here")

func overrideBaseURL(cfg *config.Config, warnings diag.List) (*config.Config, diag.List, error) {
	if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	probe, _, err := config.Parse("--baseURL", []byte(fmt.Sprintf("baseURL = %q\n", cfg.BaseURL)))
	if err != nil {
		return nil, warnings, err
	}
	cfg.BaseURL = probe.BaseURL
	return cfg, warnings, nil
}

// themeStack layers the site's own folders over themes/<name>/ over the
// built-in theme. When the theme cannot be found, the stack it returns with
// the error leaves it out.
func themeStack(src fs.FS, cfg *config.Config, builtin fs.FS) (theme.Overlay, *diag.Error) {
	stack := theme.Overlay{{FS: src, Prefix: ""}}
	layer, err := themeLayer(src, cfg)
	if layer != nil {
		stack = append(stack, *layer)
	}
	if builtin != nil {
		stack = append(stack, theme.Layer{FS: builtin, Prefix: "themes/default/"})
	}
	return stack, err
}

// themeLayer returns the layer of themes/<name>/, nil for the default
// theme when the site has no folder of that name.
func themeLayer(src fs.FS, cfg *config.Config) (*theme.Layer, *diag.Error) {
	dir := "themes/" + cfg.Theme
	if !config.IsSlug(cfg.Theme) && !isThemeName(cfg.Theme) {
		return nil, diag.Errorf(cfg.Pos("theme"), "theme %q must be a folder name under themes/", cfg.Theme)
	}
	_, err := fs.Stat(src, dir)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, diag.FileError(dir, err)
	case err == nil:
		sub, err := fs.Sub(src, dir)
		if err != nil {
			return nil, diag.Errorf(cfg.Pos("theme"), "theme %q: %v", cfg.Theme, err)
		}
		return &theme.Layer{FS: sub, Prefix: dir + "/"}, nil
	case cfg.Theme != "default":
		return nil, diag.Errorf(cfg.Pos("theme"), "theme %q not found: there is no folder %s", cfg.Theme, dir)
	}
	return nil, nil
}

func isThemeName(s string) bool {
	return s != "" && !strings.ContainsAny(s, `/\`) && !strings.HasPrefix(s, ".")
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

func displayPath(p string) string {
	if p == "" || p == "." {
		return "this folder"
	}
	return p
}

// Check loads and validates the site without writing anything.
func Check(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	l, warnings, err := loadOnce(ctx, opts, forCheck)
	res := &Result{Warnings: warnings, Duration: time.Since(start)}
	if err != nil {
		return res, err
	}
	res.Pages = len(l.site.Pages)
	return res, nil
}

// Build renders the site into the destination. Nothing in the destination
// changes unless the whole build succeeds.
func Build(ctx context.Context, opts Options) (*Result, error) {
	ss, err := NewSession(opts)
	if err != nil {
		return &Result{}, err
	}
	ss.why = forBuild
	// Letting go of the lock cannot undo the build; a lock file it fails
	// to remove is locked again by the next build.
	defer ss.Close()
	return ss.Build(ctx)
}

// destination resolves the campaign site's folder and refuses one that
// would overwrite the site itself.
func destination(opts Options) (string, error) {
	dest := opts.Dest
	if dest == "" {
		dest = filepath.Join(opts.Source, "public")
	}
	return checkDest(opts.Source, dest)
}

// teamDestination resolves the workspace's folder for cfg, refusing one
// that would overwrite the site or that holds, or sits in, the campaign
// site's folder campaign.
func teamDestination(opts Options, cfg *config.Config, campaign string) (string, error) {
	dest := opts.TeamDest
	if dest == "" {
		dest = filepath.Join(opts.Source, filepath.FromSlash(cfg.Team.Dest))
	}
	abs, err := checkDest(opts.Source, dest)
	if err != nil {
		return "", err
	}
	if within(abs, campaign) || within(campaign, abs) {
		return "", fmt.Errorf("refusing team workspace folder %s: it is the campaign site's folder %s, or inside it, or holds it; choose another with --team-dest or team.dest", dest, campaign)
	}
	return abs, nil
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// checkDest resolves dest and refuses it when it is the site's folder, one
// of its parents, or inside one of the site's own folders.
func checkDest(source, dest string) (string, error) {
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	absSrc, err := filepath.Abs(source)
	if err != nil {
		return "", err
	}
	absDest, absSrc = realPath(absDest), realPath(absSrc)
	if within(absSrc, absDest) {
		return "", fmt.Errorf("refusing destination %s: it is the site's folder or one of its parents, and the build would overwrite its own source", dest)
	}
	for _, sub := range []string{"content", "layouts", "static", "themes"} {
		if within(absDest, filepath.Join(absSrc, sub)) {
			return "", fmt.Errorf("refusing destination %s: it is inside the site's %s/ folder", dest, sub)
		}
	}
	return absDest, nil
}

// realPath resolves symbolic links in p, or in as much of p as exists.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent, base := filepath.Split(p)
	if parent == p || parent == "" {
		return p
	}
	return filepath.Join(realPath(filepath.Clean(parent)), base)
}

// NewSite writes the example site into dir, which must not exist or be
// empty: `journey new site`.
func NewSite(dir string, example fs.FS) error { return scaffold.Site(dir, example) }

// NewOptions say what `journey new` writes.
type NewOptions struct {
	// Source is the site's folder.
	Source string
	// Kind is persona, product, journey or landing; Name the new file's
	// name.
	Kind, Name string
	// Persona and Product are a journey's: slugs of the site's content. A
	// journey needs its persona, so that it builds.
	Persona, Product string
}

// NewContent writes a draft content file of kind (persona, product,
// journey or landing) called name into the site at source, with the
// site's stages, and returns its path from source. A journey's persona
// (and its product, when given) must be the site's.
func NewContent(ctx context.Context, opts NewOptions) (string, error) {
	cfg, _, err := config.Load(os.DirFS(opts.Source), config.FileName)
	if err != nil {
		return "", err
	}
	if _, known := scaffold.Kinds()[opts.Kind]; known && opts.Kind != "journey" && (opts.Persona != "" || opts.Product != "") {
		return "", fmt.Errorf("--persona and --product are for new journeys, not a %s", opts.Kind)
	}
	if opts.Kind == "journey" {
		if err := CheckRef(ctx, opts.Source, content.KindPersona, opts.Persona); err != nil {
			return "", err
		}
		if opts.Product != "" {
			if err := CheckRef(ctx, opts.Source, content.KindProduct, opts.Product); err != nil {
				return "", err
			}
		}
	}
	return scaffold.Content(opts.Source, opts.Kind, strings.TrimSpace(opts.Name), cfg, scaffold.Refs{Persona: opts.Persona, Product: opts.Product})
}

// ImportOptions say which Mermaid diagram to import into which site.
type ImportOptions struct {
	Source string
	// File is the diagram.
	File string
	// Persona is the persona's slug; empty means the diagram's first actor.
	Persona string
	// Stages maps section titles to stage keys or names (--stage).
	Stages map[string]string
}

// maxDiagram is the largest Mermaid diagram ImportMermaid reads, in bytes.
const maxDiagram = 8 << 20

// ImportMermaid turns a Mermaid user-journey diagram into a new journey
// file under Source/content/journeys and returns the file's path. Problems
// (a section matching no stage, a bad score) come back as a diag.List and
// nothing is written.
func ImportMermaid(opts ImportOptions) (string, error) {
	src, err := readLimited(opts.File, maxDiagram)
	if err != nil {
		return "", err
	}
	cfg, _, err := config.Load(os.DirFS(opts.Source), config.FileName)
	if err != nil {
		return "", err
	}
	d, problems := mermaid.Parse(opts.File, src)
	if err := problems.Err(); err != nil {
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(opts.File), filepath.Ext(opts.File))
	d.Title = cmp.Or(d.Title, d.AccTitle, base)
	text, problems := mermaid.Journey(opts.File, d, cfg, mermaid.Options{Persona: opts.Persona, Stages: opts.Stages, Slugify: scaffold.Slugify})
	if err := problems.Err(); err != nil {
		return "", err
	}
	return scaffold.Write(opts.Source, "journeys", cmp.Or(scaffold.Slugify(d.Title), scaffold.Slugify(base)), text)
}
