package site

import (
	"slices"
	"strings"

	"github.com/journey-ssg/journey/generator/content"
	"github.com/journey-ssg/journey/generator/diag"
)

// Segment is a piece of landing-page copy: plain text, or a placeholder
// that shows Text (its default) until the page's script replaces it, as
// text, with the URL parameter Param.
type Segment struct {
	Text  string
	Param string
}

// defaultDTR lists the parameters placeholders may show when neither the
// site nor the page says otherwise.
func defaultDTR() []string { return []string{"utm_term", "utm_campaign", "utm_content"} }

// Segments splits copy with placeholders ({utm_term|electric bikes}) into
// segments. A placeholder for a parameter not in allowed shows its default
// only, and is reported at key in f when f is not nil.
func (b *builder) segments(f *content.File, key, s string, allowed []string) []Segment {
	var out []Segment
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			out = append(out, Segment{Text: s})
			break
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			out = append(out, Segment{Text: s})
			break
		}
		inner := s[open+1 : open+end]
		param, def, ok := strings.Cut(inner, "|")
		param = strings.TrimSpace(param)
		if !ok || param == "" || strings.ContainsAny(param, " {") {
			// Not a placeholder: keep the braces as text.
			out = append(out, Segment{Text: s[:open+end+1]})
			s = s[open+end+1:]
			continue
		}
		if open > 0 {
			out = append(out, Segment{Text: s[:open]})
		}
		seg := Segment{Text: def}
		if slices.Contains(allowed, param) {
			seg.Param = param
		} else if f != nil {
			b.problems.Add(diag.Warnf(f.Pos(key), "placeholder {%s|…} names a parameter the page does not allow (%s); its default shows", param, strings.Join(allowed, ", ")))
		}
		out = append(out, seg)
		s = s[open+end+1:]
	}
	return merge(out)
}

// merge joins neighbouring plain segments.
func merge(segs []Segment) []Segment {
	var out []Segment
	for _, s := range segs {
		if n := len(out); n > 0 && s.Param == "" && out[n-1].Param == "" {
			out[n-1].Text += s.Text
			continue
		}
		if s.Text != "" || s.Param != "" {
			out = append(out, s)
		}
	}
	return out
}

// PlainText returns the copy as it reads before any replacement.
func PlainText(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Copy is a landing page's hero copy, with placeholders resolved into
// segments.
type Copy struct {
	Headline    []Segment
	Subheadline []Segment
	CTA         []Segment
	Hero        string
}

// copyOf resolves the hero copy of a landing page or of one of its
// variants, whose non-empty fields win.
func (b *builder) copyOf(l *Landing, v *content.Variant, prefix string) *Copy {
	allowed := l.DTR
	if len(allowed) == 0 {
		allowed = b.cfg.Forms.DTR
	}
	if len(allowed) == 0 {
		allowed = defaultDTR()
	}
	f := &l.Landing.File
	if l.Generated {
		f = nil
	}
	headline, sub, cta, hero := l.Headline, l.Subheadline, l.CTA, l.Hero
	hk, sk, ck := "headline", "subheadline", "cta"
	if v != nil {
		if v.Headline != "" {
			headline, hk = v.Headline, prefix+".headline"
		}
		if v.Subheadline != "" {
			sub, sk = v.Subheadline, prefix+".subheadline"
		}
		if v.CTA != "" {
			cta, ck = v.CTA, prefix+".cta"
		}
		hero = firstNonEmpty(v.Hero, hero)
	}
	return &Copy{
		Headline:    b.segments(f, hk, firstNonEmpty(headline, l.Page.Title), allowed),
		Subheadline: b.segments(f, sk, sub, allowed),
		CTA:         b.segments(f, ck, cta, allowed),
		Hero:        hero,
	}
}
