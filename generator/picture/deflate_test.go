package picture

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestDeflateRows checks that rows of every index of a card's palette,
// in runs, repeating the row above and not, deflated in segments cut
// anywhere, join into a PNG that decodes to them.
func TestDeflateRows(t *testing.T) {
	t.Parallel()
	pal := blends([2]color.RGBA{{0x1f, 0x4e, 0x79, 0xff}, {0xff, 0xff, 0xff, 0xff}}, [2]color.RGBA{{0xb4, 0x45, 0x1f, 0xff}, {0xff, 0xff, 0xff, 0xff}})
	codes := newRowCodes()
	r := rand.New(rand.NewPCG(1, 2))
	const h = 60
	rows := make([]byte, h*rowLen)
	for y := range h {
		row := rows[y*rowLen+1 : (y+1)*rowLen]
		switch {
		case y > 0 && y%3 == 0: // the row above, changed here and there
			copy(row, rows[(y-1)*rowLen+1:])
			for range 20 {
				row[r.IntN(len(row))] = byte(r.IntN(len(pal)))
			}
		case y%3 == 1: // runs, short and long
			for x := 0; x < len(row); {
				n := min(len(row)-x, 1+r.IntN(1+r.IntN(600)))
				v := byte(r.IntN(len(pal)))
				for i := range n {
					row[x+i] = v
				}
				x += n
			}
		default:
			for x := range row {
				row[x] = byte(r.IntN(len(pal)))
			}
		}
	}
	for _, cuts := range [][]int{{0, h}, {0, 1, h}, {0, 7, 8, 30, 59, h}} {
		var segs []segment
		for i := range len(cuts) - 1 {
			part := rows[cuts[i]*rowLen : cuts[i+1]*rowLen]
			segs = append(segs, segment{data: codes.deflate(nil, part), adler: adler32.Checksum(part), n: len(part)})
		}
		m, err := png.Decode(bytes.NewReader(pngOf(pngHead(CardWidth, h, pal), segs)))
		if err != nil {
			t.Fatalf("cut at %v: %v", cuts, err)
		}
		pm, ok := m.(*image.Paletted)
		if !ok || len(pm.Palette) != len(pal) {
			t.Fatalf("cut at %v: decoded %T, want a palette of %d", cuts, m, len(pal))
		}
		for y := range h {
			if got, want := pm.Pix[y*pm.Stride:(y+1)*pm.Stride], rows[y*rowLen+1:(y+1)*rowLen]; !bytes.Equal(got, want) {
				t.Fatalf("cut at %v: row %d differs", cuts, y)
			}
		}
	}
}

// TestAdlerJoin checks joining Adler-32 checksums against summing the
// bytes joined.
func TestAdlerJoin(t *testing.T) {
	t.Parallel()
	data := make([]byte, 200_000)
	for i := range data {
		data[i] = byte(i*7 + i/1000)
	}
	for _, cut := range []int{0, 1, 5552, 65521, 65522, 131_042, 199_999, 200_000} {
		a, b := data[:cut], data[cut:]
		got := adlerJoin(adler32.Checksum(a), adler32.Checksum(b), len(b))
		if want := adler32.Checksum(data); got != want {
			t.Errorf("cut at %d: got %08x, want %08x", cut, got, want)
		}
	}
}
