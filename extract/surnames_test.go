package extract

import (
	"slices"
	"testing"
)

func TestDoubtSurname(t *testing.T) {
	for _, c := range []struct {
		name     string
		cc       []float64
		conf     float64
		wantCC   []float64
		wantConf float64
	}{
		// 孙敏芳 read 刊敏芳 on a residence permit, 刊 at 0.74: no surname
		{"刊敏芳", []float64{0.74, 0.28, 0.95}, 0.28, []float64{guessedConf, 0.28, 0.95}, 0.28},
		{"刊敏芳", []float64{0.74, 0.9, 0.95}, 0.74, []float64{guessedConf, 0.9, 0.95}, guessedConf},
		{"孙敏芳", []float64{0.74, 0.9, 0.95}, 0.74, []float64{0.74, 0.9, 0.95}, 0.74},
		{"欧阳磊", []float64{0.9, 0.9, 0.9}, 0.9, []float64{0.9, 0.9, 0.9}, 0.9},
		{"阳磊", []float64{0.9, 0.9}, 0.9, []float64{0.9, 0.9}, 0.9},
		// no character confidences: the name's own is capped
		{"三陈思远", nil, 0.8, nil, guessedConf},
	} {
		cc := slices.Clone(c.cc)
		conf := doubtSurname(c.name, cc, c.conf)
		if conf != c.wantConf || !slices.Equal(cc, c.wantCC) {
			t.Errorf("doubtSurname(%s, %v, %v) = %v, %v; want %v, %v", c.name, c.cc, c.conf, conf, cc, c.wantConf, c.wantCC)
		}
	}
}
