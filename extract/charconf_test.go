package extract

import (
	"image"
	"slices"
	"testing"
)

// TestCharConfs: each character of a value has the confidence of the word
// it was read in, brought down to the field's where that was set lower (a
// guess); a value no line holds has none.
func TestCharConfs(t *testing.T) {
	line := Line{Text: "名称 厦门 鸿福 贸易有限公司", Words: []Word{
		{Text: "名称", Conf: 95}, {Text: "厦门", Conf: 90}, {Text: "鸿", Conf: 40}, {Text: "福", Conf: 88},
		{Text: "贸易有限公司", Conf: 96},
	}}
	lines := []Line{{Text: "单位数字证书申请表", Words: []Word{{Text: "单位数字证书申请表", Conf: 97}}}, line}
	if got, want := charConfs(lines, "厦门鸿福贸易有限公司", 0.4), []float64{0.9, 0.9, 0.4, 0.88, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96}; !slices.Equal(got, want) {
		t.Errorf("as read: %v, want %v", got, want)
	}
	got := charConfs(lines, "厦门鸿福贸易有限公司", 0.2)
	if got[2] != 0.2 || got[0] != 0.45 {
		t.Errorf("brought to the field's 0.2: %v", got)
	}
	if got := charConfs(lines, "厦门鸿福商贸有限公司", 0.4); got != nil {
		t.Errorf("a value not read on any line: %v", got)
	}
}

// TestLabelBox: a label's box is its own words', not its line's, which
// runs on over the value beside it.
func TestLabelBox(t *testing.T) {
	l := Line{Text: "颁发单位 福州市质量技术监督局", Box: image.Rect(100, 500, 1400, 540), Words: []Word{
		{Text: "颁", Box: image.Rect(100, 500, 130, 540)}, {Text: "发", Box: image.Rect(140, 500, 170, 540)},
		{Text: "单位", Box: image.Rect(180, 500, 240, 540)}, {Text: "福州市质量技术监督局", Box: image.Rect(400, 500, 1400, 540)},
	}}
	if got, want := l.labelBox("颁发单位"), image.Rect(100, 500, 240, 540); got != want {
		t.Errorf("label box %v, want %v", got, want)
	}
	if got := l.labelBox("发证机关"); got != l.Box {
		t.Errorf("a label not on the line: %v, want the line's %v", got, l.Box)
	}
}
