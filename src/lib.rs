//! Finds near-duplicate news articles: the same wire story reprinted by many
//! outlets with new headlines, cut paragraphs, changed quotes and site
//! boilerplate — and keeps apart articles that tell the same event in their own
//! words.
//!
//! ```
//! use reprint::Detector;
//!
//! let wire = "Mexican President Andres Manuel Lopez Obrador has offered political \
//!     asylum to WikiLeaks founder Julian Assange, after a UK court blocked his \
//!     extradition to the US. Addressing a press conference on Monday, the President \
//!     said he will ask the Foreign Affairs Ministry to contact British officials.";
//! let reprint = format!("Mexico offers Assange asylum\n\n{wire}\n\nFollow us on Twitter");
//! let other = "Mexico's president has offered asylum to Julian Assange, hours after a \
//!     British judge refused to extradite him to the US to face espionage charges.";
//!
//! let mut detector = Detector::builder().build()?;
//! detector.insert("wire", wire)?;
//! detector.insert("reprint", &reprint)?;
//! detector.insert("other", other)?;
//!
//! let groups = detector.groups();
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["reprint", "wire"]);
//! // The evidence, for each member against the representative (the page that
//! // holds the whole wire text): the wire text is wholly contained in it.
//! assert_eq!(groups[0].representative, "reprint");
//! assert!(groups[0].members[1].scores.containment_ab > 0.9);
//! # Ok::<(), reprint::Error>(())
//! ```
//!
//! # Overview of types
//!
//! * [`Detector`] — the facade: [`insert`](Detector::insert),
//!   [`insert_batch`](Detector::insert_batch) (parallel),
//!   [`query`](Detector::query) ("is this new article a reprint of one we
//!   have?"), [`remove`](Detector::remove), [`groups`](Detector::groups),
//!   [`inspect`](Detector::inspect), [`save`](Detector::save) /
//!   [`load`](Detector::load) and [`merge`](Detector::merge).
//! * [`DetectorBuilder`] and [`Config`] — every setting, with its default;
//!   `Config` is plain serde data, checked when a detector is built from it.
//! * [`Group`] / [`Member`], [`Match`], [`Pair`], [`Scores`] — results with
//!   their evidence: estimated and exact Jaccard, containment both ways, number
//!   agreement. A group reports each member's scores against its
//!   representative, so its size grows with the documents, not the pairs.
//! * The stages, usable on their own: [`normalize()`], [`clean`] (per-page
//!   boilerplate removal), [`shingles`], [`MinHasher`] / [`Signature`],
//!   [`LshIndex`] / [`LshParams`].
//! * [`Error`] / [`ErrorKind`] — one error type for bad input, bad
//!   configuration and damaged index files; [`MergeError`] wraps one to hand a
//!   shard that could not be merged back.
//!
//! # How it works
//!
//! **Similarity.** A text becomes the set `S` of its *shingles*, runs of three
//! consecutive words (five characters in Chinese, Japanese or Thai). Two texts
//! are compared by their Jaccard similarity `J = |A ∩ B| / |A ∪ B|` and by their
//! containments `|A ∩ B| / |A|` and `|A ∩ B| / |B|`: a reprint that keeps half
//! of a story has a low Jaccard similarity with it but is almost wholly
//! contained in it.
//!
//! **MinHash** (Broder, *On the resemblance and containment of documents*,
//! 1997). Under a random permutation of all shingles, the smallest element of
//! `A` and the smallest of `B` coincide with probability exactly `J`. A
//! signature keeps `k` such minima (default 128), and the share of agreeing
//! positions estimates `J` with standard error `√(J(1−J)/k)` ≈ 0.044 at `J = 0.5`.
//! The `k` minima come from one hash per shingle (one permutation hashing, Li,
//! Owen & Zhang, NIPS 2012) with empty bins filled by optimal densification
//! (Shrivastava, ICML 2017), its probes capped at `4·⌈log₂ k⌉` per bin:
//! `O(n + k log k)` work per document instead of `O(n·k)`, with the accuracy of
//! `k` independent permutations once a document has about `k/2` shingles.
//!
//! **LSH** (Indyk & Motwani 1998; Leskovec, Rajaraman & Ullman, *Mining of
//! Massive Datasets*, ch. 3). The signature is cut into `b` bands of `r` rows;
//! two documents whose bands agree anywhere become a candidate pair, which
//! happens with probability `1 − (1 − s^r)^b` for similarity `s` — an S-curve
//! whose steep part sits near `(1/b)^(1/r)`. `b` and `r` are chosen to minimise
//! the areas of false positives below the threshold and false negatives above it.
//!
//! **Linear cost.** Documents whose content is identical after cleaning are
//! stored and compared once. Within an LSH bucket, every member is linked only
//! to the bucket's few largest members ([`links`]), so a story printed ten
//! thousand times costs ten thousand comparisons, not fifty million.
//!
//! **Verification and grouping.** Links are checked on their exact shingle
//! sets, so the reported scores are exact, and grouped around centers so that
//! one wrong pair cannot chain two stories together, while excerpts that match
//! their source but not each other stay with it ([`Grouping::Centers`], see
//! [`group`]).
//!
//! **Web pages.** Before shingling, each page's boilerplate is removed
//! ([`boilerplate`]), and blocks that recur across many documents are learned as
//! outlet templates and left out ([`templates`]).
//!
//! Every hash is specified (XXH3-64 and SplitMix64 with explicit seeds,
//! little-endian bytes; see `DESIGN.md`), so signatures and index files are the
//! same on every machine and build; golden tests pin them.
//!
//! # Crate features
//!
//! The crate has no optional features. Its dependencies are `ahash` (in-memory
//! maps only, never persisted), `rayon` (parallel batches), `serde` (the
//! configuration and results), `unicode-normalization`, `unicode-segmentation`
//! and `xxhash-rust` (the specified shingle hash).

mod align;
pub mod boilerplate;
pub mod cluster;
pub mod config;
mod derive;
pub mod detector;
pub mod error;
pub mod group;
pub mod index_file;
pub mod links;
pub mod lsh;
mod merge;
pub mod minhash;
pub mod normalize;
mod prepare;
mod rewrite;
mod sections;
pub mod shingle;
pub mod stages;
pub mod templates;
mod util;

pub use boilerplate::{clean, Cleaned, Verdict};
pub use cluster::Scores;
pub use config::Config;
pub use detector::{Detector, DetectorBuilder, Inspection, Match, Prepared, Rejected};
pub use error::{Error, ErrorKind, Result};
pub use group::{Group, Grouping, Member, Pair};
pub use lsh::{LshIndex, LshParams};
pub use merge::MergeError;
pub use minhash::{MinHasher, Scheme, Signature};
pub use normalize::{normalize, normalize_into};
pub use shingle::{shingles, Shingling};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
