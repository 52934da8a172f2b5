//! Chinese and Arabic story generators for `Lang::Mixed` corpora.

use super::article::{Para, ParaKind};
use super::rng::Rng;
use super::vocab::{
    AR_ADJS, AR_FAMILY, AR_NAMES, AR_NOUNS, AR_PLACES, AR_VERBS, ZH_ADJS, ZH_GIVEN, ZH_NOUNS,
    ZH_PLACE, ZH_SURNAMES, ZH_VERBS,
};
use std::sync::OnceLock;

/// Script of a non-English story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Simplified Chinese, no spaces between words.
    Zh,
    /// Arabic.
    Ar,
}

struct Lists {
    zn: Vec<&'static str>,
    zv: Vec<&'static str>,
    za: Vec<&'static str>,
    zs: Vec<&'static str>,
    zg: Vec<&'static str>,
    zp: Vec<&'static str>,
    an: Vec<String>,
    av: Vec<&'static str>,
    aa: Vec<&'static str>,
    anm: Vec<&'static str>,
    af: Vec<&'static str>,
    ap: Vec<&'static str>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let w = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
        Lists {
            zn: w(ZH_NOUNS),
            zv: w(ZH_VERBS),
            za: w(ZH_ADJS),
            zs: w(ZH_SURNAMES),
            zg: w(ZH_GIVEN),
            zp: w(ZH_PLACE),
            an: AR_NOUNS
                .split_whitespace()
                .map(|x| x.replace('_', " "))
                .collect(),
            av: w(AR_VERBS),
            aa: w(AR_ADJS),
            anm: w(AR_NAMES),
            af: w(AR_FAMILY),
            ap: w(AR_PLACES),
        }
    })
}

/// Facts of a non-English event (shared by all stories about it).
#[derive(Clone, Debug)]
pub struct IntlEvent {
    /// Script.
    pub script: Script,
    names: Vec<String>,
    places: Vec<String>,
    org: String,
    num: u32,
    pct: String,
    year: u32,
    /// Shared verbatim quote.
    pub key_quote: String,
    key_phrase: String,
}

const ZH_FRAMES: &[&str] = &[
    "{TIME}，{PLACE}{N}{V}了{ADJ}{N}{N}。",
    "{NAME}{V}，{N}{V}{ADJ}{N}，{N}{V}{PCT}%。",
    "据{ORG}消息，{PLACE}{TIME}{V}{N}{N}，{V}{N}{NUM}{UNIT}。",
    "{ORG}{V}，{YEAR}年以来{N}{V}{ADJ}{N}。",
    "{NAME}{V}，{PLACE}将{V}{N}，{V}{ADJ}{N}。",
    "目前，{N}{V}{N}，{KP}{V}{ADJ}{N}。",
    "分析人士认为，{ADJ}{N}将{V}{N}{N}，{N}{V}{N}。",
    "数据显示，{TIME}{PLACE}{N}{V}{PCT}%，{V}{NUM}亿元。",
    "{KP}{V}{N}和{N}，{NAME}{V}{ADJ}{N}。",
];

const AR_FRAMES: &[&str] = &[
    "{V} {NAME} {TIME} أن {N} {ADJ} {V} {N}.",
    "وقال {NAME} إن {N} {V} {N} {ADJ}.",
    "وأضاف أن {N} في {PLACE} {V} بنسبة {PCT} في المئة.",
    "ووفقا لـ{ORG}، {V} {N} {N} {ADJ} في {PLACE}.",
    "وأشار {NAME} إلى أن {KP} {V} منذ عام {YEAR}.",
    "ومن المتوقع أن {V} {N} {N} {ADJ} {TIME}.",
    "و{V} {ORG} {N} {ADJ} بقيمة {NUM} مليون دولار.",
    "وفي {PLACE}، {V} {N} {ADJ} {N} {ADJ}.",
];

const ZH_TIMES: &[&str] = &[
    "日前",
    "近日",
    "今年以来",
    "上周",
    "本月",
    "去年",
    "当天",
    "昨天",
];
const AR_TIMES: &[&str] = &[
    "يوم الاثنين",
    "يوم الثلاثاء",
    "الأسبوع الماضي",
    "هذا العام",
    "الشهر المقبل",
    "أمس",
    "خلال الأيام المقبلة",
];

impl IntlEvent {
    /// Generates the facts of event `id`.
    pub fn new(seed: u64, id: u64, script: Script) -> IntlEvent {
        let l = lists();
        let mut rng = Rng::derive(&[seed, 0x1A7, id]);
        let mut names = Vec::new();
        let mut places = Vec::new();
        for _ in 0..3 {
            match script {
                Script::Zh => {
                    let mut n = (*rng.pick(&l.zs)).to_string();
                    for _ in 0..rng.range(1, 2) {
                        n.push_str(rng.pick(&l.zg));
                    }
                    names.push(n);
                    let mut p = String::new();
                    for _ in 0..2 {
                        p.push_str(rng.pick(&l.zp));
                    }
                    p.push_str(rng.pick(&["市", "省", "县", "区"]));
                    places.push(p);
                }
                Script::Ar => {
                    names.push(format!("{} {}", rng.pick(&l.anm), rng.pick(&l.af)));
                    places.push((*rng.pick(&l.ap)).to_string());
                }
            }
        }
        let org = match script {
            Script::Zh => format!(
                "{}{}",
                places[0],
                rng.pick(&["政府", "统计局", "发展委员会", "商务局", "卫生健康委员会"])
            ),
            Script::Ar => format!(
                "{} {}",
                rng.pick(&["وزارة", "هيئة", "مجلس", "وكالة"]),
                rng.pick(&l.an)
            ),
        };
        let mut ev = IntlEvent {
            script,
            names,
            places,
            org,
            num: rng.range(2, 999) as u32,
            pct: format!("{}.{}", rng.range(0, 30), rng.below(10)),
            year: 2000 + rng.below(25) as u32,
            key_quote: String::new(),
            key_phrase: String::new(),
        };
        ev.key_phrase = match script {
            Script::Zh => format!("{}{}", rng.pick(&l.zn), rng.pick(&l.zn)),
            Script::Ar => format!("{} {}", rng.pick(&l.an), rng.pick(&l.aa)),
        };
        ev.key_quote = ev.quote(&mut rng);
        ev
    }

    fn quote(&self, rng: &mut Rng) -> String {
        let l = lists();
        match self.script {
            Script::Zh => format!(
                "{}{}{}，我们将{}{}",
                rng.pick(&l.za),
                rng.pick(&l.zn),
                rng.pick(&l.zv),
                rng.pick(&l.zv),
                rng.pick(&l.zn)
            ),
            Script::Ar => format!(
                "{} {} {} وسوف نواصل {}",
                rng.pick(&l.av),
                rng.pick(&l.an),
                rng.pick(&l.aa),
                rng.pick(&l.an)
            ),
        }
    }

    fn expand(&self, tpl: &str, rng: &mut Rng, out: &mut String) {
        let l = lists();
        let mut rest = tpl;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let e = i + rest[i..].find('}').expect("slot");
            let name = &rest[i + 1..e];
            match (self.script, name) {
                (_, "NAME") => out.push_str(rng.pick(&self.names)),
                (_, "PLACE") => out.push_str(rng.pick(&self.places)),
                (_, "ORG") => out.push_str(&self.org),
                (_, "NUM") => out.push_str(&self.num.to_string()),
                (_, "PCT") => out.push_str(&self.pct),
                (_, "YEAR") => out.push_str(&self.year.to_string()),
                (_, "KP") => out.push_str(&self.key_phrase),
                (Script::Zh, "N") => out.push_str(rng.pick(&l.zn)),
                (Script::Zh, "V") => out.push_str(rng.pick(&l.zv)),
                (Script::Zh, "ADJ") => out.push_str(rng.pick(&l.za)),
                (Script::Zh, "TIME") => out.push_str(rng.pick(ZH_TIMES)),
                (Script::Zh, "UNIT") => out.push_str(rng.pick(&["万人", "个", "亿元", "吨", "项"])),
                (Script::Ar, "N") => out.push_str(rng.pick(&l.an)),
                (Script::Ar, "V") => out.push_str(rng.pick(&l.av)),
                (Script::Ar, "ADJ") => out.push_str(rng.pick(&l.aa)),
                (Script::Ar, "TIME") => out.push_str(rng.pick(AR_TIMES)),
                _ => out.push_str(name),
            }
            rest = &rest[e + 1..];
        }
        out.push_str(rest);
    }

    fn sentence(&self, rng: &mut Rng) -> String {
        let frames = match self.script {
            Script::Zh => ZH_FRAMES,
            Script::Ar => AR_FRAMES,
        };
        let mut s = String::new();
        self.expand(rng.pick(frames), rng, &mut s);
        s
    }

    fn quote_para(&self, rng: &mut Rng, key: bool) -> String {
        let q = if key {
            self.key_quote.clone()
        } else {
            self.quote(rng)
        };
        let name = rng.pick(&self.names);
        match self.script {
            Script::Zh => format!("“{q}。”{name}说。"),
            Script::Ar => format!("«{q}»، قال {name}."),
        }
    }

    /// Lead sentence (teaser), identical to the article's first sentence.
    pub fn lede(&self, mut rng: Rng) -> String {
        self.sentence(&mut rng)
    }

    /// A headline.
    pub fn headline(&self, mut rng: Rng) -> String {
        let l = lists();
        match self.script {
            Script::Zh => format!(
                "{}{}{}{}",
                rng.pick(&self.places),
                rng.pick(&l.zv),
                rng.pick(&l.za),
                self.key_phrase
            ),
            Script::Ar => format!(
                "{} {} {} {}",
                rng.pick(&self.names),
                rng.pick(&l.av),
                self.key_phrase,
                rng.pick(&l.aa)
            ),
        }
    }

    /// Writes an article of roughly `target_words` English-equivalent words.
    pub fn article(
        &self,
        lede_rng: Rng,
        mut rng: Rng,
        target_words: usize,
        key: bool,
    ) -> Vec<Para> {
        let mut paras = vec![Para::new(self.lede(lede_rng), ParaKind::Lede)];
        // Chinese: ~1.7 characters per English word; Arabic: ~1 word per word.
        let target_units = match self.script {
            Script::Zh => target_words * 17 / 10,
            Script::Ar => target_words,
        };
        let units = |s: &str| match self.script {
            Script::Zh => s.chars().count(),
            Script::Ar => s.split_whitespace().count(),
        };
        let mut n = units(&paras[0].text);
        let key_at = 1 + rng.below(3);
        while n < target_units {
            let idx = paras.len();
            let (text, kind) = if key && idx == key_at {
                (self.quote_para(&mut rng, true), ParaKind::Quote)
            } else if rng.chance(0.2) {
                (self.quote_para(&mut rng, false), ParaKind::Quote)
            } else {
                let k = rng.range(1, 3);
                let mut p = String::new();
                for i in 0..k {
                    if i > 0 && self.script == Script::Ar {
                        p.push(' ');
                    }
                    p.push_str(&self.sentence(&mut rng));
                }
                (
                    p,
                    if idx > 3 && k == 1 {
                        ParaKind::Minor
                    } else {
                        ParaKind::Body
                    },
                )
            };
            n += units(&text);
            paras.push(Para::new(text, kind));
        }
        paras
    }
}
