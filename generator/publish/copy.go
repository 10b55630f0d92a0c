package publish

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/zeebo/xxh3"
)

// CopyFile stages the bytes of r as they are, for static files: it streams
// them into the staging folder, hashing them on the way, so that a large
// file never sits in memory whole; if the destination already holds these
// bytes, the staged copy is dropped and the file left alone.
func (d *Dir) CopyFile(ctx context.Context, p string, r io.Reader) error {
	if err := d.check(ctx, p); err != nil {
		return err
	}
	d.mu.Lock()
	if _, dup := d.entries[p]; dup {
		d.mu.Unlock()
		return fmt.Errorf("%s: %w", p, ErrExists)
	}
	d.entries[p] = entry{}
	delete(d.removed, p)
	d.mu.Unlock()

	// p is claimed, so a name made from it is this build's alone, and it
	// cannot be one of stage's numbered names.
	name := d.staging + "/copy-" + sum([]byte(p))
	e, err := d.stream(name, r)
	if err != nil {
		return fmt.Errorf("stage %s: %w", p, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if old, ok := d.old.Files[p]; ok && old.Hash == e.Hash && d.intact(p, old) {
		old.Raw = ""
		d.entries[p] = old
		d.stats.Unchanged++
		return d.top.Remove(name)
	}
	d.entries[p] = e
	d.staged = append(d.staged, stagedFile{path: p, name: name})
	return nil
}

// stream writes r into the staging file name and returns its entry.
func (d *Dir) stream(name string, r io.Reader) (entry, error) {
	f, err := d.top.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return entry{}, err
	}
	h := xxh3.New()
	buf, _ := d.bufs.Get().(*[32 << 10]byte)
	if buf == nil {
		buf = new([32 << 10]byte)
	}
	defer d.bufs.Put(buf)
	// The struct hides a file's WriteTo, which would copy through a
	// buffer of its own, allocated every time.
	n, err := io.CopyBuffer(io.MultiWriter(f, h), struct{ io.Reader }{r}, buf[:])
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return entry{}, err
	}
	b := h.Sum128().Bytes()
	return entry{Hash: hex.EncodeToString(b[:]), Size: n}, nil
}
