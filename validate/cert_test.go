package validate

import (
	"encoding/pem"
	"testing"
)

func FuzzParseCertificate(f *testing.F) {
	w := newWorld(&testing.T{})
	der := w.certFor(&testing.T{}, "福州市闽江科技有限公司", "91350100M000100Y43", 5)
	f.Add(der)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der[:40]}))
	f.Add(der[:len(der)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCertificate(data)
		if err == nil && c == nil {
			t.Fatal("no error and no certificate")
		}
	})
}

func TestParseCertificate(t *testing.T) {
	w := newWorld(t)
	der := w.certFor(t, "福州市闽江科技有限公司", "91350100M000100Y43", 5)
	for name, data := range map[string][]byte{"der": der, "pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})} {
		c, err := ParseCertificate(data)
		if err != nil || c.Subject.SerialNumber != "91350100M000100Y43" {
			t.Errorf("%s: %v %v", name, c, err)
		}
	}
	if _, err := ParseCertificate(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err == nil {
		t.Error("a PRIVATE KEY block parsed as a certificate")
	}
}
