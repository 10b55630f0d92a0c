package picture

import (
	"bytes"
	"encoding/binary"
	"path"
	"strings"
)

// Strip returns the bytes of the static file name without the metadata a
// camera or an editor leaves in it (EXIF with its GPS position, XMP,
// IPTC, comments), for files published as they are: a JPEG keeps its
// colour profile and, in a new EXIF block of its own, its orientation; a
// PNG and a WebP keep every chunk that draws. Anything else, and a file
// that does not parse, comes back as it is.
func Strip(name string, data []byte) []byte {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		return stripJPEG(data)
	case ".png":
		return stripPNG(data)
	case ".webp":
		return stripWebP(data)
	}
	return data
}

// stripJPEG drops the APP1 (EXIF, XMP), APP13 (IPTC) and comment
// segments before the image data, and the other APPn but APP0 (JFIF),
// APP2 (ICC profile) and APP14 (Adobe colour transform).
func stripJPEG(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return data
	}
	orient := orientation(data)
	var out bytes.Buffer
	out.Write(data[:2])
	if orient != 1 {
		out.Write(orientationSegment(orient))
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return data
		}
		marker := data[i+1]
		if marker == 0xFF {
			i++
			continue
		}
		if marker == 0xDA { // start of scan: the rest is image data
			out.Write(data[i:])
			return out.Bytes()
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return data
		}
		keep := true
		switch {
		case marker == 0xFE: // comment
			keep = false
		case marker >= 0xE0 && marker <= 0xEF:
			keep = marker == 0xE0 || marker == 0xE2 || marker == 0xEE
		}
		if keep {
			out.Write(data[i : i+2+n])
		}
		i += 2 + n
	}
	return data
}

// orientationSegment is an APP1 EXIF segment that says only the
// orientation o.
func orientationSegment(o int) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	binary.Write(&tiff, binary.BigEndian, uint16(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{0x0112, 3, 0, 1, uint16(o), 0})
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	out := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(seg)+2))
	return append(out, seg...)
}

// stripPNG drops the eXIf, text and time chunks.
func stripPNG(data []byte) []byte {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(data, []byte(sig)) {
		return data
	}
	var out bytes.Buffer
	out.WriteString(sig)
	for i := len(sig); i < len(data); {
		if i+12 > len(data) {
			return data
		}
		n := int(binary.BigEndian.Uint32(data[i:]))
		end := i + 12 + n
		if n < 0 || end > len(data) {
			return data
		}
		switch string(data[i+4 : i+8]) {
		case "eXIf", "tEXt", "zTXt", "iTXt", "tIME":
		default:
			out.Write(data[i:end])
		}
		i = end
	}
	return out.Bytes()
}

// stripWebP drops the EXIF and XMP chunks of an extended WebP and clears
// the flags that announce them.
func stripWebP(data []byte) []byte {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return data
	}
	var body bytes.Buffer
	for i := 12; i < len(data); {
		if i+8 > len(data) {
			return data
		}
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		end := i + 8 + n + n%2
		if n < 0 || end > len(data) {
			return data
		}
		id := string(data[i : i+4])
		switch id {
		case "EXIF", "XMP ":
		case "VP8X":
			chunk := bytes.Clone(data[i:end])
			if len(chunk) > 8 {
				chunk[8] &^= 0x08 | 0x04 // EXIF and XMP present
			}
			body.Write(chunk)
		default:
			body.Write(data[i:end])
		}
		i = end
	}
	out := make([]byte, 12, 12+body.Len())
	copy(out, data[:12])
	binary.LittleEndian.PutUint32(out[4:], uint32(4+body.Len()))
	return append(out, body.Bytes()...)
}
