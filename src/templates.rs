//! Corpus-level template learning: blocks that recur across many stories.
//!
//! Per-document cleaning ([`boilerplate`](crate::boilerplate)) cannot see that a
//! sentence-like line — "Join our official telegram channel and stay updated with
//! the latest headlines", a disclaimer, a teaser of another story — is part of an
//! outlet's template. Across the corpus it can: such a block recurs, word for
//! word, on the pages of many different stories.
//!
//! Eligible blocks are those that could be template: shorter than
//! [`LONG_WORDS`](crate::boilerplate::LONG_WORDS) words, or not ending like a
//! sentence. Long, complete sentences are story text and are never templates.
//!
//! # Stories, not documents
//!
//! A story reprinted by twenty outlets, each with its own small edits, is
//! twenty distinct contents; its short paragraphs, lists and lines of figures
//! recur in all of them, yet they are the story, not a template. Counting the
//! contents a block appears in would learn them and take them out of the
//! copies that print them exactly but not of those with an edit in them, so
//! the copies would drift apart. So the detector counts, for each eligible
//! block, the distinct *stories* it appears in.
//!
//! Each distinct content (unit) casts one *vote* per distinct eligible block
//! key: the pair (block key, story tag). The **story tag** is a min-hash of
//! the content's story text (`story_tag`): of its long complete
//! sentences, the one with the smallest hash under a fixed function. Two
//! contents get the same tag with a probability equal to the Jaccard
//! similarity of their sets of sentences (Broder, 1997): copies of one story,
//! which share most of their sentences, mostly share it, and different
//! stories rarely do. A content with too little story text to tell
//! ([`MIN_STORY_BLOCKS`]) is a story of its own: its tag is its content hash,
//! as when every distinct content counted.
//!
//! A block key voted for with at least [`Config::template_min_docs`] distinct
//! story tags is a template: its tokens are left out of every document's
//! shingles, signature and verification, for documents indexed before and
//! after it was learned alike. An outlet's template recurs on pages of its
//! many different stories and is learned; a story's own short paragraph is
//! counted about once however many outlets print it. A copy whose edits
//! happen to hold the smallest hash gets a tag of its own, so a story with
//! very many edited copies can still reach the threshold; and a block of true
//! boilerplate found only on the copies of fewer stories is left in, which
//! costs little, since those pages are copies of each other anyway.
//!
//! The votes are a function of each content alone and the templates a
//! function of the multiset of votes: a key is a template iff the number of
//! distinct tags among its votes reaches the threshold. Results therefore do
//! not depend on the order documents came in, and the counting can run as a
//! group-by over (key, tag) pairs anywhere.
//!
//! [`Config::template_min_docs`]: crate::Config::template_min_docs

use ahash::AHashMap;

use crate::minhash::mix64;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed offset for story tags.
const STORY_DOMAIN: u64 = 0x5354_4f52_5954_4147; // "STORYTAG"

/// A content needs at least this many long complete sentences to get a story
/// tag from them. A page whose only long sentence is one that its outlet
/// prints on every page (a disclaimer the page cleaning kept) would otherwise
/// share its tag with every such page of the outlet, and the outlet's template
/// would be counted as one story.
pub const MIN_STORY_BLOCKS: usize = 2;

/// The story tag of a content from the token ids of its story blocks (its
/// long complete sentences, those with key 0), or `None` when it has fewer
/// than [`MIN_STORY_BLOCKS`] of them.
///
/// The tag is the smallest `SplitMix64(XXH3-64(LE bytes of the block's token
/// ids as u32, seed ⊕ STORY_DOMAIN))` over the story blocks: a min-hash of
/// the set of its sentences. Whole sentences rather than shingles, because
/// different stories share many shingles ("said in a statement") but few
/// whole sentences of twenty words or more, and a shingle shared by many
/// stories would give them all one tag whenever it hashes lowest. Measured
/// on the harness (`examples/eval.rs`, 10,000 pages, heavy templates and
/// heavy noise): with tags from shingles of 3 or 8 words, the reports of a
/// formulaic series (one frame, different figures) shared tags, their
/// common lines were no longer learned, and pair precision fell from 0.992
/// to 0.979; with whole sentences it stays at 0.992.
pub(crate) fn story_tag<'a>(
    blocks: impl Iterator<Item = &'a [u32]>,
    seed: u64,
    bytes: &mut Vec<u8>,
) -> Option<u64> {
    let story_seed = seed ^ STORY_DOMAIN;
    let mut count = 0usize;
    let mut tag = u64::MAX;
    for tokens in blocks {
        bytes.clear();
        for t in tokens {
            bytes.extend_from_slice(&t.to_le_bytes());
        }
        count += 1;
        tag = tag.min(mix64(xxh3_64_with_seed(bytes, story_seed)));
    }
    (count >= MIN_STORY_BLOCKS).then_some(tag)
}

/// Seed offset for story tags taken from numbers.
const FIGURES_DOMAIN: u64 = 0x4649_4755_5245_5441; // "FIGURETA"

/// A content with fewer long sentences than [`MIN_STORY_BLOCKS`] needs at
/// least this many distinct numbers to get a story tag from them.
pub const MIN_STORY_NUMBERS: usize = 4;

/// The story tag of a content with too little prose for [`story_tag`], from
/// its number ids (sorted, distinct), or `None` when it has fewer than
/// [`MIN_STORY_NUMBERS`] of them: the smallest `SplitMix64(XXH3-64(LE bytes
/// of the id as u32, seed ⊕ FIGURES_DOMAIN))`, a min-hash of its set of
/// numbers.
///
/// A wire item of figures (a results table, a market close, a league round)
/// has no long sentences; its figures are its story. Copies printed by
/// several outlets are distinct contents (each page keeps some of its
/// outlet's lines), and with the content hash as tag four copies of one
/// item would make its own rows templates, taking them out of every copy and
/// leaving the copies only their outlet's lines to compare. Its copies share
/// their figures, so they mostly share this tag; other items (another day,
/// another company) share a few figures at most, so they rarely do, and a
/// series' recurring lines are still learned across its instances.
pub(crate) fn figures_tag(numbers: &[u32], seed: u64) -> Option<u64> {
    if numbers.len() < MIN_STORY_NUMBERS {
        return None;
    }
    let seed = seed ^ FIGURES_DOMAIN;
    numbers
        .iter()
        .map(|n| mix64(xxh3_64_with_seed(&n.to_le_bytes(), seed)))
        .min()
}

/// A content's template votes: (block key, `tag`) for each distinct non-zero
/// block key, sorted.
pub(crate) fn votes(keys: impl Iterator<Item = u64>, tag: u64) -> Vec<(u64, u64)> {
    let mut votes: Vec<(u64, u64)> = keys.filter(|&k| k != 0).map(|k| (k, tag)).collect();
    votes.sort_unstable();
    votes.dedup();
    votes
}

/// Template votes and the number of distinct stories per block key.
#[derive(Clone, Debug, Default)]
pub(crate) struct Templates {
    /// Blocks voted for by at least this many stories are templates; 0 turns
    /// learning off.
    pub(crate) min_stories: u32,
    /// The number of units that cast each (block key, story tag) vote.
    votes: AHashMap<(u64, u64), u32>,
    /// The number of distinct story tags voting for each block key.
    stories: AHashMap<u64, u32>,
}

impl Templates {
    /// Capacities of the two maps, `(votes, stories)`, for
    /// `Detector::heap_parts`.
    pub(crate) fn capacities(&self) -> (usize, usize) {
        (self.votes.capacity(), self.stories.capacity())
    }

    pub(crate) fn new(min_stories: usize) -> Templates {
        Templates {
            min_stories: u32::try_from(min_stories).unwrap_or(u32::MAX),
            votes: AHashMap::new(),
            stories: AHashMap::new(),
        }
    }

    /// Whether the block with this key is a template. Key 0 marks blocks that are
    /// not eligible.
    #[inline]
    pub(crate) fn is_template(&self, key: u64) -> bool {
        self.min_stories > 0
            && key != 0
            && self
                .stories
                .get(&key)
                .is_some_and(|&n| n >= self.min_stories)
    }

    /// Counts one unit's votes (distinct, as [`votes`] gives them); pushes onto
    /// `changed` the keys that became templates.
    pub(crate) fn add(&mut self, votes: &[(u64, u64)], changed: &mut Vec<u64>) {
        if self.min_stories == 0 {
            return;
        }
        for &vote in votes {
            let units = self.votes.entry(vote).or_insert(0);
            *units += 1;
            if *units == 1 {
                let n = self.stories.entry(vote.0).or_insert(0);
                *n += 1;
                if *n == self.min_stories {
                    changed.push(vote.0);
                }
            }
        }
    }

    /// Uncounts one unit's votes, exactly as [`add`](Templates::add) counted
    /// them; pushes onto `changed` the keys that stopped being templates.
    pub(crate) fn remove(&mut self, votes: &[(u64, u64)], changed: &mut Vec<u64>) {
        if self.min_stories == 0 {
            return;
        }
        for vote in votes {
            let Some(units) = self.votes.get_mut(vote) else {
                continue;
            };
            *units -= 1;
            if *units > 0 {
                continue;
            }
            self.votes.remove(vote);
            if let Some(n) = self.stories.get_mut(&vote.0) {
                if *n == self.min_stories {
                    changed.push(vote.0);
                }
                *n -= 1;
                if *n == 0 {
                    self.stories.remove(&vote.0);
                }
            }
        }
    }

    /// Number of distinct blocks that are currently templates.
    pub(crate) fn count(&self) -> usize {
        if self.min_stories == 0 {
            return 0;
        }
        self.stories
            .values()
            .filter(|&&n| n >= self.min_stories)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learn_and_unlearn_by_distinct_stories() {
        let mut t = Templates::new(3);
        let mut changed = Vec::new();
        // Three units of one story: one story, however many units.
        for _ in 0..3 {
            t.add(&votes([1, 2].into_iter(), 10), &mut changed);
        }
        assert!(changed.is_empty());
        assert!(!t.is_template(1));
        t.add(&votes([1].into_iter(), 20), &mut changed);
        assert!(changed.is_empty());
        t.add(&votes([1, 2, 0].into_iter(), 30), &mut changed);
        assert_eq!(changed, [1]);
        assert!(t.is_template(1) && !t.is_template(2) && !t.is_template(0));
        assert_eq!(t.count(), 1);
        // Removing one of the story-10 units leaves two: still three stories.
        changed.clear();
        t.remove(&votes([1, 2].into_iter(), 10), &mut changed);
        assert!(changed.is_empty() && t.is_template(1));
        t.remove(&votes([1, 2].into_iter(), 10), &mut changed);
        t.remove(&votes([1, 2].into_iter(), 10), &mut changed);
        assert_eq!(changed, [1]);
        assert!(!t.is_template(1));
        assert_eq!(t.count(), 0);
        // Everything removed leaves nothing behind.
        t.remove(&votes([1].into_iter(), 20), &mut changed);
        t.remove(&votes([1, 2].into_iter(), 30), &mut changed);
        assert!(t.votes.is_empty() && t.stories.is_empty());
        let off = Templates::new(0);
        assert!(!off.is_template(1));
    }

    #[test]
    fn votes_are_sorted_distinct_and_skip_key_zero() {
        assert_eq!(votes([5, 0, 3, 5].into_iter(), 7), [(3, 7), (5, 7)]);
    }

    #[test]
    fn story_tag_follows_shared_story_text() {
        let mut scratch = Vec::new();
        let story: Vec<Vec<u32>> = (0..6u32)
            .map(|p| (0..25).map(|w| p * 1000 + w).collect())
            .collect();
        let tag = |blocks: &[Vec<u32>], scratch: &mut Vec<u8>| {
            story_tag(blocks.iter().map(Vec::as_slice), 7, scratch)
        };
        let whole = tag(&story, &mut scratch).expect("enough story text");
        // The same paragraphs in another order: the same tag.
        let mut shuffled = story.clone();
        shuffled.reverse();
        assert_eq!(tag(&shuffled, &mut scratch), Some(whole));
        // Another story: another tag.
        let other: Vec<Vec<u32>> = story
            .iter()
            .map(|b| b.iter().map(|t| t + 500).collect())
            .collect();
        assert_ne!(tag(&other, &mut scratch), Some(whole));
        // One sentence is too little to tell.
        assert_eq!(tag(&story[..1], &mut scratch), None);
        assert_eq!(tag(&[], &mut scratch), None);
    }

    #[test]
    fn figures_tag_follows_shared_figures() {
        let item: Vec<u32> = (100..112).collect();
        let whole = figures_tag(&item, 7).expect("enough figures");
        // The figure that gives the tag; a copy without another one (a row
        // dropped) keeps the tag, one without it does not.
        let hash = |n: u32| mix64(xxh3_64_with_seed(&n.to_le_bytes(), 7 ^ FIGURES_DOMAIN));
        let lowest = *item.iter().min_by_key(|&&n| hash(n)).unwrap();
        let without =
            |drop: u32| -> Vec<u32> { item.iter().copied().filter(|&n| n != drop).collect() };
        let other_row = if lowest == 100 { 101 } else { 100 };
        assert_eq!(figures_tag(&without(other_row), 7), Some(whole));
        assert_ne!(figures_tag(&without(lowest), 7), Some(whole));
        // Other figures, another tag; too few figures, no tag.
        let other: Vec<u32> = (500..512).collect();
        assert_ne!(figures_tag(&other, 7), Some(whole));
        assert_eq!(figures_tag(&item[..MIN_STORY_NUMBERS - 1], 7), None);
        assert!(figures_tag(&item[..MIN_STORY_NUMBERS], 7).is_some());
    }
}
