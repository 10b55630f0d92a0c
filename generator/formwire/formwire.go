// Package formwire names what a journey form posts besides the visitor's
// answers, and where the local provider receives it: the hidden fields the
// page sets, the fields of the forms' machinery (the thank-you page, the
// page's script's timing and sending key, the honeypots) and the campaign
// parameters. The site writes these names into its pages and the collector
// reads them back; both take them from here.
//
// It imports nothing but the standard library.
package formwire

import (
	"slices"
	"strings"
)

// The hidden fields whose values the page sets. The collector finds a
// form by its Page field and stores the others as the page has them,
// whatever the client sent.
const (
	// Page is the URL path of the page the form is on.
	Page = "page"
	// Stage is the key of the page's stage, empty for a page of none.
	Stage = "stage"
	// Product is the slug of the product the page is about.
	Product = "product"
	// Campaign is the landing page's campaign.
	Campaign = "campaign"
	// Variant is the name of the landing page's variant the form is on:
	// a variant's form posts as its landing page's, with this field.
	Variant = "variant"
)

// The fields of a form's machinery, which are no one's answer: the site
// keeps every name that begins with "_" for them, and a site's own fields
// may take none of the names Reserved reports.
const (
	// Next is the thank-you page the provider sends the visitor to.
	Next = "_next"
	// Loaded is how long the page was open before sending, in
	// milliseconds, measured by the page's script on the visitor's own
	// clock.
	Loaded = "_t"
	// Key names one act of sending: the page's script sets it to the same
	// key on every try, so that a try whose answer was lost is stored
	// once.
	Key = "_k"
	// Honeypot is the field people never see and bots fill in, under the
	// name Formspree and the collector give it.
	Honeypot = "_gotcha"
	// NetlifyHoneypot is Netlify's name for the honeypot field.
	NetlifyHoneypot = "bot-field"
	// NetlifyName is the hidden field that tells Netlify which form was
	// sent.
	NetlifyName = "form-name"
)

// Honeypots lists the names a form's honeypot field has.
func Honeypots() []string { return []string{Honeypot, NetlifyHoneypot} }

// Machinery reports whether a posted name is one of the form's machinery
// rather than something the visitor or the page said.
func Machinery(name string) bool {
	return strings.HasPrefix(name, "_") || slices.Contains(Honeypots(), name)
}

// Reserved reports whether name is kept for a form's machinery or its
// provider, so that no field of a site may take it.
func Reserved(name string) bool { return Machinery(name) || name == NetlifyName }

// UTM lists the campaign parameters every form carries in hidden fields,
// which the page's script fills from the visit's URL.
func UTM() []string {
	return []string{"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"}
}

// LocalPath is where `journey serve` receives the forms of the local
// provider, below the site's base path; the form's name follows.
const LocalPath = "__journey/forms/"
