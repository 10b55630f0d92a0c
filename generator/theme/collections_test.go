package theme_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/journey-ssg/journey/generator/theme"
)

// execute renders src, a whole layout, with data; it returns the output
// or the error.
func execute(t *testing.T, src string, data any) (string, error) {
	t.Helper()
	th, err := theme.Load(stack(map[string]string{"layouts/t.html": src}, builtin), theme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = th.Execute(&b, "t", data, nil)
	return b.String(), err
}

type funcCase struct {
	name, src string
	data      any
	// want is the output, or the start of the error's message after the
	// template's position when wantErr is set.
	want    string
	wantErr bool
}

func runFuncCases(t *testing.T, tests []funcCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := execute(t, tc.src, tc.data)
			switch {
			case tc.wantErr && err == nil:
				t.Errorf("got %q, want an error saying %q", got, tc.want)
			case tc.wantErr && !strings.Contains(err.Error(), tc.want):
				t.Errorf("error %q, want one saying %q", err, tc.want)
			case !tc.wantErr && err != nil:
				t.Errorf("error %v, want %q", err, tc.want)
			case !tc.wantErr && got != tc.want:
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestAppend checks append against the examples of Hugo's documentation,
// with list standing for Hugo's slice, and the types it returns.
func TestAppend(t *testing.T) {
	runFuncCases(t, []funcCase{
		{name: "OneElement", src: `{{ $s := list "a" "b" }}{{ $s = $s | append "c" }}{{ $s }}`, want: "[a b c]"},
		{name: "TwoElements", src: `{{ $s := list "a" "b" }}{{ $s = $s | append "c" "d" }}{{ $s }}`, want: "[a b c d]"},
		{name: "AList", src: `{{ $s := list "a" "b" }}{{ $s = $s | append (list "c" "d") }}{{ $s }}`, want: "[a b c d]"},
		{name: "FromEmpty", src: `{{ $s := list }}{{ $s = $s | append "a" }}{{ $s = $s | append "b" "c" }}{{ $s = $s | append (list "d" "e") }}{{ $s }}`, want: "[a b c d e]"},
		{name: "FromNil", src: `{{ printf "%T %v" (append "a" "b" nil) (append "a" "b" nil) }}`, want: "[]string [a b]"},
		{name: "ListOfLists", src: `{{ $s := .s }}{{ $s = $s | append .more }}{{ $s }}`,
			data: map[string]any{"s": [][]string{{"a", "b"}}, "more": []string{"c", "d"}}, want: "[[a b] [c d]]"},
		{name: "ListOfListsFromEmpty", src: `{{ $s := list }}{{ $s = $s | append .s }}{{ $s = $s | append .more }}{{ $s }}`,
			data: map[string]any{"s": [][]string{{"a", "b"}}, "more": []string{"c", "d"}}, want: "[[a b] [c d]]"},
		{name: "KeepsTheListType", src: `{{ printf "%T %v" (.s | append "b") (.s | append "b") }}`,
			data: map[string]any{"s": []string{"a"}}, want: "[]string [a b]"},
		{name: "OtherTypesMakeAnAnyList", src: `{{ printf "%T %v" (.s | append 1) (.s | append 1) }}`,
			data: map[string]any{"s": []string{"a"}}, want: "[]interface {} [a 1]"},
		{name: "EmptyTakesTheElementsType", src: `{{ printf "%T" (list | append (dict "a" 1)) }}`, want: "[]map[string]interface {}"},
		{name: "MixedElements", src: `{{ printf "%T %v" (list | append "a" 1) (list | append "a" 1) }}`, want: "[]interface {} [a 1]"},
		{name: "LeavesTheListAlone", src: `{{ $a := list "a" }}{{ $b := $a | append "b" }}{{ $a }} {{ $b }}`, want: "[a] [a b]"},
		{name: "InARange", src: `{{ $s := list }}{{ range seq 3 }}{{ $s = $s | append . }}{{ end }}{{ printf "%T %v" $s $s }}`, want: "[]int [1 2 3]"},
		{name: "NoList", src: `{{ append "a" }}`, want: "append needs one or more elements and a list", wantErr: true},
		{name: "NotAList", src: `{{ append "a" "b" }}`, want: "append: string is not a list", wantErr: true},
		{name: "WrongItemForListOfLists", src: `{{ .s | append "c" }}`,
			data: map[string]any{"s": [][]string{{"a"}}}, want: "append: cannot add string to a list of []string", wantErr: true},
	})
}

// TestMerge checks merge against the examples of Hugo's documentation and
// the rest of what it does: keys without regard to case, maps merged in
// depth, its arguments left alone.
func TestMerge(t *testing.T) {
	maps := `{{ $m1 := dict "x" "foo" }}{{ $m2 := dict "x" "bar" "y" "wibble" }}{{ $m3 := dict "x" "baz" "y" "wobble" "z" (dict "a" "huey") }}`
	runFuncCases(t, []funcCase{
		{name: "Example1", src: maps + `{{ $m := merge $m1 $m2 $m3 }}{{ $m.x }} {{ $m.y }} {{ $m.z.a }}`, want: "baz wobble huey"},
		{name: "Example2", src: maps + `{{ $m := merge $m3 $m2 $m1 }}{{ $m.x }} {{ $m.y }} {{ $m.z.a }}`, want: "foo wibble huey"},
		{name: "Example3", src: maps + `{{ $m := merge $m2 $m3 $m1 }}{{ $m.x }} {{ $m.y }} {{ $m.z.a }}`, want: "foo wobble huey"},
		{name: "Example4", src: maps + `{{ $m := merge $m1 $m3 $m2 }}{{ $m.x }} {{ $m.y }} {{ $m.z.a }}`, want: "bar wibble huey"},
		{name: "AddsAKey", src: `{{ $o := dict "a" 1 }}{{ with "x" }}{{ $o = merge $o (dict "b" .) }}{{ end }}{{ $o }}`, want: "map[a:1 b:x]"},
		{name: "KeysIgnoreCase", src: `{{ merge (dict "Name" "a" "n" 1) (dict "name" "b") }}`, want: "map[n:1 name:b]"},
		{name: "InDepth", src: `{{ merge (dict "z" (dict "a" 1 "b" 2)) (dict "z" (dict "b" 3 "c" 4)) }}`, want: "map[z:map[a:1 b:3 c:4]]"},
		{name: "MapOverValue", src: `{{ merge (dict "z" 1) (dict "z" (dict "b" 3)) }}`, want: "map[z:map[b:3]]"},
		{name: "NilAddsNothing", src: `{{ merge nil (dict "a" 1) nil }}`, want: "map[a:1]"},
		{name: "MapsOfOtherValues", src: `{{ merge .m (dict "b" 2) }}`, data: map[string]any{"m": map[string]string{"a": "x"}}, want: "map[a:x b:2]"},
		{name: "LeavesTheMapsAlone", src: `{{ $a := dict "a" 1 }}{{ $b := merge $a (dict "a" 2) }}{{ $a }} {{ $b }}`, want: "map[a:1] map[a:2]"},
		{name: "OneMap", src: `{{ merge (dict "a" 1) }}`, want: "merge needs two or more maps", wantErr: true},
		{name: "NotAMap", src: `{{ merge (dict "a" 1) "b" }}`, want: "merge: string is not a map with text keys", wantErr: true},
	})
}
