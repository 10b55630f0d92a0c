package publish

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/internal/keys"
	"github.com/journey-ssg/journey/generator/sitefs"
)

// manifestHeader opens a manifest file; the version changes with the
// format.
const manifestHeader = "journey manifest 1"

// encode writes the manifest as text, one file per line in path order:
// path, size, modification time (unix ns), hash of the bytes written and
// hash of the bytes rendered, separated by tabs. Paths never hold tabs or
// newlines: they come from slugs.
func (m *manifest) encode() []byte {
	paths := keys.Sorted(m.order, m.Files)
	m.order = paths
	var b bytes.Buffer
	b.Grow(len(paths) * 180)
	b.WriteString(manifestHeader)
	b.WriteByte('\n')
	for _, p := range paths {
		e := m.Files[p]
		b.WriteString(p)
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.Size, 10))
		b.WriteByte('\t')
		b.WriteString(strconv.FormatInt(e.ModTime, 10))
		b.WriteByte('\t')
		b.WriteString(e.Hash)
		b.WriteByte('\t')
		b.WriteString(e.Raw)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// decodeManifest reads what encode wrote.
func decodeManifest(data []byte) (manifest, error) {
	m := manifest{Files: map[string]entry{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text() != manifestHeader {
		return m, fmt.Errorf("not a manifest: the first line is not %q", manifestHeader)
	}
	line := 1
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			return m, fmt.Errorf("line %d: want 5 fields, got %d", line, len(f))
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mod, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			return m, fmt.Errorf("line %d: bad size or time", line)
		}
		if owned(f[0]) {
			m.Files[f[0]] = entry{Size: size, ModTime: mod, Hash: f[3], Raw: f[4]}
		}
	}
	return m, sc.Err()
}

// owned reports whether a build could have written the file at p, so that
// a manifest entry for it may lead a build to replace or remove it. The
// manifest is read from the destination, where anyone may have edited it:
// an entry such as ".git/HEAD" or "../x" is left out.
func owned(p string) bool {
	return fs.ValidPath(p) && p != "." && !sitefs.Hidden(p)
}
