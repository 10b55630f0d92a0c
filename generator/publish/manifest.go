package publish

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/journey-ssg/journey/generator/diag"
	"github.com/journey-ssg/journey/generator/internal/keys"
	"github.com/journey-ssg/journey/generator/sitefs"
	"github.com/zeebo/xxh3"
)

// sum is the hash a manifest keeps of a file's bytes, to tell whether it
// changed: XXH3's 128 bits, as hex. Change detection needs no
// cryptographic hash, and this one is many times quicker than SHA-256.
func sum(data []byte) string {
	b := xxh3.Hash128(data).Bytes()
	return hex.EncodeToString(b[:])
}

// manifestHeader opens a manifest file; the version changes with the
// format.
const manifestHeader = "journey manifest 3"

// The headers of earlier builds' manifests, which are still read: version
// 1 never quotes paths; both hash with SHA-256, so that the next build
// writes every file once more.
const (
	manifestHeaderV1 = "journey manifest 1"
	manifestHeaderV2 = "journey manifest 2"
)

// encode writes the manifest as text, one file per line in path order:
// path, size, modification time (unix ns), hash of the bytes written and
// hash of the bytes rendered, separated by tabs. A path that strconv.Quote
// would change (one with a tab, a newline, a quote, a backslash or another
// control character) is written quoted, so that every name comes back as
// it was and the others stay as readable as they are.
func (m *manifest) encode() []byte {
	paths := keys.Sorted(m.order, m.Files)
	m.order = paths
	var b bytes.Buffer
	b.Grow(len(paths) * 180)
	b.WriteString(manifestHeader)
	b.WriteByte('\n')
	for _, p := range paths {
		e := m.Files[p]
		b.WriteString(quotePath(p))
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

// quotePath returns p as the manifest writes it.
func quotePath(p string) string {
	if plain(p) {
		return p
	}
	// Quote only ever lengthens what it escapes.
	if q := strconv.Quote(p); len(q) != len(p)+2 {
		return q
	}
	return p
}

// plain reports whether p is printable ASCII without a quote or a
// backslash, which strconv.Quote leaves as it is: nearly every path, told
// without quoting it.
func plain(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// damage says which lines of a manifest did not read.
type damage struct {
	line int   // the first bad line, from 1
	err  error // what is wrong with it
	bad  int   // how many lines are bad
}

// warning tells about the damage to the manifest at file, of which kept
// entries were read.
func (dmg *damage) warning(file string, kept int) *diag.Error {
	more := ""
	if dmg.bad > 1 {
		more = fmt.Sprintf(" (and %d more bad lines)", dmg.bad-1)
	}
	return diag.Warnf(diag.Pos{File: file, Line: dmg.line}, "the manifest is damaged: %v%s; the build keeps the entries it could read (%d files) and leaves the files it lost track of in place", dmg.err, more, kept)
}

// decodeManifest reads what encode wrote, or a manifest of version 1 or 2. Of a
// damaged manifest it keeps the entries of the lines that read well and
// reports the damage; a manifest of an unknown version yields no entries.
func decodeManifest(data []byte) (manifest, *damage) {
	m := manifest{Files: map[string]entry{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	header := ""
	if sc.Scan() {
		header = sc.Text()
	}
	if header != manifestHeader && header != manifestHeaderV2 && header != manifestHeaderV1 {
		return m, &damage{line: 1, err: fmt.Errorf("the first line is not %q", manifestHeader), bad: 1}
	}
	var dmg *damage
	line := 1
	for sc.Scan() {
		line++
		p, e, err := decodeLine(sc.Text(), header != manifestHeaderV1)
		if err == nil {
			m.Files[p] = e
			continue
		}
		if dmg == nil {
			dmg = &damage{line: line, err: err}
		}
		dmg.bad++
	}
	if err := sc.Err(); err != nil && dmg == nil {
		dmg = &damage{line: line + 1, err: err, bad: 1}
	}
	return m, dmg
}

// decodeLine reads one file's line; quoted says the path may be quoted.
func decodeLine(line string, quoted bool) (string, entry, error) {
	f := strings.Split(line, "\t")
	if len(f) != 5 {
		return "", entry{}, fmt.Errorf("want 5 fields, got %d", len(f))
	}
	p := f[0]
	if quoted && strings.HasPrefix(p, `"`) {
		var err error
		if p, err = strconv.Unquote(p); err != nil {
			return "", entry{}, fmt.Errorf("bad quoted path %s", f[0])
		}
	}
	size, err1 := strconv.ParseInt(f[1], 10, 64)
	mod, err2 := strconv.ParseInt(f[2], 10, 64)
	if p == "" || err1 != nil || err2 != nil || size < 0 || !isHash(f[3]) || (f[4] != "" && !isHash(f[4])) {
		return "", entry{}, errors.New("bad path, size, time or hash")
	}
	if !owned(p) {
		return "", entry{}, fmt.Errorf("%q is no file a build writes", p)
	}
	return p, entry{Size: size, ModTime: mod, Hash: f[3], Raw: f[4]}, nil
}

// isHash reports whether s is a hash in hex as sum writes it, or a
// SHA-256 sum of an earlier manifest.
func isHash(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && (len(s) == 2*128/8 || len(s) == 2*sha256.Size)
}

// owned reports whether a build could have written the file at p, so that
// a manifest entry for it may lead a build to replace or remove it. The
// manifest is read from the destination, where anyone may have edited it:
// an entry such as ".git/HEAD" or "../x" is left out.
func owned(p string) bool {
	return fs.ValidPath(p) && p != "." && !sitefs.Hidden(p)
}
