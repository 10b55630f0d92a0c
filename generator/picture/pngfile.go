package picture

import (
	"encoding/binary"
	"hash/crc32"
	"image/color"
)

// zlibEnd ends a zlib stream of segments: an empty final block, of fixed
// Huffman codes, before the checksum.
const zlibEnd = "\x03\x00"

// pngHead returns the start of a PNG of w×h palette indices, 8 bits each,
// in pal, which is opaque: the signature, IHDR and PLTE.
func pngHead(w, h int, pal color.Palette) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	// 8 bits, palette, deflate, adaptive filters, not interlaced.
	ihdr = append(ihdr, 8, 3, 0, 0, 0)
	out = appendChunk(out, "IHDR", ihdr)
	plte := make([]byte, 0, 3*len(pal))
	for _, c := range pal {
		r, g, b, _ := c.RGBA()
		plte = append(plte, uint8(r>>8), uint8(g>>8), uint8(b>>8))
	}
	return appendChunk(out, "PLTE", plte)
}

// pngOf returns the PNG that starts with head and holds the rows of segs,
// in their order, in one IDAT chunk.
func pngOf(head []byte, segs []segment) []byte {
	n := 2 + len(zlibEnd) + 4
	for _, s := range segs {
		n += len(s.data)
	}
	out := make([]byte, 0, len(head)+12+n+12)
	out = append(out, head...)
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	start := len(out)
	// Deflate with a window of 32 KiB, compressed fastest.
	out = append(out, "IDAT\x78\x01"...)
	adler := uint32(1)
	for _, s := range segs {
		out = append(out, s.data...)
		adler = adlerJoin(adler, s.adler, s.n)
	}
	out = append(out, zlibEnd...)
	out = binary.BigEndian.AppendUint32(out, adler)
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	return appendChunk(out, "IEND", nil)
}

// appendChunk appends a PNG chunk of type typ holding data.
func appendChunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}
