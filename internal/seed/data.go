package seed

import "chanjiao/internal/gbcode"

// The demo platform: Zibo, Shandong, as its industry–education integration
// platform could look. Division codes are GB/T 2260 (the high-tech zone uses
// the statistical zone code); programme codes are from the national
// vocational education major catalogue (2021); industry codes are
// GB/T 4754-2017. Enterprises other than Rhein-Koester and Wonfull are
// invented, and all credit codes are made up (with valid check characters).

// regions are the demo's: the province, and Zibo with its districts and
// counties and its high-tech zone.
var regions = append([]gbcode.Division{gbcode.Within("370000")[0]}, gbcode.Within("370300")...)

// programRow is a catalogue major: its code, names, level, and the industry
// prefixes (GB/T 4754) whose enterprises take its students.
type programRow struct {
	code, name, nameEn, level string
	industries                []string
}

var catalogue = map[string]programRow{
	"460103": {"460103", "数控技术", "CNC Technology", "HIGHER_VOCATIONAL", []string{"C34", "C36"}},
	"460301": {"460301", "机电一体化技术", "Mechatronics Technology", "HIGHER_VOCATIONAL", []string{"C34", "C36", "C30", "C38"}},
	"460305": {"460305", "工业机器人技术", "Industrial Robot Technology", "HIGHER_VOCATIONAL", []string{"C34"}},
	"460306": {"460306", "电气自动化技术", "Electrical Automation Technology", "HIGHER_VOCATIONAL", []string{"C34", "C38", "D44"}},
	"460702": {"460702", "新能源汽车技术", "New Energy Vehicle Technology", "HIGHER_VOCATIONAL", []string{"C36"}},
	"470201": {"470201", "应用化工技术", "Applied Chemical Technology", "HIGHER_VOCATIONAL", []string{"C25", "C26", "C27"}},
	"470204": {"470204", "石油化工技术", "Petrochemical Technology", "HIGHER_VOCATIONAL", []string{"C25", "C26"}},
	"490201": {"490201", "药品生产技术", "Pharmaceutical Production Technology", "HIGHER_VOCATIONAL", []string{"C27"}},
	"510201": {"510201", "计算机应用技术", "Computer Application Technology", "HIGHER_VOCATIONAL", []string{"I65"}},
	"510203": {"510203", "软件技术", "Software Technology", "HIGHER_VOCATIONAL", []string{"I65"}},
	"510205": {"510205", "大数据技术", "Big Data Technology", "HIGHER_VOCATIONAL", []string{"I65", "F52"}},
	"530302": {"530302", "大数据与会计", "Big Data and Accounting", "HIGHER_VOCATIONAL", []string{"F52", "G59", "E47"}},
	"530701": {"530701", "电子商务", "E-commerce", "HIGHER_VOCATIONAL", []string{"F52", "A01", "C30"}},
	"530802": {"530802", "现代物流管理", "Modern Logistics Management", "HIGHER_VOCATIONAL", []string{"G59", "F52"}},
	"520201": {"520201", "护理", "Nursing", "HIGHER_VOCATIONAL", []string{"Q85"}},
	"540101": {"540101", "旅游管理", "Tourism Management", "HIGHER_VOCATIONAL", []string{"H61"}},
	"440301": {"440301", "建筑工程技术", "Construction Engineering Technology", "HIGHER_VOCATIONAL", []string{"E47"}},
	"660103": {"660103", "数控技术应用", "CNC Technology Application", "SECONDARY_VOCATIONAL", []string{"C34", "C36"}},
	"660301": {"660301", "机电技术应用", "Mechatronics Application", "SECONDARY_VOCATIONAL", []string{"C34", "C36", "C30", "D44"}},
	"670201": {"670201", "化学工艺", "Chemical Process Technology", "SECONDARY_VOCATIONAL", []string{"C25", "C26"}},
	"710201": {"710201", "计算机应用", "Computer Application", "SECONDARY_VOCATIONAL", []string{"I65"}},
	"720201": {"720201", "护理", "Nursing", "SECONDARY_VOCATIONAL", []string{"Q85"}},
	"730701": {"730701", "电子商务", "E-commerce", "SECONDARY_VOCATIONAL", []string{"F52", "A01", "C30"}},
}

type institutionRow struct {
	key, name, nameEn, kind, region, website string
	programs                                 []string
}

var institutions = []institutionRow{
	{"bureau", "淄博市教育局", "Zibo Education Bureau", "EDUCATION_BUREAU", "370303", "", nil},
	{"research", "淄博市职业教育研究院", "Zibo Vocational Education Research Institute", "RESEARCH_INSTITUTE", "370303", "", nil},
	{"zibo-vc", "淄博职业学院", "Zibo Vocational College", "HIGHER_VOCATIONAL", "370303", "https://www.zbvc.edu.cn",
		[]string{"460103", "460301", "460305", "460306", "460702", "470201", "510201", "510203", "510205", "530701", "530802", "530302", "520201", "540101", "440301"}},
	{"light-industry", "山东轻工职业学院", "Shandong Vocational College of Light Industry", "HIGHER_VOCATIONAL", "370303", "",
		[]string{"470201", "490201", "460301", "510201", "530701"}},
	{"industrial-vc", "山东工业职业学院", "Shandong Industrial Vocational College", "HIGHER_VOCATIONAL", "370306", "",
		[]string{"460103", "460301", "460305", "460306", "470204", "440301"}},
	{"normal", "淄博师范高等专科学校", "Zibo Normal College", "HIGHER_VOCATIONAL", "370302", "",
		[]string{"510201", "530302"}},
	{"sdut", "山东理工大学", "Shandong University of Technology", "UNIVERSITY", "370303", "", nil},
	{"industrial-school", "淄博工业学校", "Zibo Industrial School", "SECONDARY_VOCATIONAL", "370305", "",
		[]string{"660301", "660103", "670201", "710201"}},
	{"technology", "淄博技师学院", "Zibo School of Technology", "TECHNICAL_SCHOOL", "370371", "",
		[]string{"660301", "660103", "710201"}},
	{"electronic", "淄博电子工程学校", "Zibo Electronic Engineering School", "SECONDARY_VOCATIONAL", "370303", "",
		[]string{"710201", "730701"}},
	{"boshan", "博山区职业教育中心", "Boshan Vocational Education Centre", "SECONDARY_VOCATIONAL", "370304", "",
		[]string{"660301", "730701"}},
	{"huantai", "桓台县职业教育中心", "Huantai Vocational Education Centre", "SECONDARY_VOCATIONAL", "370321", "",
		[]string{"670201", "660301"}},
	{"yiyuan", "沂源县职业教育中心学校", "Yiyuan Vocational Education Centre School", "SECONDARY_VOCATIONAL", "370323", "",
		[]string{"730701", "720201"}},
	{"gaoqing", "高青县职业教育中心学校", "Gaoqing Vocational Education Centre School", "SECONDARY_VOCATIONAL", "370322", "",
		[]string{"720201", "660301"}},
}

type enterpriseRow struct {
	key, name, nameEn, industry, size, region string
	// titles are the internships the enterprise posts.
	titles []string
}

var enterprises = []enterpriseRow{
	{"rhein-koester", "山东莱茵科斯特智能科技有限公司", "Shandong Rhein-Koester Intelligent Technology Co., Ltd.", "C3491", "MEDIUM", "370371",
		[]string{"工业机器人运维实习生", "智能产线调试实习生", "PLC编程实习生", "机电设备装调实习生"}},
	{"wonfull", "山东汇丰石化集团有限公司", "Shandong Wonfull Petrochemical Group Co., Ltd.", "C2511", "LARGE", "370321",
		[]string{"炼油装置操作实习生", "化工工艺实习生", "质量检验实习生", "设备维护实习生"}},
	{"luzhong-cnc", "淄博鲁中数控机床有限公司", "Zibo Luzhong CNC Machine Tool Co., Ltd.", "C3421", "MEDIUM", "370303",
		[]string{"数控车床操作实习生", "机床装配实习生", "CAD/CAM编程实习生"}},
	{"qidu-chemical", "淄博齐都化工新材料有限公司", "Zibo Qidu Chemical New Materials Co., Ltd.", "C2614", "LARGE", "370305",
		[]string{"化工总控实习生", "化验分析实习生", "安全环保实习生"}},
	{"boci-ceramics", "山东博瓷陶瓷科技有限公司", "Shandong Boci Ceramics Technology Co., Ltd.", "C3074", "MEDIUM", "370304",
		[]string{"陶瓷窑炉自动化实习生", "陶瓷电商运营实习生", "釉料配方实习生"}},
	{"hengkang-pharma", "淄博恒康制药有限公司", "Zibo Hengkang Pharmaceutical Co., Ltd.", "C2720", "LARGE", "370303",
		[]string{"制剂生产实习生", "药品质量控制实习生", "GMP文档实习生"}},
	{"zhiyun-software", "淄博智云软件有限公司", "Zibo Zhiyun Software Co., Ltd.", "I6513", "SMALL", "370371",
		[]string{"Java开发实习生", "前端开发实习生", "数据分析实习生", "软件测试实习生"}},
	{"luzi-logistics", "山东鲁淄电商物流有限公司", "Shandong Luzi E-commerce Logistics Co., Ltd.", "G5990", "MEDIUM", "370306",
		[]string{"仓储管理实习生", "物流调度实习生", "供应链数据实习生"}},
	{"zhoucun-silk", "淄博周村丝绸电子商务有限公司", "Zibo Zhoucun Silk E-commerce Co., Ltd.", "F5292", "SMALL", "370306",
		[]string{"直播电商运营实习生", "网店客服实习生", "短视频制作实习生"}},
	{"boxin-auto", "淄博博新汽车部件有限公司", "Zibo Boxin Auto Parts Co., Ltd.", "C3670", "MEDIUM", "370302",
		[]string{"新能源汽车装配实习生", "汽车零部件检测实习生", "数控加工实习生"}},
	{"kangning-care", "淄博康宁护理院有限公司", "Zibo Kangning Nursing Home Co., Ltd.", "Q8512", "SMALL", "370303",
		[]string{"护理实习生", "康复护理实习生"}},
	{"lueneng-power", "淄博绿能电力工程有限公司", "Zibo Lüneng Electric Power Engineering Co., Ltd.", "D4420", "MEDIUM", "370322",
		[]string{"配电运维实习生", "电气自动化实习生"}},
	{"luyuan-fruit", "沂源县鲁源果品有限公司", "Yiyuan Luyuan Fruit Co., Ltd.", "A0151", "SMALL", "370323",
		[]string{"农产品电商实习生", "果品营销实习生"}},
	{"qijian-construction", "淄博齐建建设集团有限公司", "Zibo Qijian Construction Group Co., Ltd.", "E4710", "LARGE", "370305",
		[]string{"施工员实习生", "工程资料员实习生", "BIM建模实习生"}},
	{"wenchang-hotel", "淄博文昌湖酒店管理有限公司", "Zibo Wenchang Lake Hotel Management Co., Ltd.", "H6110", "SMALL", "370306",
		[]string{"酒店前厅实习生", "旅游策划实习生"}},
}

type partnershipRow struct {
	name, kind, institution, enterprise, status string
	proposedBy                                  string
	programs                                    []string
	seats                                       int
	// start and end are months relative to the seed's reference time;
	// end 0 means open-ended.
	start, end  int
	description string
}

var partnerships = []partnershipRow{
	{"莱茵科斯特智能制造订单班", "ORDER_CLASS", "zibo-vc", "rhein-koester", "ACTIVE", "ENTERPRISE", []string{"460305", "460301"}, 40, -14, 22,
		"按企业岗位标准共同培养工业机器人运维人才，毕业即入职。"},
	{"中德智能制造产教融合示范基地", "TRAINING_BASE", "zibo-vc", "rhein-koester", "ACTIVE", "INSTITUTION", []string{"460301", "460306", "460103"}, 0, -56, 0,
		"Sino-German Intelligent Manufacturing Industry-Education Integration Demonstration Base: shared training lines for colleges and schools of Zibo."},
	{"汇丰石化现代学徒制班", "APPRENTICESHIP", "industrial-vc", "wonfull", "ACTIVE", "INSTITUTION", []string{"470204"}, 30, -10, 26,
		"石油化工技术专业现代学徒制试点，企业师傅与学校教师双导师培养。"},
	{"汇丰石化产业学院", "INDUSTRIAL_COLLEGE", "light-industry", "wonfull", "ACTIVE", "ENTERPRISE", []string{"470201"}, 0, -20, 40,
		"校企共建石化产业学院，共同开发课程与实训项目。"},
	{"齐都化工实习基地", "INTERNSHIP_BASE", "industrial-school", "qidu-chemical", "ACTIVE", "INSTITUTION", []string{"670201"}, 25, -30, 6,
		"化学工艺专业学生岗位实习基地。"},
	{"智云软件联合研发中心", "JOINT_RESEARCH", "zibo-vc", "zhiyun-software", "ACTIVE", "INSTITUTION", []string{"510203", "510205"}, 0, -8, 16,
		"面向中小制造企业的工业数据平台联合研发。"},
	{"鲁中数控教师企业实践基地", "TEACHER_PRACTICE", "technology", "luzhong-cnc", "ACTIVE", "ENTERPRISE", []string{"660103"}, 10, -6, 6,
		"数控专业教师每年到企业实践，更新教学内容。"},
	{"恒康制药订单班", "ORDER_CLASS", "light-industry", "hengkang-pharma", "ACTIVE", "INSTITUTION", []string{"490201"}, 35, -2, 34,
		"药品生产技术专业订单培养。"},
	{"康宁护理实习基地", "INTERNSHIP_BASE", "yiyuan", "kangning-care", "ACTIVE", "INSTITUTION", []string{"720201"}, 15, -12, 12,
		"护理专业学生养老护理岗位实习。"},
	{"博瓷陶瓷产业学院", "INDUSTRIAL_COLLEGE", "boshan", "boci-ceramics", "PROPOSED", "ENTERPRISE", []string{"730701", "660301"}, 0, 1, 37,
		"拟共建陶瓷产业学院，服务博山陶瓷琉璃产业。"},
	{"鲁淄物流现代学徒制", "APPRENTICESHIP", "zibo-vc", "luzi-logistics", "ENDED", "INSTITUTION", []string{"530802"}, 20, -36, -12,
		"现代物流管理专业学徒制试点（已结束）。"},
	{"博新汽车部件实训基地", "TRAINING_BASE", "industrial-vc", "boxin-auto", "ACTIVE", "INSTITUTION", []string{"460103", "460301"}, 0, -18, 18,
		"汽车零部件加工与检测实训基地。"},
	{"周村丝绸电商订单班", "ORDER_CLASS", "electronic", "zhoucun-silk", "PROPOSED", "INSTITUTION", []string{"730701"}, 30, 2, 26,
		"直播电商方向订单班（待企业确认）。"},
	{"齐建建设教师企业实践", "TEACHER_PRACTICE", "industrial-vc", "qijian-construction", "ACTIVE", "INSTITUTION", []string{"440301"}, 8, -4, 8,
		"建筑工程技术专业教师企业实践。"},
	{"绿能电力实习基地", "INTERNSHIP_BASE", "gaoqing", "lueneng-power", "ACTIVE", "INSTITUTION", []string{"660301"}, 12, -9, 15,
		"机电技术应用专业配电运维岗位实习。"},
}

type eventRow struct {
	title, kind, organiser, region, venue, status string
	// day is the start relative to the seed's reference day, hours the length;
	// a fixed date overrides it.
	day, hours int
	fixed      string
	capacity   int
	desc       string
}

var events = []eventRow{
	{"淄博市产教融合公共服务平台启动大会", "CONFERENCE", "bureau", "370371", "中德智能制造产教融合示范基地", "ANNOUNCED", 0, 3, "2022-03-01T09:00:00+08:00", 300,
		"The launch of the Zibo industry–education integration public service platform, at the Sino-German Intelligent Manufacturing Industry-Education Integration Demonstration Base."},
	{"2026年淄博市职业院校毕业生秋季双选会", "JOB_FAIR", "bureau", "370303", "淄博职业学院体育馆", "ANNOUNCED", -20, 6, "", 2000,
		"全市职业院校毕业生与企业双向选择招聘会。"},
	{"智能制造实习双选会", "JOB_FAIR", "zibo-vc", "370303", "淄博职业学院实训中心", "ANNOUNCED", 9, 5, "", 800,
		"工业机器人、数控、机电方向实习岗位专场。"},
	{"工业机器人运维师资培训", "TRAINING", "rhein-koester", "370371", "莱茵科斯特培训中心", "ANNOUNCED", 16, 24, "", 40,
		"面向职业院校教师的工业机器人运维培训（三天）。"},
	{"石化安全生产专题培训", "TRAINING", "wonfull", "370321", "汇丰石化培训楼", "ANNOUNCED", 12, 8, "", 60,
		"实习学生入厂安全培训。"},
	{"产教融合与现代学徒制研讨会", "SEMINAR", "research", "370303", "淄博市职业教育研究院报告厅", "ANNOUNCED", 23, 4, "", 150,
		"交流现代学徒制试点经验与产业学院建设。"},
	{"智云软件企业开放日", "OPEN_DAY", "zhiyun-software", "370371", "智云软件研发中心", "ANNOUNCED", 5, 3, "", 50,
		"参观研发中心，了解软件开发实习岗位。"},
	{"山东轻工职业学院校园开放日", "OPEN_DAY", "light-industry", "370303", "山东轻工职业学院", "ANNOUNCED", 30, 4, "", 500,
		"面向企业与中职学校的校园开放日。"},
	{"陶瓷电商直播技能培训", "TRAINING", "boci-ceramics", "370304", "博瓷陶瓷直播基地", "ANNOUNCED", 19, 6, "", 30,
		"陶瓷产品直播带货技能培训。"},
	{"沂源县农产品电商招聘会", "JOB_FAIR", "yiyuan", "370323", "沂源县职业教育中心学校", "ANNOUNCED", 40, 4, "", 300,
		"农产品电商与护理方向招聘会。"},
	{"淄博市职业教育活动周", "CONFERENCE", "bureau", "370303", "淄博市文化中心", "DRAFT", 60, 8, "", 1000,
		"年度职业教育活动周（筹备中）。"},
	{"护理技能大赛观摩", "SEMINAR", "gaoqing", "370322", "高青县职业教育中心学校", "CANCELLED", 8, 3, "", 80,
		"因场地调整取消。"},
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏"}

var givenNames = []string{"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧", "建国", "晓东", "子涵", "浩然", "欣怡", "宇航", "梓萱", "俊杰", "雨桐", "佳琪", "思远", "一鸣", "博文", "诗琪", "天宇", "梦瑶", "志强", "海燕", "文静", "晨阳", "嘉怡"}
