//! Finds near-duplicate news articles: the same wire story reprinted by many
//! outlets with new headlines, cut paragraphs, changed quotes and site boilerplate.
//! Texts are normalized, cut into shingles, sketched with MinHash, paired by LSH,
//! verified on their exact shingle sets and grouped.
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
//! assert_eq!(groups[0].members, ["reprint", "wire"]);
//! # Ok::<(), reprint::Error>(())
//! ```

pub mod boilerplate;
pub mod cluster;
pub mod config;
pub mod detector;
pub mod error;
pub mod index_file;
pub mod lsh;
mod merge;
pub mod minhash;
pub mod normalize;
pub mod shingle;
pub mod templates;
mod util;

pub use boilerplate::{clean, Cleaned, Verdict};
pub use cluster::{Group, Grouping, Pair, Scores};
pub use config::Config;
pub use detector::{Detector, DetectorBuilder, Inspection, Match, Rejected};
pub use error::{Error, ErrorKind, Result};
pub use lsh::{LshIndex, LshParams};
pub use minhash::{MinHasher, Scheme, Signature};
pub use normalize::{normalize, normalize_into};
pub use shingle::{shingles, Shingling};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
