package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// errNotFolder means a file or a link stands where the destination needs
// a folder.
var errNotFolder = errors.New("not a folder")

// step is one change Commit made to the destination, kept so that a
// commit that fails part way can undo the steps before it.
type step struct {
	kind stepKind
	path string // in the destination
	// saved is where a moved-away file waits, in top.
	saved string
}

type stepKind int

const (
	placed     stepKind = iota // a staged file moved to path
	movedAway                  // the file at path moved to saved
	madeDir                    // the folder path created
	removedDir                 // the empty folder path removed
)

// Commit moves the staged files into the destination, moves away the files
// of the last build that this one did not write, and saves the manifest,
// all or nothing: when a step fails, the steps before it are undone, and
// the destination is left as it was. A file that was in the way waits in
// the staging folder until the manifest is saved; the staging folder goes
// either way.
func (d *Dir) Commit() (Stats, error) {
	err := CommitAll(d)
	return d.stats, err
}

// Stats returns what the last Commit did.
func (d *Dir) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

// CommitAll commits dirs, the folders of one build, together: all or
// nothing. When one of them fails, the ones committed before it are undone
// too, last first, and every destination is left as it was; each Dir's
// Stats then say what its commit had done before it was undone.
func CommitAll(dirs ...*Dir) error {
	for _, d := range dirs {
		d.mu.Lock()
		defer d.mu.Unlock()
	}
	for i, d := range dirs {
		err := d.commitLocked()
		if err == nil {
			continue
		}
		var undo []error
		for j := i; j >= 0; j-- {
			if uerr := dirs[j].undoLocked(); uerr != nil {
				// The staging folder keeps the files that could not go
				// back.
				undo = append(undo, fmt.Errorf("undoing the publish into %s failed too, and what it could not put back is in %s: %v", dirs[j].path, filepath.Join(filepath.Dir(dirs[j].real), dirs[j].staging), uerr))
			}
		}
		if len(undo) > 0 {
			for _, d := range dirs {
				d.close()
			}
			return errors.Join(append([]error{err}, undo...)...)
		}
		var aborts []error
		for _, d := range dirs {
			aborts = append(aborts, d.Abort())
		}
		return errors.Join(append([]error{err}, aborts...)...)
	}
	for _, d := range dirs {
		// The build is in place. A staging folder that cannot be removed
		// now is removed by the next build into the destination.
		_ = d.top.RemoveAll(d.staging)
		d.close()
	}
	return nil
}

// commitLocked does Commit's steps, recording each in d.done. The caller
// holds d.mu.
func (d *Dir) commitLocked() error {
	// Stale files go first: a folder of them may stand where a file of
	// this build goes, or one of them where a folder goes.
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
		if err := d.removeStaleLocked(p); err != nil {
			return fmt.Errorf("remove stale %s: %w", p, err)
		}
	}
	sort.Slice(d.staged, func(i, j int) bool { return d.staged[i].path < d.staged[j].path })
	for _, f := range d.staged {
		if err := d.placeLocked(f); err != nil {
			return fmt.Errorf("publish %s: %w", f.path, err)
		}
	}
	return d.writeManifestLocked()
}

// removeStaleLocked moves away the file at p, which the last build wrote
// and this one did not, and the folders it leaves empty. A file gone
// already stays gone; a folder or a link where the file or its folders
// were, which journey did not make, stays as it is. The caller holds d.mu.
func (d *Dir) removeStaleLocked(p string) error {
	err := d.folderLocked(path.Dir(p), false)
	var info fs.FileInfo
	if err == nil {
		info, err = d.root.Lstat(p)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotFolder) || err == nil && info.IsDir():
		return nil
	case err != nil:
		return err
	}
	if err := d.moveAwayLocked(p); err != nil {
		return err
	}
	d.stats.Removed++
	d.changed = append(d.changed, p)
	d.removeEmptyParentsLocked(p)
	return nil
}

// placeLocked moves a staged file to its place, moving away the file it
// replaces. The caller holds d.mu.
func (d *Dir) placeLocked(f stagedFile) error {
	p := f.path
	if err := d.folderLocked(path.Dir(p), true); err != nil {
		return err
	}
	info, err := d.root.Lstat(p)
	switch {
	case err == nil && info.IsDir():
		return errors.New("a folder of that name is in the way")
	case err == nil:
		if err := d.moveAwayLocked(p); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := d.top.Rename(f.name, d.inTop(p)); err != nil {
		return err
	}
	d.done = append(d.done, step{kind: placed, path: p})
	if info, err = d.root.Stat(p); err != nil {
		return err
	}
	e := d.entries[p]
	e.ModTime = info.ModTime().UnixNano()
	d.entries[p] = e
	d.stats.Written++
	d.changed = append(d.changed, p)
	return nil
}

// inTop returns the path of p, in the destination, from top.
func (d *Dir) inTop(p string) string { return filepath.Base(d.real) + "/" + p }

// moveAwayLocked moves the file at p into the staging folder. The caller
// holds d.mu.
func (d *Dir) moveAwayLocked(p string) error {
	saved := d.staging + "/old-" + strconv.Itoa(len(d.done))
	if err := d.top.Rename(d.inTop(p), saved); err != nil {
		return err
	}
	d.done = append(d.done, step{kind: movedAway, path: p, saved: saved})
	return nil
}

// folderLocked checks that dir and the folders above it in the
// destination are folders, not links: files move through top, which would
// follow a link out of the destination. With create, it creates the ones
// that are missing. It checks a folder once per build. The caller holds
// d.mu.
func (d *Dir) folderLocked(dir string, create bool) error {
	if dir == "." || d.dirs[dir] {
		return nil
	}
	if err := d.folderLocked(path.Dir(dir), create); err != nil {
		return err
	}
	if create {
		err := d.root.Mkdir(dir, 0o755)
		if err == nil {
			d.done = append(d.done, step{kind: madeDir, path: dir})
			d.dirs[dir] = true
			return nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	info, err := d.root.Lstat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is %w", dir, errNotFolder)
	}
	d.dirs[dir] = true
	d.times[dir] = info.ModTime()
	return nil
}

// removeEmptyParentsLocked removes the folders above p that the removal
// left empty; a folder that still holds anything stays. The caller holds
// d.mu.
func (d *Dir) removeEmptyParentsLocked(p string) {
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if d.root.Remove(dir) != nil {
			return
		}
		delete(d.dirs, dir)
		d.done = append(d.done, step{kind: removedDir, path: dir})
	}
}

// writeManifestLocked saves the manifest: the last step of Commit, done by
// one rename that either happens or not. The last manifest waits in the
// staging folder, so that a build of several folders can undo the commit
// of this one when another fails. The caller holds d.mu.
func (d *Dir) writeManifestLocked() error {
	tmp := d.staging + "/manifest"
	m := manifest{Files: d.entries, order: d.old.order}
	if err := d.top.WriteFile(tmp, m.encode(), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	switch info, err := d.root.Lstat(ManifestName); {
	case err == nil && !info.Mode().IsRegular():
		return fmt.Errorf("write manifest: something other than a file is at %s", ManifestName)
	case err == nil:
		if err := d.moveAwayLocked(ManifestName); err != nil {
			return fmt.Errorf("write manifest: %w", err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := d.top.Rename(tmp, d.inTop(ManifestName)); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	d.done = append(d.done, step{kind: placed, path: ManifestName})
	d.order = m.order
	return nil
}

// undoLocked undoes what Commit did, last step first. The caller holds
// d.mu.
func (d *Dir) undoLocked() error {
	var errs []error
	for i := len(d.done) - 1; i >= 0; i-- {
		s := d.done[i]
		var err error
		switch s.kind {
		case placed:
			err = d.root.Remove(s.path)
		case movedAway:
			err = d.top.Rename(s.saved, d.inTop(s.path))
		case madeDir:
			err = d.root.Remove(s.path)
		case removedDir:
			err = d.root.Mkdir(s.path, 0o755)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.path, err))
		}
	}
	d.done = nil
	// Moving files in and out changed the times of their folders.
	for dir, t := range d.times {
		_ = d.root.Chtimes(dir, time.Time{}, t)
	}
	return errors.Join(errs...)
}

// Changed lists the files the last Commit wrote or removed, sorted.
func (d *Dir) Changed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := append([]string(nil), d.changed...)
	sort.Strings(out)
	return out
}

// Abort throws away what the build staged and leaves the destination as it
// was; a destination this build created is removed again when empty.
func (d *Dir) Abort() error {
	var err error
	if d.top != nil && d.staging != "" {
		if err = d.top.RemoveAll(d.staging); err != nil {
			err = fmt.Errorf("remove staging folder: %w", err)
		}
	}
	d.close()
	if d.created {
		// Remove fails, as it should, if anything else is in there.
		_ = os.Remove(d.real)
	}
	return err
}

// close closes the destination and the folder that holds it.
func (d *Dir) close() {
	for _, r := range []*os.Root{d.root, d.top} {
		if r != nil {
			r.Close()
		}
	}
}
