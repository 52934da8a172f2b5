//! The detector's configuration: plain serde data, checked once by
//! [`DetectorBuilder::build`](crate::DetectorBuilder::build) or
//! [`Detector::new`](crate::Detector::new).

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, Result};
use crate::group::Grouping;
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
///
/// Configurations compare equal when their canonical encodings (DESIGN.md,
/// the same bytes [`fingerprint`](Config::fingerprint) hashes) are equal: `-0.0`
/// equals `0.0`, as it does for floats, and so that equality is an equivalence
/// whatever the fields hold, a NaN equals any NaN.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// How texts are cut into shingles. Default: `Auto { words: 5, chars: 5 }`:
    /// different reports written to one formula (weather, results, court and
    /// market items) share many three-word stock phrases but few five-word
    /// runs, so word 5-grams keep them apart where 3-grams paired them (on
    /// real wire text, pair precision 0.90 with 3-grams, 0.995 with 5-grams);
    /// 3-grams keep more of a copy with an OCR error every sentence or two
    /// (measured: examples/eval.rs, README). Index files keep the shingling
    /// they were built with.
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
    /// match; it also caps the floor on the shingles every accepted pair
    /// shares ([`MIN_SHARED_SHINGLES`](crate::cluster::MIN_SHARED_SHINGLES)),
    /// so 0 turns that off. Default: 12.
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
    /// Containment bands: this many more LSH bands of one signature value
    /// each, so that a short copy of a part of a much longer page becomes a
    /// candidate. Banding tuned for Jaccard similarity misses such pairs: a
    /// page holding all of a copy ten times its size has a Jaccard
    /// similarity of 0.1 with it. One MinHash value of the copy equals the
    /// page's with probability about the share of the page the copy holds,
    /// so `m` single-value bands find a copy holding share `s` of the page
    /// with probability `1 − (1 − s)^m` whatever the sizes (LSH Ensemble,
    /// Zhu et al., VLDB 2016, lowers the rows per band as the size ratio
    /// grows; one row is its limit). Candidates are verified exactly. A
    /// signature has `num_perm` values, so at most that many are used
    /// ([`effective_containment_bands`](Config::effective_containment_bands));
    /// 0 turns them off (the default before 0.2). Default: 32: a copy
    /// holding a tenth of the page is proposed with probability 0.97. They
    /// cost about 30% more index memory and 20% more CPU (README,
    /// "Containment bands").
    pub containment_bands: usize,
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
    /// sentence) found in the documents of at least this many distinct stories
    /// (copies of one story, edited or not, count once) is an outlet template
    /// and is left out of every document's shingles; see
    /// [`templates`](crate::templates). 0 turns template learning off. Default: 4.
    pub template_min_docs: usize,
    /// How verified pairs become groups. Default: [`Grouping::Centers`].
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
            containment_bands: 32,
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
            min_containment_shingles: 0,
            min_number_overlap: 0.0,
            verify: false,
            boilerplate: false,
            template_min_docs: 0,
            grouping: Grouping::Components,
            containment_bands: 0,
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
            containment_bands: _,
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

    /// The number of containment bands used: `containment_bands`, at most
    /// `num_perm`.
    pub fn effective_containment_bands(&self) -> usize {
        self.containment_bands.min(self.num_perm)
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

/// Length of the canonical configuration encoding.
pub(crate) const CONFIG_LEN: usize = 119;

/// Length of the canonical encoding before `containment_bands` was added
/// (index format versions 1 and 2): the same bytes without the last field.
pub(crate) const CONFIG_LEN_V2: usize = 111;

impl Config {
    /// A 64-bit fingerprint of the configuration: XXH3-64 (seed 0) of its
    /// canonical encoding, specified in DESIGN.md. Equal configurations have equal
    /// fingerprints on every machine; index files record it in their header.
    pub fn fingerprint(&self) -> u64 {
        xxh3_64(&self.canonical_encoding())
    }

    /// Encodes the configuration canonically (DESIGN.md): fixed field order and
    /// width, integers as u64, floats as their bit patterns with `-0.0` written
    /// as `0.0` and every NaN as the standard one, absent options as a zero flag
    /// and zero payload. One configuration has one encoding, and two
    /// configurations that behave alike have the same one.
    ///
    /// Every field of [`Config`] is named here, so adding a field fails to
    /// compile until the encoding (and the index format version) is updated.
    pub(crate) fn canonical_encoding(&self) -> [u8; CONFIG_LEN] {
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
            containment_bands,
            verify,
            max_document_bytes,
            boilerplate,
            template_min_docs,
            grouping,
        } = self;
        let mut out = [0u8; CONFIG_LEN];
        let mut w = FieldWriter {
            out: &mut out,
            at: 0,
        };
        let (kind, words, chars) = match *shingle {
            Shingling::Words(n) => (0, n, 0),
            Shingling::Chars(n) => (1, 0, n),
            Shingling::Auto { words, chars } => (2, words, chars),
        };
        w.u8(kind);
        w.u64(words as u64);
        w.u64(chars as u64);
        w.u64(*num_perm as u64);
        w.u64(*seed);
        w.u8(match scheme {
            Scheme::OnePermutation => 0,
            Scheme::Classic => 1,
        });
        w.f64(*threshold);
        w.f64(*containment);
        w.u64(*min_containment_shingles as u64);
        w.f64(*min_number_overlap);
        w.u8(u8::from(lsh_threshold.is_some()));
        w.f64(lsh_threshold.unwrap_or(0.0));
        w.u8(u8::from(lsh.is_some()));
        let (bands, rows) = lsh.map_or((0, 0), |p| (p.bands, p.rows));
        w.u64(bands as u64);
        w.u64(rows as u64);
        w.u8(u8::from(*verify));
        w.u64(*max_document_bytes as u64);
        w.u8(u8::from(*boilerplate));
        w.u64(*template_min_docs as u64);
        w.u8(match grouping {
            Grouping::Components => 0,
            Grouping::Centers => 1,
        });
        // Bands beyond the signature's values behave as the signature's
        // values (each band is one value).
        w.u64((*containment_bands).min(*num_perm) as u64);
        debug_assert_eq!(w.at, CONFIG_LEN);
        out
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
            containment_bands,
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
            (
                "containment_bands",
                (*containment_bands).min(*num_perm).to_string(),
            ),
            ("verify", verify.to_string()),
            ("max_document_bytes", max_document_bytes.to_string()),
            ("boilerplate", boilerplate.to_string()),
            ("template_min_docs", template_min_docs.to_string()),
            ("grouping", format!("{grouping:?}")),
        ]
    }
}

impl PartialEq for Config {
    /// Compares the canonical encodings, so that equality is what the
    /// fingerprint and index files see (a derived comparison made a
    /// configuration holding a NaN unequal to itself).
    fn eq(&self, other: &Config) -> bool {
        self.canonical_encoding() == other.canonical_encoding()
    }
}

impl Eq for Config {}

/// Writes the fields of the canonical encoding in order.
struct FieldWriter<'a> {
    out: &'a mut [u8; CONFIG_LEN],
    at: usize,
}

impl FieldWriter<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.out[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }
    fn u8(&mut self, v: u8) {
        self.put(&[v]);
    }
    fn u64(&mut self, v: u64) {
        self.put(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(canonical_f64(v).to_bits());
    }
}

/// One bit pattern per value: `-0.0` becomes `0.0` and every NaN the standard one.
fn canonical_f64(v: f64) -> f64 {
    if v == 0.0 {
        0.0
    } else if v.is_nan() {
        f64::NAN
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_bands_are_checked_and_encoded() {
        // A short signature uses as many bands as it has values.
        let mut c = Config {
            containment_bands: 32,
            ..Config::default()
        };
        assert_eq!(c.effective_containment_bands(), 32);
        c.num_perm = 16;
        assert!(c.validate().is_ok());
        assert_eq!(c.effective_containment_bands(), 16);
        // The field is the last of the encoding, so that the 111 bytes of
        // index format versions 1 and 2 are its prefix.
        let zero = Config {
            containment_bands: 0,
            ..Config::default()
        };
        let bands = Config::default();
        assert_eq!(bands.containment_bands, 32);
        let (a, b) = (zero.canonical_encoding(), bands.canonical_encoding());
        assert_eq!(a[..CONFIG_LEN_V2], b[..CONFIG_LEN_V2]);
        assert_eq!(a[CONFIG_LEN_V2..], [0u8; 8]);
        assert_eq!(b[CONFIG_LEN_V2..], 32u64.to_le_bytes());
        assert_ne!(zero, bands);
        assert_eq!(Config::baseline().containment_bands, 0);
    }

    #[test]
    fn containment_bands_beyond_the_signature_are_the_same_configuration() {
        // 200 and 128 bands of a 128-value signature are the same 128 bands:
        // one configuration, so that `merge` and index files accept both.
        let at = |bands| Config {
            containment_bands: bands,
            ..Config::default()
        };
        assert_eq!(at(200), at(128));
        assert_eq!(at(200).canonical_encoding(), at(128).canonical_encoding());
        assert!(at(200).differences(&at(128)).is_empty());
        assert_ne!(at(127), at(128));
        assert_eq!(at(127).differences(&at(128)).len(), 1);
    }

    #[test]
    fn equality_is_that_of_the_canonical_encoding() {
        // A NaN, which validation refuses but a caller can still put in a
        // field, leaves the configuration equal to itself and to any other
        // NaN, as their encodings are; -0.0 and 0.0 stay equal.
        let nan = Config {
            lsh: Some(LshParams { bands: 16, rows: 8 }),
            lsh_threshold: Some(f64::NAN),
            ..Config::default()
        };
        assert_eq!(nan, nan.clone());
        let other_nan = Config {
            lsh_threshold: Some(-f64::NAN),
            ..nan.clone()
        };
        assert_eq!(nan, other_nan);
        assert_eq!(nan.fingerprint(), other_nan.fingerprint());
        let zero = Config {
            min_number_overlap: 0.0,
            ..Config::default()
        };
        let negative_zero = Config {
            min_number_overlap: -0.0,
            ..Config::default()
        };
        assert_eq!(zero, negative_zero);
        assert_eq!(zero.fingerprint(), negative_zero.fingerprint());
        assert_ne!(zero, Config::default());
        assert_ne!(
            Config::default(),
            Config {
                lsh_threshold: Some(0.0),
                ..Config::default()
            }
        );
    }
}
