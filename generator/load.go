package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/markdown"
	"github.com/journey-ssg/journey/generator/picture"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/render"
	"github.com/journey-ssg/journey/generator/site"
	"github.com/journey-ssg/journey/generator/sitefs"
	"github.com/journey-ssg/journey/generator/theme"
)

// purpose says what a site is loaded for, and so what the load keeps.
type purpose int

const (
	// forCheck validates the site: every Markdown body is converted (and
	// its links checked), nothing is kept for later.
	forCheck purpose = iota
	// forBuild is a single build of what may be a large site: a page's
	// Markdown is read when it renders and let go after (a lean model).
	forBuild
	// forSession is the first of many builds: the templates report what
	// they read, to plan rebuilds from, and the content and its converted
	// Markdown are kept, for rebuilds to take what did not change.
	forSession
)

// loaded is a site read and modelled: all that rendering, collecting its
// forms or checking it needs.
type loaded struct {
	cfg   *config.Config
	theme *theme.Theme
	// loader and cache are kept for sessions, whose rebuilds read again
	// only what changed and convert only the Markdown that did.
	loader *content.Loader
	cache  *site.Cache
	conv   *markdown.Converter
	site   *site.Site
}

// openSite opens the site's folder.
func openSite(opts Options) (*sitefs.FS, error) {
	src, err := sitefs.Open(opts.Source)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noSite(opts)
	}
	if err != nil {
		return nil, fmt.Errorf("open the site's folder: %w", err)
	}
	return src, nil
}

func noSite(opts Options) error {
	return fmt.Errorf("%w: %s has no %s and no content/ folder; start a site with: journey new site DIR", ErrNoSite, displayPath(opts.Source), config.FileName)
}

// load reads the config, the theme and the content of the site in src and
// builds its model, for the purpose given. min, when set, minifies the
// theme's assets once; images, when set, keeps the images it resizes.
// prev, a session's last load, lends its Markdown
// cache while the config keeps what conversions depend on. The warnings
// come back whether or not the load fails.
func load(ctx context.Context, src *sitefs.FS, opts Options, why purpose, min *publish.Minifier, images *picture.Cache, prev *loaded) (*loaded, diag.List, error) {
	if !exists(src, config.FileName) && !exists(src, "content") {
		return nil, nil, noSite(opts)
	}
	cfg, warnings, err := readConfig(src, opts)
	if err != nil {
		return nil, warnings, err
	}
	th, problems := loadTheme(src, cfg, opts, why, min, images)
	loader := content.NewLoader(src, "content")
	loader.Lean = why == forBuild
	set, cproblems := loader.Load(ctx)
	problems = append(problems, cproblems...)
	conv := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe})
	var cache *site.Cache
	if why == forSession {
		cache = site.NewCache()
		if prev != nil && prev.cfg.Markdown == cfg.Markdown && prev.cfg.BaseURL == cfg.BaseURL && prev.cfg.Team == cfg.Team {
			cache = prev.cache
		}
	}
	sopts := site.Options{Drafts: opts.Drafts, Cache: cache}
	if why == forBuild {
		sopts.Bodies = src
	}
	s, sproblems := site.Build(ctx, cfg, set, conv, sopts)
	problems = append(problems, sproblems...)
	if why != forSession {
		set.Shed()
		loader = nil
	}
	warnings = append(warnings, problems.Warnings()...)
	warnings.Sort()
	if err := problems.Err(); err != nil {
		return nil, warnings, err
	}
	return &loaded{cfg: cfg, theme: th, loader: loader, cache: cache, conv: conv, site: s}, warnings, nil
}

// loadTheme loads the site's theme for why, with every problem in it and
// in its static files, which are copied after rendering but reported now,
// with every other problem. images, when set, keeps the images its pages
// show, resized.
func loadTheme(src fs.FS, cfg *config.Config, opts Options, why purpose, min *publish.Minifier, images *picture.Cache) (*theme.Theme, diag.List) {
	var problems diag.List
	stack, serr := themeStack(src, cfg, opts.Theme)
	if serr != nil {
		problems.Add(serr)
		return nil, problems
	}
	topts := theme.Options{Funcs: render.Funcs(), Trace: why == forSession, Images: images}
	if min != nil {
		topts.Minify = min.Minify
		topts.MinifyLayout = min.Layout
	}
	th, err := theme.Load(stack, topts)
	problems.Append(err)
	_, sproblems := staticFiles(stack.Sub("static"), nil)
	return th, append(problems, sproblems...)
}

// readConfig reads journey.toml with the options' overrides.
func readConfig(src fs.FS, opts Options) (*config.Config, diag.List, error) {
	cfg, warnings, err := config.Load(src, config.FileName)
	if err != nil {
		return nil, warnings, err
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
		if cfg, warnings, err = overrideBaseURL(cfg, warnings); err != nil {
			return nil, warnings, err
		}
	}
	if opts.TeamBaseURL != "" {
		cfg.Team.BaseURL = opts.TeamBaseURL
		if !strings.HasSuffix(cfg.Team.BaseURL, "/") {
			cfg.Team.BaseURL += "/"
		}
	}
	if opts.FormProvider != "" {
		cfg.Forms.Provider = opts.FormProvider
	}
	if cfg.BaseURL == "/" {
		warnings.Add(diag.Warnf(diag.Pos{File: config.FileName}, "baseURL is not set: canonical links, social cards and the sitemap need an absolute URL such as \"https://example.com/\""))
	}
	return cfg, warnings, nil
}

// loadOnce opens the site, loads it for why and closes it again: for what
// reads a site once, such as check and collect.
func loadOnce(ctx context.Context, opts Options, why purpose) (*loaded, diag.List, error) {
	src, err := openSite(opts)
	if err != nil {
		return nil, nil, err
	}
	defer src.Close()
	return load(ctx, src, opts, why, nil, nil, nil)
}
