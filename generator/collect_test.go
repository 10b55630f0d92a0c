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

// TestFormsLeadToTheirThankYouPage posts every form of the example to the
// collector code, as the local provider runs it, and checks that each
// sends the visitor to the thank-you page of its form and stage.
func TestFormsLeadToTheirThankYouPage(t *testing.T) {
	forms, err := generator.LocalForms(context.Background(), generator.Options{Source: copyExample(t), Theme: journey.DefaultTheme()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ page, form, thanks string }{
		{"/ride-past-the-traffic/", "lead", "/thanks/lead/awareness/"},
		{"/buy-lease-or-subscribe/", "lead", "/thanks/lead/consideration/"},
		{"/book-a-test-ride/", "lead", "/thanks/lead/decision/"},
		{"/family-cargo-test-ride/", "lead", "/thanks/lead/decision/"},
		{"/share-your-ride/", "review", "/thanks/review/advocacy/"},
	}
	for _, tc := range tests {
		t.Run(strings.Trim(tc.page, "/"), func(t *testing.T) {
			v := url.Values{"page": {tc.page}, "name": {"Ana"}, "email": {"ana@example.com"}, "rating": {"5"}, "title": {"Good"}, "review": {"Very good."}}
			req := httptest.NewRequest("POST", "/__journey/forms/"+tc.form, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			forms.ServeHTTP(rec, req)
			want := "https://velora.example" + tc.thanks
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
				t.Errorf("post: %d to %q, want %d to %s\n%s", rec.Code, rec.Header().Get("Location"), http.StatusSeeOther, want, rec.Body)
			}
		})
	}
}
