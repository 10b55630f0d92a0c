package picture

import "testing"

// BenchmarkCard draws and encodes the common card: no photo, no logo, a
// site's colours and a title of one to four lines. The processor draws
// one card before timing, as a build has drawn one before the rest.
func BenchmarkCard(b *testing.B) {
	cases := []struct{ name, title string }{
		{"OneLine", "Velora City"},
		{"TwoLines", "Ride to work in twenty minutes, rain or shine"},
		{"ThreeLines", "Trade in your old bike and get 20% off a Velora City before the end of the month"},
		{"FourLines", "A very long title that goes on and on, far longer than any card can hold on four lines of large type, so that it must end early"},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			p := New(Options{})
			c := Card{Title: tc.title, Brand: "Velora", Background: "#1f4e79", Accent: "#b4451f"}
			if _, err := p.drawCard(&c); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.drawCard(&c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
