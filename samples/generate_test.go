package samples

import "testing"

func BenchmarkGenerate(b *testing.B) {
	if _, err := loadFonts(); err != nil {
		b.Skip(err)
	}
	for i := 0; i < b.N; i++ {
		if err := Generate(Options{Out: b.TempDir(), Cases: 8, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
