//! Merging detectors: shards built apart (in parallel, on other machines, on
//! other days) combined into one, with the same pairs and groups as one
//! detector that had all their documents inserted.

use crate::detector::{Content, Detector};
use crate::error::{Error, ErrorKind, Result};

impl Detector {
    /// Moves every document of `other` into this detector.
    ///
    /// The documents keep their content (the boilerplate removal and
    /// tokenization already done), so merging costs what inserting them would
    /// after that step: template counting, signatures and pair verification.
    /// The result has the same pairs and groups as one detector into which all
    /// the documents were inserted.
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
    /// assert_eq!(shard_a.groups()[0].ids().collect::<Vec<_>>(), ["a", "b"]);
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
        if let Some(id) = other
            .units
            .iter()
            .flatten()
            .flat_map(|unit| &unit.ids)
            .find(|id| self.by_id.contains_key(id.as_str()))
        {
            return Err(Error::from(ErrorKind::DuplicateId(id.clone())));
        }

        // The same path as an insertion: template counts grow by the other's
        // documents, documents on either side whose templates changed are
        // re-derived, and every document that changed looks for its pairs.
        let batch: Vec<(String, Content)> = other
            .units
            .into_iter()
            .flatten()
            .flat_map(|unit| {
                let content = unit.content;
                unit.ids.into_iter().map(move |id| (id, content.clone()))
            })
            .collect();
        self.add_contents(batch);
        Ok(())
    }
}
