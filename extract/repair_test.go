package extract

import (
	"testing"

	"dossier/validate/ident"
)

func TestRepairCode(t *testing.T) {
	org := "50306203"
	c, _ := ident.OrgCheckChar(org)
	org += string(c)
	for _, tc := range []struct {
		kind, read, want string
		how              Repair
	}{
		{"uscc", "91440100MA4B78JPX4", "91440100MA4B78JPX4", Unchanged},
		{"uscc", "9144O1OOMA4B78JPX4", "91440100MA4B78JPX4", Normalised}, // O cannot be in a USCC
		{"uscc", "91440100MA4878JPX4", "91440100MA4B78JPX4", Guessed},    // B read as 8
		{"id_number", "35O8O2196602239419", "350802196602239419", Normalised},
		{"org_code", org, org, Unchanged},
		{"org_code", "MARM6ROP7", "MARM6R0P7", Normalised},
		{"uscc", "914401", "914401", Unchanged}, // not a code's length: left alone
	} {
		got, how := RepairCode(tc.kind, tc.read)
		if got != tc.want || how != tc.how {
			t.Errorf("RepairCode(%s, %s) = %s, %d; want %s, %d", tc.kind, tc.read, got, how, tc.want, tc.how)
		}
	}
	// A code printed with a wrong check character and no single confusable
	// change that fixes it stays as read, invalid.
	bad := []byte("91440100MA4B78JPX4")
	for _, alt := range []byte("0123456789ABCDEFGHJKLMNPQRTUWXY") {
		bad[17] = alt
		got, how := RepairCode("uscc", string(bad))
		if how == Guessed && ident.USCC(got).Valid != ident.Valid {
			t.Errorf("%s: guessed an invalid %s", bad, got)
		}
		if how != Guessed && got != string(bad) {
			t.Errorf("%s changed to %s without a guess", bad, got)
		}
	}
}

func TestFixLegalForm(t *testing.T) {
	for read, want := range map[string]string{
		"南平市光华电子有限责任会司": "南平市光华电子有限责任公司",
		"泉州市通达食品有限责人公司": "泉州市通达食品有限责任公司",
		"福州市闽江科技股份有限会司": "福州市闽江科技股份有限公司",
		"福州市闽江科技有限公司":   "福州市闽江科技有限公司",   // a form of its own
		"福州市闽江科技有限责任公司": "福州市闽江科技有限责任公司", // not turned into 有限公司
		"福州市第一中学":       "福州市第一中学",
		"":              "",
	} {
		if got := fixLegalForm(read); got != want {
			t.Errorf("fixLegalForm(%s) = %s, want %s", read, got, want)
		}
	}
}

func TestCutAfterForm(t *testing.T) {
	for read, want := range map[string]string{
		"杭州市盛达科技有限公司一":     "杭州市盛达科技有限公司",
		"漳州市永安食品有限公司邛":     "漳州市永安食品有限公司",
		"广州市汇丰食品有限责任公司丨上":  "广州市汇丰食品有限责任公司",
		"杭州市盛达科技有限公司":      "杭州市盛达科技有限公司",
		"杭州市盛达科技有限公司杭州分公司": "杭州市盛达科技有限公司杭州分公司", // a branch is a name of its own
		"杭州市盛达科技有限公司分店":    "杭州市盛达科技有限公司分店",
		"福州市第一中学":          "福州市第一中学",
	} {
		if got := cutAfterForm(read); got != want {
			t.Errorf("cutAfterForm(%s) = %s, want %s", read, got, want)
		}
	}
}
