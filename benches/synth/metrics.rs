//! Pair-counting clustering metrics computed from contingency tables.
//!
//! Labels are one cluster id per document; a singleton must get a label no
//! other document uses.  All counts are derived in O(n) from the cluster
//! sizes and the truth×predicted contingency table, never by enumerating
//! document pairs.

use std::collections::HashMap;

/// Pair-level precision / recall / F1 of a predicted clustering.
///
/// A "pair" is an unordered pair of documents placed in the same cluster.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairScores {
    /// `tp / (tp + fp)`; defined as 1.0 when no pairs are predicted.
    pub precision: f64,
    /// `tp / (tp + fn_)`; defined as 1.0 when the truth has no pairs.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0.0 if both are 0).
    pub f1: f64,
    /// Pairs together in both truth and prediction.
    pub tp: u64,
    /// Pairs predicted together but apart in truth.
    pub fp: u64,
    /// Pairs together in truth but predicted apart.
    pub fn_: u64,
}

#[inline]
fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Sizes of truth clusters, predicted clusters, and the sum of C(n_ij, 2).
struct Contingency {
    n: u64,
    truth_pairs: u64,
    pred_pairs: u64,
    joint_pairs: u64,
}

fn contingency(truth: &[u32], predicted: &[u32]) -> Contingency {
    assert_eq!(
        truth.len(),
        predicted.len(),
        "truth and predicted label slices must have the same length"
    );
    let mut a: HashMap<u32, u64> = HashMap::new();
    let mut b: HashMap<u32, u64> = HashMap::new();
    let mut ab: HashMap<(u32, u32), u64> = HashMap::new();
    for (&t, &p) in truth.iter().zip(predicted) {
        *a.entry(t).or_insert(0) += 1;
        *b.entry(p).or_insert(0) += 1;
        *ab.entry((t, p)).or_insert(0) += 1;
    }
    Contingency {
        n: truth.len() as u64,
        truth_pairs: a.values().map(|&c| pairs(c)).sum(),
        pred_pairs: b.values().map(|&c| pairs(c)).sum(),
        joint_pairs: ab.values().map(|&c| pairs(c)).sum(),
    }
}

/// Pair precision, recall and F1 of `predicted` against `truth`.
///
/// # Panics
/// If the two slices have different lengths.
pub fn pair_scores(truth: &[u32], predicted: &[u32]) -> PairScores {
    let c = contingency(truth, predicted);
    let tp = c.joint_pairs;
    let fp = c.pred_pairs - tp;
    let fn_ = c.truth_pairs - tp;
    let precision = if c.pred_pairs == 0 {
        1.0
    } else {
        tp as f64 / c.pred_pairs as f64
    };
    let recall = if c.truth_pairs == 0 {
        1.0
    } else {
        tp as f64 / c.truth_pairs as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    PairScores {
        precision,
        recall,
        f1,
        tp,
        fp,
        fn_,
    }
}

/// Adjusted Rand index (Hubert & Arabie, 1985) of `predicted` vs `truth`.
///
/// `ARI = (index - expected) / (max - expected)` with
/// `index = Σ C(n_ij,2)`, `expected = Σ C(a_i,2) · Σ C(b_j,2) / C(n,2)` and
/// `max = (Σ C(a_i,2) + Σ C(b_j,2)) / 2`.  The denominator is zero only when
/// both partitions are all-singletons or both are one single cluster (or
/// `n < 2`); the partitions are then identical and 1.0 is returned.
///
/// # Panics
/// If the two slices have different lengths.
pub fn adjusted_rand_index(truth: &[u32], predicted: &[u32]) -> f64 {
    let c = contingency(truth, predicted);
    let total = pairs(c.n) as f64;
    if total == 0.0 {
        return 1.0;
    }
    let a = c.truth_pairs as f64;
    let b = c.pred_pairs as f64;
    let index = c.joint_pairs as f64;
    let expected = a * b / total;
    let max = 0.5 * (a + b);
    let denom = max - expected;
    if denom == 0.0 {
        return 1.0;
    }
    (index - expected) / denom
}

/// Pair errors by the categories of the two documents: how many false
/// pairs (together in `predicted`, apart in `truth`) and missed pairs
/// (together in `truth`, apart in `predicted`) join a document of category
/// `a` to one of category `b`.  Keys are ordered pairs with `a <= b`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairErrors<C: Ord> {
    /// False pairs per category pair.
    pub false_pairs: std::collections::BTreeMap<(C, C), u64>,
    /// Missed pairs per category pair.
    pub missed_pairs: std::collections::BTreeMap<(C, C), u64>,
}

/// Pairs between documents that share `outer` and differ in `inner`, by
/// category pair, counted from per-cluster tables (never pair by pair).
fn split_pairs<C: Ord + Copy + std::hash::Hash>(
    outer: &[u32],
    inner: &[u32],
    category: &[C],
) -> std::collections::BTreeMap<(C, C), u64> {
    // outer cluster -> category -> (count, inner cluster -> count)
    let mut tables: HashMap<u32, HashMap<C, u64>> = HashMap::new();
    let mut joint: HashMap<(u32, u32), HashMap<C, u64>> = HashMap::new();
    for ((&o, &i), &c) in outer.iter().zip(inner).zip(category) {
        *tables.entry(o).or_default().entry(c).or_insert(0) += 1;
        *joint.entry((o, i)).or_default().entry(c).or_insert(0) += 1;
    }
    let mut out = std::collections::BTreeMap::new();
    let mut add = |counts: &HashMap<C, u64>, sign: i64| {
        let mut cats: Vec<(&C, &u64)> = counts.iter().collect();
        cats.sort_by_key(|(c, _)| **c);
        for (k, &(a, &na)) in cats.iter().enumerate() {
            for &(b, &nb) in &cats[k..] {
                let n = if a == b { pairs(na) } else { na * nb };
                if n > 0 {
                    let e: &mut i64 = out.entry((*a, *b)).or_insert(0);
                    *e += sign * n as i64;
                }
            }
        }
    };
    for counts in tables.values() {
        add(counts, 1);
    }
    for counts in joint.values() {
        add(counts, -1);
    }
    out.into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| (k, n as u64))
        .collect()
}

/// [`PairErrors`] of `predicted` against `truth`, with one category per
/// document.
///
/// # Panics
/// If the three slices have different lengths.
pub fn pair_errors<C: Ord + Copy + std::hash::Hash>(
    truth: &[u32],
    predicted: &[u32],
    category: &[C],
) -> PairErrors<C> {
    assert!(
        truth.len() == predicted.len() && truth.len() == category.len(),
        "truth, predicted and category slices must have the same length"
    );
    PairErrors {
        false_pairs: split_pairs(predicted, truth, category),
        missed_pairs: split_pairs(truth, predicted, category),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn identical_partitions_are_perfect() {
        let t = [0, 0, 1, 1, 1, 2];
        let p = [7, 7, 3, 3, 3, 9]; // relabelled
        let s = pair_scores(&t, &p);
        assert_eq!((s.tp, s.fp, s.fn_), (4, 0, 0));
        assert!(close(s.precision, 1.0) && close(s.recall, 1.0) && close(s.f1, 1.0));
        assert!(close(adjusted_rand_index(&t, &p), 1.0));
    }

    #[test]
    fn hand_checked_mixed_case() {
        // truth: {0,1,2} {3,4}        -> 3 + 1 = 4 pairs
        // pred:  {0,1} {2,3,4}        -> 1 + 3 = 4 pairs
        // joint: {0,1}:1, {2}:0, {3,4}:1 -> tp = 2
        let t = [0, 0, 0, 1, 1];
        let p = [5, 5, 6, 6, 6];
        let s = pair_scores(&t, &p);
        assert_eq!((s.tp, s.fp, s.fn_), (2, 2, 2));
        assert!(close(s.precision, 0.5) && close(s.recall, 0.5) && close(s.f1, 0.5));
        // ARI: index 2, expected 4*4/10 = 1.6, max 4 -> 0.4 / 2.4 = 1/6
        assert!(close(adjusted_rand_index(&t, &p), 1.0 / 6.0));
    }

    #[test]
    fn all_singletons_predicted() {
        let t = [0, 0, 1, 1];
        let p = [0, 1, 2, 3];
        let s = pair_scores(&t, &p);
        assert_eq!((s.tp, s.fp, s.fn_), (0, 0, 2));
        assert!(close(s.precision, 1.0)); // no predicted pairs
        assert!(close(s.recall, 0.0));
        assert!(close(s.f1, 0.0));
        // index 0, expected 0, max 1 -> 0
        assert!(close(adjusted_rand_index(&t, &p), 0.0));
    }

    #[test]
    fn both_all_singletons() {
        let t = [0, 1, 2, 3];
        let p = [9, 8, 7, 6];
        let s = pair_scores(&t, &p);
        assert_eq!((s.tp, s.fp, s.fn_), (0, 0, 0));
        assert!(close(s.precision, 1.0) && close(s.recall, 1.0) && close(s.f1, 1.0));
        assert!(close(adjusted_rand_index(&t, &p), 1.0)); // 0/0 case
    }

    #[test]
    fn everything_in_one_cluster() {
        let t = [0, 0, 0, 0];
        let p = [1, 1, 1, 1];
        assert!(close(adjusted_rand_index(&t, &p), 1.0)); // 0/0 case
                                                          // truth one cluster, prediction singletons: index 0, a = 6, b = 0
                                                          // expected 0, max 3 -> 0
        let q = [1, 2, 3, 4];
        assert!(close(adjusted_rand_index(&t, &q), 0.0));
        let s = pair_scores(&q, &t);
        assert_eq!((s.tp, s.fp, s.fn_), (0, 6, 0));
        assert!(close(s.precision, 0.0) && close(s.recall, 1.0) && close(s.f1, 0.0));
    }

    #[test]
    fn tiny_inputs() {
        assert!(close(adjusted_rand_index(&[], &[]), 1.0));
        assert!(close(adjusted_rand_index(&[3], &[4]), 1.0));
        let s = pair_scores(&[], &[]);
        assert_eq!((s.tp, s.fp, s.fn_), (0, 0, 0));
        assert!(close(s.f1, 1.0));
    }

    #[test]
    fn ari_can_be_negative() {
        // truth {0,1}{2,3}; pred {0,2}{1,3}: index 0, a=b=2, total 6,
        // expected 4/6, max 2 -> (0 - 2/3) / (4/3) = -0.5
        let t = [0, 0, 1, 1];
        let p = [0, 1, 0, 1];
        assert!(close(adjusted_rand_index(&t, &p), -0.5));
    }

    #[test]
    fn matches_brute_force_on_pseudo_random_labels() {
        let mut x = 12345u64;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % m) as u32
        };
        let t: Vec<u32> = (0..60).map(|_| next(9)).collect();
        let p: Vec<u32> = (0..60).map(|_| next(7)).collect();
        let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
        for i in 0..60 {
            for j in i + 1..60 {
                match (t[i] == t[j], p[i] == p[j]) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    _ => {}
                }
            }
        }
        let s = pair_scores(&t, &p);
        assert_eq!((s.tp, s.fp, s.fn_), (tp, fp, fn_));
    }

    #[test]
    fn errors_by_category_add_up_and_match_brute_force() {
        let mut x = 99u64;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % m) as u32
        };
        let t: Vec<u32> = (0..80).map(|_| next(12)).collect();
        let p: Vec<u32> = (0..80).map(|_| next(9)).collect();
        let c: Vec<u32> = (0..80).map(|_| next(4)).collect();
        let e = pair_errors(&t, &p, &c);
        let mut fp = std::collections::BTreeMap::new();
        let mut fn_ = std::collections::BTreeMap::new();
        for i in 0..80 {
            for j in i + 1..80 {
                let key = (c[i].min(c[j]), c[i].max(c[j]));
                match (t[i] == t[j], p[i] == p[j]) {
                    (false, true) => *fp.entry(key).or_insert(0u64) += 1,
                    (true, false) => *fn_.entry(key).or_insert(0u64) += 1,
                    _ => {}
                }
            }
        }
        assert_eq!(e.false_pairs, fp);
        assert_eq!(e.missed_pairs, fn_);
        let s = pair_scores(&t, &p);
        assert_eq!(e.false_pairs.values().sum::<u64>(), s.fp);
        assert_eq!(e.missed_pairs.values().sum::<u64>(), s.fn_);
    }

    #[test]
    #[should_panic]
    fn length_mismatch_panics() {
        let _ = pair_scores(&[0, 1], &[0]);
    }
}
