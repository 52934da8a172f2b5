//! Word lists for the prose generators.
//!
//! Lists are whitespace-separated string constants split once at first use.
//! Multi-word entries use `_` in place of spaces.  Verbs may carry explicit
//! forms as `base/past` when the regular rules would be wrong.

use std::sync::OnceLock;

const GENERAL_NOUNS: &str =
    "government official plan proposal decision report agreement deal talks meeting \
statement policy measure law bill rule regulation reform program project initiative effort \
campaign strategy approach framework system process review investigation inquiry probe audit \
survey study analysis assessment estimate forecast figure number rate level share price cost \
budget fund grant loan payment tax tariff fee subsidy contract order request demand offer \
warning threat risk concern problem issue question challenge crisis dispute conflict row \
tension pressure support opposition criticism protest rally strike boycott vote election poll \
ballot seat majority coalition party leader minister president premier governor mayor \
lawmaker senator spokesperson spokesman spokeswoman adviser official director executive \
chairman chairwoman founder analyst economist expert researcher scientist doctor nurse \
teacher student worker farmer resident citizen voter consumer customer investor trader \
company firm business bank lender insurer retailer manufacturer supplier producer exporter \
importer startup operator provider network platform service product market sector industry \
economy growth recovery slowdown recession inflation demand supply shortage surplus deficit \
debt revenue profit loss earnings sales output production investment spending income wage \
salary pension benefit job employment unemployment workforce labour union court judge jury \
trial hearing case ruling verdict sentence appeal charge lawsuit claim evidence witness \
lawyer prosecutor defendant suspect victim police officer arrest raid border region province \
district city town village capital port airport station road highway bridge railway line \
route corridor area zone site facility plant factory mine field farm hospital clinic school \
university campus prison embassy ministry agency department office authority council \
committee commission board panel parliament assembly cabinet administration regime army \
military troops soldier force forces unit base weapon missile drone attack strike operation \
ceasefire truce peace security defence intelligence surveillance data information document \
file record email message letter call phone video footage image photo website app software \
technology device chip battery vehicle car truck bus train plane ship vessel fleet cargo \
shipment container fuel oil gas power electricity energy coal grid pipeline water food grain \
wheat rice sugar coffee cotton steel copper gold silver metal material resource land property \
housing home building tower apartment rent mortgage community family child children parent \
people population generation youth woman man patient case outbreak virus disease vaccine \
treatment drug medicine therapy trial dose symptom infection hospitalisation death injury \
storm flood fire earthquake drought heatwave rain snow wind season weather climate emission \
pollution waste forest river lake coast island sea ocean mountain valley desert wildlife \
species habitat park festival film show series album song concert exhibition museum gallery \
book novel author artist actor singer director audience fan ticket tour team club coach \
player match game tournament championship league season title goal point record medal race \
final semifinal victory defeat draw win score injury contract transfer stadium crowd \
history tradition culture heritage language religion faith church mosque temple ceremony \
anniversary visit trip tour summit conference forum dialogue partnership alliance bloc \
treaty pact accord memorandum framework roadmap timeline deadline target goal milestone \
step move shift change increase decrease rise fall drop surge jump decline gain cut \
boost hike slump rebound recovery trend pattern signal sign indication view opinion \
position stance response reaction comment remark speech address interview briefing \
announcement launch release debut update upgrade version feature tool model standard";

const ADJECTIVES: &str = "new major key senior former current top chief main central national \
local regional global international foreign domestic federal public private official \
independent political economic financial commercial industrial military civil legal \
judicial social cultural religious ethnic rural urban coastal northern southern eastern \
western northeastern southwestern large small big huge massive tiny modest significant \
substantial sharp steep slight gradual rapid slow sudden unexpected surprise fresh further \
additional extra early late recent previous annual monthly weekly daily quarterly long \
short brief lengthy temporary permanent interim provisional final initial first second \
third last next upcoming planned proposed controversial contested disputed landmark \
historic unprecedented rare unusual common widespread growing rising falling declining \
strong weak stable volatile uncertain fragile robust solid tight loose high low record \
heavy light severe serious minor critical urgent vital crucial important essential basic \
broad narrow wide deep clear vague direct indirect formal informal joint separate single \
multiple several various numerous dozens-strong full partial total complete limited \
restricted open closed secret confidential classified sensitive digital online mobile \
electric renewable green clean dirty toxic dangerous safe secure vulnerable poor rich \
wealthy affordable expensive cheap costly profitable competitive efficient effective \
ambitious aggressive cautious careful bold tough harsh fierce bitter heated tense calm \
peaceful violent deadly fatal injured missing displaced stranded elderly young veteran \
prominent leading influential powerful popular unpopular beleaguered embattled \
outspoken vocal moderate conservative liberal progressive radical nationalist \
opposition ruling governing incumbent newly-elected acting deputy associate";

const ADVERBS: &str = "sharply steadily slightly significantly substantially largely \
mostly partly fully nearly almost roughly about widely broadly strongly firmly clearly \
openly publicly privately quietly quickly rapidly slowly gradually suddenly initially \
eventually finally recently previously already still also again further later earlier \
soon immediately reportedly allegedly apparently reluctantly repeatedly jointly \
separately formally officially temporarily permanently effectively directly";

// Transitive verbs.  Forms: base, or base/past when not regular.
const VERBS_T: &str = "approve announce reject accept propose introduce launch unveil \
announce sign ratify extend renew expand cut/cut raise increase reduce lower lift ease \
tighten impose suspend halt resume delay postpone cancel block ban/banned allow permit \
support back/backed oppose criticise condemn welcome praise defend question challenge \
dispute deny confirm acknowledge reveal disclose report publish release issue/issued \
order/ordered demand request seek/sought urge/urged call/called warn/warned review examine \
investigate probe/probed study/studied assess evaluate monitor track target arrest detain \
charge/charged convict/convicted sentence acquit/acquitted fine/fined sue/sued settle \
acquire buy/bought sell/sold purchase merge invest/invested fund/funded finance build/built \
construct design develop/developed test/tested deploy/deployed install replace upgrade \
restore repair protect secure strengthen weaken boost/boosted hit/hit damage destroy \
attack/attacked seize/seized capture recapture evacuate rescue/rescued treat/treated \
vaccinate diagnose discover/discovered identify/identified describe/described discuss/discussed \
negotiate finalise complete/completed reach/reached agree/agreed meet/met host/hosted \
visit/visited attend/attended lead/led chair/chaired join/joined leave/left win/won lose/lost \
beat/beat defeat/defeated score/scored claim/claimed break/broke set/set hold/held keep/kept \
face/faced receive/received pay/paid owe/owed spend/spent earn/earned raise/raised \
collect/collected distribute deliver/delivered ship/shipped export/exported import/imported \
produce reduce cap/capped scrap/scrapped overhaul/overhauled revise/revised amend/amended \
draft/drafted adopt/adopted pass/passed enforce/enforced implement/implemented";

// Intransitive verbs (past tense given where irregular).
const VERBS_I: &str = "rise/rose fall/fell climb/climbed slip/slipped drop/dropped surge/surged \
jump/jumped slump/slumped rebound/rebounded recover/recovered stabilise/stabilised \
decline/declined grow/grew shrink/shrank expand/expanded contract/contracted \
resign/resigned retire/retired collapse/collapsed fail/failed succeed/succeeded \
improve/improved worsen/worsened escalate/escalated continue/continued end/ended \
begin/began start/started arrive/arrived depart/departed return/returned \
emerge/emerged spread/spread persist/persisted intensify/intensified ease/eased \
respond/responded react/reacted protest/protested testify/testified vote/voted";

const TIME_ADVERBIALS: &str = "on_Monday on_Tuesday on_Wednesday on_Thursday on_Friday \
on_Saturday on_Sunday last_week earlier_this_week earlier_this_month last_month \
this_year last_year in_recent_weeks in_recent_days over_the_weekend late_on_Monday \
early_on_Tuesday late_on_Wednesday on_Thursday_morning on_Friday_evening \
in_the_coming_weeks by_the_end_of_the_year next_month next_year within_days \
in_the_first_quarter in_the_second_half_of_the_year overnight";

const FIRST_NAMES: &str = "James Maria John Anna Robert Elena David Sarah Michael Laura \
Ahmed Fatima Mohammed Aisha Omar Layla Hassan Noor Ali Yasmin Wei Li Ming Mei Jun Hui \
Hiroshi Yuki Kenji Aiko Raj Priya Arjun Ananya Vikram Sunita Carlos Sofia Miguel Lucia \
Jose Ana Pedro Isabel Juan Carmen Pierre Claire Jean Sophie Luc Marie Hans Greta Klaus \
Ingrid Lars Astrid Olaf Freya Ivan Olga Dmitri Natalia Sergei Irina Pavel Tatiana Kwame \
Amara Kofi Ngozi Chidi Zainab Tunde Adaeze Emeka Nia Thomas Emma William Olivia Daniel \
Grace Samuel Alice Peter Helen Andrew Ruth Mark Julia Paul Rachel Simon Kate Martin Nadia \
Viktor Lena Marco Giulia Luca Chiara Stefan Petra Mateo Valentina Diego Camila Felipe \
Gabriela Tariq Samira Karim Rania Yusuf Leila Erik Nora Jonas Ida Tomas Eva";

const SURNAME_SYLLABLES: &str = "al an ar ba bel ber bo da del dor el en fa fer gar gor ha \
hal har ka kal kar ker ko la lan lar lo ma mar mer mo na nar nor o pa par per ra ram ren \
ro sa san sar sel so ta tan tar tor u va var vel vo wa wel ya za zar zel ki mi ni ri si \
ti vi do go mu ru tu zu ash esh ish ost ul";

const SURNAME_ENDINGS: &str = "son sen ez es ov ova ski ska er ez ini elli ard ers ton \
ley well man mann berg stein ic ich o a i u an en in ov ev ari ani";

const PLACE_ENDINGS: &str = "ia ia ia land stan a o ar ville burg grad polis abad pur \
ton ham field port mouth haven dale mont ora ene ica istan esh ur";

const ORG_SUFFIXES: &str = "Group Holdings Corporation Industries Bank Capital Partners \
Energy Motors Airlines Pharmaceuticals Technologies Systems Networks Foods Mining \
Logistics Insurance Telecom Steel Chemicals Media Resources";

const ORG_KINDS: &str = "Ministry_of_Finance Ministry_of_Health Ministry_of_Defence \
Foreign_Ministry Interior_Ministry Central_Bank Supreme_Court Electoral_Commission \
National_Assembly Senate Constitutional_Court Audit_Office Competition_Authority \
Health_Agency Disaster_Management_Authority Statistics_Office Energy_Regulator \
Transport_Ministry Environment_Agency Trade_Ministry Labour_Ministry Education_Ministry \
Police_Service Armed_Forces Coast_Guard Anti-Corruption_Bureau Human_Rights_Commission";

const PARTY_KINDS: &str = "People's_Party Democratic_Alliance Labour_Party Freedom_Movement \
National_Front Green_Party Progressive_Union Conservative_Party Reform_Party \
Social_Democrats Liberal_Party Unity_Party Workers'_Party Popular_Front";

const WEEKDAYS: &str = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday";
const MONTHS: &str = "January February March April May June July August September \
October November December";

const NUMBER_WORDS: &str = "two three four five six seven eight nine ten eleven twelve";

/// Topic-specific vocabulary.
pub struct TopicWords {
    /// Human-readable topic name (used in section names).
    pub name: &'static str,
    /// Singular nouns typical of the topic.
    pub nouns: Vec<&'static str>,
    /// Roles / titles of people in the topic ("Finance Minister").
    pub roles: Vec<&'static str>,
    /// Thing-nouns that can take a count ("people", "shares").
    pub count_nouns: Vec<&'static str>,
}

const TOPICS: &[(&str, &str, &str, &str)] = &[
    (
        "Politics",
        "election vote campaign coalition parliament cabinet reshuffle referendum \
         constitution amendment mandate opposition candidate ballot turnout manifesto \
         impeachment motion veto decree sanction diplomacy envoy delegation summit \
         resolution",
        "Prime_Minister President Foreign_Minister Interior_Minister opposition_leader \
         party_chairman Speaker senator lawmaker deputy_prime_minister",
        "votes seats lawmakers delegates voters candidates",
    ),
    (
        "Economy",
        "inflation interest_rate currency exchange_rate bond yield deficit surplus stimulus \
         budget tariff export import output index benchmark growth forecast recession \
         outlook consumer_prices manufacturing retail_sales credit",
        "Finance_Minister central_bank_governor chief_economist Trade_Minister \
         Economy_Minister budget_chief treasury_secretary",
        "jobs points shares barrels tonnes units",
    ),
    (
        "Business",
        "merger acquisition takeover bid stake shareholder dividend earnings revenue \
         profit margin valuation listing IPO restructuring layoff plant factory supply_chain \
         subsidiary brand product launch quarter guidance",
        "chief_executive chief_financial_officer chairman founder board_member \
         managing_director company_spokesperson",
        "employees shares stores vehicles customers units",
    ),
    (
        "Courts",
        "trial verdict ruling appeal indictment charge sentence acquittal testimony \
         witness prosecutor jury hearing bail extradition lawsuit settlement warrant \
         conviction plea custody fraud bribery corruption",
        "judge prosecutor defence_lawyer attorney_general chief_justice magistrate \
         public_prosecutor",
        "counts years charges witnesses defendants",
    ),
    (
        "Health",
        "outbreak vaccine vaccination hospital clinic patient infection virus strain \
         treatment trial drug dose symptom ward pandemic epidemic screening diagnosis \
         mortality immunity shortage surgery",
        "Health_Minister chief_medical_officer epidemiologist hospital_director \
         health_official virologist",
        "cases patients doses deaths beds infections",
    ),
    (
        "Technology",
        "software platform app chip semiconductor algorithm data privacy breach \
         cyberattack network satellite launch startup patent encryption server cloud \
         artificial_intelligence robot battery smartphone update outage",
        "chief_technology_officer founder engineer security_researcher product_chief \
         Digital_Minister",
        "users devices accounts chips satellites downloads",
    ),
    (
        "Environment",
        "emission climate pollution forest deforestation drought heatwave glacier \
         wildlife reserve conservation renewable solar wind_farm coal_plant carbon \
         biodiversity reef river wetland recycling",
        "Environment_Minister climate_envoy conservationist park_ranger \
         environmental_campaigner",
        "hectares tonnes species trees megawatts",
    ),
    (
        "Disaster",
        "earthquake flood landslide storm cyclone typhoon wildfire eruption tremor \
         evacuation rescue shelter relief aftershock collapse debris casualty toll \
         warning damage",
        "disaster_management_chief rescue_coordinator fire_chief provincial_governor \
         relief_official",
        "people homes families villages buildings households",
    ),
    (
        "Sports",
        "match tournament championship league cup final semi-final title goal \
         penalty striker goalkeeper coach squad transfer contract stadium fixture season \
         qualifier medal record",
        "coach captain striker team_manager club_president midfielder",
        "goals points matches fans medals",
    ),
    (
        "Culture",
        "festival film premiere exhibition museum gallery novel album concert tour \
         award prize heritage monument restoration theatre audience box_office \
         manuscript collection",
        "director curator author artist festival_director Culture_Minister",
        "visitors tickets copies films paintings",
    ),
    (
        "Security",
        "attack ceasefire offensive airstrike militia insurgency border troops drone \
         missile convoy checkpoint hostage raid operation deployment patrol incursion \
         blockade truce",
        "Defence_Minister army_chief military_spokesman commander security_official \
         general",
        "troops civilians soldiers fighters rockets",
    ),
    (
        "Education",
        "school university exam curriculum tuition scholarship enrolment teacher \
         strike campus degree research grant literacy classroom admissions funding \
         syllabus semester graduate",
        "Education_Minister university_president vice-chancellor school_principal \
         union_leader",
        "students teachers schools pupils graduates",
    ),
];

/// All vocabulary, split once.
pub struct Vocab {
    /// General singular nouns.
    pub nouns: Vec<&'static str>,
    /// Adjectives.
    pub adjectives: Vec<&'static str>,
    /// Adverbs.
    pub adverbs: Vec<&'static str>,
    /// Transitive verbs as `(base, past)`.
    pub verbs_t: Vec<(String, String)>,
    /// Intransitive verbs as `(base, past)`.
    pub verbs_i: Vec<(String, String)>,
    /// Time adverbials ("last week").
    pub times: Vec<String>,
    /// Given names.
    pub first_names: Vec<&'static str>,
    /// Syllables for pseudo surnames and place names.
    pub syllables: Vec<&'static str>,
    /// Surname endings.
    pub surname_endings: Vec<&'static str>,
    /// Place-name endings.
    pub place_endings: Vec<&'static str>,
    /// Company suffixes.
    pub org_suffixes: Vec<&'static str>,
    /// Institution kinds ("Supreme Court").
    pub org_kinds: Vec<String>,
    /// Party names without the country ("Labour Party").
    pub parties: Vec<String>,
    /// Weekday names.
    pub weekdays: Vec<&'static str>,
    /// Month names.
    pub months: Vec<&'static str>,
    /// Spelled-out small numbers.
    pub number_words: Vec<&'static str>,
    /// Per-topic vocabulary.
    pub topics: Vec<TopicWords>,
}

fn us(s: &str) -> String {
    s.replace('_', " ")
}

fn past_of(base: &str) -> String {
    if base.ends_with('e') {
        format!("{base}d")
    } else if base.ends_with('y') && !base.ends_with("ay") && !base.ends_with("ey") {
        format!("{}ied", &base[..base.len() - 1])
    } else {
        format!("{base}ed")
    }
}

fn verbs(list: &'static str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for tok in list.split_whitespace() {
        let (b, p) = match tok.split_once('/') {
            Some((b, p)) => (b.to_string(), p.to_string()),
            None => (tok.to_string(), past_of(tok)),
        };
        if !out.iter().any(|(x, _)| *x == b) {
            out.push((b, p));
        }
    }
    out
}

fn words(list: &'static str) -> Vec<&'static str> {
    list.split_whitespace().collect()
}

fn spaced(list: &'static str) -> Vec<String> {
    list.split_whitespace().map(us).collect()
}

/// Returns the process-wide vocabulary (built on first use).
pub fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| Vocab {
        nouns: words(GENERAL_NOUNS),
        adjectives: words(ADJECTIVES),
        adverbs: words(ADVERBS),
        verbs_t: verbs(VERBS_T),
        verbs_i: verbs(VERBS_I),
        times: spaced(TIME_ADVERBIALS),
        first_names: words(FIRST_NAMES),
        syllables: words(SURNAME_SYLLABLES),
        surname_endings: words(SURNAME_ENDINGS),
        place_endings: words(PLACE_ENDINGS),
        org_suffixes: words(ORG_SUFFIXES),
        org_kinds: spaced(ORG_KINDS),
        parties: spaced(PARTY_KINDS),
        weekdays: words(WEEKDAYS),
        months: words(MONTHS),
        number_words: words(NUMBER_WORDS),
        topics: TOPICS
            .iter()
            .map(|&(name, nouns, roles, counts)| TopicWords {
                name,
                nouns: words(nouns),
                roles: words(roles),
                count_nouns: words(counts),
            })
            .collect(),
    })
}

/// English plural of a (possibly `_`-joined) noun.
pub fn plural(noun: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("child", "children"),
        ("man", "men"),
        ("woman", "women"),
        ("person", "people"),
        ("crisis", "crises"),
        ("analysis", "analyses"),
        ("spokesman", "spokesmen"),
        ("spokeswoman", "spokeswomen"),
        ("chairman", "chairmen"),
        ("chairwoman", "chairwomen"),
        ("people", "people"),
        ("children", "children"),
        ("forces", "forces"),
        ("troops", "troops"),
        ("data", "data"),
        ("information", "information"),
        ("evidence", "evidence"),
        ("footage", "footage"),
        ("youth", "young people"),
        ("species", "species"),
        ("wildlife", "wildlife"),
        ("weather", "weather"),
        ("news", "news"),
    ];
    for (s, p) in IRREGULAR {
        if noun == *s {
            return (*p).to_string();
        }
    }
    let b = noun.as_bytes();
    let last = *b.last().unwrap_or(&b'x');
    let prev = if b.len() >= 2 { b[b.len() - 2] } else { b'a' };
    if noun.ends_with("s") || noun.ends_with("sh") || noun.ends_with("ch") || noun.ends_with('x') {
        format!("{noun}es")
    } else if last == b'y' && !b"aeiou".contains(&prev) {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    }
}

/// Third-person singular present of a verb.
pub fn third_person(base: &str) -> String {
    if base == "have" {
        return "has".into();
    }
    plural(base)
}

/// Chinese words (two-character mostly) for the Chinese prose generator.
pub const ZH_NOUNS: &str = "政府 经济 市场 企业 银行 项目 计划 政策 改革 发展 合作 会议 \
代表 部门 地区 城市 农村 居民 学生 教师 医院 医生 患者 疫苗 病毒 公司 投资 出口 进口 贸易 \
价格 指数 股市 货币 汇率 利率 通胀 就业 工资 收入 消费 需求 供应 能源 电力 石油 天然气 煤炭 \
环境 污染 气候 森林 河流 水资源 农业 粮食 工业 制造业 科技 技术 芯片 数据 网络 平台 软件 \
卫星 火箭 航天 交通 铁路 公路 机场 港口 桥梁 住房 房地产 教育 学校 大学 考试 文化 旅游 \
博物馆 电影 体育 比赛 球队 冠军 联赛 运动员 教练 法院 法官 检察院 案件 嫌疑人 警方 调查 \
安全 军队 边境 外交 大使 总统 总理 部长 主席 委员会 议会 选举 代表团 峰会 协议 条约 声明 \
报告 数据显示 专家 分析人士 记者 官员 负责人 工作人员 消防员 救援队 地震 洪水 台风 暴雨 \
火灾 干旱 灾区 伤亡 损失 预算 赤字 债务 税收 补贴 基础设施 产业链 供应链 新能源 电动车 \
人工智能 互联网 社区 家庭 儿童 老人 青年 妇女 农民 工人 游客 消费者 投资者";

/// Chinese verbs.
pub const ZH_VERBS: &str = "表示 指出 强调 宣布 发布 举行 召开 签署 通过 批准 推动 促进 \
加强 扩大 降低 提高 增加 减少 实施 启动 完成 达到 超过 支持 反对 呼吁 要求 建议 讨论 \
研究 调查 逮捕 起诉 判决 审理 救援 转移 安置 恢复 建设 投入 开放 关闭 暂停 取消 延长 \
提出 确认 否认 回应 访问 会见 会谈 出席 参加 获得 赢得 击败 打破 创下 上涨 下跌 增长 \
下降 回升 放缓 稳定 改善 恶化 保护 监测 评估 预计 预测 报道";

/// Chinese adjectives / modifiers.
pub const ZH_ADJS: &str = "重要 主要 全面 积极 稳定 持续 显著 严重 巨大 新 大型 小型 \
国际 国内 地方 全国 区域 长期 短期 首次 最新 关键 核心 重大 紧急 进一步 有效 明显 \
大幅 小幅 强劲 疲软 高质量 可持续 数字化 绿色 安全";

/// Chinese surnames.
pub const ZH_SURNAMES: &str = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 \
郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈";

/// Chinese given-name characters.
pub const ZH_GIVEN: &str = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 \
刚 桂 英 华 建 国 文 辉 玲 红 海 鹏 宇 晨 晓 雪 婷 峰 波 宁 林 欣 佳 浩 凯 俊 云 飞";

/// Chinese place-name characters.
pub const ZH_PLACE: &str = "江 河 山 海 安 平 宁 东 西 南 北 阳 州 昌 庆 兴 德 和 清 泉 \
宜 临 武 长 沙 青 岳 通 丰 嘉 永 新 华 台 川 湖 云 桂 林";

/// Arabic words (nouns and noun phrases).
pub const AR_NOUNS: &str = "الحكومة الاقتصاد السوق الشركة البنك المشروع الخطة السياسة \
الإصلاح التنمية التعاون الاجتماع الوفد المنطقة المدينة القرية السكان الطلاب المعلمين \
المستشفى الأطباء المرضى اللقاح الفيروس الاستثمار الصادرات الواردات التجارة الأسعار المؤشر \
البورصة العملة سعر_الصرف الفائدة التضخم التوظيف الأجور الدخل الاستهلاك الطلب العرض \
الطاقة الكهرباء النفط الغاز البيئة التلوث المناخ المياه الزراعة الغذاء الصناعة التكنولوجيا \
البيانات الشبكة المنصة الأقمار_الصناعية النقل السكك_الحديدية الطرق المطار الميناء الإسكان \
التعليم المدارس الجامعة الامتحانات الثقافة السياحة المتحف الفيلم الرياضة المباراة الفريق \
البطولة الدوري اللاعبين المدرب المحكمة القاضي النيابة القضية المتهم الشرطة التحقيق الأمن \
الجيش الحدود الدبلوماسية السفير الرئيس رئيس_الوزراء الوزير المجلس البرلمان الانتخابات \
القمة الاتفاق المعاهدة البيان التقرير الخبراء المحللين المسؤولين الصحفيين الزلزال \
الفيضانات العاصفة الحريق الجفاف الضحايا الخسائر الميزانية العجز الديون الضرائب الدعم \
البنية_التحتية سلاسل_الإمداد الطاقة_المتجددة السيارات_الكهربائية الذكاء_الاصطناعي الإنترنت \
المجتمع الأسر الأطفال الشباب النساء المزارعين العمال السياح المستهلكين المستثمرين";

/// Arabic verbs (past tense, masculine).
pub const AR_VERBS: &str = "أعلن أكد أوضح أشار صرح قال أضاف دعا طالب اقترح ناقش بحث وقع \
أقر وافق رفض دعم عارض أطلق افتتح عقد شارك زار استقبل التقى حذر كشف نفى أفاد ذكر نقل \
ارتفع انخفض تراجع صعد سجل بلغ تجاوز حقق فاز خسر هزم أصدر قرر ألغى أجل مدد علق استأنف";

/// Arabic adjectives.
pub const AR_ADJS: &str = "الجديد الكبير الرئيسي الوطني الدولي المحلي الإقليمي الاقتصادي \
السياسي العسكري الأمني المالي التجاري الاجتماعي الثقافي الرسمي الحالي السابق المقبل \
الأخير الأول الثاني المهم الكبرى الجديدة الرئيسية الوطنية الدولية";

/// Arabic personal names.
pub const AR_NAMES: &str = "محمد أحمد علي حسن حسين خالد عمر يوسف إبراهيم سالم سعيد عبدالله \
فاطمة عائشة مريم ليلى نور سارة هدى رانيا سمير كريم طارق ماجد فيصل ناصر جمال وليد";

/// Arabic family-name stems.
pub const AR_FAMILY: &str = "الحسيني العلي الخطيب المصري الشامي البغدادي الحربي القحطاني \
العتيبي الزهراني الحداد النجار الأنصاري التميمي الهاشمي الكعبي المنصوري السويدي الشمري \
الدوسري العمري الجبوري الكبيسي";

/// Arabic city names.
pub const AR_PLACES: &str = "القاهرة الرياض دبي عمان بيروت بغداد الدوحة الكويت مسقط تونس \
الرباط الجزائر الخرطوم جدة الإسكندرية حلب البصرة المنامة طرابلس نواكشوط";
