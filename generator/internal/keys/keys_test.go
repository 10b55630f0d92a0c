package keys

import (
	"fmt"
	"testing"
)

func TestSorted(t *testing.T) {
	m := map[string]int{"b": 1, "a": 2, "c": 3}
	first := Sorted(nil, m)
	if fmt.Sprint(first) != "[a b c]" {
		t.Fatalf("sorted %v", first)
	}
	if again := Sorted(first, m); &again[0] != &first[0] {
		t.Error("the same keys were sorted again")
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]int)
		want string
	}{
		{"Added", func(m map[string]int) { m["aa"] = 0 }, "[a aa b c]"},
		{"Removed", func(m map[string]int) { delete(m, "b") }, "[a c]"},
		{"Replaced", func(m map[string]int) { delete(m, "b"); m["d"] = 0 }, "[a c d]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := map[string]int{"b": 1, "a": 2, "c": 3}
			tc.edit(m)
			if got := fmt.Sprint(Sorted(first, m)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
