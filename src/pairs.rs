//! The verified pairs of a detector's documents.

use rayon::prelude::*;

use crate::cluster::Scores;

/// The verified pairs of an index, kept where verification produces them.
///
/// A pair of document numbers `a < b` is kept once, in the list of `b`, with
/// its scores oriented from `a` to `b`. Verification finds each new document's
/// pairs among the documents before it, so the pairs of a batch arrive as one
/// list per document and move in as they are, with nothing hashed: on a large
/// batch, filling a map of millions of pairs one at a time cost more than a
/// tenth of indexing. Every document also lists all the documents it is paired
/// with, so that removing it finds its pairs.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairStore {
    /// `below[b]`: the pairs `(a, b)` with `a < b`, as `a` and the scores.
    below: Vec<Vec<(u32, Scores)>>,
    /// `neighbors[d]`: every document paired with `d`, in no particular order.
    neighbors: Vec<Vec<u32>>,
    len: usize,
}

impl PairStore {
    /// Makes room for `n` more documents.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.below.reserve(n);
        self.neighbors.reserve(n);
    }

    /// Adds the next `n` document numbers, with no pairs.
    pub(crate) fn push_docs(&mut self, n: usize) {
        self.below.resize_with(self.below.len() + n, Vec::new);
        self.neighbors
            .resize_with(self.neighbors.len() + n, Vec::new);
    }

    /// Number of pairs.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds the pair of `a` and `b` (which differ, and have no pair yet), with
    /// scores oriented from `a` to `b`.
    pub(crate) fn insert(&mut self, a: u32, b: u32, scores: Scores) {
        let (low, high, scores) = if a < b {
            (a, b, scores)
        } else {
            (b, a, scores.swapped())
        };
        debug_assert!(
            a != b && !self.below[high as usize].iter().any(|&(x, _)| x == low),
            "pair ({a}, {b}) twice"
        );
        self.below[high as usize].push((low, scores));
        self.neighbors[low as usize].push(high);
        self.neighbors[high as usize].push(low);
        self.len += 1;
    }

    /// Adds the pairs verification found for each of `docs`: `found[i]` holds
    /// the documents paired with `docs[i]`, with scores oriented from them to
    /// `docs[i]`. `docs` are distinct, and none of the pairs is in the store.
    pub(crate) fn extend(&mut self, docs: &[u32], found: Vec<Vec<(u32, Scores)>>) {
        debug_assert_eq!(docs.len(), found.len());
        let n = self.neighbors.len();
        let total: usize = found.iter().map(Vec::len).sum();
        // A few pairs (a document added to a large index) go in one by one;
        // what follows costs a few bytes per indexed document.
        if total < n / 16 {
            for (&d, pairs) in docs.iter().zip(found) {
                for (c, scores) in pairs {
                    self.insert(c, d, scores);
                }
            }
            return;
        }
        // A document gains the documents found for it, and one for each time
        // it was found for another. Those are laid out grouped by document
        // first (a counting sort), so that every neighbor list grows once, and
        // the lists grow in parallel.
        let mut start = vec![0usize; n + 1];
        for pairs in &found {
            for &(c, _) in pairs {
                start[c as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut found_by: Vec<u32> = vec![0; total];
        let mut next = start.clone();
        for (&d, pairs) in docs.iter().zip(&found) {
            for &(c, _) in pairs {
                found_by[next[c as usize]] = d;
                next[c as usize] += 1;
            }
        }
        drop(next);
        let mut own: Vec<&[(u32, Scores)]> = vec![&[]; n];
        for (&d, pairs) in docs.iter().zip(&found) {
            own[d as usize] = pairs;
        }
        self.neighbors
            .par_iter_mut()
            .enumerate()
            .with_min_len(1024)
            .for_each(|(d, list)| {
                let (mine, by) = (own[d], &found_by[start[d]..start[d + 1]]);
                if mine.is_empty() && by.is_empty() {
                    return;
                }
                list.reserve(mine.len() + by.len());
                list.extend(mine.iter().map(|&(c, _)| c));
                list.extend_from_slice(by);
            });
        drop(own);
        // The pairs themselves: most were found for their larger document, and
        // their list moves in whole.
        for (&d, pairs) in docs.iter().zip(found) {
            self.len += pairs.len();
            let (mut lower, higher): (Vec<_>, Vec<_>) = if pairs.iter().all(|&(c, _)| c < d) {
                (pairs, Vec::new())
            } else {
                pairs.into_iter().partition(|&(c, _)| c < d)
            };
            let list = &mut self.below[d as usize];
            if list.is_empty() {
                *list = lower;
            } else {
                list.append(&mut lower);
            }
            for (c, scores) in higher {
                self.below[c as usize].push((d, scores.swapped()));
            }
        }
    }

    /// Removes document `d`'s pairs.
    pub(crate) fn remove_doc(&mut self, d: u32) {
        let mine = std::mem::take(&mut self.below[d as usize]);
        self.len -= mine.len();
        for n in std::mem::take(&mut self.neighbors[d as usize]) {
            if n > d {
                let list = &mut self.below[n as usize];
                let before = list.len();
                list.retain(|&(x, _)| x != d);
                self.len -= before - list.len();
            }
            self.neighbors[n as usize].retain(|&x| x != d);
        }
    }

    /// Every pair as `(a, b, scores)`, `a < b`, scores oriented from `a` to `b`,
    /// ordered by `b` (and within it, as found).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, u32, &Scores)> + '_ {
        self.below
            .iter()
            .enumerate()
            .flat_map(|(b, list)| list.iter().map(move |(a, s)| (*a, b as u32, s)))
    }

    /// The pairs of each document with smaller documents: `lists()[b]` holds
    /// `(a, scores)` for each pair `a < b`, scores oriented from `a` to `b`.
    pub(crate) fn lists(&self) -> &[Vec<(u32, Scores)>] {
        &self.below
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn scores(x: f64) -> Scores {
        Scores {
            estimated_jaccard: x,
            jaccard: x,
            containment_ab: x,
            containment_ba: x / 2.0,
            exact: true,
            number_overlap: None,
        }
    }

    fn contents(store: &PairStore) -> BTreeMap<(u32, u32), Scores> {
        store.iter().map(|(a, b, s)| ((a, b), *s)).collect()
    }

    fn check_neighbors(store: &PairStore, pairs: &BTreeMap<(u32, u32), Scores>) {
        for (d, list) in store.neighbors.iter().enumerate() {
            let mut got = list.clone();
            got.sort_unstable();
            let d = d as u32;
            let want: Vec<u32> = pairs
                .keys()
                .filter_map(|&(a, b)| (a == d).then_some(b).or((b == d).then_some(a)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            assert_eq!(got, want, "neighbors of {d}");
        }
        assert_eq!(store.len(), pairs.len());
        assert_eq!(store.iter().count(), pairs.len());
    }

    #[test]
    fn extend_insert_and_remove_keep_one_oriented_copy_of_each_pair() {
        let mut store = PairStore::default();
        let mut want = BTreeMap::new();
        for _ in 0..8 {
            store.push_docs(1);
        }
        // A batch: 5, 6 and 7 found with earlier documents, and 2 re-verified
        // after them, so that 2 was found with the larger 6 and 7.
        let docs = [5, 6, 7, 2];
        let found = vec![
            vec![(0, scores(0.5)), (1, scores(0.6))],
            vec![(5, scores(0.7))],
            vec![],
            vec![(6, scores(0.8)), (7, scores(0.9)), (1, scores(0.55))],
        ];
        store.extend(&docs, found);
        want.insert((0, 5), scores(0.5));
        want.insert((1, 5), scores(0.6));
        want.insert((5, 6), scores(0.7));
        want.insert((2, 6), scores(0.8).swapped());
        want.insert((2, 7), scores(0.9).swapped());
        want.insert((1, 2), scores(0.55));
        assert_eq!(contents(&store), want);
        check_neighbors(&store, &want);

        store.insert(7, 3, scores(0.65));
        want.insert((3, 7), scores(0.65).swapped());
        assert_eq!(contents(&store), want);
        check_neighbors(&store, &want);

        store.remove_doc(2);
        want.retain(|&(a, b), _| a != 2 && b != 2);
        assert_eq!(contents(&store), want);
        check_neighbors(&store, &want);

        store.remove_doc(5);
        want.retain(|&(a, b), _| a != 5 && b != 5);
        assert_eq!(contents(&store), want);
        check_neighbors(&store, &want);
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn batches_large_and_small_agree_with_a_map() {
        // Batches of every size against a map of the pairs, with removals
        // between them: large batches take the bulk path, small ones the
        // one-by-one path.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        let mut store = PairStore::default();
        let mut want: BTreeMap<(u32, u32), Scores> = BTreeMap::new();
        for round in 0..40 {
            let added = [1, 3, 40][round % 3];
            for _ in 0..added {
                store.push_docs(1);
            }
            let n = store.neighbors.len() as u32;
            // New documents, and a few older ones re-verified after them.
            let mut docs: Vec<u32> = (n - added..n).collect();
            for _ in 0..next(3) {
                let d = next(u64::from(n)) as u32;
                if !docs.contains(&d) {
                    docs.push(d);
                }
            }
            // Documents are taken out of the pairs before they are verified
            // again.
            for &d in &docs {
                store.remove_doc(d);
                want.retain(|&(a, b), _| a != d && b != d);
            }
            let mut found = Vec::new();
            for (i, &d) in docs.iter().enumerate() {
                let mut pairs = Vec::new();
                for _ in 0..next(6) {
                    let c = next(u64::from(n)) as u32;
                    let key = (c.min(d), c.max(d));
                    // Each pair once: verified by one of its documents.
                    if c == d || want.contains_key(&key) || docs[..i].contains(&c) {
                        continue;
                    }
                    let s = scores(next(1000) as f64 / 1000.0);
                    want.insert(key, if c < d { s } else { s.swapped() });
                    pairs.push((c, s));
                }
                found.push(pairs);
            }
            store.extend(&docs, found);
            assert_eq!(contents(&store), want, "round {round}");
            check_neighbors(&store, &want);
        }
        assert!(want.len() > 100);
    }
}
