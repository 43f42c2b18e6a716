package validate

import (
	"slices"
	"strings"
	"testing"
	"time"

	"dossier"
)

func goodCase() Input {
	page := func(f string) []dossier.PageRef { return []dossier.PageRef{{File: f, Page: 1}} }
	name, uscc := "福州市闽江科技有限公司", "91350100M000100Y43"
	form := func(f string) dossier.Document {
		return dossier.Document{Type: dossier.ApplicationForm, Pages: page(f), Sealed: true, Confidence: 0.95, Fields: map[string]string{
			dossier.FieldUnitName: name, dossier.FieldUSCC: uscc, dossier.FieldOperatorName: "张伟", dossier.FieldOperatorID: "11010519491231002X"}}
	}
	return Input{
		CaseID: "C1",
		AsOf:   time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Documents: []dossier.Document{
			form("a.pdf"), form("b.pdf"),
			{Type: dossier.BusinessLicense, Pages: page("c.pdf"), Sealed: true, Confidence: 0.9, Fields: map[string]string{dossier.FieldUnitName: name, dossier.FieldUSCC: uscc}},
			{Type: dossier.IDCard, Pages: page("d.pdf"), Sealed: true, Confidence: 0.9, Fields: map[string]string{
				dossier.FieldHolderName: "张伟", dossier.FieldIDNumber: "11010519491231002X", dossier.FieldValidUntil: "长期"}},
		},
	}
}

// idGuessed has the operator's number of goodCase read unsurely on every
// paper, each a guessed repair: of formRaw on the form's copies, of
// cardRaw on the card.
func idGuessed(in *Input, formRaw, cardRaw string) {
	for _, i := range []int{0, 1} {
		in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldOperatorID: 0.5}
		in.Documents[i].ReadAs = map[string]string{dossier.FieldOperatorID: formRaw}
	}
	in.Documents[3].FieldConfidence = map[string]float64{dossier.FieldIDNumber: 0.5}
	in.Documents[3].ReadAs = map[string]string{dossier.FieldIDNumber: cardRaw}
}

// licenceReads has the forms read name surely and the licence read its
// name (that of goodCase) at conf, each character surely but the one at
// unsure.
func licenceReads(in *Input, name string, conf float64, unsure int) {
	in.Documents[0].Fields[dossier.FieldUnitName] = name
	in.Documents[1].Fields[dossier.FieldUnitName] = name
	lic := &in.Documents[2]
	cc := make([]float64, len([]rune(lic.Fields[dossier.FieldUnitName])))
	for i := range cc {
		cc[i] = 0.9
	}
	cc[unsure] = conf
	lic.FieldConfidence = map[string]float64{dossier.FieldUnitName: conf}
	lic.CharConfidence = map[string][]float64{dossier.FieldUnitName: cc}
}

// opMisread has goodCase's form copies read the operator form surely and
// its card read card, each character at cc.
func opMisread(in *Input, form, card string, cc []float64) {
	in.Documents[0].Fields[dossier.FieldOperatorName] = form
	in.Documents[1].Fields[dossier.FieldOperatorName] = form
	in.Documents[3].Fields[dossier.FieldHolderName] = card
	in.Documents[3].FieldConfidence = map[string]float64{dossier.FieldHolderName: slices.Min(cc)}
	in.Documents[3].CharConfidence = map[string][]float64{dossier.FieldHolderName: cc}
}

func TestCase(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(in *Input)
		status dossier.Status
		code   dossier.ReasonCode
	}{
		{"ready", func(in *Input) {}, dossier.Ready, ""},
		{"one form", func(in *Input) { in.Documents = in.Documents[1:] }, dossier.Rejected, dossier.InsufficientCopies},
		{"no licence", func(in *Input) { in.Documents = append(in.Documents[:2], in.Documents[3]) }, dossier.Rejected, dossier.MissingDocument},
		// A file that could not be processed may hold the licence: a clerk
		// looks, the unit is not told to bring it.
		{"no licence but a file not processed", func(in *Input) {
			in.Documents = append(in.Documents[:2], in.Documents[3])
			in.FileReasons = []dossier.Reason{{Code: dossier.LowConfidence, Message: "c.pdf could not be processed"}}
		}, dossier.Review, dossier.MissingDocument},
		{"unsealed id and a file not processed", func(in *Input) {
			in.Documents[3].Sealed = false
			in.FileReasons = []dossier.Reason{{Code: dossier.LowConfidence, Message: "e.pdf could not be processed"}}
		}, dossier.Rejected, dossier.SealMissing},
		{"unsealed id", func(in *Input) { in.Documents[3].Sealed = false }, dossier.Rejected, dossier.SealMissing},
		{"name off by one on both copies, the declared name backs the licence", func(in *Input) {
			in.Info.UnitName = "福州市闽江科技有限公司"
			in.Documents[0].Fields[dossier.FieldUnitName] = "福州市闽汪科技有限公司"
			in.Documents[1].Fields[dossier.FieldUnitName] = "福州市闽汪科技有限公司"
		}, dossier.Rejected, dossier.UnitNameMismatch},
		{"name off by one on both copies, the licence read once", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldUnitName] = "福州市闽汪科技有限公司"
			in.Documents[1].Fields[dossier.FieldUnitName] = "福州市闽汪科技有限公司"
		}, dossier.Review, dossier.LowConfidence},
		{"name off by one on one copy may be a misread", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldUnitName] = "福州市闽汪科技有限公司"
		}, dossier.Review, dossier.LowConfidence},
		{"name off by two on one copy", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldUnitName] = "福州市闽汪技术有限公司"
		}, dossier.Rejected, dossier.UnitNameMismatch},
		{"有限责任公司 is another name", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldUnitName] = "福州市闽江科技有限责任公司"
		}, dossier.Rejected, dossier.UnitNameMismatch},
		// The licence read unsurely for one character (闽 disputed), its
		// 有限公司 surely: the forms' 有限责任公司 differs on paper.
		{"有限公司 read surely in a name read unsurely elsewhere", func(in *Input) {
			licenceReads(in, "福州市闽江科技有限责任公司", 0.5, 3)
		}, dossier.Rejected, dossier.UnitNameMismatch},
		{"有限公司 beside an unsure character", func(in *Input) {
			licenceReads(in, "福州市闽江科技有限责任公司", 0.5, 8)
		}, dossier.Review, dossier.LowConfidence},
		{"characters lacking at the end of a name read unsurely", func(in *Input) {
			licenceReads(in, "福州市闽江科技有限公司", 0.5, 3)
			in.Documents[2].Fields[dossier.FieldUnitName] = "福州市闽江科技有限"
			in.Documents[2].CharConfidence[dossier.FieldUnitName] = in.Documents[2].CharConfidence[dossier.FieldUnitName][:9]
		}, dossier.Review, dossier.LowConfidence},
		{"full-width brackets are the same name", func(in *Input) {
			for i := range in.Documents {
				if n := in.Documents[i].Fields[dossier.FieldUnitName]; n != "" {
					in.Documents[i].Fields[dossier.FieldUnitName] = n + "（福州）"
				}
			}
			in.Documents[1].Fields[dossier.FieldUnitName] = "福州市闽江科技有限公司 (福州)"
		}, dossier.Ready, ""},
		{"declared code differs", func(in *Input) { in.Info.UnitCode = "92341321MA2REGCG29" }, dossier.Rejected, dossier.CodeMismatch},
		{"bad check character", func(in *Input) {
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].Fields[dossier.FieldUSCC] = "92341321MA2REGCG2X"
			}
		}, dossier.Rejected, dossier.InvalidUSCC},
		{"legacy pilot code goes to review", func(in *Input) {
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].Fields[dossier.FieldUSCC] = "91350211M0000XUF46"
			}
		}, dossier.Review, dossier.LowConfidence},
		{"expired id", func(in *Input) { in.Documents[3].Fields[dossier.FieldValidUntil] = "2026-10-01" }, dossier.Rejected, dossier.IDExpired},
		{"operator one character off on both copies: the card is read once", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldOperatorName] = "张玮"
			in.Documents[1].Fields[dossier.FieldOperatorName] = "张玮"
		}, dossier.Review, dossier.LowConfidence},
		{"unsure reading of another name", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldOperatorName] = "李娜"
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOperatorName: 0.4}
		}, dossier.Review, dossier.LowConfidence},
		{"operator differs by a character on one copy", func(in *Input) { in.Documents[0].Fields[dossier.FieldOperatorName] = "张玮" }, dossier.Review, dossier.LowConfidence},
		{"a look-alike read surely on one copy, the other and the card agree", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldOperatorName] = "张玮"
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOperatorName: 0.9}
			in.Documents[0].CharConfidence = map[string][]float64{dossier.FieldOperatorName: {0.93, 0.9}}
		}, dossier.Review, dossier.LowConfidence},
		{"another operator", func(in *Input) { in.Documents[0].Fields[dossier.FieldOperatorName] = "李娜" }, dossier.Rejected, dossier.OperatorMismatch},
		{"a typo on the form's copies against a card read unsurely elsewhere", func(in *Input) {
			// 谢于涵 on both copies; the card's 谢子涵 read 谢子深, its 涵 unsure, its 子 sure
			opMisread(in, "谢于涵", "谢子深", []float64{0.59, 0.67, 0.5})
		}, dossier.Rejected, dossier.OperatorMismatch},
		{"the card unsure of every character the form differs in", func(in *Input) {
			opMisread(in, "谢于涵", "谢子深", []float64{0.59, 0.55, 0.5})
		}, dossier.Review, dossier.LowConfidence},
		{"unsupported file", func(in *Input) {
			in.FileReasons = append(in.FileReasons, dossier.Reason{Code: dossier.UnsupportedFile, Message: "x.docx"})
		}, dossier.Review, dossier.UnsupportedFile},
		{"low confidence", func(in *Input) { in.Documents[2].Confidence = 0.3 }, dossier.Review, dossier.LowConfidence},
		{"an unsure expiry date", func(in *Input) {
			in.Documents[3].FieldConfidence = map[string]float64{dossier.FieldValidUntil: 0.4}
		}, dossier.Review, dossier.LowConfidence},
		{"an unsure expiry date its period backs", func(in *Input) {
			holder(in, "110105199012310027", "2020-01-01", "2040-01-01", 0.4)
		}, dossier.Ready, ""},
		{"an unsure expiry date backed by its period, past", func(in *Input) {
			holder(in, "110105199012310027", "2006-01-01", "2011-01-01", 0.4)
		}, dossier.Rejected, dossier.IDExpired},
		{"an unsure expiry date that makes a period the law does not give", func(in *Input) {
			holder(in, "110105199012310027", "2020-01-01", "2030-01-01", 0.4)
		}, dossier.Review, dossier.LowConfidence},
		{"an unsure expiry date after an issue date still to come", func(in *Input) {
			holder(in, "110105199012310027", "2027-01-01", "2047-01-01", 0.4)
		}, dossier.Review, dossier.LowConfidence},
		{"an unsure 长期 on the card of a holder 49 at issue", func(in *Input) {
			holder(in, "110105196808110027", "2018-03-22", "长期", 0.4)
		}, dossier.Ready, ""},
		{"an unsure 长期 on the card of a holder 29 at issue", func(in *Input) {
			holder(in, "110105199012310027", "2020-01-01", "长期", 0.4)
		}, dossier.Review, dossier.LowConfidence},
		{"an expiry date whose digits were not read at all", func(in *Input) {
			holder(in, "110105199012310027", "2020-01-01", "2040-01-01", 0.05)
		}, dossier.Review, dossier.LowConfidence},
		{"an unsure code that agrees is no question", func(in *Input) {
			in.Documents[2].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.4}
		}, dossier.Ready, ""},
		{"an operator agreeing through a character not read at all", func(in *Input) {
			// 张伪 written, 张伟 read at 0.03 on one copy and sure on the other
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOperatorName: 0.03}
		}, dossier.Review, dossier.LowConfidence},
		{"a unit name agreeing through a character not read at all", func(in *Input) {
			in.Documents[1].FieldConfidence = map[string]float64{dossier.FieldUnitName: 0.05}
		}, dossier.Review, dossier.LowConfidence},
		{"the same misreading on every document backs nothing against the declared name", func(in *Input) {
			// 鑫 read as 奢 on each document, each time at a confidence of almost nothing
			in.Info.UnitName = "福州市鑫源科技有限公司"
			for i, conf := range []float64{0.03, 0.14, 0.05} {
				in.Documents[i].Fields[dossier.FieldUnitName] = "福州市奢源科技有限公司"
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUnitName: conf}
			}
		}, dossier.Review, dossier.LowConfidence},
		{"a doubtful but read character is no question when names agree", func(in *Input) {
			in.Documents[1].FieldConfidence = map[string]float64{dossier.FieldUnitName: 0.3, dossier.FieldOperatorName: 0.3}
		}, dossier.Ready, ""},
		{"a card for life issued at 60", func(in *Input) {
			in.Documents[3].Fields[dossier.FieldValidFrom] = "2010-01-01"
		}, dossier.Ready, ""},
		{"a ten-year card issued at 60 is no card the law gives", func(in *Input) {
			in.Documents[3].Fields[dossier.FieldValidFrom] = "2010-01-01"
			in.Documents[3].Fields[dossier.FieldValidUntil] = "2030-01-01"
		}, dossier.Review, dossier.LowConfidence},
		{"a card that does not run to the day", func(in *Input) {
			in.Documents[3].Fields[dossier.FieldIDNumber] = "110105199012310027"
			in.Documents[0].Fields[dossier.FieldOperatorID] = "110105199012310027"
			in.Documents[1].Fields[dossier.FieldOperatorID] = "110105199012310027"
			in.Documents[3].Fields[dossier.FieldValidFrom] = "2020-01-01"
			in.Documents[3].Fields[dossier.FieldValidUntil] = "2040-02-01"
		}, dossier.Review, dossier.LowConfidence},
		// a child's card runs five years, to a year without 29 February
		{"a card issued on 29 February runs to 1 March", func(in *Input) {
			holder(in, "110105201001010029", "2024-02-29", "2029-03-01", 0.95)
		}, dossier.Ready, ""},
		{"a card issued on 29 February runs to 28 February", func(in *Input) {
			holder(in, "110105201001010029", "2024-02-29", "2029-02-28", 0.95)
		}, dossier.Ready, ""},
		{"a card issued on 28 February runs to 28 February, not 1 March", func(in *Input) {
			holder(in, "110105201001010029", "2024-02-28", "2029-03-01", 0.95)
		}, dossier.Review, dossier.LowConfidence},
		{"an identity number read unsurely everywhere", func(in *Input) {
			// a wrong check character, repaired to a valid number on every
			// copy, the card read otherwise than the form's copies
			idGuessed(in, "110105194912310021", "110105194912340021")
		}, dossier.Review, dossier.LowConfidence},
		{"an identity number read unsurely everywhere, printed alike on the card and the form", func(in *Input) {
			// the same characters read before each guess on two kinds of
			// paper: printed so, its check character wrong
			idGuessed(in, "110105194912310021", "110105194912310021")
		}, dossier.Rejected, dossier.InvalidIDNumber},
		{"a USCC failing its check, read unsurely alike on the form's copies only", func(in *Input) {
			// one paper typed once: its copies may be misread alike
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
			}
			for _, i := range []int{0, 1} {
				in.Documents[i].Fields[dossier.FieldUSCC] = "91350700MAB9NJ3T9N"
			}
		}, dossier.Review, dossier.LowConfidence},
		{"a USCC failing its check, read unsurely alike on the form and the licence", func(in *Input) {
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
				in.Documents[i].Fields[dossier.FieldUSCC] = "91350700MAB9NJ3T9N"
			}
		}, dossier.Rejected, dossier.InvalidUSCC},
		{"an identity number read unsurely everywhere, as printed", func(in *Input) {
			// no guess: readings of a valid number on three papers agree
			for _, i := range []int{0, 1} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldOperatorID: 0.5}
			}
			in.Documents[3].FieldConfidence = map[string]float64{dossier.FieldIDNumber: 0.5}
		}, dossier.Ready, ""},
		{"an unsure identity number that a sure reading backs", func(in *Input) {
			in.Documents[3].FieldConfidence = map[string]float64{dossier.FieldIDNumber: 0.5}
		}, dossier.Ready, ""},
		{"a USCC read unsurely everywhere, as the unit declared it", func(in *Input) {
			// the paper may carry a wrong character the repair undid
			in.Info.UnitCode = "91350100M000100Y43"
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
				in.Documents[i].ReadAs = map[string]string{dossier.FieldUSCC: "91350100M000100Y4B"}
			}
		}, dossier.Review, dossier.LowConfidence},
		{"a USCC guessed on two papers, read unsurely as printed on a third", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
			in.Documents[1].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
			in.Documents[2].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
			}
			in.Documents[0].ReadAs = map[string]string{dossier.FieldUSCC: "92341321MA2REGC629"}
			in.Documents[2].ReadAs = map[string]string{dossier.FieldUSCC: "92341321MA2REGCG2B"}
		}, dossier.Ready, ""},
		{"a USCC read unsurely everywhere, as printed", func(in *Input) {
			for i, conf := range []float64{0.5, 0.39, 0.5} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: conf}
			}
		}, dossier.Ready, ""},
		{"a guessed USCC backed by a reading as printed", func(in *Input) {
			for i, conf := range []float64{0.5, 0.39, 0.5} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: conf}
			}
			in.Documents[0].ReadAs = map[string]string{dossier.FieldUSCC: "91350100M000100Y4B"}
		}, dossier.Ready, ""},
		{"a guessed USCC that another paper's disputed reading gives", func(in *Input) {
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
			in.Documents[0].ReadAs = map[string]string{dossier.FieldUSCC: "91350100M000100Y4B"}
			in.Documents[1].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
			in.Documents[1].Disputed = map[string]string{dossier.FieldUSCC: "92341321MA2REGCG29"}
			in.Documents[2].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
			in.Documents[2].ReadAs = map[string]string{dossier.FieldUSCC: "91350100M000100Y4B"}
		}, dossier.Review, dossier.LowConfidence},
		{"a valid code read unsurely as printed differs from the forms'", func(in *Input) {
			// its check character vouches for it: the papers differ
			in.Documents[2].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
			in.Documents[2].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.4}
		}, dossier.Rejected, dossier.CodeMismatch},
		{"an organization code read off a row of boxes some boxes out", func(in *Input) {
			// 350100M0 of 91350100M000100Y43, its check character right by chance
			delete(in.Documents[0].Fields, dossier.FieldUSCC)
			in.Documents[0].Fields[dossier.FieldOrgCode] = "350100M01"
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOrgCode: 0.4}
		}, dossier.Review, dossier.LowConfidence},
		{"another valid organization code read unsurely differs", func(in *Input) {
			delete(in.Documents[0].Fields, dossier.FieldUSCC)
			in.Documents[0].Fields[dossier.FieldOrgCode] = "MA2REGCG2"
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOrgCode: 0.4}
		}, dossier.Rejected, dossier.CodeMismatch},
		// 0 and B are 11 apart: the check character holds either way
		{"an organization code a look-alike off on one copy", func(in *Input) {
			delete(in.Documents[0].Fields, dossier.FieldUSCC)
			in.Documents[0].Fields[dossier.FieldOrgCode] = "MB00100Y4"
		}, dossier.Review, dossier.LowConfidence},
		{"an organization code a look-alike off on both copies", func(in *Input) {
			for _, i := range []int{0, 1} {
				delete(in.Documents[i].Fields, dossier.FieldUSCC)
				in.Documents[i].Fields[dossier.FieldOrgCode] = "MB00100Y4"
			}
		}, dossier.Rejected, dossier.CodeMismatch},
		{"another organization code on one copy", func(in *Input) {
			delete(in.Documents[0].Fields, dossier.FieldUSCC)
			in.Documents[0].Fields[dossier.FieldOrgCode] = "MA2REGCG2"
		}, dossier.Rejected, dossier.CodeMismatch},
		{"another valid organization code found in a spot read as junk", func(in *Input) {
			// MA5HT0FD1 at 0.05 off a row of boxes holding a credit code
			delete(in.Documents[0].Fields, dossier.FieldUSCC)
			in.Documents[0].Fields[dossier.FieldOrgCode] = "MA2REGCG2"
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOrgCode: 0.05}
		}, dossier.Review, dossier.LowConfidence},
		{"a valid code read unsurely, its spot read as another valid code too", func(in *Input) {
			in.Documents[2].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
			in.Documents[2].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.4}
			in.Documents[2].Disputed = map[string]string{dossier.FieldUSCC: "91350100M000100Y43"}
		}, dossier.Review, dossier.LowConfidence},
		{"an invalid code read surely, near only another paper's guess", func(in *Input) {
			// the forms read 92341321MA2REGCG2X (its check character
			// wrong) as 92341321MA2REGCS2X and as printed, each guessed
			// valid by a look-alike changed
			in.Documents[2].Fields[dossier.FieldUSCC] = "92341321MA2REGCG2X"
			in.Documents[0].Fields[dossier.FieldUSCC] = "92341321MA2REGC52X"
			in.Documents[0].ReadAs = map[string]string{dossier.FieldUSCC: "92341321MA2REGCS2X"}
			in.Documents[1].Fields[dossier.FieldUSCC] = "92341721MA2REGCG2X"
			in.Documents[1].ReadAs = map[string]string{dossier.FieldUSCC: "92341321MA2REGCG2X"}
			for _, i := range []int{0, 1} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.5}
			}
		}, dossier.Rejected, dossier.InvalidUSCC},
		{"another operator's number on both copies", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldOperatorID] = "110105199012310027"
			in.Documents[1].Fields[dossier.FieldOperatorID] = "110105199012310027"
		}, dossier.Rejected, dossier.OperatorMismatch},
		{"another number on the form, read unsurely", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldOperatorID] = "110105199012310027"
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldOperatorID: 0.3}
		}, dossier.Review, dossier.LowConfidence},
		{"a declared code the licence's unsure reading does not match", func(in *Input) {
			in.Info.UnitCode = "92341321MA2REGCG29"
			for _, i := range []int{0, 1, 2} {
				in.Documents[i].FieldConfidence = map[string]float64{dossier.FieldUSCC: 0.4}
			}
			in.Documents[2].ReadAs = map[string]string{dossier.FieldUSCC: "91350100M000100Y4B"}
			in.Documents[0].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
			in.Documents[1].Fields[dossier.FieldUSCC] = "92341321MA2REGCG29"
		}, dossier.Review, dossier.LowConfidence},
		{"an invalid code read once, two characters from the others", func(in *Input) {
			in.Documents[0].Fields[dossier.FieldUSCC] = "91350100M0001O0Y43"
		}, dossier.Review, dossier.LowConfidence},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodCase()
			tc.change(&in)
			r := Case(in)
			if r.Status != tc.status {
				t.Fatalf("status %s, want %s: %+v", r.Status, tc.status, r.Reasons)
			}
			if tc.code == "" {
				return
			}
			for _, rs := range r.Reasons {
				if rs.Code == tc.code {
					return
				}
			}
			t.Fatalf("no %s in %+v", tc.code, r.Reasons)
		})
	}
}

// TestNoAgeFromAnInvalidNumber: a card's number misread so that it fails
// its check (5 read as 92: "born" in 2199) gives no age to judge the
// period by; the clerk is told of the number, not of an age of -174.
func TestNoAgeFromAnInvalidNumber(t *testing.T) {
	in := goodCase()
	holder(&in, "11010519491231002X", "2025-04-09", "2045-04-09", 0.95)
	in.Documents[3].Fields[dossier.FieldIDNumber] = "392090219901112458"
	in.Documents[3].FieldConfidence[dossier.FieldIDNumber] = 0.48
	r := Case(in)
	if r.Status != dossier.Review {
		t.Fatalf("status %s, want review: %+v", r.Status, r.Reasons)
	}
	for _, rs := range r.Reasons {
		if strings.Contains(rs.Message, "年龄") {
			t.Errorf("an age judged from a number that fails its check: %s", rs.Message)
		}
	}
}

// holder makes the case's operator the holder of number num, on a card valid
// from from to until, the period read at conf.
func holder(in *Input, num, from, until string, conf float64) {
	in.Documents[0].Fields[dossier.FieldOperatorID] = num
	in.Documents[1].Fields[dossier.FieldOperatorID] = num
	card := &in.Documents[3]
	card.Fields[dossier.FieldIDNumber] = num
	card.Fields[dossier.FieldValidFrom], card.Fields[dossier.FieldValidUntil] = from, until
	card.FieldConfidence = map[string]float64{dossier.FieldValidFrom: conf, dossier.FieldValidUntil: conf}
}

// TestInvalidCodeMessages: an invalid code a clerk must look at is called a
// near miss of the others' only when it is one.
func TestInvalidCodeMessages(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		conf       float64
		want, not  string
	}{
		{"two characters from the others", "91350100M0001O0Y43", 0.9, "只差一两个字符", "识别不清"},
		{"nothing like the others, read unsurely", "C057542FDEFF3E1753", 0.45, "识别不清", "只差"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodCase()
			in.Documents[0].Fields[dossier.FieldUSCC] = tc.code
			in.Documents[0].FieldConfidence = map[string]float64{dossier.FieldUSCC: tc.conf}
			r := Case(in)
			if r.Status != dossier.Review || len(r.Reasons) == 0 {
				t.Fatalf("status %s, want review: %+v", r.Status, r.Reasons)
			}
			var msgs []string
			for _, rs := range r.Reasons {
				msgs = append(msgs, rs.Message)
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, tc.code) || !strings.Contains(all, tc.want) || strings.Contains(all, tc.not) {
				t.Errorf("reasons %q: want %q about %s, not %q", all, tc.want, tc.code, tc.not)
			}
		})
	}
}
