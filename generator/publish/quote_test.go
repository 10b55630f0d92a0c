package publish

import (
	"strconv"
	"testing"
)

// TestQuotePath checks that the shortcut for plain names writes every path
// as strconv.Quote's rule has it: quoted when quoting changes it.
func TestQuotePath(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"index.html", "a b/c-d_e.f~!#$%&'()*+,;=@[]^`{|}", "tab\there", "nl\nx", `q"uote`, `back\slash`, "del\x7f", "zoë/ü.html", "bad\xffutf8", "\u00a0nbsp", "emoji😀", ""} {
		want := p
		if q := strconv.Quote(p); len(q) != len(p)+2 {
			want = q
		}
		if got := quotePath(p); got != want {
			t.Errorf("quotePath(%q) = %q, want %q", p, got, want)
		}
	}
}
