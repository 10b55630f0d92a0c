// Package publish writes a build's files: into a folder (Dir), staged and
// swapped in only when the build succeeded, or into memory (Memory). Both
// minify by media type on the way in.
//
// Dir owns its destination exactly: it keeps a manifest of the files it
// wrote, removes only those when they go stale, leaves every other file (a
// .git folder, a CNAME) alone, and writes nothing outside the destination.
//
// It imports diag and tdewolff/minify.
package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/journey-ssg/journey/generator/diag"
)

// ManifestName is the file in the destination that lists what journey wrote
// there.
const ManifestName = ".journey-manifest"

// stagingName is the folder inside the destination where a build writes
// before it swaps its files in.
const stagingName = ".journey-staging"

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
	path    string
	root    *os.Root
	min     *Minifier
	mode    Mode
	old     manifest
	created bool // the destination did not exist before this build
	// warnings are about the destination, such as a damaged manifest.
	warnings diag.List
	// mtime is the destination's modification time before the build;
	// Abort puts it back after removing the staging folder.
	mtime time.Time

	mu      sync.Mutex
	entries map[string]entry // mu guards entries: what this build wrote
	staged  []stagedFile     // mu guards staged: files waiting in staging
	removed map[string]bool  // mu guards removed: paths Remove named
	dirs    map[string]bool  // mu guards dirs: folders known to exist
	stats   Stats            // mu guards stats
	changed []string         // mu guards changed: paths Commit wrote or removed
	order   []string         // mu guards order: the manifest's paths, sorted
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
	if _, ok := l.holds(dest); !ok {
		return nil, fmt.Errorf("open %s: the lock does not hold it", dest)
	}
	d := &Dir{path: dest, min: min, mode: mode, entries: map[string]entry{}, removed: map[string]bool{}, dirs: map[string]bool{}}
	info, err := os.Stat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return nil, fmt.Errorf("create destination: %w", err)
		}
		d.created = true
	case err != nil:
		return nil, fmt.Errorf("destination: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
	default:
		d.mtime = info.ModTime()
	}
	root, err := os.OpenRoot(dest)
	if err != nil {
		return nil, fmt.Errorf("open destination: %w", err)
	}
	d.root = root
	if last != nil {
		d.old = last.m // only read: this build's entries go in a map of its own
	} else if err := d.readManifest(); err != nil {
		root.Close()
		return nil, err
	}
	if err := root.RemoveAll(stagingName); err != nil {
		root.Close()
		return nil, fmt.Errorf("clear staging folder: %w", err)
	}
	if err := root.Mkdir(stagingName, 0o755); err != nil {
		root.Close()
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	return d, nil
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

// Path returns the destination folder.
func (d *Dir) Path() string { return d.path }

// Write minifies data by its path's type and stages it, unless the
// destination already holds the result from the last build.
func (d *Dir) Write(ctx context.Context, p string, data []byte) error {
	if d.min == nil {
		return d.Copy(ctx, p, data)
	}
	sum := sha256.Sum256(data)
	raw := hex.EncodeToString(sum[:])
	if old, ok := d.old.Files[p]; ok && old.Raw == raw && d.intact(p, old) {
		return d.keep(ctx, p, old)
	}
	return d.min.minifyTo(p, data, func(out []byte) error { return d.stage(ctx, p, out, raw) })
}

// Copy stages data as it is, for static files.
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
	if !fs.ValidPath(p) || p == "." || p == ManifestName || p == stagingName || strings.HasPrefix(p, stagingName+"/") {
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
	sum := sha256.Sum256(data)
	e := entry{Raw: raw, Hash: hex.EncodeToString(sum[:]), Size: int64(len(data))}
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
	d.mu.Lock()
	name := stagingName + "/" + strconv.Itoa(len(d.staged))
	d.staged = append(d.staged, stagedFile{path: p, name: name})
	d.mu.Unlock()
	if err := d.root.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("stage %s: %w", p, err)
	}
	return nil
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

// mkdirAllLocked creates dir and its parents below the root, once per
// build. The caller holds d.mu.
func (d *Dir) mkdirAllLocked(dir string) error {
	if dir == "." || d.dirs[dir] {
		return nil
	}
	if err := d.mkdirAllLocked(path.Dir(dir)); err != nil {
		return err
	}
	if err := d.root.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs[dir] = true
	return nil
}

// intact reports whether the file at p is still the one the manifest
// describes: same size and modification time.
func (d *Dir) intact(p string, e entry) bool {
	info, err := d.root.Lstat(p)
	return err == nil && info.Mode().IsRegular() && info.Size() == e.Size && info.ModTime().UnixNano() == e.ModTime
}

// Commit swaps the staged files into the destination, removes the files of
// the last build that this one did not write, and saves the manifest.
func (d *Dir) Commit() (Stats, error) {
	defer d.root.Close()
	d.mu.Lock()
	defer d.mu.Unlock()
	sort.Slice(d.staged, func(i, j int) bool { return d.staged[i].path < d.staged[j].path })
	for _, f := range d.staged {
		p := f.path
		if err := d.mkdirAllLocked(path.Dir(p)); err != nil {
			return d.stats, fmt.Errorf("publish %s: %w", p, err)
		}
		if err := d.root.Rename(f.name, p); err != nil {
			return d.stats, fmt.Errorf("publish %s: %w", p, err)
		}
		info, err := d.root.Stat(p)
		if err != nil {
			return d.stats, fmt.Errorf("publish %s: %w", p, err)
		}
		e := d.entries[p]
		e.ModTime = info.ModTime().UnixNano()
		d.entries[p] = e
		d.stats.Written++
		d.changed = append(d.changed, p)
	}
	var stale []string
	for p, e := range d.old.Files {
		if _, ok := d.entries[p]; ok {
			continue
		}
		if d.mode == Partial && !d.removed[p] {
			d.entries[p] = e
			continue
		}
		stale = append(stale, p)
	}
	sort.Strings(stale)
	for _, p := range stale {
		err := d.root.Remove(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return d.stats, fmt.Errorf("remove stale %s: %w", p, err)
		}
		if err == nil {
			d.stats.Removed++
			d.changed = append(d.changed, p)
		}
		d.removeEmptyParents(p)
	}
	if err := d.writeManifest(); err != nil {
		return d.stats, err
	}
	if err := d.root.RemoveAll(stagingName); err != nil {
		return d.stats, fmt.Errorf("remove staging folder: %w", err)
	}
	return d.stats, nil
}

// Changed lists the files the last Commit wrote or removed, sorted.
func (d *Dir) Changed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := append([]string(nil), d.changed...)
	sort.Strings(out)
	return out
}

// removeEmptyParents removes the folders above p that the removal left
// empty; a folder that still holds anything stays.
func (d *Dir) removeEmptyParents(p string) {
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if d.root.Remove(dir) != nil {
			return
		}
	}
}

func (d *Dir) writeManifest() error {
	tmp := stagingName + "/manifest"
	m := manifest{Files: d.entries, order: d.old.order}
	if err := d.root.WriteFile(tmp, m.encode(), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := d.root.Rename(tmp, ManifestName); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	d.order = m.order
	return nil
}

// Abort throws away what the build staged and leaves the destination as it
// was; a destination this build created is removed again when empty.
func (d *Dir) Abort() error {
	err := d.root.RemoveAll(stagingName)
	d.root.Close()
	if d.created {
		// Remove fails, as it should, if anything else is in there.
		_ = os.Remove(d.path)
	} else if err == nil {
		_ = os.Chtimes(d.path, time.Time{}, d.mtime)
	}
	if err != nil {
		return fmt.Errorf("remove staging folder: %w", err)
	}
	return nil
}
