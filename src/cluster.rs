//! Verifying candidate pairs: exact scores and the acceptance rules.
//!
//! LSH proposes pairs; this stage decides. With verification on (the default),
//! each candidate pair is scored on the exact shingle sets:
//!
//! * Jaccard `|A ∩ B| / |A ∪ B|`, high when two texts are the same length and
//!   mostly the same;
//! * containment `|A ∩ B| / |A|` and `|A ∩ B| / |B|`, high for the shorter text
//!   when it is a cut copy of the longer one or sits inside a page of other text.
//!
//! A pair is kept when it shares at least [`min_shared_shingles`] shingles,
//! and its Jaccard reaches [`Config::threshold`] or its larger
//! containment reaches [`Config::containment`] with at least
//! [`Config::min_containment_shingles`] shingles on the contained side and no
//! more text of the contained side's own than a reprint adds (see
//! [`OWN_SHINGLES`]), and — when both documents have at least [`MIN_NUMBERS`]
//! distinct numbers — the one with fewer numbers shares at least
//! [`Config::min_number_overlap`] of them with the other. Kept pairs are
//! grouped by [`group`](crate::group).
//!
//! # Damaged copies: alignment
//!
//! A damaged word breaks every shingle that holds it: with word 5-grams and
//! one word in seven damaged, two copies of one text share fewer than half of
//! their shingles and fail the Jaccard rule, and a damaged cut copy fails
//! the containment rule. A pair that falls short but shares a good part of
//! what the rules need, each text of at least 150 shingles (a short item
//! written to a formula is the same sentences with other words in their
//! slots), is *aligned*: its shared shingles, in order in both texts, are
//! anchors, and the shingles between two consecutive anchors that stand as
//! far apart in both texts (give or take a few words split or joined by the
//! damage), with a short stretch between them and no figure in it, count as
//! shared. The rules are then checked on that count, which becomes the
//! link's intersection (its scores). Text of the contained side's own (a
//! follow-up's story) has no anchors, so the follow-up rule below still
//! counts it as its own. DESIGN.md ("Verification") specifies it.
//!
//! # Short rewritten copies
//!
//! A short text of 140 to 400 shingles retold from another (an answer or a
//! summary: a word or two changed in most sentences) keeps few whole word
//! 5-grams but many runs of three words, in order. A pair that falls short
//! of the rules, even after alignment, and shares at least
//! [`MIN_SHARED_SHINGLES`] plain shingles is accepted when one text is
//! covered, but for at most 0.3 of it (an opening, an aside), by runs of
//! word 3-grams that stand on one diagonal in both, and keeps half of its
//! figures in them (`src/rewrite.rs`, DESIGN.md
//! "Verification"). Its link then counts the intersection the rules need.
//!
//! # How much evidence a pair needs
//!
//! Jaccard and containment are shares, and a share of a small set is weak
//! evidence: two wire items of a dozen shingles each that share a credit line
//! and a stock phrase have a Jaccard of a half. So every accepted pair must
//! also share at least [`MIN_SHARED_SHINGLES`] shingles (one short sentence:
//! ten words make six word 5-shingles), or [`Config::min_containment_shingles`]
//! if that is smaller (0 turns the floor off). Above that floor the
//! evidence the rules ask for grows with the documents: Jaccard `t` needs an
//! intersection of `t·(|A| + |B|)/(1 + t)`, containment `c` one of `c·min(|A|,
//! |B|)`, so the floor only decides for documents of a few dozen shingles.
//!
//! # Follow-ups are not reprints
//!
//! Containment alone says the smaller text is mostly inside the larger one.
//! That is a cut reprint when the rest of the smaller text is what an editor
//! adds to a copy — a headline, a new lede sentence, a credit — and a new
//! story when the rest is a story of its own that quotes one or two background
//! paragraphs of the earlier one. What tells them apart is how much text the
//! contained side has outside the other: a match on containment alone
//! needs that part to be at most [`OWN_SHINGLES`] shingles or at most
//! [`OWN_SHARE`] of the contained side. Jaccard matches are not limited: a
//! pair of similar size that is mostly the same is a copy.

use serde::{Deserialize, Serialize};

use crate::align::{ALIGN_FROM, MIN_ALIGNED_LEN};
use crate::config::Config;
use crate::rewrite::{MAX_REWRITE_LEN, MIN_REWRITE_LEN};
pub(crate) use crate::util::sort::intersection_len;

/// The evidence for a pair of documents `a` and `b`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Jaccard similarity estimated from the MinHash signatures.
    pub estimated_jaccard: f64,
    /// Jaccard similarity of the shingle sets; equal to the estimate when
    /// `exact` is false. For a pair accepted by alignment (see the [module
    /// docs](self)), the shingles that alignment counts are in the
    /// intersection, here and in the containments.
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`: near 1 when `a` is contained in `b`.
    pub containment_ab: f64,
    /// Share of `b`'s shingles found in `a`: near 1 when `b` is contained in `a`.
    pub containment_ba: f64,
    /// Whether `jaccard` and the containments were computed on the exact shingle
    /// sets (true) or derived from the estimate and the set sizes (false).
    pub exact: bool,
    /// Share of the distinct distinctive numbers (three or more digits, or a
    /// decimal point or separator: "187", "91.07", "28,027"; not years, not
    /// codes such as "h264"; in a document of figures, small numbers such as
    /// "23" too, each with the word before it: see `detector::FIGURES_SHARE`)
    /// of the document with fewer of them that the other document also has;
    /// `None` when either has fewer than [`MIN_NUMBERS`]. Copies of one report keep its figures;
    /// formulaic reports (markets, weather, results) share their wording and
    /// differ in their figures.
    pub number_overlap: Option<f64>,
}

/// Shingles of its own (outside the other document) that the contained side
/// of a pair matched on containment alone may have whatever its size: what an
/// editor adds to a cut copy — a headline (about 10 words), a lede sentence
/// (about 30) and a credit line — comes to some 50 word shingles. A follow-up
/// story that quotes a paragraph of an earlier one adds several paragraphs.
pub const OWN_SHINGLES: usize = 50;

/// Share of its shingles that the contained side of a pair matched on
/// containment alone may have outside the other when that is more than
/// [`OWN_SHINGLES`]. A long copy has no more text of its own than a short one,
/// but noise breaks shingles all over it: a damaged word breaks the `n` word
/// shingles that hold it, so with word 5-grams (the default) and one word in
/// ten damaged `1 − 0.9⁵ ≈ 0.41` of a copy's shingles are its own (with
/// 3-grams, one word in six: `1 − (5/6)³ ≈ 0.42`). A story that is
/// inside the other for barely half its length, with whole paragraphs of its
/// own, is a story of its own that quotes the other.
pub const OWN_SHARE: f64 = 0.42;

/// Fewest shingles every accepted pair shares: one short sentence's worth.
pub const MIN_SHARED_SHINGLES: usize = 6;

/// The floor on shared shingles under `config`: [`MIN_SHARED_SHINGLES`], or
/// [`Config::min_containment_shingles`] if that is smaller.
pub fn min_shared_shingles(config: &Config) -> usize {
    MIN_SHARED_SHINGLES.min(config.min_containment_shingles)
}

/// Fewest distinct distinctive numbers on each side for
/// [`Scores::number_overlap`] to be computed.
pub const MIN_NUMBERS: usize = 1;

/// What kind of number a word is, as `shingle::word_id_and_number` tells
/// while hashing it; the plain definition, which tests compare it with.
#[cfg(test)]
pub(crate) fn number_kind(word: &str) -> crate::shingle::Number {
    use crate::shingle::Number;
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    // Digits and separators, then perhaps a unit.
    let figure = word.trim_end_matches(|c: char| !c.is_ascii_digit());
    let number = word.starts_with(|c: char| c.is_ascii_digit())
        && figure
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    let year = digits == 4 && word.len() == 4 && matches!(word.parse::<u32>(), Ok(1900..=2099));
    if !number || year {
        Number::No
    } else if digits >= 3 || word.contains(['.', ',']) {
        Number::Distinctive
    } else {
        Number::Small
    }
}

/// The share of the smaller of two sorted sets of number ids found in the other,
/// or `None` if either has fewer than [`MIN_NUMBERS`].
pub(crate) fn number_overlap(a: &[u32], b: &[u32]) -> Option<f64> {
    if a.len() < MIN_NUMBERS || b.len() < MIN_NUMBERS {
        return None;
    }
    Some(intersection_len(a, b) as f64 / a.len().min(b.len()) as f64)
}

impl Scores {
    /// Scores from the exact, sorted and deduplicated shingle sets of `a` and `b`.
    pub(crate) fn exact(a: &[u32], b: &[u32], estimated_jaccard: f64) -> Scores {
        Scores::from_intersection(intersection_len(a, b), a.len(), b.len(), estimated_jaccard)
    }

    /// The smallest intersection of two sets of `len_a` and `len_b` shingles
    /// that `config` accepts (number overlap aside), or `None` if none is.
    ///
    /// Acceptance only grows with the intersection. The smallest accepted
    /// intersection is guessed from the rules' formulas, then settled with the
    /// very predicate [`accepted`](Scores::accepted) uses, one step at a time:
    /// the guess is off by rounding at most, so this takes two or three
    /// evaluations.
    pub(crate) fn min_accepted_intersection(
        len_a: usize,
        len_b: usize,
        config: &Config,
    ) -> Option<usize> {
        let accepted = |inter: usize| {
            Scores::from_intersection(inter, len_a, len_b, 0.0).accepted(config, len_a, len_b)
        };
        let most = len_a.min(len_b);
        if !accepted(most) {
            return None;
        }
        let mut needed = Scores::intersection_by_formula(len_a, len_b, config);
        while needed > 0 && accepted(needed - 1) {
            needed -= 1;
        }
        while !accepted(needed) {
            needed += 1;
        }
        Some(needed)
    }

    /// The smallest intersection the acceptance rules' formulas allow for sets
    /// of these sizes (Jaccard, or containment of the smaller set when it is
    /// large enough), rounded up, at most the smaller size; the exact rules may
    /// differ from it by one after rounding.
    fn intersection_by_formula(len_a: usize, len_b: usize, config: &Config) -> usize {
        let most = len_a.min(len_b);
        let (la, lb) = (len_a as f64, len_b as f64);
        let by_jaccard = config.threshold * (la + lb) / (1.0 + config.threshold);
        let by_containment = if most >= config.min_containment_shingles {
            let own = (OWN_SHINGLES as f64).max(OWN_SHARE * most as f64);
            (config.containment * most as f64).max(most as f64 - own)
        } else {
            f64::INFINITY
        };
        let floor = min_shared_shingles(config) as f64;
        (by_jaccard.min(by_containment).max(floor).ceil() as usize).min(most)
    }

    /// Scores from the exact, sorted and deduplicated shingle sets of `a` and
    /// `b`, and `Some` only when they are accepted under `config`.
    ///
    /// The intersection is counted only as long as it can still reach the
    /// smallest size that would be accepted, and only after `plausible`, given
    /// that size, has not ruled the pair out; the
    /// estimate (which reads both signatures) is computed only for an accepted
    /// pair. With a `plausible` that is always true, the result is the same as
    /// scoring in full and then checking, but for the second chances a pair
    /// short of the rules gets: `aligned(k)`, the shingles alignment counts
    /// as shared (`align`), and `rewritten()`, whether one text is a short
    /// rewritten copy of the other (`rewrite`; the pair then counts the
    /// smallest intersection the rules accept).
    pub(crate) fn exact_if_accepted(
        a: &[u32],
        b: &[u32],
        number_overlap: Option<f64>,
        config: &Config,
        plausible: impl FnOnce(usize) -> bool,
        (aligned, rewritten): (impl FnOnce(usize) -> usize, impl FnOnce() -> bool),
        estimated_jaccard: impl FnOnce() -> f64,
    ) -> Option<Scores> {
        if number_overlap.is_some_and(|n| n < config.min_number_overlap) {
            return None;
        }
        let needed = Scores::min_accepted_intersection(a.len(), b.len(), config)?;
        if !plausible(needed) {
            return None;
        }
        // A pair short of what the rules need may still be a copy whose
        // damaged words broke many of its shingles: with enough plain shared
        // shingles to be worth it and a smaller text long enough not to be a
        // short item written to a formula, count the broken ones that anchors
        // on both sides bracket (`align`), towards either rule. Text of the
        // contained side's own has no anchors, so the follow-up rule still
        // sees it.
        let small = a.len().min(b.len());
        let align_from = if small >= MIN_ALIGNED_LEN {
            ((ALIGN_FROM * needed as f64).ceil() as usize).min(needed)
        } else {
            needed
        };
        // Or a short text rewritten from the other (`rewrite`), which keeps
        // few whole shingles but at least a short sentence's worth.
        let may_rewrite = (MIN_REWRITE_LEN..=MAX_REWRITE_LEN).contains(&small);
        let worth = if may_rewrite {
            align_from.min(MIN_SHARED_SHINGLES)
        } else {
            align_from
        };
        let mut inter = intersection_at_least(a, b, worth)?;
        if inter < needed {
            let mut ok = false;
            if inter >= align_from {
                // `aligned(k)` may stop counting once it is sure of fewer than
                // `k`: the pair is then rejected whatever the exact count.
                let with = (inter + aligned(needed - inter)).min(small);
                let s = Scores::from_intersection(with, a.len(), b.len(), 0.0);
                if s.accepted(config, a.len(), b.len()) {
                    inter = with;
                    ok = true;
                }
            }
            // A rewritten copy counts as sharing what the rules need: its
            // shingles say little about how much of it is the other's.
            if !ok && may_rewrite && rewritten() {
                inter = needed;
                ok = true;
            }
            if !ok {
                return None;
            }
        }
        let mut scores = Scores::from_intersection(inter, a.len(), b.len(), estimated_jaccard());
        scores.number_overlap = number_overlap;
        debug_assert!(scores.accepted(config, a.len(), b.len()));
        Some(scores)
    }

    /// Scores from the size of the intersection of two sets and their sizes.
    pub(crate) fn from_intersection(
        inter: usize,
        len_a: usize,
        len_b: usize,
        estimated_jaccard: f64,
    ) -> Scores {
        let (a, b) = (len_a as f64, len_b as f64);
        let inter = inter as f64;
        let union = a + b - inter;
        Scores {
            estimated_jaccard,
            jaccard: ratio(inter, union),
            containment_ab: ratio(inter, a),
            containment_ba: ratio(inter, b),
            exact: true,
            number_overlap: None,
        }
    }

    /// Scores derived from the estimated Jaccard similarity and the set sizes:
    /// `|A ∩ B| = J·(|A| + |B|) / (1 + J)`.
    pub(crate) fn estimated(estimated_jaccard: f64, len_a: usize, len_b: usize) -> Scores {
        let j = estimated_jaccard;
        let inter = j * (len_a + len_b) as f64 / (1.0 + j);
        Scores {
            estimated_jaccard: j,
            jaccard: j,
            containment_ab: ratio(inter, len_a as f64).min(1.0),
            containment_ba: ratio(inter, len_b as f64).min(1.0),
            exact: false,
            number_overlap: None,
        }
    }

    /// The larger of the two containments.
    pub fn max_containment(&self) -> f64 {
        self.containment_ab.max(self.containment_ba)
    }

    /// The same scores with `a` and `b` swapped.
    pub fn swapped(&self) -> Scores {
        Scores {
            containment_ab: self.containment_ba,
            containment_ba: self.containment_ab,
            ..*self
        }
    }

    /// Whether the scores make `a` and `b` reprints of one text under `config`;
    /// `len_a` and `len_b` are the shingle set sizes.
    pub(crate) fn accepted(&self, config: &Config, len_a: usize, len_b: usize) -> bool {
        if self
            .number_overlap
            .is_some_and(|n| n < config.min_number_overlap)
        {
            return false;
        }
        let (contained_len, containment) = if self.containment_ab >= self.containment_ba {
            (len_a, self.containment_ab)
        } else {
            (len_b, self.containment_ba)
        };
        // The intersection, back from the share it was divided into (exact
        // up to rounding for exact scores, the estimate's for estimated ones).
        let shared = (containment * contained_len as f64).round() as usize;
        if shared < min_shared_shingles(config) {
            return false;
        }
        if self.jaccard >= config.threshold {
            return true;
        }
        let own = contained_len - shared.min(contained_len);
        containment >= config.containment
            && contained_len >= config.min_containment_shingles
            && own as f64 <= (OWN_SHINGLES as f64).max(OWN_SHARE * contained_len as f64)
    }
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// The size of the intersection of two sorted, deduplicated slices if it is at
/// least `needed`; `None`, often long before the end, if it cannot be.
///
/// The merge compares blocks of eight against eight (64 comparisons the
/// compiler does in a few vector instructions) and moves past the block with
/// the smaller last element, or both: within a block no element repeats, so
/// each match is counted once. Blocks of eight take half the steps of blocks of
/// four, and each step waits for the one before (its position depends on the
/// last comparison), so the wider compares are the cheaper ones. Before each
/// block it checks that the matches so far plus the shorter remainder can
/// still reach `needed`.
pub(crate) fn intersection_at_least(a: &[u32], b: &[u32], needed: usize) -> Option<usize> {
    const BLOCK: usize = 8;
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i + BLOCK <= a.len() && j + BLOCK <= b.len() {
        if n + (a.len() - i).min(b.len() - j) < needed {
            return None;
        }
        let x: &[u32; BLOCK] = a[i..i + BLOCK].try_into().expect("a block");
        let y: &[u32; BLOCK] = b[j..j + BLOCK].try_into().expect("a block");
        let mut matches = 0u32;
        for &p in x {
            for &q in y {
                matches += u32::from(p == q);
            }
        }
        n += matches as usize;
        let (last_x, last_y) = (x[BLOCK - 1], y[BLOCK - 1]);
        i += if last_x <= last_y { BLOCK } else { 0 };
        j += if last_y <= last_x { BLOCK } else { 0 };
    }
    if n + (a.len() - i).min(b.len() - j) < needed {
        return None;
    }
    // The last few elements one at a time, without branching on comparisons.
    while let (Some(&p), Some(&q)) = (a.get(i), b.get(j)) {
        n += usize::from(p == q);
        i += usize::from(p <= q);
        j += usize::from(q <= p);
    }
    (n >= needed).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinctive_numbers() {
        use crate::shingle::Number;
        for w in [
            "187",
            "91.0716",
            "28,027.61",
            "3.5",
            "1,000",
            "2.5bn",
            "300m",
        ] {
            assert_eq!(number_kind(w), Number::Distinctive, "{w}");
        }
        for w in ["2", "14", "23", "5g", "21st"] {
            assert_eq!(number_kind(w), Number::Small, "{w}");
        }
        // Codes with digits after letters name things; they are not figures.
        for w in [
            "2024",
            "1999",
            "covid",
            "u.s",
            "h264",
            "edit300x0",
            "300x250",
            "mp3",
        ] {
            assert_eq!(number_kind(w), Number::No, "{w}");
        }
        assert_eq!(number_overlap(&[1, 2], &[2, 3, 4]), Some(0.5));
        assert_eq!(number_overlap(&[], &[2, 3, 4]), None);
    }

    proptest::proptest! {
        #![proptest_config(crate::util::test_cases::config(2000))]

        /// Counting the intersection only while it can still be accepted gives
        /// the same verdict and scores as scoring in full, whatever the sizes
        /// and settings.
        #[test]
        fn bounded_verification_agrees_with_full_scoring(
            a in proptest::collection::btree_set(0u32..400, 0..120),
            b in proptest::collection::btree_set(0u32..400, 0..300),
            threshold in 0.05f64..1.0,
            containment in 0.05f64..1.2,
            min_shingles in 0usize..40,
            numbers in proptest::option::of(0.0f64..1.0),
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            let config = Config {
                threshold,
                containment,
                min_containment_shingles: min_shingles,
                ..Config::default()
            };
            let mut full = Scores::exact(&a, &b, 0.25);
            full.number_overlap = numbers;
            let want = full.accepted(&config, a.len(), b.len()).then_some(full);
            let got = Scores::exact_if_accepted(&a, &b, numbers, &config, |_| true, (|_| 0, || false), || 0.25);
            proptest::prop_assert_eq!(got, want);
            for needed in 0..=a.len().min(b.len()) + 1 {
                let n = intersection_len(&a, &b);
                proptest::prop_assert_eq!(intersection_at_least(&a, &b, needed), (n >= needed).then_some(n));
            }
        }
    }

    #[test]
    fn exact_scores() {
        let a = [1, 2, 3, 4];
        let b = [3, 4, 5, 6, 7, 8, 9, 10];
        let s = Scores::exact(&a, &b, 0.2);
        assert_eq!(s.jaccard, 2.0 / 10.0);
        assert_eq!(s.containment_ab, 0.5);
        assert_eq!(s.containment_ba, 0.25);
        assert!(s.exact);
        assert_eq!(intersection_len(&a, &a), 4);
        assert_eq!(intersection_len(&a, &[]), 0);
    }

    #[test]
    fn estimated_scores_are_consistent() {
        // |A| = 100, |B| = 300, |A ∩ B| = 80: J = 80/320 = 0.25.
        let s = Scores::estimated(0.25, 100, 300);
        assert!((s.containment_ab - 0.8).abs() < 1e-9);
        assert!((s.containment_ba - 80.0 / 300.0).abs() < 1e-9);
    }

    #[test]
    fn acceptance_rules() {
        let cfg = Config::default();
        let s = |j, cab, cba| Scores {
            estimated_jaccard: j,
            jaccard: j,
            containment_ab: cab,
            containment_ba: cba,
            exact: true,
            number_overlap: None,
        };
        assert!(s(0.55, 0.7, 0.7).accepted(&cfg, 100, 100));
        assert!(s(0.3, 0.9, 0.32).accepted(&cfg, 100, 280));
        assert!(!s(0.3, 0.9, 0.32).accepted(&cfg, 5, 14));
        assert!(!s(0.2, 0.4, 0.3).accepted(&cfg, 100, 100));
    }

    /// Scores of sets of `len_a` and `len_b` shingles sharing `inter`.
    fn verdict(inter: usize, len_a: usize, len_b: usize) -> bool {
        let cfg = Config::default();
        let accepted =
            Scores::from_intersection(inter, len_a, len_b, 0.0).accepted(&cfg, len_a, len_b);
        assert_eq!(
            Scores::min_accepted_intersection(len_a, len_b, &cfg).is_some_and(|m| m <= inter),
            accepted,
            "{inter} of {len_a} and {len_b}"
        );
        accepted
    }

    #[test]
    fn a_few_shared_shingles_are_not_enough() {
        // Two wire items of seven shingles sharing a credit line and a
        // phrase (five shingles): Jaccard 5/9, but too little text in common.
        assert!(!verdict(5, 7, 7));
        assert!(!verdict(3, 4, 4));
        // One short sentence's worth of shared text is.
        assert!(verdict(6, 7, 7));
        assert!(verdict(12, 12, 40));
    }

    #[test]
    fn follow_ups_are_not_reprints_cut_copies_are() {
        // A follow-up of 200 shingles that quotes 100 of an earlier story of
        // 400: half of it is inside the other, the other half its own story.
        assert!(!verdict(100, 200, 400));
        assert!(!verdict(300, 600, 900));
        assert!(!verdict(60, 120, 500));
        // A cut copy with a new headline, lede and credit (40 shingles of its
        // own) of a story three times as long.
        assert!(verdict(140, 180, 540));
        // A short cut copy with little of the story: as much its own as not.
        assert!(verdict(45, 90, 600));
        // A long copy whose typos and notes break a fifth of its shingles.
        assert!(verdict(560, 700, 2000));
        // Jaccard matches are not limited by the text of their own.
        assert!(verdict(150, 200, 250));
    }
}
