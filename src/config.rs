//! The detector's configuration: plain serde data, checked once by
//! [`DetectorBuilder::build`](crate::DetectorBuilder::build) or
//! [`Detector::new`](crate::Detector::new).

use serde::{Deserialize, Serialize};

use crate::cluster::Grouping;
use crate::error::{Error, Result};
use crate::lsh::LshParams;
use crate::minhash::Scheme;
use crate::shingle::Shingling;

/// Everything that decides which documents a detector reports as reprints.
///
/// Construct it with [`Config::default`] and change fields, or deserialize it;
/// either way [`Detector::new`](crate::Detector::new) validates it. Two detectors
/// with equal configurations produce identical signatures for identical texts.
///
/// Every floating-point setting must be a finite number, including one that
/// another setting leaves unused (`lsh_threshold` beside an explicit `lsh`):
/// NaN and infinities are rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// How texts are cut into shingles. Default: `Auto { words: 3, chars: 5 }`:
    /// word 3-grams keep most shingles of a copy with a typo or an OCR error
    /// every sentence, and once boilerplate is gone, pairs of different stories
    /// still share few of them (measured: examples/eval.rs, README).
    pub shingle: Shingling,
    /// Number of MinHash values per signature, `k`. Default: 128. The Jaccard
    /// estimate's standard error is about `0.5/√k`.
    pub num_perm: usize,
    /// Seed for shingle hashes, signatures and band keys. Default: 0. Signatures
    /// made with different seeds cannot be compared.
    pub seed: u64,
    /// How signature values are computed. Default: [`Scheme::OnePermutation`].
    pub scheme: Scheme,
    /// A pair is a reprint if its Jaccard similarity reaches this. Default: 0.5.
    pub threshold: f64,
    /// A pair is also a reprint if the share of the smaller document's shingles
    /// found in the larger one reaches this. That catches a cut reprint inside a
    /// page of other text. Default: 0.5. Set it above 1 to match on Jaccard alone.
    pub containment: f64,
    /// The smaller document of a pair matched on containment alone must have at
    /// least this many shingles, so that a few shared phrases do not make a
    /// match. Default: 12.
    pub min_containment_shingles: usize,
    /// When both documents of a pair have at least
    /// [`MIN_NUMBERS`](crate::cluster::MIN_NUMBERS) distinct numbers, the one with
    /// fewer must share at least this share of them with the other. Formulaic
    /// reports (exchange rates, market closes, results) share their wording and
    /// differ in their figures. Between 0 and 1; 0 turns the check off. Default:
    /// 0.5.
    pub min_number_overlap: f64,
    /// Jaccard similarity the LSH banding is tuned for. Default (`None`): the
    /// lower of `threshold` and the Jaccard similarity of a pair in which a
    /// document with the `containment` share of its shingles in common sits inside
    /// one twice its size: `c / (3 − c)`, 0.2 at `c = 0.5`.
    pub lsh_threshold: Option<f64>,
    /// Explicit LSH banding, overriding the one derived from `lsh_threshold`.
    /// Default: `None`.
    pub lsh: Option<LshParams>,
    /// Check every candidate pair on the exact shingle sets (Jaccard and
    /// containment both ways). With `false`, pairs are judged on the signature
    /// estimate alone and shingle sets are not kept, which saves memory. Default:
    /// `true`.
    pub verify: bool,
    /// Documents longer than this many bytes are rejected with an error.
    /// Default: 64 MiB.
    pub max_document_bytes: usize,
    /// Remove each page's boilerplate (navigation, taglines, related-headline
    /// lists, social and comment prompts) before shingling; see
    /// [`boilerplate`](crate::boilerplate). Default: `true`.
    pub boilerplate: bool,
    /// A block of text (a line or paragraph that is short or not a complete
    /// sentence) found in at least this many documents is an outlet template and
    /// is left out of every document's shingles; see
    /// [`templates`](crate::templates). 0 turns template learning off. Default: 4.
    pub template_min_docs: usize,
    /// How verified pairs become groups. Default: [`Grouping::Supported`].
    pub grouping: Grouping,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            shingle: Shingling::default(),
            num_perm: 128,
            seed: 0,
            scheme: Scheme::default(),
            threshold: 0.5,
            containment: 0.5,
            min_containment_shingles: 12,
            min_number_overlap: 0.5,
            lsh_threshold: None,
            lsh: None,
            verify: true,
            max_document_bytes: 64 << 20,
            boilerplate: true,
            template_min_docs: 4,
            grouping: Grouping::default(),
        }
    }
}

impl Config {
    /// The plain MinHash + LSH + union-find pipeline that peers implement: no
    /// boilerplate removal or template learning, pairs judged on the estimated
    /// Jaccard similarity alone, groups as connected components. Useful as a
    /// baseline for measurements.
    pub fn baseline() -> Config {
        Config {
            containment: 2.0,
            min_number_overlap: 0.0,
            verify: false,
            boilerplate: false,
            template_min_docs: 0,
            grouping: Grouping::Components,
            ..Config::default()
        }
    }

    /// Checks every setting and derives the LSH banding.
    pub(crate) fn validate(&self) -> Result<LshParams> {
        // Every float first, used or not: a NaN compares unequal to itself, and
        // an infinity is no setting anyone means, so neither may reach a detector
        // or an index file (an explicit `lsh` leaves `lsh_threshold` unused, but
        // it is still part of the configuration that is stored and compared).
        for (name, value) in self.floats() {
            if let Some(v) = value.filter(|v| !v.is_finite()) {
                return Err(Error::config(format!(
                    "{name} must be a finite number, got {v}"
                )));
            }
        }
        self.shingle.validate()?;
        if self.num_perm == 0 || self.num_perm > 4096 {
            return Err(Error::config(format!(
                "num_perm must be between 1 and 4096, got {}",
                self.num_perm
            )));
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(Error::config(format!(
                "threshold must be in (0, 1], got {}",
                self.threshold
            )));
        }
        if self.containment.is_nan() || self.containment <= 0.0 {
            return Err(Error::config(format!(
                "containment must be positive (above 1 turns it off), got {}",
                self.containment
            )));
        }
        if !(0.0..=1.0).contains(&self.min_number_overlap) {
            return Err(Error::config(format!(
                "min_number_overlap must be between 0 and 1 (0 turns the check off), got {}",
                self.min_number_overlap
            )));
        }
        if self.max_document_bytes == 0 {
            return Err(Error::config("max_document_bytes must be positive"));
        }
        if let Some(p) = self.lsh {
            p.validate(self.num_perm)?;
            return Ok(p);
        }
        LshParams::optimal(self.effective_lsh_threshold(), self.num_perm, 0.5, 0.5)
    }

    /// Every floating-point setting by name, `None` for an unset option. Naming
    /// every field makes adding one fail to compile until it is sorted here.
    fn floats(&self) -> [(&'static str, Option<f64>); 4] {
        let Config {
            shingle: _,
            num_perm: _,
            seed: _,
            scheme: _,
            threshold,
            containment,
            min_containment_shingles: _,
            min_number_overlap,
            lsh_threshold,
            lsh: _,
            verify: _,
            max_document_bytes: _,
            boilerplate: _,
            template_min_docs: _,
            grouping: _,
        } = self;
        [
            ("threshold", Some(*threshold)),
            ("containment", Some(*containment)),
            ("min_number_overlap", Some(*min_number_overlap)),
            ("lsh_threshold", *lsh_threshold),
        ]
    }

    /// The Jaccard similarity the LSH banding is tuned for.
    pub fn effective_lsh_threshold(&self) -> f64 {
        if let Some(t) = self.lsh_threshold {
            return t;
        }
        let c = self.containment;
        let from_containment = if c <= 1.0 { c / (3.0 - c) } else { 1.0 };
        // An LSH threshold of exactly 1 has no S-curve to tune; stay just below.
        self.threshold.min(from_containment).min(0.99)
    }
}

impl Config {
    /// A 64-bit fingerprint of the configuration: XXH3-64 (seed 0) of its
    /// canonical encoding, specified in DESIGN.md. Equal configurations have equal
    /// fingerprints on every machine; index files record it in their header.
    pub fn fingerprint(&self) -> u64 {
        crate::index_file::config_fingerprint(self)
    }

    /// The settings that differ between two configurations, as
    /// `(name, value here, value there)`.
    pub(crate) fn differences(&self, other: &Config) -> Vec<(&'static str, String, String)> {
        self.settings()
            .into_iter()
            .zip(other.settings())
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, b)| (a.0, a.1, b.1))
            .collect()
    }

    /// Every setting by name, for messages. Naming every field makes adding one
    /// fail to compile until it is listed here.
    fn settings(&self) -> Vec<(&'static str, String)> {
        let Config {
            shingle,
            num_perm,
            seed,
            scheme,
            threshold,
            containment,
            min_containment_shingles,
            min_number_overlap,
            lsh_threshold,
            lsh,
            verify,
            max_document_bytes,
            boilerplate,
            template_min_docs,
            grouping,
        } = self;
        let opt = |v: Option<String>| v.unwrap_or_else(|| "unset".to_string());
        vec![
            ("shingle", shingle.to_string()),
            ("num_perm", num_perm.to_string()),
            ("seed", seed.to_string()),
            ("scheme", format!("{scheme:?}")),
            ("threshold", threshold.to_string()),
            ("containment", containment.to_string()),
            (
                "min_containment_shingles",
                min_containment_shingles.to_string(),
            ),
            ("min_number_overlap", min_number_overlap.to_string()),
            ("lsh_threshold", opt(lsh_threshold.map(|t| t.to_string()))),
            ("lsh", opt(lsh.map(|p| format!("{}×{}", p.bands, p.rows)))),
            ("verify", verify.to_string()),
            ("max_document_bytes", max_document_bytes.to_string()),
            ("boilerplate", boilerplate.to_string()),
            ("template_min_docs", template_min_docs.to_string()),
            ("grouping", format!("{grouping:?}")),
        ]
    }
}
