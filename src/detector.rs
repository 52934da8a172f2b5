//! The facade: [`Detector`] runs the whole pipeline over a growing set of
//! documents, and [`DetectorBuilder`] configures it.

use ahash::AHashMap;
use rayon::prelude::*;

use crate::cluster::{self, Edge, Group, Pair, Scores};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::lsh::{LshIndex, LshParams};
use crate::minhash::{MinHasher, Scheme, Signature};
use crate::normalize::normalize_into;
use crate::shingle::{shingle_hashes, Shingling};

/// Finds reprints among the documents inserted into it.
///
/// Insert documents with [`insert`](Detector::insert) or, in parallel,
/// [`insert_batch`](Detector::insert_batch); ask whether a new text is a reprint
/// of an indexed one with [`query`](Detector::query); read the groups of reprints
/// with [`groups`](Detector::groups). Candidate pairs are verified as they are
/// found, so `groups` only joins verified pairs.
///
/// A `Detector` is `Send + Sync`: share it behind an `RwLock` to insert from one
/// thread and query from many.
///
/// # Example
///
/// ```
/// use reprint::Detector;
///
/// let mut det = Detector::builder().threshold(0.5).build()?;
/// det.insert("a", "The quick brown fox jumps over the lazy dog near the river bank today.")?;
/// det.insert("b", "Breaking: the quick brown fox jumps over the lazy dog near the river bank today!")?;
/// det.insert("c", "Stock markets closed higher on Friday after a week of heavy losses in tech.")?;
/// let groups = det.groups();
/// assert_eq!(groups.len(), 1);
/// assert_eq!(groups[0].members, ["a", "b"]);
/// # Ok::<(), reprint::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Detector {
    // The fields are visible to the crate so that `index_file` and `merge` can
    // read the whole state; they change it only through `push_doc` and `push_edge`.
    pub(crate) config: Config,
    pub(crate) hasher: MinHasher,
    pub(crate) lsh: LshIndex,
    /// Slot `d` holds document number `d`; removed documents leave `None`.
    pub(crate) docs: Vec<Option<Doc>>,
    pub(crate) by_id: AHashMap<String, u32>,
    /// Verified pairs, keyed by `(smaller, larger)` document number.
    pub(crate) edges: AHashMap<(u32, u32), Scores>,
    /// For each document, the documents it has a verified pair with.
    pub(crate) neighbors: Vec<Vec<u32>>,
}

/// One indexed document.
#[derive(Clone, Debug)]
pub(crate) struct Doc {
    pub(crate) id: String,
    pub(crate) prepared: Prepared,
}

/// What the pipeline keeps of a text: its signature and, when verification is on,
/// its shingle set.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub(crate) signature: Signature,
    /// Sorted, distinct upper 32 bits of the shingle hashes; empty when
    /// verification is off.
    pub(crate) shingles: Box<[u32]>,
    /// Number of distinct shingles.
    pub(crate) len: usize,
}

/// An indexed document that matches a query text.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// The indexed document's id.
    pub id: String,
    /// The evidence; `a` is the query text and `b` the indexed document, so
    /// `containment_ab` is the share of the query found in the document.
    pub scores: Scores,
}

/// A document that [`Detector::insert_batch_lenient`] did not insert, and why.
#[derive(Debug)]
pub struct Rejected {
    /// Position of the document in the batch.
    pub index: usize,
    /// The document's id.
    pub id: String,
    /// Why it was not inserted.
    pub error: Error,
}

/// Scratch buffers reused from one document to the next.
#[derive(Default)]
struct Scratch {
    normalized: String,
    tokens: Vec<u64>,
    hashes: Vec<u64>,
}

impl Detector {
    /// Creates a detector with the given configuration.
    ///
    /// # Errors
    ///
    /// If a setting is out of range; the message names it.
    pub fn new(config: Config) -> Result<Detector> {
        let params = config.validate()?;
        Ok(Detector::with_banding(config, params))
    }

    /// Creates an empty detector with a validated configuration and the given
    /// banding (an index file records the banding it was built with).
    pub(crate) fn with_banding(config: Config, params: LshParams) -> Detector {
        Detector {
            hasher: MinHasher::new(config.num_perm, config.seed, config.scheme),
            lsh: LshIndex::new(params, config.seed),
            config,
            docs: Vec::new(),
            by_id: AHashMap::new(),
            edges: AHashMap::new(),
            neighbors: Vec::new(),
        }
    }

    /// Indexes a prepared document under the next document number, without
    /// looking for its pairs; the id must be new. Returns the document number.
    pub(crate) fn push_doc(&mut self, id: String, prepared: Prepared) -> u32 {
        let d = self.docs.len() as u32;
        self.lsh.insert(d, &prepared.signature);
        self.by_id.insert(id.clone(), d);
        self.docs.push(Some(Doc { id, prepared }));
        self.neighbors.push(Vec::new());
        d
    }

    /// Records a verified pair of indexed documents, `e.a < e.b`.
    pub(crate) fn push_edge(&mut self, e: Edge) {
        self.edges.insert((e.a, e.b), e.scores);
        self.neighbors[e.a as usize].push(e.b);
        self.neighbors[e.b as usize].push(e.a);
    }

    /// Starts configuring a detector; see [`DetectorBuilder`].
    pub fn builder() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The LSH banding in use.
    pub fn lsh_params(&self) -> LshParams {
        self.lsh.params()
    }

    /// The number of indexed documents.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Whether a document with this id is indexed.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The signature of an indexed document.
    pub fn signature(&self, id: &str) -> Option<&Signature> {
        let d = *self.by_id.get(id)?;
        self.docs[d as usize]
            .as_ref()
            .map(|doc| &doc.prepared.signature)
    }

    /// The signature a text would get, without indexing it.
    ///
    /// # Errors
    ///
    /// If the text is empty after normalization or too large.
    pub fn signature_of(&self, text: &str) -> Result<Signature> {
        Ok(self.prepare(text, &mut Scratch::default())?.signature)
    }

    /// Runs normalize → shingle → MinHash on one text.
    fn prepare(&self, text: &str, scratch: &mut Scratch) -> Result<Prepared> {
        if text.len() > self.config.max_document_bytes {
            return Err(Error::from(ErrorKind::DocumentTooLarge {
                id: None,
                len: text.len(),
                limit: self.config.max_document_bytes,
            }));
        }
        normalize_into(text, &mut scratch.normalized);
        let how = self.config.shingle.resolve(&scratch.normalized);
        scratch.hashes.clear();
        shingle_hashes(
            &scratch.normalized,
            how,
            self.config.seed,
            &mut scratch.tokens,
            &mut scratch.hashes,
        );
        let signature = self
            .hasher
            .signature(&scratch.hashes)
            .ok_or_else(|| Error::from(ErrorKind::EmptyDocument { id: None }))?;
        let mut set: Vec<u32> = scratch.hashes.iter().map(|&h| (h >> 32) as u32).collect();
        set.sort_unstable();
        set.dedup();
        let len = set.len();
        let shingles = if self.config.verify {
            set.into_boxed_slice()
        } else {
            Box::default()
        };
        Ok(Prepared {
            signature,
            shingles,
            len,
        })
    }

    /// Scores a pair and decides whether to keep it.
    pub(crate) fn verify(&self, a: &Prepared, b: &Prepared) -> Option<Scores> {
        let est = a.signature.jaccard(&b.signature);
        let scores = if self.config.verify {
            Scores::exact(&a.shingles, &b.shingles, est)
        } else {
            Scores::estimated(est, a.len, b.len)
        };
        scores
            .accepted(&self.config, a.len, b.len)
            .then_some(scores)
    }

    /// Indexes one document.
    ///
    /// # Errors
    ///
    /// If the id is already indexed, or the text is empty after normalization or
    /// too large. Nothing is indexed then.
    pub fn insert(&mut self, id: &str, text: &str) -> Result<()> {
        if self.by_id.contains_key(id) {
            return Err(Error::from(ErrorKind::DuplicateId(id.to_string())));
        }
        let prepared = self
            .prepare(text, &mut Scratch::default())
            .map_err(|e| e.with_id(id))?;
        self.add_prepared(vec![(id.to_string(), prepared)]);
        Ok(())
    }

    /// Indexes many documents, preparing and verifying them in parallel on the
    /// current rayon thread pool. The result is the same as inserting them one by
    /// one, in any order and with any number of threads.
    ///
    /// # Errors
    ///
    /// If an id is already indexed or appears twice in the batch, or a text is
    /// empty or too large. The error names the first such document, and nothing
    /// from the batch is indexed. Use
    /// [`insert_batch_lenient`](Detector::insert_batch_lenient) to index the good
    /// documents and get the others back.
    pub fn insert_batch<I, S, T>(&mut self, docs: I) -> Result<()>
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: AsRef<str> + Sync,
    {
        let (ok, mut rejected) = self.prepare_batch(docs);
        if !rejected.is_empty() {
            return Err(rejected.swap_remove(0).error);
        }
        self.add_prepared(ok);
        Ok(())
    }

    /// Indexes the documents of a batch that can be indexed and returns the
    /// others with the reason: duplicate ids, empty or too large texts. A
    /// duplicate within the batch keeps its first occurrence.
    pub fn insert_batch_lenient<I, S, T>(&mut self, docs: I) -> Vec<Rejected>
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: AsRef<str> + Sync,
    {
        let (ok, rejected) = self.prepare_batch(docs);
        self.add_prepared(ok);
        rejected
    }

    fn prepare_batch<I, S, T>(&self, docs: I) -> (Vec<(String, Prepared)>, Vec<Rejected>)
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: AsRef<str> + Sync,
    {
        let docs: Vec<(String, T)> = docs.into_iter().map(|(id, t)| (id.into(), t)).collect();
        let mut seen: ahash::AHashSet<&str> = ahash::AHashSet::with_capacity(docs.len());
        let duplicate: Vec<bool> = docs
            .iter()
            .map(|(id, _)| self.by_id.contains_key(id.as_str()) || !seen.insert(id.as_str()))
            .collect();
        let results: Vec<Result<Prepared>> = docs
            .par_iter()
            .zip(&duplicate)
            .map_init(Scratch::default, |scratch, ((id, text), &dup)| {
                if dup {
                    return Err(Error::from(ErrorKind::DuplicateId(id.clone())));
                }
                self.prepare(text.as_ref(), scratch)
                    .map_err(|e| e.with_id(id))
            })
            .collect();
        let mut ok = Vec::with_capacity(docs.len());
        let mut rejected = Vec::new();
        for (index, ((id, _), result)) in docs.into_iter().zip(results).enumerate() {
            match result {
                Ok(p) => ok.push((id, p)),
                Err(error) => rejected.push(Rejected { index, id, error }),
            }
        }
        (ok, rejected)
    }

    /// Adds prepared documents with fresh ids: indexes them, then finds and
    /// verifies their pairs in parallel.
    fn add_prepared(&mut self, batch: Vec<(String, Prepared)>) {
        let first = self.docs.len() as u32;
        for (id, prepared) in batch {
            self.push_doc(id, prepared);
        }
        let last = self.docs.len() as u32;
        // Each new document checks the candidates numbered below it, so every
        // pair is verified once whatever the batch boundaries.
        let found: Vec<Vec<Edge>> = (first..last)
            .into_par_iter()
            .map(|d| {
                let doc = self.docs[d as usize].as_ref().expect("just inserted");
                let mut edges = Vec::new();
                for c in self.lsh.query(&doc.prepared.signature) {
                    if c >= d {
                        continue;
                    }
                    let other = self.docs[c as usize].as_ref().expect("indexed");
                    if let Some(scores) = self.verify(&other.prepared, &doc.prepared) {
                        edges.push(Edge { a: c, b: d, scores });
                    }
                }
                edges
            })
            .collect();
        for e in found.into_iter().flatten() {
            self.push_edge(e);
        }
    }

    /// Removes a document and its pairs.
    ///
    /// # Errors
    ///
    /// If no document with this id is indexed.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let d = self
            .by_id
            .remove(id)
            .ok_or_else(|| Error::from(ErrorKind::UnknownId(id.to_string())))?;
        let doc = self.docs[d as usize].take().expect("indexed document");
        self.lsh.remove(d, &doc.prepared.signature);
        for n in std::mem::take(&mut self.neighbors[d as usize]) {
            self.edges.remove(&(d.min(n), d.max(n)));
            self.neighbors[n as usize].retain(|&x| x != d);
        }
        Ok(())
    }

    /// The indexed documents that `text` is a reprint of (or that are reprints of
    /// it), best first, without indexing `text`.
    ///
    /// # Errors
    ///
    /// If the text is empty after normalization or too large.
    pub fn query(&self, text: &str) -> Result<Vec<Match>> {
        let q = self.prepare(text, &mut Scratch::default())?;
        let mut out: Vec<Match> = self
            .lsh
            .query(&q.signature)
            .into_iter()
            .filter_map(|c| {
                let doc = self.docs[c as usize].as_ref()?;
                let scores = self.verify(&q, &doc.prepared)?;
                Some(Match {
                    id: doc.id.clone(),
                    scores,
                })
            })
            .collect();
        out.sort_by(|x, y| {
            y.scores
                .max_containment()
                .total_cmp(&x.scores.max_containment())
                .then_with(|| x.id.cmp(&y.id))
        });
        Ok(out)
    }

    /// All verified pairs, sorted by ids.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut groups = self.groups();
        let mut pairs: Vec<Pair> = groups.iter_mut().flat_map(|g| g.pairs.drain(..)).collect();
        pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        pairs
    }

    /// The groups of two or more reprints, sorted by their members' ids.
    pub fn groups(&self) -> Vec<Group> {
        let ids: Vec<&str> = self
            .docs
            .iter()
            .map(|d| d.as_ref().map_or("", |d| d.id.as_str()))
            .collect();
        let sizes: Vec<usize> = self
            .docs
            .iter()
            .map(|d| d.as_ref().map_or(0, |d| d.prepared.len))
            .collect();
        let edges: Vec<Edge> = self
            .edges
            .iter()
            .map(|(&(a, b), &scores)| Edge { a, b, scores })
            .collect();
        cluster::connected_groups(self.docs.len(), &edges, &ids, &sizes)
    }
}

/// Configures a [`Detector`]. Every setter documents its default; `build` checks
/// the settings together.
///
/// ```
/// use reprint::{Detector, Shingling};
///
/// let det = Detector::builder()
///     .shingle(Shingling::Words(4))
///     .num_perm(64)
///     .seed(7)
///     .build()?;
/// assert_eq!(det.config().num_perm, 64);
/// # Ok::<(), reprint::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct DetectorBuilder {
    config: Config,
}

impl DetectorBuilder {
    /// Starts from an existing configuration.
    pub fn from_config(config: Config) -> DetectorBuilder {
        DetectorBuilder { config }
    }

    /// Shingling. Default: `Auto { words: 5, chars: 5 }`.
    pub fn shingle(mut self, shingle: Shingling) -> Self {
        self.config.shingle = shingle;
        self
    }

    /// Values per signature. Default: 128.
    pub fn num_perm(mut self, num_perm: usize) -> Self {
        self.config.num_perm = num_perm;
        self
    }

    /// Seed for all hashing. Default: 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Signature scheme. Default: one permutation hashing.
    pub fn scheme(mut self, scheme: Scheme) -> Self {
        self.config.scheme = scheme;
        self
    }

    /// Jaccard similarity that makes a pair reprints. Default: 0.5.
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.config.threshold = threshold;
        self
    }

    /// Containment of the smaller document that makes a pair reprints.
    /// Default: 0.6.
    pub fn containment(mut self, containment: f64) -> Self {
        self.config.containment = containment;
        self
    }

    /// Jaccard similarity the LSH banding is tuned for. Default: derived from
    /// `threshold` and `containment` (see [`Config::lsh_threshold`]).
    pub fn lsh_threshold(mut self, t: f64) -> Self {
        self.config.lsh_threshold = Some(t);
        self
    }

    /// Explicit LSH banding. Default: derived from the LSH threshold.
    pub fn lsh_params(mut self, bands: usize, rows: usize) -> Self {
        self.config.lsh = Some(LshParams { bands, rows });
        self
    }

    /// Whether to verify candidates on exact shingle sets. Default: true.
    pub fn verify(mut self, verify: bool) -> Self {
        self.config.verify = verify;
        self
    }

    /// Largest accepted document, in bytes. Default: 64 MiB.
    pub fn max_document_bytes(mut self, bytes: usize) -> Self {
        self.config.max_document_bytes = bytes;
        self
    }

    /// Checks the settings and creates the detector.
    ///
    /// # Errors
    ///
    /// If a setting is out of range; the message names it.
    pub fn build(self) -> Result<Detector> {
        Detector::new(self.config)
    }
}
