package picture

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Cache is a folder of encoded files, named by their keys: a source's
// hash and the parameters. Anything in it can be deleted at any time; it
// is encoded again when needed. It is safe for concurrent use.
type Cache struct {
	root *os.Root
	dir  string
}

// OpenCache opens the cache folder dir, creating it when needed.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("image cache: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("image cache: %w", err)
	}
	return &Cache{root: root, dir: dir}, nil
}

// Close closes the folder.
func (c *Cache) Close() error {
	if c == nil {
		return nil
	}
	return c.root.Close()
}

// has reports whether the cache holds key.
func (c *Cache) has(key string) bool {
	if c == nil {
		return false
	}
	info, err := c.root.Stat(key)
	return err == nil && info.Mode().IsRegular()
}

// open opens the cached file of key.
func (c *Cache) open(key string) (fs.File, error) {
	if c == nil {
		return nil, fs.ErrNotExist
	}
	return c.root.Open(key)
}

// put keeps data as key: written under a temporary name and renamed, so
// that a build stopped halfway leaves no half file under a key. It
// reports whether the cache holds the file now: not when there is no
// cache, or its folder was deleted during the build.
func (c *Cache) put(key string, data []byte) (bool, error) {
	if c == nil {
		return false, nil
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := ".tmp-" + hex.EncodeToString(rnd[:])
	err := c.root.WriteFile(tmp, data, 0o644)
	if err == nil {
		err = c.root.Rename(tmp, key)
	}
	if err != nil {
		_ = c.root.Remove(tmp)
		if errors.Is(err, fs.ErrNotExist) {
			// The folder was deleted while building: the file is
			// encoded again next time.
			return false, nil
		}
		return false, fmt.Errorf("image cache %s: %w", c.dir, err)
	}
	return true, nil
}
