package samples

import (
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"math/rand/v2"
	"time"
)

// certAuthority is a generated root that signs the units' new CA certificates.
type certAuthority struct {
	cert *x509.Certificate
	der  []byte
	key  ed25519.PrivateKey
}

// Ed25519 keeps certificates byte-for-byte the same for the same seed: its
// signatures need no randomness.
func newAuthority(rng *rand.Rand, name string, asOf time.Time) *certAuthority {
	key := ed25519.NewKeyFromSeed(seedBytes(rng))
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(int64(rng.IntN(1 << 30))),
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}, Country: []string{"CN"}},
		NotBefore:             asOf.AddDate(-5, 0, 0),
		NotAfter:              asOf.AddDate(15, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, key.Public(), key)
	if err != nil {
		panic(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &certAuthority{cert: cert, der: der, key: key}
}

func seedBytes(rng *rand.Rand) []byte {
	b := make([]byte, ed25519.SeedSize)
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return b
}

// issue makes a unit's certificate: O and CN name the unit, serialNumber carries its code.
func (ca *certAuthority) issue(rng *rand.Rand, unitName, code string, notBefore, notAfter time.Time) []byte {
	key := ed25519.NewKeyFromSeed(seedBytes(rng))
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(int64(rng.IntN(1<<30)) + 1),
		Subject: pkix.Name{CommonName: unitName, Organization: []string{unitName}, SerialNumber: code,
			Country: []string{"CN"}},
		NotBefore: notBefore,
		NotAfter:  notAfter,
		KeyUsage:  x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(nil, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		panic(err)
	}
	return der
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
