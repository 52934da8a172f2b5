//! Candidate links: which pairs of distinct contents are compared.
//!
//! LSH puts contents with similar shingle sets into shared buckets. Comparing
//! every pair within a bucket costs the square of its size, and a wire story
//! printed ten thousand times fills a bucket of ten thousand in every band: fifty
//! million comparisons for one story. Instead, each bucket is represented by its
//! *heads*, its [`BUCKET_HEADS`] highest-ranked members, and every member of a
//! bucket is linked to the heads of that bucket only. A content is therefore
//! compared with at most `bands · BUCKET_HEADS` others, and the links of a corpus
//! grow linearly with its size, however the copies are distributed.
//!
//! The *rank* orders contents by size first (more distinct shingles ranks
//! higher) and then by content hash: the heads of a bucket are its most complete
//! versions of the text, the ones that contain the cut copies and excerpts that
//! share the bucket, and the contents that grouping later takes as centers.
//! Because ranks depend only on the contents, the links are a function of the
//! set of contents, whatever the order they were added in.
//!
//! This module is a stage over plain data: it reads an [`LshIndex`] and a rank
//! per content and returns pairs of content numbers.

use rayon::prelude::*;

use crate::lsh::LshIndex;
use crate::minhash::Signature;

/// How many members of each LSH bucket every other member is linked to.
pub const BUCKET_HEADS: usize = 4;

/// How many members lead each bucket of the detector's LSH index, in rank
/// order (see `LshIndex::insert_ranked`): the heads, and one more, which is
/// a head to a query that is itself among the heads ([`heads_for`]).
pub(crate) const LED: usize = BUCKET_HEADS + 1;

/// Marks a content number that is absent.
const NONE: u32 = u32::MAX;

/// A content's rank: lower leads. Absent contents rank [`ABSENT`].
pub(crate) type RankKey = u128;

/// The rank of a number that holds no content.
pub(crate) const ABSENT: RankKey = RankKey::MAX;

/// The rank of a content with `len` distinct shingles and content hash `hash`:
/// larger contents first, then smaller hashes.
pub(crate) fn rank_key(len: usize, hash: u64) -> RankKey {
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    (RankKey::from(u32::MAX - len) << 64) | RankKey::from(hash)
}

/// The heads of a bucket: its members with the lowest ranks, lowest first, at
/// most [`BUCKET_HEADS`]. Absent members are skipped.
pub(crate) fn bucket_heads(members: &[u32], rank: impl Fn(u32) -> RankKey) -> Heads {
    let mut heads = Heads::default();
    for &m in members {
        let r = rank(m);
        if r != ABSENT {
            heads.offer(m, r);
        }
    }
    heads
}

/// Up to [`BUCKET_HEADS`] content numbers ordered by rank.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Heads {
    items: [(u32, RankKey); BUCKET_HEADS],
    len: usize,
}

impl Default for Heads {
    fn default() -> Heads {
        Heads {
            items: [(NONE, ABSENT); BUCKET_HEADS],
            len: 0,
        }
    }
}

impl Heads {
    /// Keeps `unit` if its rank is among the lowest seen.
    fn offer(&mut self, unit: u32, rank: RankKey) {
        if self.len == BUCKET_HEADS && rank >= self.items[BUCKET_HEADS - 1].1 {
            return;
        }
        let mut i = self.len.min(BUCKET_HEADS - 1);
        if self.len < BUCKET_HEADS {
            self.len += 1;
        }
        while i > 0 && self.items[i - 1].1 > rank {
            self.items[i] = self.items[i - 1];
            i -= 1;
        }
        self.items[i] = (unit, rank);
    }

    /// The heads' content numbers, best first.
    pub(crate) fn units(&self) -> impl Iterator<Item = u32> + '_ {
        self.items[..self.len].iter().map(|&(u, _)| u)
    }
}

/// The candidate links of every content in `lsh`: each pair `(a, b)`, `a < b`,
/// such that `a` and `b` share a bucket in which one of them is a head. Sorted
/// and distinct. `rank[u]` is content `u`'s rank ([`ABSENT`] for a number that
/// holds no content).
pub(crate) fn candidate_links(lsh: &LshIndex, rank: &[RankKey]) -> Vec<(u32, u32)> {
    let n = rank.len();
    let bands = lsh.keys_per_document();
    // Per content, the distinct heads of its buckets seen so far. Bands are
    // taken a few at a time (one per thread), each turned into the bucket of
    // every member and the heads of every bucket, then merged into the lists
    // in parallel over the contents: memory stays a few bytes per content and
    // band in flight, never one entry per raw link.
    let mut near: Vec<Vec<u32>> = vec![Vec::new(); n];
    let step = rayon::current_num_threads().max(1);
    for first in (0..bands).step_by(step) {
        let chunk: Vec<(Vec<u32>, Vec<Heads>)> = (first..(first + step).min(bands))
            .into_par_iter()
            .map(|band| {
                let mut bucket_of = vec![NONE; n];
                let mut heads = Vec::new();
                let mut buf = Vec::new();
                let rank_of = |m: u32| rank.get(m as usize).copied().unwrap_or(ABSENT);
                lsh.for_each_bucket(band, &mut buf, |members| {
                    let h = bucket_heads(members, rank_of);
                    let b = heads.len() as u32;
                    heads.push(h);
                    for &m in members {
                        if let Some(slot) = bucket_of.get_mut(m as usize) {
                            *slot = b;
                        }
                    }
                });
                (bucket_of, heads)
            })
            .collect();
        near.par_iter_mut().enumerate().for_each(|(u, list)| {
            if rank[u] == ABSENT {
                return;
            }
            for (bucket_of, heads) in &chunk {
                let b = bucket_of[u];
                if b == NONE {
                    continue;
                }
                for h in heads[b as usize].units() {
                    if h != u as u32 && !list.contains(&h) {
                        list.push(h);
                    }
                }
            }
        });
    }
    let mut links: Vec<(u32, u32)> = near
        .par_iter()
        .enumerate()
        .flat_map_iter(|(u, list)| {
            let u = u as u32;
            list.iter().map(move |&h| (u.min(h), u.max(h)))
        })
        .collect();
    links.par_sort_unstable();
    links.dedup();
    links
}

/// The contents a signature is compared with: the distinct heads of the
/// buckets it falls in, best rank first, leaving out `exclude` (the content
/// itself, when it is indexed).
pub(crate) fn heads_for(
    lsh: &LshIndex,
    sig: &Signature,
    rank: impl Fn(u32) -> RankKey,
    exclude: u32,
) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut lead = Vec::new();
    for (band, key) in lsh.band_keys(sig).enumerate() {
        // The index is led (see `LshIndex::insert_ranked`) by `LED` members,
        // the heads and one more, in rank order: the bucket's heads without
        // `exclude`. (A chain past its lead is in no order.)
        lsh.lead_of(band, key, LED, &mut lead);
        for &h in lead.iter().filter(|&&h| h != exclude).take(BUCKET_HEADS) {
            if !out.contains(&h) {
                out.push(h);
            }
        }
    }
    out.sort_by_key(|&u| rank(u));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn larger_contents_rank_first() {
        assert!(rank_key(10, u64::MAX) < rank_key(9, 0));
        assert!(rank_key(10, 1) < rank_key(10, 2));
    }

    #[test]
    fn heads_are_the_lowest_ranks_in_order() {
        let rank = [5, 1, 9, 0, 3, 7, ABSENT];
        let r = |m: u32| rank[m as usize];
        let h = bucket_heads(&[0, 1, 2, 3, 4, 5, 6], r);
        assert_eq!(h.units().collect::<Vec<_>>(), [3, 1, 4, 0]);
        let h = bucket_heads(&[2, 6], r);
        assert_eq!(h.units().collect::<Vec<_>>(), [2]);
    }
}
