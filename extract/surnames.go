package extract

// surnames are the family names most people in China bear (the Hundred
// Family Surnames and the commoner ones of the census), single and
// compound: a name on an identity card begins with one, so a card's name
// read with another first character is read wrong there, however sure the
// reader says it is (孙敏芳 read 刊敏芳, 刊 at 0.74).
var surnames = wordSet(
	"王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 萧 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 傅 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 阎 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤",
	"常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 南 班 储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 盘 满 闻 位 厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆 巴 丰 支 卿 国 狄 平 计 索 宣 晋 相 初 门 云 容 敬 来 扈 晁 芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 阿 乌 母 裘 亓 修 邰 赫 杭 况 那 宿 鲜 印 逯 隆 茹 诸 战 慕 危 玉 银 亢 嵇 公 哈 湛 宾 戎 勾 茅 利 於 呼 居 揭 干 但 尉 冶 斯 元 束 檀 衣 信 展 阴 昝 智 幸 奉 植 衡 富 尧 闭 由",
	"欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里 呼延 万俟 钟离 澹台 公冶 太史 申屠 拓跋",
)

// surnameFirst reports whether the name n begins with a surname.
func surnameFirst(n string) bool {
	r := []rune(n)
	return len(r) > 0 && surnames[string(r[:1])] || len(r) > 1 && surnames[string(r[:2])]
}

// doubtSurname caps the confidence of the first character of a name read
// on an identity card (cc, its characters' confidences; conf, the name's)
// where that character is no surname: the reader read a look-alike there,
// and a difference from the form is then a question for a clerk, not a
// rejection. Where the form reads the same name the case goes on as
// before; a name of a people without surnames in this sense (a Uyghur
// name, a Tibetan one) that differs from the form goes to a clerk too.
func doubtSurname(n string, cc []float64, conf float64) float64 {
	if n == "" || surnameFirst(n) {
		return conf
	}
	if len(cc) > 0 {
		cc[0] = min(cc[0], guessedConf)
	}
	return min(conf, guessedConf)
}
