//! Merging detectors: shards built apart (in parallel, on other machines, on
//! other days) combined into one, with the same pairs and groups as one
//! detector that had all their documents inserted.

use rayon::prelude::*;

use crate::cluster::Edge;
use crate::detector::Detector;
use crate::error::{Error, ErrorKind, Result};

impl Detector {
    /// Moves every document of `other` into this detector.
    ///
    /// The pairs each detector already verified are kept, and only pairs with
    /// one document on each side are looked for, so merging costs about as much
    /// as querying `other`'s documents. The result has the same pairs and groups
    /// as one detector into which all the documents were inserted.
    ///
    /// # Example
    ///
    /// ```
    /// use reprint::Detector;
    ///
    /// let text = "The quick brown fox jumps over the lazy dog near the river bank today.";
    /// let mut shard_a = Detector::builder().build()?;
    /// shard_a.insert("a", text)?;
    /// let mut shard_b = Detector::builder().build()?;
    /// shard_b.insert("b", &format!("Breaking: {text}"))?;
    ///
    /// shard_a.merge(shard_b)?;
    /// assert_eq!(shard_a.groups()[0].members, ["a", "b"]);
    /// # Ok::<(), reprint::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ConfigMismatch`](ErrorKind::ConfigMismatch) naming the settings that
    /// differ if the detectors were built with different configurations (or,
    /// from index files written on different platforms, different LSH
    /// bandings); [`DuplicateId`](ErrorKind::DuplicateId) naming the first id of
    /// `other` that this detector also holds. Nothing is merged then.
    pub fn merge(&mut self, other: Detector) -> Result<()> {
        if self.config.fingerprint() != other.config.fingerprint() {
            let diffs: Vec<String> = self
                .config
                .differences(&other.config)
                .into_iter()
                .map(|(name, here, there)| {
                    format!("{name} is {here} here but {there} in the other")
                })
                .collect();
            return Err(Error::config_mismatch(format!(
                "cannot merge detectors built with different configurations ({}); \
                 build both with one configuration",
                if diffs.is_empty() {
                    "their fingerprints differ".to_string()
                } else {
                    diffs.join(", ")
                }
            )));
        }
        let (mine, theirs) = (self.lsh.params(), other.lsh.params());
        if mine != theirs {
            return Err(Error::config_mismatch(format!(
                "cannot merge detectors with different LSH bandings ({}×{} here, {}×{} in the \
                 other; index files from different platforms can differ): set Config::lsh \
                 explicitly and rebuild one of them",
                mine.bands, mine.rows, theirs.bands, theirs.rows
            )));
        }
        if let Some(doc) = other
            .docs
            .iter()
            .flatten()
            .find(|doc| self.by_id.contains_key(&doc.id))
        {
            return Err(Error::from(ErrorKind::DuplicateId(doc.id.clone())));
        }

        let first = self.docs.len() as u32;
        let mut renumber = vec![u32::MAX; other.docs.len()];
        for (slot, doc) in other.docs.into_iter().enumerate() {
            if let Some(doc) = doc {
                renumber[slot] = self.push_doc(doc.id, doc.prepared);
            }
        }
        // Renumbering keeps the order, so a < b still holds. Sorting makes the
        // neighbour lists independent of `other`'s hash-map order.
        let mut carried: Vec<Edge> = other
            .edges
            .into_iter()
            .map(|((a, b), scores)| Edge {
                a: renumber[a as usize],
                b: renumber[b as usize],
                scores,
            })
            .collect();
        carried.sort_unstable_by_key(|e| (e.a, e.b));
        for e in carried {
            self.push_edge(e);
        }

        // Pairs across the two: each moved document checks this detector's
        // original documents, in the same argument order as an insertion would.
        let last = self.docs.len() as u32;
        let found: Vec<Vec<Edge>> = (first..last)
            .into_par_iter()
            .map(|d| {
                let Some(doc) = self.docs[d as usize].as_ref() else {
                    return Vec::new();
                };
                let mut edges = Vec::new();
                for c in self.lsh.query(&doc.prepared.signature) {
                    if c >= first {
                        continue;
                    }
                    let Some(old) = self.docs[c as usize].as_ref() else {
                        continue;
                    };
                    if let Some(scores) = self.verify(&old.prepared, &doc.prepared) {
                        edges.push(Edge { a: c, b: d, scores });
                    }
                }
                edges
            })
            .collect();
        for e in found.into_iter().flatten() {
            self.push_edge(e);
        }
        Ok(())
    }
}
