package generator_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
)

// TestVariantFormsKeepTheVariant posts a variant's form to the collector
// code, as the local provider runs it: the variant's name is stored with
// the submission, and the page's own values win over the post's.
func TestVariantFormsKeepTheVariant(t *testing.T) {
	t.Parallel()
	src := copyExample(t)
	forms, err := generator.LocalForms(context.Background(), generator.Options{Source: src, Theme: journey.DefaultTheme()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{"page": {"/ride-past-the-traffic/"}, "variant": {"b"}, "stage": {"decision"}, "email": {"ana@example.com"}, "consent": {"yes"}}
	req := httptest.NewRequest("POST", "/__journey/forms/lead", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	forms.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("post: %d %s", rec.Code, rec.Body)
	}
	b, _ := os.ReadFile(filepath.Join(src, generator.FormsFile))
	if !strings.Contains(string(b), `"variant":"b"`) || !strings.Contains(string(b), `"stage":"awareness"`) {
		t.Errorf("stored %s; want the variant b and the page's own stage", b)
	}
}

// TestFormsLeadToTheirThankYouPage posts every form of the example, and
// the form of a product page no landing page sells, to the collector
// code, as the local provider runs it, and checks that each is accepted
// and sends the visitor to the thank-you page of its form and stage.
func TestFormsLeadToTheirThankYouPage(t *testing.T) {
	t.Parallel()
	sites := map[string]string{"example": copyExample(t), "forms": copySite(t, "testdata/sites/forms/input")}
	tests := []struct{ site, page, form, thanks string }{
		{"example", "/ride-past-the-traffic/", "lead", "https://velora.example/thanks/lead/awareness/"},
		{"example", "/buy-lease-or-subscribe/", "lead", "https://velora.example/thanks/lead/consideration/"},
		{"example", "/book-a-test-ride/", "lead", "https://velora.example/thanks/lead/decision/"},
		{"example", "/family-cargo-test-ride/", "lead", "https://velora.example/thanks/lead/decision/"},
		{"example", "/share-your-ride/", "review", "https://velora.example/thanks/review/advocacy/"},
		{"forms", "/products/kettle/", "lead", "https://kiln.example/thanks/lead/decision/"},
		{"forms", "/mug-retention/", "lead", "https://kiln.example/thanks/lead/retention/"},
	}
	handlers := map[string]http.Handler{}
	for name, src := range sites {
		h, err := generator.LocalForms(context.Background(), generator.Options{Source: src, Theme: journey.DefaultTheme()}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		handlers[name] = h
	}
	for _, tc := range tests {
		t.Run(tc.site+tc.page, func(t *testing.T) {
			v := url.Values{"page": {tc.page}, "name": {"Ana"}, "email": {"ana@example.com"}, "message": {"Hello."}, "rating": {"5"}, "title": {"Good"}, "review": {"Very good."}}
			req := httptest.NewRequest("POST", "/__journey/forms/"+tc.form, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			handlers[tc.site].ServeHTTP(rec, req)
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tc.thanks {
				t.Errorf("post: %d to %q, want %d to %s\n%s", rec.Code, rec.Header().Get("Location"), http.StatusSeeOther, tc.thanks, rec.Body)
			}
		})
	}
}
