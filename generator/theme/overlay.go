package theme

import (
	"errors"
	"io/fs"
	"sort"
)

// Layer is one file system of a theme stack, with the prefix its files are
// shown under in diagnostics ("layouts/", "themes/brand/", ...).
type Layer struct {
	FS     fs.FS
	Prefix string
}

// Overlay is a stack of layers read top first: a file comes from the first
// layer that has it, and a folder lists the union of its entries.
type Overlay []Layer

var _ fs.ReadDirFS = Overlay(nil)

// Open opens name from the first layer that has it. A layer that has name
// but cannot open it (a link the layer refuses) hides the layers below.
func (o Overlay) Open(name string) (fs.File, error) {
	err := fs.ErrNotExist
	for _, l := range o {
		var f fs.File
		f, err = l.FS.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadDir lists the union of name in every layer, sorted by name.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	found := false
	for _, l := range o {
		entries, err := fs.ReadDir(l.FS, name)
		if err != nil {
			continue
		}
		found = true
		for _, e := range entries {
			if _, ok := seen[e.Name()]; !ok {
				seen[e.Name()] = e
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Where returns the display path of name: the prefix of the layer it comes
// from joined to name.
func (o Overlay) Where(name string) string {
	for _, l := range o {
		if _, err := fs.Stat(l.FS, name); !errors.Is(err, fs.ErrNotExist) {
			return l.Prefix + name
		}
	}
	return name
}

// Sub returns the overlay of the folder dir in every layer that has it.
func (o Overlay) Sub(dir string) Overlay {
	var out Overlay
	for _, l := range o {
		if info, err := fs.Stat(l.FS, dir); err != nil || !info.IsDir() {
			continue
		}
		sub, err := fs.Sub(l.FS, dir)
		if err != nil {
			continue
		}
		out = append(out, Layer{FS: sub, Prefix: l.Prefix + dir + "/"})
	}
	return out
}
