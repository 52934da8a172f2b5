//! Corpus-level template learning: blocks that recur in many documents.
//!
//! Per-document cleaning ([`boilerplate`](crate::boilerplate)) cannot see that a
//! sentence-like line — "Join our official telegram channel and stay updated with
//! the latest headlines", a disclaimer, a teaser of another story — is part of an
//! outlet's template. Across the corpus it can: such a block recurs, word for
//! word, on every page of the outlet.
//!
//! The detector counts, for every *eligible* block, how many documents contain it
//! (its document frequency). A block reaching [`Config::template_min_docs`]
//! documents is a template: its tokens are left out of every document's shingles,
//! signature and verification, for documents indexed before and after it was
//! learned alike. Eligible blocks are those that could be template: shorter than
//! [`LONG_WORDS`](crate::boilerplate::LONG_WORDS) words, or not ending like a
//! sentence. Long, complete sentences are story text; a story reprinted by twenty
//! outlets repeats its paragraphs twenty times, and they must not be discounted.
//!
//! Because the template set depends only on which documents are indexed, not on
//! the order they came in, results do not depend on insertion order.
//!
//! [`Config::template_min_docs`]: crate::Config::template_min_docs

use ahash::AHashMap;

/// Document frequencies of eligible blocks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Templates {
    /// Blocks in at least this many documents are templates; 0 turns learning off.
    pub(crate) min_docs: u32,
    /// Document frequency per block key.
    pub(crate) df: AHashMap<u64, u32>,
}

impl Templates {
    pub(crate) fn new(min_docs: usize) -> Templates {
        Templates {
            min_docs: u32::try_from(min_docs).unwrap_or(u32::MAX),
            df: AHashMap::new(),
        }
    }

    /// Whether the block with this key is a template. Key 0 marks blocks that are
    /// not eligible.
    #[inline]
    pub(crate) fn is_template(&self, key: u64) -> bool {
        self.min_docs > 0 && key != 0 && self.df.get(&key).is_some_and(|&n| n >= self.min_docs)
    }

    /// Counts one document's distinct eligible block keys; pushes onto `changed`
    /// the keys that became templates.
    pub(crate) fn add(&mut self, keys: &[u64], changed: &mut Vec<u64>) {
        if self.min_docs == 0 {
            return;
        }
        for &k in keys {
            let n = self.df.entry(k).or_insert(0);
            *n += 1;
            if *n == self.min_docs {
                changed.push(k);
            }
        }
    }

    /// Uncounts one document's distinct eligible block keys; pushes onto
    /// `changed` the keys that stopped being templates.
    pub(crate) fn remove(&mut self, keys: &[u64], changed: &mut Vec<u64>) {
        if self.min_docs == 0 {
            return;
        }
        for &k in keys {
            if let Some(n) = self.df.get_mut(&k) {
                if *n == self.min_docs {
                    changed.push(k);
                }
                *n -= 1;
                if *n == 0 {
                    self.df.remove(&k);
                }
            }
        }
    }

    /// Number of distinct blocks that are currently templates.
    pub(crate) fn count(&self) -> usize {
        if self.min_docs == 0 {
            return 0;
        }
        self.df.values().filter(|&&n| n >= self.min_docs).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learn_and_unlearn() {
        let mut t = Templates::new(3);
        let mut changed = Vec::new();
        t.add(&[1, 2], &mut changed);
        t.add(&[1], &mut changed);
        assert!(changed.is_empty());
        assert!(!t.is_template(1));
        t.add(&[1, 2], &mut changed);
        assert_eq!(changed, [1]);
        assert!(t.is_template(1) && !t.is_template(2) && !t.is_template(0));
        changed.clear();
        t.remove(&[1], &mut changed);
        assert_eq!(changed, [1]);
        assert!(!t.is_template(1));
        assert_eq!(t.count(), 0);
        let off = Templates::new(0);
        assert!(!off.is_template(1));
    }
}
