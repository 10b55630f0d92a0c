package config

import (
	"math"
	"strconv"
)

// IsHexColor reports whether s is a #rgb or #rrggbb color.
func IsHexColor(s string) bool {
	_, ok := ParseHex(s)
	return ok
}

// ParseHex reads a #rgb or #rrggbb color into channels from 0 to 1.
func ParseHex(s string) ([3]float64, bool) {
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

// Contrast returns the WCAG 2 contrast ratio between two hex colors, from 1
// to 21. Invalid colors count as black.
func Contrast(a, b string) float64 {
	ca, _ := ParseHex(a)
	cb, _ := ParseHex(b)
	return Ratio(ca, cb)
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
