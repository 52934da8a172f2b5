//! MinHash signatures: a fixed-size sketch of a shingle set whose agreement
//! estimates Jaccard similarity.
//!
//! For sets `A` and `B`, the Jaccard similarity is `J = |A ∩ B| / |A ∪ B|`. Under a
//! random permutation of the shingle universe, the smallest element of `A` and the
//! smallest of `B` coincide with probability exactly `J` (Broder, 1997). A
//! signature keeps `k` such minima; the fraction of positions where two signatures
//! agree is an unbiased estimate of `J` with standard error `√(J(1−J)/k)`, about
//! 0.044 at `J = 0.5` and `k = 128`.
//!
//! Two schemes are implemented, chosen by [`Scheme`]:
//!
//! * [`Scheme::OnePermutation`] (the default): one hash per shingle. The hash
//!   picks one of `k` bins and the bin keeps its smallest value (one permutation
//!   hashing, Li, Owen & Zhang, 2012). Bins that no shingle fell in are filled by
//!   *optimal densification* (Shrivastava, 2017): an empty bin `i` probes bins
//!   chosen by a hash of `(i, attempt)` until it finds a non-empty one and copies
//!   its value, for at most `L = 4·⌈log₂ k⌉` attempts; a bin whose probes all
//!   miss copies its nearest non-empty neighbour on a side chosen by a hash of
//!   `i` (improved densification, Shrivastava & Li, 2014). Cost
//!   `O(n + k log k)` per document whatever the set; for sets of more than about
//!   `k/2` shingles, accuracy matches `k` independent permutations (the
//!   `one_permutation_is_as_accurate_as_classic` test).
//! * [`Scheme::Classic`]: `k` independent hash functions, each applied to every
//!   shingle. Cost `O(n·k)`; kept as the reference the fast scheme is checked
//!   against.
//!
//! Every value derives from the shingle hashes and the configured seed through
//! fixed, specified functions (see DESIGN.md), so signatures are reproducible on
//! every machine and build.

use serde::{Deserialize, Serialize};

/// How signature values are computed from a shingle set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// One permutation hashing with optimal densification, `O(n + k log k)`.
    #[default]
    OnePermutation,
    /// `k` independent hash functions, `O(n·k)`.
    Classic,
}

/// A MinHash signature: `k` 32-bit values.
///
/// Values are kept to 32 bits: two different minima agree by accident with
/// probability 2⁻³², far below the estimator's own error, and the signature takes
/// half the memory of 64-bit values.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Signature {
    values: Vec<u32>,
}

impl Signature {
    /// Creates a signature from raw values, for instance ones stored elsewhere.
    pub fn from_values(values: Vec<u32>) -> Signature {
        Signature { values }
    }

    /// The signature's values.
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// The number of values, `k`.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the signature has no values (never true for a signature made by a
    /// [`MinHasher`]).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Estimates the Jaccard similarity of the two shingle sets: the fraction of
    /// positions where the signatures agree.
    ///
    /// # Panics
    ///
    /// If the signatures have different lengths: they were made with different
    /// configurations and cannot be compared.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        assert_eq!(
            self.values.len(),
            other.values.len(),
            "signatures of different lengths cannot be compared"
        );
        if self.values.is_empty() {
            return 0.0;
        }
        self.agreements(other) as f64 / self.values.len() as f64
    }

    /// The number of positions where the two signatures hold the same value:
    /// [`jaccard`](Signature::jaccard) times the length.
    pub(crate) fn agreements(&self, other: &Signature) -> usize {
        self.values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count()
    }
}

/// The SplitMix64 finalizer (Steele, Lea & Flood, 2014): a fixed bijection on
/// 64-bit integers with good avalanche.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// Maps a uniform 64-bit value to `0..k` without modulo bias worth noting
/// (Lemire's multiply-shift).
#[inline]
fn reduce(h: u64, k: usize) -> usize {
    ((h as u128 * k as u128) >> 64) as usize
}

/// The hash behind densification's attempt `attempt` for empty bin `i`.
#[inline]
fn probe_hash(seed: u64, i: usize, attempt: u64) -> u64 {
    mix64(seed ^ GOLDEN.wrapping_mul(((i as u64) << 32 | attempt) + 1))
}

/// The bin that densification probes for empty bin `i` at attempt `attempt`.
#[inline]
fn probe(seed: u64, i: usize, attempt: u64, k: usize) -> usize {
    reduce(probe_hash(seed, i, attempt), k)
}

/// How many bins densification probes for an empty bin before it falls back
/// to a neighbour: `4·⌈log₂ k⌉`.
///
/// Optimal densification (Shrivastava, ICML 2017) probes until it finds a
/// filled bin, `k / m` probes on average when `m` of the `k` bins are filled:
/// about `k²` in all for a document of one shingle, which a crafted index file
/// of one-word documents at `k = 4096` turned into minutes of loading. With
/// the limit, an empty bin finds a filled one within it with probability
/// `1 − (1 − m/k)^L`; from half the bins filled on, the chance that any bin of
/// a signature misses is at most `k·2^−L = k⁻³`, so documents with a few
/// hundred shingles (at `k = 128`) get the signature optimal densification
/// gives, and the work is `O(k log k)` whatever the set.
#[inline]
pub(crate) fn probe_limit(k: usize) -> u64 {
    4 * u64::from(usize::BITS - k.saturating_sub(1).leading_zeros())
}

/// Computes signatures for shingle sets with a fixed `k`, seed and scheme.
///
/// Its `Debug` form leaves out the tables computed from those three.
#[derive(Clone)]
pub struct MinHasher {
    k: usize,
    seed: u64,
    scheme: Scheme,
    /// Per-permutation seeds for the classic scheme.
    perm_seeds: Vec<u64>,
    /// For one permutation hashing, the first `known` bins that densification
    /// probes for each empty bin, `probes[i·known + t]` for bin `i` and attempt
    /// `t`: the sequence is the same for every document, so it is computed once.
    probes: Vec<u32>,
    /// Probes kept per bin in `probes`: [`PROBES`], or the probe limit if lower.
    known: usize,
    /// Densification's probe limit for `k`, [`probe_limit`].
    limit: u64,
    /// For one permutation hashing (up to `k` = [`MAX_INVERTED`]), which
    /// probes reach each bin, for signatures of sets that fill few bins.
    probed_by: Option<ProbedBy>,
    /// For one permutation hashing, bit `i` says whether empty bin `i` whose
    /// probes all miss takes its right neighbour's value (else its left's):
    /// bit 63 of the hash of attempt `L`.
    rightward: Vec<u64>,
}

/// The probes of densification inverted: for each bin `j`, the `(i, t)` such
/// that empty bin `i` probes `j` at attempt `t < L`, so that a set that fills
/// `m` of the `k` bins is densified in `O(m·L + k)` rather than `O(k·L)`, with
/// the same result.
#[derive(Clone)]
struct ProbedBy {
    /// `entries[starts[j]..starts[j + 1]]` are the probes that reach bin `j`.
    starts: Vec<u32>,
    /// `i << 8 | t`.
    entries: Vec<u32>,
}

/// Largest `k` with an inverted probe table, the largest
/// [`Config::num_perm`](crate::Config::num_perm): the table holds `k·L`
/// entries (786 KB at 4096, 14 KB at 128), and bins and attempts must pack
/// into 24 and 8 bits. A larger `k` densifies bin by bin, in `O(k log k)` too.
const MAX_INVERTED: usize = 4096;

/// A set that fills at most `k / SPARSE` bins is densified through the
/// inverted probe table: below that, reading the probes that reach the filled
/// bins is cheaper than probing from every empty bin.
const SPARSE: usize = 8;

impl ProbedBy {
    fn new(seed: u64, k: usize, limit: u64) -> ProbedBy {
        let targets: Vec<u32> = (0..k)
            .flat_map(|i| (0..limit).map(move |t| probe(seed, i, t, k) as u32))
            .collect();
        let mut starts = vec![0u32; k + 1];
        for &j in &targets {
            starts[j as usize + 1] += 1;
        }
        for j in 0..k {
            starts[j + 1] += starts[j];
        }
        let mut next = starts.clone();
        let mut entries = vec![0u32; targets.len()];
        for (n, &j) in targets.iter().enumerate() {
            let (i, t) = (n as u64 / limit, n as u64 % limit);
            entries[next[j as usize] as usize] = (i as u32) << 8 | t as u32;
            next[j as usize] += 1;
        }
        ProbedBy { starts, entries }
    }

    /// The probes that reach bin `j`, as `i << 8 | t`.
    fn of(&self, j: usize) -> &[u32] {
        &self.entries[self.starts[j] as usize..self.starts[j + 1] as usize]
    }
}

impl std::fmt::Debug for MinHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MinHasher")
            .field("k", &self.k)
            .field("seed", &self.seed)
            .field("scheme", &self.scheme)
            .finish()
    }
}

/// Densification probes kept per bin; later attempts, needed when fewer than
/// about a quarter of the bins are filled, are computed as they come.
const PROBES: usize = 8;

/// A first-pass bin that received no value.
const EMPTY: u64 = u64::MAX;

impl MinHasher {
    /// Creates a hasher producing `k` values per signature.
    ///
    /// # Panics
    ///
    /// If `k` is zero. ([`Config`](crate::Config) validation rejects that first.)
    pub fn new(k: usize, seed: u64, scheme: Scheme) -> MinHasher {
        assert!(k > 0, "a signature needs at least one value");
        let perm_seeds = match scheme {
            Scheme::Classic => (0..k as u64)
                .map(|i| mix64(seed ^ GOLDEN.wrapping_mul(i + 1)))
                .collect(),
            Scheme::OnePermutation => Vec::new(),
        };
        let limit = probe_limit(k);
        let known = PROBES.min(limit as usize);
        let probes = match scheme {
            Scheme::OnePermutation => (0..k)
                .flat_map(|i| (0..known as u64).map(move |t| probe(seed, i, t, k) as u32))
                .collect(),
            Scheme::Classic => Vec::new(),
        };
        let probed_by = (scheme == Scheme::OnePermutation && k <= MAX_INVERTED)
            .then(|| ProbedBy::new(seed, k, limit));
        let mut rightward = Vec::new();
        if scheme == Scheme::OnePermutation {
            rightward = vec![0u64; k.div_ceil(64)];
            for i in 0..k {
                rightward[i / 64] |= (probe_hash(seed, i, limit) >> 63) << (i % 64);
            }
        }
        MinHasher {
            k,
            seed,
            scheme,
            perm_seeds,
            probes,
            known,
            limit,
            probed_by,
            rightward,
        }
    }

    /// The number of values per signature.
    pub fn num_perm(&self) -> usize {
        self.k
    }

    /// Computes the signature of a set of shingle ids. Duplicates in `hashes` do
    /// not change the result. Returns `None` if `hashes` is empty: an empty set has
    /// no minimum, and two empty documents are not similar.
    pub fn signature(&self, hashes: &[u32]) -> Option<Signature> {
        if hashes.is_empty() {
            return None;
        }
        let values = match self.scheme {
            Scheme::OnePermutation => self.one_permutation(hashes),
            Scheme::Classic => self.classic(hashes),
        };
        Some(Signature { values })
    }

    fn classic(&self, hashes: &[u32]) -> Vec<u32> {
        self.perm_seeds
            .iter()
            .map(|&s| {
                let min = hashes
                    .iter()
                    .map(|&h| mix64(u64::from(h) ^ s))
                    .min()
                    .unwrap_or(u64::MAX);
                (min >> 32) as u32
            })
            .collect()
    }

    fn one_permutation(&self, hashes: &[u32]) -> Vec<u32> {
        let k = self.k;
        // A bin holds the smallest 32-bit value seen, widened so EMPTY is distinct.
        let mut bins = vec![EMPTY; k];
        for &h in hashes {
            // Mixing the shingle id with the seed spreads it over 64 bits and makes
            // the bins of different seeds independent. The high bits choose the bin
            // and the low 32 bits, independent of them, are the value.
            let x = mix64(u64::from(h) ^ self.seed);
            let bin = reduce(x, k);
            let v = u64::from(x as u32);
            // A select rather than a branch: whether a value is a bin's new
            // minimum is a coin toss the branch predictor loses.
            bins[bin] = bins[bin].min(v);
        }
        let mut values = Vec::with_capacity(k);
        self.densify(&bins, &mut values);
        values
    }

    /// Fills the bins that received nothing (DESIGN.md): each probes up to
    /// [`probe_limit`] bins chosen by a hash of `(i, attempt)` and takes the
    /// value of the first filled one (optimal densification, Shrivastava, ICML
    /// 2017); a bin whose probes all miss takes the value of the nearest filled
    /// bin to its left or right, circularly, the side chosen by one more hash
    /// of `i` (improved densification, Shrivastava & Li, UAI 2014). Only bins
    /// filled by the first pass are ever read, and which bin an empty one reads
    /// depends on the set only through which bins are filled, so two sets agree
    /// at a position with probability their Jaccard similarity, as with `k`
    /// permutations. At most `L` probes per empty bin and two sweeps of the
    /// bins: `O(k log k)`.
    ///
    /// Returns the number of bins read for the empty ones, for tests.
    fn densify(&self, bins: &[u64], values: &mut Vec<u32>) -> usize {
        let filled = bins.iter().filter(|&&b| b != EMPTY).count();
        // Bins whose probes all missed: 1 to take the left neighbour, 2 the
        // right; allocated only for sets that fill few bins.
        let mut fallback: Vec<u8> = Vec::new();
        let mut reads = match &self.probed_by {
            Some(probed_by) if filled * SPARSE <= self.k => {
                self.densify_sparse(probed_by, bins, values, &mut fallback)
            }
            _ => self.densify_dense(bins, values, &mut fallback),
        };
        if !fallback.is_empty() {
            reads += fill_from_neighbours(bins, &fallback, values);
        }
        reads
    }

    /// Densification bin by bin: each empty bin probes until it finds a
    /// filled one, which takes few probes when many are filled.
    fn densify_dense(&self, bins: &[u64], values: &mut Vec<u32>, fallback: &mut Vec<u8>) -> usize {
        let mut reads = 0;
        for (i, &b) in bins.iter().enumerate() {
            if b != EMPTY {
                values.push(b as u32);
                continue;
            }
            // The probe sequence is the same for every document, which is what
            // keeps the estimate unbiased.
            match self.probe_bins(bins, i, &mut reads) {
                Some(j) => values.push(bins[j] as u32),
                None => {
                    self.mark_fallback(i, fallback);
                    values.push(0);
                }
            }
        }
        reads
    }

    /// Densification from the filled bins: each empty bin's first probe that
    /// reaches a filled bin is found among the probes that reach filled bins.
    /// Gives what [`densify_dense`](MinHasher::densify_dense) gives.
    fn densify_sparse(
        &self,
        probed_by: &ProbedBy,
        bins: &[u64],
        values: &mut Vec<u32>,
        fallback: &mut Vec<u8>,
    ) -> usize {
        let k = self.k;
        // For each empty bin, its earliest probe of a filled bin as
        // `t << 24 | j`, so that the smallest is the earliest.
        let mut first = vec![u32::MAX; k];
        let mut reads = 0;
        for (j, _) in bins.iter().enumerate().filter(|(_, &b)| b != EMPTY) {
            let reaching = probed_by.of(j);
            reads += reaching.len();
            for &e in reaching {
                let (i, t) = ((e >> 8) as usize, e & 0xff);
                if bins[i] == EMPTY {
                    first[i] = first[i].min(t << 24 | j as u32);
                }
            }
        }
        for (i, &b) in bins.iter().enumerate() {
            if b != EMPTY {
                values.push(b as u32);
            } else if first[i] != u32::MAX {
                values.push(bins[(first[i] & 0xff_ffff) as usize] as u32);
            } else {
                self.mark_fallback(i, fallback);
                values.push(0);
            }
        }
        reads + k
    }

    /// Marks empty bin `i`, whose probes all missed, for the neighbour it
    /// takes its value from: the side is bit 63 of the hash of attempt `L`.
    fn mark_fallback(&self, i: usize, fallback: &mut Vec<u8>) {
        if fallback.is_empty() {
            *fallback = vec![0; self.k];
        }
        let right = self.rightward[i / 64] >> (i % 64) & 1;
        fallback[i] = 1 + right as u8;
    }

    /// The first of empty bin `i`'s probes that finds a filled bin, if any of
    /// the first [`probe_limit`] does; counts the bins read in `reads`.
    #[inline]
    fn probe_bins(&self, bins: &[u64], i: usize, reads: &mut usize) -> Option<usize> {
        for &j in &self.probes[i * self.known..(i + 1) * self.known] {
            *reads += 1;
            if bins[j as usize] != EMPTY {
                return Some(j as usize);
            }
        }
        for attempt in self.known as u64..self.limit {
            let j = probe(self.seed, i, attempt, self.k);
            *reads += 1;
            if bins[j] != EMPTY {
                return Some(j);
            }
        }
        None
    }
}

/// Gives each bin marked in `fallback` the value of the nearest filled bin of
/// `bins` on its left (mark 1) or right (mark 2), wrapping around; some bin is
/// filled. Returns the number of bins read: two sweeps, `O(k)`.
fn fill_from_neighbours(bins: &[u64], fallback: &[u8], values: &mut [u32]) -> usize {
    let k = bins.len();
    let mut reads = 0;
    // Rightwards: the nearest filled bin after `i`, or the first one.
    let first = bins.iter().position(|&b| b != EMPTY).expect("a filled bin");
    let mut next = bins[first];
    reads += first + 1;
    for i in (0..k).rev() {
        if fallback[i] == 2 {
            values[i] = next as u32;
        }
        if bins[i] != EMPTY {
            next = bins[i];
        }
    }
    // Leftwards: the nearest filled bin before `i`, or the last one.
    let last = bins
        .iter()
        .rposition(|&b| b != EMPTY)
        .expect("a filled bin");
    let mut prev = bins[last];
    reads += k - last;
    for i in 0..k {
        if fallback[i] == 1 {
            values[i] = prev as u32;
        }
        if bins[i] != EMPTY {
            prev = bins[i];
        }
    }
    reads + 2 * k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> Vec<u32> {
        range
            .map(|i| mix64(i.wrapping_mul(0x1234_5678_9abc_def1)) as u32)
            .collect()
    }

    #[test]
    fn identical_sets_agree_fully() {
        for scheme in [Scheme::OnePermutation, Scheme::Classic] {
            let m = MinHasher::new(64, 1, scheme);
            let a = m.signature(&set(0..100)).unwrap();
            let mut shuffled = set(0..100);
            shuffled.reverse();
            shuffled.extend(set(0..10));
            assert_eq!(a, m.signature(&shuffled).unwrap());
            assert_eq!(a.jaccard(&a), 1.0);
        }
    }

    #[test]
    fn empty_set_has_no_signature() {
        assert!(MinHasher::new(8, 0, Scheme::OnePermutation)
            .signature(&[])
            .is_none());
        assert!(MinHasher::new(8, 0, Scheme::Classic)
            .signature(&[])
            .is_none());
    }

    #[test]
    fn single_shingle_fills_every_bin() {
        let m = MinHasher::new(128, 3, Scheme::OnePermutation);
        let s = m.signature(&[42]).unwrap();
        assert_eq!(s.len(), 128);
        assert!(s.values().iter().all(|&v| v == s.values()[0]));
    }

    #[test]
    fn disjoint_sets_rarely_agree() {
        for scheme in [Scheme::OnePermutation, Scheme::Classic] {
            let m = MinHasher::new(128, 9, scheme);
            let a = m.signature(&set(0..500)).unwrap();
            let b = m.signature(&set(1000..1500)).unwrap();
            assert!(a.jaccard(&b) < 0.05, "{scheme:?}: {}", a.jaccard(&b));
        }
    }

    /// One permutation hashing as specified in DESIGN.md, written plainly: a
    /// branch per bin update, every densification probe hashed, and a bin
    /// whose probes all miss walks to its neighbour one bin at a time.
    fn one_permutation_reference(k: usize, seed: u64, hashes: &[u32]) -> Vec<u32> {
        let mut bins = vec![u64::MAX; k];
        for &h in hashes {
            let x = mix64(u64::from(h) ^ seed);
            let bin = reduce(x, k);
            if u64::from(x as u32) < bins[bin] {
                bins[bin] = u64::from(x as u32);
            }
        }
        let filled = |j: usize| bins[j] != u64::MAX;
        // L = 4·⌈log₂ k⌉.
        let limit = 4 * (0u64..).find(|&b| 1u64 << b >= k as u64).unwrap();
        let hash = |i: usize, t: u64| mix64(seed ^ GOLDEN.wrapping_mul(((i as u64) << 32 | t) + 1));
        (0..k)
            .map(|i| {
                if filled(i) {
                    return bins[i] as u32;
                }
                if let Some(j) = (0..limit)
                    .map(|t| reduce(hash(i, t), k))
                    .find(|&j| filled(j))
                {
                    return bins[j] as u32;
                }
                let step = if hash(i, limit) >> 63 == 1 { 1 } else { k - 1 };
                let mut j = i;
                loop {
                    j = (j + step) % k;
                    if filled(j) {
                        return bins[j] as u32;
                    }
                }
            })
            .collect()
    }

    #[test]
    fn probe_limit_is_four_times_the_bits_of_k() {
        for (k, limit) in [
            (1, 0),
            (2, 4),
            (3, 8),
            (4, 8),
            (5, 12),
            (128, 28),
            (129, 32),
            (4096, 48),
        ] {
            assert_eq!(probe_limit(k), limit, "k = {k}");
        }
    }

    /// Bins of a first pass where each of `k` bins is filled with probability
    /// `share` (at least one is), the way `one_permutation` leaves them.
    fn first_pass(k: usize, share: f64, seed: u64) -> Vec<u64> {
        let mut x = seed;
        let mut bins: Vec<u64> = (0..k)
            .map(|_| {
                x = mix64(x.wrapping_add(GOLDEN));
                if ((x >> 11) as f64) < share * (1u64 << 53) as f64 {
                    u64::from(x as u32)
                } else {
                    EMPTY
                }
            })
            .collect();
        bins[(x % k as u64) as usize] = u64::from((x >> 32) as u32);
        bins
    }

    #[test]
    fn both_densifications_give_the_same_values() {
        // The signature picks one by how many bins are filled; each must give
        // what the other would, on either side of the switch.
        for k in [1, 2, 7, 64, 128, 1000, 4096] {
            let m = MinHasher::new(k, k as u64, Scheme::OnePermutation);
            let probed_by = m.probed_by.as_ref().unwrap();
            for (n, share) in [0.0, 0.001, 0.01, 0.05, 0.1, 0.125, 0.15, 0.3, 0.7, 1.0]
                .into_iter()
                .enumerate()
            {
                let bins = first_pass(k, share, n as u64);
                let (mut dense, mut sparse) = (Vec::new(), Vec::new());
                let (mut fallback_dense, mut fallback_sparse) = (Vec::new(), Vec::new());
                m.densify_dense(&bins, &mut dense, &mut fallback_dense);
                m.densify_sparse(probed_by, &bins, &mut sparse, &mut fallback_sparse);
                assert_eq!(dense, sparse, "k = {k}, share = {share}");
                assert_eq!(fallback_dense, fallback_sparse, "k = {k}, share = {share}");
            }
        }
    }

    #[test]
    fn densifying_one_shingle_reads_few_bins() {
        // Issue 16: optimal densification without a limit probed about k² bins
        // for a set of one shingle (16.7 million at k = 4096), and a crafted
        // index file of one-word documents took 40 s to load.
        let k = 4096;
        let limit = probe_limit(k) as usize;
        for seed in 0..4 {
            let m = MinHasher::new(k, seed, Scheme::OnePermutation);
            for hashes in [vec![7u32], vec![1, 2, 3]] {
                let mut bins = vec![EMPTY; k];
                for &h in &hashes {
                    let x = mix64(u64::from(h) ^ seed);
                    let bin = reduce(x, k);
                    bins[bin] = bins[bin].min(u64::from(x as u32));
                }
                let mut values = Vec::new();
                // The path a signature takes, from the filled bins...
                let reads = m.densify(&bins, &mut values);
                assert!(reads <= hashes.len() * 2 * limit + 5 * k, "{reads} reads");
                assert_eq!(values, m.signature(&hashes).unwrap().values());
                // ...and the path from the empty bins: at most L probes each.
                let mut fallback = Vec::new();
                values.clear();
                let probes = m.densify_dense(&bins, &mut values, &mut fallback);
                assert!(probes <= (k - 1) * limit, "{probes} probes");
                assert!(probes >= (k - hashes.len()) * limit / 2, "{probes} probes");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 2000, ..Default::default() })]

        /// The probe tables and the select give the signature the specification
        /// gives, including sets so small that most bins need more probes than
        /// the limit allows and take their neighbour's value.
        #[test]
        fn one_permutation_matches_the_specification(
            hashes in proptest::collection::vec(proptest::num::u32::ANY, 1..400),
            k in proptest::sample::select(vec![1usize, 2, 7, 64, 128, 200, 256, 1024]),
            seed in proptest::num::u64::ANY,
        ) {
            let m = MinHasher::new(k, seed, Scheme::OnePermutation);
            let got = m.signature(&hashes).unwrap();
            proptest::prop_assert_eq!(got.values(), &one_permutation_reference(k, seed, &hashes)[..]);
        }
    }
}
