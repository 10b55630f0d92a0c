package sheet

import (
	"slices"
	"strings"
	"testing"
)

// TestFormulaGuard checks the rule against formula injection: a text cell
// that a spreadsheet would run gets an apostrophe, and reading a cell
// takes back exactly what writing added.
func TestFormulaGuard(t *testing.T) {
	tests := []struct{ text, cell string }{
		{"=1+1", "'=1+1"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'=1", "''=1"},
		{"''@x", "'''@x"},
		{"'quoted'", "'quoted'"},
		{"a=b", "a=b"},
		{" =1", " =1"},
		{"", ""},
		{"'", "'"},
	}
	for _, tc := range tests {
		if got := escapeCell(tc.text); got != tc.cell {
			t.Errorf("escapeCell(%q) = %q, want %q", tc.text, got, tc.cell)
		}
		if got := unescapeCell(tc.cell); got != tc.text {
			t.Errorf("unescapeCell(%q) = %q, want %q", tc.cell, got, tc.text)
		}
	}
}

func TestListCells(t *testing.T) {
	tests := []struct {
		entries []string
		cell    string
	}{
		{[]string{"Web", "Email"}, "Web; Email"},
		{[]string{"Compare A; then B", "Ask"}, "Compare A;; then B; Ask"},
		{[]string{"ends;", ";starts"}, "ends;;; ;;starts"},
		{[]string{"-10% off", "x"}, "'-10% off; x"},
		{nil, ""},
	}
	for _, tc := range tests {
		if got := joinList(tc.entries); got != tc.cell {
			t.Errorf("joinList(%q) = %q, want %q", tc.entries, got, tc.cell)
		}
		if got := splitList(tc.cell); !slices.Equal(got, tc.entries) {
			t.Errorf("splitList(%q) = %q, want %q", tc.cell, got, tc.entries)
		}
	}
	if got := splitList(" a ;b;; ;"); !slices.Equal(got, []string{"a", "b;"}) {
		t.Errorf("a cell typed by hand: %q", got)
	}
}

func TestLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := letter(i); got != want {
			t.Errorf("letter(%d) = %q, want %q", i, got, want)
		}
	}
}

// FuzzCells checks that every text and every list of trimmed entries comes
// back from its cell as it went in.
func FuzzCells(f *testing.F) {
	f.Add("=1+1", "a;b")
	f.Add("'@x", " ;; ")
	f.Fuzz(func(t *testing.T, text, entry string) {
		if got := unescapeCell(escapeCell(text)); got != text {
			t.Errorf("text %q came back as %q", text, got)
		}
		entry = strings.TrimSpace(entry)
		if entry == "" || strings.TrimSpace(strings.Trim(entry, ";")) != strings.Trim(entry, ";") {
			return
		}
		list := []string{entry, "x"}
		if got := splitList(joinList(list)); !slices.Equal(got, list) {
			t.Errorf("list %q came back as %q", list, got)
		}
	})
}
