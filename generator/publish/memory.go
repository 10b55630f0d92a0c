package publish

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"testing/fstest"
)

// Memory keeps published files in memory, for tests and previews.
type Memory struct {
	min *Minifier

	mu    sync.Mutex
	files map[string][]byte // mu guards files
}

// NewMemory returns an empty Memory that minifies with min (nil: never).
func NewMemory(min *Minifier) *Memory {
	return &Memory{min: min, files: map[string][]byte{}}
}

// Write minifies data by its path's type and keeps it.
func (m *Memory) Write(ctx context.Context, p string, data []byte) error {
	out, err := m.min.Minify(p, data)
	if err != nil {
		return err
	}
	return m.Copy(ctx, p, out)
}

// Copy keeps data as it is.
func (m *Memory) Copy(ctx context.Context, p string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !fs.ValidPath(p) || p == "." {
		return fmt.Errorf("output path %q is not a file below the destination", p)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[p]; dup {
		return fmt.Errorf("%s: %w", p, ErrExists)
	}
	m.files[p] = append([]byte(nil), data...)
	return nil
}

// File returns the bytes written at p.
func (m *Memory) File(p string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[p]
	return b, ok
}

// Paths lists every path written, sorted.
func (m *Memory) Paths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for p := range m.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// FS returns a snapshot of the files as a file system.
func (m *Memory) FS() fs.FS {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := fstest.MapFS{}
	for p, b := range m.files {
		out[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return out
}
