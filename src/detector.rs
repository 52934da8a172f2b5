//! The facade: [`Detector`] runs the whole pipeline over a growing set of
//! documents, and [`DetectorBuilder`] configures it.

use ahash::AHashMap;
use rayon::prelude::*;

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::boilerplate::{self, Page, Verdict};
use crate::cluster::{
    self, Edge, EstimateFilter, Group, Grouping, NumberBins, Pair, Scores, ShingleBins, BIN_WORDS,
    FILTER_RISK,
};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::lsh::{BucketLists, LshIndex, LshParams};
use crate::minhash::{MinHasher, Scheme, Signature};
use crate::pairs::PairStore;
use crate::shingle::{shingle_ids, token_ids, word_id_and_number, Resolved, Shingling};
use crate::templates::Templates;
use crate::util::prefetch::prefetch;
use crate::util::sort::{sort_hashes, SortBuffers};
use crate::util::words::for_each_word;

/// Batches of at least this many touched documents mark the candidates they
/// have met instead of sorting out duplicates.
const MARK_BATCH: usize = 1024;

/// How many candidates ahead of the one being checked the filter's data is
/// prefetched.
const PREFETCH_AHEAD: usize = 8;

/// Seed offset for block keys, which count how many documents share a block.
const BLOCK_DOMAIN: u64 = 0x424c_4f43_4b4b_4559; // "BLOCKKEY"

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
    // Visible to the crate so that `index_file` and `merge` can read the whole
    // state; they change it only through `restore` and `add_contents`.
    pub(crate) config: Config,
    pub(crate) hasher: MinHasher,
    pub(crate) lsh: LshIndex,
    /// Slot `d` holds document number `d`; removed documents leave `None`.
    pub(crate) docs: Vec<Option<Doc>>,
    pub(crate) by_id: AHashMap<String, u32>,
    /// Verified pairs.
    pub(crate) pairs: PairStore,
    /// Document frequencies of blocks, and which are templates.
    pub(crate) templates: Templates,
    /// Rules out most candidate pairs from their signatures before exact
    /// verification.
    filter: EstimateFilter,
    /// What the filter reads of document `d`, in one place so that a candidate
    /// costs two or three cache lines and no pointer to follow: the low bytes of
    /// its signature values at `sketches[d·k .. (d + 1)·k]`, and its number of
    /// distinct shingles at `lens[d]` (stale for a removed document, which is
    /// never a candidate).
    sketches: Vec<u8>,
    lens: Vec<u32>,
    /// The bins of document `d`'s numbers, which rule out most candidate pairs
    /// whose figures differ before any other read.
    number_bins: Vec<NumberBins>,
    /// With verification on, the bins of document `d`'s shingle set and their
    /// excess (see [`ShingleBins`]), which rule out most of the pairs that pass
    /// the filter and that exact verification would reject, before reading
    /// either shingle set.
    bins: Vec<[u64; BIN_WORDS]>,
    excess: Vec<u32>,
}

/// The distinct template keys of each document, found in parallel; only
/// counting them is left to one thread.
fn keys_of(docs: &[(String, Content)]) -> Vec<Vec<u64>> {
    docs.par_iter().map(|(_, content)| content.keys()).collect()
}

/// One indexed document.
#[derive(Clone, Debug)]
pub(crate) struct Doc {
    pub(crate) id: String,
    pub(crate) content: Content,
    pub(crate) derived: Derived,
}

/// What the pipeline keeps of a text that does not depend on other documents:
/// the token ids of its body, block by block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Content {
    /// Token ids of the kept blocks, concatenated.
    pub(crate) tokens: Box<[u32]>,
    /// The kept blocks, in order.
    pub(crate) blocks: Box<[BlockRef]>,
    /// Shingle length in tokens, after `Shingling::Auto` chose words or characters.
    pub(crate) shingle_len: u32,
    /// Sorted, distinct token ids of the distinctive numbers (see
    /// `shingle::word_id_and_number`).
    pub(crate) numbers: Box<[u32]>,
}

/// One kept block of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BlockRef {
    /// End of the block's tokens in `Content::tokens` (exclusive).
    pub(crate) end: u32,
    /// Key for template learning; 0 when the block is a complete long sentence
    /// and cannot be a template.
    pub(crate) key: u64,
}

impl Content {
    /// The distinct template keys of the document.
    pub(crate) fn keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self
            .blocks
            .iter()
            .map(|b| b.key)
            .filter(|&k| k != 0)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// What the pipeline derives from a document's content and the corpus's
/// templates: its signature and, when verification is on, its shingle set.
#[derive(Clone, Debug)]
pub(crate) struct Derived {
    pub(crate) signature: Signature,
    /// Sorted, distinct shingle ids; empty when verification is off.
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

/// A document that [`Detector::insert_batch_lenient`] or
/// [`Detector::insert_prepared`] did not insert, and why.
#[derive(Debug)]
pub struct Rejected {
    /// Position of the document in the batch.
    pub index: usize,
    /// The document's id.
    pub id: String,
    /// Why it was not inserted.
    pub error: Error,
}

/// Documents taken through the part of the pipeline that needs no other
/// document (boilerplate removal, normalization, tokenization), ready for
/// [`Detector::insert_prepared`].
///
/// Preparing is most of the cost of inserting, and it only borrows the detector:
/// a reader can prepare batches as it parses them, keeping the prepared documents
/// (smaller than their texts) instead of the texts, and index everything at the
/// end in one [`insert_prepared`](Detector::insert_prepared), so templates are
/// learned once. Batches are joined with [`append`](Prepared::append).
///
/// ```
/// use reprint::{Detector, Prepared};
///
/// let mut det = Detector::builder().build()?;
/// let mut all = Prepared::default();
/// for chunk in [[("a", "Markets rose on Friday after strong jobs data, traders said.")],
///               [("b", "Markets rose on Friday after strong jobs data, traders said!")]] {
///     all.append(det.prepare(chunk));
/// }
/// assert!(det.insert_prepared(all).is_empty());
/// assert_eq!(det.groups().len(), 1);
/// # Ok::<(), reprint::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Prepared {
    /// The configuration the documents were prepared under; `None` while empty.
    config: Option<Config>,
    /// Documents ready to index, with their position among all documents given.
    docs: Vec<(usize, String, Content)>,
    /// Documents that could not be prepared.
    rejected: Vec<Rejected>,
    /// Number of documents given, prepared or not.
    count: usize,
}

impl Prepared {
    /// Appends another batch; its documents' positions continue after this
    /// one's.
    ///
    /// # Panics
    ///
    /// If the batches were prepared under different configurations.
    pub fn append(&mut self, mut other: Prepared) {
        match (&self.config, &other.config) {
            (Some(a), Some(b)) => assert!(a == b, "prepared under different configurations"),
            (None, _) => self.config = other.config.take(),
            (_, None) => {}
        }
        let offset = self.count;
        self.docs
            .extend(other.docs.into_iter().map(|(i, id, c)| (i + offset, id, c)));
        self.rejected
            .extend(other.rejected.into_iter().map(|mut r| {
                r.index += offset;
                r
            }));
        self.count += other.count;
    }

    /// The number of documents ready to index.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document is ready to index.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// Scratch buffers reused from one document to the next.
#[derive(Default)]
struct Scratch {
    page: Page,
    tokens: Vec<u32>,
    shingles: Vec<u32>,
    sort: SortBuffers,
    /// Whether each block of a document is a template.
    template: Vec<bool>,
    /// A block's token ids as little-endian bytes, for its template key.
    bytes: Vec<u8>,
    /// A document's content while it is gathered, copied out at the end at
    /// its final size.
    kept: Vec<u32>,
    blocks: Vec<BlockRef>,
    numbers: Vec<u32>,
}

/// Per-thread buffers for `Detector::verify_earlier`.
#[derive(Default)]
struct VerifyScratch {
    candidates: Vec<u32>,
    /// Candidates the signature filter kept, with the smallest intersection
    /// their sizes allow.
    plausible: Vec<(u32, usize)>,
    /// One bit per document, for a large batch; empty otherwise.
    seen: Vec<u64>,
}

/// Keeps the items of `items` that `keep` accepts, in order, asking for what
/// `keep` reads (`fetch`) [`PREFETCH_AHEAD`] items ahead.
fn retain_prefetching<T: Copy>(
    items: &mut Vec<T>,
    fetch: impl Fn(&T),
    mut keep: impl FnMut(&T) -> bool,
) {
    let mut kept = 0;
    for i in 0..items.len() {
        if let Some(ahead) = items.get(i + PREFETCH_AHEAD) {
            fetch(ahead);
        }
        let item = items[i];
        if keep(&item) {
            items[kept] = item;
            kept += 1;
        }
    }
    items.truncate(kept);
}

/// What [`Detector::inspect`] reports about a text.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// Every block of the text with its verdict; blocks the corpus has learned
    /// as templates are marked [`Verdict::CorpusTemplate`].
    pub blocks: Vec<boilerplate::Block>,
    /// Number of distinct shingles left for matching.
    pub shingles: usize,
    /// Whether every block was boilerplate and the whole text was used instead.
    pub fallback: bool,
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
            templates: Templates::new(config.template_min_docs),
            filter: EstimateFilter::new(config.num_perm, FILTER_RISK),
            sketches: Vec::new(),
            lens: Vec::new(),
            number_bins: Vec::new(),
            bins: Vec::new(),
            excess: Vec::new(),
            config,
            docs: Vec::new(),
            by_id: AHashMap::new(),
            pairs: PairStore::default(),
        }
    }

    /// Rebuilds a detector from stored documents and their verified pairs (an
    /// index file): counts the documents' template blocks, derives their
    /// signatures and shingle sets under those templates, and indexes them,
    /// without verifying any pair again. `docs` have distinct ids; `edges` join
    /// documents by position, `a < b`.
    pub(crate) fn restore(
        config: Config,
        params: LshParams,
        docs: Vec<(String, Content)>,
        edges: Vec<Edge>,
    ) -> Detector {
        let mut det = Detector::with_banding(config, params);
        // Every document's blocks count before any is derived, as they do after
        // any sequence of insertions.
        let mut changed = Vec::new();
        for keys in keys_of(&docs) {
            det.templates.add(&keys, &mut changed);
        }
        let derived: Vec<Derived> = docs
            .par_iter()
            .map_init(Scratch::default, |scratch, (_, content)| {
                det.derive(content, scratch)
            })
            .collect();
        det.reserve_docs(docs.len());
        det.push_docs(docs, derived);
        let signatures: Vec<(u32, &Signature)> = det
            .docs
            .iter()
            .enumerate()
            .map(|(d, doc)| (d as u32, &doc.as_ref().expect("restored").derived.signature))
            .collect();
        det.lsh.insert_many(&signatures);
        det.store_sketches(0..det.docs.len());
        for e in edges {
            det.pairs.insert(e.a, e.b, e.scores);
        }
        det
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

    /// The number of distinct blocks learned as outlet templates so far.
    pub fn template_count(&self) -> usize {
        self.templates.count()
    }

    /// The signature of an indexed document.
    pub fn signature(&self, id: &str) -> Option<&Signature> {
        let d = *self.by_id.get(id)?;
        self.docs[d as usize]
            .as_ref()
            .map(|doc| &doc.derived.signature)
    }

    /// The signature a text would get, without indexing it. It depends on the
    /// templates learned so far.
    ///
    /// # Errors
    ///
    /// If the text is empty after normalization or too large.
    pub fn signature_of(&self, text: &str) -> Result<Signature> {
        let mut scratch = Scratch::default();
        let content = self.content_of(text, &mut scratch)?;
        Ok(self.derive(&content, &mut scratch).signature)
    }

    /// Shows what the detector does with a text: which blocks it keeps, which it
    /// removes as page boilerplate or as a learned template, and why.
    pub fn inspect(&self, text: &str) -> Inspection {
        let mut scratch = Scratch::default();
        let mut page = Page::default();
        page.split(text, self.config.boilerplate);
        let mut cleaned = page.to_cleaned(text);
        let how = self.resolve_shingling(&page, text);
        let (mut tokens, mut numbers) = (Vec::new(), Vec::new());
        for (i, block) in cleaned.blocks.iter_mut().enumerate() {
            if !page.is_kept(i) {
                continue;
            }
            tokens.clear();
            self.block_tokens(&page, i, how, &mut tokens, &mut numbers);
            let key = self.block_key(&tokens, page.sentence(i), page.words(i), &mut scratch.bytes);
            if self.templates.is_template(key) {
                block.verdict = Verdict::CorpusTemplate;
            }
        }
        let shingles = self
            .content_of(text, &mut scratch)
            .map(|c| self.derive(&c, &mut scratch).len)
            .unwrap_or(0);
        Inspection {
            fallback: cleaned.fallback,
            blocks: cleaned.blocks,
            shingles,
        }
    }

    /// Resolves `Shingling::Auto` from the kept blocks of a page.
    fn resolve_shingling(&self, page: &Page, text: &str) -> Resolved {
        match self.config.shingle {
            Shingling::Auto { .. } => self.config.shingle.resolve_parts(
                (0..page.len())
                    .filter(|&i| page.is_kept(i))
                    .map(|i| page.raw(text, i)),
            ),
            other => other.resolve(""),
        }
    }

    /// Appends the token ids of one normalized block to `tokens`, and those of
    /// its distinctive numbers (word tokens only) to `numbers`.
    fn block_tokens(
        &self,
        page: &Page,
        i: usize,
        how: Resolved,
        tokens: &mut Vec<u32>,
        numbers: &mut Vec<u32>,
    ) {
        let seed = self.config.seed;
        let normalized = page.normalized(i);
        if let Resolved::Chars(_) = how {
            token_ids(normalized, how, seed, tokens);
            return;
        }
        // Words average several bytes each; reserving ahead avoids growing
        // one word at a time.
        tokens.reserve(normalized.len() / 4 + 1);
        let mut push = |w: &str| {
            let (id, number) = word_id_and_number(w, seed);
            tokens.push(id);
            if number {
                numbers.push(id);
            }
        };
        match page.word_spans(i) {
            // The classifier has found the words already.
            Some(spans) => {
                for &(start, end) in spans {
                    push(&normalized[start as usize..end as usize]);
                }
            }
            None => for_each_word(normalized, push),
        }
    }

    /// The template key of a block with these token ids: 0 when it is a long
    /// complete sentence, which is never a template, or has no tokens.
    fn block_key(&self, tokens: &[u32], sentence: bool, words: usize, bytes: &mut Vec<u8>) -> u64 {
        let eligible = !sentence || words < boilerplate::LONG_WORDS;
        if !eligible || tokens.is_empty() {
            return 0;
        }
        bytes.clear();
        for t in tokens {
            bytes.extend_from_slice(&t.to_le_bytes());
        }
        xxh3_64_with_seed(bytes, self.config.seed ^ BLOCK_DOMAIN).max(1)
    }

    /// The part of the pipeline that needs no other document: boilerplate
    /// removal, normalization and tokenization.
    fn content_of(&self, text: &str, scratch: &mut Scratch) -> Result<Content> {
        if text.len() > self.config.max_document_bytes {
            return Err(Error::from(ErrorKind::DocumentTooLarge {
                id: None,
                len: text.len(),
                limit: self.config.max_document_bytes,
            }));
        }
        let Scratch {
            page,
            bytes,
            kept: tokens,
            blocks,
            numbers,
            ..
        } = scratch;
        page.split(text, self.config.boilerplate);
        let how = self.resolve_shingling(page, text);
        tokens.clear();
        blocks.clear();
        numbers.clear();
        for i in (0..page.len()).filter(|&i| page.is_kept(i)) {
            let start = tokens.len();
            self.block_tokens(page, i, how, tokens, numbers);
            if tokens.len() == start {
                continue;
            }
            let key = self.block_key(&tokens[start..], page.sentence(i), page.words(i), bytes);
            blocks.push(BlockRef {
                end: tokens.len() as u32,
                key,
            });
        }
        if tokens.is_empty() {
            return Err(Error::from(ErrorKind::EmptyDocument { id: None }));
        }
        numbers.sort_unstable();
        numbers.dedup();
        Ok(Content {
            tokens: Box::from(&tokens[..]),
            blocks: Box::from(&blocks[..]),
            shingle_len: how.len() as u32,
            numbers: Box::from(&numbers[..]),
        })
    }

    /// Shingles and signs a document's content, leaving out its template blocks
    /// (unless that would leave nothing).
    fn derive(&self, content: &Content, scratch: &mut Scratch) -> Derived {
        let seed = self.config.seed;
        let n = content.shingle_len as usize;
        scratch.shingles.clear();
        // Each block's key is looked up once, all of them before any is used,
        // so that the lookups' cache misses overlap.
        scratch.template.clear();
        scratch.template.extend(
            content
                .blocks
                .iter()
                .map(|b| self.templates.is_template(b.key)),
        );
        if scratch.template.contains(&true) {
            scratch.tokens.clear();
            let mut start = 0usize;
            for (b, &template) in content.blocks.iter().zip(&scratch.template) {
                let end = b.end as usize;
                if !template {
                    scratch
                        .tokens
                        .extend_from_slice(&content.tokens[start..end]);
                }
                start = end;
            }
            if scratch.tokens.is_empty() {
                scratch.tokens.extend_from_slice(&content.tokens);
            }
            shingle_ids(&scratch.tokens, n, seed, &mut scratch.shingles);
        } else {
            shingle_ids(&content.tokens, n, seed, &mut scratch.shingles);
        }
        sort_hashes(&mut scratch.shingles, &mut scratch.sort);
        scratch.shingles.dedup();
        let signature = self
            .hasher
            .signature(&scratch.shingles)
            .expect("content has at least one token");
        let len = scratch.shingles.len();
        let shingles = if self.config.verify {
            scratch.shingles.as_slice().into()
        } else {
            Box::default()
        };
        Derived {
            signature,
            shingles,
            len,
        }
    }

    /// Scores a pair and decides whether to keep it.
    fn verify(&self, a: (&Content, &Derived), b: (&Content, &Derived)) -> Option<Scores> {
        self.verify_pair(a, b, true)
    }

    /// Scores a pair and decides whether to keep it; `filter` says whether to run
    /// the signature filter first (the caller may have run it already).
    fn verify_pair(
        &self,
        (ac, a): (&Content, &Derived),
        (bc, b): (&Content, &Derived),
        filter: bool,
    ) -> Option<Scores> {
        let number_overlap = cluster::number_overlap(&ac.numbers, &bc.numbers);
        if self.config.verify {
            return Scores::exact_if_accepted(
                &a.shingles,
                &b.shingles,
                number_overlap,
                &self.config,
                |needed| {
                    !filter
                        || self.filter.plausible(
                            a.signature.values(),
                            b.signature.values(),
                            a.len,
                            b.len,
                            needed,
                        )
                },
                || a.signature.jaccard(&b.signature),
            );
        }
        let est = a.signature.jaccard(&b.signature);
        let mut scores = Scores::estimated(est, a.len, b.len);
        scores.number_overlap = number_overlap;
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
        let content = self
            .content_of(text, &mut Scratch::default())
            .map_err(|e| e.with_id(id))?;
        self.add_contents(vec![(id.to_string(), content)]);
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
        self.add_contents(ok);
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
        self.add_contents(ok);
        rejected
    }

    /// Prepares documents for [`insert_prepared`](Detector::insert_prepared), in
    /// parallel on the current rayon thread pool, without indexing them. Empty or
    /// too large texts, and ids already indexed or repeated in `docs`, are
    /// rejected now; the rejections come back from `insert_prepared`.
    pub fn prepare<I, S, T>(&self, docs: I) -> Prepared
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: AsRef<str> + Sync,
    {
        let (docs, rejected, count) = self.prepare_indexed(docs);
        Prepared {
            config: Some(self.config.clone()),
            docs,
            rejected,
            count,
        }
    }

    /// Indexes prepared documents, as [`insert_batch_lenient`] would their
    /// texts, and returns the documents that were not indexed: rejected when
    /// prepared, or whose id was indexed since or appears earlier in the batch.
    ///
    /// # Panics
    ///
    /// If the batch was prepared by a detector with a different configuration.
    ///
    /// [`insert_batch_lenient`]: Detector::insert_batch_lenient
    pub fn insert_prepared(&mut self, batch: Prepared) -> Vec<Rejected> {
        if let Some(config) = &batch.config {
            assert!(
                *config == self.config,
                "documents prepared under a different configuration"
            );
        }
        let duplicate: Vec<bool> = {
            let mut seen = ahash::AHashSet::with_capacity(batch.docs.len());
            batch
                .docs
                .iter()
                .map(|(_, id, _)| self.by_id.contains_key(id.as_str()) || !seen.insert(id.as_str()))
                .collect()
        };
        let mut rejected = batch.rejected;
        let mut ok = Vec::with_capacity(batch.docs.len());
        for ((index, id, content), duplicate) in batch.docs.into_iter().zip(duplicate) {
            if duplicate {
                let error = Error::from(ErrorKind::DuplicateId(id.clone()));
                rejected.push(Rejected { index, id, error });
            } else {
                ok.push((id, content));
            }
        }
        rejected.sort_by_key(|r| r.index);
        self.add_contents(ok);
        rejected
    }

    fn prepare_batch<I, S, T>(&self, docs: I) -> (Vec<(String, Content)>, Vec<Rejected>)
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: AsRef<str> + Sync,
    {
        let (docs, rejected, _) = self.prepare_indexed(docs);
        let ok = docs.into_iter().map(|(_, id, c)| (id, c)).collect();
        (ok, rejected)
    }

    /// Prepares documents in parallel; returns the prepared ones with their
    /// position in `docs`, the rejected ones, and the number of documents.
    fn prepare_indexed<I, S, T>(
        &self,
        docs: I,
    ) -> (Vec<(usize, String, Content)>, Vec<Rejected>, usize)
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
        let results: Vec<Result<Content>> = docs
            .par_iter()
            .zip(&duplicate)
            .map_init(Scratch::default, |scratch, ((id, text), &dup)| {
                if dup {
                    return Err(Error::from(ErrorKind::DuplicateId(id.clone())));
                }
                self.content_of(text.as_ref(), scratch)
                    .map_err(|e| e.with_id(id))
            })
            .collect();
        let count = docs.len();
        let mut ok = Vec::with_capacity(count);
        let mut rejected = Vec::new();
        for (index, ((id, _), result)) in docs.into_iter().zip(results).enumerate() {
            match result {
                Ok(c) => ok.push((index, id, c)),
                Err(error) => rejected.push(Rejected { index, id, error }),
            }
        }
        (ok, rejected, count)
    }

    /// Adds documents with fresh ids: learns their blocks, re-derives the
    /// documents whose templates changed, then finds and verifies the pairs of
    /// everything that changed.
    pub(crate) fn add_contents(&mut self, batch: Vec<(String, Content)>) {
        if batch.is_empty() {
            return;
        }
        let mut changed = Vec::new();
        for keys in keys_of(&batch) {
            self.templates.add(&keys, &mut changed);
        }
        let mut touched = self.detach_docs_with_keys(&changed);
        let first = self.docs.len() as u32;
        let derived: Vec<Derived> = batch
            .par_iter()
            .map_init(Scratch::default, |scratch, (_, content)| {
                self.derive(content, scratch)
            })
            .collect();
        self.reserve_docs(batch.len());
        self.push_docs(batch, derived);
        self.store_sketches(first as usize..self.docs.len());
        touched.extend(first..self.docs.len() as u32);
        self.attach(touched);
    }

    /// Makes room for `n` more documents in every per-document table at once:
    /// into empty tables (a first batch, a loaded index) that is exactly `n`,
    /// where growing them one document at a time would leave up to half of
    /// each unused.
    fn reserve_docs(&mut self, n: usize) {
        self.by_id.reserve(n);
        self.docs.reserve(n);
        self.pairs.reserve(n);
        self.lens.reserve(n);
        self.number_bins.reserve(n);
        self.sketches.reserve(n * self.config.num_perm);
        if self.config.verify {
            self.bins.reserve(n);
            self.excess.reserve(n);
        }
    }

    /// Appends documents with fresh ids as the next document numbers, with no
    /// pairs yet; the caller stores their sketches (`store_sketches`) and puts
    /// them in the LSH index. The documents are moved into place in parallel;
    /// only the id map is filled on one thread, from id copies made in parallel.
    fn push_docs(&mut self, batch: Vec<(String, Content)>, derived: Vec<Derived>) {
        debug_assert_eq!(batch.len(), derived.len());
        let (first, n) = (self.docs.len(), batch.len());
        let ids: Vec<String> = batch.par_iter().map(|(id, _)| id.clone()).collect();
        self.docs.par_extend(
            batch
                .into_par_iter()
                .zip(derived)
                .map(|((id, content), derived)| {
                    Some(Doc {
                        id,
                        content,
                        derived,
                    })
                }),
        );
        for (d, id) in (first as u32..).zip(ids) {
            self.by_id.insert(id, d);
        }
        self.pairs.push_docs(n);
    }

    /// Takes the documents holding any of `keys` out of the LSH index and the
    /// pairs, and re-derives them under the current templates. Returns them, to
    /// be passed to `attach`.
    fn detach_docs_with_keys(&mut self, keys: &[u64]) -> Vec<u32> {
        if keys.is_empty() {
            return Vec::new();
        }
        let keys: ahash::AHashSet<u64> = keys.iter().copied().collect();
        let affected: Vec<u32> = self
            .docs
            .par_iter()
            .enumerate()
            .filter_map(|(d, doc)| {
                let doc = doc.as_ref()?;
                doc.content
                    .blocks
                    .iter()
                    .any(|b| keys.contains(&b.key))
                    .then_some(d as u32)
            })
            .collect();
        for &d in &affected {
            self.detach(d);
        }
        let derived: Vec<Derived> = affected
            .par_iter()
            .map_init(Scratch::default, |scratch, &d| {
                let doc = self.docs[d as usize].as_ref().expect("affected document");
                self.derive(&doc.content, scratch)
            })
            .collect();
        for (&d, derived) in affected.iter().zip(derived) {
            self.docs[d as usize]
                .as_mut()
                .expect("affected document")
                .derived = derived;
            self.store_sketch(d);
        }
        affected
    }

    /// Copies what the filter reads of document `d`'s derived data into
    /// `sketches` and `lens`, the bins of its numbers into `number_bins`, and
    /// its shingle bins into `bins` and `excess`.
    fn store_sketch(&mut self, d: u32) {
        self.store_sketches(d as usize..d as usize + 1);
    }

    /// [`store_sketch`](Detector::store_sketch) for a range of documents, in
    /// parallel.
    fn store_sketches(&mut self, range: std::ops::Range<usize>) {
        let k = self.config.num_perm;
        if self.lens.len() < range.end {
            let n = range.end;
            self.lens.resize(n, 0);
            self.number_bins.resize(n, NumberBins::default());
            self.sketches.resize(n * k, 0);
            if self.config.verify {
                self.bins.resize(n, [0; BIN_WORDS]);
                self.excess.resize(n, 0);
            }
        }
        let docs = &self.docs[range.clone()];
        let doc = |i: usize| docs[i].as_ref().expect("indexed document");
        self.lens[range.clone()]
            .par_iter_mut()
            .zip(&mut self.number_bins[range.clone()])
            .zip(self.sketches[range.start * k..range.end * k].par_chunks_mut(k))
            .enumerate()
            .with_min_len(256)
            .for_each(|(i, ((len, numbers), sketch))| {
                let doc = doc(i);
                *len = doc.derived.len as u32;
                *numbers = NumberBins::of(&doc.content.numbers);
                for (dst, &v) in sketch.iter_mut().zip(doc.derived.signature.values()) {
                    *dst = v as u8;
                }
            });
        if self.config.verify {
            self.bins[range.clone()]
                .par_iter_mut()
                .zip(&mut self.excess[range])
                .enumerate()
                .with_min_len(256)
                .for_each(|(i, (bins, excess))| {
                    *excess = ShingleBins::fill(&doc(i).derived.shingles, bins);
                });
        }
    }

    /// Whether the shingle sets of documents `a` and `b` may share `needed`
    /// shingles, as far as their bins tell: false only when exact verification
    /// would find fewer. Always true with verification off.
    fn bins_may_reach(&self, a: u32, b: u32, needed: usize) -> bool {
        !self.config.verify
            || ShingleBins::intersection_bound(
                &self.bins[a as usize],
                self.excess[a as usize],
                &self.bins[b as usize],
                self.excess[b as usize],
            ) >= needed
    }

    /// Removes document `d` from the LSH index and drops its pairs.
    fn detach(&mut self, d: u32) {
        let doc = self.docs[d as usize].as_ref().expect("indexed document");
        self.lsh.remove(d, &doc.derived.signature);
        self.pairs.remove_doc(d);
    }

    /// Inserts the `touched` documents into the LSH index and verifies their
    /// candidate pairs: each pair once, whatever the batch boundaries.
    fn attach(&mut self, mut touched: Vec<u32>) {
        touched.sort_unstable();
        touched.dedup();
        let signatures: Vec<(u32, &Signature)> = touched
            .iter()
            .map(|&d| {
                let doc = self.docs[d as usize].as_ref().expect("touched document");
                (d, &doc.derived.signature)
            })
            .collect();
        self.lsh.insert_many(&signatures);
        // A large batch walks most buckets from most of their documents: reading
        // them copied out costs less than following their links.
        let lists = (touched.len() >= MARK_BATCH).then(|| self.lsh.bucket_lists());
        // Touched documents went in in ascending order, after every other
        // document, so the documents inserted before `d` are the untouched ones
        // and the touched ones below `d`: each pair is verified once, by its
        // larger touched document.
        let found: Vec<Vec<(u32, Scores)>> = touched
            .par_iter()
            .map_init(
                || {
                    // Marks (one bit per document) pay off for large batches; a
                    // few documents added to a large index sort instead.
                    let seen = if lists.is_some() {
                        vec![0u64; self.docs.len().div_ceil(64)]
                    } else {
                        Vec::new()
                    };
                    VerifyScratch {
                        seen,
                        ..VerifyScratch::default()
                    }
                },
                |scratch, &d| self.verify_earlier(d, lists.as_ref(), scratch),
            )
            .collect();
        self.pairs.extend(&touched, found);
    }

    /// The pairs of touched document `d` with the documents inserted in the
    /// LSH index before it (see `attach`), with scores oriented from them to
    /// `d`. `lists` are the bucket lists of a large batch, whose candidates are
    /// marked in `scratch.seen`.
    fn verify_earlier(
        &self,
        d: u32,
        lists: Option<&BucketLists>,
        scratch: &mut VerifyScratch,
    ) -> Vec<(u32, Scores)> {
        let VerifyScratch {
            candidates,
            plausible,
            seen,
        } = scratch;
        let doc = self.docs[d as usize].as_ref().expect("touched document");
        // A pair that shares several bands is met once per band.
        candidates.clear();
        match lists {
            None => {
                self.lsh.for_each_earlier(d, |c| candidates.push(c));
                candidates.sort_unstable();
                candidates.dedup();
            }
            Some(lists) => {
                // Bit `c` of `seen` marks `c` met for `d`. The marks are all
                // clear between documents: the words that hold one are cleared
                // once the candidates are listed. A bit per document keeps them
                // in the core's own cache.
                lists.for_each_earlier(d, |c| {
                    let (word, bit) = (c as usize / 64, 1u64 << (c % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        candidates.push(c);
                    }
                });
                for &c in candidates.iter() {
                    seen[c as usize / 64] = 0;
                }
                candidates.sort_unstable();
            }
        }
        // Each pass below reads data scattered over the corpus; asking for it a
        // few candidates ahead overlaps the cache misses.
        //
        // Pairs whose figures differ are rejected on their numbers, from one
        // cache line each, before anything else is read.
        let numbers_d = self.number_bins[d as usize];
        let min_overlap = self.config.min_number_overlap;
        retain_prefetching(
            candidates,
            |&c| prefetch(&self.number_bins[c as usize]),
            |&c| self.number_bins[c as usize].may_reach(&numbers_d, min_overlap),
        );
        let k = self.config.num_perm;
        let sketch = |d: u32| &self.sketches[d as usize * k..(d as usize + 1) * k];
        let len_d = self.lens[d as usize] as usize;
        plausible.clear();
        for (i, &c) in candidates.iter().enumerate() {
            if let Some(&ahead) = candidates.get(i + PREFETCH_AHEAD) {
                let s = sketch(ahead);
                prefetch(s.as_ptr());
                prefetch(s.as_ptr().wrapping_add(s.len() - 1));
                prefetch(&self.lens[ahead as usize]);
            }
            let len_c = self.lens[c as usize] as usize;
            let bound = Scores::accepted_intersection_lower_bound(len_c, len_d, &self.config);
            if self
                .filter
                .plausible(sketch(c), sketch(d), len_c, len_d, bound)
            {
                plausible.push((c, bound));
            }
        }
        // Exact verification would reject a pair whose intersection cannot
        // reach the bound: the bins say so without reading the shingle sets.
        // Those of the pairs the filter kept are checked in a pass of their
        // own, so that only theirs are fetched.
        if self.config.verify {
            retain_prefetching(
                plausible,
                |&(c, _)| {
                    let bins = &self.bins[c as usize];
                    for line in 0..BIN_WORDS / 8 {
                        prefetch(bins[line * 8..].as_ptr());
                    }
                    prefetch(&self.excess[c as usize]);
                },
                |&(c, bound)| self.bins_may_reach(c, d, bound),
            );
        }
        // Exact verification reads the document, then its numbers, shingles
        // and signature through it: the document is asked for twice as far
        // ahead as what it points to.
        let mut edges = Vec::new();
        for (i, &(c, _)) in plausible.iter().enumerate() {
            if let Some(&(far, _)) = plausible.get(i + 2 * PREFETCH_AHEAD) {
                // A document spans two or three cache lines.
                let p: *const Option<Doc> = &self.docs[far as usize];
                prefetch(p);
                prefetch(p.cast::<u8>().wrapping_add(64));
                prefetch(p.wrapping_add(1).cast::<u8>().wrapping_sub(1));
            }
            if let Some(Some(near)) = plausible
                .get(i + PREFETCH_AHEAD)
                .map(|&(c, _)| &self.docs[c as usize])
            {
                prefetch(near.content.numbers.as_ptr());
                let sh = &near.derived.shingles;
                for line in (0..sh.len()).step_by(16) {
                    prefetch(sh[line..].as_ptr());
                }
                let sig = near.derived.signature.values();
                for line in (0..sig.len()).step_by(16) {
                    prefetch(sig[line..].as_ptr());
                }
            }
            let other = self.docs[c as usize].as_ref().expect("indexed");
            if let Some(scores) = self.verify_pair(
                (&other.content, &other.derived),
                (&doc.content, &doc.derived),
                false,
            ) {
                edges.push((c, scores));
            }
        }
        edges
    }

    /// Removes a document and its pairs. Templates it contributed to are
    /// recounted, and documents affected by that are re-verified.
    ///
    /// # Errors
    ///
    /// If no document with this id is indexed.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let d = *self
            .by_id
            .get(id)
            .ok_or_else(|| Error::from(ErrorKind::UnknownId(id.to_string())))?;
        self.detach(d);
        self.by_id.remove(id);
        let doc = self.docs[d as usize].take().expect("indexed document");
        let mut changed = Vec::new();
        self.templates.remove(&doc.content.keys(), &mut changed);
        let touched = self.detach_docs_with_keys(&changed);
        self.attach(touched);
        Ok(())
    }

    /// The indexed documents that `text` is a reprint of (or that are reprints of
    /// it), best first, without indexing `text`.
    ///
    /// # Errors
    ///
    /// If the text is empty after normalization or too large.
    pub fn query(&self, text: &str) -> Result<Vec<Match>> {
        let mut scratch = Scratch::default();
        let content = self.content_of(text, &mut scratch)?;
        let q = self.derive(&content, &mut scratch);
        let mut out: Vec<Match> = self
            .lsh
            .query(&q.signature)
            .into_iter()
            .filter_map(|c| {
                let doc = self.docs[c as usize].as_ref()?;
                let scores = self.verify((&content, &q), (&doc.content, &doc.derived))?;
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

    /// All verified pairs, whether or not grouping kept them together, sorted by
    /// ids.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut pairs: Vec<Pair> = Vec::with_capacity(self.pairs.len());
        pairs.extend(self.pairs.iter().map(|(a, b, &scores)| {
            let (ia, ib) = (self.id_of(a), self.id_of(b));
            if ia <= ib {
                Pair {
                    a: ia.to_string(),
                    b: ib.to_string(),
                    scores,
                }
            } else {
                Pair {
                    a: ib.to_string(),
                    b: ia.to_string(),
                    scores: scores.swapped(),
                }
            }
        }));
        pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        pairs
    }

    fn id_of(&self, d: u32) -> &str {
        self.docs[d as usize]
            .as_ref()
            .map_or("", |doc| doc.id.as_str())
    }

    /// The groups of two or more reprints, sorted by their members' ids.
    pub fn groups(&self) -> Vec<Group> {
        let ids: Vec<&str> = (0..self.docs.len() as u32).map(|d| self.id_of(d)).collect();
        let sizes: Vec<usize> = self
            .docs
            .iter()
            .map(|d| d.as_ref().map_or(0, |d| d.derived.len))
            .collect();
        let verify = |a: u32, b: u32| match (&self.docs[a as usize], &self.docs[b as usize]) {
            (Some(x), Some(y)) => {
                let bound = Scores::accepted_intersection_lower_bound(
                    x.derived.len,
                    y.derived.len,
                    &self.config,
                );
                self.bins_may_reach(a, b, bound)
                    && self
                        .verify((&x.content, &x.derived), (&y.content, &y.derived))
                        .is_some()
            }
            _ => false,
        };
        cluster::build_groups(
            self.config.grouping,
            self.docs.len(),
            self.pairs.lists(),
            &ids,
            &sizes,
            &verify,
        )
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

    /// Shingling. Default: `Auto { words: 3, chars: 5 }`.
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
    /// Default: 0.5.
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

    /// Whether to remove each page's boilerplate before shingling. Default: true.
    pub fn boilerplate(mut self, on: bool) -> Self {
        self.config.boilerplate = on;
        self
    }

    /// Documents a block must recur in to be learned as a template; 0 turns
    /// template learning off. Default: 4.
    pub fn template_min_docs(mut self, docs: usize) -> Self {
        self.config.template_min_docs = docs;
        self
    }

    /// How verified pairs become groups. Default: [`Grouping::Supported`].
    pub fn grouping(mut self, grouping: Grouping) -> Self {
        self.config.grouping = grouping;
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Page-like text: lines of words in several scripts, with the characters
    /// that send a block off the simple paths.
    fn page_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "The",
            "minister",
            "said",
            "on",
            "Tuesday",
            "U.S.",
            "3.5",
            "1,200",
            "2024",
            "it's",
            "don\u{2019}t",
            "\u{201C}We",
            "will\u{201D}",
            "\u{2018}no\u{2019}",
            "\u{2014}",
            "\u{2013}",
            "&amp;",
            "caf\u{e9}",
            "\u{4e2d}\u{56fd}",
            "\u{627}\u{644}",
            "\u{2026}",
            "\u{a0}",
            "\t",
            ".",
            ",",
            ";",
            ":",
            "!",
            "?",
            "\"",
            "'",
            "`",
            "-",
            "_",
            "Home",
            "|",
            "Follow",
            "us",
            "\u{c3}\u{a9}",
            "\u{c3}\u{2030}",
            "\u{c3}\u{a0}x",
            ".\u{a0}The",
            "\u{2026} The",
            "\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430}",
            "\u{3a3}\u{39f}\u{3a6}\u{399}\u{386}",
            "\u{3c2}",
            "\u{645}\u{631}\u{62d}\u{628}\u{627}",
            "\u{c3}\u{160}",
            "\u{c1}\u{161}\u{161}",
            "\u{141}\u{f3}d\u{17a}",
            ". \u{ab}Le",
            "\u{bb}",
            "\u{201e}",
            "\u{c3}\u{bb}",
            "\u{c9}t\u{e9}",
            "\u{fc}ber",
            "\u{dc}BER",
            "\u{df}",
            "\u{d7}",
            "\u{c9}\u{2019}",
            "S\u{e3}o",
            "\u{e2}\u{20ac}\u{2122}",
            "\u{b7}",
            "A",
            "of",
            "in",
            "the",
        ]);
        let sep = prop::sample::select(vec![" ", " ", " ", "  ", "\n", "\n\n", ""]);
        prop::collection::vec((piece, sep), 1..200)
            .prop_map(|v| v.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
    }

    /// Texts of shared and own sentences, in many proportions and lengths, so
    /// that LSH proposes pairs on both sides of every acceptance rule.
    fn overlapping_texts(n: usize, seed: u64) -> Vec<(String, String)> {
        let words = [
            "minister", "said", "market", "rose", "river", "council", "vote", "police", "storm",
            "bank", "school", "report", "price", "team", "court", "plan",
        ];
        let mut state = seed;
        let mut next = move |k: usize| {
            state = crate::minhash::mix64(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
            (state % k as u64) as usize
        };
        let sentence = |s: usize| -> String {
            let mut x = s as u64;
            (0..12)
                .map(|_| {
                    x = crate::minhash::mix64(x + 1);
                    words[(x % 16) as usize]
                })
                .collect::<Vec<_>>()
                .join(" ")
                + "."
        };
        (0..n)
            .map(|i| {
                let story = next(6) * 100;
                let len = 2 + next(30);
                let text = (0..len)
                    .map(|_| {
                        if next(4) == 0 {
                            sentence(10_000 + next(100_000))
                        } else {
                            sentence(story + next(40))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                (format!("d{i}"), text)
            })
            .collect()
    }

    /// The pairs the detector keeps are those that the signature filter lets
    /// through and exact verification accepts, among every pair LSH proposes:
    /// ruling pairs out by their shingle bins first changes nothing.
    #[test]
    fn bins_rule_out_only_pairs_verification_rejects() {
        for (seed, words) in [(1, 3), (2, 5), (3, 2)] {
            let mut det = Detector::builder()
                .shingle(Shingling::Words(words))
                .template_min_docs(0)
                .build()
                .unwrap();
            det.insert_batch(overlapping_texts(400, seed)).unwrap();
            let k = det.config.num_perm;
            let sketch = |d: u32| &det.sketches[d as usize * k..(d as usize + 1) * k];
            let mut want = Vec::new();
            let mut ruled_out = 0;
            for (d, doc) in det.docs.iter().enumerate() {
                let (d, doc) = (d as u32, doc.as_ref().unwrap());
                for c in det.lsh.query(&doc.derived.signature) {
                    if c >= d {
                        continue;
                    }
                    let other = det.docs[c as usize].as_ref().unwrap();
                    let (len_c, len_d) =
                        (det.lens[c as usize] as usize, det.lens[d as usize] as usize);
                    let bound =
                        Scores::accepted_intersection_lower_bound(len_c, len_d, &det.config);
                    if !det
                        .filter
                        .plausible(sketch(c), sketch(d), len_c, len_d, bound)
                    {
                        continue;
                    }
                    let verdict = det.verify_pair(
                        (&other.content, &other.derived),
                        (&doc.content, &doc.derived),
                        false,
                    );
                    let reachable = ShingleBins::intersection_bound(
                        &det.bins[c as usize],
                        det.excess[c as usize],
                        &det.bins[d as usize],
                        det.excess[d as usize],
                    ) >= bound;
                    assert!(reachable || verdict.is_none());
                    ruled_out += usize::from(!reachable);
                    if let Some(scores) = verdict {
                        want.push((c, d, scores));
                    }
                }
            }
            let mut got: Vec<(u32, u32, Scores)> =
                det.pairs.iter().map(|(a, b, &s)| (a, b, s)).collect();
            got.sort_by_key(|&(a, b, _)| (b, a));
            want.sort_by_key(|&(a, b, _)| (b, a));
            assert!(
                want.len() > 50 && ruled_out > 50,
                "{} {ruled_out}",
                want.len()
            );
            assert_eq!(got, want);
        }
    }

    proptest! {
        #![proptest_config(crate::util::test_cases::config(2000))]

        /// The simple paths of preparation (blocks that normalization only
        /// lowercases, or only changes typographic quotes and dashes in) give
        /// what the general path gives.
        #[test]
        fn fast_paths_prepare_what_the_general_path_does(
            text in page_text(),
            boilerplate in any::<bool>(),
            words in any::<bool>(),
        ) {
            let mut builder = Detector::builder().boilerplate(boilerplate);
            if words {
                builder = builder.shingle(Shingling::Words(3));
            }
            let det = builder.build().unwrap();
            let fast = det.content_of(&text, &mut Scratch::default());
            let mut general = Scratch::default();
            general.page.general_only = true;
            let general = det.content_of(&text, &mut general);
            match (fast, general) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "{:?} vs {:?}", a.is_ok(), b.is_ok()),
            }
            let mut page = Page::default();
            page.split(&text, boilerplate);
            let mut general = Page::default();
            general.general_only = true;
            general.split(&text, boilerplate);
            prop_assert_eq!(page.to_cleaned(&text), general.to_cleaned(&text));
        }
    }
}
