package web

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"

	"dossier/extract"
)

// thumbWidth is a thumbnail's width in pixels.
const thumbWidth = 180

// browserImage turns a stored page image into bytes a browser shows.
func browserImage(name string, data []byte, thumb bool, lim extract.Limits) ([]byte, string, error) {
	if !thumb {
		switch {
		case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
			return data, "image/png", nil
		case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
			return data, "image/jpeg", nil
		case bytes.HasPrefix(data, []byte("GIF8")):
			return data, "image/gif", nil
		}
	}
	img, err := extract.DecodeImage(name, data, lim)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if !thumb {
		err = png.Encode(&buf, img)
		return buf.Bytes(), "image/png", err
	}
	b := img.Bounds()
	h := max(1, b.Dy()*thumbWidth/max(1, b.Dx()))
	small := image.NewRGBA(image.Rect(0, 0, thumbWidth, h))
	draw.ApproxBiLinear.Scale(small, small.Bounds(), img, b, draw.Src, nil)
	err = jpeg.Encode(&buf, small, &jpeg.Options{Quality: 80})
	return buf.Bytes(), "image/jpeg", err
}
