package collect

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/journey-ssg/journey/generator/formwire"
)

// Form is what a page's form accepts: its visible fields and its hidden
// ones. The generator builds one per page that has a form.
type Form struct {
	Name   string
	Page   string // the page's URL path, as its formwire.Page field says
	Thanks string // the thank-you page's URL
	Fields []Field
	Hidden []string // names of the hidden fields the page sends
	// Fixed are the hidden fields whose values the page sets (page,
	// stage, product, campaign): they are stored as the page has them,
	// whatever the client sent.
	Fixed map[string]string
}

// Field is one visible field.
type Field struct {
	Name     string
	Type     string // text, email, tel, url, number, date, textarea, select, radio, rating, checkbox
	Required bool
	Pattern  string
	Options  []string
	re       *regexp.Regexp // Pattern, compiled by SetForms
}

// validKey reports whether k is a sending key as the page's script makes
// them (about 20 lower-case letters and digits), leaving room for other
// scripts: up to 64 letters, digits, '-' and '_'.
func validKey(k string) bool {
	if len(k) > 64 {
		return false
	}
	for _, c := range []byte(k) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// isText reports whether s can be stored as text: UTF-8 without NUL,
// which PostgreSQL refuses in a text column. A browser sends nothing
// else.
func isText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// maxLen bounds a field's value: a message may be long, anything else is
// short.
func maxLen(typ string) int {
	if typ == "textarea" {
		return 5000
	}
	return 300
}

// check validates values against the form and returns the accepted
// fields and, for each rejected value, a sentence for the visitor.
func (f *Form) check(values map[string]string) (map[string]string, []string) {
	out := map[string]string{}
	var problems []string
	for _, h := range f.Hidden {
		if formwire.Machinery(h) {
			continue
		}
		if v, ok := f.Fixed[h]; ok {
			out[h] = v
			continue
		}
		if v, ok := values[h]; ok {
			if utf8.RuneCountInString(v) > 300 {
				v = string([]rune(v)[:300])
			}
			out[h] = v
		}
	}
	for _, fd := range f.Fields {
		v := strings.TrimSpace(values[fd.Name])
		if v == "" {
			if fd.Required {
				problems = append(problems, fmt.Sprintf("%s is required", fd.Name))
			}
			continue
		}
		if utf8.RuneCountInString(v) > maxLen(fd.Type) {
			problems = append(problems, fmt.Sprintf("%s is longer than %d characters", fd.Name, maxLen(fd.Type)))
			continue
		}
		if msg := valid(fd, v); msg != "" {
			problems = append(problems, fmt.Sprintf("%s %s", fd.Name, msg))
			continue
		}
		out[fd.Name] = v
	}
	return out, problems
}

// valid checks a value against its field's type and pattern, returning
// what is wrong or "".
func valid(fd Field, v string) string {
	switch fd.Type {
	case "email":
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
			return "is not an email address"
		}
	case "rating":
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 5 {
			return "must be a whole number from 1 to 5"
		}
	case "number":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "is not a number"
		}
	case "url":
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "is not a web address (http:// or https://)"
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "is not a date (YYYY-MM-DD)"
		}
	case "checkbox":
		if v != "yes" && v != "on" {
			return "must be ticked or left empty"
		}
	case "select", "radio":
		ok := false
		for _, o := range fd.Options {
			ok = ok || o == v
		}
		if !ok {
			return "is not one of the choices"
		}
	}
	// HTML's pattern must match the whole value.
	if fd.re != nil && !fd.re.MatchString(v) {
		return "does not have the expected form"
	}
	return ""
}
