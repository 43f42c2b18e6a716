package validate

import (
	"fmt"
	"strings"

	"dossier"
)

// Lang is the language reason messages are written in.
type Lang string

// Languages: Chinese for the units and clerks, the default; English.
const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// ParseLang reads a --lang value; empty is Chinese.
func ParseLang(s string) (Lang, error) {
	switch Lang(strings.ToLower(s)) {
	case "", Chinese, "zh-cn", "cn":
		return Chinese, nil
	case English:
		return English, nil
	}
	return "", fmt.Errorf("language %q: want zh or en", s)
}

// message is one reason's text in each language. Arguments of type
// dossier.DocType, or []dossier.DocType (any of them), are written as the
// documents' names; English reorders with %[n]s. Both texts take the same
// arguments; where the Chinese leaves out the check's technical reason (in
// English, from package ident), it takes it as %.0[3]s, printing nothing.
type message struct{ zh, en string }

var messages = map[string]message{
	"case_type.unknown": {"未知的业务类型 %q，请人工核对", "unknown case type %q: a clerk must check the case"},
	"doc.missing":       {"缺少%s，请补交", "the %s is missing: please hand it in"},
	"doc.copies":        {"%s须提交%d份，只收到%d份，请补交", "the %s is required in %d copies and %d came: please hand in the rest"},
	"doc.unsure":        {"%s识别置信度低，请人工核对", "the %s could not be read with confidence: a clerk must look"},
	"seal.unsure":       {"%s上的公章无法确认，请人工核对", "the official seal on the %s could not be confirmed: a clerk must look"},
	"seal.missing":      {"%s未加盖单位公章，请加盖单位公章后重新提交", "the %s does not bear the unit's official seal: stamp it with the unit's red seal and hand it in again"},

	"code.legacy":  {"%s上的代码 %s 是早期试点时期的代码，校验位不符合现行标准，请人工核对%.0[3]s", "the code %[2]s on the %[1]s is an early pilot-era code whose check character fails today's standard (%[3]s): a clerk must confirm it"},
	"code.misread": {"%s上的号码 %s 校验不通过，与其他材料上的号码只差一两个字符，可能是识别错误，请人工核对", "the number %[2]s on the %[1]s fails its check and is one or two characters from the number on the other documents: probably misread, a clerk must look"},
	"code.unclear": {"%s上的号码 %s 校验不通过，但识别不清，可能是识别错误，请人工核对", "the number %[2]s on the %[1]s fails its check but reads unclearly: perhaps misread, a clerk must look"},
	"code.invalid": {"%s上的号码 %s 校验不通过，不是有效的号码，请核对原件后重新填写并提交%.0[3]s", "the number %[2]s on the %[1]s is not a valid number (%[3]s): check it against the original, correct it and hand the document in again"},
	"code.unsure":  {"%s上的号码 %s 识别不清，也没有其他材料上清楚的同一号码可以印证，请人工核对", "the number %[2]s on the %[1]s reads unclearly and no document shows it clearly: a clerk must look"},
	"code.unread":  {"未能读出%s上的代码，请人工核对", "the code on the %s could not be read: a clerk must look"},

	"name.unread":          {"未能读出%s上的单位名称，请人工核对", "the unit's name on the %s could not be read: a clerk must look"},
	"name.doubtful":        {"%s上的单位名称“%s”有字识别不清，请人工核对与%s是否一字不差", "a character of the unit's name “%[2]s” on the %[1]s could not be read: a clerk must check that it matches the %[3]s character for character"},
	"name.disputed":        {"%s上的单位名称可识别为“%s”，也可识别为“%s”，请人工核对与%s是否一字不差", "the unit's name on the %[1]s reads as “%[2]s” and as “%[3]s”: a clerk must check which it is, against the %[4]s"},
	"name.unsure_mismatch": {"%s上的单位名称“%s”与%s“%s”似乎不一致，请人工核对", "the unit's name “%[2]s” on the %[1]s seems to differ from “%[4]s” on the %[3]s: a clerk must look"},
	"name.mismatch":        {"%s上的单位名称“%s”与%s“%s”不一致，请按%[3]s填写单位全称", "the unit's name “%[2]s” on the %[1]s differs from “%[4]s” on the %[3]s: write the unit's full name exactly as the %[3]s shows it"},
	"code.unsure_mismatch": {"%s上的代码 %s 与%s上的 %s 不一致，可能是识别错误，请人工核对", "the code %[2]s on the %[1]s differs from %[4]s on the %[3]s, perhaps by a misread: a clerk must look"},
	"code.copies_differ":   {"申请表上的代码 %s 与另一份申请表及%s上的 %s 不一致，可能是识别错误，请人工核对", "the code %[1]s on one copy of the application form differs from %[3]s on the other copy and the %[2]s, perhaps by a misread: a clerk must look"},
	"code.mismatch":        {"%s上的代码 %s 与%s上的 %s 不一致，请核对后重新填写", "the code %[2]s on the %[1]s differs from %[4]s on the %[3]s: check it and fill it in again"},

	"declared_name.unsure":   {"申报的单位名称“%s”与%s上识别出的“%s”不一致，可能是识别错误，请人工核对", "the declared unit name “%[1]s” differs from “%[3]s” read on the %[2]s, perhaps by a misread: a clerk must look"},
	"declared_name.mismatch": {"申报的单位名称“%s”与%s“%s”不一致，请按%[2]s申报单位全称", "the declared unit name “%[1]s” differs from “%[3]s” on the %[2]s: declare the unit's full name as the %[2]s shows it"},
	"declared_code.unsure":   {"申报的代码 %s 与%s上识别出的 %s 不一致，可能是识别错误，请人工核对", "the declared code %[1]s differs from %[3]s read on the %[2]s, perhaps by a misread: a clerk must look"},
	"declared_code.mismatch": {"申报的代码 %s 与%s上的 %s 不一致，请按%[2]s申报", "the declared code %[1]s differs from %[3]s on the %[2]s: declare the code the %[2]s shows"},

	"id.unread":              {"未能读出%s上的姓名或号码，请人工核对", "the name or number on the %s could not be read: a clerk must look"},
	"id.validity_unread":     {"未能读出%s的有效期限，请人工核对", "the validity period of the %s could not be read: a clerk must look"},
	"id.validity_unsure":     {"有效期限“%s”识别不清，请人工核对", "the validity period “%s” reads unclearly: a clerk must look"},
	"id.validity_bad":        {"有效期限“%s”无法识别，请人工核对", "the validity period “%s” is not a date: a clerk must look"},
	"id.validity_length":     {"%s的有效期限%s至%s与持证人签发时的年龄（%d岁）不符，请人工核对证件", "the %[1]s is valid from %[2]s to %[3]s, which does not fit its holder's age at issue (%[4]d): a clerk must check the card"},
	"id.expired":             {"%s已于%s过期，请提供有效证件", "the %s expired on %s: the operator must bring a valid identity document"},
	"operator.unread":        {"未能读出申请表上的经办人姓名或证件号码，请人工核对", "the operator's name or identity number on the application form could not be read: a clerk must look"},
	"operator.doubtful":      {"申请表上的经办人“%s”有字识别不清，请人工核对与证件上的姓名是否一字不差", "a character of the operator's name “%s” on the application form could not be read: a clerk must check that it matches the identity document character for character"},
	"operator.guessed":       {"申请表上的经办人“%s”中的“%s”字在各份申请表上均未能确定识别，请人工核对与%s上的姓名是否一字不差", "no copy of the application form reads the character “%[2]s” of the operator “%[1]s” surely: a clerk must check that the form matches the %[3]s character for character"},
	"operator.disputed":      {"申请表上的经办人姓名可识别为“%s”，也可识别为“%s”，请人工核对与证件上的姓名是否一字不差", "the operator's name on the application form reads as “%s” and as “%s”: a clerk must check which it is, against the identity document"},
	"holder.disputed":        {"%s上的姓名可识别为“%s”，也可识别为“%s”，请人工核对与申请表上的经办人是否一字不差", "the name on the %s reads as “%s” and as “%s”: a clerk must check which it is, against the operator on the application form"},
	"operator.unsure":        {"申请表上的经办人“%s”与证件上识别出的“%s”不一致，可能是识别错误，请人工核对", "the operator “%s” on the application form differs from “%s” read on the identity document, perhaps by a misread: a clerk must look"},
	"operator.copies_differ": {"申请表上的经办人“%s”与另一份申请表及证件上的“%s”不一致，可能是识别错误，请人工核对", "the operator “%s” on one copy of the application form differs from “%s” on the other copy and the identity document, perhaps by a misread: a clerk must look"},
	"operator.mismatch":      {"申请表上的经办人“%s”与证件上的姓名“%s”不一致，请由证件持有人办理或更正申请表", "the operator “%s” on the application form is not the holder of the identity document (“%s”): the holder must come, or the form be corrected"},
	"operator.id_unsure":     {"申请表上的经办人证件号码 %s 与证件上识别出的 %s 不一致，可能是识别错误，请人工核对", "the operator's identity number %s on the application form differs from %s read on the identity document, perhaps by a misread: a clerk must look"},
	"operator.id_mismatch":   {"申请表上的经办人证件号码 %s 与证件号码 %s 不一致，请更正", "the operator's identity number %s on the application form differs from the document's %s: correct the form"},

	"cert.unparsable":     {"证书文件 %s 无法解析（%v），请重新导出证书文件", "the certificate file %s cannot be parsed (%v): export the certificate again"},
	"cert.not_yet":        {"证书尚未生效（%s 起），请核对", "the certificate is not valid until %s: check the certificate"},
	"cert.expired":        {"证书已于 %s 过期，请提供新证书", "the certificate expired on %s: hand in the new certificate"},
	"cert.key_usage":      {"证书的密钥用途不允许签名，请提供签名证书", "the certificate's key usage does not allow signing: hand in the signing certificate"},
	"cert.unchecked":      {"未配置根证书（--ca-roots），证书链未校验，请人工核对", "no CA roots are configured (--ca-roots): the certificate chain was not checked, a clerk must look"},
	"cert.untrusted":      {"证书不是由受信任的CA签发（%v），请提供由认证机构签发的证书", "the certificate was not issued by a trusted CA (%v): hand in a certificate the CA issued"},
	"cert.subject":        {"证书主体（%s，%s）不是本单位，请提供以本单位名义签发的证书", "the certificate's subject (%s, %s) is not this unit: hand in the certificate issued in the unit's name"},
	"cert.subject_unsure": {"证书主体（%s，%s）与%s上识别出的单位不一致，可能是识别错误，请人工核对", "the certificate's subject (%s, %s) differs from the unit read on the %s, perhaps by a misread: a clerk must look"},

	"file.empty":       {"文件 %s 是空文件（0 字节），请重新扫描提交", "the file %s is empty (0 bytes): scan it again"},
	"file.unsupported": {"不受理的文件类型：%s，请提交 PDF、JPG、PNG 或 TIFF 扫描件", "%s is a kind of file not taken: hand in PDF, JPG, PNG or TIFF scans"},
	"file.case_json":   {"case.json 不是有效的 JSON（%v），申报信息未采用", "case.json is not valid JSON (%v): the declared values were not used"},
	"page.unread":      {"文件 %s 第%d页无法识别，请人工核对该页", "page %[2]d of %[1]s could not be read: a clerk must look at it"},
	"file.unreadable":  {"文件无法读取（%v），请重新扫描后提交", "the file cannot be read (%v): scan it again and hand it in"},
	"file.gone":        {"文件 %s 已不在存储中，请重新提交", "%s is no longer in the store: hand it in again"},
	"file.failed":      {"文件 %s 处理失败（%v），请人工核对", "%s could not be processed (%v): a clerk must look at it"},
	"case.failed":      {"案件无法判定（%v），请人工核对", "the case could not be decided (%v): a clerk must look at it"},
	"file.special":     {"%s 不是普通文件（%s），未读取，请提交扫描件本身", "%s is not a regular file (%s) and was not read: hand in the scan itself"},
	"file.folder":      {"%s 是案件文件夹内的子文件夹，其中文件未读取，请将扫描件直接放入案件文件夹", "%s is a folder inside the case folder and its files were not read: put the scans in the case folder itself"},
	"file.too_big":     {"文件 %s 大小为 %d 字节，超过上限 %d 字节，未读取", "%s is %d bytes, over the limit of %d, and was not read"},
	"file.bad_name":    {"文件名 %s 不可用（%s），未读取，请重命名后提交", "the file name %s cannot be used (%s) and the file was not read: rename it and hand it in again"},
	"file.info_twice":  {"%s 与 %s 重复，仅采用 %[2]s", "%s repeats %s: only %[2]s was used"},
	"info.too_long":    {"case.json 中 %s 长 %d 个字符，超过上限 %d，仅保留前 %[3]d 个", "%s in case.json is %d characters long, over the limit of %d: only the first %[3]d were kept"},
	"info.too_big":     {"case.json 大小为 %d 字节，超过上限 %d 字节，申报信息未采用", "case.json is %d bytes, over the limit of %d: the declared values were not used"},
}

var docNames = map[dossier.DocType]message{
	dossier.ApplicationForm:    {"单位数字证书申请表", "unit digital certificate application form"},
	dossier.OrgCodeCertificate: {"组织机构代码证", "organization code certificate"},
	dossier.BusinessLicense:    {"营业执照", "business licence"},
	dossier.IDCard:             {"经办人居民身份证", "operator's resident identity card"},
	dossier.ResidencePermit:    {"经办人港澳台居民居住证", "operator's residence permit for Hong Kong, Macao and Taiwan residents"},
	dossier.SocialSecurityCert: {"社会保险登记证", "social insurance registration certificate"},
	dossier.CACertificate:      {"新CA证书文件", "new CA certificate file"},
	dossier.Other:              {"其他材料", "other document"},
}

func (m message) in(l Lang) string {
	if l == English {
		return m.en
	}
	return m.zh
}

// Say writes message key in l.
func (l Lang) Say(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		panic("validate: no message " + key)
	}
	for i, a := range args {
		switch a := a.(type) {
		case dossier.DocType:
			args[i] = docNames[a].in(l)
		case []dossier.DocType:
			var s []string
			for _, t := range a {
				s = append(s, docNames[t].in(l))
			}
			args[i] = strings.Join(s, message{"或", " or "}.in(l))
		}
	}
	return fmt.Sprintf(m.in(l), args...)
}

// join is how two messages on one reason are joined.
func (l Lang) join() string { return message{"；", "; "}.in(l) }
