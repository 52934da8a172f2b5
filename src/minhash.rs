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
//!   its value. Cost `O(n + k)` per document; accuracy matches `k` independent
//!   permutations (see the `estimator_error` test).
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
    /// One permutation hashing with optimal densification, `O(n + k)`.
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
        let same = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / self.values.len() as f64
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

/// The bin that densification probes for empty bin `i` at attempt `attempt`.
#[inline]
fn probe(seed: u64, i: usize, attempt: u64, k: usize) -> usize {
    reduce(
        mix64(seed ^ GOLDEN.wrapping_mul(((i as u64) << 32 | attempt) + 1)),
        k,
    )
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
    /// For one permutation hashing, the first [`PROBES`] bins that densification
    /// probes for each empty bin, `probes[i·PROBES + t]` for bin `i` and attempt
    /// `t`: the sequence is the same for every document, so it is computed once.
    probes: Vec<u32>,
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
        let probes = match scheme {
            Scheme::OnePermutation => (0..k)
                .flat_map(|i| (0..PROBES as u64).map(move |t| probe(seed, i, t, k) as u32))
                .collect(),
            Scheme::Classic => Vec::new(),
        };
        MinHasher {
            k,
            seed,
            scheme,
            perm_seeds,
            probes,
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
        const EMPTY: u64 = u64::MAX;
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
        for (i, &b) in bins.iter().enumerate() {
            if b != EMPTY {
                values.push(b as u32);
                continue;
            }
            // Optimal densification: probe bins with a hash of (i, attempt) until a
            // filled one is found; the probe sequence is the same for every
            // document, which is what keeps the estimate unbiased.
            let known = &self.probes[i * PROBES..(i + 1) * PROBES];
            let v = match known.iter().find(|&&j| bins[j as usize] != EMPTY) {
                Some(&j) => bins[j as usize] as u32,
                None => {
                    let mut attempt = PROBES as u64;
                    loop {
                        let j = probe(self.seed, i, attempt, k);
                        if bins[j] != EMPTY {
                            break bins[j] as u32;
                        }
                        attempt += 1;
                    }
                }
            };
            values.push(v);
        }
        values
    }
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
    /// branch per bin update and every densification probe hashed.
    fn one_permutation_reference(k: usize, seed: u64, hashes: &[u32]) -> Vec<u32> {
        let mut bins = vec![u64::MAX; k];
        for &h in hashes {
            let x = mix64(u64::from(h) ^ seed);
            let bin = reduce(x, k);
            if u64::from(x as u32) < bins[bin] {
                bins[bin] = u64::from(x as u32);
            }
        }
        (0..k)
            .map(|i| {
                (0u64..)
                    .map(|t| mix64(seed ^ GOLDEN.wrapping_mul(((i as u64) << 32 | t) + 1)))
                    .map(|p| reduce(p, k))
                    .map(|j| if bins[i] != u64::MAX { i } else { j })
                    .find(|&j| bins[j] != u64::MAX)
                    .map(|j| bins[j] as u32)
                    .expect("a filled bin")
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 2000, ..Default::default() })]

        /// The probe table and the select give the signature the specification
        /// gives, including sets so small that most bins need more probes than
        /// the table holds.
        #[test]
        fn one_permutation_matches_the_specification(
            hashes in proptest::collection::vec(proptest::num::u32::ANY, 1..400),
            k in proptest::sample::select(vec![1usize, 2, 7, 64, 128, 200, 256]),
            seed in proptest::num::u64::ANY,
        ) {
            let m = MinHasher::new(k, seed, Scheme::OnePermutation);
            let got = m.signature(&hashes).unwrap();
            proptest::prop_assert_eq!(got.values(), &one_permutation_reference(k, seed, &hashes)[..]);
        }
    }
}
