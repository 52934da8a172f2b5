//! Deterministic generator of labelled near-duplicate news corpora.
//!
//! A corpus is a set of *stories* (ground-truth groups) each published as
//! one or more *copies* by different *outlets*.  Copies carry the edits real
//! reprints have (new headline, cuts, agency credits, house style, reflow,
//! OCR-like noise) and each outlet wraps its pages in a fixed template
//! (boilerplate) that is shared by every page of that outlet.  Hard
//! negatives are built in: independently written stories about the same
//! event (topic clusters) and formulaic recurring reports.
//!
//! Beyond that base mix, [`Phenomena`] adds what real wire text has and the
//! base mix lacks: short wire items made of figures ([`formula::Series`]),
//! excerpts, follow-up stories, abridged copies and briefs, very large
//! syndicated groups and digest pages (see the `phenomena` module).  With
//! no phenomena (the default) the corpus is the base mix, byte for byte.
//!
//! Everything is a pure function of [`SynthConfig`]; the PRNG is
//! hand-written so the corpus is identical on every machine and build.
//!
//! Shared by examples, tests and benches via
//! `#[path = "../benches/synth/mod.rs"] mod synth;`.

// Each including target uses a different subset of this module.
#![allow(dead_code)]

pub mod article;
pub mod edit;
pub mod english;
pub mod formula;
pub mod human;
pub mod intl;
pub mod metrics;
pub mod outlet;
pub mod phenomena;
pub mod rng;
pub mod vocab;
pub mod world;

use article::{Para, ParaKind};
use edit::NoiseRates;
use english::Event;
use formula::{Family, FigureStyle, Series};
use intl::{IntlEvent, Script};
use outlet::{Attribution, Interstitial, Outlet, OutletLang};
pub use phenomena::{CopyForm, DigestItem, Phenomena, Scenario};
use rng::Rng;
use std::fmt;
use std::str::FromStr;
use world::World;

/// Amount of site boilerplate around each article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Boilerplate {
    /// Clean extraction: headline and body only.
    None,
    /// A few short fixed template lines per outlet.
    Light,
    /// Full template: navigation, footers, related-headline lists, teasers.
    Heavy,
}

/// Amount of character-level noise in article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Noise {
    /// No typos or OCR noise (editorial edits still happen).
    None,
    /// Occasional typos and OCR confusions.
    Light,
    /// Frequent OCR confusions, broken words, mojibake.
    Heavy,
}

/// Language mix of the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English only.
    En,
    /// Mostly English plus a minority of Chinese and Arabic stories.
    Mixed,
}

macro_rules! level_enum_str {
    ($t:ident, $($v:ident => $s:expr),*) => {
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.to_ascii_lowercase().as_str() {
                    $($s => Ok($t::$v),)*
                    _ => Err(format!("unknown {} value {:?}", stringify!($t), s)),
                }
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self { $($t::$v => $s,)* })
            }
        }
    };
}
level_enum_str!(Boilerplate, None => "none", Light => "light", Heavy => "heavy");
level_enum_str!(Noise, None => "none", Light => "light", Heavy => "heavy");
level_enum_str!(Lang, En => "en", Mixed => "mixed");

/// Generator configuration.  The corpus is a pure function of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthConfig {
    /// Master seed.
    pub seed: u64,
    /// Number of documents to produce (exact).
    pub docs: usize,
    /// Number of distinct stories; `None` derives it from the copy
    /// distribution (about one story per 3.3 documents).
    pub stories: Option<usize>,
    /// Number of outlets; `None` = `clamp(docs / 500, 20, 200)`.
    pub outlets: Option<usize>,
    /// Boilerplate level.
    pub boilerplate: Boilerplate,
    /// Noise level.
    pub noise: Noise,
    /// Language mix.
    pub lang: Lang,
    /// Include the five real seed articles (four stories) when `docs >= 12`.
    pub seeds: bool,
    /// Phenomena added to the base mix, as shares of `docs`; the base mix
    /// gets the documents they leave (and `stories`, if set, applies to
    /// it alone).
    pub phenomena: Phenomena,
}

impl SynthConfig {
    /// Defaults: heavy boilerplate, light noise, English, seeds included.
    pub fn new(seed: u64, docs: usize) -> Self {
        SynthConfig {
            seed,
            docs,
            stories: None,
            outlets: None,
            boilerplate: Boilerplate::Heavy,
            noise: Noise::Light,
            lang: Lang::En,
            seeds: true,
            phenomena: Phenomena::default(),
        }
    }
}

/// One corpus setting of the harness: a cell of the boilerplate × noise
/// grid, or a [`Scenario`] (heavy boilerplate, light noise and one
/// phenomenon of real wire text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Setting {
    /// Boilerplate level.
    pub boilerplate: Boilerplate,
    /// Noise level.
    pub noise: Noise,
    /// The phenomena scenario, or `None` for a cell of the grid.
    pub scenario: Option<Scenario>,
}

impl Setting {
    /// All nine settings, boilerplate-major.
    pub fn grid() -> [Setting; 9] {
        let b = [Boilerplate::None, Boilerplate::Light, Boilerplate::Heavy];
        let n = [Noise::None, Noise::Light, Noise::Heavy];
        let mut out = [Setting {
            boilerplate: Boilerplate::None,
            noise: Noise::None,
            scenario: None,
        }; 9];
        for (i, s) in out.iter_mut().enumerate() {
            s.boilerplate = b[i / 3];
            s.noise = n[i % 3];
        }
        out
    }

    /// The scenarios, in [`Scenario::ALL`] order, on heavy boilerplate and
    /// light noise (the defaults of [`SynthConfig::new`]).
    pub fn scenarios() -> [Setting; 8] {
        Scenario::ALL.map(|s| Setting {
            boilerplate: Boilerplate::Heavy,
            noise: Noise::Light,
            scenario: Some(s),
        })
    }

    /// The grid, then the scenarios.
    pub fn all() -> Vec<Setting> {
        let mut v = Setting::grid().to_vec();
        v.extend(Setting::scenarios());
        v
    }

    /// Short name such as `bp-heavy/noise-light`, or the scenario's name
    /// (`formulaic`, `excerpts`, …).
    pub fn name(&self) -> String {
        match self.scenario {
            Some(s) => s.name().to_string(),
            None => format!("bp-{}/noise-{}", self.boilerplate, self.noise),
        }
    }

    /// A configuration for this setting (English, seeds included).
    pub fn config(&self, seed: u64, docs: usize) -> SynthConfig {
        SynthConfig {
            boilerplate: self.boilerplate,
            noise: self.noise,
            phenomena: self
                .scenario
                .map_or_else(Phenomena::default, Scenario::phenomena),
            ..SynthConfig::new(seed, docs)
        }
    }
}

/// One generated document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthDoc {
    /// Opaque id (`doc-0000123`); carries no label information.
    pub id: String,
    /// Full page text.
    pub text: String,
    /// Ground-truth story label: equal iff same base article.
    pub story: u32,
    /// Outlet (site) that published this copy.
    pub outlet: u32,
}

/// How a story came about (ground-truth metadata for tests/analysis).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoryKind {
    /// One of the real seed articles.
    Seed,
    /// A generated story about its own event.
    Standalone,
    /// One of several independently written stories about `event`
    /// (different stories, shared facts and one shared quote).
    TopicCluster {
        /// Event id shared by the cluster.
        event: u32,
    },
    /// A recurring formulaic report of `family`.
    Formula {
        /// Formula family id.
        family: u32,
    },
    /// Instance `instance` of the recurring wire item `series` (one day's
    /// price table, one company's results): a story of its own, worded like
    /// every other instance of the series.
    Wire {
        /// Series id (see [`Corpus::wire_kind`]).
        series: u32,
        /// Instance within the series (day, round or company).
        instance: u32,
    },
    /// A long story printed whole by some outlets and in excerpts (see
    /// [`CopyForm::Excerpt`]) by others.
    Excerpted,
    /// A new story about the event of story `of`, reprinting one or two of
    /// its paragraphs word for word among new text.
    FollowUp {
        /// Event id shared by the thread (the first story's id).
        event: u32,
        /// The earlier story whose paragraphs it reuses.
        of: u32,
    },
    /// A brief of one to three sentences; briefs about one event written
    /// by different agencies share `event` but are different stories.
    Brief {
        /// Event id.
        event: u32,
    },
    /// A story printed hundreds or thousands of times.
    Syndicated,
    /// A roundup page carrying parts of other stories (see
    /// [`Corpus::digest_items`]): a document of its own, not a copy of any
    /// one of them.
    Digest {
        /// Digest id.
        id: u32,
    },
}

/// Language of a story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoryLang {
    /// English.
    En,
    /// Chinese.
    Zh,
    /// Arabic.
    Ar,
}

/// Ground-truth metadata of a story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoryInfo {
    /// Kind.
    pub kind: StoryKind,
    /// Language.
    pub lang: StoryLang,
    /// Number of copies (documents) in the corpus.
    pub copies: u32,
}

#[derive(Clone, Copy, Debug)]
struct StoryMeta {
    kind: StoryKind,
    lang: StoryLang,
    copies: u32,
    /// Target length in words.
    words: u32,
    /// Index into AGENCIES, or u8::MAX for staff-written.
    agency: u8,
}

#[derive(Clone, Copy, Debug)]
struct DocRef {
    story: u32,
    copy: u32,
    outlet: u32,
    form: CopyForm,
}

const SEED_TEXTS: [&str; 5] = [
    include_str!("../../seeds/000_a51e5a8b7f47d98c.txt"),
    include_str!("../../seeds/001_4564588d17172927.txt"),
    include_str!("../../seeds/002_a0b6d07105c2ccbf.txt"),
    include_str!("../../seeds/003_16fd837b35f11b9d.txt"),
    include_str!("../../seeds/004_b62c5577e6212a29.txt"),
];
const SEED_HEADLINES: [&str; 4] = [
    "‘We’ll give him protection’: Mexican president promises asylum for Julian Assange",
    "Mexican President Extends Asylum Offer to Julian Assange",
    "Mexico offers Assange political asylum",
    "Mexican President Renews Asylum Offer To WikiLeaks' Assange, Says 'US Must Act Humanely'",
];
/// Number of seed stories (000, 001, 002+004, 003).
pub const SEED_STORIES: usize = 4;

/// Wire agencies: (short credit, long credit).
const AGENCIES: &[(&str, &str)] = &[
    ("AP", "The Associated Press"),
    ("Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("Xinhua", "Xinhua news agency"),
    ("IANS", "IANS"),
    ("PTI", "PTI"),
    ("Anadolu", "Anadolu Agency"),
    ("Sputnik", "Sputnik"),
    ("dpa", "dpa"),
    ("Kyodo", "Kyodo News"),
    ("Bernama", "Bernama"),
    ("WAM", "WAM news agency"),
];

const T_HEAD: u64 = 0x4EAD;
const T_LEDE: u64 = 0x1EDE;
const T_BODY: u64 = 0xB0D7;
const T_COPY: u64 = 0xC0B7;
const T_PLAN: u64 = 0x9A77;

enum Src {
    En(Box<Event>),
    Intl(Box<IntlEvent>),
    Formula,
    Wire { series: u32, instance: u32 },
    Digest(u32),
    Seed,
}

struct Base {
    paras: Vec<Para>,
    src: Src,
    city: String,
}

/// A planned corpus: cheap metadata for every document; texts are produced
/// on demand by [`Corpus::doc`] (random access, thread-safe).
pub struct Corpus {
    cfg: SynthConfig,
    world: World,
    stories: Vec<StoryMeta>,
    docs: Vec<DocRef>,
    outlets: Vec<Outlet>,
    timelines: Vec<Vec<u32>>,
    most_read: Vec<Vec<u32>>,
    families: Vec<Family>,
    series: Vec<Series>,
    digests: Vec<Vec<DigestItem>>,
    arena: String,
    heads: Vec<[u32; 4]>,
    /// The human-made copies ([`Phenomena::human`]), which replace the
    /// news corpus.
    human: Option<Box<human::Human>>,
}

fn sample_copies(rng: &mut Rng) -> u32 {
    match rng.weighted(&[52, 14, 10, 7, 5, 7, 3, 2]) {
        0 => 1,
        1 => 2,
        2 => 3,
        3 => 4,
        4 => 5,
        5 => rng.range(6, 10) as u32,
        6 => rng.range(11, 19) as u32,
        _ => rng.range(20, 50) as u32,
    }
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm; z = days since 1970-01-01.
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

fn teaser_of(s: &str) -> &str {
    if s.len() <= 200 {
        return s;
    }
    let mut cut = 200;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    match s[..cut].rfind(' ') {
        Some(i) if i > 80 => &s[..i],
        _ => &s[..cut],
    }
}

fn seed_paras(text: &str) -> Vec<Para> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            Para::new(
                l.to_string(),
                if i == 0 {
                    ParaKind::Lede
                } else {
                    ParaKind::Body
                },
            )
        })
        .collect()
}

impl Corpus {
    /// Plans a corpus (stories, copies, outlets, headlines).  Texts are
    /// generated lazily.
    pub fn new(cfg: &SynthConfig) -> Corpus {
        let seed = cfg.seed;
        let world = World::new(seed);
        if cfg.phenomena.human {
            return Corpus {
                cfg: cfg.clone(),
                world,
                stories: Vec::new(),
                docs: Vec::new(),
                outlets: Vec::new(),
                timelines: Vec::new(),
                most_read: Vec::new(),
                families: Vec::new(),
                series: Vec::new(),
                digests: Vec::new(),
                arena: String::new(),
                heads: Vec::new(),
                human: Some(Box::new(human::Human::new(seed, cfg.docs))),
            };
        }
        let mut rng = Rng::derive(&[seed, T_PLAN]);
        let budget = phenomena::Budget::new(&cfg.phenomena, cfg.docs);
        // The base mix gets the documents the phenomena leave.
        let n = cfg.docs - budget.total();
        let use_seeds = cfg.seeds && n >= 12;
        // ---- copies per story
        let mut copies: Vec<u32> = Vec::new();
        if use_seeds {
            copies.extend([
                rng.range(1, 3) as u32,
                rng.range(1, 2) as u32,
                rng.range(2, 4) as u32,
                rng.range(1, 2) as u32,
            ]);
        }
        let seeded: u32 = copies.iter().sum();
        match cfg.stories {
            Some(s) => {
                // Every story needs one copy (seed story 2 needs two).
                let min_of = |i: usize| if use_seeds && i == 2 { 2 } else { 1 };
                let seed_min = if use_seeds { SEED_STORIES + 1 } else { 0 };
                let s = s.clamp(
                    copies.len().max(1),
                    (n + copies.len()).saturating_sub(seed_min).max(1),
                );
                while copies.len() < s {
                    copies.push(sample_copies(&mut rng));
                }
                let mut sum: i64 = copies.iter().map(|&c| i64::from(c)).sum();
                let target = n as i64;
                while sum > target {
                    let i = rng.below(copies.len());
                    if copies[i] > min_of(i) {
                        copies[i] -= 1;
                        sum -= 1;
                    }
                }
                while sum < target {
                    let i = rng.below(copies.len());
                    if copies[i] > 1 || rng.chance(0.3) {
                        copies[i] += 1;
                        sum += 1;
                    }
                }
            }
            None => {
                let mut sum = seeded as usize;
                while sum < n {
                    let c = (sample_copies(&mut rng) as usize).min(n - sum);
                    copies.push(c as u32);
                    sum += c;
                }
            }
        }
        if n == 0 {
            copies.clear();
        }
        let ns = copies.len();
        // ---- story kinds
        let nfam = (ns / 400).max(2);
        let first = if use_seeds { SEED_STORIES } else { 0 };
        let mut stories: Vec<StoryMeta> = Vec::with_capacity(ns);
        for &c in copies.iter().take(first) {
            stories.push(StoryMeta {
                kind: StoryKind::Seed,
                lang: StoryLang::En,
                copies: c,
                words: 0,
                agency: u8::MAX,
            });
        }
        let pick_lang = |rng: &mut Rng| -> StoryLang {
            if cfg.lang == Lang::En {
                return StoryLang::En;
            }
            let r = rng.unit();
            if r < 0.08 {
                StoryLang::Zh
            } else if r < 0.14 {
                StoryLang::Ar
            } else {
                StoryLang::En
            }
        };
        let pick_words = |rng: &mut Rng| -> u32 {
            match rng.weighted(&[56, 38, 6]) {
                0 => rng.range(80, 150) as u32,
                1 => {
                    let u = rng.unit();
                    300 + (500.0 * u * u) as u32
                }
                _ => rng.range(1500, 2400) as u32,
            }
        };
        let mut s = first;
        while s < ns {
            if rng.chance(0.11) {
                stories.push(StoryMeta {
                    kind: StoryKind::Formula {
                        family: rng.below(nfam) as u32,
                    },
                    lang: StoryLang::En,
                    copies: copies[s],
                    words: 0,
                    agency: 0,
                });
                s += 1;
                continue;
            }
            let k = if rng.chance(0.09) {
                [2, 2, 2, 3, 3, 4, 5, 6][rng.below(8)].min(ns - s)
            } else {
                1
            };
            let lang = pick_lang(&mut rng);
            for j in 0..k {
                let kind = if k == 1 {
                    StoryKind::Standalone
                } else {
                    StoryKind::TopicCluster { event: s as u32 }
                };
                stories.push(StoryMeta {
                    kind,
                    lang,
                    copies: copies[s + j],
                    words: pick_words(&mut rng),
                    agency: 0,
                });
            }
            s += k;
        }
        for st in stories.iter_mut().skip(first) {
            st.agency = if st.copies == 1 && rng.chance(0.6) {
                u8::MAX
            } else {
                rng.weighted(&[5, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1]) as u8
            };
        }
        // ---- phenomena: their own stories, from their own random streams
        let nb = stories.len();
        let extras = phenomena::plan(cfg, &world, &budget, &mut stories);
        // ---- outlets
        let no = cfg
            .outlets
            .unwrap_or((cfg.docs / 500).clamp(20, 200))
            .max(1);
        let (n_zh, n_ar) = if cfg.lang == Lang::Mixed && no >= 3 {
            ((no / 10).max(1), (no / 12).max(1))
        } else {
            (0, 0)
        };
        let n_en = no - n_zh - n_ar;
        let mut outlets: Vec<Outlet> = (0..no)
            .map(|i| {
                let lang = if i < n_en {
                    OutletLang::En
                } else if i < n_en + n_zh {
                    OutletLang::Zh
                } else {
                    OutletLang::Ar
                };
                Outlet::new(seed, i as u32, lang)
            })
            .collect();
        let group = |l: StoryLang| -> (usize, usize) {
            match l {
                StoryLang::En => (0, n_en),
                StoryLang::Zh if n_zh > 0 => (n_en, n_zh),
                StoryLang::Ar if n_ar > 0 => (n_en + n_zh, n_ar),
                _ => (0, n_en.max(1)),
            }
        };
        // popularity: Zipf-like within each language group
        let weights: Vec<u32> = (0..no)
            .map(|i| {
                let (s0, _) = group(match outlets[i].lang {
                    OutletLang::En => StoryLang::En,
                    OutletLang::Zh => StoryLang::Zh,
                    OutletLang::Ar => StoryLang::Ar,
                });
                let rank = (i - s0) as f64;
                (10_000.0 / (rank + 3.0).powf(0.8)) as u32
            })
            .collect();
        // Syndicated stories also run on the sites of newspaper chains.
        outlets.extend(phenomena::network(seed, no as u32, extras.sites));
        let mut docs: Vec<DocRef> = Vec::with_capacity(cfg.docs);
        let mut timelines: Vec<Vec<u32>> = vec![Vec::new(); outlets.len()];
        let mut used: Vec<u32> = Vec::new();
        for (sid, st) in stories.iter().enumerate().take(nb) {
            let (g0, gn) = group(st.lang);
            let w = &weights[g0..g0 + gn];
            used.clear();
            for c in 0..st.copies {
                let mut o = 0;
                for _ in 0..8 {
                    o = (g0 + rng.weighted(w)) as u32;
                    if !used.contains(&o) {
                        break;
                    }
                }
                used.push(o);
                docs.push(DocRef {
                    story: sid as u32,
                    copy: c,
                    outlet: o,
                    form: CopyForm::Full,
                });
                timelines[o as usize].push(sid as u32);
            }
        }
        let (g0, gn) = group(StoryLang::En);
        phenomena::place(
            seed,
            &extras,
            &stories[nb..],
            nb,
            (g0, &weights[g0..g0 + gn]),
            no as u32..outlets.len() as u32,
            &mut docs,
            &mut timelines,
        );
        let most_read = timelines
            .iter()
            .map(|t| {
                if t.is_empty() {
                    return Vec::new();
                }
                (0..rng.range(5, 10)).map(|_| *rng.pick(t)).collect()
            })
            .collect();
        rng.shuffle(&mut docs);
        let families = (0..nfam)
            .map(|f| Family::new(&world, seed, f as u64))
            .collect();
        let mut corpus = Corpus {
            cfg: cfg.clone(),
            world,
            stories,
            docs,
            outlets,
            timelines,
            most_read,
            families,
            series: extras.series,
            digests: extras.digests,
            arena: String::new(),
            heads: Vec::new(),
            human: None,
        };
        corpus.build_heads();
        corpus
    }

    fn build_heads(&mut self) {
        let ns = self.stories.len();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 16);
        let chunk = ns.div_ceil(threads).max(1);
        let this = &*self;
        let parts: Vec<(String, Vec<[u32; 3]>)> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..ns)
                .step_by(chunk)
                .map(|start| {
                    sc.spawn(move || {
                        let mut buf = String::new();
                        let mut lens = Vec::new();
                        for s in start..(start + chunk).min(ns) {
                            let (h0, h1, lede) = this.story_heads(s);
                            let a = buf.len();
                            buf.push_str(&h0);
                            let b = buf.len();
                            buf.push_str(&h1);
                            let c = buf.len();
                            buf.push_str(teaser_of(&lede));
                            lens.push([(b - a) as u32, (c - b) as u32, (buf.len() - c) as u32]);
                        }
                        (buf, lens)
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().expect("worker")).collect()
        });
        let total: usize = parts.iter().map(|p| p.0.len()).sum();
        let mut arena = String::with_capacity(total);
        let mut heads = Vec::with_capacity(ns);
        for (buf, lens) in parts {
            let mut off = arena.len() as u32;
            for l in lens {
                heads.push([off, off + l[0], off + l[0] + l[1], off + l[0] + l[1] + l[2]]);
                off += l[0] + l[1] + l[2];
            }
            arena.push_str(&buf);
        }
        self.arena = arena;
        self.heads = heads;
    }

    fn event(&self, s: usize) -> Src {
        let st = &self.stories[s];
        let ev_id = match st.kind {
            StoryKind::TopicCluster { event }
            | StoryKind::FollowUp { event, .. }
            | StoryKind::Brief { event } => u64::from(event),
            _ => s as u64,
        };
        match (st.kind, st.lang) {
            (StoryKind::Seed, _) => Src::Seed,
            (StoryKind::Formula { .. }, _) => Src::Formula,
            (StoryKind::Wire { series, instance }, _) => Src::Wire { series, instance },
            (StoryKind::Digest { id }, _) => Src::Digest(id),
            (_, StoryLang::En) => Src::En(Box::new(Event::new(
                &self.world,
                self.cfg.seed,
                ev_id,
                None,
            ))),
            (_, StoryLang::Zh) => {
                Src::Intl(Box::new(IntlEvent::new(self.cfg.seed, ev_id, Script::Zh)))
            }
            (_, StoryLang::Ar) => {
                Src::Intl(Box::new(IntlEvent::new(self.cfg.seed, ev_id, Script::Ar)))
            }
        }
    }

    fn story_heads(&self, s: usize) -> (String, String, String) {
        let seed = self.cfg.seed;
        let st = &self.stories[s];
        let hr = |k: u64| Rng::derive(&[seed, T_HEAD, s as u64, k]);
        let lede_rng = Rng::derive(&[seed, T_LEDE, s as u64]);
        match self.event(s) {
            Src::Seed => {
                let text = SEED_TEXTS[if s == 3 { 3 } else { s }];
                let paras = seed_paras(text);
                let lede = paras
                    .iter()
                    .map(|p| p.text.as_str())
                    .find(|t| t.len() > 120)
                    .unwrap_or(&paras[0].text)
                    .to_string();
                let h = SEED_HEADLINES[s].to_string();
                (h.clone(), h, lede)
            }
            Src::Formula => {
                let StoryKind::Formula { family } = st.kind else {
                    unreachable!()
                };
                let f = &self.families[family as usize];
                let h0 = f.headline(&mut hr(0));
                let h1 = f.headline(&mut hr(1));
                let paras = f.article(&self.world, &mut Rng::derive(&[seed, T_BODY, s as u64]));
                (h0, h1, paras[0].text.clone())
            }
            Src::Wire { series, instance } => {
                let f = &self.series[series as usize];
                (
                    f.headline(&self.world, instance, &mut hr(0)),
                    f.headline(&self.world, instance, &mut hr(1)),
                    f.article(&self.world, instance)[0].text.clone(),
                )
            }
            Src::Digest(id) => {
                let (h0, h1) = phenomena::digest_headlines(self, s, id, hr(0), hr(1));
                let paras = phenomena::digest_paras(self, id);
                let lede = paras
                    .iter()
                    .find(|p| p.kind == ParaKind::Body)
                    .map_or_else(String::new, |p| p.text.clone());
                (h0, h1, lede)
            }
            Src::En(ev) => (
                english::story_headline(&self.world, &ev, hr(0)),
                english::story_headline(&self.world, &ev, hr(1)),
                english::story_lede(&self.world, &ev, lede_rng),
            ),
            Src::Intl(ev) => (ev.headline(hr(0)), ev.headline(hr(1)), ev.lede(lede_rng)),
        }
    }

    fn base(&self, s: usize, copy: u32) -> Base {
        let seed = self.cfg.seed;
        let st = &self.stories[s];
        let lede_rng = Rng::derive(&[seed, T_LEDE, s as u64]);
        let body_rng = Rng::derive(&[seed, T_BODY, s as u64]);
        let src = self.event(s);
        let (paras, city) = match &src {
            Src::Seed => {
                let idx = match s {
                    2 if copy % 2 == 1 => 4,
                    _ => s,
                };
                (seed_paras(SEED_TEXTS[idx]), "Mexico City".to_string())
            }
            Src::Formula => {
                let StoryKind::Formula { family } = st.kind else {
                    unreachable!()
                };
                let mut r = body_rng;
                let f = &self.families[family as usize];
                let city = self.world.countries[0].cities[0].clone();
                (f.article(&self.world, &mut r), city)
            }
            Src::Wire { series, instance } => {
                let f = &self.series[*series as usize];
                (
                    f.article(&self.world, *instance),
                    f.city(&self.world).to_string(),
                )
            }
            Src::Digest(id) => (phenomena::digest_paras(self, *id), String::new()),
            Src::En(ev) => {
                let p = match st.kind {
                    StoryKind::Brief { .. } => {
                        english::brief(&self.world, ev, lede_rng, body_rng, st.words as usize)
                    }
                    StoryKind::FollowUp { of, .. } => {
                        let p = english::article(
                            &self.world,
                            ev,
                            lede_rng,
                            body_rng,
                            st.words as usize,
                            true,
                        );
                        phenomena::with_reused(seed, s, p, self.base(of as usize, 0).paras)
                    }
                    _ => {
                        let key = matches!(st.kind, StoryKind::TopicCluster { .. })
                            || Rng::derive(&[seed, 0x4E7, s as u64]).chance(0.3);
                        english::article(
                            &self.world,
                            ev,
                            lede_rng,
                            body_rng,
                            st.words as usize,
                            key,
                        )
                    }
                };
                (p, ev.city.clone())
            }
            Src::Intl(ev) => {
                let key = matches!(st.kind, StoryKind::TopicCluster { .. });
                (
                    ev.article(lede_rng, body_rng, st.words as usize, key),
                    String::new(),
                )
            }
        };
        Base { paras, src, city }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        if let Some(h) = &self.human {
            return h.len();
        }
        self.docs.len()
    }

    /// `true` if the corpus has no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of stories (distinct labels).
    pub fn num_stories(&self) -> usize {
        if let Some(h) = &self.human {
            return h.num_stories();
        }
        self.stories.len()
    }

    /// Number of outlets.
    pub fn num_outlets(&self) -> usize {
        self.outlets.len()
    }

    /// The configuration.
    pub fn config(&self) -> &SynthConfig {
        &self.cfg
    }

    /// Ground-truth metadata of story `s`.
    pub fn story_info(&self, s: u32) -> StoryInfo {
        let m = &self.stories[s as usize];
        StoryInfo {
            kind: m.kind,
            lang: m.lang,
            copies: m.copies,
        }
    }

    /// The story (label) of document `i`, without generating its text.
    pub fn story_of(&self, i: usize) -> u32 {
        if let Some(h) = &self.human {
            return h.item(i).story;
        }
        self.docs[i].story
    }

    /// The outlet of document `i`, without generating its text.
    pub fn outlet_of(&self, i: usize) -> u32 {
        if self.human.is_some() {
            return 0;
        }
        self.docs[i].outlet
    }

    /// The form of document `i` (corpus order): whole, abridged or excerpt.
    pub fn form(&self, i: usize) -> CopyForm {
        self.docs[i].form
    }

    /// The paragraphs of story `s` before any copy's edits (the text its
    /// copies are made from; for a seed story with two versions, the first).
    pub fn base_text(&self, s: u32) -> Vec<String> {
        self.base(s as usize, 0)
            .paras
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    /// For an excerpt, the paragraphs of [`Corpus::base_text`] it carries.
    pub fn excerpt_paragraphs(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let d = self.docs[i];
        match d.form {
            CopyForm::Excerpt { part, parts } => {
                let len = self.base(d.story as usize, d.copy).paras.len();
                Some(phenomena::excerpt_range(
                    self.cfg.seed,
                    d.story as usize,
                    part,
                    parts,
                    len,
                ))
            }
            _ => None,
        }
    }

    /// For a follow-up, the paragraphs it reprints from the earlier story.
    pub fn reused_paragraphs(&self, s: u32) -> Vec<String> {
        match self.stories[s as usize].kind {
            StoryKind::FollowUp { of, .. } => {
                let earlier = self.base(of as usize, 0).paras;
                phenomena::reused_indices(self.cfg.seed, s as usize, &earlier)
                    .into_iter()
                    .map(|k| earlier[k].text.clone())
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The stories a digest carries (empty for other stories).
    pub fn digest_items(&self, s: u32) -> &[DigestItem] {
        match self.stories[s as usize].kind {
            StoryKind::Digest { id } => &self.digests[id as usize],
            _ => &[],
        }
    }

    /// The kind of wire item story `s` is, if it is one.
    pub fn wire_kind(&self, s: u32) -> Option<formula::WireKind> {
        match self.stories[s as usize].kind {
            StoryKind::Wire { series, .. } => Some(self.series[series as usize].kind),
            _ => None,
        }
    }

    /// A short name for what document `i` is, for breakdowns of errors:
    /// the story's kind (`standalone`, `topic`, `wire-prices`, `followup`,
    /// …), or the copy's form where it is not whole (`excerpt`, `abridged`).
    pub fn category(&self, i: usize) -> &'static str {
        if let Some(h) = &self.human {
            return h.item(i).kind.name();
        }
        let d = self.docs[i];
        match d.form {
            CopyForm::Lede { .. } => return "abridged",
            CopyForm::Excerpt { .. } => return "excerpt",
            CopyForm::Full => {}
        }
        match self.stories[d.story as usize].kind {
            StoryKind::Seed => "seed",
            StoryKind::Standalone => "standalone",
            StoryKind::TopicCluster { .. } => "topic",
            StoryKind::Formula { .. } => "formula",
            StoryKind::Wire { series, .. } => match self.series[series as usize].kind {
                formula::WireKind::Results => "wire-results",
                formula::WireKind::Prices => "wire-prices",
                formula::WireKind::Close => "wire-close",
                formula::WireKind::Scores => "wire-scores",
                formula::WireKind::Weather => "wire-weather",
            },
            StoryKind::Excerpted => "excerpted-whole",
            StoryKind::FollowUp { .. } => "followup",
            StoryKind::Brief { .. } => "brief",
            StoryKind::Syndicated => "syndicated",
            StoryKind::Digest { .. } => "digest",
        }
    }

    /// The shared verbatim quote of the event behind story `s`, if any.
    pub fn event_key_quote(&self, s: u32) -> Option<String> {
        match self.event(s as usize) {
            Src::En(ev) => Some(ev.key_quote.clone()),
            Src::Intl(ev) => Some(ev.key_quote.clone()),
            _ => None,
        }
    }

    /// Outlet `o`.
    pub fn outlet(&self, o: u32) -> &Outlet {
        &self.outlets[o as usize]
    }

    /// Template lines that appear verbatim on every page of outlet `o` in
    /// the configured boilerplate mode (empty for `Boilerplate::None`).
    pub fn template_lines(&self, o: u32) -> Vec<String> {
        let out = &self.outlets[o as usize];
        let mut v = Vec::new();
        match self.cfg.boilerplate {
            Boilerplate::None => {}
            Boilerplate::Light => {
                v.extend(out.top_light.iter().cloned());
                v.extend(out.bottom_light.iter().cloned());
            }
            Boilerplate::Heavy => {
                v.extend(out.top_heavy.iter().cloned());
                v.extend(out.top_light.iter().cloned());
                v.extend(out.bottom_light.iter().cloned());
                v.extend(out.bottom_heavy.iter().cloned());
            }
        }
        v
    }

    /// Iterates over all documents in corpus order.
    pub fn iter(&self) -> impl Iterator<Item = SynthDoc> + '_ {
        (0..self.len()).map(move |i| self.doc(i))
    }

    fn headline_for(&self, s: u32, outlet: &Outlet) -> String {
        let h = &self.heads[s as usize];
        let v = (rng::mix(&[self.cfg.seed, u64::from(s), u64::from(outlet.id)]) & 1) as usize;
        let text = &self.arena[h[v] as usize..h[v + 1] as usize];
        if outlet.style.title_case && outlet.lang == OutletLang::En {
            english::headline_title_case(text)
        } else {
            text.to_string()
        }
    }

    fn teaser(&self, s: u32) -> &str {
        let h = &self.heads[s as usize];
        &self.arena[h[2] as usize..h[3] as usize]
    }

    fn story_date(&self, s: u32) -> (i64, u32, u32, usize) {
        let ns = self.stories.len().max(1) as i64;
        let days = 19_358 + i64::from(s) * 730 / ns; // from 2023-01-01
        let (y, m, d) = civil_from_days(days);
        (y, m, d, days.rem_euclid(7) as usize)
    }

    fn date_line(&self, s: u32, outlet: &Outlet, rng: &mut Rng) -> Option<String> {
        let f = outlet.date_format?;
        let (y, m, d, wd) = self.story_date(s);
        let (hh, mm) = (rng.range(5, 23), rng.below(60));
        let mi = (m - 1) as usize;
        Some(match outlet.lang {
            OutletLang::Zh => format!(
                "{y}年{m:02}月{d:02}日 {hh:02}:{mm:02} 来源：{}",
                outlet.name
            ),
            OutletLang::Ar => format!("{d:02}/{m:02}/{y} {hh:02}:{mm:02}"),
            OutletLang::En => match f {
                0 => format!("{}, {} {}, {}", WEEKDAYS[wd], MONTHS_SHORT[mi], d, y),
                1 => format!("{} {}, {}", MONTHS_LONG[mi], d, y),
                2 => format!("{d:02}/{m:02}/{y} {hh:02}:{mm:02}"),
                3 => format!(
                    "Updated: {} {}, {}, {:02}:{:02} IST",
                    MONTHS_SHORT[mi], d, y, hh, mm
                ),
                4 => format!("{y}-{m:02}-{d:02}"),
                _ => "Last Updated:".to_string(),
            },
        })
    }

    /// Generates document `i` (0-based, corpus order).
    pub fn doc(&self, i: usize) -> SynthDoc {
        if let Some(h) = &self.human {
            return h.doc(i);
        }
        let d = self.docs[i];
        let text = self.render(d);
        SynthDoc {
            id: format!("doc-{i:07}"),
            text,
            story: d.story,
            outlet: d.outlet,
        }
    }

    fn noise_rates(&self, rng: &mut Rng) -> NoiseRates {
        let (ocr, typo) = match self.cfg.noise {
            Noise::None => {
                return NoiseRates {
                    ocr: 0.0,
                    typo: 0.0,
                }
            }
            Noise::Light => (0.0008, 0.0006),
            Noise::Heavy => (0.006, 0.002),
        };
        // Noise is uneven: many copies are clean, some are very dirty.
        let f = if rng.chance(0.3) {
            0.0
        } else {
            let u = rng.unit();
            0.2 + 3.0 * u * u
        };
        NoiseRates {
            ocr: ocr * f,
            typo: typo * f,
        }
    }

    fn render(&self, d: DocRef) -> String {
        let seed = self.cfg.seed;
        let s = d.story as usize;
        let st = self.stories[s];
        let o = &self.outlets[d.outlet as usize];
        let style = &o.style;
        let mut rng = Rng::derive(&[seed, T_COPY, s as u64, u64::from(d.copy)]);
        let base = self.base(s, d.copy);
        let mut paras = base.paras;
        let english = st.lang == StoryLang::En;
        let seedish = matches!(base.src, Src::Seed);
        let wire = matches!(base.src, Src::Wire { .. });
        let digest = matches!(base.src, Src::Digest(_));

        // -- the copy's form: an abridged copy keeps the first paragraph or
        // two, an excerpt one run of paragraphs
        match d.form {
            CopyForm::Full => {}
            CopyForm::Lede { paras: k } => paras.truncate(usize::from(k).max(1)),
            CopyForm::Excerpt { part, parts } => {
                let r = phenomena::excerpt_range(seed, s, part, parts, paras.len());
                paras.truncate(r.end);
                paras.drain(..r.start);
            }
        }
        // A sub-editor cuts whole stories, not tables, roundups or copies
        // that are cut already.
        let edited = d.form == CopyForm::Full && !wire && !digest;

        // -- cuts: drop / move a minor paragraph
        if edited && paras.len() > 4 && rng.chance(0.25) {
            let cands: Vec<usize> = (2..paras.len())
                .filter(|&k| paras[k].kind == ParaKind::Minor)
                .collect();
            if !cands.is_empty() {
                paras.remove(*rng.pick(&cands));
            }
        }
        if edited && paras.len() > 5 && rng.chance(0.1) {
            let k = rng.range(3, paras.len() - 2);
            paras.swap(k, k + 1);
        }
        // -- truncation
        let mut truncated = d.form != CopyForm::Full;
        if edited && paras.len() > 3 && rng.chance(style.truncate) {
            let f = if rng.chance(0.5) {
                0.5
            } else {
                0.25 + 0.5 * rng.unit()
            };
            let mut k = ((paras.len() as f64) * f).round() as usize;
            if paras.len() > 14 && rng.chance(0.5) {
                k = rng.range(4, 8);
            }
            let k = k.clamp(2, paras.len() - 1);
            paras.truncate(k);
            truncated = true;
        }
        // -- editorial substitutions
        if english && !seedish && !wire {
            for p in paras.iter_mut() {
                if rng.chance(0.3) {
                    p.text = edit::editorial(&p.text, &mut rng, 2);
                }
            }
        }
        // -- agency credit
        if st.agency != u8::MAX && rng.chance(0.85) {
            let (short, long) = AGENCIES[st.agency as usize];
            let (_, m, day, _) = self.story_date(d.story);
            let first = &mut paras[0].text;
            match (o.lang, style.attribution) {
                (OutletLang::Zh, _) => *first = format!("据{short}报道，{first}"),
                (OutletLang::Ar, _) => first.push_str(" (وكالات)"),
                // A table takes a dateline or a credit line, not a sentence.
                (_, Attribution::Reports | Attribution::Reported) if wire => {}
                (_, Attribution::Dateline) if !base.city.is_empty() => {
                    let city = if rng.chance(0.5) {
                        base.city.to_uppercase()
                    } else {
                        base.city.clone()
                    };
                    *first = format!(
                        "{city}, {} {day} ({short}){}{first}",
                        MONTHS_SHORT[(m - 1) as usize],
                        style.dash
                    );
                }
                (_, Attribution::DatelineShort) if !base.city.is_empty() => {
                    *first = format!(
                        "{} ({short}){}{first}",
                        base.city.to_uppercase(),
                        style.dash
                    );
                }
                (_, Attribution::Reports) => {
                    let k = if paras.len() > 1 { 1 } else { 0 };
                    let t = &mut paras[k].text;
                    if t.ends_with('.') {
                        t.pop();
                        t.push_str(&format!(", reports {long}."));
                    } else {
                        t.push_str(&format!(" …reports {long}"));
                    }
                }
                (_, Attribution::Reported) => first.push_str(&format!(" {long} reported.")),
                (_, Attribution::Inputs) => {
                    let line = match rng.below(3) {
                        0 => format!("(With inputs from {short})"),
                        1 => format!("— {short}"),
                        _ => format!("({short})"),
                    };
                    paras.push(Para::new(line, ParaKind::Minor));
                }
                _ => {}
            }
        }
        // -- the outlet's own opening paragraph
        if !wire && !digest && rng.chance(style.intro) {
            let intro = match &base.src {
                Src::En(ev) => Some(english::intro_sentence(
                    &self.world,
                    ev,
                    Rng::derive(&[seed, T_COPY, s as u64, u64::from(d.copy), 1]),
                )),
                _ if paras.len() > 1 => {
                    let t = &paras[1].text;
                    let cut = t.find(". ").map_or(t.len(), |x| x + 1);
                    let t = t[..cut].trim_end_matches('.').to_string();
                    Some(match o.lang {
                        OutletLang::En => format!("{t}…reports {}", o.name),
                        _ => t,
                    })
                }
                _ => None,
            };
            if let Some(t) = intro {
                paras.insert(0, Para::new(t, ParaKind::Lede));
            }
        }
        // -- house style
        let house = |t: &str| -> String {
            let mut t = if english && style.us_spelling {
                edit::us_spelling(t)
            } else {
                t.to_string()
            };
            if english {
                if style.percent != " percent" && t.contains(" percent") {
                    t = t.replace(" percent", style.percent);
                }
                if style.us_no_dots && t.contains("U.S.") {
                    t = t.replace("U.S.", "US");
                }
                if style.dash != " — " && t.contains(" — ") {
                    t = t.replace(" — ", style.dash);
                }
            }
            edit::quote_style(&t, style.quotes)
        };
        for p in paras.iter_mut() {
            p.text = house(&p.text);
        }
        if wire {
            let key = rng::mix(&[seed, 0xF165, u64::from(o.id)]);
            formula::restyle(&mut paras, FigureStyle::from_key(key));
        }
        // -- headline
        let mut headline = if english && rng.chance(0.25) {
            match &base.src {
                Src::En(ev) => english::rewrite_headline(
                    &self.world,
                    ev,
                    Rng::derive(&[seed, T_COPY, s as u64, u64::from(d.copy), 2]),
                ),
                _ => self.headline_for(d.story, o),
            }
        } else {
            self.headline_for(d.story, o)
        };
        if english && style.title_case {
            headline = english::headline_title_case(&headline);
        }
        if o.lang == OutletLang::En && rng.chance(0.04) {
            headline = format!(
                "{}{headline}",
                rng.pick(&["WATCH: ", "BREAKING: ", "UPDATE 1-", "EXCLUSIVE: "])
            );
        }
        if let Some(sfx) = &style.headline_suffix {
            headline.push_str(sfx);
        }
        let mut headline = house(&headline);
        // -- noise
        let rates = self.noise_rates(&mut rng);
        if rates.ocr + rates.typo > 0.0 {
            for p in paras.iter_mut() {
                p.text = edit::noise(&p.text, rates, &mut rng);
            }
            headline = edit::noise(
                &headline,
                NoiseRates {
                    ocr: rates.ocr * 0.5,
                    typo: 0.0,
                },
                &mut rng,
            );
            let (pm, ph) = match self.cfg.noise {
                Noise::Light => (0.02, 0.02),
                _ => (0.08, 0.06),
            };
            if rng.chance(pm) {
                for p in paras.iter_mut() {
                    p.text = edit::mojibake(&p.text);
                }
            }
            if rng.chance(ph) {
                for p in paras.iter_mut() {
                    p.text = edit::html_entities(&p.text, &mut rng);
                }
            }
        }
        // -- layout
        let mut blocks: Vec<String> = Vec::with_capacity(paras.len());
        for p in paras {
            if !blocks.is_empty() && style.join > 0.0 && rng.chance(style.join) {
                let last = blocks.last_mut().expect("block");
                last.push(' ');
                last.push_str(&p.text);
            } else {
                blocks.push(p.text);
            }
        }
        if let Some(w) = style.wrap {
            let hy = match self.cfg.noise {
                Noise::None => 0.0,
                Noise::Light => 0.2,
                Noise::Heavy => 0.6,
            };
            for b in blocks.iter_mut() {
                *b = edit::hard_wrap(b, w, hy, &mut rng);
            }
        }
        self.assemble(d, o, headline, blocks, truncated, &mut rng)
    }

    fn assemble(
        &self,
        d: DocRef,
        o: &Outlet,
        headline: String,
        blocks: Vec<String>,
        truncated: bool,
        rng: &mut Rng,
    ) -> String {
        let sep = o.style.para_sep;
        let bp = self.cfg.boilerplate;
        let mut out = String::with_capacity(4096);
        let push = |out: &mut String, s: &str| {
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(s);
        };
        if bp == Boilerplate::None {
            push(&mut out, &headline);
            for b in &blocks {
                push(&mut out, b);
            }
            return out;
        }
        let heavy = bp == Boilerplate::Heavy;
        let tl = &self.timelines[d.outlet as usize];
        let pos = tl.binary_search(&d.story).unwrap_or(0);
        let hl = |s: u32| self.headline_for(s, o);
        if heavy {
            for l in &o.top_heavy {
                push(&mut out, l);
            }
        }
        for l in &o.top_light {
            push(&mut out, l);
        }
        if let Some(dl) = self.date_line(d.story, o, rng) {
            push(&mut out, &dl);
        }
        if o.reading_time {
            let words: usize = blocks.iter().map(|b| b.split_whitespace().count()).sum();
            push(&mut out, &format!("{} mins read", words / 200 + 1));
        }
        push(&mut out, &headline);
        if o.style.headline_twice {
            push(&mut out, &headline);
        }
        if heavy {
            if !o.staff.is_empty() && rng.chance(0.7) {
                let name = rng.pick(&o.staff);
                push(
                    &mut out,
                    &match o.lang {
                        OutletLang::En => format!("By {name}"),
                        OutletLang::Zh => format!("记者 {name}"),
                        OutletLang::Ar => format!("بقلم {name}"),
                    },
                );
            }
            if let Some(sh) = &o.share {
                push(&mut out, sh);
            }
        }
        let inter_line = |it: &Interstitial, k: usize| -> String {
            match it {
                Interstitial::Fixed(s) => s.clone(),
                Interstitial::AlsoRead(p) => {
                    let j = (pos + tl.len() - 1 - (k % tl.len().max(1))) % tl.len().max(1);
                    let other = if tl.is_empty() { d.story } else { tl[j] };
                    format!(
                        "{p}{}{}",
                        if p.ends_with('：') { "" } else { " " },
                        hl(other)
                    )
                }
            }
        };
        for (k, b) in blocks.iter().enumerate() {
            push(&mut out, b);
            if k + 1 < blocks.len() {
                if let Some((it, every)) = &o.interstitial {
                    if (k + 1) % every == 0 {
                        push(&mut out, &inter_line(it, k + 1));
                    }
                }
                if heavy {
                    if let Some((it, every)) = &o.interstitial_heavy {
                        if (k + 1) % every == 0 {
                            push(&mut out, &inter_line(it, k + 7));
                        }
                    }
                }
            } else if let Some((Interstitial::Fixed(f), _)) = &o.interstitial {
                if f == "Published: undefined" {
                    push(&mut out, f);
                }
            }
        }
        if truncated && rng.chance(0.3) {
            push(
                &mut out,
                match o.lang {
                    OutletLang::En => rng.pick(&[
                        "Read more",
                        "Continue reading...",
                        "Click here to read the full story",
                    ]),
                    OutletLang::Zh => "阅读全文",
                    OutletLang::Ar => "اقرأ المزيد",
                },
            );
        }
        if heavy {
            if let Some((p, n)) = &o.prev_next {
                if tl.len() > 2 {
                    let prev = tl[(pos + tl.len() - 1) % tl.len()];
                    let next = tl[(pos + 1) % tl.len()];
                    push(&mut out, p);
                    push(&mut out, &hl(prev));
                    push(&mut out, n);
                    push(&mut out, &hl(next));
                }
            }
        }
        for l in &o.bottom_light {
            push(&mut out, l);
        }
        if heavy && !tl.is_empty() {
            // Lists reflect the outlet's newest stories at crawl time; pages
            // crawled together share them.
            let block = o.crawl_block;
            let end = ((pos / block + 1) * block).min(tl.len());
            let newest = |k: usize| tl[(end + tl.len() * 4 - 1 - k) % tl.len()];
            if let Some((label, n)) = &o.latest {
                push(&mut out, label);
                for k in 0..(*n).min(tl.len()) {
                    let s = newest(k);
                    if s == d.story {
                        continue;
                    }
                    push(&mut out, &hl(s));
                    push(&mut out, self.teaser(s));
                }
            }
            if let Some((label, n)) = &o.related {
                push(&mut out, label);
                let mut last = u32::MAX;
                for k in 0..(*n).min(tl.len()) {
                    let s = newest(k);
                    if s == d.story || s == last {
                        continue;
                    }
                    last = s;
                    out.push('\n');
                    out.push_str(&hl(s));
                }
            }
            if let Some(label) = &o.most_read {
                push(&mut out, label);
                for &s in &self.most_read[d.outlet as usize] {
                    out.push('\n');
                    out.push_str(&hl(s));
                }
            }
        }
        if heavy {
            for l in &o.bottom_heavy {
                push(&mut out, l);
            }
        }
        out
    }
}

/// An owning iterator over a corpus (for streaming writers).
pub struct SynthStream {
    corpus: Corpus,
    next: usize,
}

impl SynthStream {
    /// The underlying corpus plan.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }
}

impl Iterator for SynthStream {
    type Item = SynthDoc;
    fn next(&mut self) -> Option<SynthDoc> {
        if self.next >= self.corpus.len() {
            return None;
        }
        let d = self.corpus.doc(self.next);
        self.next += 1;
        Some(d)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let r = self.corpus.len() - self.next;
        (r, Some(r))
    }
}

impl ExactSizeIterator for SynthStream {}

/// Streams the corpus without holding all texts in memory.
pub fn stream(cfg: &SynthConfig) -> SynthStream {
    SynthStream {
        corpus: Corpus::new(cfg),
        next: 0,
    }
}

/// Generates the whole corpus in memory.
pub fn generate(cfg: &SynthConfig) -> Vec<SynthDoc> {
    let c = Corpus::new(cfg);
    c.iter().collect()
}
