//! Phenomena of real wire text that the base mix lacks, each a share of the
//! corpus with stories of its own, planned from its own random stream:
//!
//! - **wire items**: short formulaic items made of figures ([`Series`]):
//!   company results, price tables, market closes, league results,
//!   weather tables.  Every instance is its own story, worded like the
//!   others of its series; its reprints keep the figures but change units,
//!   separators and line breaks (an outlet's [`FigureStyle`](super::formula::FigureStyle)).
//! - **excerpts**: a long story printed whole by one or two outlets and in
//!   excerpts by others, each excerpt a different run of its paragraphs
//!   ([`CopyForm::Excerpt`]): every excerpt is contained in the story, and
//!   excerpts barely overlap each other.  A star, not a clique.
//! - **follow-ups**: a new story about the same event that reprints one to
//!   three background paragraphs of an earlier one word for word among new
//!   text ([`StoryKind::FollowUp`]); threads run to three follow-ups, and
//!   some copies of a thread's stories are abridged to their first paragraph
//!   or two, which may be the very background a follow-up reprints.
//! - **briefs**: stories of one to three sentences and their reprints
//!   (some about one event, written by different agencies: different
//!   stories), and longer stories with abridged copies that keep only the
//!   first paragraph or two ([`CopyForm::Lede`]).
//! - **syndicated**: a few stories printed hundreds or thousands of times,
//!   mostly by the sites of newspaper chains that share a page template
//!   under different names ([`Outlet::sibling`]).
//! - **digests**: roundup pages carrying the first paragraphs (or the whole
//!   text of a brief) of two to six stories printed elsewhere in the corpus.
//!
//! A digest is labelled as a story of its own.  Labels are a partition, so
//! a page carrying three stories can belong to at most one of their
//! groups, and no one of them has a better claim than the others; a
//! reader who asks for the copies of a story does not want the roundups
//! that quote its lede.  Grouping a digest with any of its stories
//! therefore counts as a false merge, which is what this phenomenon is
//! meant to measure.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use super::article::{Para, ParaKind};
use super::formula::{Series, WireKind};
use super::outlet::{Outlet, OutletLang};
use super::rng::Rng;
use super::world::World;
use super::{Corpus, DocRef, StoryKind, StoryLang, StoryMeta, SynthConfig};

/// Phenomena added to the base mix, each as a share of the corpus in
/// documents per mille.  All zero (the default) is the base mix alone.
/// Shares adding up to more than 1000 are scaled down to fill the corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Phenomena {
    /// Short formulaic wire items made of figures.
    pub wire: u16,
    /// Long stories with excerpt copies.
    pub excerpts: u16,
    /// Stories with follow-ups that reuse their paragraphs.
    pub followups: u16,
    /// Briefs, and stories with abridged copies.
    pub briefs: u16,
    /// A few stories printed hundreds or thousands of times.
    pub syndicated: u16,
    /// Roundup pages carrying several stories.
    pub digests: u16,
    /// Human-made copies instead of news: source articles and short answers
    /// cut, lightly or heavily revised from them or written independently
    /// (see the `human` module).  The other shares are then ignored.
    pub human: bool,
}

/// The named phenomena settings of the harness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Half the corpus is wire items of figures.
    Formulaic,
    /// 40% are long stories and their excerpts.
    Excerpts,
    /// 40% are stories and their follow-ups.
    Followups,
    /// 40% are briefs and stories with abridged copies.
    Briefs,
    /// Half the corpus is a few stories printed hundreds of times.
    Syndicated,
    /// 20% are digest pages carrying stories of the rest.
    Digests,
    /// Every phenomenon, in proportions a crawl of news sites might have.
    Realistic,
    /// Human-made copies: short answers cut and pasted from source
    /// articles, lightly or heavily revised, beside answers written
    /// independently (no news pages; see the `human` module).
    Human,
}

impl Scenario {
    /// All scenarios, in the harness's order.
    pub const ALL: [Scenario; 8] = [
        Scenario::Formulaic,
        Scenario::Excerpts,
        Scenario::Followups,
        Scenario::Briefs,
        Scenario::Syndicated,
        Scenario::Digests,
        Scenario::Realistic,
        Scenario::Human,
    ];

    /// Name as used by the harness (`formulaic`, `excerpts`, …).
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Formulaic => "formulaic",
            Scenario::Excerpts => "excerpts",
            Scenario::Followups => "followups",
            Scenario::Briefs => "briefs",
            Scenario::Syndicated => "syndicated",
            Scenario::Digests => "digests",
            Scenario::Realistic => "realistic",
            Scenario::Human => "human",
        }
    }

    /// The scenario's shares.
    pub fn phenomena(self) -> Phenomena {
        let none = Phenomena::default();
        match self {
            Scenario::Formulaic => Phenomena { wire: 500, ..none },
            Scenario::Excerpts => Phenomena {
                excerpts: 400,
                ..none
            },
            Scenario::Followups => Phenomena {
                followups: 400,
                ..none
            },
            Scenario::Briefs => Phenomena {
                briefs: 400,
                ..none
            },
            Scenario::Syndicated => Phenomena {
                syndicated: 500,
                ..none
            },
            Scenario::Digests => Phenomena {
                digests: 200,
                ..none
            },
            Scenario::Realistic => Phenomena {
                wire: 120,
                excerpts: 60,
                followups: 80,
                briefs: 100,
                syndicated: 150,
                digests: 40,
                ..none
            },
            Scenario::Human => Phenomena {
                human: true,
                ..none
            },
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scenario {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Scenario::ALL
            .into_iter()
            .find(|x| x.name() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                let names: Vec<&str> = Scenario::ALL.iter().map(|x| x.name()).collect();
                format!("unknown scenario {s:?}: one of {}", names.join(", "))
            })
    }
}

/// What part of its story a document carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopyForm {
    /// The whole story, with the usual reprint edits (which may cut it).
    Full,
    /// An abridged copy: only the first `paras` paragraphs.
    Lede {
        /// Paragraphs kept (one or two).
        paras: u8,
    },
    /// Excerpt `part` of `parts`: one run of paragraphs from the `part`-th
    /// of `parts` equal stretches of the story, so that the excerpts of one
    /// story share no paragraph.
    Excerpt {
        /// Which stretch (0-based).
        part: u16,
        /// Number of stretches.
        parts: u16,
    },
}

/// One story carried by a digest page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DigestItem {
    /// The story.
    pub story: u32,
    /// Paragraphs of it the digest prints from the top (0: all of them).
    pub paras: u8,
}

/// Documents per phenomenon.
pub(super) struct Budget {
    wire: usize,
    excerpts: usize,
    followups: usize,
    briefs: usize,
    syndicated: usize,
    digests: usize,
}

impl Budget {
    pub(super) fn new(p: &Phenomena, docs: usize) -> Budget {
        let shares = [
            p.wire,
            p.excerpts,
            p.followups,
            p.briefs,
            p.syndicated,
            p.digests,
        ];
        let sum: usize = shares.iter().map(|&x| usize::from(x)).sum();
        let denom = sum.max(1000);
        let n = |x: u16| docs * usize::from(x) / denom;
        Budget {
            wire: n(p.wire),
            excerpts: n(p.excerpts),
            followups: n(p.followups),
            briefs: n(p.briefs),
            syndicated: n(p.syndicated),
            digests: n(p.digests),
        }
    }

    pub(super) fn total(&self) -> usize {
        self.wire + self.excerpts + self.followups + self.briefs + self.syndicated + self.digests
    }
}

/// The planned phenomena: the stories appended after the base mix's, with
/// the form of each of their copies.
pub(super) struct Extras {
    /// One entry per appended story: the form of each copy.
    forms: Vec<Vec<CopyForm>>,
    /// Wire item series.
    pub(super) series: Vec<Series>,
    /// Items of each digest.
    pub(super) digests: Vec<Vec<DigestItem>>,
    /// Number of chain sites the syndicated stories need.
    pub(super) sites: usize,
}

const T_EXTRA: u64 = 0xE47A;
const T_PLACE: u64 = 0x91AC;
const T_EXCERPT: u64 = 0xE7C9;
const T_REUSE: u64 = 0x4E05;
const T_DIGEST: u64 = 0xD16E;

fn agency(rng: &mut Rng) -> u8 {
    rng.weighted(&[5, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1]) as u8
}

/// Copies of a short item: most are printed by one to three outlets.
/// The copies of a story of a follow-up thread: whole, except that in half
/// of the stories with three copies or more one or two of them (never the
/// first) are abridged to the first paragraph or two, as sites that run a
/// story's top do. An abridged copy's second paragraph is often the
/// background a follow-up reprints.
fn thread_forms(rng: &mut Rng, c: u32) -> Vec<CopyForm> {
    let mut f = vec![CopyForm::Full; c as usize];
    if c >= 3 && rng.chance(0.5) {
        let n = rng.range(1, 2).min(c as usize - 1);
        for form in &mut f[1..=n] {
            *form = CopyForm::Lede {
                paras: if rng.chance(0.5) { 1 } else { 2 },
            };
        }
    }
    f
}

fn few_copies(rng: &mut Rng) -> u32 {
    1 + rng.weighted(&[30, 28, 18, 10, 6, 4, 2, 2]) as u32
}

fn meta(kind: StoryKind, copies: u32, words: u32, agency: u8) -> StoryMeta {
    StoryMeta {
        kind,
        lang: StoryLang::En,
        copies,
        words,
        agency,
    }
}

/// Appends the phenomena's stories to `stories`, each phenomenon filling
/// exactly its budget of documents.
pub(super) fn plan(
    cfg: &SynthConfig,
    world: &World,
    budget: &Budget,
    stories: &mut Vec<StoryMeta>,
) -> Extras {
    let seed = cfg.seed;
    let first = stories.len();
    let mut x = Extras {
        forms: Vec::new(),
        series: Vec::new(),
        digests: Vec::new(),
        sites: 0,
    };
    let push = |stories: &mut Vec<StoryMeta>, x: &mut Extras, m: StoryMeta, f: Vec<CopyForm>| {
        debug_assert_eq!(m.copies as usize, f.len());
        stories.push(m);
        x.forms.push(f);
    };
    let full = |n: u32| vec![CopyForm::Full; n as usize];

    // ---- wire items: many instances of a few dozen series
    let mut left = budget.wire;
    if left > 0 {
        let mut rng = Rng::derive(&[seed, T_EXTRA, 1]);
        // At least one series of each kind where the budget allows.
        let n_series = (left / 50).clamp(left.min(WireKind::ALL.len()), 200);
        for k in 0..n_series {
            let kind = match WireKind::ALL.get(k) {
                Some(&kind) => kind,
                None => WireKind::ALL[rng.weighted(&[3, 2, 2, 2, 2])],
            };
            x.series.push(Series::new(world, seed, k as u64, kind));
        }
        let mut next = vec![0u32; n_series];
        while left > 0 {
            let j = rng.below(n_series);
            let c = few_copies(&mut rng).min(left as u32);
            let kind = StoryKind::Wire {
                series: j as u32,
                instance: next[j],
            };
            next[j] += 1;
            push(stories, &mut x, meta(kind, c, 0, agency(&mut rng)), full(c));
            left -= c as usize;
        }
    }

    // ---- excerpts: a long story, one or two whole copies, 2-8 excerpts
    let mut left = budget.excerpts;
    if left > 0 {
        let mut rng = Rng::derive(&[seed, T_EXTRA, 2]);
        while left > 0 {
            let fulls = if rng.chance(0.3) { 2 } else { 1 };
            let parts = rng.range(2, 8);
            let c = (fulls + parts).min(left);
            let fulls = fulls.min(c);
            let parts = c - fulls;
            let mut f = vec![CopyForm::Full; fulls];
            f.extend((0..parts).map(|j| CopyForm::Excerpt {
                part: j as u16,
                parts: parts as u16,
            }));
            let words = rng.range(1500, 2400) as u32;
            let m = meta(StoryKind::Excerpted, c as u32, words, agency(&mut rng));
            push(stories, &mut x, m, f);
            left -= c;
        }
    }

    // ---- follow-ups: threads of a story and one to three follow-ups
    let mut left = budget.followups;
    if left > 0 {
        let mut rng = Rng::derive(&[seed, T_EXTRA, 3]);
        while left > 0 {
            let event = stories.len() as u32;
            let words = if rng.chance(0.4) {
                rng.range(120, 250)
            } else {
                rng.range(300, 800)
            } as u32;
            let c = few_copies(&mut rng).min(left as u32);
            let ag = agency(&mut rng);
            let forms = thread_forms(&mut rng, c);
            push(
                stories,
                &mut x,
                meta(StoryKind::Standalone, c, words, ag),
                forms,
            );
            left -= c as usize;
            let mut prev = event;
            for _ in 0..rng.range(1, 3) {
                if left == 0 {
                    break;
                }
                let of = if rng.chance(0.5) { prev } else { event };
                let c = few_copies(&mut rng).min(left as u32);
                let words = rng.range(300, 900) as u32;
                // Follow-ups mostly come from the agency of the first story.
                let ag = if rng.chance(0.8) {
                    ag
                } else {
                    agency(&mut rng)
                };
                prev = stories.len() as u32;
                let kind = StoryKind::FollowUp { event, of };
                let forms = thread_forms(&mut rng, c);
                push(stories, &mut x, meta(kind, c, words, ag), forms);
                left -= c as usize;
            }
        }
    }

    // ---- briefs (half) and stories with abridged copies (half)
    if budget.briefs > 0 {
        let mut rng = Rng::derive(&[seed, T_EXTRA, 4]);
        let mut left = budget.briefs.div_ceil(2);
        while left > 0 {
            let event = stories.len() as u32;
            let k = if rng.chance(0.25) { rng.range(2, 3) } else { 1 };
            for _ in 0..k {
                if left == 0 {
                    break;
                }
                let c = few_copies(&mut rng).min(left as u32);
                let sentences = rng.weighted(&[3, 4, 3]) as u32 + 1;
                let kind = StoryKind::Brief { event };
                push(
                    stories,
                    &mut x,
                    meta(kind, c, sentences, agency(&mut rng)),
                    full(c),
                );
                left -= c as usize;
            }
        }
        let mut left = budget.briefs / 2;
        while left > 0 {
            let c = rng.range(3, 8).min(left);
            let mut f = vec![CopyForm::Full; c];
            // The first copy stays whole; one to three others keep the top.
            let mut idx: Vec<usize> = (1..c).collect();
            rng.shuffle(&mut idx);
            for &i in idx.iter().take(rng.range(1, 3)) {
                f[i] = CopyForm::Lede {
                    paras: if rng.chance(0.6) { 1 } else { 2 },
                };
            }
            let words = rng.range(300, 900) as u32;
            let m = meta(StoryKind::Standalone, c as u32, words, agency(&mut rng));
            push(stories, &mut x, m, f);
            left -= c;
        }
    }

    // ---- syndicated: a few stories, hundreds or thousands of copies each
    let total = budget.syndicated;
    if total > 0 {
        let mut rng = Rng::derive(&[seed, T_EXTRA, 5]);
        // sqrt is exactly rounded (IEEE 754), so this is the same everywhere.
        let k = ((total as f64).sqrt() / 12.0).round().clamp(1.0, 6.0) as usize;
        let w = &[40usize, 25, 15, 10, 6, 4][..k];
        let wsum: usize = w.iter().sum();
        let mut copies: Vec<usize> = w.iter().map(|&wi| total * wi / wsum).collect();
        copies[0] += total - copies.iter().sum::<usize>();
        for c in copies {
            if c == 0 {
                continue;
            }
            let words = rng.range(350, 1000) as u32;
            let m = meta(StoryKind::Syndicated, c as u32, words, agency(&mut rng));
            push(stories, &mut x, m, full(c as u32));
            x.sites = x.sites.max(c + c / 8);
        }
    }

    // ---- digests of the stories planned so far
    let mut left = budget.digests;
    if left > 0 {
        let mut rng = Rng::derive(&[seed, T_EXTRA, 6]);
        let cands: Vec<u32> = (0..stories.len())
            .filter(|&s| {
                stories[s].lang == StoryLang::En
                    && matches!(
                        stories[s].kind,
                        StoryKind::Standalone
                            | StoryKind::TopicCluster { .. }
                            | StoryKind::Brief { .. }
                            | StoryKind::FollowUp { .. }
                            | StoryKind::Excerpted
                            | StoryKind::Syndicated
                    )
            })
            .map(|s| s as u32)
            .collect();
        while left > 0 {
            if cands.is_empty() {
                // Nothing to digest: plain stories instead, so the corpus
                // still has its size.
                let c = few_copies(&mut rng).min(left as u32);
                let m = meta(StoryKind::Standalone, c, 400, agency(&mut rng));
                push(stories, &mut x, m, full(c));
                left -= c as usize;
                continue;
            }
            // A roundup carries stories of about the same days: pick from a
            // window of neighbouring story ids.
            let n = rng.range(2, 6).min(cands.len());
            let centre = rng.below(cands.len());
            let lo = centre.saturating_sub(30);
            let hi = (centre + 30).min(cands.len() - 1);
            let mut items: Vec<DigestItem> = Vec::with_capacity(n);
            let mut tries = 0;
            while items.len() < n && tries < 100 {
                tries += 1;
                let s = cands[rng.range(lo, hi)];
                if items.iter().any(|it| it.story == s) {
                    continue;
                }
                let paras = if matches!(stories[s as usize].kind, StoryKind::Brief { .. }) {
                    0
                } else {
                    [1, 2, 3][rng.weighted(&[60, 25, 15])]
                };
                items.push(DigestItem { story: s, paras });
            }
            let c = (1 + rng.weighted(&[60, 25, 15]) as u32).min(left as u32);
            let kind = StoryKind::Digest {
                id: x.digests.len() as u32,
            };
            x.digests.push(items);
            push(stories, &mut x, meta(kind, c, 0, u8::MAX), full(c));
            left -= c as usize;
        }
    }
    debug_assert_eq!(stories.len() - first, x.forms.len());
    x
}

/// The chain sites: `count` outlets from id `first` on, in chains of 8 to
/// 40 sites that share a template.
pub(super) fn network(seed: u64, first: u32, count: usize) -> Vec<Outlet> {
    let mut rng = Rng::derive(&[seed, T_PLACE, 0]);
    let mut out = Vec::with_capacity(count);
    let mut chain = 0u64;
    while out.len() < count {
        let head = Outlet::new(seed, 1_000_000 + chain as u32, OutletLang::En);
        chain += 1;
        for _ in 0..rng.range(8, 40) {
            if out.len() == count {
                break;
            }
            out.push(head.sibling(seed, first + out.len() as u32));
        }
    }
    out
}

/// Places the copies of the phenomena's stories (`stories[nb..]`): on
/// distinct outlets of the base mix (weighted by popularity like its own
/// copies), and a syndicated story mostly on chain sites.
#[allow(clippy::too_many_arguments)]
pub(super) fn place(
    seed: u64,
    x: &Extras,
    stories: &[StoryMeta],
    nb: usize,
    (g0, weights): (usize, &[u32]),
    sites: Range<u32>,
    docs: &mut Vec<DocRef>,
    timelines: &mut [Vec<u32>],
) {
    let mut rng = Rng::derive(&[seed, T_PLACE, 1]);
    let mut used: Vec<u32> = Vec::new();
    let mut pool: Vec<u32> = sites.collect();
    for (k, (st, forms)) in stories.iter().zip(&x.forms).enumerate() {
        let sid = (nb + k) as u32;
        let n = forms.len();
        let on_base = if st.kind == StoryKind::Syndicated {
            (n / 25).clamp(1, weights.len() / 2 + 1).min(n)
        } else {
            n
        };
        used.clear();
        for _ in 0..on_base {
            let mut o = 0;
            for _ in 0..8 {
                o = (g0 + rng.weighted(weights)) as u32;
                if !used.contains(&o) {
                    break;
                }
            }
            used.push(o);
        }
        // The rest on distinct chain sites: a partial shuffle of the pool.
        let rest = n - on_base;
        assert!(rest <= pool.len(), "too few chain sites");
        for i in 0..rest {
            let j = i + rng.below(pool.len() - i);
            pool.swap(i, j);
            used.push(pool[i]);
        }
        for (c, (&o, &form)) in used.iter().zip(forms).enumerate() {
            docs.push(DocRef {
                story: sid,
                copy: c as u32,
                outlet: o,
                form,
            });
            timelines[o as usize].push(sid);
        }
    }
}

/// The paragraphs excerpt `part` of `parts` takes from a story of `len`
/// paragraphs: a run of two to six inside the `part`-th stretch.
pub(super) fn excerpt_range(
    seed: u64,
    s: usize,
    part: u16,
    parts: u16,
    len: usize,
) -> Range<usize> {
    let parts = usize::from(parts).max(1);
    let part = usize::from(part).min(parts - 1);
    let (a, b) = (part * len / parts, (part + 1) * len / parts);
    if b <= a {
        let i = a.min(len.saturating_sub(1));
        return i..(i + 1).min(len);
    }
    let mut rng = Rng::derive(&[seed, T_EXCERPT, s as u64, part as u64]);
    let want = rng.range(2, 6).min(b - a);
    let start = a + rng.below(b - a - want + 1);
    start..start + want
}

/// Which paragraphs of the earlier story follow-up `s` reprints: one or
/// two background paragraphs (body or minor, never the lede) where there
/// are any.
pub(super) fn reused_indices(seed: u64, s: usize, earlier: &[Para]) -> Vec<usize> {
    let mut rng = Rng::derive(&[seed, T_REUSE, s as u64]);
    let mut cands: Vec<usize> = (1..earlier.len())
        .filter(|&k| matches!(earlier[k].kind, ParaKind::Body | ParaKind::Minor))
        .collect();
    if cands.is_empty() {
        cands = (1..earlier.len()).collect();
    }
    if cands.is_empty() {
        cands = vec![0];
    }
    // One paragraph, two, or three for a story that retells much of the
    // earlier one.
    let n = 1 + rng.weighted(&[50, 35, 15]);
    rng.shuffle(&mut cands);
    cands.truncate(n);
    cands.sort_unstable();
    cands
}

/// Follow-up `s`'s own paragraphs with the reused ones of `earlier`
/// inserted past the middle, where wire writers put background.
pub(super) fn with_reused(
    seed: u64,
    s: usize,
    mut paras: Vec<Para>,
    earlier: Vec<Para>,
) -> Vec<Para> {
    let idx = reused_indices(seed, s, &earlier);
    let mut rng = Rng::derive(&[seed, T_REUSE, s as u64, 1]);
    let len = paras.len();
    let at = (len * (55 + rng.below(31)) / 100).clamp(len.min(2), len);
    let mut reused: Vec<Option<Para>> = earlier.into_iter().map(Some).collect();
    let insert: Vec<Para> = idx.iter().filter_map(|&k| reused[k].take()).collect();
    paras.splice(at..at, insert);
    paras
}

/// Digest `id`'s text: an optional opening line, then each item's
/// headline and its first paragraphs.
pub(super) fn digest_paras(c: &Corpus, id: u32) -> Vec<Para> {
    let items = &c.digests[id as usize];
    let mut rng = Rng::derive(&[c.cfg.seed, T_DIGEST, u64::from(id)]);
    let mut out = Vec::new();
    if rng.chance(0.5) {
        let line = *rng.pick(&[
            "Here are the main stories of the day.",
            "Catch up on the news you may have missed.",
            "The stories you need to know this morning.",
            "A round-up of today’s top stories.",
        ]);
        out.push(Para::new(line.to_string(), ParaKind::Minor));
    }
    for it in items {
        let (h, _, _) = c.story_heads(it.story as usize);
        out.push(Para::new(h, ParaKind::Sub));
        let mut paras = c.base(it.story as usize, 0).paras;
        if it.paras > 0 {
            paras.truncate(usize::from(it.paras));
        }
        for mut p in paras {
            if p.kind == ParaKind::Lede {
                p.kind = ParaKind::Body;
            }
            out.push(p);
        }
    }
    out
}

/// Two headlines for digest `id` (its own, not any item's).
pub(super) fn digest_headlines(
    c: &Corpus,
    s: usize,
    id: u32,
    mut r0: Rng,
    mut r1: Rng,
) -> (String, String) {
    let items = &c.digests[id as usize];
    let (_, m, d, wd) = c.story_date(s as u32);
    let first = items
        .first()
        .map_or_else(String::new, |it| c.story_heads(it.story as usize).0);
    let one = |r: &mut Rng| -> String {
        match r.below(4) {
            0 if !first.is_empty() => format!("Morning briefing: {first} and more"),
            1 => format!(
                "News in brief, {} {d}",
                super::MONTHS_LONG[(m - 1) as usize]
            ),
            2 if !first.is_empty() => format!("{}'s top stories: {first}", super::WEEKDAYS[wd]),
            _ => format!("Evening round-up, {}", super::WEEKDAYS[wd]),
        }
    };
    (one(&mut r0), one(&mut r1))
}
