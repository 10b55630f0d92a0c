// Package publish writes a build's files into a folder (Dir): minified by
// media type on the way in, staged, and moved in only when the build
// succeeded.
//
// Dir owns its destination exactly: it keeps a manifest of the files it
// wrote, removes only those when they go stale, leaves every other file (a
// .git folder, a CNAME) alone, and writes nothing outside the destination
// but its staging folder, beside it. One build at a time writes into a
// destination: a Dir is opened under a Lock.
//
// It imports diag, sitefs, internal/keys and tdewolff/minify.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/journey-ssg/journey/generator/diag"
)

// ManifestName is the file in the destination that lists what journey wrote
// there.
const ManifestName = ".journey-manifest"

// stagingSuffix, after the destination's name, names the staging folders
// beside it (.public.journey-staging-<random>), one per build: on the same
// file system as the destination, so that its files move in by renaming,
// and outside it, so that a deploy never carries them.
const stagingSuffix = ".journey-staging-"

// oldStagingName is the folder inside the destination where earlier
// versions staged their builds; a build removes one a crash left behind.
const oldStagingName = ".journey-staging"

// ErrNotOwned means the destination holds files journey did not write.
var ErrNotOwned = errors.New("destination holds files journey did not write")

// ErrExists means a second file was written to a path already written in
// this build.
var ErrExists = errors.New("file already written in this build")

// Stats counts what a publish did.
type Stats struct {
	Written   int // files created or changed
	Unchanged int // files whose bytes were already in place
	Removed   int // stale files of an earlier build
}

// Mode says what Commit does with the files of the last build that this
// one did not write.
type Mode int

// The modes.
const (
	// Full builds write every file; Commit removes the ones not written.
	Full Mode = iota
	// Partial builds write only what changed; Commit keeps the rest and
	// removes only what Remove named.
	Partial
)

// Dir publishes into a destination folder.
type Dir struct {
	path string
	real string   // path resolved: absolute, without symbolic links
	root *os.Root // the destination
	// top is the folder that holds the destination and the staging
	// folder; files move between the two through it.
	top     *os.Root
	staging string // the staging folder's name in top
	min     *Minifier
	mode    Mode
	old     manifest
	created bool // the destination did not exist before this build
	// warnings are about the destination, such as a damaged manifest.
	warnings diag.List

	// bufs keeps the buffers stream copies through: a build copies every
	// static file and every encoded image.
	bufs sync.Pool

	mu      sync.Mutex
	entries map[string]entry // mu guards entries: what this build wrote
	staged  []stagedFile     // mu guards staged: files waiting in staging
	removed map[string]bool  // mu guards removed: paths Remove named
	dirs    map[string]bool  // mu guards dirs: folders known to exist
	// times holds the modification times of the folders Commit found,
	// for undoing it. mu guards times.
	times   map[string]time.Time
	stats   Stats    // mu guards stats
	changed []string // mu guards changed: paths Commit wrote or removed
	order   []string // mu guards order: the manifest's paths, sorted
	done    []step   // mu guards done: what Commit did so far
}

// stagedFile is a file written to the staging folder under a flat name, so
// that staging needs no folders.
type stagedFile struct {
	path string // where it goes
	name string // its name in the staging folder
}

type manifest struct {
	Files map[string]entry
	// order is Files' paths sorted, as last written, when known: a
	// rebuild usually keeps the same files, and need not sort them again.
	order []string
}

type entry struct {
	// Raw is the hash of the bytes as rendered, before minifying, so that
	// a page rendered the same need not be minified again.
	Raw     string
	Hash    string // of the bytes written
	Size    int64
	ModTime int64 // unix nanoseconds, after the write
}

// Manifest is what a Dir knows of the files it wrote, kept by a caller
// between builds so the next one need not read it from disk.
type Manifest struct{ m manifest }

// Manifest returns what the last Commit wrote, for OpenDir's next call.
func (d *Dir) Manifest() *Manifest {
	d.mu.Lock()
	defer d.mu.Unlock()
	return &Manifest{m: manifest{Files: d.entries, order: d.order}}
}

// OpenDir prepares dest, which l must hold, for a build, creating it if
// needed. last is the manifest of the last build into dest, as the same
// process committed it; nil reads it from dest. It refuses a destination
// that exists, holds files, and has no manifest: journey did not create
// it. Hidden entries (.git) and a CNAME file do not count.
func (l *Lock) OpenDir(dest string, min *Minifier, mode Mode, last *Manifest) (*Dir, error) {
	real, ok := l.holds(dest)
	if !ok {
		return nil, fmt.Errorf("open %s: the lock does not hold it", dest)
	}
	d := &Dir{path: dest, real: real, min: min, mode: mode, entries: map[string]entry{}, removed: map[string]bool{}, dirs: map[string]bool{}, times: map[string]time.Time{}}
	info, err := os.Stat(real)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Mkdir(real, 0o755); err != nil {
			return nil, fmt.Errorf("create destination: %w", err)
		}
		d.created = true
	case err != nil:
		return nil, fmt.Errorf("destination: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
	default:
		d.times["."] = info.ModTime()
	}
	if err := d.open(last); err != nil {
		return nil, errors.Join(err, d.Abort())
	}
	return d, nil
}

// open opens the destination and the folder that holds it, reads the
// manifest unless last is given, and makes the staging folder.
func (d *Dir) open(last *Manifest) error {
	var err error
	if d.root, err = os.OpenRoot(d.real); err != nil {
		return fmt.Errorf("open destination: %w", err)
	}
	parent := filepath.Dir(d.real)
	if d.top, err = os.OpenRoot(parent); err != nil {
		return fmt.Errorf("open the folder of the destination: %w", err)
	}
	if !sameDevice(d.real, parent) {
		return fmt.Errorf("destination %s is on another file system than %s, which holds it (a mount point?): the build is staged beside the destination and renamed into it; build into a folder inside it instead", d.path, parent)
	}
	if last != nil {
		d.old = last.m // only read: this build's entries go in a map of its own
	} else if err := d.readManifest(); err != nil {
		return err
	}
	if err := d.root.RemoveAll(oldStagingName); err != nil {
		return fmt.Errorf("remove %s: %w", oldStagingName, err)
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(d.real)+stagingSuffix+"*")
	if err != nil {
		return fmt.Errorf("create staging folder: %w", err)
	}
	d.staging = filepath.Base(staging)
	return nil
}

func (d *Dir) readManifest() error {
	b, err := d.root.ReadFile(ManifestName)
	if err == nil {
		var dmg *damage
		if d.old, dmg = decodeManifest(b); dmg != nil {
			d.warnings.Add(dmg.warning(filepath.Join(d.path, ManifestName), len(d.old.Files)))
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read manifest: %w", err)
	}
	d.old.Files = map[string]entry{}
	entries, err := fs.ReadDir(d.root.FS(), ".")
	if err != nil {
		return fmt.Errorf("read destination: %w", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || e.Name() == "CNAME" {
			continue
		}
		return fmt.Errorf("refusing to build into %s: %w (it has %s and no %s); empty it or choose another destination with -d", d.path, ErrNotOwned, e.Name(), ManifestName)
	}
	return nil
}

// Warnings returns what the build should know about the destination: a
// damaged manifest, and what the build does about it.
func (d *Dir) Warnings() diag.List { return d.warnings }

// Write minifies data by its path's type and stages it, unless the
// destination already holds the result from the last build.
func (d *Dir) Write(ctx context.Context, p string, data []byte) error {
	if m, _ := d.min.forPath(p); m == nil {
		return d.Copy(ctx, p, data)
	}
	raw := sum(data)
	if old, ok := d.old.Files[p]; ok && old.Raw == raw && d.intact(p, old) {
		return d.keep(ctx, p, old)
	}
	return d.min.minifyTo(p, data, func(out []byte) error { return d.stage(ctx, p, out, raw) })
}

// Copy stages data as it is, for static files and for files of a type
// that is not minified.
func (d *Dir) Copy(ctx context.Context, p string, data []byte) error {
	return d.stage(ctx, p, data, "")
}

// keep records that the file at p stays as the last build left it.
func (d *Dir) keep(ctx context.Context, p string, old entry) error {
	if err := d.check(ctx, p); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, dup := d.entries[p]; dup {
		return fmt.Errorf("%s: %w", p, ErrExists)
	}
	d.entries[p] = old
	delete(d.removed, p)
	d.stats.Unchanged++
	return nil
}

// check refuses a canceled build and a path that is not below the
// destination.
func (d *Dir) check(ctx context.Context, p string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !fs.ValidPath(p) || p == "." || p == ManifestName || p == oldStagingName || strings.HasPrefix(p, oldStagingName+"/") {
		return fmt.Errorf("output path %q is not a file below the destination", p)
	}
	return nil
}

// stage writes data for p into the staging folder, unless the destination
// already holds exactly these bytes. raw is the hash of the bytes before
// minifying, if any.
func (d *Dir) stage(ctx context.Context, p string, data []byte, raw string) error {
	if err := d.check(ctx, p); err != nil {
		return err
	}
	e := entry{Raw: raw, Hash: sum(data), Size: int64(len(data))}
	d.mu.Lock()
	if _, dup := d.entries[p]; dup {
		d.mu.Unlock()
		return fmt.Errorf("%s: %w", p, ErrExists)
	}
	d.entries[p] = e
	delete(d.removed, p)
	d.mu.Unlock()

	if old, ok := d.old.Files[p]; ok && old.Hash == e.Hash && d.intact(p, old) {
		old.Raw = raw
		d.mu.Lock()
		d.entries[p] = old
		d.stats.Unchanged++
		d.mu.Unlock()
		return nil
	}
	if err := d.top.WriteFile(d.stagedName(p), data, 0o644); err != nil {
		return fmt.Errorf("stage %s: %w", p, err)
	}
	return nil
}

// stagedName returns a new name in the staging folder, from top, for the
// file to be published at p.
func (d *Dir) stagedName(p string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	name := d.staging + "/" + strconv.Itoa(len(d.staged))
	d.staged = append(d.staged, stagedFile{path: p, name: name})
	return name
}

// Remove marks p, a file of the last build, for removal at Commit in a
// partial build.
func (d *Dir) Remove(p string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, written := d.entries[p]; !written {
		d.removed[p] = true
	}
}

// RemoveStale marks for removal at Commit, in a partial build, the files
// of the last build that stale picks, but for those this build writes.
func (d *Dir) RemoveStale(stale func(p string) bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for p := range d.old.Files {
		if _, written := d.entries[p]; !written && stale(p) {
			d.removed[p] = true
		}
	}
}

// intact reports whether the file at p is still the one the manifest
// describes: same size and modification time.
func (d *Dir) intact(p string, e entry) bool {
	info, err := d.root.Lstat(p)
	return err == nil && info.Mode().IsRegular() && info.Size() == e.Size && info.ModTime().UnixNano() == e.ModTime
}
