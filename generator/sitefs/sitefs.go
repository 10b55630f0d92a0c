// Package sitefs is a site's folder as journey reads it: a file system that
// reads only regular files and folders inside the folder.
//
// A symbolic link to a file inside the folder reads as that file. A link
// that leads outside the folder (absolute links always do), a link to a
// folder, a link to nothing and a loop of links are refused with a
// *LinkError at the link's path, so that a site from an untrusted pull
// request cannot publish the build machine's files. A named pipe, socket
// or device is refused with ErrNotRegular, without waiting on it. The
// folder itself may be reached through a link.
//
// It imports nothing but the standard library.
package sitefs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
)

// The reasons a symbolic link is not followed, in a *LinkError.
var (
	ErrOutside  = errors.New("it leads outside the site's folder; journey reads only files inside it")
	ErrFolder   = errors.New("it is a folder; journey follows links to files only: move or copy the folder instead")
	ErrDangling = errors.New("its target does not exist")
	ErrLoop     = errors.New("it is part of a loop of links")
)

// ErrNotRegular means a file is neither a regular file nor a folder.
var ErrNotRegular = errors.New("not a regular file; journey reads only files and folders")

// LinkError is a symbolic link that the site's file system does not
// follow. It is the Err of a *fs.PathError holding the link's path.
type LinkError struct {
	// Target is what the link holds.
	Target string
	// Err is ErrOutside, ErrFolder, ErrDangling, ErrLoop, or what kept
	// the target from being reached (permission denied).
	Err error
}

func (e *LinkError) Error() string { return "symbolic link to " + e.Target + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *LinkError) Unwrap() error { return e.Err }

// FS reads a site's folder. It is safe for concurrent use.
type FS struct {
	root *os.Root
}

var (
	_ fs.StatFS    = (*FS)(nil)
	_ fs.ReadDirFS = (*FS)(nil)
)

// Open opens the site's folder dir.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root}, nil
}

// Close releases the folder.
func (f *FS) Close() error { return f.root.Close() }

// Open opens the file or folder name.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	// Without O_NONBLOCK, opening a named pipe would wait for a writer.
	file, err := f.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, f.refuse("open", name, err)
	}
	info, err := file.Stat()
	if err == nil {
		err = f.check("open", name, info)
	}
	if err != nil {
		file.Close()
		return nil, err
	}
	return file, nil
}

// Stat describes the file or folder name, as Open would find it.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := f.root.Stat(name)
	if err != nil {
		return nil, f.refuse("stat", name, err)
	}
	if err := f.check("stat", name, info); err != nil {
		return nil, err
	}
	return info, nil
}

// ReadDir lists the folder name, sorted by file name. A symbolic link in
// it is listed as a link: WalkDir follows it.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	dir, ok := file.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	entries, err := dir.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// check refuses what name turned out to be, when it is neither a regular
// file nor a folder, or a folder reached through a link of its own.
func (f *FS) check(op, name string, info fs.FileInfo) error {
	mode := info.Mode()
	switch {
	case mode.IsRegular():
		return nil
	case mode.IsDir():
		if name == "." {
			return nil
		}
		if l, err := f.root.Lstat(name); err != nil || l.Mode()&fs.ModeSymlink == 0 {
			return nil
		}
		target, _ := f.root.Readlink(name)
		return &fs.PathError{Op: op, Path: name, Err: &LinkError{Target: target, Err: ErrFolder}}
	}
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%s, %w", kind(mode), ErrNotRegular)}
}

// refuse explains err, which the root returned for name: when a symbolic
// link on name's path is what the root would not follow, the error is a
// *LinkError at that link.
func (f *FS) refuse(op, name string, err error) error {
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		p := name[:i]
		info, lerr := f.root.Lstat(p)
		if lerr != nil {
			break
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		_, serr := f.root.Stat(p)
		if serr == nil {
			continue
		}
		target, _ := f.root.Readlink(p)
		return &fs.PathError{Op: op, Path: p, Err: &LinkError{Target: target, Err: reason(serr)}}
	}
	return err
}

// reason tells why a link's target could not be reached with err. The root
// reports a path that escapes it with an error of its own that it does not
// export: a target that is neither missing, nor a loop, nor forbidden, is
// outside the root.
func reason(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return ErrDangling
	case errors.Is(err, syscall.ELOOP):
		return ErrLoop
	case errors.Is(err, fs.ErrPermission):
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	return ErrOutside
}

// kind names a file mode that is not a regular file or folder.
func kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// WalkDir walks the tree at root like fs.WalkDir, leaving out the entries
// below root whose name skip reports, with what they hold. fn sees a
// symbolic link as the file it leads to, and an entry that fsys refuses (a
// link that leads outside the site, a named pipe) as an error at the
// entry's path. fsys may be an FS or a file system made of one.
func WalkDir(fsys fs.FS, root string, skip func(name string) bool, fn fs.WalkDirFunc) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if d != nil && p != root && skip(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err == nil && !d.Type().IsRegular() && !d.IsDir() {
			var info fs.FileInfo
			if info, err = fs.Stat(fsys, p); err == nil {
				d = fs.FileInfoToDirEntry(info)
			}
		}
		return fn(p, d, err)
	})
}
