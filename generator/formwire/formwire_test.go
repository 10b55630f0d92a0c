package formwire_test

import (
	"testing"

	"github.com/journey-ssg/journey/generator/formwire"
)

func TestReserved(t *testing.T) {
	tests := []struct {
		name                string
		machinery, reserved bool
	}{
		{formwire.Next, true, true},
		{formwire.Loaded, true, true},
		{formwire.Key, true, true},
		{formwire.Honeypot, true, true},
		{formwire.NetlifyHoneypot, true, true},
		{"_anything", true, true},
		// Netlify reads the form's name; the collector stores it like
		// any field the page sends.
		{formwire.NetlifyName, false, true},
		{formwire.Page, false, false},
		{formwire.Variant, false, false},
		{"utm_source", false, false},
		{"email", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := formwire.Machinery(tc.name); got != tc.machinery {
				t.Errorf("Machinery(%q) = %v, want %v", tc.name, got, tc.machinery)
			}
			if got := formwire.Reserved(tc.name); got != tc.reserved {
				t.Errorf("Reserved(%q) = %v, want %v", tc.name, got, tc.reserved)
			}
		})
	}
}
