package samples

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"
)

// The repeated-block zlib stream inflates to exactly n zeros, checksum and all.
func TestDeflateZeros(t *testing.T) {
	for _, n := range []int64{0, 100, 1 << 20, 5<<20 + 123, 64 << 20} {
		z := deflateZeros(n)
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || int64(len(got)) != n || bytes.ContainsFunc(got, func(r rune) bool { return r != 0 }) {
			t.Errorf("n=%d: %d bytes back from %d, %v", n, len(got), len(z), err)
		}
	}
}
