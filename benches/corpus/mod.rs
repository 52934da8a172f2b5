//! A small deterministic corpus for the stage benches: English, Chinese and
//! Arabic stories, each published as one or more copies with edits, and every
//! copy wrapped in its outlet's page boilerplate.
//!
//! Document `i` is a pure function of `(seed, i)` through a hand-written
//! SplitMix64 generator, so the corpus is identical on every machine and can be
//! generated in parallel. The realistic generator in `benches/synth/` is the one
//! to use for accuracy work; this one only has to exercise every code path with
//! text of a realistic shape and size (about 1.5 kB per page).

#![allow(dead_code)]

/// SplitMix64 (Steele, Lea & Flood, 2014).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for the sub-stream named by `parts`.
    pub fn new(parts: &[u64]) -> Rng {
        let mut r = Rng(0x243f_6a88_85a3_08d3);
        for &p in parts {
            r.0 ^= p;
            r.0 = r.next();
        }
        r
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A uniformly chosen element.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const ENGLISH: &str = "the of and to in a is that for on was with he it as at by his from \
    an be have are has but not they were had this which after said their who been will would \
    more its also new two first than other over into some could people year years time only \
    government president minister officials country police city state report reported told \
    monday tuesday wednesday thursday friday saturday sunday week month january february march \
    april may june july august september october november december court judge law ruling \
    election vote parliament party leader opposition talks agreement deal trade market prices \
    economy growth inflation bank rates percent billion million dollars workers union strike \
    company shares investors energy oil gas climate storm flood rain heat fire emergency \
    hospital health doctors patients virus vaccine schools students teachers university study \
    research scientists space mission launch military troops border attack security forces \
    ceasefire aid refugees water food farmers crops drought region province capital village \
    residents local national international foreign affairs ministry spokesman statement \
    conference press agency news sources according announced expected plans under against \
    during before between while because however since until about around nearly least most \
    many several officials added earlier later today yesterday tomorrow morning evening night \
    following amid despite without across through among within toward public private support \
    protest demand decision policy budget tax plan project program system service services \
    network power road rail airport flights passengers ship port coast island mountain river \
    north south east west central western eastern southern northern capital district county";

const NAMES: &str = "Lopez Obrador Assange Johnson Merkel Macron Modi Sharif Kenyatta Lula \
    Mexico Britain London Washington Beijing Cairo Nairobi Delhi Karachi Lagos Paris Berlin \
    Moscow Tokyo Jakarta Manila Dhaka Istanbul Tehran Riyadh Dubai Sydney Ottawa Brasilia \
    Reuters Xinhua AP AFP IANS WikiLeaks UN WHO IMF NATO EU";

const CHINESE: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成\
    会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高\
    自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事\
    平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月\
    公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基\
    资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处\
    府研质北京新华社记者报道总统外交部发言人表示会议经济合作发展市场价格增长银行企业投资";

const ARABIC: &str = "في من على إلى أن التي الذي عن مع هذا هذه بين بعد قبل كان قال وقال \
    الرئيس الحكومة الوزير وزارة الخارجية المتحدة الدولة الشعب مصر القاهرة الرياض دبي بغداد \
    المؤتمر الصحفي الأمن القوات الحدود الاتفاق المفاوضات الاقتصاد السوق الأسعار النفط الغاز \
    المياه الزراعة المدارس الطلاب الجامعة المستشفى الصحة الأطباء اللقاح اليوم أمس غدا الأسبوع \
    الشهر العام المقبل الماضي مليون مليار دولار نسبة المائة وكالة الأنباء مصادر رسمية بيان";

/// Words of a space-separated list, split once.
fn words(list: &'static str) -> Vec<&'static str> {
    list.split_whitespace().collect()
}

/// Language of a story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English, written with spaces.
    English,
    /// Chinese, written without spaces: character shingles.
    Chinese,
    /// Arabic, written with spaces in a non-Latin script.
    Arabic,
}

/// One generated page.
#[derive(Clone, Debug)]
pub struct Doc {
    /// `d0000042`.
    pub id: String,
    /// The page text: boilerplate, headline and (possibly edited) story.
    pub text: String,
    /// The story the page carries; pages with equal stories are copies.
    pub story: u32,
    /// The story's language.
    pub lang: Lang,
}

/// A corpus plan: which story and copy each document is. Texts are generated
/// on demand by [`Corpus::doc`].
pub struct Corpus {
    seed: u64,
    /// `(story, copy number)` per document, in corpus order.
    plan: Vec<(u32, u32)>,
    english: Vec<&'static str>,
    names: Vec<&'static str>,
    chinese: Vec<char>,
    arabic: Vec<&'static str>,
}

impl Corpus {
    /// Plans `docs` documents. About half of the stories are published once;
    /// the others have 2–9 copies. One story in ten is Chinese, one in ten Arabic.
    pub fn new(docs: usize, seed: u64) -> Corpus {
        let mut rng = Rng::new(&[seed, 1]);
        let mut plan = Vec::with_capacity(docs);
        let mut story = 0u32;
        while plan.len() < docs {
            let copies = if rng.chance(0.5) { 1 } else { 2 + rng.below(8) };
            for c in 0..copies.min(docs - plan.len()) {
                plan.push((story, c as u32));
            }
            story += 1;
        }
        // Copies of a story are spread over the corpus, as in a crawl.
        for i in (1..plan.len()).rev() {
            plan.swap(i, rng.below(i + 1));
        }
        Corpus {
            seed,
            plan,
            english: words(ENGLISH),
            names: words(NAMES),
            chinese: CHINESE.chars().filter(|c| !c.is_whitespace()).collect(),
            arabic: words(ARABIC),
        }
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.plan.len()
    }

    /// Whether the corpus is empty.
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }

    /// The language of a story.
    pub fn lang(&self, story: u32) -> Lang {
        match Rng::new(&[self.seed, 2, u64::from(story)]).below(10) {
            0 => Lang::Chinese,
            1 => Lang::Arabic,
            _ => Lang::English,
        }
    }

    /// Document `i`.
    pub fn doc(&self, i: usize) -> Doc {
        let (story, copy) = self.plan[i];
        let lang = self.lang(story);
        let mut paras = self.story(story, lang);
        let mut rng = Rng::new(&[self.seed, 3, u64::from(story), u64::from(copy)]);
        if copy > 0 {
            // A reprint: cut the tail, edit a few words, reorder nothing.
            let keep = paras.len() - rng.below(paras.len() / 3 + 1);
            paras.truncate(keep.max(2));
            for _ in 0..rng.below(4) {
                let p = rng.below(paras.len());
                let replacement = self.sentence(&mut rng, lang, 4);
                paras[p].push(' ');
                paras[p].push_str(&replacement);
            }
        }
        let outlet = rng.below(60) as u64;
        let mut text = String::with_capacity(2048);
        self.boilerplate_top(outlet, lang, &mut text);
        text.push_str(&self.sentence(&mut rng, lang, 8));
        text.push_str("\n\n");
        for p in &paras {
            text.push_str(p);
            text.push_str("\n\n");
        }
        self.boilerplate_bottom(outlet, lang, &mut rng, &mut text);
        Doc {
            id: format!("d{i:07}"),
            text,
            story,
            lang,
        }
    }

    /// The paragraphs of a story.
    fn story(&self, story: u32, lang: Lang) -> Vec<String> {
        let mut rng = Rng::new(&[self.seed, 4, u64::from(story)]);
        let n = 3 + rng.below(6);
        (0..n)
            .map(|_| {
                let sentences = 1 + rng.below(3);
                let mut p = String::new();
                for s in 0..sentences {
                    if s > 0 && lang != Lang::Chinese {
                        p.push(' ');
                    }
                    let len = 10 + rng.below(16);
                    p.push_str(&self.sentence(&mut rng, lang, len));
                }
                p
            })
            .collect()
    }

    /// One sentence of about `len` words (or `2·len` characters in Chinese).
    fn sentence(&self, rng: &mut Rng, lang: Lang, len: usize) -> String {
        let mut s = String::new();
        match lang {
            Lang::Chinese => {
                for i in 0..2 * len {
                    s.push(rng.pick(&self.chinese));
                    if i % 9 == 8 && rng.chance(0.5) {
                        s.push('，');
                    }
                }
                s.push('。');
            }
            Lang::Arabic => {
                for i in 0..len {
                    if i > 0 {
                        s.push(' ');
                    }
                    s.push_str(rng.pick(&self.arabic));
                    if rng.chance(0.08) {
                        s.push('،');
                    }
                }
                s.push('.');
            }
            Lang::English => {
                for i in 0..len {
                    if i > 0 {
                        s.push(' ');
                    }
                    let r = rng.below(100);
                    if r < 8 {
                        s.push_str(rng.pick(&self.names));
                    } else if r < 11 {
                        let n = rng.below(10_000);
                        match rng.below(3) {
                            0 => s.push_str(&format!("{},{:03}", 1 + n / 100, n % 1000)),
                            1 => s.push_str(&format!("{}.{}", n / 1000, n % 10)),
                            _ => s.push_str(&n.to_string()),
                        }
                    } else if r < 13 {
                        s.push('“');
                        s.push_str(rng.pick(&self.english));
                        s.push_str("’s”");
                    } else {
                        let w = rng.pick(&self.english);
                        if i == 0 {
                            let mut c = w.chars();
                            let first = c.next().expect("non-empty word");
                            s.extend(first.to_uppercase());
                            s.push_str(c.as_str());
                        } else {
                            s.push_str(w);
                        }
                    }
                    if rng.chance(0.07) {
                        s.push(',');
                    }
                }
                s.push('.');
            }
        }
        s
    }

    /// The site header of an outlet: the same on every page of that outlet.
    fn boilerplate_top(&self, outlet: u64, lang: Lang, out: &mut String) {
        let mut rng = Rng::new(&[self.seed, 5, outlet]);
        let site = self.sentence(&mut rng, lang, 2);
        out.push_str(site.trim_end_matches(['.', '。']));
        out.push_str("\n\nHome | ");
        for _ in 0..8 + rng.below(12) {
            out.push_str(match lang {
                Lang::English => rng.pick(&self.english),
                Lang::Arabic => rng.pick(&self.arabic),
                Lang::Chinese => "新闻",
            });
            out.push_str(" | ");
        }
        out.push_str("Subscribe | Sign in\n\n");
    }

    /// Page footer: related headlines (from other stories) and legal text.
    fn boilerplate_bottom(&self, outlet: u64, lang: Lang, rng: &mut Rng, out: &mut String) {
        out.push_str("Related stories\n");
        for _ in 0..3 + rng.below(4) {
            out.push_str("- ");
            out.push_str(&self.sentence(rng, lang, 7));
            out.push('\n');
        }
        let mut site = Rng::new(&[self.seed, 6, outlet]);
        out.push_str("\nFollow us on Facebook, Twitter and Instagram. ");
        out.push_str(&self.sentence(&mut site, Lang::English, 20));
        out.push_str(&format!(
            "\n© {} All rights reserved. We use cookies to improve your experience.\n",
            2000 + outlet
        ));
    }
}
