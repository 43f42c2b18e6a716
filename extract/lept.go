package extract

/*
#cgo pkg-config: lept
#include <stdlib.h>
#include <leptonica/allheaders.h>

// lept_size reads an image's width and height from its header.
static int lept_size(const unsigned char* data, size_t n, int* w, int* h) {
	l_int32 format, bps, spp, iscmap;
	return pixReadHeaderMem(data, n, &format, w, h, &bps, &spp, &iscmap);
}

// lept_png decodes a JPEG with libjpeg through leptonica, going on past bad
// data as libjpeg does (what is missing comes out grey), and encodes it
// again as PNG.
static int lept_png(const unsigned char* data, size_t n, unsigned char** out, size_t* outn) {
	l_int32 warnings = 0;
	PIX* pix = pixReadMemJpeg(data, n, 0, 1, &warnings, L_JPEG_CONTINUE_WITH_BAD_DATA);
	if (!pix) return 1;
	int rc = pixWriteMem(out, outn, pix, IFF_PNG);
	pixDestroy(&pix);
	return rc;
}
*/
import "C"

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"unsafe"
)

// decodeLept decodes an image Go's decoders refuse with libjpeg (through
// leptonica, which tesseract reads pages with anyway): a JPEG cut short or
// with a damaged segment is read with a warning there, the missing part
// grey, where Go gives up. The pixel limit is checked from the header first.
func decodeLept(data []byte, maxPixels int) (img image.Image, err error) {
	if len(data) == 0 {
		return nil, errors.New("empty")
	}
	p := (*C.uchar)(unsafe.Pointer(&data[0]))
	var w, h C.int
	if C.lept_size(p, C.size_t(len(data)), &w, &h) != 0 {
		return nil, errors.New("leptonica cannot read its header")
	}
	if int64(w)*int64(h) > int64(maxPixels) || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("%dx%d pixels, over the limit of %d", w, h, maxPixels)
	}
	var out *C.uchar
	var n C.size_t
	if C.lept_png(p, C.size_t(len(data)), &out, &n) != 0 || out == nil {
		return nil, errors.New("leptonica cannot decode it")
	}
	defer C.lept_free(unsafe.Pointer(out))
	return png.Decode(bytes.NewReader(C.GoBytes(unsafe.Pointer(out), C.int(n))))
}
