package theme_test

import (
	"testing"

	"github.com/journey-ssg/journey/generator/config"
	"github.com/journey-ssg/journey/generator/theme"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		name     string
		amount   float64
		currency string
		want     string
	}{
		{"WholeEuros", 2490, "EUR", "€2,490"},
		{"SmallWhole", 59, "EUR", "€59"},
		{"Cents", 59.5, "EUR", "€59.50"},
		{"Millions", 1234567.891, "USD", "$1,234,567.89"},
		{"LowerCaseCode", 12, "gbp", "£12"},
		{"Yen", 1500.4, "JPY", "¥1,500"},
		{"CodeWithoutSymbol", 1200, "CHF", "CHF\u00a01,200"},
		{"NoCurrency", 999.99, "", "999.99"},
		{"Zero", 0, "EUR", "€0"},
		{"Negative", -5.25, "EUR", "-€5.25"},
		{"NegativeRoundsToZero", -0.001, "EUR", "€0.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := theme.Money(tc.amount, tc.currency); got != tc.want {
				t.Errorf("Money(%v, %q) = %q, want %q", tc.amount, tc.currency, got, tc.want)
			}
		})
	}
}

func TestMix(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		weight float64
		want   string
	}{
		{"AllA", "#0f5f5c", "#ffffff", 1, "#0f5f5c"},
		{"AllB", "#0f5f5c", "#ffffff", 0, "#ffffff"},
		{"Half", "#000000", "#ffffff", 0.5, "#808080"},
		{"ShortForm", "#f00", "#00f", 0.25, "#4000bf"},
		{"WeightClamped", "#000000", "#ffffff", 2, "#000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := theme.Mix(tc.a, tc.b, tc.weight)
			if err != nil {
				t.Fatalf("Mix(%q, %q, %v): %v", tc.a, tc.b, tc.weight, err)
			}
			if got != tc.want {
				t.Errorf("Mix(%q, %q, %v) = %q, want %q", tc.a, tc.b, tc.weight, got, tc.want)
			}
		})
	}
}

func TestInk(t *testing.T) {
	tests := []struct {
		name      string
		color, bg string
		min       float64
		want      string // empty: only check the contrast reached
	}{
		{"AlreadyReadable", "#0f5f5c", "#ffffff", 4.5, "#0f5f5c"},
		{"DarkBrandOnDarkBackground", "#0f5f5c", "#12181b", 4.5, ""},
		{"LightBrandOnWhite", "#ffd400", "#ffffff", 4.5, ""},
		{"AccentForButtons", "#c2410c", "#ffffff", 4.5, "#c2410c"},
		{"LargeTextRatio", "#7c5cc4", "#161d20", 3, ""},
		{"Unreachable", "#777777", "#777777", 21, "#000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := theme.Ink(tc.color, tc.bg, tc.min)
			if err != nil {
				t.Fatalf("Ink(%q, %q, %v): %v", tc.color, tc.bg, tc.min, err)
			}
			if tc.want != "" {
				if got != tc.want {
					t.Errorf("Ink(%q, %q, %v) = %q, want %q", tc.color, tc.bg, tc.min, got, tc.want)
				}
				return
			}
			c, err := config.Contrast(got, tc.bg)
			if err != nil {
				t.Fatalf("Contrast(%q, %q): %v", got, tc.bg, err)
			}
			if c < tc.min {
				t.Errorf("Ink(%q, %q, %v) = %q with contrast %v, want at least %v", tc.color, tc.bg, tc.min, got, c, tc.min)
			}
			if got == "#000000" || got == "#ffffff" {
				t.Errorf("Ink(%q, %q, %v) = %q, want a shade of the color, not black or white", tc.color, tc.bg, tc.min, got)
			}
		})
	}
}

func TestColorErrors(t *testing.T) {
	tests := []struct {
		name string
		call func() error
	}{
		{"MixNoHash", func() error { _, err := theme.Mix("ffffff", "#000", 0.5); return err }},
		{"MixBadDigits", func() error { _, err := theme.Mix("#ggg", "#000", 0.5); return err }},
		{"InkName", func() error { _, err := theme.Ink("teal", "#fff", 4.5); return err }},
		{"InkBadBackground", func() error { _, err := theme.Ink("#fff", "#12345", 4.5); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err == nil {
				t.Errorf("got no error, want one for a color that is not #rgb or #rrggbb")
			}
		})
	}
}
