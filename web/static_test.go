package web

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// htmx is pinned: the file embedded is htmx.org 2.0.11's dist/htmx.min.js
// from the npm registry (make htmx fetches it again and checks it).
const (
	htmxVersion = "2.0.11"
	htmxSHA256  = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
)

func TestHtmxPinned(t *testing.T) {
	b, err := staticFS.ReadFile("static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != htmxSHA256 {
		t.Fatalf("web/static/htmx.min.js has sha256 %s, want htmx %s's %s: run make htmx", got, htmxVersion, htmxSHA256)
	}
	if !strings.Contains(string(b), `version:"`+htmxVersion+`"`) {
		t.Fatalf("web/static/htmx.min.js does not say version %s", htmxVersion)
	}
}
