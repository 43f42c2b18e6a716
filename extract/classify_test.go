package extract

import (
	"testing"

	"dossier"
)

// TestClassify holds page types on texts as tesseract gives them from
// layouts of other hands: a form titled 数字证书业务申请表 whose operator holds
// a residence permit, named in a cell below 证件类型; an office's notice that
// mentions the business licence; the CA's instructions for its certificate.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       dossier.DocType
	}{
		{"form in cells, operator with a permit", "单位数字证书业务申请表\n(适用于证书到期更换)\n受理机构:福建CA服务中心\n一、单位信息\n单位全称\n龙岩远航包装材料有限公司\n" +
			"二、经办人信息\n姓名\n许娟娟\n证件类型\n港澳台居民居住证\n证件号码\n820000199912191983\n三、业务信息\n业务类型", dossier.ApplicationForm},
		{"form, permit on the label's line", "单位数字证书申请表\n单位名称福州市闽江科技有限公司\n经办人姓名许娟娟\n经办人证件类型港澳台居民居住证\n业务类型", dossier.ApplicationForm},
		{"residence permit", "姓名许娟娟\n中华人民共和国\n港澳台居民居住证\n性别女\n出生1999年12月19日\n公民身份号码820000199912191983", dossier.ResidencePermit},
		{"notice on electronic licences", "上海市监【2026] 120号\n关于进一步做好电子营业执照推广应用工作的通知\n各有关单位:\n为深入贯彻落实国务院关于优化营商环境的有关要求", dossier.Other},
		{"instructions for the certificate", "数字证书使用须知\n一、数字证书是单位在网络上的身份凭证，具有与单位公章同等的效力\n二、证书介质初始密码为12345678", dossier.Other},
		{"instructions naming the form", "数字证书使用须知\n一、数字证书是单位在网络上的身份赁证，具有与单位公章同等的法律效力\n六、办理证书更换业务须提交:单位数字证书申请表(一式两份)、营业执照或组织机构代码证复印件、经办人身份证件复印件，均须加盖单位公章。", dossier.Other},
		{"form with a note on filling it in", "单位数字证书申请表\n单位名称福州市闽江科技有限公司\n经办人姓名许娟娟\n业务类型\n单位（公章）\n填表须知：请用黑色签字笔填写", dossier.ApplicationForm},
		{"card front, labels too pale", "代用名\n男民族汉\n则生“2013年05月06日\n址湖南省长沙市开福区巡道街\n幸福小区居民组", dossier.IDCard},
		{"a form naming the operator's sex", "单位数字证书申请表\n单位名称福州市闽江科技有限公司\n经办人姓名许娟娟\n性别女民族汉\n出生1990年1月2日\n业务类型\n单位（公章）", dossier.ApplicationForm},
		{"list of papers, its title's last character lost", "数字证书业务材料清\n1.单位数字证书申请表(一式两份)\n2.营业执照或组织机构代码证复印件\n3.经办人身份证复印件\n4.以上复印件均须加盖单位公章\n受理点:深圳市社保卡服务中心", dossier.Other},
		{"list of papers, its title read short", "=\n数字证书业务材料\n王]\n1.单位数字证书申请表〈一式两份)\n2.营业执照或组织机构代码证复印件\n3.经办人身份证复印件\n4.以上复印件均须加盖单位公章\n受理点:宁德市社保卡服务中心", dossier.Other},
		{"form with numbered notes naming the papers", "单位数字证书申请表\n单位名称福州市闽江科技有限公司\n经办人姓名许娟娟\n业务类型\n注:1.本表一式两份\n2.请附营业执照复印件\n3.经办人身份证复印件", dossier.ApplicationForm},
		{"form whose title lost 表, the code kind's label misread", "受理机构:数字证书服务中心表单编号: FJCAS2281992\n单位数字证书业务申请\n《适用于证书到期更换)\n一、单位信息\n单位全，称」南平海哑长兴电子有限公司\n证件治划类天司统一社会信用代码占]组织机构代码\n和梧面轴亲生闻硬而\n" +
			"通讯地址|福建省南平市嘉禾路106号\n姓名|李静联系电话|15243849964\n证件类型|居民身份证\n人350802199607271323\n口新申请回证书更换”器]证书补办口]证书注销\n原证书序列号0B7BEE7F43B862D1\n四、单位声明\n" +
			"2人As申请单位〈盖章) :\n2026年10月19目\n注:本表一式两份，请加盖单位公章，并附营亚执照《或组织机构代码证)及经办人身份证件复印件\n受理点:一受开人SR二用抽相0", dossier.ApplicationForm},
		{"social security certificate whose title was lost: its code's row is no code certificate's title", "编码33010619988906\n单位名称长兴贸易(杭州)股份有限公司\n组织机构代码MAK05R688\n法定代表人郑娜\n企业\n浙江省杭州市中山路243号", dossier.Other},
		{"code certificate whose title reads with its code's row", "组织机构代码证\n代码:MANEQX1R-0\n机构名称:杭州市宏图电子有限责任公司\n组织机构代码:MANEQX1R-0", dossier.OrgCodeCertificate},
		{"card back under a seal, its period's dash read as a dot", "中华人民共和国\n稚h关”广州市公安局因明分局\n有效斯版-2025.08.25.2045.08.25", dossier.IDCard},
		{"licence whose title was lost, its term twenty years to the day", "名称广州华兴食品有限责任公司\n营业期限2015年03月01日至2035年03月01日\n公安局", dossier.Other},
		{"card front under a seal", "姓名\n郭军超2上\n人性别\n男1用\n员生\n1981年1月18日\n住址\n福建省三明市嘉禾路11号48\n9室\n公民身份呈码”350402198101188913\n仅供办理数字证书使用", dossier.IDCard},
		{"card front turned, a letter read before its number", "姓名”王敏艳\n全。女一长糙、汉员\ndd 1967年1月14日、\n位直福建省宁德市中山路130号1胆殉\n贞\n| 300室有\nRS 350902196701143768", dossier.IDCard},
		{"form whose labels were lost, a permit's name its operator's document", "表单编号: FJCA80450581\n受理机构:社保CA受理点\n单位数字证书申请表\n(适用于证书到期更换)\n厦门市博远贸易有限责任公司\n加统一社会信用代码口组织机构代码\n91350200MA9BQW5B46\n福建省厦门市嘉禾路257号\n联系电话\n13041993838\n李海燕\n港澳台居民居住证\n830000199410075570\n" +
			"口新申请避证书更换口证书补办口证书注销\n3A86651DF6DE0OECB\n原证书序列号\n申请单位承诺\n本单位保证所填写的信息及提交的资料真实、有效，已阅读并同意遵守\n《数字证书服务协议》，因信息不实造成的一切后果由本单位承担。\n申请单位〈盖章) :\n经办人(签字) :\n2026年10月22日", dossier.ApplicationForm},
		{"form titled without 表, its labels split, a permit's name its operator's document", "受理机构:福建CA服务中心表单编号:周CA62178204\n单位数字证书申请\n(适用于证书到期更换)\n单位基本信息\n单\n位全称\n龙岩市中联文化传媒有限公司\n证\n件类型\n" +
			"图统一社会信用代码”口组织机构代码\n证\n件号码\n91350800869206793F\n通\n福建省龙岩市解放路227号\n杨平联系电话|15872853792\n港澳台居民居住证\n81000019980720308X\n口新申请回证书更换”口证书补办”口]证书注销\nA768B7748541ABA2\n" +
			"申请单位承诺\n本单位保证所填写的信息及提交的资料真实、有效，已阅读并同意遵守\n《数字证书服务协议》，因信息不实造成的一切后果由本单位承担。\nZN申请单位(盖章) :\n经办人(签字) :\n2026年10月25日", dossier.ApplicationForm},
		{"card front, its labels and its birth day misread", "姓名谢强.Se\n人性出-男展项汉蓬苹\n.ut生1999年3月末日， |\n住此广东省深圳市中山中35号10 |属到\n必= 30宣2\n公民生份号瑟“440305199903114537\n仅供办理数字证书使用", dossier.IDCard},
		{"card front upside down, its labels lost", "恒1971年9月24日:|国\n全it福建省厦门市豆秒路3号418呈国\nss\n公民身份呈码350203197109242006\n复印件与原件一至", dossier.IDCard},
		{"form with the operator's number and a date", "单位数字证书申请表\n经办人证件号码350203197109242006\n申请日期：2026年10月17日\n业务类型", dossier.ApplicationForm},
		{"card front photographed upside down, 族 lost", "几名代用名\n男民\n汉\n则生“ 2013 ”年05月06日\n住址湖南省长沙市开福区巡道街\n幸福小区居民组\n430512198908131367", dossier.IDCard},
		{"small card front read as scattered pieces", "姓名\n一\n性别\n出生\ni988年8\n硬\n1站佐址\n广东省深圳市嘉禾\n87室-\n030519: 1108580X", dossier.IDCard},
		{"form whose note names the other papers, its title's last character lost", "受理机构:社保CA受理点表单编号: FJCA70623191\n单位数字证书业务申请:\n(适用于证书到期更换)\nSA单位信息\n单位名称|广州市东南教育咨询有限公司\n证件类型|加统一社会信用代码口]组织机构代码\n" +
			"通讯地址|广东省广州市嘉禾路149号\n经办大由高建华联系电话| 18834963419\n证件类型|居民身份证\n证件号码| 440305198803092898\n业务类型|口新申请网证各二网和局证书补办癌]证书注销\n原证书序列号E1CA509734AFC440\n四、单位声明\n" +
			"经办人(签字) : WAN申请单位〈(盖章) :\n2026年10月19日\n注;本表一式两份，请加盖单位公章，并附营业执照(或组织机构代码证)及经办人身份证件复印件。", dossier.ApplicationForm},
		{"form whose note about the other papers breaks over lines, 表 misread", "表单编号: FJCA20414176\n受理机构:福建CA服务中心\n单位数字证书业务申请示\n(适用于证书到期更换)\n漳州恒信力诚文化传媒有限责任公司\n加统一社会信用代码品组织机构代码\n证全蝎91350600MA8HNUYD7ZN\n" +
			"经办人信息\n姓名|刘联系电话| io\n下件类是居民身份证\n证件号340104198612279491\n三、业务信息\n四、单位声明\n申请单位〈盖章) :\n经办人(签字) :\n2026年10月20日\n注:未表一式两份，请加盖单人\n7公章，并附营\n业执照(或组织机构代码证)及经办人身份证件\n复印件。\n受理点:", dossier.ApplicationForm},
		{"card back under a seal", "圆|中华人民共和国\n2关“守明市公安局因明分局\n有区疝限”2022.07.31-2042,07.31\n复印件与原件一至", dossier.IDCard},
		{"permit back", "中华人民共和国\n港澳台居民居住证\n签发机关厦门市公安局\n有效期限2023.09.25-2028.09.25\n通行证号码M03837747", dossier.ResidencePermit},
		{"business licence", "营业执照\n统一社会信用代码91350802496760336Y\n名称龙岩远航包装材料有限公司\n注册资本壹佰万元整\n经营范围包装材料\n登记机关", dossier.BusinessLicense},
	} {
		if got, conf := Classify(c.text); got != c.want {
			t.Errorf("%s: %s (%.2f), want %s", c.name, got, conf, c.want)
		}
	}
}

// TestSaysOther: a page its own words make none of the papers (a list, a
// notice) is not read again as scattered pieces, which can glue its body
// into a form's title; a blank page or a garbled one is.
func TestSaysOther(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"list of papers", "数字证书业务材料清单\n1.单位数字证书申请表(一式两份)\n2.营业执照或组织机构代码证复印件\n3.经办人身份证复印件\n4.以上复印件均须加盖单位公章", true},
		{"notice", "关于进一步做好电子营业执照推广应用工作的通知\n各有关单位:\n为深入贯彻落实国务院关于优化营商环境的有关要求", true},
		{"almost blank: a card taken for a picture", "中华\n3", false},
		{"garbled", "i1l 蚌 ss 5 一 山 0 : 瑞 ] 凶 匕 卜 二二 川 人", false},
		{"form", "单位数字证书申请表\n单位名称福州市闽江科技有限公司\n经办人姓名许娟娟\n业务类型", false},
	} {
		if got := saysOther(c.text); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
