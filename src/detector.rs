//! The facade: [`Detector`] runs the whole pipeline over a growing set of
//! documents, and [`DetectorBuilder`] configures it.
//!
//! The detector drives the [`stages`](crate::stages) in memory, with the same
//! functions an engine calls: preparation (boilerplate removal,
//! normalization, tokens: a document's *content*), exact-copy collapse
//! (documents with equal content share one *unit*), template counts,
//! derivation (shingle set and signature under the templates), LSH buckets,
//! candidate links ([`links`]), verification ([`cluster`](crate::cluster))
//! and grouping ([`group`]). What it adds is incremental upkeep: which units a
//! new batch or a removal touches, and the verified links it keeps between
//! calls. Every stage is a function of the set of units and the
//! configuration, so results do not depend on the order documents came in.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;

use crate::boilerplate::{self, Page, Verdict};
use crate::cluster::Scores;
use crate::config::Config;
use crate::derive::{self, Derived};
use crate::error::{Error, ErrorKind, Result};
use crate::group::{self, Group, Grouping, Pair};
use crate::links::{self, RankKey, BUCKET_HEADS};
use crate::lsh::{LshIndex, LshParams};
use crate::minhash::{MinHasher, Scheme, Signature};
use crate::prepare::{self, content_hash, template_votes, Content, Numbers, Scratch};
use crate::shingle::Shingling;
use crate::templates::Templates;

pub use crate::prepare::FIGURES_SHARE;

/// A link verified and rejected, in `Detector::verified`.
const REJECTED: u64 = u64::MAX;

/// The entry of an accepted link in `Detector::verified`: the size of the
/// intersection of the two shingle sets in the low half, the number of
/// positions where the two signatures agree in the high half. The link's
/// scores are rebuilt from them (see `Detector::link_scores`) without the
/// signatures, which the detector does not keep when it verifies. (An entry
/// of a hash map of `u64` keys takes sixteen bytes with a `u32` value too.)
fn accepted_link(inter: u32, agreements: usize) -> u64 {
    u64::from(inter) | (u64::from(u32::try_from(agreements).unwrap_or(u32::MAX - 1)) << 32)
}

/// The intersection of an accepted link's entry ([`accepted_link`]).
fn link_inter(link: u64) -> u32 {
    link as u32
}

/// The number of agreeing signature values of an accepted link's entry.
fn link_agreements(link: u64) -> usize {
    (link >> 32) as usize
}

/// A batch touching at least this share of the units (as `1/n`) recomputes
/// every candidate link instead of walking the touched units' buckets.
const FULL_LINKS_SHARE: usize = 8;

/// Finds reprints among the documents inserted into it.
///
/// Insert documents with [`insert`](Detector::insert) (which returns the new
/// document's matches) or, in parallel,
/// [`insert_batch`](Detector::insert_batch); ask whether a new text is a reprint
/// of an indexed one with [`query`](Detector::query); read the groups of reprints
/// with [`groups`](Detector::groups) or one document's with
/// [`group_of`](Detector::group_of).
///
/// Documents whose content is identical after cleaning and normalization are
/// stored, compared and grouped once. Each distinct content is compared with a
/// bounded number of others (the heads of its LSH buckets, see
/// [`links`]), so the work and the memory grow linearly with the
/// number of documents, however many copies of one story there are.
///
/// A `Detector` is `Send + Sync`: share it behind an `RwLock` to insert from one
/// thread and query from many. Its `Debug` form is a summary (counts, banding
/// and configuration), not its contents.
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
/// assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["a", "b"]);
/// # Ok::<(), reprint::Error>(())
/// ```
#[derive(Clone)]
pub struct Detector {
    // Visible to the crate so that `index_file` and `merge` can read the whole
    // state; they change it only through `restore` and `add_contents`.
    pub(crate) config: Config,
    pub(crate) hasher: MinHasher,
    /// The LSH buckets of the units.
    pub(crate) lsh: LshIndex,
    /// Slot `u` holds unit (distinct content) number `u`; removed units leave
    /// `None`.
    pub(crate) units: Vec<Option<Unit>>,
    /// The unit of each content hash (the first unit with that hash, should
    /// two contents ever share one).
    by_hash: AHashMap<u64, u32>,
    /// The unit of each document id.
    pub(crate) by_id: AHashMap<String, u32>,
    /// Template votes of the units (distinct stories per block), and which
    /// blocks are templates.
    pub(crate) templates: Templates,
    /// Verification results of candidate links between units, by
    /// `pair_key`: [`accepted_link`] (the scores are rebuilt from it, see
    /// `link_scores`), or [`REJECTED`]. Eight bytes a link instead of a
    /// 56-byte `Scores`. May hold links that are no longer candidates;
    /// grouping reads only the current ones.
    pub(crate) verified: AHashMap<u64, u64>,
    /// The number of candidate links when they were last all computed, which
    /// decides when stale entries of `verified` are dropped.
    links_seen: usize,
    /// Whether the keys of `verified` are exactly the candidate links: true
    /// once they were all computed and verified in one pass, until a unit is
    /// added to, removed from or moved in the LSH buckets. Grouping and
    /// saving then read the links from `verified` instead of computing them
    /// again (a list of them beside it took 8 bytes a link, 188 bytes a page
    /// at 100,000 pages with containment bands).
    links_current: bool,
    /// The groups, computed on first use after each change.
    grouped: OnceLock<Arc<Grouped>>,
}

/// The groups of a detector at one moment.
#[derive(Clone, Debug, Default)]
struct Grouped {
    groups: Vec<Group>,
    /// `group_of_unit[u]`: the index in `groups` of unit `u`'s group, or
    /// `u32::MAX`.
    group_of_unit: Vec<u32>,
}

/// A summary: a detector holds megabytes of tokens, signatures and buckets,
/// which no log line wants.
impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let LshParams { bands, rows } = self.lsh.params();
        f.debug_struct("Detector")
            .field("documents", &self.len())
            .field("distinct_contents", &self.distinct_len())
            .field("templates", &self.templates.count())
            .field("banding", &format_args!("{bands}×{rows}"))
            .field("config", &self.config)
            .finish()
    }
}

/// The key of an unordered pair of unit numbers.
fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
}

/// One distinct content and the documents that have it.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// The ids of the documents with this content, sorted.
    pub(crate) ids: Vec<String>,
    pub(crate) content: Content,
    /// Its shingle set and size. With verification on, the signature is not
    /// kept (it is empty): it is a function of the shingle set, computed
    /// again when needed ([`Detector::sig`]); 512 bytes a content at 128
    /// values. Without verification there is no shingle set, and the
    /// signature is kept.
    pub(crate) derived: Derived,
    /// [`content_hash`] of the content.
    pub(crate) hash: u64,
}

impl Unit {
    /// The order in which contents lead buckets and groups.
    fn rank_key(&self) -> RankKey {
        links::rank_key(self.derived.len, self.hash)
    }
}

/// The rank of unit number `m` among `units`, or [`links::ABSENT`].
fn rank_in(units: &[Option<Unit>], m: u32) -> RankKey {
    units
        .get(m as usize)
        .and_then(Option::as_ref)
        .map_or(links::ABSENT, Unit::rank_key)
}

/// Signatures of units just derived, by unit number, ascending: those of the
/// units a batch adds or re-derives, which its verification reads.
type Fresh = Vec<(u32, Signature)>;

/// Takes the signature out of a derived content when `config` verifies (the
/// detector keeps the shingle set alone then) and returns it.
fn take_signature(config: &Config, derived: &mut Derived) -> Signature {
    if config.verify {
        std::mem::replace(&mut derived.signature, Signature::from_values(Vec::new()))
    } else {
        derived.signature.clone()
    }
}

/// The signature of unit `u` in `fresh`, if there.
fn find_signature(fresh: &[(u32, Signature)], u: u32) -> Option<&Signature> {
    fresh
        .binary_search_by_key(&u, |&(v, _)| v)
        .ok()
        .map(|i| &fresh[i].1)
}

/// `(unit, &signature)` for `LshIndex::insert_many_ranked`.
fn signature_refs(fresh: &[(u32, Signature)]) -> Vec<(u32, &Signature)> {
    fresh.iter().map(|(u, s)| (*u, s)).collect()
}

/// An indexed document that matches a text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Match {
    /// The indexed document's id; of several documents with this exact
    /// content, the smallest id.
    pub id: String,
    /// How many indexed documents have exactly this content (besides the
    /// document asked about, for [`Detector::matches_of`]).
    pub copies: usize,
    /// The evidence; `a` is the text asked about and `b` the indexed document,
    /// so `containment_ab` is the share of the text found in the document.
    pub scores: Scores,
}

/// Sorts matches best first: by the larger containment (how much of one text
/// the other holds), then by Jaccard similarity, both descending, then by id.
fn sort_best_first(matches: &mut [Match]) {
    matches.sort_by(|x, y| {
        y.scores
            .max_containment()
            .total_cmp(&x.scores.max_containment())
            .then_with(|| y.scores.jaccard.total_cmp(&x.scores.jaccard))
            .then_with(|| x.id.cmp(&y.id))
    });
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
///     all.append(det.prepare(chunk))?;
/// }
/// assert!(det.insert_prepared(all)?.is_empty());
/// assert_eq!(det.groups().len(), 1);
/// # Ok::<(), reprint::Error>(())
/// ```
///
/// Its `Debug` form is a summary (counts), not the prepared contents.
#[derive(Default)]
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
    /// # Errors
    ///
    /// [`ConfigMismatch`](ErrorKind::ConfigMismatch) naming the settings that
    /// differ if the batches were prepared under different configurations.
    /// This batch is left as it was, and `other` is dropped: prepare its texts
    /// again with the detector that prepared this one.
    pub fn append(&mut self, mut other: Prepared) -> Result<()> {
        match (&self.config, &other.config) {
            (Some(here), Some(there)) if here != there => {
                return Err(prepared_elsewhere(
                    here,
                    there,
                    "in the appended batch",
                    "cannot append a batch prepared under another configuration",
                    "prepare every batch with the same detector",
                ));
            }
            (None, _) => self.config = other.config.take(),
            _ => {}
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
        Ok(())
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

/// A summary, as for [`Detector`].
impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("Prepared");
        s.field("documents", &self.docs.len())
            .field("rejected", &self.rejected.len());
        if let Some(config) = &self.config {
            s.field(
                "config_fingerprint",
                &format_args!("{:016x}", config.fingerprint()),
            );
        }
        s.finish()
    }
}

/// The error for documents prepared under configuration `there` (`where_`
/// they come from) that meet the configuration `here`: `what` happened, the
/// settings that differ, and `fix`.
fn prepared_elsewhere(here: &Config, there: &Config, where_: &str, what: &str, fix: &str) -> Error {
    let diffs: Vec<String> = here
        .differences(there)
        .into_iter()
        .map(|(name, a, b)| format!("{name} is {a} here but {b} {where_}"))
        .collect();
    let diffs = if diffs.is_empty() {
        "another configuration".to_string()
    } else {
        diffs.join(", ")
    };
    Error::config_mismatch(format!("{what} ({diffs}); {fix}"))
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
            lsh: LshIndex::with_containment_bands(
                params,
                config.effective_containment_bands(),
                config.seed,
            ),
            templates: Templates::new(config.template_min_docs),
            config,
            units: Vec::new(),
            by_hash: AHashMap::new(),
            by_id: AHashMap::new(),
            verified: AHashMap::new(),
            links_seen: 0,
            links_current: false,
            grouped: OnceLock::new(),
        }
    }

    /// Rebuilds a detector from stored documents (an index file of format
    /// version 1): the same path as inserting them all at once, with the
    /// verification results in `known` (pairs of positions in `docs`, scores
    /// oriented from the first) taken instead of verifying those pairs again.
    pub(crate) fn restore(
        config: Config,
        params: LshParams,
        docs: Vec<(String, Content)>,
        known: Vec<(u32, u32, Scores)>,
    ) -> Detector {
        let mut det = Detector::with_banding(config, params);
        let ids: Vec<String> = if known.is_empty() {
            Vec::new()
        } else {
            docs.iter().map(|(id, _)| id.clone()).collect()
        };
        let touched = det.absorb(docs.into_iter().map(|(id, c)| (vec![id], c)).collect());
        for (a, b, scores) in known {
            let (Some(&ua), Some(&ub)) = (
                det.by_id.get(&ids[a as usize]),
                det.by_id.get(&ids[b as usize]),
            ) else {
                continue;
            };
            if ua != ub {
                // The stored scores are exact, oriented from document `a`:
                // its containment times its size gives back the intersection.
                // One larger than the other set (a damaged file) is dropped,
                // and the link verified again.
                let (la, lb) = (det.unit(ua).derived.len, det.unit(ub).derived.len);
                let inter = (scores.containment_ab * la as f64).round() as u32;
                if inter as usize <= la.min(lb) || !det.config.verify {
                    let link = det.accepted_link_of(&touched, ua, ub, inter);
                    det.verified.insert(pair_key(ua, ub), link);
                }
            }
        }
        det.verify_touched(touched);
        det
    }

    /// Rebuilds a detector from stored units (an index file of format version
    /// 2): distinct contents with their ids, which the caller has checked to
    /// be distinct and to hold distinct ids, and the accepted links between
    /// them as `(a, b, intersection)`, `a` and `b` positions in `units`,
    /// taken instead of verifying those links again.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Format`] if a link's intersection is larger than one of
    /// its two shingle sets, which only derivation tells.
    pub(crate) fn restore_units(
        config: Config,
        params: LshParams,
        units: Vec<(Vec<String>, Content)>,
        links: Vec<(u32, u32, u32)>,
    ) -> Result<Detector> {
        let mut det = Detector::with_banding(config, params);
        let count = units.len();
        let touched = det.absorb(units);
        // Distinct contents become units 0, 1, … in the order given, so a
        // position is a unit number.
        if det.units.len() != count {
            return Err(Error::format("two stored units have the same content"));
        }
        let verify = det.config.verify;
        for (a, b, inter) in links {
            let (la, lb) = (det.unit(a).derived.len, det.unit(b).derived.len);
            if verify && inter as usize > la.min(lb) {
                return Err(Error::format(format!(
                    "link ({a}, {b}) has an intersection of {inter} shingles, more than \
                     the {} of the smaller shingle set",
                    la.min(lb)
                )));
            }
            let link = det.accepted_link_of(&touched, a, b, inter);
            det.verified.insert(pair_key(a, b), link);
        }
        det.verify_touched(touched);
        Ok(det)
    }

    /// The accepted links among the current candidate links, as `(a, b,
    /// intersection)` with unit numbers `a < b`, in no particular order; the
    /// intersection is meaningful only when verification is on. What an
    /// index file stores: entries of `verified` that are no longer candidate
    /// links are left out, so that the stored links are a function of the
    /// set of documents, not of the order they came in.
    pub(crate) fn accepted_links(&self) -> Vec<(u32, u32, u32)> {
        self.candidate_links(&self.ranks())
            .par_iter()
            .filter_map(|&(a, b)| match self.verified.get(&pair_key(a, b)) {
                Some(&link) if link != REJECTED => Some((a.min(b), a.max(b), link_inter(link))),
                _ => None,
            })
            .collect()
    }

    /// Heap bytes the detector holds, by part, in the order of the pipeline:
    /// what `bench_e2e` prints to account for the memory per document. The
    /// figures are the sizes asked of the allocator (its own overhead per
    /// allocation is not counted); hash maps are counted by their buckets.
    #[doc(hidden)]
    pub fn heap_parts(&self) -> Vec<(&'static str, usize)> {
        /// A hashbrown table of `capacity` entries of `entry` bytes: its
        /// buckets (a power of two, at most 7/8 full) and a control byte each,
        /// plus one group of control bytes.
        fn table(capacity: usize, entry: usize) -> usize {
            if capacity == 0 {
                return 0;
            }
            let buckets = if capacity < 8 {
                (capacity + 1).next_power_of_two()
            } else {
                (capacity * 8 / 7).next_power_of_two()
            };
            buckets * (entry + 1) + 16
        }
        let units = self.units.iter().flatten();
        let (tables, next) = self.lsh.heap_bytes();
        let (votes, stories) = self.templates.capacities();
        vec![
            (
                "unit slots",
                self.units.capacity() * std::mem::size_of::<Option<Unit>>(),
            ),
            (
                "ids (unit lists)",
                units
                    .clone()
                    .map(|u| {
                        std::mem::size_of::<String>() * u.ids.capacity()
                            + u.ids.iter().map(String::capacity).sum::<usize>()
                    })
                    .sum(),
            ),
            (
                "ids (by_id map)",
                table(self.by_id.capacity(), std::mem::size_of::<(String, u32)>())
                    + self.by_id.keys().map(String::capacity).sum::<usize>(),
            ),
            (
                "content-hash map",
                table(self.by_hash.capacity(), std::mem::size_of::<(u64, u32)>()),
            ),
            (
                "token ids",
                units.clone().map(|u| 4 * u.content.tokens.len()).sum(),
            ),
            (
                "blocks",
                units
                    .clone()
                    .map(|u| std::mem::size_of_val(&*u.content.blocks))
                    .sum(),
            ),
            (
                "number ids",
                units.clone().map(|u| 4 * u.content.numbers.len()).sum(),
            ),
            (
                "template counts",
                table(votes, std::mem::size_of::<((u64, u64), u32)>())
                    + table(stories, std::mem::size_of::<(u64, u32)>()),
            ),
            (
                "shingle sets",
                units.clone().map(|u| 4 * u.derived.shingles.len()).sum(),
            ),
            (
                "signatures",
                units
                    .clone()
                    .map(|u| 4 * u.derived.signature.values().len())
                    .sum(),
            ),
            ("LSH key tables", tables),
            ("LSH chain links", next),
            (
                "verified links",
                table(self.verified.capacity(), std::mem::size_of::<(u64, u64)>()),
            ),
        ]
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

    /// The number of distinct contents indexed: documents whose content is
    /// identical after cleaning and normalization count once.
    pub fn distinct_len(&self) -> usize {
        self.by_hash.len()
    }

    /// Whether a document with this id is indexed.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The ids of the indexed documents, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_id.keys().map(String::as_str)
    }

    /// The number of distinct blocks learned as outlet templates so far.
    pub fn template_count(&self) -> usize {
        self.templates.count()
    }

    /// The signature of an indexed document. It is computed again from the
    /// document's shingle set: the detector does not keep signatures when it
    /// verifies, since the shingle set holds what they say.
    pub fn signature(&self, id: &str) -> Option<Signature> {
        let u = *self.by_id.get(id)?;
        Some(self.sig(u).into_owned())
    }

    /// The signature of unit `u`: kept when verification is off, else
    /// computed from its shingle set.
    pub(crate) fn sig(&self, u: u32) -> Cow<'_, Signature> {
        let derived = &self.unit(u).derived;
        if derived.signature.is_empty() {
            Cow::Owned(
                self.hasher
                    .signature(&derived.shingles)
                    .expect("a unit has at least one shingle"),
            )
        } else {
            Cow::Borrowed(&derived.signature)
        }
    }

    /// The estimated Jaccard similarity of units `a` and `b`.
    fn estimate(&self, a: u32, b: u32) -> f64 {
        self.sig(a).jaccard(&self.sig(b))
    }

    /// The entry in `verified` of the accepted link between units `a` and
    /// `b` whose shingle sets share `inter` shingles, the signatures of both
    /// in `fresh` or computed now.
    fn accepted_link_of(&self, fresh: &[(u32, Signature)], a: u32, b: u32, inter: u32) -> u64 {
        if !self.config.verify {
            return accepted_link(inter, 0);
        }
        let sig = |u| find_signature(fresh, u).map_or_else(|| self.sig(u), Cow::Borrowed);
        accepted_link(inter, sig(a).agreements(&sig(b)))
    }

    /// Stage 1 under this detector's configuration ([`prepare::content_of`]).
    fn content_of(&self, text: &str, scratch: &mut Scratch) -> Result<Content> {
        prepare::content_of(&self.config, text, scratch)
    }

    /// Stage 3 under this detector's configuration and templates
    /// ([`derive::derive`]).
    fn derive(&self, content: &Content, scratch: &mut Scratch) -> Derived {
        derive::derive(
            &self.config,
            &self.hasher,
            |k| self.templates.is_template(k),
            content,
            scratch,
        )
    }

    /// The unit with number `u`, which must be live.
    fn unit(&self, u: u32) -> &Unit {
        self.units[u as usize].as_ref().expect("live unit")
    }

    /// The rank of unit `u`, or [`links::ABSENT`].
    fn rank_of(&self, u: u32) -> RankKey {
        rank_in(&self.units, u)
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
        let how = prepare::resolve_shingling(&self.config, &page, text);
        let (mut tokens, mut distinctive, mut small) = (Vec::new(), Vec::new(), Vec::new());
        let mut numbers = Numbers {
            distinctive: &mut distinctive,
            small: &mut small,
        };
        for (i, block) in cleaned.blocks.iter_mut().enumerate() {
            if !page.is_kept(i) {
                continue;
            }
            tokens.clear();
            prepare::block_tokens(&self.config, &page, i, how, &mut tokens, &mut numbers);
            let key = prepare::block_key(
                &self.config,
                &tokens,
                page.sentence(i),
                page.words(i),
                &mut scratch.bytes,
            );
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

    /// The accepted scores of units `a` and `b`, oriented from `a`: from the
    /// verified links if the pair is one, else verified now.
    fn verify_units(&self, a: u32, b: u32) -> Option<Scores> {
        if let Some(&known) = self.verified.get(&pair_key(a, b)) {
            return (known != REJECTED).then(|| self.link_scores(a, b, known));
        }
        let (x, y) = (self.unit(a), self.unit(b));
        derive::verify_pair_est(
            &self.config,
            (&x.content, &x.derived),
            (&y.content, &y.derived),
            || self.estimate(a, b),
        )
    }

    /// The scores, oriented from `a`, of the accepted link between units `a`
    /// and `b` whose entry in `verified` is `link` ([`accepted_link`]): the
    /// same scores verification gave.
    pub(crate) fn link_scores(&self, a: u32, b: u32, link: u64) -> Scores {
        let (x, y) = (self.unit(a), self.unit(b));
        derive::link_scores_est(
            &self.config,
            (&x.content, &x.derived),
            (&y.content, &y.derived),
            link_inter(link),
            self.link_estimate(a, b, link),
        )
    }

    /// The estimated Jaccard similarity of the accepted link between units
    /// `a` and `b` whose entry in `verified` is `link`: its agreements over
    /// the signature's length when verification is on (the same division
    /// `Signature::jaccard` does), else from the kept signatures.
    fn link_estimate(&self, a: u32, b: u32, link: u64) -> f64 {
        if self.config.verify {
            link_agreements(link) as f64 / self.config.num_perm as f64
        } else {
            self.estimate(a, b)
        }
    }

    /// The scores of unit `a` against unit `b`, accepted or not.
    fn score_units(&self, a: u32, b: u32) -> Scores {
        self.score_units_with(a, b, &|u| self.sig(u))
    }

    /// [`score_units`](Detector::score_units) with the units' signatures from
    /// `sig`, asked for only when the pair's estimate is not known from a
    /// verified link: grouping scores every member against one
    /// representative, whose signature it computes once, and
    /// [`group_pairs`](Detector::group_pairs) computes each member's once.
    fn score_units_with<'s>(
        &'s self,
        a: u32,
        b: u32,
        sig: &dyn Fn(u32) -> Cow<'s, Signature>,
    ) -> Scores {
        let (x, y) = (self.unit(a), self.unit(b));
        derive::unit_scores_est(
            &self.config,
            (&x.content, &x.derived),
            (&y.content, &y.derived),
            a == b,
            || match self.verified.get(&pair_key(a, b)) {
                Some(&link) if link != REJECTED => self.link_estimate(a, b, link),
                _ => sig(a).jaccard(&sig(b)),
            },
        )
    }

    /// Indexes one document and returns its matches, as
    /// [`matches_of`](Detector::matches_of) gives them: one consistent answer
    /// for a stream of articles, with the text prepared once.
    ///
    /// # Errors
    ///
    /// If the id is already indexed or empty, or the text is empty after
    /// normalization or too large. Nothing is indexed then.
    pub fn insert(&mut self, id: &str, text: &str) -> Result<Vec<Match>> {
        if self.by_id.contains_key(id) {
            return Err(Error::from(ErrorKind::DuplicateId(id.to_string())));
        }
        let content = self
            .content_of(text, &mut Scratch::default())
            .map_err(|e| e.with_id(id))?;
        self.add_contents(vec![(id.to_string(), content)]);
        self.matches_of(id)
    }

    /// Indexes one document prepared elsewhere — by
    /// [`Stages::prepare`](crate::stages::Stages::prepare) on another machine
    /// and sent as [`Content::to_bytes`], or from tokens another library made
    /// with [`Stages::prepare_tokens`](crate::stages::Stages::prepare_tokens)
    /// — and returns its matches, as [`insert`](Detector::insert) does. The
    /// content must have been prepared under this detector's configuration
    /// (the same [`Config`], in particular its seed).
    ///
    /// A MinHash signature alone (what datasketch or gaoya keep) cannot be
    /// inserted: reprint verifies every link on the exact shingle sets, so it
    /// needs the tokens.
    ///
    /// ```
    /// use reprint::stages::Stages;
    /// use reprint::Detector;
    ///
    /// let mut det = Detector::builder().build()?;
    /// let stages = Stages::new(det.config().clone())?;
    /// let words = "markets rose on friday after strong jobs data lifted hopes for a soft landing";
    /// det.insert_content("a", stages.prepare_tokens(words.split(' '))?)?;
    /// let matches = det.insert_content("b", stages.prepare_tokens(words.split(' '))?)?;
    /// assert_eq!(matches[0].id, "a");
    /// # Ok::<(), reprint::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the id is already indexed, or the content uses a shingle length
    /// this configuration does not.
    pub fn insert_content(&mut self, id: &str, content: Content) -> Result<Vec<Match>> {
        if self.by_id.contains_key(id) {
            return Err(Error::from(ErrorKind::DuplicateId(id.to_string())));
        }
        crate::stages::check_shingle_len(&self.config, &content)?;
        self.add_contents(vec![(id.to_string(), content)]);
        self.matches_of(id)
    }

    /// Indexes many documents, preparing and verifying them in parallel on the
    /// current rayon thread pool. The result is the same as inserting them one by
    /// one, in any order and with any number of threads.
    ///
    /// # Errors
    ///
    /// [`DuplicateId`](ErrorKind::DuplicateId) if an id is already indexed,
    /// [`DuplicateIdInBatch`](ErrorKind::DuplicateIdInBatch) if it appears
    /// twice in the batch, or the error of a text that is empty or too large.
    /// The error names the first such document, and nothing from the batch is
    /// indexed. Use
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
    /// # Errors
    ///
    /// [`ConfigMismatch`](ErrorKind::ConfigMismatch) naming the settings that
    /// differ if the batch was prepared by a detector with another
    /// configuration: its token ids and blocks mean nothing under this one.
    /// Nothing is indexed then, and the batch is dropped.
    ///
    /// [`insert_batch_lenient`]: Detector::insert_batch_lenient
    pub fn insert_prepared(&mut self, batch: Prepared) -> Result<Vec<Rejected>> {
        if let Some(config) = batch.config.as_ref().filter(|c| **c != self.config) {
            return Err(prepared_elsewhere(
                &self.config,
                config,
                "in the batch",
                "documents prepared under another configuration cannot be indexed here",
                "prepare them with this detector",
            ));
        }
        let conflicts: Vec<Option<ErrorKind>> = {
            // The first document with an id claims it, whether or not it
            // could be prepared: which of two records is indexed must not
            // depend on how the input was cut into appended batches.
            let mut claimed: AHashMap<&str, usize> = AHashMap::new();
            for r in &batch.rejected {
                let first = claimed.entry(r.id.as_str()).or_insert(r.index);
                *first = (*first).min(r.index);
            }
            let mut seen = ahash::AHashSet::with_capacity(batch.docs.len());
            batch
                .docs
                .iter()
                .map(|(index, id, _)| {
                    self.id_conflict(id, &mut seen).or_else(|| {
                        claimed
                            .get(id.as_str())
                            .is_some_and(|&first| first < *index)
                            .then(|| ErrorKind::DuplicateIdInBatch(id.clone()))
                    })
                })
                .collect()
        };
        let mut rejected = batch.rejected;
        let mut ok = Vec::with_capacity(batch.docs.len());
        for ((index, id, content), conflict) in batch.docs.into_iter().zip(conflicts) {
            match conflict {
                Some(kind) => rejected.push(Rejected {
                    index,
                    id,
                    error: Error::from(kind),
                }),
                None => ok.push((id, content)),
            }
        }
        rejected.sort_by_key(|r| r.index);
        self.add_contents(ok);
        Ok(rejected)
    }

    /// Why a document with this id cannot join the batch whose earlier ids are
    /// `seen`: the id is indexed already, or an earlier document of the batch
    /// has it. Adds the id to `seen` otherwise.
    fn id_conflict<'a>(
        &self,
        id: &'a str,
        seen: &mut ahash::AHashSet<&'a str>,
    ) -> Option<ErrorKind> {
        if self.by_id.contains_key(id) {
            Some(ErrorKind::DuplicateId(id.to_string()))
        } else if !seen.insert(id) {
            Some(ErrorKind::DuplicateIdInBatch(id.to_string()))
        } else {
            None
        }
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
        let conflicts: Vec<Option<ErrorKind>> = docs
            .iter()
            .map(|(id, _)| self.id_conflict(id, &mut seen))
            .collect();
        let results: Vec<Result<Content>> = docs
            .par_iter()
            .zip(conflicts)
            .map_init(Scratch::default, |scratch, ((id, text), conflict)| {
                if let Some(kind) = conflict {
                    return Err(Error::from(kind));
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

    /// Adds documents with fresh ids: exact copies join their unit, new
    /// contents are counted for templates, units whose templates changed are
    /// re-derived, and the candidate links of everything that changed are
    /// verified.
    pub(crate) fn add_contents(&mut self, batch: Vec<(String, Content)>) {
        if batch.is_empty() {
            return;
        }
        self.add_units(batch.into_iter().map(|(id, c)| (vec![id], c)).collect());
    }

    /// [`add_contents`](Detector::add_contents) for contents that come with
    /// all their ids (the units of a merged shard), so that a content shared
    /// by many documents is handled once.
    pub(crate) fn add_units(&mut self, batch: Vec<(Vec<String>, Content)>) {
        if batch.is_empty() {
            return;
        }
        let touched = self.absorb(batch);
        self.verify_touched(touched);
    }

    /// The first half of [`add_contents`](Detector::add_contents): everything
    /// but verification, for contents with their ids (one each, or all the
    /// ids of a unit of a stored index or a merged shard). Returns the units
    /// that are new or were re-derived, with their signatures.
    fn absorb(&mut self, batch: Vec<(Vec<String>, Content)>) -> Fresh {
        self.grouped = OnceLock::new();
        let seed = self.config.seed;
        let hashes: Vec<u64> = batch
            .par_iter()
            .map(|(_, c)| content_hash(c, seed))
            .collect();
        // Exact copies join the unit of their content, indexed or new.
        let mut fresh: Vec<(Vec<String>, Content, u64)> = Vec::new();
        let mut fresh_by_hash: AHashMap<u64, usize> = AHashMap::new();
        let mut grown: Vec<u32> = Vec::new();
        for ((ids, content), hash) in batch.into_iter().zip(hashes) {
            if let Some(&u) = self.by_hash.get(&hash) {
                let unit = self.units[u as usize].as_mut().expect("live unit");
                if unit.content == content {
                    for id in &ids {
                        self.by_id.insert(id.clone(), u);
                    }
                    unit.ids.extend(ids);
                    grown.push(u);
                    continue;
                }
            }
            if let Some(&k) = fresh_by_hash.get(&hash) {
                if fresh[k].1 == content {
                    fresh[k].0.extend(ids);
                    continue;
                }
            }
            fresh_by_hash.entry(hash).or_insert(fresh.len());
            fresh.push((ids, content, hash));
        }
        grown.sort_unstable();
        grown.dedup();
        for &u in &grown {
            self.units[u as usize]
                .as_mut()
                .expect("live unit")
                .ids
                .sort_unstable();
        }
        if fresh.is_empty() {
            return Vec::new();
        }
        // Each distinct content votes once for each of its blocks.
        let mut changed = Vec::new();
        let votes: Vec<Vec<(u64, u64)>> = fresh
            .par_iter()
            .map(|(_, c, _)| template_votes(c, seed))
            .collect();
        for votes in votes {
            self.templates.add(&votes, &mut changed);
        }
        let mut touched = self.rederive_units_with_keys(&changed);
        let derived: Vec<Derived> = fresh
            .par_iter()
            .map_init(Scratch::default, |scratch, (_, content, _)| {
                self.derive(content, scratch)
            })
            .collect();
        let first = self.units.len() as u32;
        self.units.reserve(fresh.len());
        self.by_id
            .reserve(fresh.iter().map(|(ids, _, _)| ids.len()).sum());
        let new_from = touched.len();
        touched.reserve(fresh.len());
        for (u, ((mut ids, content, hash), mut derived)) in
            (first..).zip(fresh.into_iter().zip(derived))
        {
            touched.push((u, take_signature(&self.config, &mut derived)));
            ids.sort_unstable();
            for id in &ids {
                self.by_id.insert(id.clone(), u);
            }
            self.by_hash.entry(hash).or_insert(u);
            self.units.push(Some(Unit {
                ids,
                content,
                derived,
                hash,
            }));
        }
        let units = &self.units;
        self.lsh
            .insert_many_ranked(&signature_refs(&touched[new_from..]), links::LED, |m| {
                rank_in(units, m)
            });
        self.links_current = false;
        touched
    }

    /// Takes the units holding any of `keys` out of the LSH index, re-derives
    /// them under the current templates and puts them back; forgets their
    /// verified links. Returns them with their new signatures.
    fn rederive_units_with_keys(&mut self, keys: &[u64]) -> Fresh {
        if keys.is_empty() {
            return Vec::new();
        }
        let keys: AHashSet<u64> = keys.iter().copied().collect();
        let affected: Vec<u32> = self
            .units
            .par_iter()
            .enumerate()
            .filter_map(|(u, unit)| {
                let unit = unit.as_ref()?;
                unit.content
                    .blocks
                    .iter()
                    .any(|b| keys.contains(&{ b.key }))
                    .then_some(u as u32)
            })
            .collect();
        if affected.is_empty() {
            return Vec::new();
        }
        // The signatures they were bucketed with, to find them in the buckets.
        let old: Vec<Signature> = affected
            .par_iter()
            .map(|&u| self.sig(u).into_owned())
            .collect();
        for (&u, sig) in affected.iter().zip(&old) {
            let units = &self.units;
            self.lsh
                .remove_ranked(u, sig, links::LED, |m| rank_in(units, m));
        }
        drop(old);
        let derived: Vec<Derived> = affected
            .par_iter()
            .map_init(Scratch::default, |scratch, &u| {
                self.derive(&self.unit(u).content, scratch)
            })
            .collect();
        let mut fresh = Vec::with_capacity(affected.len());
        for (&u, mut derived) in affected.iter().zip(derived) {
            fresh.push((u, take_signature(&self.config, &mut derived)));
            self.units[u as usize].as_mut().expect("live unit").derived = derived;
        }
        let units = &self.units;
        self.lsh
            .insert_many_ranked(&signature_refs(&fresh), links::LED, |m| rank_in(units, m));
        self.links_current = false;
        self.forget(&affected);
        fresh
    }

    /// Drops the verified links of the given units.
    fn forget(&mut self, units: &[u32]) {
        if units.is_empty() || self.verified.is_empty() {
            return;
        }
        let gone: AHashSet<u32> = units.iter().copied().collect();
        self.verified
            .retain(|&k, _| !gone.contains(&((k >> 32) as u32)) && !gone.contains(&(k as u32)));
    }

    /// The ranks of every unit number.
    fn ranks(&self) -> Vec<RankKey> {
        self.units
            .par_iter()
            .map(|u| u.as_ref().map_or(links::ABSENT, Unit::rank_key))
            .collect()
    }

    /// The candidate links, `(a, b)` with `a < b`, ascending
    /// ([`links::candidate_links`]); read from the keys of `verified` while
    /// they are exactly those links. `ranks` is [`ranks`](Detector::ranks).
    fn candidate_links(&self, ranks: &[RankKey]) -> Vec<(u32, u32)> {
        if !self.links_current {
            return links::candidate_links(&self.lsh, ranks);
        }
        let mut keys: Vec<u64> = self.verified.keys().copied().collect();
        // A pair key orders pairs as `(a, b)` does.
        keys.par_sort_unstable();
        keys.into_iter()
            .map(|k| ((k >> 32) as u32, k as u32))
            .collect()
    }

    /// Verifies the candidate links that involve the `touched` units (in
    /// ascending order, with their signatures): all candidate links at once
    /// for a large batch, else those of the buckets the touched units are in.
    fn verify_touched(&mut self, touched: Fresh) {
        if touched.is_empty() {
            return;
        }
        debug_assert!(touched.windows(2).all(|w| w[0].0 < w[1].0));
        let live = self.by_hash.len().max(1);
        let todo: Vec<(u32, u32)> = if touched.len() * FULL_LINKS_SHARE >= live
            || self.verified.len() > 2 * self.links_seen + 4096
        {
            let all = links::candidate_links(&self.lsh, &self.ranks());
            self.links_seen = all.len();
            // Entries that are no longer candidate links are dropped here.
            let current: AHashSet<u64> = all.iter().map(|&(a, b)| pair_key(a, b)).collect();
            self.verified.retain(|k, _| current.contains(k));
            self.links_current = true;
            all
        } else {
            let mut pairs: Vec<(u32, u32)> = touched
                .par_iter()
                .flat_map_iter(|(t, sig)| self.links_around(*t, sig))
                .collect();
            pairs.par_sort_unstable();
            pairs.dedup();
            pairs
        };
        let verify = self.config.verify;
        // First on the shingle sets alone: the estimate is wanted for
        // accepted links only, and counted from the signatures below.
        let checked: Vec<(u32, u32, Option<u32>)> = todo
            .par_iter()
            .filter(|&&(a, b)| !self.verified.contains_key(&pair_key(a, b)))
            .map(|&(a, b)| {
                let (x, y) = (self.unit(a), self.unit(b));
                let verdict = derive::verify_pair_est(
                    &self.config,
                    (&x.content, &x.derived),
                    (&y.content, &y.derived),
                    || if verify { 0.0 } else { self.estimate(a, b) },
                );
                // Exact containment times the size is the intersection.
                let inter = verdict.map(|s| derive::intersection_of(&s, x.derived.len));
                (a, b, inter)
            })
            .collect();
        drop(todo);
        // The signatures of accepted links' units: the batch's, and those it
        // did not derive, computed once each. Found by unit number through
        // `at` (a unit's position among them), which a large batch's
        // million lookups need: a binary search each cost a tenth of its
        // index stage.
        const NOT_HERE: u32 = u32::MAX;
        let mut at: Vec<u32> = Vec::new();
        let mut missing: Vec<u32> = Vec::new();
        if verify {
            at = vec![NOT_HERE; self.units.len()];
            for (i, (u, _)) in touched.iter().enumerate() {
                at[*u as usize] = i as u32;
            }
            missing = checked
                .iter()
                .filter(|(_, _, inter)| inter.is_some())
                .flat_map(|&(a, b, _)| [a, b])
                .filter(|&u| at[u as usize] == NOT_HERE)
                .collect();
            missing.par_sort_unstable();
            missing.dedup();
            for (j, &u) in missing.iter().enumerate() {
                at[u as usize] = (touched.len() + j) as u32;
            }
        }
        let others: Vec<Signature> = missing
            .into_par_iter()
            .map(|u| self.sig(u).into_owned())
            .collect();
        let sig = |u: u32| {
            let i = at[u as usize] as usize;
            touched
                .get(i)
                .map_or_else(|| &others[i - touched.len()], |(_, s)| s)
        };
        let results: Vec<(u64, u64)> = checked
            .par_iter()
            .map(|&(a, b, inter)| {
                let link = match inter {
                    None => REJECTED,
                    Some(inter) if verify => accepted_link(inter, sig(a).agreements(sig(b))),
                    Some(inter) => accepted_link(inter, 0),
                };
                (pair_key(a, b), link)
            })
            .collect();
        self.verified.extend(results);
    }

    /// The candidate links in the buckets of unit `t`, whose signature is
    /// `sig`: `t` with each bucket's heads, and every member with `t` where
    /// `t` is a head. As `(a, b)`, `a < b`.
    fn links_around(&self, t: u32, sig: &Signature) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let (mut lead, mut members) = (Vec::new(), Vec::new());
        for (band, key) in self.lsh.band_keys(sig).enumerate() {
            // The index is led: a bucket's heads are the first members of its
            // chain, read in at most `BUCKET_HEADS` steps; only a new head
            // walks its whole bucket.
            self.lsh.lead_of(band, key, BUCKET_HEADS, &mut lead);
            if lead.contains(&t) {
                self.lsh.members_of(band, key, &mut members);
                out.extend(
                    members
                        .iter()
                        .filter(|&&m| m != t)
                        .map(|&m| (m.min(t), m.max(t))),
                );
            } else {
                out.extend(lead.iter().map(|&h| (h.min(t), h.max(t))));
            }
        }
        out
    }

    /// Removes a document. When it was the last copy of its content, the
    /// blocks it contributed are uncounted, and units whose templates changed
    /// are re-derived and verified again.
    ///
    /// # Errors
    ///
    /// If no document with this id is indexed.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let u = self
            .by_id
            .remove(id)
            .ok_or_else(|| Error::from(ErrorKind::UnknownId(id.to_string())))?;
        self.grouped = OnceLock::new();
        let unit = self.units[u as usize].as_mut().expect("live unit");
        unit.ids.retain(|x| x != id);
        if !unit.ids.is_empty() {
            return Ok(());
        }
        let sig = self.sig(u).into_owned();
        let unit = self.units[u as usize].take().expect("live unit");
        let units = &self.units;
        self.lsh
            .remove_ranked(u, &sig, links::LED, |m| rank_in(units, m));
        self.links_current = false;
        if self.by_hash.get(&unit.hash) == Some(&u) {
            self.by_hash.remove(&unit.hash);
        }
        self.forget(&[u]);
        let mut changed = Vec::new();
        self.templates.remove(
            &template_votes(&unit.content, self.config.seed),
            &mut changed,
        );
        let touched = self.rederive_units_with_keys(&changed);
        self.verify_touched(touched);
        Ok(())
    }

    /// The indexed documents that `text` is a copy of, or that are copies of
    /// it, best first, without indexing `text`.
    ///
    /// The text is compared with the leading documents of each LSH bucket it
    /// falls in (see [`links`]), so the answer is bounded
    /// however many copies are indexed: of exact copies one match is given,
    /// with their number in [`Match::copies`]. Best first means the larger
    /// containment first (the share of one text found in the other), then the
    /// higher Jaccard similarity, then the smaller id.
    ///
    /// # Errors
    ///
    /// If the text is empty after normalization or too large.
    pub fn query(&self, text: &str) -> Result<Vec<Match>> {
        let mut scratch = Scratch::default();
        let content = self.content_of(text, &mut scratch)?;
        let q = self.derive(&content, &mut scratch);
        let hash = content_hash(&content, self.config.seed);
        let mut out = Vec::new();
        let mut exclude = u32::MAX;
        if let Some(&u) = self.by_hash.get(&hash) {
            let unit = self.unit(u);
            if unit.content == content {
                exclude = u;
                out.push(Match {
                    id: unit.ids[0].clone(),
                    copies: unit.ids.len(),
                    scores: derive::identity(&self.config, &self.unit(u).content),
                });
            }
        }
        let candidates = links::heads_for(&self.lsh, &q.signature, |m| self.rank_of(m), exclude);
        out.extend(candidates.into_iter().filter_map(|c| {
            let unit = self.unit(c);
            let scores = derive::verify_pair_est(
                &self.config,
                (&content, &q),
                (&unit.content, &unit.derived),
                || q.signature.jaccard(&self.sig(c)),
            )?;
            Some(Match {
                id: unit.ids[0].clone(),
                copies: unit.ids.len(),
                scores,
            })
        }));
        sort_best_first(&mut out);
        Ok(out)
    }

    /// The matches of an indexed document, best first as in
    /// [`query`](Detector::query): its exact copies (one match, with their
    /// number) and the documents it is compared with, with scores oriented
    /// from it (`containment_ab` is the share of `id`'s text found in the
    /// match).
    ///
    /// # Errors
    ///
    /// If no document with this id is indexed.
    pub fn matches_of(&self, id: &str) -> Result<Vec<Match>> {
        let u = *self
            .by_id
            .get(id)
            .ok_or_else(|| Error::from(ErrorKind::UnknownId(id.to_string())))?;
        let unit = self.unit(u);
        let mut out = Vec::new();
        if let Some(other) = unit.ids.iter().find(|x| *x != id) {
            out.push(Match {
                id: other.clone(),
                copies: unit.ids.len() - 1,
                scores: derive::identity(&self.config, &self.unit(u).content),
            });
        }
        let candidates = links::heads_for(&self.lsh, &self.sig(u), |m| self.rank_of(m), u);
        out.extend(candidates.into_iter().filter_map(|c| {
            let scores = self.verify_units(u, c)?;
            let other = self.unit(c);
            Some(Match {
                id: other.ids[0].clone(),
                copies: other.ids.len(),
                scores,
            })
        }));
        sort_best_first(&mut out);
        Ok(out)
    }

    /// The scores of two indexed documents, oriented from `a` (accepted as
    /// copies or not): the evidence between any two members of a group.
    ///
    /// # Errors
    ///
    /// If either id is not indexed.
    pub fn compare(&self, a: &str, b: &str) -> Result<Scores> {
        let unit_of = |id: &str| {
            self.by_id
                .get(id)
                .copied()
                .ok_or_else(|| Error::from(ErrorKind::UnknownId(id.to_string())))
        };
        Ok(self.score_units(unit_of(a)?, unit_of(b)?))
    }

    /// Every pair of members of one group with its scores, sorted by ids: the
    /// pairwise evidence, which [`Group`] leaves out because it grows with the
    /// square of the group's size. Costs one comparison per pair of distinct
    /// contents.
    ///
    /// # Errors
    ///
    /// If a member is not indexed (the group is from another state of the
    /// detector).
    pub fn group_pairs(&self, group: &Group) -> Result<Vec<Pair>> {
        let mut ids: Vec<&str> = group.ids().collect();
        ids.sort_unstable();
        let units: Vec<u32> = ids
            .iter()
            .map(|id| {
                self.by_id
                    .get(*id)
                    .copied()
                    .ok_or_else(|| Error::from(ErrorKind::UnknownId(id.to_string())))
            })
            .collect::<Result<_>>()?;
        // Each distinct content's signature once, not once per pair.
        let mut distinct = units.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let sigs: Vec<Signature> = distinct
            .par_iter()
            .map(|&u| self.sig(u).into_owned())
            .collect();
        let sig = |u: u32| {
            let i = distinct.binary_search(&u).expect("a member's unit");
            Cow::Borrowed(&sigs[i])
        };
        let pairs: Vec<Pair> = (0..ids.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let (ids, units, sig) = (&ids, &units, &sig);
                (i + 1..ids.len()).map(move |j| Pair {
                    a: ids[i].to_string(),
                    b: ids[j].to_string(),
                    scores: self.score_units_with(units[i], units[j], sig),
                })
            })
            .collect();
        Ok(pairs)
    }

    /// The groups of two or more copies, sorted by their smallest id, each with
    /// its representative and every member's scores against it.
    ///
    /// Computed on first use after a change (linear in the number of
    /// documents) and kept until the next one.
    pub fn groups(&self) -> Vec<Group> {
        self.grouped().groups.clone()
    }

    /// The group of an indexed document, if it has copies.
    pub fn group_of(&self, id: &str) -> Option<Group> {
        let u = *self.by_id.get(id)?;
        let grouped = self.grouped();
        let g = *grouped.group_of_unit.get(u as usize)?;
        grouped.groups.get(g as usize).cloned()
    }

    fn grouped(&self) -> &Grouped {
        self.grouped.get_or_init(|| Arc::new(self.compute_groups()))
    }

    fn compute_groups(&self) -> Grouped {
        let keys = self.ranks();
        let links = self.candidate_links(&keys);
        let scored: Vec<(u32, u32, Scores)> = links
            .par_iter()
            .filter_map(|&(a, b)| Some((a, b, self.verify_units(a, b)?)))
            .collect();
        // Dense ranks for grouping.
        let mut order: Vec<u32> = (0..keys.len() as u32)
            .filter(|&u| keys[u as usize] != links::ABSENT)
            .collect();
        order.par_sort_unstable_by_key(|&u| keys[u as usize]);
        let mut rank = vec![u32::MAX; keys.len()];
        for (r, &u) in order.iter().enumerate() {
            rank[u as usize] = r as u32;
        }
        let docs: Vec<u32> = self
            .units
            .iter()
            .map(|u| u.as_ref().map_or(0, |u| u.ids.len() as u32))
            .collect();
        let several: Vec<bool> = self
            .units
            .iter()
            .map(|u| u.as_ref().is_some_and(|u| u.content.stories > 1))
            .collect();
        let unit_groups = group::group_units(
            self.config.grouping,
            &group::Units {
                rank: &rank,
                docs: &docs,
                several: &several,
            },
            &scored,
            &self.config,
            &|a, b| self.verify_units(a, b),
            &|a, b| {
                let (x, y) = (self.unit(a), self.unit(b));
                derive::overlap(
                    &self.config,
                    (&x.content, &x.derived),
                    (&y.content, &y.derived),
                    || self.estimate(a, b),
                )
            },
        );
        let mut groups: Vec<(Vec<u32>, Group)> = unit_groups
            .into_par_iter()
            .map(|units| {
                // The representative's signature, computed once for the
                // members that are not its verified links.
                let rep_sig = OnceLock::new();
                let group = group::assemble(
                    &units,
                    |u| &self.unit(u).ids,
                    |u, rep| {
                        self.score_units_with(u, rep, &|v| {
                            if v == rep {
                                Cow::Borrowed(rep_sig.get_or_init(|| self.sig(rep).into_owned()))
                            } else {
                                self.sig(v)
                            }
                        })
                    },
                );
                (units, group)
            })
            .collect();
        groups.par_sort_unstable_by(|x, y| x.1.members[0].id.cmp(&y.1.members[0].id));
        let mut group_of_unit = vec![u32::MAX; self.units.len()];
        for (g, (units, _)) in groups.iter().enumerate() {
            for &u in units {
                group_of_unit[u as usize] = g as u32;
            }
        }
        Grouped {
            groups: groups.into_iter().map(|(_, g)| g).collect(),
            group_of_unit,
        }
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

    /// Distinct stories a block must recur in to be learned as a template
    /// (copies of one story count once; see
    /// [`templates`](crate::templates)); 0 turns template learning off.
    /// Default: 4.
    pub fn template_min_docs(mut self, docs: usize) -> Self {
        self.config.template_min_docs = docs;
        self
    }

    /// How verified pairs become groups. Default: [`Grouping::Centers`].
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
mod props;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster;
    use crate::prepare::small_number_id;
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

    /// After a batch, every candidate link has been verified, with the verdict
    /// verification gives on its own; inserting the same texts one at a time
    /// verifies what the links of the final set need, too.
    /// A page with one round of an invented league, a row per match.
    fn league_round(scores: &[(u8, u8)]) -> String {
        let teams = [
            ("Rovers", "Albion"),
            ("City", "United"),
            ("Athletic", "Wanderers"),
            ("Harriers", "Town"),
            ("Rangers", "Borough"),
            ("County", "Villa"),
            ("Dynamo", "Sporting"),
            ("Olympic", "Railway"),
            ("Forest", "Academicals"),
            ("Thistle", "Corinthians"),
        ];
        let rows: Vec<String> = teams
            .iter()
            .zip(scores)
            .map(|((h, a), (x, y))| format!("{h} {x} {a} {y}"))
            .collect();
        format!(
            "The Valley Post\nHome | Sport\nNorthern League Saturday results\n\
             Results of matches played in the Northern League on Saturday\n{}\n\
             Share this: Facebook Twitter",
            rows.join("\n")
        )
    }

    #[test]
    fn small_number_ids_are_pinned() {
        let (rovers, two) = (
            crate::shingle::token_id("rovers", 0),
            crate::shingle::token_id("2", 0),
        );
        assert_eq!(small_number_id(rovers, two, 0), 3_843_709_653);
        assert_ne!(small_number_id(0, two, 0), small_number_id(rovers, two, 0));
    }

    #[test]
    fn tables_of_small_figures_are_told_apart_by_them() {
        let week1 = [
            (2, 1),
            (0, 0),
            (3, 2),
            (1, 1),
            (4, 0),
            (2, 2),
            (1, 0),
            (0, 3),
            (2, 0),
            (1, 2),
        ];
        // The next round: the same fixtures, other scores.
        let week2 = [
            (0, 2),
            (1, 3),
            (0, 1),
            (2, 0),
            (1, 1),
            (3, 0),
            (0, 2),
            (1, 1),
            (3, 3),
            (0, 0),
        ];
        let mut det = Detector::builder().template_min_docs(0).build().unwrap();
        let numbers = |text: &str| {
            det.content_of(text, &mut Scratch::default())
                .unwrap()
                .numbers
        };
        let (one, two) = (
            numbers(&league_round(&week1)),
            numbers(&league_round(&week2)),
        );
        // Every score of a row is a figure of its own ("rovers 2"), so the
        // rounds share only the rows that ended alike.
        assert_eq!(one.len(), 20);
        let overlap = cluster::number_overlap(&one, &two).unwrap();
        assert!(overlap < det.config.min_number_overlap, "{overlap}");
        // Small numbers in prose are counts and dates, not figures.
        let prose = "The council met on 3 May and voted 7 to 2 for the plan, which will \
            close 4 of the 12 branches within 6 months, the mayor said after the vote.";
        assert!(numbers(prose).is_empty());

        det.insert("week1", &league_round(&week1)).unwrap();
        det.insert("week2", &league_round(&week2)).unwrap();
        // A reprint of the first round on another site.
        let reprint = league_round(&week1)
            .replace("The Valley Post", "Coastal Herald")
            .replace("Share this: Facebook Twitter", "Follow us");
        det.insert("reprint", &reprint).unwrap();
        let groups: Vec<Vec<String>> = det
            .groups()
            .iter()
            .map(|g| g.members.iter().map(|m| m.id.to_string()).collect())
            .collect();
        assert_eq!(groups, [vec!["reprint", "week1"]], "{groups:?}");
    }

    #[test]
    fn every_candidate_link_is_verified() {
        for (seed, words) in [(1, 3), (2, 5), (3, 2)] {
            let texts = overlapping_texts(400, seed);
            let build = || {
                Detector::builder()
                    .shingle(Shingling::Words(words))
                    .template_min_docs(0)
                    .build()
                    .unwrap()
            };
            let mut batch = build();
            batch.insert_batch(texts.clone()).unwrap();
            let mut single = build();
            for (id, text) in &texts {
                single.insert(id, text).unwrap();
            }
            for det in [&batch, &single] {
                let links = links::candidate_links(&det.lsh, &det.ranks());
                assert!(links.len() > 100, "{}", links.len());
                let mut accepted = 0;
                for &(a, b) in &links {
                    let (x, y) = (det.unit(a), det.unit(b));
                    let want = derive::verify_pair_est(
                        &det.config,
                        (&x.content, &x.derived),
                        (&y.content, &y.derived),
                        || det.estimate(a, b),
                    );
                    let known = det.verified.contains_key(&pair_key(a, b));
                    assert!(known || !std::ptr::eq(det, &batch));
                    if known {
                        assert_eq!(det.verify_units(a, b), want);
                        assert_eq!(det.verify_units(b, a), want.map(|s| s.swapped()));
                    }
                    accepted += usize::from(want.is_some());
                }
                // Enough accepted links for the comparison to mean something
                // (a quarter of each text is its own, so containment matches
                // of short texts with more of their own are rejected).
                assert!(accepted > 40, "{accepted}");
            }
            assert_eq!(batch.groups(), single.groups());
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
