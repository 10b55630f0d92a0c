package generator_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	journey "github.com/journey-ssg/journey"
	"github.com/journey-ssg/journey/generator"
	"github.com/journey-ssg/journey/internal/filetest"
)

// gpsMarker is in the GPS block of testdata/images/phone.jpg: a phone
// photo, 1600×1200 stored sideways (EXIF orientation 6), so 1200×1600
// upright.
const gpsMarker = "GPS-SECRET-PLACE"

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	m.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// photoSite returns a copy of the example whose welcome page has a phone
// photo for hero and another in its Markdown copy, whose test-ride page
// shows the photo below its form, whose Velora City has a PNG product
// image, whose Jürgen has an avatar and whose brand a PNG logo.
func photoSite(t *testing.T) string {
	t.Helper()
	src := copyExample(t)
	phone := filetest.Read(t, filepath.Join("testdata", "images", "phone.jpg"))
	filetest.Write(t, filepath.Join(src, "static", "photos", "hero.jpg"), phone)
	filetest.Write(t, filepath.Join(src, "static", "photos", "inline.jpg"), phone)
	filetest.Write(t, filepath.Join(src, "static", "photos", "city.png"), pngOf(t, 900, 600))
	filetest.Write(t, filepath.Join(src, "static", "photos", "juergen.png"), pngOf(t, 300, 300))
	filetest.Write(t, filepath.Join(src, "static", "photos", "logo.png"), pngOf(t, 600, 200))
	filetest.Replace(t, filepath.Join(src, "journey.toml"), "[brand]\n", "[brand]\nlogo = \"/photos/logo.png\"\n")
	welcome := filepath.Join(src, "content", "landing", "welcome-to-flex.md")
	filetest.Replace(t, welcome, `form = "none"`, "form = \"none\"\nhero = \"/photos/hero.jpg\"")
	filetest.Append(t, welcome, "\n![The bike on a hill](/photos/inline.jpg \"A hill\")\n")
	filetest.Replace(t, filepath.Join(src, "content", "landing", "book-a-test-ride.md"), `form = "lead"`, "form = \"lead\"\nhero = \"/photos/hero.jpg\"")
	filetest.Replace(t, filepath.Join(src, "content", "products", "velora-city.md"), `image = "/images/velora-city.svg"`, `image = "/photos/city.png"`)
	filetest.Replace(t, filepath.Join(src, "content", "personas", "juergen-weiss.md"), `name = "Jürgen Weiß"`, "name = \"Jürgen Weiß\"\navatar = \"/photos/juergen.png\"")
	return src
}

// TestImages checks what a build makes of each kind of raster image:
// the markup (a <picture> with WebP first, srcset, sizes, width and
// height, the hero fetched first and the rest lazily), the variants, the
// sharing cards, that no GPS position reaches either output, and that a
// second build with the cache encodes nothing (issue 17).
func TestImages(t *testing.T) {
	t.Parallel()
	src := photoSite(t)
	out := t.TempDir()
	opts := outputs(generator.Options{Source: src, Theme: journey.DefaultTheme()}, out)
	res, err := generator.Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Encoded == 0 {
		t.Error("the first build encoded nothing")
	}
	public, team := filepath.Join(out, "public"), filepath.Join(out, "team")
	page := func(dir, url string) string {
		return string(filetest.Read(t, filepath.Join(dir, filepath.FromSlash(url), "index.html")))
	}
	landing := page(public, "welcome-to-flex")
	for _, want := range []string{
		// The hero: upright, WebP first, fetched first.
		`<picture><source type="image/webp" srcset="/photos/hero-480w.webp 480w, /photos/hero-768w.webp 768w, /photos/hero-1080w.webp 1080w, /photos/hero-1200w.webp 1200w" sizes="(max-width: 40rem) 20rem, 34rem">`,
		`<img class="landing-hero-media" src="/photos/hero-1200w.jpg" srcset="/photos/hero-480w.jpg 480w, /photos/hero-768w.jpg 768w, /photos/hero-1080w.jpg 1080w, /photos/hero-1200w.jpg 1200w" sizes="(max-width: 40rem) 20rem, 34rem" alt="Velora Flex" width="1200" height="1600" fetchpriority="high"></picture>`,
		// The Markdown image: lazy, at the width of the copy.
		`<picture><source type="image/webp" srcset="/photos/inline-480w.webp 480w, /photos/inline-768w.webp 768w, /photos/inline-1080w.webp 1080w, /photos/inline-1200w.webp 1200w" sizes="(min-width: 46rem) 44rem, 100vw"><img src="/photos/inline-1200w.jpg" srcset="/photos/inline-480w.jpg 480w, /photos/inline-768w.jpg 768w, /photos/inline-1080w.jpg 1080w, /photos/inline-1200w.jpg 1200w" sizes="(min-width: 46rem) 44rem, 100vw" alt="The bike on a hill" title="A hill" width="1200" height="1600" loading="lazy" decoding="async"></picture>`,
		// The logo, 2rem high.
		`<picture><source type="image/webp" srcset="/photos/logo-480w.webp 480w, /photos/logo-600w.webp 600w" sizes="96px"><img class="brand-logo" src="/photos/logo-600w.png" srcset="/photos/logo-480w.png 480w, /photos/logo-600w.png 600w" sizes="96px" alt="" width="600" height="200"></picture>`,
		// The card: the hero, cropped.
		`<meta property="og:image" content="https://velora.example/welcome-to-flex/card.jpg">`,
		`<meta property="og:image:type" content="image/jpeg">`,
		`<meta name="twitter:card" content="summary_large_image">`,
	} {
		if !strings.Contains(landing, want) {
			t.Errorf("landing page lacks\n%s", want)
		}
	}
	// Below a form, the hero is lazy.
	if !strings.Contains(page(public, "book-a-test-ride"), `<img class="offer-media" src="/photos/hero-1200w.jpg" srcset="/photos/hero-480w.jpg 480w, /photos/hero-768w.jpg 768w, /photos/hero-1080w.jpg 1080w, /photos/hero-1200w.jpg 1200w" sizes="(min-width: 52rem) 40vw, 100vw" alt="Velora City" width="1200" height="1600" loading="lazy" decoding="async"></picture>`) {
		t.Error("the test-ride page's photo below the form is not a lazy <picture>")
	}
	product := page(public, "products/velora-city")
	for _, want := range []string{
		`srcset="/photos/city-480w.webp 480w, /photos/city-768w.webp 768w, /photos/city-900w.webp 900w" sizes="(min-width: 74rem) 35rem, (min-width: 44rem) 50vw, 100vw">`,
		`<img src="/photos/city-900w.png" srcset="/photos/city-480w.png 480w, /photos/city-768w.png 768w, /photos/city-900w.png 900w" sizes="(min-width: 74rem) 35rem, (min-width: 44rem) 50vw, 100vw" alt="Velora City" width="900" height="600" fetchpriority="high">`,
		`<meta property="og:image" content="https://velora.example/products/velora-city/card.jpg">`,
	} {
		if !strings.Contains(product, want) {
			t.Errorf("product page lacks\n%s", want)
		}
	}
	// A product card further down a page is lazy.
	if home := page(public, ""); !strings.Contains(home, `sizes="(min-width: 40rem) 20rem, 100vw" alt="" width="900" height="600" loading="lazy" decoding="async">`) {
		t.Error("the home page's product card is not a lazy <picture>")
	}
	persona := page(team, "personas/juergen-weiss")
	if !strings.Contains(persona, `<img class="avatar avatar-l" src="/photos/juergen-300w.png" srcset="/photos/juergen-300w.png 300w" sizes="7.5rem" alt="" width="96" height="96">`) {
		t.Error("the persona page lacks its avatar's variants")
	}
	journeyMap := page(team, "journeys/juergen-city-purchase")
	if !strings.Contains(journeyMap, `<meta property="og:image" content="`) || !strings.Contains(journeyMap, `/journeys/juergen-city-purchase/card.png">`) {
		t.Error("the journey map has no drawn card")
	}
	// Variants and cards are where the pages say, cards in the folder of
	// their page, with the sizes they say.
	for dir, files := range map[string]map[string]string{
		public: {
			"photos/hero-480w.webp": "webp 480x640", "photos/hero-1200w.jpg": "jpeg 1200x1600",
			"photos/city-900w.png": "png 900x600", "welcome-to-flex/card.jpg": "jpeg 1200x630",
			"products/velora-city/card.jpg": "jpeg 1200x630", "card.png": "png 1200x630",
		},
		team: {"photos/juergen-300w.webp": "webp 300x300", "journeys/juergen-city-purchase/card.png": "png 1200x630"},
	} {
		for name, want := range files {
			if got := strings.TrimSpace(string(describeImage(name, filetest.Read(t, filepath.Join(dir, name))))); got != want {
				t.Errorf("%s: got %s, want %s", name, got, want)
			}
		}
	}
	// Variants go to both folders, as the static files they come from.
	for _, f := range []string{filepath.Join(public, "photos", "juergen-300w.webp"), filepath.Join(team, "photos", "hero-480w.webp")} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	// No published file, the photos copied as they are included, keeps
	// the GPS position.
	for _, dir := range []string{public, team} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && bytes.Contains(filetest.Read(t, p), []byte(gpsMarker)) {
				t.Errorf("%s holds the photo's GPS position", p)
			}
			return err
		})
	}
	// Once more, from the cache: nothing to encode, the same files.
	again, err := generator.Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Encoded != 0 || again.Stats.Written != 0 {
		t.Errorf("the second build encoded %d and wrote %d files, want none", again.Encoded, again.Stats.Written)
	}
	entries, err := os.ReadDir(filepath.Join(src, ".journey", "cache"))
	if err != nil || len(entries) != res.Encoded {
		t.Errorf("the cache holds %d files (%v), want the %d encoded", len(entries), err, res.Encoded)
	}
}

// TestEditedImage checks that the preview follows an image: a new photo
// under the same name re-renders the pages that show it with its new
// size, and a broken one is an error naming the file (issue 17).
func TestEditedImage(t *testing.T) {
	t.Parallel()
	src := photoSite(t)
	ss, out := newSession(t, src)
	filetest.Write(t, filepath.Join(src, "static", "photos", "city.png"), pngOf(t, 700, 350))
	res, err := ss.Rebuild(context.Background(), generator.Changes{Static: []string{"static/photos/city.png"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Rendered, "/products/velora-city/") || slices.Contains(res.Rendered, "/book-a-test-ride/") {
		t.Errorf("rendered %v, want the pages that show the image only", res.Rendered)
	}
	if res.Encoded == 0 {
		t.Error("the new image was not encoded")
	}
	product := string(filetest.Read(t, filepath.Join(out, "public", "products", "velora-city", "index.html")))
	if !strings.Contains(product, `width="700" height="350"`) || !strings.Contains(product, "city-700w.webp") {
		t.Error("the product page does not show the new image")
	}
	if m := describeImage("a.png", filetest.Read(t, filepath.Join(out, "public", "photos", "city-700w.png"))); string(m) != "png 700x350\n" {
		t.Errorf("city-700w.png is %s", m)
	}
	full := fullBuild(t, src)
	if diff := diffTrees(t, filepath.Join(out, "public"), filepath.Join(full, "public")); diff != "" {
		t.Errorf("after the edit, the rebuild differs from a full build:\n%s", diff)
	}

	filetest.Write(t, filepath.Join(src, "static", "photos", "city.png"), []byte("\x89PNG\r\n\x1a\nbroken"))
	_, err = ss.Rebuild(context.Background(), generator.Changes{Static: []string{"static/photos/city.png"}})
	if err == nil || !strings.Contains(err.Error(), "static/photos/city.png") {
		t.Errorf("a broken image: got %v, want an error naming static/photos/city.png", err)
	}
}
