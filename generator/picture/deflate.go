package picture

import (
	"encoding/binary"
	"math/bits"
)

// A card's rows hold few colours, and each row is mostly the background
// or the row above it: they are deflated here with two distances only,
// 1 (a run of one index) and rowLen (the row above), taking the longer
// match at each byte, and with Huffman codes chosen once for such rows.
// That is several times quicker than compress/flate, which hashes every
// byte and builds codes for every block; a card comes out an eighth to a
// quarter larger than flate's quickest level makes it.

// segment is rows deflated on their own as one block ended with a sync
// flush: it starts and ends on a byte and refers to nothing before it, so
// that segments deflated apart, one after the other, make one stream.
type segment struct {
	data  []byte
	adler uint32 // the Adler-32 checksum of the rows
	n     int    // the length of the rows
}

// code is a Huffman code with the extra bits that follow it, reversed to
// be written from the low bit up, and their number.
type code struct {
	bits uint32
	n    uint
}

// rowCodes are the codes rows are deflated with.
type rowCodes struct {
	head   []code    // the block's header, which declares the codes
	lit    [257]code // of each literal, then of the end of the block
	length [259]code // of each match length from 3, with its extra bits
	one    code      // distance 1, with its extra bits
	up     code      // distance rowLen, with its extra bits
}

// distanceCode returns deflate's code of distance d, the first distance
// of that code and its number of extra bits.
func distanceCode(d int) (c, base int, extra uint) {
	if d <= 4 {
		return d - 1, d, 0
	}
	extra = uint(bits.Len(uint(d-1))) - 2
	c = 2*int(extra) + 2 + (d-1)>>extra&1
	return c, (2+c%2)<<extra + 1, extra
}

// newRowCodes returns the codes for rows of indices in a palette made by
// blends of two pairs: the background's steps to the text's colour
// first, then the accent's. The title's edges are the background's
// steps, so they have short codes; the accent's are rare. Only indices
// of such a palette have codes (TestDeflateRows checks that the code
// lengths make a complete code).
func newRowCodes() *rowCodes {
	var lit [286]uint8 // code lengths of literals, end of block, lengths
	for s := range 2 * (blendSteps + 1) {
		lit[s] = 8
	}
	for s := 1; s < blendSteps; s++ {
		lit[s] = 6
	}
	lit[0], lit[blendSteps] = 4, 4 // the background and the text
	lit[256] = 8
	for s := 257; s < len(lit); s++ {
		lit[s] = 7
	}
	for _, s := range []int{262, 263, 264, 285} { // lengths 8, 9, 10, 258
		lit[s] = 6
	}
	up, upBase, upExtra := distanceCode(rowLen)
	dist := make([]uint8, up+1)
	dist[0], dist[up] = 1, 1

	t := &rowCodes{}
	litCodes, distCodes := canonical(lit[:]), canonical(dist)
	copy(t.lit[:], litCodes)
	// The first match length of each length code from 257, and its
	// number of extra bits.
	lengthBase := [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra := [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for k, base := range lengthBase {
		for l := base; l < 259 && (k+1 == len(lengthBase) || l < lengthBase[k+1]); l++ {
			c := litCodes[257+k]
			t.length[l] = code{c.bits | uint32(l-base)<<c.n, c.n + lengthExtra[k]}
		}
	}
	t.one = distCodes[0]
	c := distCodes[up]
	t.up = code{c.bits | uint32(rowLen-upBase)<<c.n, c.n + upExtra}

	// Not final, dynamic codes; how many literal and length codes,
	// distance codes and code length codes there are.
	t.head = []code{{0b100, 3}, {uint32(len(lit) - 257), 5}, {uint32(len(dist) - 1), 5}, {19 - 4, 4}}
	// Every code length, 0 to 15, is written in 4 bits: its own value.
	for _, l := range [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15} {
		if l < 16 {
			t.head = append(t.head, code{4, 3})
		} else {
			t.head = append(t.head, code{0, 3})
		}
	}
	for _, l := range append(lit[:], dist...) {
		t.head = append(t.head, code{uint32(bits.Reverse8(l) >> 4), 4})
	}
	return t
}

// canonical returns the canonical Huffman codes of the code lengths lens.
func canonical(lens []uint8) []code {
	var count, next [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	for l, c := 1, 0; l < 16; l++ {
		c = (c + count[l-1]) << 1
		next[l] = c
	}
	codes := make([]code, len(lens))
	for s, l := range lens {
		if l > 0 {
			codes[s] = code{uint32(bits.Reverse16(uint16(next[l])) >> (16 - l)), uint(l)}
			next[l]++
		}
	}
	return codes
}

// deflate appends rows, deflated with t as a segment's data, to dst.
func (t *rowCodes) deflate(dst, rows []byte) []byte {
	var acc uint64 // bits not yet appended, nb of them
	var nb uint
	put := func(c code) {
		acc |= uint64(c.bits) << nb
		nb += c.n
		if nb >= 32 {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(acc))
			acc >>= 32
			nb -= 32
		}
	}
	for _, c := range t.head {
		put(c)
	}
	for i := 0; i < len(rows); {
		limit := min(258, len(rows)-i)
		n, dist := 0, t.one
		if i > 0 && rows[i] == rows[i-1] {
			n = matchLen(rows[i:], rows[i-1:], limit)
		}
		if i >= rowLen && n < limit && rows[i] == rows[i-rowLen] {
			if m := matchLen(rows[i:], rows[i-rowLen:], limit); m > n {
				n, dist = m, t.up
			}
		}
		if n < 3 {
			put(t.lit[rows[i]])
			i++
			continue
		}
		put(t.length[n])
		put(dist)
		i += n
	}
	put(t.lit[256])
	// A sync flush: an empty stored block, its length on a byte.
	put(code{0, 3})
	for nb > 0 {
		dst = append(dst, byte(acc))
		acc >>= 8
		nb -= min(nb, 8)
	}
	return append(dst, 0, 0, 0xff, 0xff)
}

// matchLen returns how many of the first limit bytes of a and b are the
// same, up to the first that is not.
func matchLen(a, b []byte, limit int) int {
	n := 0
	for ; n+8 <= limit; n += 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
	}
	for n < limit && a[n] == b[n] {
		n++
	}
	return n
}

// adlerMod is the modulus of Adler-32's sums.
const adlerMod = 65521

// adlerJoin returns the Adler-32 checksum of the bytes summed by a then
// those summed by b, b's being n bytes, as zlib's adler32_combine does.
func adlerJoin(a, b uint32, n int) uint32 {
	rem := uint64(n % adlerMod)
	a1, a2 := uint64(a&0xffff), uint64(a>>16)
	b1, b2 := uint64(b&0xffff), uint64(b>>16)
	// Both first sums start at 1; each of b's bytes adds a's first sum
	// to the second.
	s1 := (a1 + b1 + adlerMod - 1) % adlerMod
	s2 := (rem*a1 + a2 + b2 + adlerMod - rem) % adlerMod
	return uint32(s2<<16 | s1)
}
