package generator_test

import (
	"os"
	"testing"

	"github.com/journey-ssg/journey/generator/internal/browser"
)

// chromium is the browser that the browser tests of this package share,
// each in tabs of its own.
var chromium browser.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Close()
	os.Exit(code)
}
