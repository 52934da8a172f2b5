//! Locality-sensitive hashing by banding: finds candidate pairs without comparing
//! every document with every other.
//!
//! A signature of `k` values is cut into `b` bands of `r` rows (`b·r ≤ k`). Each
//! band is hashed to a *band key*; two documents become candidates when any band
//! key agrees. If the Jaccard similarity of two documents is `s`, one band agrees
//! with probability `s^r` and at least one of `b` bands with
//!
//! ```text
//! P(s) = 1 − (1 − s^r)^b
//! ```
//!
//! an S-shaped curve that rises steeply around `(1/b)^(1/r)` (Leskovec, Rajaraman &
//! Ullman, *Mining of Massive Datasets*, ch. 3). [`LshParams::optimal`] picks `b`
//! and `r` for a similarity threshold `t` by minimising the weighted sum of the
//! false-positive area `∫₀ᵗ P(s) ds` and the false-negative area
//! `∫ₜ¹ 1 − P(s) ds`.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::error::{Error, Result};
use crate::minhash::{mix64, Signature};
use crate::util::key_table::KeyTable;

/// The banding of a signature: `bands` bands of `rows` values each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LshParams {
    /// Number of bands, `b`.
    pub bands: usize,
    /// Values per band, `r`.
    pub rows: usize,
}

/// Integrates `f` over `[a, b]` with Simpson's rule.
fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const STEPS: usize = 200; // even
    if b <= a {
        return 0.0;
    }
    let h = (b - a) / STEPS as f64;
    let mut sum = f(a) + f(b);
    for i in 1..STEPS {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(a + i as f64 * h);
    }
    sum * h / 3.0
}

/// `x` to the power `n` by square-and-multiply. `f64::powi` would do, but its
/// precision is unspecified and may vary between platforms; IEEE 754
/// multiplication is exact to the last bit everywhere, so the banding derived
/// from [`LshParams::probability`] is the same on every machine.
fn pow(x: f64, mut n: usize) -> f64 {
    let (mut acc, mut base) = (1.0, x);
    while n > 0 {
        if n & 1 == 1 {
            acc *= base;
        }
        base *= base;
        n >>= 1;
    }
    acc
}

impl LshParams {
    /// The probability that two documents of Jaccard similarity `s` share at least
    /// one band: `1 − (1 − s^r)^b`.
    pub fn probability(&self, s: f64) -> f64 {
        1.0 - pow(1.0 - pow(s, self.rows), self.bands)
    }

    /// The banding of at most `num_perm` values that minimises
    /// `fp_weight · ∫₀ᵗ P(s) ds + fn_weight · ∫ₜ¹ (1 − P(s)) ds` for threshold `t`.
    ///
    /// # Errors
    ///
    /// If `threshold` is not in `(0, 1)`, a weight is negative or not finite, or
    /// `num_perm` is zero.
    pub fn optimal(
        threshold: f64,
        num_perm: usize,
        fp_weight: f64,
        fn_weight: f64,
    ) -> Result<LshParams> {
        if !(threshold > 0.0 && threshold < 1.0) {
            return Err(Error::config(format!(
                "LSH threshold must be strictly between 0 and 1, got {threshold}"
            )));
        }
        if !(fp_weight.is_finite() && fn_weight.is_finite() && fp_weight >= 0.0 && fn_weight >= 0.0)
        {
            return Err(Error::config("LSH weights must be finite and non-negative"));
        }
        if num_perm == 0 {
            return Err(Error::config("num_perm must be at least 1"));
        }
        let mut best = (f64::INFINITY, LshParams { bands: 1, rows: 1 });
        for bands in 1..=num_perm {
            for rows in 1..=num_perm / bands {
                let p = LshParams { bands, rows };
                let fp = integrate(|s| p.probability(s), 0.0, threshold);
                let fneg = integrate(|s| 1.0 - p.probability(s), threshold, 1.0);
                let cost = fp_weight * fp + fn_weight * fneg;
                // Ties go to the banding that uses more of the signature.
                if cost < best.0 - 1e-12 {
                    best = (cost, p);
                }
            }
        }
        Ok(best.1)
    }

    pub(crate) fn validate(&self, num_perm: usize) -> Result<()> {
        // Checked: a product that wrapped could pass and then allocate `bands` maps.
        let used = self.bands.checked_mul(self.rows);
        if self.bands == 0 || self.rows == 0 || used.is_none_or(|u| u > num_perm) {
            return Err(Error::config(format!(
                "LSH banding {}×{} needs 1 ≤ bands·rows ≤ num_perm ({num_perm})",
                self.bands, self.rows
            )));
        }
        Ok(())
    }
}

/// Marks the end of a bucket's chain.
const NONE: u32 = u32::MAX;

/// A banding index over signatures, keyed by dense `u32` document numbers.
///
/// Each band maps a band key to the most recently inserted document with that key;
/// the other documents of the bucket follow through a per-document link. That keeps
/// one table entry per distinct key (twelve bytes, in a table at most three
/// quarters full) and four bytes per document and band, with no allocation per
/// bucket.
///
/// Its `Debug` form is a summary (banding, seed, document count), not the
/// buckets.
#[derive(Clone)]
pub struct LshIndex {
    params: LshParams,
    /// Single-value containment bands after the `params.bands` bands.
    containment: usize,
    seed: u64,
    heads: Vec<KeyTable>,
    /// `next[band][doc]`: the next document in the same bucket of `band`. One
    /// array per band lets the bands be filled in parallel.
    next: Vec<Vec<u32>>,
    len: usize,
}

impl std::fmt::Debug for LshIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LshIndex")
            .field("params", &self.params)
            .field("containment_bands", &self.containment)
            .field("seed", &self.seed)
            .field("documents", &self.len)
            .finish()
    }
}

impl LshIndex {
    /// Creates an empty index. Band keys depend on `seed`.
    ///
    /// # Panics
    ///
    /// If `params` has zero bands or rows.
    pub fn new(params: LshParams, seed: u64) -> LshIndex {
        LshIndex::with_containment_bands(params, 0, seed)
    }

    /// Creates an empty index with `containment` more bands of one signature
    /// value each after the banding's (see
    /// [`Config::containment_bands`](crate::Config::containment_bands)): band
    /// `params.bands + j` is keyed by signature value `j` alone.
    ///
    /// # Panics
    ///
    /// If `params` has zero bands or rows.
    pub fn with_containment_bands(params: LshParams, containment: usize, seed: u64) -> LshIndex {
        assert!(params.bands > 0 && params.rows > 0, "empty LSH banding");
        let tables = params.bands + containment;
        LshIndex {
            params,
            containment,
            seed,
            heads: (0..tables).map(|_| KeyTable::default()).collect(),
            next: vec![Vec::new(); tables],
            len: 0,
        }
    }

    /// The banding.
    pub fn params(&self) -> LshParams {
        self.params
    }

    /// The number of single-value containment bands after the banding's.
    pub fn containment_bands(&self) -> usize {
        self.containment
    }

    /// Band keys per document: the banding's bands, then the containment
    /// bands.
    pub fn keys_per_document(&self) -> usize {
        self.params.bands + self.containment
    }

    /// Heap bytes of the index: its key tables' slots, and its chain links
    /// (`next`, by capacity). For `Detector::heap_parts`.
    pub(crate) fn heap_bytes(&self) -> (usize, usize) {
        let tables = self.heads.iter().map(KeyTable::bytes).sum::<usize>()
            + self.heads.capacity() * std::mem::size_of::<KeyTable>();
        let next = self.next.iter().map(|n| 4 * n.capacity()).sum::<usize>()
            + self.next.capacity() * std::mem::size_of::<Vec<u32>>();
        (tables, next)
    }

    /// The number of documents in the index.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The band keys of a signature: XXH3-64 of each band's values as little-endian
    /// bytes, seeded with a hash of the seed and the band number; then one key
    /// per containment band `j`, of signature value `j` alone, seeded the same
    /// way with band number `bands + j`.
    ///
    /// # Panics
    ///
    /// If the signature is shorter than `bands · rows` or than the number of
    /// containment bands.
    pub fn band_keys<'a>(&'a self, sig: &'a Signature) -> impl Iterator<Item = u64> + 'a {
        band_keys(self.params, self.containment, self.seed, sig)
    }

    /// Inserts document `doc` with its signature.
    ///
    /// # Panics
    ///
    /// If `doc` is `u32::MAX`. Inserting a document number twice without removing
    /// it first corrupts its buckets; the [`Detector`](crate::Detector) never does.
    pub fn insert(&mut self, doc: u32, sig: &Signature) {
        assert!(doc != NONE, "document number u32::MAX is reserved");
        let keys: Vec<u64> = self.band_keys(sig).collect();
        for (band, key) in keys.into_iter().enumerate() {
            let next = &mut self.next[band];
            if next.len() <= doc as usize {
                next.resize(doc as usize + 1, NONE);
            }
            next[doc as usize] = self.heads[band].insert(key, doc).unwrap_or(NONE);
        }
        self.len += 1;
    }

    /// Inserts many documents, as [`insert`](LshIndex::insert) would one after
    /// the other, on the current rayon thread pool: band keys are computed in
    /// parallel over the documents, and buckets filled in parallel over the
    /// bands.
    ///
    /// # Panics
    ///
    /// As [`insert`](LshIndex::insert).
    pub fn insert_many(&mut self, docs: &[(u32, &Signature)]) {
        let bands = self.keys_per_document();
        assert!(
            docs.iter().all(|&(doc, _)| doc != NONE),
            "document number u32::MAX is reserved"
        );
        let Some(last) = docs.iter().map(|&(doc, _)| doc).max() else {
            return;
        };
        let mut keys = vec![0u64; docs.len() * bands];
        keys.par_chunks_mut(bands)
            .zip(docs)
            .for_each(|(dst, (_, sig))| {
                for (k, key) in dst.iter_mut().zip(self.band_keys(sig)) {
                    *k = key;
                }
            });
        self.heads
            .par_iter_mut()
            .zip(self.next.par_iter_mut())
            .enumerate()
            .for_each(|(band, (heads, next))| {
                if next.len() <= last as usize {
                    next.resize(last as usize + 1, NONE);
                }
                heads.reserve(docs.len());
                let band_keys = keys.iter().skip(band).step_by(bands).copied();
                for (key, doc) in in_home_order(band_keys, docs) {
                    next[doc as usize] = heads.insert(key, doc).unwrap_or(NONE);
                }
            });
        self.len += docs.len();
    }

    /// Removes document `doc`, which must have been inserted with `sig`. Returns
    /// whether it was found.
    pub fn remove(&mut self, doc: u32, sig: &Signature) -> bool {
        let mut found = false;
        let keys: Vec<u64> = self.band_keys(sig).collect();
        for (band, key) in keys.into_iter().enumerate() {
            let Some(head) = self.heads[band].get(key) else {
                continue;
            };
            let after = self.next[band].get(doc as usize).copied().unwrap_or(NONE);
            if head == doc {
                found = true;
                if after == NONE {
                    self.heads[band].remove(key);
                } else {
                    self.heads[band].insert(key, after);
                }
                continue;
            }
            let next = &mut self.next[band];
            let mut cur = head;
            while cur != NONE {
                let link = cur as usize;
                if next[link] == doc {
                    next[link] = after;
                    found = true;
                    break;
                }
                cur = next[link];
            }
        }
        if found {
            self.len -= 1;
        }
        found
    }

    /// Inserts `doc` into an index whose buckets are kept *led*: each bucket's
    /// chain starts with its `lead` members of lowest `rank`, in rank order
    /// (the rest in no order). Costs at most `lead` steps per band, however
    /// large the bucket. An index must be filled with the ranked methods only
    /// ([`insert_many_ranked`](LshIndex::insert_many_ranked),
    /// [`remove_ranked`](LshIndex::remove_ranked)) for this to hold; ranks must
    /// not change while a document is in the index.
    pub(crate) fn insert_ranked(
        &mut self,
        doc: u32,
        sig: &Signature,
        lead: usize,
        rank: impl Fn(u32) -> u128,
    ) {
        assert!(doc != NONE, "document number u32::MAX is reserved");
        let r = rank(doc);
        let keys: Vec<u64> = self.band_keys(sig).collect();
        for (band, key) in keys.into_iter().enumerate() {
            let next = &mut self.next[band];
            if next.len() <= doc as usize {
                next.resize(doc as usize + 1, NONE);
            }
            let Some(first) = self.heads[band].get(key) else {
                self.heads[band].insert(key, doc);
                next[doc as usize] = NONE;
                continue;
            };
            // Past the members that rank before `doc`, but no further than
            // the lead: a member that is not among the lead goes right after it.
            let (mut prev, mut cur, mut steps) = (NONE, first, 0);
            while cur != NONE && steps < lead && rank(cur) <= r {
                prev = cur;
                cur = next[cur as usize];
                steps += 1;
            }
            next[doc as usize] = cur;
            if prev == NONE {
                self.heads[band].insert(key, doc);
            } else {
                next[prev as usize] = doc;
            }
        }
        self.len += 1;
    }

    /// Inserts many documents into a led index (see
    /// [`insert_ranked`](LshIndex::insert_ranked)): one at a time when they are
    /// few beside the index, else all at once and then the lead of every
    /// bucket they entered put back in front.
    pub(crate) fn insert_many_ranked(
        &mut self,
        docs: &[(u32, &Signature)],
        lead: usize,
        rank: impl Fn(u32) -> u128 + Sync,
    ) {
        if docs.len() * 8 < self.len + docs.len() {
            for &(doc, sig) in docs {
                self.insert_ranked(doc, sig, lead, &rank);
            }
            return;
        }
        self.insert_many(docs);
        let bands = self.keys_per_document();
        let mut keys: Vec<Vec<u64>> = vec![Vec::with_capacity(docs.len()); bands];
        for &(_, sig) in docs {
            for (band, key) in self.band_keys(sig).enumerate() {
                keys[band].push(key);
            }
        }
        self.heads
            .par_iter_mut()
            .zip(self.next.par_iter_mut())
            .zip(keys.par_iter_mut())
            .for_each(|((heads, next), keys)| {
                keys.sort_unstable();
                keys.dedup();
                let mut buf = Vec::new();
                for &key in keys.iter() {
                    relead(heads, next, key, lead, &rank, &mut buf);
                }
            });
    }

    /// Removes `doc` from a led index (see
    /// [`insert_ranked`](LshIndex::insert_ranked)). Returns whether it was
    /// found. Where it was in a bucket's lead, the bucket is walked once to
    /// find the member that takes its place.
    pub(crate) fn remove_ranked(
        &mut self,
        doc: u32,
        sig: &Signature,
        lead: usize,
        rank: impl Fn(u32) -> u128,
    ) -> bool {
        let mut found = false;
        let keys: Vec<u64> = self.band_keys(sig).collect();
        let mut buf = Vec::new();
        for (band, key) in keys.into_iter().enumerate() {
            let Some(first) = self.heads[band].get(key) else {
                continue;
            };
            let next = &mut self.next[band];
            let after = next.get(doc as usize).copied().unwrap_or(NONE);
            let (mut prev, mut cur, mut pos) = (NONE, first, 0usize);
            while cur != NONE && cur != doc {
                prev = cur;
                cur = next[cur as usize];
                pos += 1;
            }
            if cur == NONE {
                continue;
            }
            found = true;
            if prev == NONE {
                if after == NONE {
                    self.heads[band].remove(key);
                    continue;
                }
                self.heads[band].insert(key, after);
            } else {
                next[prev as usize] = after;
            }
            if pos < lead {
                relead(&mut self.heads[band], next, key, lead, &rank, &mut buf);
            }
        }
        if found {
            self.len -= 1;
        }
        found
    }

    /// The first at most `lead` members of the bucket `(band, key)`: in a led
    /// index, its `lead` members of lowest rank, in rank order.
    pub(crate) fn lead_of(&self, band: usize, key: u64, lead: usize, out: &mut Vec<u32>) {
        out.clear();
        let Some(mut cur) = self.heads[band].get(key) else {
            return;
        };
        let next = &self.next[band];
        while cur != NONE && out.len() < lead {
            out.push(cur);
            cur = next[cur as usize];
        }
    }

    /// Every member of the bucket `(band, key)`.
    pub(crate) fn members_of(&self, band: usize, key: u64, out: &mut Vec<u32>) {
        out.clear();
        let Some(mut cur) = self.heads[band].get(key) else {
            return;
        };
        let next = &self.next[band];
        while cur != NONE {
            out.push(cur);
            cur = next[cur as usize];
        }
    }

    /// Calls `f` with every document that shares at least one band with `sig`. A
    /// document sharing several bands is reported several times.
    pub fn for_each_candidate(&self, sig: &Signature, mut f: impl FnMut(u32)) {
        // A bucket is a chain of links through memory that is mostly out of
        // cache, and each step of a chain waits for the one before. So the
        // chains of all bands are walked side by side, one step of each per
        // round: the loads of a round are independent and are in flight
        // together.
        let mut chains: Vec<(u32, &[u32])> = self
            .band_keys(sig)
            .zip(&self.heads)
            .zip(&self.next)
            .filter_map(|((key, heads), next)| Some((heads.get(key)?, next.as_slice())))
            .collect();
        while !chains.is_empty() {
            chains.retain_mut(|(cur, next)| {
                f(*cur);
                *cur = next[*cur as usize];
                *cur != NONE
            });
        }
    }

    /// Calls `f` with every document that shares at least one band with `doc`
    /// and was inserted before it (and not removed since). A document sharing
    /// several bands is reported several times.
    ///
    /// A bucket's chain runs from its most recent document to its oldest, so
    /// this walks the chains from `doc`'s own links: no band key is computed or
    /// looked up, and no document inserted after `doc` is visited. After
    /// [`insert_many`](LshIndex::insert_many) of documents in ascending order,
    /// that is each pair among them once, from its larger document, plus every
    /// pair with a document inserted earlier.
    ///
    /// # Panics
    ///
    /// If `doc` was never inserted. Calling it for a document that was removed
    /// reports documents of chains it is no longer part of.
    pub fn for_each_earlier(&self, doc: u32, mut f: impl FnMut(u32)) {
        // As in `for_each_candidate`, the chains are walked side by side so that
        // their cache misses overlap.
        let mut chains: Vec<(u32, &[u32])> = self
            .next
            .iter()
            .filter_map(|next| {
                let first = next[doc as usize];
                (first != NONE).then_some((first, next.as_slice()))
            })
            .collect();
        while !chains.is_empty() {
            chains.retain_mut(|(cur, next)| {
                f(*cur);
                *cur = next[*cur as usize];
                *cur != NONE
            });
        }
    }

    /// Calls `f` with the members of every bucket of `band` that holds two or
    /// more documents (in chain order), one bucket at a time; `buf` is scratch.
    pub(crate) fn for_each_bucket(
        &self,
        band: usize,
        buf: &mut Vec<u32>,
        mut f: impl FnMut(&[u32]),
    ) {
        let next = &self.next[band];
        for head in self.heads[band].values() {
            if next[head as usize] == NONE {
                continue;
            }
            buf.clear();
            let mut cur = head;
            while cur != NONE {
                buf.push(cur);
                cur = next[cur as usize];
            }
            f(buf);
        }
    }

    /// The distinct documents that share at least one band with `sig`, ascending.
    pub fn query(&self, sig: &Signature) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_candidate(sig, |d| out.push(d));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Batches smaller than this are inserted in their own order.
const SORT_MIN: usize = 4096;

/// The `(key, document)` pairs of one band of a batch, in batch order for
/// equal keys, and otherwise roughly in ascending order of their keys.
///
/// A band's table places a key by its value (see `KeyTable`), so inserting
/// keys in ascending order walks the table front to back instead of missing
/// the cache at every key. An exact sort is not needed: the pairs are counted
/// out by the top bits of their keys into runs of a few hundred keys, whose
/// slots lie within a few kilobytes of each other. The count is stable, so
/// documents with the same key go into their bucket's chain in batch order.
fn in_home_order(
    keys: impl Iterator<Item = u64> + Clone,
    docs: &[(u32, &Signature)],
) -> Vec<(u64, u32)> {
    let pairs = keys.zip(docs.iter().map(|&(doc, _)| doc));
    let n = docs.len();
    if n < SORT_MIN {
        return pairs.collect();
    }
    // About 512 keys per run.
    let bits = (n / 512).next_power_of_two().trailing_zeros().clamp(1, 16);
    let shift = 64 - bits;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for (key, _) in pairs.clone() {
        starts[(key >> shift) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut out = vec![(0u64, 0u32); n];
    for (key, doc) in pairs {
        let run = &mut starts[(key >> shift) as usize];
        out[*run] = (key, doc);
        *run += 1;
    }
    out
}

/// Puts the `lead` members of lowest rank of bucket `key` at the front of
/// its chain, in rank order, the others after them in their order.
fn relead(
    heads: &mut KeyTable,
    next: &mut [u32],
    key: u64,
    lead: usize,
    rank: impl Fn(u32) -> u128,
    buf: &mut Vec<u32>,
) {
    let Some(mut cur) = heads.get(key) else {
        return;
    };
    buf.clear();
    while cur != NONE {
        buf.push(cur);
        cur = next[cur as usize];
    }
    let mut best: Vec<(u128, u32)> = Vec::with_capacity(lead + 1);
    for &m in buf.iter() {
        let r = rank(m);
        let at = best.partition_point(|&(x, _)| x <= r);
        if at < lead {
            best.insert(at, (r, m));
            best.truncate(lead);
        }
    }
    let chain = best.iter().map(|&(_, m)| m).chain(
        buf.iter()
            .copied()
            .filter(|m| !best.iter().any(|&(_, b)| b == *m)),
    );
    let mut prev = NONE;
    for m in chain {
        if prev == NONE {
            heads.insert(key, m);
        } else {
            next[prev as usize] = m;
        }
        prev = m;
    }
    next[prev as usize] = NONE;
}

/// The band keys of a signature under a banding, a number of containment
/// bands and a seed (see [`LshIndex::band_keys`]).
///
/// # Panics
///
/// If the signature is shorter than `bands · rows` or than `containment`.
pub(crate) fn band_keys(
    params: LshParams,
    containment: usize,
    seed: u64,
    sig: &Signature,
) -> impl Iterator<Item = u64> + '_ {
    let LshParams { bands, rows } = params;
    let values = sig.values();
    assert!(
        values.len() >= bands * rows && values.len() >= containment,
        "signature shorter than the banding"
    );
    let single = (0..containment).map(move |j| {
        let key_seed = mix64(seed ^ ((bands + j) as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        xxh3_64_with_seed(&values[j].to_le_bytes(), key_seed)
    });
    (0..bands)
        .map(move |b| {
            let mut buf = [0u8; 4 * 64];
            let band = &values[b * rows..(b + 1) * rows];
            let mut key_seed = mix64(seed ^ (b as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            // Bands longer than 64 values are hashed in chunks, chained by seed.
            for chunk in band.chunks(64) {
                for (dst, v) in buf.chunks_exact_mut(4).zip(chunk) {
                    dst.copy_from_slice(&v.to_le_bytes());
                }
                key_seed = xxh3_64_with_seed(&buf[..4 * chunk.len()], key_seed);
            }
            key_seed
        })
        .chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_params_match_threshold() {
        let p = LshParams::optimal(0.5, 128, 0.5, 0.5).unwrap();
        assert!(p.bands * p.rows <= 128);
        // The S-curve's steep part sits near the threshold.
        assert!(p.probability(0.3) < 0.2, "{p:?}");
        assert!(p.probability(0.7) > 0.95, "{p:?}");
        let low = LshParams::optimal(0.2, 128, 0.5, 0.5).unwrap();
        assert!(low.rows <= p.rows);
        assert!(low.probability(0.25) > 0.5, "{low:?}");
    }

    #[test]
    fn optimal_params_reject_bad_input() {
        assert!(LshParams::optimal(0.0, 128, 0.5, 0.5).is_err());
        assert!(LshParams::optimal(1.0, 128, 0.5, 0.5).is_err());
        assert!(LshParams::optimal(f64::NAN, 128, 0.5, 0.5).is_err());
        assert!(LshParams::optimal(0.5, 0, 0.5, 0.5).is_err());
        assert!(LshParams::optimal(0.5, 128, -1.0, 0.5).is_err());
    }

    #[test]
    fn banding_whose_product_overflows_is_rejected() {
        let huge = LshParams {
            bands: 1 << (usize::BITS / 2 + 4),
            rows: 1 << (usize::BITS / 2 + 4),
        };
        assert!(huge.validate(128).is_err());
        assert!(LshParams { bands: 8, rows: 16 }.validate(128).is_ok());
    }

    #[test]
    fn insert_query_remove() {
        let p = LshParams { bands: 4, rows: 2 };
        let mut idx = LshIndex::new(p, 0);
        let a = Signature::from_values(vec![1, 2, 3, 4, 5, 6, 7, 8]);
        let b = Signature::from_values(vec![1, 2, 0, 0, 0, 0, 0, 0]);
        let c = Signature::from_values(vec![9, 9, 9, 9, 9, 9, 9, 9]);
        idx.insert(0, &a);
        idx.insert(1, &b);
        idx.insert(2, &c);
        assert_eq!(idx.len(), 3);
        assert_eq!(idx.query(&a), vec![0, 1]);
        assert_eq!(idx.query(&c), vec![2]);
        assert!(idx.remove(0, &a));
        assert!(!idx.remove(0, &a));
        assert_eq!(idx.query(&a), vec![1]);
        assert!(idx.remove(1, &b));
        assert!(idx.query(&a).is_empty());
        assert_eq!(idx.len(), 1);
    }

    #[test]
    fn inserting_many_equals_inserting_one_by_one() {
        let p = LshParams { bands: 5, rows: 2 };
        // Signatures over a small alphabet, so that buckets hold many documents.
        let sigs: Vec<Signature> = (0..200u32)
            .map(|d| Signature::from_values((0..10).map(|i| (d * 7 + i * 3) % 4).collect()))
            .collect();
        let mut one = LshIndex::new(p, 9);
        let mut many = LshIndex::new(p, 9);
        // Document numbers out of order and with gaps.
        let order: Vec<u32> = (0..200).map(|i| (i * 37) % 211).collect();
        for (&d, s) in order.iter().zip(&sigs) {
            one.insert(d, s);
        }
        let batch: Vec<(u32, &Signature)> = order.iter().copied().zip(&sigs).collect();
        many.insert_many(&batch[..120]);
        many.insert_many(&batch[120..]);
        many.insert_many(&[]);
        assert_eq!(one.len(), many.len());
        for s in &sigs {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            one.for_each_candidate(s, |d| a.push(d));
            many.for_each_candidate(s, |d| b.push(d));
            assert_eq!(a, b, "same buckets in the same order");
        }
    }

    #[test]
    fn a_large_batch_fills_buckets_as_one_by_one_inserts_do() {
        // Large enough for `in_home_order` to reorder the batch, with buckets of
        // many documents and many singletons.
        let n = 3 * SORT_MIN as u32;
        let p = LshParams { bands: 3, rows: 2 };
        let sigs: Vec<Signature> = (0..n)
            .map(|d| {
                let shared = (d % 50, d % 7 + 100);
                Signature::from_values(vec![shared.0, shared.1, d, d, d % 3, d / 2])
            })
            .collect();
        let mut one = LshIndex::new(p, 4);
        let mut many = LshIndex::new(p, 4);
        // Document numbers descending, so batch order is not number order.
        let batch: Vec<(u32, &Signature)> =
            (0..n).map(|i| (n - 1 - i, &sigs[i as usize])).collect();
        for &(d, s) in &batch {
            one.insert(d, s);
        }
        many.insert_many(&batch[..SORT_MIN + 10]);
        many.insert_many(&batch[SORT_MIN + 10..]);
        for s in sigs.iter().step_by(7) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            one.for_each_candidate(s, |d| a.push(d));
            many.for_each_candidate(s, |d| b.push(d));
            assert_eq!(a, b, "same buckets in the same order");
        }
        for &(d, _) in batch.iter().step_by(11) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            one.for_each_earlier(d, |c| a.push(c));
            many.for_each_earlier(d, |c| b.push(c));
            assert_eq!(a, b, "same chains below document {d}");
        }
    }

    #[test]
    fn earlier_documents_are_the_candidates_inserted_before() {
        let p = LshParams { bands: 5, rows: 2 };
        let sigs: Vec<Signature> = (0..300u32)
            .map(|d| Signature::from_values((0..10).map(|i| (d * 7 + i * 3) % 5).collect()))
            .collect();
        let mut idx = LshIndex::new(p, 3);
        let batch: Vec<(u32, &Signature)> = (0..300u32).zip(&sigs).collect();
        idx.insert_many(&batch[..100]);
        // Removing from the middle of buckets keeps the chains in insertion order.
        for d in (0..100u32).step_by(7) {
            assert!(idx.remove(d, &sigs[d as usize]));
        }
        idx.insert_many(&batch[100..]);
        let removed = |c: u32| c < 100 && c % 7 == 0;
        for d in (100..300u32).step_by(3) {
            let mut got = Vec::new();
            idx.for_each_earlier(d, |c| got.push(c));
            got.sort_unstable();
            got.dedup();
            let want: Vec<u32> = idx
                .query(&sigs[d as usize])
                .into_iter()
                .filter(|&c| c < d && !removed(c))
                .collect();
            assert_eq!(got, want, "document {d}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 500, ..Default::default() })]

        /// The buckets walked one by one hold every document with a partner in
        /// the band, once, with the documents `for_each_bucket_of` and `query`
        /// report, after batches, removals and reinsertions out of order.
        #[test]
        fn buckets_agree_with_queries(
            values in proptest::collection::vec(proptest::collection::vec(0u32..4, 6), 1..120),
            removed in proptest::collection::vec(proptest::num::u32::ANY, 0..40),
            split in 0usize..120,
        ) {
            let p = LshParams { bands: 3, rows: 2 };
            let sigs: Vec<Signature> = values.into_iter().map(Signature::from_values).collect();
            let n = sigs.len() as u32;
            let split = split.min(sigs.len());
            let mut idx = LshIndex::new(p, 1);
            let batch: Vec<(u32, &Signature)> = (0..n).zip(&sigs).collect();
            idx.insert_many(&batch[..split]);
            let mut gone: Vec<u32> = removed.iter().map(|&r| r % n).filter(|&d| (d as usize) < split).collect();
            gone.sort_unstable();
            gone.dedup();
            for &d in &gone {
                proptest::prop_assert!(idx.remove(d, &sigs[d as usize]));
            }
            idx.insert_many(&batch[split..]);
            let back: Vec<(u32, &Signature)> = gone.iter().step_by(2).map(|&d| (d, &sigs[d as usize])).collect();
            idx.insert_many(&back);
            let live = |d: u32| !gone.contains(&d) || back.iter().any(|&(b, _)| b == d);
            let mut buf = Vec::new();
            for band in 0..p.bands {
                let mut seen = vec![0u32; n as usize];
                idx.for_each_bucket(band, &mut buf, |members| {
                    for &m in members {
                        seen[m as usize] += 1;
                    }
                });
                for d in 0..n {
                    proptest::prop_assert!(seen[d as usize] <= u32::from(live(d)));
                }
            }
            for d in (0..n).filter(|&d| live(d)) {
                let mut got = Vec::new();
                for (band, key) in idx.band_keys(&sigs[d as usize]).enumerate() {
                    idx.members_of(band, key, &mut buf);
                    got.extend_from_slice(&buf);
                }
                proptest::prop_assert!(got.contains(&d));
                got.sort_unstable();
                got.dedup();
                proptest::prop_assert_eq!(got, idx.query(&sigs[d as usize]));
            }
        }
    }

    #[test]
    fn ranked_buckets_keep_their_lead_in_front() {
        // Few distinct values per band, so buckets are large; ranks are a
        // function of the document number, unrelated to insertion order.
        let params = LshParams { bands: 4, rows: 1 };
        let rank = |d: u32| u128::from(d.wrapping_mul(0x9e37_79b9) ^ 0x5555);
        let sig = |d: u32| Signature::from_values((0..4).map(|b| (d * 7 + b) % 3).collect());
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut step = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for lead in [1, 4] {
            let mut index = LshIndex::new(params, 9);
            let mut live: Vec<u32> = Vec::new();
            let mut next_doc = 0u32;
            for round in 0..300 {
                match step() % 5 {
                    0 if !live.is_empty() => {
                        let d = live.swap_remove((step() % live.len() as u64) as usize);
                        assert!(index.remove_ranked(d, &sig(d), lead, rank));
                    }
                    1 => {
                        let batch: Vec<u32> =
                            (next_doc..next_doc + 1 + (step() % 40) as u32).collect();
                        next_doc += batch.len() as u32;
                        let sigs: Vec<Signature> = batch.iter().map(|&d| sig(d)).collect();
                        let docs: Vec<(u32, &Signature)> =
                            batch.iter().copied().zip(&sigs).collect();
                        index.insert_many_ranked(&docs, lead, rank);
                        live.extend(batch);
                    }
                    _ => {
                        index.insert_ranked(next_doc, &sig(next_doc), lead, rank);
                        live.push(next_doc);
                        next_doc += 1;
                    }
                }
                assert_eq!(index.len(), live.len());
                let (mut got, mut all) = (Vec::new(), Vec::new());
                for band in 0..4 {
                    for v in 0..3u32 {
                        let key = band_keys(params, 0, 9, &Signature::from_values(vec![v; 4]))
                            .nth(band)
                            .unwrap();
                        index.lead_of(band, key, lead, &mut got);
                        index.members_of(band, key, &mut all);
                        let mut want = all.clone();
                        want.sort_by_key(|&d| rank(d));
                        want.truncate(lead);
                        assert_eq!(got, want, "round {round}, band {band}, value {v}");
                        let mut members = all.clone();
                        members.sort_unstable();
                        let mut expected: Vec<u32> = live
                            .iter()
                            .copied()
                            .filter(|&d| sig(d).values()[band] == v)
                            .collect();
                        expected.sort_unstable();
                        assert_eq!(members, expected);
                    }
                }
            }
        }
    }

    #[test]
    fn containment_bands_key_single_values() {
        let p = LshParams { bands: 2, rows: 4 };
        let idx = LshIndex::with_containment_bands(p, 3, 7);
        assert_eq!(idx.keys_per_document(), 5);
        // Two signatures that agree on value 1 alone: no banded key agrees,
        // the containment band of value 1 does, and only it.
        let a = Signature::from_values(vec![10, 20, 30, 40, 50, 60, 70, 80]);
        let b = Signature::from_values(vec![11, 20, 31, 41, 51, 61, 71, 81]);
        let (ka, kb): (Vec<u64>, Vec<u64>) =
            (idx.band_keys(&a).collect(), idx.band_keys(&b).collect());
        assert_eq!(ka.len(), 5);
        let same: Vec<usize> = (0..5).filter(|&i| ka[i] == kb[i]).collect();
        assert_eq!(same, [3]);
        // The banded keys are those of an index without containment bands.
        let plain: Vec<u64> = LshIndex::new(p, 7).band_keys(&a).collect();
        assert_eq!(plain, ka[..2]);
        // One value in two bands gives two different keys: each band has its
        // own seed.
        let c = Signature::from_values(vec![5; 8]);
        let kc: Vec<u64> = idx.band_keys(&c).collect();
        assert_ne!(kc[2], kc[3]);
        let mut index = LshIndex::with_containment_bands(p, 3, 7);
        index.insert(0, &a);
        index.insert(1, &c);
        assert_eq!(index.query(&b), vec![0]);
    }

    #[test]
    fn removal_from_the_middle_of_a_bucket() {
        let p = LshParams { bands: 1, rows: 2 };
        let mut idx = LshIndex::new(p, 5);
        let s = Signature::from_values(vec![7, 7]);
        for d in 0..5 {
            idx.insert(d, &s);
        }
        assert!(idx.remove(2, &s));
        assert_eq!(idx.query(&s), vec![0, 1, 3, 4]);
        assert!(idx.remove(4, &s));
        assert!(idx.remove(0, &s));
        assert_eq!(idx.query(&s), vec![1, 3]);
    }
}
