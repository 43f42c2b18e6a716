package extract

/*
#cgo LDFLAGS: -ltesseract
#include <stdlib.h>
#include <tesseract/capi.h>

static TessBaseAPI* osd_new(void) {
	TessBaseAPI* api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, NULL, "osd") != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY);
	return api;
}

static int osd_detect(TessBaseAPI* api, const unsigned char* pix, int w, int h, int* deg, float* conf) {
	char* script = NULL;
	float sconf = 0;
	TessBaseAPISetImage(api, pix, w, h, 1, w);
	BOOL ok = TessBaseAPIDetectOrientationScript(api, deg, conf, (const char**)&script, &sconf);
	TessBaseAPIClear(api);
	return ok ? 1 : 0;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"unsafe"
)

// orienter finds which way up a page is with tesseract's orientation and
// script detection (osd.traineddata, part of Debian's tesseract-ocr): one
// cheap pass instead of recognising the page at every turn.
type orienter struct {
	api *C.TessBaseAPI
}

func newOrienter() (*orienter, error) {
	api := C.osd_new()
	if api == nil {
		return nil, errors.New("tesseract: cannot load osd.traineddata (Debian package tesseract-ocr)")
	}
	return &orienter{api: api}, nil
}

func (o *orienter) close() {
	if o.api != nil {
		C.TessBaseAPIEnd(o.api)
		C.TessBaseAPIDelete(o.api)
		o.api = nil
	}
}

// halfGrey scales a grey image to half its size, each pixel the mean of four.
func halfGrey(g *image.Gray) *image.Gray {
	w, h := g.Bounds().Dx()/2, g.Bounds().Dy()/2
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		r0, r1 := g.Pix[2*y*g.Stride:], g.Pix[(2*y+1)*g.Stride:]
		for x := 0; x < w; x++ {
			out.Pix[y*out.Stride+x] = uint8((int(r0[2*x]) + int(r0[2*x+1]) + int(r1[2*x]) + int(r1[2*x+1])) / 4)
		}
	}
	return out
}

// turn returns the clockwise turn (0, 90, 180, 270) that makes the page's
// text upright, and tesseract's confidence in it; ok is false when the page
// has too little text to tell.
func (o *orienter) turn(g *image.Gray) (deg int, conf float64, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tesseract orientation failed: %v", r)
		}
	}()
	// Half size is plenty to see which way lines and characters run, and
	// four times cheaper.
	half := halfGrey(g)
	w, h := half.Bounds().Dx(), half.Bounds().Dy()
	pix := half.Pix // a fresh image: its stride is its width
	cbuf := C.CBytes(pix)
	defer C.free(cbuf)
	var d C.int
	var c C.float
	if C.osd_detect(o.api, (*C.uchar)(unsafe.Pointer(cbuf)), C.int(w), C.int(h), &d, &c) == 0 {
		return 0, 0, false, nil
	}
	// tesseract says how far the page is turned clockwise; the fix turns it back.
	return (360 - int(d)) % 360, float64(c), true, nil
}
