//! Merging detectors: shards built apart (in parallel, on other machines, on
//! other days) combined into one, with the same pairs and groups as one
//! detector that had all their documents inserted.

use std::fmt;

use crate::detector::Detector;
use crate::error::{Error, ErrorKind};
use crate::prepare::Content;

/// The error of [`Detector::merge`], which hands the shard back.
///
/// A shard can be costly to rebuild (all its documents prepared again), so a
/// merge that fails gives it back untouched: [`into_shard`](MergeError::into_shard)
/// recovers it, for instance to remove a duplicate id and merge again. The
/// error converts into [`Error`], dropping the shard, so `?` works in
/// functions that return this crate's [`Result`](crate::Result).
///
/// ```
/// use reprint::{Detector, ErrorKind};
///
/// let mut a = Detector::builder().build()?;
/// a.insert("x", "The quick brown fox jumps over the lazy dog.")?;
/// let mut b = Detector::builder().build()?;
/// b.insert("x", "Another text under the same id.")?;
/// b.insert("y", "A text only the shard has.")?;
///
/// let err = a.merge(b).unwrap_err();
/// assert!(matches!(err.error().kind(), ErrorKind::DuplicateId(id) if id == "x"));
/// let mut b = err.into_shard();
/// b.remove("x")?;
/// a.merge(b)?;
/// assert!(a.contains("y"));
/// # Ok::<(), reprint::Error>(())
/// ```
pub struct MergeError {
    error: Error,
    // Boxed: a detector is a few hundred bytes, and the error travels in
    // every `Result` of `merge`.
    shard: Box<Detector>,
}

impl MergeError {
    /// Why the merge failed.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The shard that was not merged, as it was given.
    pub fn into_shard(self) -> Detector {
        *self.shard
    }

    /// Why the merge failed, and the shard that was not merged.
    pub fn into_parts(self) -> (Error, Detector) {
        (self.error, *self.shard)
    }
}

impl From<MergeError> for Error {
    fn from(e: MergeError) -> Error {
        e.error
    }
}

impl fmt::Debug for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MergeError")
            .field("error", &self.error)
            .field("shard", &self.shard)
            .finish()
    }
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for MergeError {}

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
    /// A [`MergeError`] that hands `other` back, untouched, with
    /// [`ConfigMismatch`](ErrorKind::ConfigMismatch) naming the settings that
    /// differ if the detectors were built with different configurations (or,
    /// from index files written on different platforms, different LSH
    /// bandings), or [`DuplicateId`](ErrorKind::DuplicateId) naming the first id
    /// of `other` that this detector also holds. Nothing is merged then.
    pub fn merge(&mut self, other: Detector) -> Result<(), MergeError> {
        match self.check_merge(&other) {
            Ok(()) => {}
            Err(error) => {
                return Err(MergeError {
                    error,
                    shard: Box::new(other),
                })
            }
        }
        // The same path as an insertion: template counts grow by the other's
        // documents, documents on either side whose templates changed are
        // re-derived, and every content that changed has its links verified.
        let batch: Vec<(Vec<String>, Content)> = other
            .units
            .into_iter()
            .flatten()
            .map(|unit| (unit.ids, unit.content))
            .collect();
        self.add_units(batch);
        Ok(())
    }

    /// Why `other` cannot be merged into this detector, if it cannot.
    fn check_merge(&self, other: &Detector) -> crate::Result<()> {
        if self.config != other.config {
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
        Ok(())
    }
}
