package generator

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/picture"
	"github.com/journey-ssg/journey/generator/publish"
	"github.com/journey-ssg/journey/generator/sitefs"
	"github.com/journey-ssg/journey/generator/theme"
)

// copyStatic copies the static files of the theme stack into dir: all of
// them, or those under the given changed paths (site-root paths such as
// "static/img/a.png"), removing the ones that are gone. Files it cannot
// read are reported together.
func (ss *Session) copyStatic(ctx context.Context, dir *publish.Dir, changed []string, warnings *diag.List) error {
	static := ss.cur.theme.Static()
	only := staticTargets(ss.cur.cfg, changed)
	if changed != nil && only == nil {
		return nil // the changes are in another theme's static/
	}
	for _, gone := range only {
		if _, err := fs.Stat(static, gone); err != nil {
			dir.Remove(gone)
		}
	}
	files, problems := staticFiles(static, only)
	for _, p := range files {
		err := copyFile(ctx, dir, static, p)
		var e *diag.Error
		switch {
		case errors.As(err, &e):
			problems.Add(e)
		case errors.Is(err, publish.ErrExists):
			warnings.Add(diag.Warnf(diag.Pos{File: static.Where(p)}, "static file is hidden by a page written to the same path"))
		case err != nil:
			return err
		}
	}
	return problems.Err()
}

// copyFile streams the static file p into dir, but for a photo, which
// loses its metadata on the way (picture.Strip): its GPS position never
// reaches the site. A file that cannot be opened is a *diag.Error.
func copyFile(ctx context.Context, dir *publish.Dir, static theme.Overlay, p string) error {
	if picture.Resizable("/" + p) {
		data, err := fs.ReadFile(static, p)
		if err != nil {
			return diag.FileError(static.Where(p), err)
		}
		return dir.CopyFile(ctx, p, bytes.NewReader(picture.Strip(p, data)))
	}
	f, err := static.Open(p)
	if err != nil {
		return diag.FileError(static.Where(p), err)
	}
	defer f.Close()
	return dir.CopyFile(ctx, p, f)
}

// staticFiles lists the files of static that a build publishes (see
// sitefs.Published), those under only when it is not nil, with a problem
// for each entry it cannot read: a link it does not follow, a named pipe.
func staticFiles(static theme.Overlay, only []string) ([]string, diag.List) {
	var files []string
	var problems diag.List
	// The walk function never fails: problems are gathered instead.
	skip := func(name string) bool { return !sitefs.Published(name) }
	_ = sitefs.WalkDir(static, ".", skip, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if p != "." || !errors.Is(err, fs.ErrNotExist) {
				problems.Add(diag.FileError(static.Where(p), err))
			}
		case d.IsDir():
		case only == nil || under(p, only):
			files = append(files, p)
		}
		return nil
	})
	return files, problems
}

// staticTargets turns changed paths under static/ or themes/<name>/static/
// into paths below the output root.
func staticTargets(cfg *config.Config, changed []string) []string {
	var out []string
	for _, c := range changed {
		for _, prefix := range []string{"static", "themes/" + cfg.Theme + "/static"} {
			if c == prefix {
				out = append(out, ".")
			} else if strings.HasPrefix(c, prefix+"/") {
				out = append(out, strings.TrimPrefix(c, prefix+"/"))
			}
		}
	}
	return out
}

func under(p string, roots []string) bool {
	for _, r := range roots {
		if r == "." || p == r || strings.HasPrefix(p, r+"/") {
			return true
		}
	}
	return false
}
