//! Verifying candidate pairs and grouping the verified ones.
//!
//! LSH proposes pairs; this stage decides. With verification on (the default),
//! each candidate pair is scored on the exact shingle sets:
//!
//! * Jaccard `|A ∩ B| / |A ∪ B|`, high when two texts are the same length and
//!   mostly the same;
//! * containment `|A ∩ B| / |A|` and `|A ∩ B| / |B|`, high for the shorter text
//!   when it is a cut copy of the longer one or sits inside a page of other text.
//!
//! A pair is kept when its Jaccard reaches [`Config::threshold`] or its larger
//! containment reaches [`Config::containment`] with at least
//! [`Config::min_containment_shingles`] shingles on the contained side, and —
//! when both documents have at least [`MIN_NUMBERS`] distinct numbers — the one
//! with fewer numbers shares at least [`Config::min_number_overlap`] of them with
//! the other.
//!
//! Kept pairs become groups as [`Grouping`] says. Connected components chain: one
//! wrong pair — two different stories sharing a template, a page that quotes two
//! wire stories — merges two groups, and on a large corpus a few such pairs
//! collapse whole sites into one giant group. [`Grouping::Supported`], the
//! default, grows each group around a center and admits a document only with
//! evidence from the center and from at least half of the members already in.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::util::union_find::UnionFind;

/// The evidence for a pair of documents `a` and `b`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Jaccard similarity estimated from the MinHash signatures.
    pub estimated_jaccard: f64,
    /// Jaccard similarity of the shingle sets; equal to the estimate when
    /// `exact` is false.
    pub jaccard: f64,
    /// Share of `a`'s shingles found in `b`: near 1 when `a` is contained in `b`.
    pub containment_ab: f64,
    /// Share of `b`'s shingles found in `a`: near 1 when `b` is contained in `a`.
    pub containment_ba: f64,
    /// Whether `jaccard` and the containments were computed on the exact shingle
    /// sets (true) or derived from the estimate and the set sizes (false).
    pub exact: bool,
    /// Share of the distinct distinctive numbers (three or more digits, or a
    /// decimal point or separator: "187", "91.07", "28,027"; not years) of the
    /// document with
    /// fewer of them that the other document also has; `None` when either has
    /// fewer than [`MIN_NUMBERS`]. Copies of one report keep its figures;
    /// formulaic reports (markets, weather, results) share their wording and
    /// differ in their figures.
    pub number_overlap: Option<f64>,
}

/// Fewest distinct distinctive numbers on each side for
/// [`Scores::number_overlap`] to be computed.
pub const MIN_NUMBERS: usize = 1;

/// Whether a word is a distinctive number, as `shingle::word_id_and_number`
/// tells while hashing it; the plain definition, which tests compare it with.
#[cfg(test)]
pub(crate) fn is_distinctive_number(word: &str) -> bool {
    let (mut digits, mut separated) = (0usize, false);
    for b in word.bytes() {
        digits += usize::from(b.is_ascii_digit());
        separated |= matches!(b, b'.' | b',');
    }
    if digits == 0 {
        return false;
    }
    let year = digits == 4 && word.len() == 4 && matches!(word.parse::<u32>(), Ok(1900..=2099));
    !year && (digits >= 3 || (digits > 0 && separated))
}

/// The share of the smaller of two sorted sets of number ids found in the other,
/// or `None` if either has fewer than [`MIN_NUMBERS`].
pub(crate) fn number_overlap(a: &[u32], b: &[u32]) -> Option<f64> {
    if a.len() < MIN_NUMBERS || b.len() < MIN_NUMBERS {
        return None;
    }
    Some(intersection_len(a, b) as f64 / a.len().min(b.len()) as f64)
}

/// A document's distinct number ids cut down to one bit per bin (64 bins), for
/// an upper bound on the number overlap of two documents that reads neither
/// list: 16 bytes per document, kept side by side for all of them.
///
/// The bound is the one [`ShingleBins`] gives for shingles: the ids two lists
/// share are at most the bins they share plus the smaller excess (ids that
/// share a bin with another id of their list). Formulaic reports (exchange
/// rates, weather, results) share most of their wording with the others of
/// their kind, and LSH proposes them by the thousand; their figures differ,
/// and this rules most of them out from one cache line each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NumberBins {
    bits: u64,
    len: u32,
    excess: u32,
}

impl NumberBins {
    /// The bins of a sorted, distinct list of number ids.
    pub(crate) fn of(numbers: &[u32]) -> NumberBins {
        let mut bits = 0u64;
        for &n in numbers {
            bits |= 1 << (n >> (32 - 6));
        }
        let len = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
        NumberBins {
            bits,
            len,
            excess: len - bits.count_ones(),
        }
    }

    /// Whether the number overlap of the two documents (see [`number_overlap`])
    /// may reach `min`: false only when it is below `min`, which rejects the
    /// pair.
    #[inline]
    pub(crate) fn may_reach(&self, other: &NumberBins, min: f64) -> bool {
        if (self.len as usize) < MIN_NUMBERS || (other.len as usize) < MIN_NUMBERS {
            return true;
        }
        let shared = (self.bits & other.bits).count_ones() + self.excess.min(other.excess);
        // The same division as `number_overlap`, with at least its numerator.
        // The rule rejects an overlap below `min`, so a NaN `min` rejects
        // nothing.
        let overlap = f64::from(shared) / f64::from(self.len.min(other.len));
        min.is_nan() || overlap >= min
    }
}

impl Scores {
    /// Scores from the exact, sorted and deduplicated shingle sets of `a` and `b`.
    #[cfg(test)]
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

    /// A lower bound of [`min_accepted_intersection`](Scores::min_accepted_intersection)
    /// from the rules' formulas alone, without evaluating the rules: rounding
    /// moves the exact value by less than one. Any intersection of sets of
    /// these sizes that `config` accepts is at least this.
    pub(crate) fn accepted_intersection_lower_bound(
        len_a: usize,
        len_b: usize,
        config: &Config,
    ) -> usize {
        Scores::intersection_by_formula(len_a, len_b, config).saturating_sub(1)
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
            config.containment * most as f64
        } else {
            f64::INFINITY
        };
        (by_jaccard.min(by_containment).ceil() as usize).min(most)
    }

    /// Scores from the exact, sorted and deduplicated shingle sets of `a` and
    /// `b`, and `Some` only when they are accepted under `config`.
    ///
    /// The intersection is counted only as long as it can still reach the
    /// smallest size that would be accepted, and only after `plausible`, given
    /// that size, has not ruled the pair out (see [`EstimateFilter`]); the
    /// estimate (which reads both signatures) is computed only for an accepted
    /// pair. With a `plausible` that is always true, the result is the same as
    /// scoring in full and then checking.
    pub(crate) fn exact_if_accepted(
        a: &[u32],
        b: &[u32],
        number_overlap: Option<f64>,
        config: &Config,
        plausible: impl FnOnce(usize) -> bool,
        estimated_jaccard: impl FnOnce() -> f64,
    ) -> Option<Scores> {
        if number_overlap.is_some_and(|n| n < config.min_number_overlap) {
            return None;
        }
        let needed = Scores::min_accepted_intersection(a.len(), b.len(), config)?;
        if !plausible(needed) {
            return None;
        }
        let inter = intersection_at_least(a, b, needed)?;
        let mut scores = Scores::from_intersection(inter, a.len(), b.len(), estimated_jaccard());
        scores.number_overlap = number_overlap;
        debug_assert!(scores.accepted(config, a.len(), b.len()));
        Some(scores)
    }

    /// Scores from the size of the intersection of two sets and their sizes.
    fn from_intersection(
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
        if self.jaccard >= config.threshold {
            return true;
        }
        let contained_len = if self.containment_ab >= self.containment_ba {
            len_a
        } else {
            len_b
        };
        self.max_containment() >= config.containment
            && contained_len >= config.min_containment_shingles
    }
}

/// How likely the signature filter (`EstimateFilter`) may be to drop a pair
/// whose exact scores would be accepted, under the binomial model of the
/// signature estimate.
///
/// The model is conservative where the filter is applied: with one permutation
/// hashing, the number of agreeing values varies less than a binomial count
/// once both sets have at least `k/2` shingles (measured: 0.77–1.07 times the
/// binomial variance over sizes 64–1,000 and Jaccard 0.1–0.5 at `k = 128`), and
/// a risk of 10⁻⁶ would stay below 10⁻⁴ even at 1.6 times the variance.
pub const FILTER_RISK: f64 = 1e-6;

/// A cheap test run on a candidate pair before its exact verification: the
/// number of agreeing signature values, compared with the fewest a pair at the
/// acceptance boundary would show.
///
/// Two signatures of `k` values agree in about `J·k` positions, spread like a
/// binomial count (Broder, 1997; for one permutation hashing, see the module
/// docs of [`minhash`](crate::minhash)). The smallest accepted intersection
/// gives the smallest accepted Jaccard similarity, `J_min = I/(|A| + |B| − I)`:
/// containment-only acceptance included, since it too is a bound on `I`. A
/// pair is dropped when `J_min` is at or above the one-sided upper confidence
/// bound of `J` given the agreeing count, at risk [`FILTER_RISK`]; most
/// candidates that LSH proposes (pages that share an outlet's leftover template
/// text, a few percent of their shingles) agree in a handful of positions and
/// never touch their shingle sets.
///
/// Pairs with a set of fewer than `k/2` shingles are always verified: the
/// densified signatures of small sets repeat values, their counts vary more
/// than the model says, and their exact verification is cheap anyway.
#[derive(Clone, Debug)]
pub(crate) struct EstimateFilter {
    /// `upper[m]`: a pair whose signatures agree in `m` positions is dropped
    /// when its smallest accepted Jaccard similarity is at least this.
    upper: Box<[f64]>,
    /// Pairs with a smaller set than this are not filtered.
    min_len: usize,
}

impl EstimateFilter {
    /// Points at which the binomial tail is evaluated; the bound is rounded up
    /// to the next one, which only makes the filter drop fewer pairs.
    const GRID: usize = 1024;

    /// The filter for signatures of `k` values at risk `risk`.
    pub(crate) fn new(k: usize, risk: f64) -> EstimateFilter {
        // `upper[m]` is the smallest grid point `p` with P(Bin(k, p) ≤ m) ≤ risk;
        // the tail falls as `p` grows, so one pass over the grid, in order,
        // finds it for every `m` at once. At `p = 1` the tail of every `m < k`
        // is 0, and two signatures that agree everywhere are never dropped.
        let mut upper = vec![1.0; k + 1];
        upper[k] = f64::INFINITY;
        // ln C(k, i), by sums of logarithms.
        let mut ln_choose = vec![0.0f64; k + 1];
        for i in 0..k {
            ln_choose[i + 1] = ln_choose[i] + ((k - i) as f64).ln() - ((i + 1) as f64).ln();
        }
        for g in 1..Self::GRID {
            let p = g as f64 / Self::GRID as f64;
            let (lp, lq) = (p.ln(), (1.0 - p).ln());
            let mut tail = 0.0;
            for (m, ln_c) in ln_choose.iter().enumerate().take(k) {
                tail += (ln_c + m as f64 * lp + (k - m) as f64 * lq).exp();
                if tail > risk {
                    break;
                }
                if upper[m] == 1.0 {
                    upper[m] = p;
                }
            }
        }
        EstimateFilter {
            upper: upper.into_boxed_slice(),
            min_len: k.div_ceil(2),
        }
    }

    /// Whether a pair of sets of `len_a` and `len_b` shingles with signatures
    /// `a` and `b` may reach an intersection of `needed`: false only when that
    /// is implausible at risk [`FILTER_RISK`].
    ///
    /// `a` and `b` may also be the signatures' values cut to fewer bits, the
    /// same way on both sides: values that agree still do, and the ones that
    /// agree by accident only make the filter drop fewer pairs.
    pub(crate) fn plausible<T: Copy + Eq>(
        &self,
        a: &[T],
        b: &[T],
        len_a: usize,
        len_b: usize,
        needed: usize,
    ) -> bool {
        if len_a.min(len_b) < self.min_len || a.len() + 1 != self.upper.len() {
            return true;
        }
        let agree = agreeing(a, b);
        let j_min = needed as f64 / (len_a + len_b - needed) as f64;
        j_min < self.upper[agree]
    }
}

/// The number of positions where two signatures of equal length agree.
pub(crate) fn agreeing<T: Copy + Eq>(a: &[T], b: &[T]) -> usize {
    // Blocks of sixteen with a lane-wise count, which the compiler turns into
    // vector compares.
    let mut count = 0usize;
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        let mut lanes = 0u32;
        for i in 0..16 {
            lanes += u32::from(x[i] == y[i]);
        }
        count += lanes as usize;
    }
    count + ra.iter().zip(rb).filter(|(x, y)| x == y).count()
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// Size of the intersection of two sorted, deduplicated slices.
pub(crate) fn intersection_len(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
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

/// Words of the bitmap that [`ShingleBins`] keeps per set: 2,048 bins.
pub(crate) const BIN_WORDS: usize = 32;

/// A set of shingle ids cut down to one bit per bin, for an exact upper bound
/// on the intersection of two sets that reads neither set.
///
/// Shingle ids are uniform hashes; the bin of an id is its top eleven bits. The
/// bins two sets have in common bound the bins of their intersection, and the
/// ids of the intersection that share a bin with another of its ids (its
/// *excess*) are at most the excess of either set, since a bin holds no more
/// ids of the intersection than of the set. So
///
/// ```text
/// |A ∩ B| ≤ |bins(A) ∩ bins(B)| + min(excess(A), excess(B)),   excess(S) = |S| − |bins(S)|
/// ```
///
/// Sets of a few hundred shingles fill about an eighth of the bins, so two
/// unrelated ones share a few dozen: most candidate pairs that exact
/// verification would reject are ruled out from 256 bytes each, kept side by
/// side for all documents, without following the pointers to their shingle
/// sets.
pub(crate) struct ShingleBins;

impl ShingleBins {
    /// Sets the bits of `shingles`' bins in `bits` (cleared first) and returns the
    /// set's excess.
    pub(crate) fn fill(shingles: &[u32], bits: &mut [u64; BIN_WORDS]) -> u32 {
        *bits = [0; BIN_WORDS];
        for &s in shingles {
            let bin = (s >> (32 - 11)) as usize;
            bits[bin >> 6] |= 1 << (bin & 63);
        }
        let filled: u32 = bits.iter().map(|w| w.count_ones()).sum();
        shingles.len() as u32 - filled
    }

    /// An upper bound of the intersection of two sets from their bins and
    /// excesses (see the type's docs); exact when no bin holds two ids.
    #[inline]
    pub(crate) fn intersection_bound(
        a: &[u64; BIN_WORDS],
        excess_a: u32,
        b: &[u64; BIN_WORDS],
        excess_b: u32,
    ) -> usize {
        let mut both = 0u32;
        for (x, y) in a.iter().zip(b) {
            both += (x & y).count_ones();
        }
        (both + excess_a.min(excess_b)) as usize
    }
}

/// A verified pair of reprints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// One document's id.
    pub a: String,
    /// The other document's id.
    pub b: String,
    /// The evidence; `containment_ab` is the share of `a` found in `b`.
    pub scores: Scores,
}

/// A group of documents that are copies of one text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The members' ids, sorted.
    pub members: Vec<String>,
    /// The member that best contains the others: the largest sum, over its
    /// verified pairs, of the share of the other document found in it. Ties go
    /// to the member with more shingles, then to the smaller id.
    pub representative: String,
    /// The verified pairs that join the group, sorted by ids.
    pub pairs: Vec<Pair>,
}

/// How verified pairs become groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// Connected components of the verified pairs (union-find): any chain of
    /// pairs joins its documents.
    Components,
    /// Within each connected component, groups grow from centers: the member
    /// with the strongest pairs first. A group takes in, one at a time, the
    /// document with a verified pair into the group that matches the most
    /// members (then the one with the strongest pairs into it), as long as it
    /// matches at least half of them (pairs LSH did not
    /// propose are verified on demand in components of up to
    /// [`SUPPORT_VERIFY_LIMIT`] documents). Documents left out form groups of
    /// their own. Then groups (single documents included) between which at
    /// least [`MERGE_DENSITY`] of all pairs match, through at least two
    /// members of each side that has two, are merged: noisy copies of one story
    /// match each other often and through many members, two stories joined by
    /// a wrong pair or by a digest page that quotes both rarely and through one.
    #[default]
    Supported,
}

/// Largest component in which [`Grouping::Supported`] verifies pairs that LSH
/// did not propose and merges groups; larger components use the proposed pairs
/// only, and are not merged.
pub const SUPPORT_VERIFY_LIMIT: usize = 256;

/// Share of the pairs between two groups that must match for
/// [`Grouping::Supported`] to merge them.
pub const MERGE_DENSITY: f64 = 0.3;

/// An edge between two internal document numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub(crate) a: u32,
    pub(crate) b: u32,
    pub(crate) scores: Scores,
}

/// Builds the groups of two or more members from kept pairs.
///
/// `lists[b]` holds the pairs of document `b` with smaller documents, as
/// `(a, scores)` with `a < b` and the scores oriented from `a` to `b` (as
/// `PairStore` keeps them). `ids[d]` is document `d`'s id and `sizes[d]` its
/// shingle count; `verify` scores a pair that has no edge, for
/// [`Grouping::Supported`]. The output does not depend on the order of the
/// pairs or on document numbering: members, pairs and groups are sorted by id.
pub(crate) fn build_groups(
    grouping: Grouping,
    n: usize,
    lists: &[Vec<(u32, Scores)>],
    ids: &[&str],
    sizes: &[usize],
    verify: &(dyn Fn(u32, u32) -> bool + Sync),
) -> Vec<Group> {
    // Components first: union-find gives the same partition in any order.
    let mut uf = UnionFind::new(n);
    for (b, list) in lists.iter().enumerate() {
        for &(a, _) in list {
            uf.union(a, b as u32);
        }
    }
    let roots: Vec<u32> = (0..n as u32).map(|d| uf.find(d)).collect();
    drop(uf);
    // Then the edges of each component together, in a canonical order, so that
    // sums and tie-breaks cannot depend on the order documents were inserted
    // in: by ids, compared through their ranks. One key per edge packs its
    // component and the ranks of its documents, with where the pair is in
    // `lists`; the sort compares integers, and the 64-byte pairs are copied
    // once, in that order. Keys are distinct (an edge joins two documents,
    // whose ids differ).
    let rank = id_ranks(ids);
    let mut order = sort_keys(lists, &roots, &rank);
    drop(roots);
    order.par_sort_unstable();
    let edges: Vec<Edge> = order
        .par_iter()
        .map(|&(_, _, b, j)| {
            let (a, scores) = lists[b as usize][j as usize];
            Edge { a, b, scores }
        })
        .collect();
    // Components are grouped independently, so in parallel; each is a run of
    // `edges`.
    let mut components: Vec<&[Edge]> = Vec::new();
    let mut start = 0;
    for (i, w) in order.windows(2).enumerate() {
        if w[0].0 != w[1].0 {
            components.push(&edges[start..=i]);
            start = i + 1;
        }
    }
    if start < edges.len() {
        components.push(&edges[start..]);
    }
    drop(order);
    // The largest first, so that one thread is not left with a giant component
    // at the end while the others wait.
    components.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let mut groups: Vec<Group> = components
        .into_par_iter()
        .flat_map_iter(|component_edges| {
            let mut members: Vec<u32> = component_edges.iter().flat_map(|e| [e.a, e.b]).collect();
            members.sort_unstable();
            members.dedup();
            if grouping == Grouping::Components || members.len() == 2 {
                return vec![make_group(&members, component_edges, ids, &rank, sizes)];
            }
            supported(&members, component_edges, &rank, sizes, verify)
                .into_iter()
                .map(|(group, group_edges)| make_group(&group, &group_edges, ids, &rank, sizes))
                .collect()
        })
        .collect();
    groups.par_sort_unstable_by(|x, y| x.members.cmp(&y.members));
    groups
}

/// For each pair of `lists`, in parallel: its component's root, its
/// canonical key (see `pair_key`), and where it is (`lists[b][j]`, as `b` and
/// `j`). Written in place, with no intermediate copy of the pairs.
fn sort_keys(
    lists: &[Vec<(u32, Scores)>],
    roots: &[u32],
    rank: &[u32],
) -> Vec<(u32, u64, u32, u32)> {
    let total: usize = lists.iter().map(Vec::len).sum();
    let mut out = vec![(0u32, 0u64, 0u32, 0u32); total];
    // Runs of consecutive documents with about the same number of pairs, each
    // writing its own part of `out`.
    let step = total / (8 * rayon::current_num_threads()) + 1;
    let mut parts = Vec::new();
    let (mut rest, mut first, mut len) = (out.as_mut_slice(), 0, 0);
    for (b, list) in lists.iter().enumerate() {
        len += list.len();
        if len >= step || b + 1 == lists.len() {
            let (part, tail) = rest.split_at_mut(len);
            parts.push((first..b + 1, part));
            (rest, first, len) = (tail, b + 1, 0);
        }
    }
    parts.into_par_iter().for_each(|(docs, part)| {
        let pairs = docs.flat_map(|b| {
            lists[b]
                .iter()
                .enumerate()
                .map(move |(j, &(a, _))| (a, b as u32, j as u32))
        });
        for (slot, (a, b, j)) in part.iter_mut().zip(pairs) {
            *slot = (roots[a as usize], pair_key(rank, (a, b)), b, j);
        }
    });
    out
}

/// The canonical sort key of an edge between documents `a` and `b`: the
/// ranks of their ids (see `id_ranks`), smaller first, so that edges sort by
/// their ids.
fn pair_key(rank: &[u32], (a, b): (u32, u32)) -> u64 {
    let (a, b) = (rank[a as usize], rank[b as usize]);
    u64::from(a.min(b)) << 32 | u64::from(a.max(b))
}

/// The rank of each document's id in the sorted order of all ids (equal ids,
/// such as the empty ones of removed documents, share a rank), so that ranks
/// compare as the ids do.
fn id_ranks(ids: &[&str]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.par_sort_unstable_by_key(|&d| ids[d as usize]);
    let mut rank = vec![0u32; ids.len()];
    let mut r = 0;
    for (i, &d) in order.iter().enumerate() {
        if i > 0 && ids[d as usize] != ids[order[i - 1] as usize] {
            r = i as u32;
        }
        rank[d as usize] = r;
    }
    rank
}

/// Splits one connected component into supported groups; returns each group's
/// members and edges. `id_rank` compares documents as their ids do (see
/// `id_ranks`).
fn supported(
    members: &[u32],
    edges: &[Edge],
    id_rank: &[u32],
    sizes: &[usize],
    verify: &(dyn Fn(u32, u32) -> bool + Sync),
) -> Vec<(Vec<u32>, Vec<Edge>)> {
    use ahash::AHashMap;
    let mut strength: AHashMap<u32, f64> = members.iter().map(|&m| (m, 0.0)).collect();
    let mut adjacent: AHashMap<(u32, u32), f64> = AHashMap::new();
    for e in edges {
        let s = e.scores.max_containment().max(e.scores.jaccard);
        *strength.get_mut(&e.a).expect("member") += s;
        *strength.get_mut(&e.b).expect("member") += s;
        adjacent.insert((e.a.min(e.b), e.a.max(e.b)), s);
    }
    let mut order = members.to_vec();
    order.sort_by(|&x, &y| {
        strength[&y]
            .total_cmp(&strength[&x])
            .then(sizes[y as usize].cmp(&sizes[x as usize]))
            .then(id_rank[x as usize].cmp(&id_rank[y as usize]))
    });
    let may_verify = members.len() <= SUPPORT_VERIFY_LIMIT;
    let mut verified: AHashMap<(u32, u32), bool> = AHashMap::new();
    let mut matches = |a: u32, b: u32| -> bool {
        let key = (a.min(b), a.max(b));
        if adjacent.contains_key(&key) {
            return true;
        }
        if !may_verify {
            return false;
        }
        *verified.entry(key).or_insert_with(|| verify(key.0, key.1))
    };

    let mut neighbors: AHashMap<u32, Vec<u32>> = AHashMap::new();
    for e in edges {
        neighbors.entry(e.a).or_default().push(e.b);
        neighbors.entry(e.b).or_default().push(e.a);
    }
    let rank: AHashMap<u32, usize> = order.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let mut grown = grow(&order, &rank, &neighbors, &adjacent, &mut matches);

    // Second pass: groups (singletons included) that match each other densely
    // are one story whose copies were too noisy for every copy to match half of
    // the others; a single wrong pair, or a page that quotes two stories, links
    // two groups far more sparsely.
    let mut seen_j: Vec<bool> = Vec::new();
    loop {
        if !may_verify {
            break;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..grown.len() {
            for j in i + 1..grown.len() {
                let (gi, gj) = (&grown[i], &grown[j]);
                // Matches, and how many members of each side have one: the
                // members of a group are distinct, so flags per position count
                // them.
                let (mut cross, mut seen_i) = (0usize, 0usize);
                seen_j.clear();
                seen_j.resize(gj.len(), false);
                for &a in gi {
                    let mut any = false;
                    for (y, &b) in gj.iter().enumerate() {
                        if matches(a, b) {
                            cross += 1;
                            any = true;
                            seen_j[y] = true;
                        }
                    }
                    seen_i += usize::from(any);
                }
                let seen_j = seen_j.iter().filter(|&&s| s).count();
                let density = cross as f64 / (gi.len() * gj.len()) as f64;
                // The evidence must not all come through one document on a side
                // that has more: a digest page matches both stories it quotes.
                let spread = seen_i >= gi.len().min(2) && seen_j >= gj.len().min(2);
                if cross > 0
                    && spread
                    && density >= MERGE_DENSITY
                    && best.is_none_or(|(d, _, _)| density > d)
                {
                    best = Some((density, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let absorbed = grown.swap_remove(j);
        grown[i].extend(absorbed);
        grown[i].sort_unstable();
    }

    // Each group's edges, in the component's order: one pass over the edges.
    grown.retain(|g| g.len() >= 2);
    let group_of: AHashMap<u32, usize> = grown
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.iter().map(move |&m| (m, i)))
        .collect();
    let mut group_edges: Vec<Vec<Edge>> = vec![Vec::new(); grown.len()];
    for e in edges {
        if let (Some(&i), Some(&j)) = (group_of.get(&e.a), group_of.get(&e.b)) {
            if i == j {
                group_edges[i].push(*e);
            }
        }
    }
    grown.into_iter().zip(group_edges).collect()
}

/// The first pass of [`supported`]: from each member in `order` not yet taken,
/// grow a group one document at a time, taking the unassigned neighbor of the
/// group with the most support (members it matches), then the strongest links
/// (the sum of its edge strengths to the members, in the order they joined),
/// then the earliest in `order`, while it matches at least half of the members.
///
/// The support and link of each candidate are kept up to date as members join,
/// rather than recounted against the whole group at every step: the sums are
/// added up in the same order, so the choices are the same.
fn grow(
    order: &[u32],
    rank: &ahash::AHashMap<u32, usize>,
    neighbors: &ahash::AHashMap<u32, Vec<u32>>,
    adjacent: &ahash::AHashMap<(u32, u32), f64>,
    matches: &mut impl FnMut(u32, u32) -> bool,
) -> Vec<Vec<u32>> {
    use ahash::{AHashMap, AHashSet};
    let link = |m: u32, g: u32| adjacent.get(&(m.min(g), m.max(g))).copied();
    let mut assigned: AHashSet<u32> = AHashSet::new();
    let mut grown = Vec::new();
    for &center in order {
        if !assigned.insert(center) {
            continue;
        }
        let mut group = vec![center];
        // Unassigned neighbors of the group: (support, link strength).
        let mut candidates: AHashMap<u32, (usize, f64)> = AHashMap::new();
        let mut joined = center;
        loop {
            for (&m, (support, strength)) in candidates.iter_mut() {
                *support += usize::from(matches(m, joined));
                if let Some(s) = link(m, joined) {
                    *strength += s;
                }
            }
            for &m in neighbors.get(&joined).into_iter().flatten() {
                if assigned.contains(&m) || candidates.contains_key(&m) {
                    continue;
                }
                let support = group.iter().filter(|&&g| matches(m, g)).count();
                let strength: f64 = group.iter().filter_map(|&g| link(m, g)).sum();
                candidates.insert(m, (support, strength));
            }
            let best = candidates
                .iter()
                .map(|(&m, &(support, strength))| (support, strength, m))
                .max_by(|x, y| {
                    x.0.cmp(&y.0)
                        .then(x.1.total_cmp(&y.1))
                        .then(rank[&y.2].cmp(&rank[&x.2]))
                });
            match best {
                Some((support, _, m)) if 2 * support >= group.len() => {
                    candidates.remove(&m);
                    assigned.insert(m);
                    group.push(m);
                    joined = m;
                }
                _ => break,
            }
        }
        group.sort_unstable();
        grown.push(group);
    }
    grown
}

/// A group of `members` joined by `edges`; `rank` compares documents as their
/// ids do (see `id_ranks`).
fn make_group(
    members: &[u32],
    edges: &[Edge],
    ids: &[&str],
    rank: &[u32],
    sizes: &[usize],
) -> Group {
    // `edges` is in canonical order (see `build_groups`), so the sums below do
    // not depend on insertion order.
    let mut contains: ahash::AHashMap<u32, f64> = members.iter().map(|&m| (m, 0.0)).collect();
    for e in edges {
        // containment_ba is the share of b found in a: evidence that a contains b.
        *contains.get_mut(&e.a).expect("member") += e.scores.containment_ba;
        *contains.get_mut(&e.b).expect("member") += e.scores.containment_ab;
    }
    let representative = *members
        .iter()
        .max_by(|&&x, &&y| {
            contains[&x]
                .total_cmp(&contains[&y])
                .then(sizes[x as usize].cmp(&sizes[y as usize]))
                .then(rank[y as usize].cmp(&rank[x as usize]))
        })
        .expect("a group has members");
    // In canonical order, the pairs are sorted by ids, each written from its
    // smaller id.
    debug_assert!(edges
        .windows(2)
        .all(|w| pair_key(rank, (w[0].a, w[0].b)) < pair_key(rank, (w[1].a, w[1].b))));
    let pairs: Vec<Pair> = edges
        .iter()
        .map(|e| {
            let (a, b, scores) = if rank[e.a as usize] <= rank[e.b as usize] {
                (e.a, e.b, e.scores)
            } else {
                (e.b, e.a, e.scores.swapped())
            };
            Pair {
                a: ids[a as usize].to_string(),
                b: ids[b as usize].to_string(),
                scores,
            }
        })
        .collect();
    let mut members = members.to_vec();
    members.sort_unstable_by_key(|&m| rank[m as usize]);
    let members: Vec<String> = members
        .iter()
        .map(|&m| ids[m as usize].to_string())
        .collect();
    Group {
        members,
        representative: ids[representative as usize].to_string(),
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `build_groups` of edges in any orientation, put by larger document as
    /// `PairStore` keeps them, with a `verify` that answers `verified`.
    fn groups_of(
        grouping: Grouping,
        edges: &[Edge],
        ids: &[&str],
        sizes: &[usize],
        verified: bool,
    ) -> Vec<Group> {
        let mut lists = vec![Vec::new(); ids.len()];
        for e in edges {
            if e.a < e.b {
                lists[e.b as usize].push((e.a, e.scores));
            } else {
                lists[e.a as usize].push((e.b, e.scores.swapped()));
            }
        }
        build_groups(grouping, ids.len(), &lists, ids, sizes, &|_, _| verified)
    }

    fn sc(cab: f64, cba: f64) -> Scores {
        Scores {
            estimated_jaccard: 0.5,
            jaccard: 0.5,
            containment_ab: cab,
            containment_ba: cba,
            exact: true,
            number_overlap: None,
        }
    }

    /// The growth pass as first written: every step recounts each candidate's
    /// support and links against the whole group.
    fn grow_reference(
        order: &[u32],
        rank: &ahash::AHashMap<u32, usize>,
        neighbors: &ahash::AHashMap<u32, Vec<u32>>,
        adjacent: &ahash::AHashMap<(u32, u32), f64>,
        matches: &mut impl FnMut(u32, u32) -> bool,
    ) -> Vec<Vec<u32>> {
        let mut assigned: ahash::AHashSet<u32> = ahash::AHashSet::new();
        let mut grown: Vec<Vec<u32>> = Vec::new();
        for &center in order {
            if assigned.contains(&center) {
                continue;
            }
            assigned.insert(center);
            let mut group = vec![center];
            loop {
                let mut frontier: Vec<u32> = group
                    .iter()
                    .flat_map(|g| neighbors.get(g).into_iter().flatten().copied())
                    .filter(|m| !assigned.contains(m))
                    .collect();
                frontier.sort_unstable_by_key(|m| rank[m]);
                frontier.dedup();
                let best = frontier
                    .into_iter()
                    .map(|m| {
                        let support = group.iter().filter(|&&g| matches(m, g)).count();
                        let link: f64 = group
                            .iter()
                            .filter_map(|&g| adjacent.get(&(m.min(g), m.max(g))))
                            .sum();
                        (support, link, m)
                    })
                    .max_by(|x, y| {
                        x.0.cmp(&y.0)
                            .then(x.1.total_cmp(&y.1))
                            .then(rank[&y.2].cmp(&rank[&x.2]))
                    });
                match best {
                    Some((support, _, m)) if 2 * support >= group.len() => {
                        assigned.insert(m);
                        group.push(m);
                    }
                    _ => break,
                }
            }
            group.sort_unstable();
            grown.push(group);
        }
        grown
    }

    proptest::proptest! {
        #![proptest_config(crate::util::test_cases::config(2000))]

        /// Keeping candidates' support and links up to date grows the same
        /// groups as recounting them at every step, on random graphs with
        /// random strengths and a random (but fixed) verdict for unlinked pairs.
        #[test]
        fn incremental_growth_agrees_with_recounting(
            n in 2u32..40,
            raw_edges in proptest::collection::vec((0u32..40, 0u32..40, 0u8..4), 0..120),
            salt in proptest::num::u64::ANY,
            verify_share in 0u64..4,
        ) {
            let mut adjacent: ahash::AHashMap<(u32, u32), f64> = ahash::AHashMap::new();
            let mut neighbors: ahash::AHashMap<u32, Vec<u32>> = ahash::AHashMap::new();
            for (a, b, s) in raw_edges {
                let (a, b) = (a % n, b % n);
                if a == b || adjacent.contains_key(&(a.min(b), a.max(b))) {
                    continue;
                }
                // Few distinct strengths, so that ties are common.
                adjacent.insert((a.min(b), a.max(b)), 0.25 + f64::from(s) * 0.25);
                neighbors.entry(a).or_default().push(b);
                neighbors.entry(b).or_default().push(a);
            }
            let mut order: Vec<u32> = (0..n).collect();
            order.sort_by_key(|&m| (u64::from(m) ^ salt).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let rank: ahash::AHashMap<u32, usize> =
                order.iter().enumerate().map(|(i, &m)| (m, i)).collect();
            let verdict = |a: u32, b: u32| {
                let key = (u64::from(a.min(b)) << 32 | u64::from(a.max(b))) ^ salt;
                adjacent.contains_key(&(a.min(b), a.max(b)))
                    || key.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 62 < verify_share
            };
            let want = grow_reference(&order, &rank, &neighbors, &adjacent, &mut { verdict });
            let got = grow(&order, &rank, &neighbors, &adjacent, &mut { verdict });
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn one_weak_edge_does_not_chain_two_groups() {
        // Two triangles of reprints, {0,1,2} and {3,4,5}, and one wrong pair 2–3.
        let ids = ["a0", "a1", "a2", "b3", "b4", "b5"];
        let sizes = [100; 6];
        let mut edges = Vec::new();
        for (a, b) in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] {
            edges.push(Edge {
                a,
                b,
                scores: sc(0.9, 0.9),
            });
        }
        edges.push(Edge {
            a: 2,
            b: 3,
            scores: sc(0.65, 0.3),
        });
        let chained = groups_of(Grouping::Components, &edges, &ids, &sizes, false);
        assert_eq!(chained.len(), 1);
        let groups = groups_of(Grouping::Supported, &edges, &ids, &sizes, false);
        let members: Vec<_> = groups.iter().map(|g| g.members.clone()).collect();
        assert_eq!(members, [vec!["a0", "a1", "a2"], vec!["b3", "b4", "b5"]]);
        // The wrong pair is in neither group.
        assert!(groups.iter().all(|g| g.pairs.len() == 3));
    }

    #[test]
    fn densely_linked_groups_merge() {
        // Two triangles of noisy copies of one story, each copy matching one
        // copy of the other triangle: growing alone leaves two groups (each
        // outsider matches one member of three), the merge pass joins them.
        let ids = ["a0", "a1", "a2", "b3", "b4", "b5"];
        let sizes = [100; 6];
        let mut edges = Vec::new();
        for (a, b) in [
            (0, 1),
            (0, 2),
            (1, 2),
            (3, 4),
            (3, 5),
            (4, 5),
            (0, 3),
            (1, 4),
            (2, 5),
        ] {
            edges.push(Edge {
                a,
                b,
                scores: sc(0.8, 0.8),
            });
        }
        let groups = groups_of(Grouping::Supported, &edges, &ids, &sizes, false);
        assert_eq!(groups.len(), 1, "{groups:#?}");
        assert_eq!(groups[0].members.len(), 6);
        assert_eq!(groups[0].pairs.len(), 9);
    }

    #[test]
    fn supported_groups_verify_missing_pairs() {
        // A star: 0 contains 1, 2, 3, but LSH proposed only the pairs with 0.
        let ids = ["full", "cut1", "cut2", "cut3"];
        let sizes = [300, 100, 100, 100];
        let edges: Vec<Edge> = (1..4)
            .map(|b| Edge {
                a: 0,
                b,
                scores: sc(0.3, 0.95),
            })
            .collect();
        let groups = groups_of(Grouping::Supported, &edges, &ids, &sizes, true);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members.len(), 4);
        assert_eq!(groups[0].representative, "full");
        // Without evidence among the cut copies, the third lacks support: it
        // matches one of the three members.
        let groups = groups_of(Grouping::Supported, &edges, &ids, &sizes, false);
        assert_eq!(groups[0].members, ["cut1", "cut2", "full"]);
    }

    #[test]
    fn distinctive_numbers() {
        for w in ["187", "91.0716", "28,027.61", "3.5", "1,000"] {
            assert!(is_distinctive_number(w), "{w}");
        }
        for w in ["2", "14", "2024", "1999", "covid", "u.s"] {
            assert!(!is_distinctive_number(w), "{w}");
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
            let got = Scores::exact_if_accepted(&a, &b, numbers, &config, |_| true, || 0.25);
            proptest::prop_assert_eq!(got, want);
            for needed in 0..=a.len().min(b.len()) + 1 {
                let n = intersection_len(&a, &b);
                proptest::prop_assert_eq!(intersection_at_least(&a, &b, needed), (n >= needed).then_some(n));
            }
        }
    }

    #[test]
    fn number_bins_rule_out_most_pairs_with_other_figures() {
        // Eight figures each, none or one of them shared: the overlap is at most
        // 1/8, and the bins say so for most such pairs.
        let mut ruled_out = 0;
        for seed in 0..1000 {
            let (a, b) = overlapping_sets(8, 8, (seed % 2) as usize, seed);
            if !NumberBins::of(&a).may_reach(&NumberBins::of(&b), 0.5) {
                ruled_out += 1;
            }
            // Half shared is enough.
            let (a, b) = overlapping_sets(8, 8, 4, seed);
            assert!(NumberBins::of(&a).may_reach(&NumberBins::of(&b), 0.5));
            // A minimum that is not a number rejects nothing, as the rule
            // does (`overlap < NaN` is false).
            let (a, b) = overlapping_sets(8, 8, 0, seed);
            assert!(NumberBins::of(&a).may_reach(&NumberBins::of(&b), f64::NAN));
        }
        assert!(ruled_out > 900, "{ruled_out}");
    }

    /// Two sets of `len_a` and `len_b` distinct random ids sharing `inter`, drawn
    /// from `seed`.
    fn overlapping_sets(
        len_a: usize,
        len_b: usize,
        inter: usize,
        seed: u64,
    ) -> (Vec<u32>, Vec<u32>) {
        use crate::minhash::mix64;
        let id = |i: u64| mix64(seed.wrapping_mul(0x9e37_79b9) ^ i) as u32;
        let mut a: Vec<u32> = (0..len_a as u64).map(id).collect();
        let mut b: Vec<u32> = a[..inter].to_vec();
        b.extend((0..(len_b - inter) as u64).map(|i| id(i + (1 << 40))));
        a.sort_unstable();
        a.dedup();
        b.sort_unstable();
        b.dedup();
        (a, b)
    }

    #[test]
    fn filter_bounds_rise_with_agreement() {
        for k in [1, 2, 16, 128, 200] {
            let f = EstimateFilter::new(k, FILTER_RISK);
            assert_eq!(f.upper.len(), k + 1);
            assert!(
                f.upper.windows(2).all(|w| w[0] <= w[1]),
                "k {k}: {:?}",
                f.upper
            );
            assert_eq!(f.upper[k], f64::INFINITY);
        }
        // At k = 128, no agreement at all still leaves a Jaccard of 0.1 possible
        // at risk 10⁻⁶ (0.9¹²⁸ ≈ 1.4·10⁻⁶), but not 0.11.
        let f = EstimateFilter::new(128, FILTER_RISK);
        assert!(f.upper[0] > 0.1 && f.upper[0] < 0.11, "{}", f.upper[0]);
    }

    #[test]
    fn filter_drops_pairs_far_below_acceptance() {
        use crate::minhash::{MinHasher, Scheme};
        let config = Config::default();
        let f = EstimateFilter::new(128, FILTER_RISK);
        let h = MinHasher::new(128, 3, Scheme::OnePermutation);
        let mut dropped = 0;
        for seed in 0..100 {
            // Jaccard about 0.05, a third of the smallest accepted.
            let (a, b) = overlapping_sets(600, 600, 57, seed);
            let (sa, sb) = (h.signature(&a).unwrap(), h.signature(&b).unwrap());
            let needed = Scores::min_accepted_intersection(a.len(), b.len(), &config).unwrap();
            dropped +=
                usize::from(!f.plausible(sa.values(), sb.values(), a.len(), b.len(), needed));
        }
        assert_eq!(dropped, 100);
    }

    #[test]
    fn filter_keeps_pairs_at_the_acceptance_boundary() {
        // Pairs exactly at the smallest accepted intersection, by Jaccard and by
        // containment, over sizes where the filter applies: at risk 10⁻⁶, none
        // of these 40,000 may be dropped (the chance that one is, under the
        // model, is 4%; the seeds are fixed, so the test is deterministic).
        // A quick run (not REPRINT_LONG_TESTS) takes the first 4,000.
        use crate::minhash::{MinHasher, Scheme};
        let config = Config::default();
        let f = EstimateFilter::new(128, FILTER_RISK);
        let sizes = [
            (64, 64),
            (100, 100),
            (80, 400),
            (300, 300),
            (300, 1000),
            (1000, 1200),
            (64, 3000),
            (500, 500),
        ];
        for (la, lb) in sizes {
            let needed = Scores::min_accepted_intersection(la, lb, &config).unwrap();
            for seed in 0..u64::from(crate::util::test_cases::cases(5000)) {
                let (a, b) = overlapping_sets(la, lb, needed, seed);
                let h = MinHasher::new(128, seed, Scheme::OnePermutation);
                let (sa, sb) = (h.signature(&a).unwrap(), h.signature(&b).unwrap());
                assert!(
                    f.plausible(sa.values(), sb.values(), la, lb, needed),
                    "{la}×{lb}, seed {seed}: {} agree",
                    agreeing(sa.values(), sb.values())
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::util::test_cases::config(3000))]

        /// The number bins rule a pair out only when its number overlap is
        /// below the minimum.
        #[test]
        fn number_bins_rule_out_only_pairs_the_overlap_rejects(
            len_a in 0usize..40,
            len_b in 0usize..40,
            share in 0.0f64..=1.0,
            min in 0.0f64..=1.0,
            seed in 0u64..1_000_000,
        ) {
            let inter = (share * len_a.min(len_b) as f64) as usize;
            let (a, b) = overlapping_sets(len_a, len_b, inter, seed);
            let overlap = number_overlap(&a, &b);
            let reach = NumberBins::of(&a).may_reach(&NumberBins::of(&b), min);
            proptest::prop_assert!(reach || overlap.is_some_and(|o| o < min), "{overlap:?} {min}");
        }

        /// The filter never drops a pair that exact verification accepts, whatever
        /// the sizes, overlap and settings.
        #[test]
        fn filter_keeps_every_accepted_pair(
            len_a in 1usize..1500,
            len_b in 1usize..1500,
            share in 0.0f64..1.0,
            threshold in 0.05f64..1.0,
            containment in 0.05f64..1.2,
            min_shingles in 0usize..40,
            seed in 0u64..1 << 32,
        ) {
            use crate::minhash::{MinHasher, Scheme};
            let inter = (share * len_a.min(len_b) as f64) as usize;
            let (a, b) = overlapping_sets(len_a, len_b, inter, seed);
            let config = Config {
                threshold,
                containment,
                min_containment_shingles: min_shingles,
                ..Config::default()
            };
            let h = MinHasher::new(128, seed, Scheme::OnePermutation);
            let (sa, sb) = (h.signature(&a).unwrap(), h.signature(&b).unwrap());
            let f = EstimateFilter::new(128, FILTER_RISK);
            let full = Scores::exact(&a, &b, 0.0);
            let filtered = Scores::exact_if_accepted(&a, &b, None, &config, |needed| {
                f.plausible(sa.values(), sb.values(), a.len(), b.len(), needed)
            }, || 0.0);
            proptest::prop_assert_eq!(filtered.is_some(), full.accepted(&config, a.len(), b.len()));
            if let Some(needed) = Scores::min_accepted_intersection(a.len(), b.len(), &config) {
                proptest::prop_assert!(
                    Scores::accepted_intersection_lower_bound(a.len(), b.len(), &config) <= needed
                );
            }
            // The byte sketches the detector filters with, at the lower bound.
            if full.accepted(&config, a.len(), b.len()) {
                let bytes = |s: &[u32]| s.iter().map(|&v| v as u8).collect::<Vec<u8>>();
                let bound = Scores::accepted_intersection_lower_bound(a.len(), b.len(), &config);
                proptest::prop_assert!(f.plausible(
                    &bytes(sa.values()),
                    &bytes(sb.values()),
                    a.len(),
                    b.len(),
                    bound
                ));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::util::test_cases::config(3000))]

        /// The bins' bound is never below the exact intersection, for ids spread
        /// over all bins and for ids crowded into a few (many sharing a bin).
        #[test]
        fn bin_bound_is_at_least_the_intersection(
            a in proptest::collection::btree_set(proptest::num::u32::ANY, 0..400),
            b in proptest::collection::btree_set(proptest::num::u32::ANY, 0..400),
            crowd in 0u32..=32,
            shared in proptest::collection::btree_set(proptest::num::u32::ANY, 0..200),
        ) {
            // `crowd` high bits cleared keeps the ids in the lowest bins.
            let squeeze = |x: u32| x.checked_shr(crowd).unwrap_or(0);
            let set = |s: &std::collections::BTreeSet<u32>| {
                let mut v: Vec<u32> = s.iter().chain(&shared).map(|&x| squeeze(x)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (a, b) = (set(&a), set(&b));
            let (mut bits_a, mut bits_b) = ([0; BIN_WORDS], [0; BIN_WORDS]);
            let excess_a = ShingleBins::fill(&a, &mut bits_a);
            let excess_b = ShingleBins::fill(&b, &mut bits_b);
            let bound = ShingleBins::intersection_bound(&bits_a, excess_a, &bits_b, excess_b);
            proptest::prop_assert!(bound >= intersection_len(&a, &b));
            proptest::prop_assert!(bound <= a.len().min(b.len()) + BIN_WORDS * 64);
        }
    }

    #[test]
    fn bin_bound_rules_out_unrelated_sets() {
        // Two sets of 300 random ids sharing 30: far below the 150 that
        // containment 0.5 would need.
        let (a, b) = overlapping_sets(300, 300, 30, 7);
        let (mut bits_a, mut bits_b) = ([0; BIN_WORDS], [0; BIN_WORDS]);
        let excess_a = ShingleBins::fill(&a, &mut bits_a);
        let excess_b = ShingleBins::fill(&b, &mut bits_b);
        let bound = ShingleBins::intersection_bound(&bits_a, excess_a, &bits_b, excess_b);
        assert!((30..100).contains(&bound), "{bound}");
        // A set against itself: every bin and all of the excess.
        assert_eq!(
            ShingleBins::intersection_bound(&bits_a, excess_a, &bits_a, excess_a),
            a.len()
        );
    }

    #[test]
    fn agreeing_counts_equal_positions() {
        let a: Vec<u32> = (0..37).collect();
        let mut b = a.clone();
        for i in [0, 15, 16, 33, 36] {
            b[i] += 100;
        }
        assert_eq!(agreeing(&a, &b), 32);
        assert_eq!(agreeing(&a, &a), 37);
        assert_eq!(agreeing::<u8>(&[], &[]), 0);
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

    #[test]
    fn groups_and_representative() {
        let ids = ["d", "c", "b", "a", "e"];
        let sizes = [10, 50, 10, 5, 7];
        let sc = |cab, cba| Scores {
            estimated_jaccard: 0.5,
            jaccard: 0.5,
            containment_ab: cab,
            containment_ba: cba,
            exact: true,
            number_overlap: None,
        };
        // 1 ("c") contains 0 and 2 fully.
        let edges = [
            Edge {
                a: 0,
                b: 1,
                scores: sc(1.0, 0.2),
            },
            Edge {
                a: 2,
                b: 1,
                scores: sc(0.9, 0.2),
            },
        ];
        let groups = groups_of(Grouping::Supported, &edges, &ids, &sizes, false);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, ["b", "c", "d"]);
        assert_eq!(groups[0].representative, "c");
        assert_eq!(groups[0].pairs[0].a, "b");
        assert_eq!(groups[0].pairs[0].scores.containment_ab, 0.9);
        assert_eq!(groups[0].pairs[1].a, "c");
        assert_eq!(groups[0].pairs[1].scores.containment_ba, 1.0);
    }
}
