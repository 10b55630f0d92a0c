package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// IsHexColor reports whether s is a #rgb or #rrggbb color.
func IsHexColor(s string) bool {
	_, ok := parseHex(s)
	return ok
}

// ParseColor reads a #rgb or #rrggbb color, spaces around it allowed, into
// channels from 0 to 1.
func ParseColor(s string) ([3]float64, error) {
	c, ok := parseHex(strings.TrimSpace(s))
	if !ok {
		return c, fmt.Errorf("color %q is not written as #rgb or #rrggbb", s)
	}
	return c, nil
}

// parseHex reads a #rgb or #rrggbb color into channels from 0 to 1.
func parseHex(s string) ([3]float64, bool) {
	var rgb [3]float64
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return rgb, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	for i := range rgb {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return rgb, false
		}
		rgb[i] = float64(v) / 255
	}
	return rgb, true
}

// Contrast returns the WCAG 2 contrast ratio of two hex colors (see
// ParseColor), from 1 to 21, rounded down to two decimals so that a pair
// shown as passing does. The theme's templates call it too.
func Contrast(a, b string) (float64, error) {
	ca, err := ParseColor(a)
	if err != nil {
		return 0, err
	}
	cb, err := ParseColor(b)
	if err != nil {
		return 0, err
	}
	return math.Floor(Ratio(ca, cb)*100) / 100, nil
}

// Ratio is the WCAG 2 contrast ratio between two colors given as channels
// from 0 to 1, from 1 to 21.
func Ratio(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG 2 relative luminance of a color's channels.
func luminance(rgb [3]float64) float64 {
	var l [3]float64
	for i, c := range rgb {
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}
