package generator_test

import (
	"os"
	"testing"

	"github.com/journey-ssg/journey/generator/internal/browser"
)

// chromium is the browser that the browser tests of this package share,
// each in tabs of its own.
var chromium browser.Shared

// builds holds the builds that tests share because they only read them.
var builds buildCache

func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Close()
	builds.Close()
	os.Exit(code)
}
