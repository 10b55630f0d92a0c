package collect

import "testing"

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		field Field
		value string
		ok    bool
	}{
		{Field{Type: "email"}, "ana@example.com", true},
		{Field{Type: "email"}, "Ana <ana@example.com>", false},
		{Field{Type: "email"}, "ana", false},
		{Field{Type: "rating"}, "5", true},
		{Field{Type: "rating"}, "6", false},
		{Field{Type: "rating"}, "4.5", false},
		{Field{Type: "number"}, "-2.5", true},
		{Field{Type: "number"}, "two", false},
		{Field{Type: "url"}, "https://example.com/a?b=1", true},
		{Field{Type: "url"}, "javascript:alert(1)", false},
		{Field{Type: "url"}, "example.com", false},
		{Field{Type: "date"}, "2026-11-23", true},
		{Field{Type: "date"}, "23/11/2026", false},
		{Field{Type: "date"}, "2026-02-30", false},
		{Field{Type: "checkbox"}, "yes", true},
		{Field{Type: "checkbox"}, "maybe", false},
		{Field{Type: "select", Options: []string{"a", "b"}}, "b", true},
		{Field{Type: "select", Options: []string{"a", "b"}}, "c", false},
		{Field{Type: "text"}, "anything <b>at all</b>", true},
	} {
		if got := valid(tc.field, tc.value) == ""; got != tc.ok {
			t.Errorf("%s %q: valid %v, want %v (%s)", tc.field.Type, tc.value, got, tc.ok, valid(tc.field, tc.value))
		}
	}
}
