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
