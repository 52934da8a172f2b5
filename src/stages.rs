//! The pipeline as stages over plain data, for engines other than
//! [`Detector`](crate::Detector): a Spark job, a Slurm script, a
//! hand-written shuffle.
//!
//! [`Detector`](crate::Detector) drives these stages in memory. An engine that
//! runs them over a cluster only moves data between them — partitions,
//! shuffles, joins, counts — and gets exactly the groups the detector gives
//! for the same documents and configuration, because every stage is a
//! deterministic function of its inputs and the configuration, and every value
//! that crosses a stage boundary is specified (XXH3 with explicit seeds,
//! little-endian bytes):
//!
//! 1. **Prepare** each text: [`Stages::prepare`] → [`Content`] (boilerplate
//!    removed, normalized, tokenized). Documents whose content is identical
//!    are exact copies: [`Stages::hash`] is the key of their *unit*; everything
//!    below runs once per unit.
//! 2. **Template votes**: [`Content::template_votes`] of each unit; a block
//!    key voted for by [`Config::template_min_docs`] distinct tags is a
//!    template ([`Stages::templates`]).
//! 3. **Sign** each unit under the templates: [`Stages::sign`] → [`Signed`]
//!    (shingle set, signature, one LSH band key per band). Units whose band
//!    `i` keys are equal share a *bucket* `(i, key)`.
//! 4. **Candidate links**: in each bucket, every member is linked to the
//!    bucket's [`BUCKET_HEADS`](crate::links::BUCKET_HEADS) heads, its
//!    highest-ranked members ([`rank`]; [`bucket_heads`], [`bucket_links`]).
//! 5. **Verify** each distinct link: [`Stages::verify`] → the size of the
//!    intersection of an accepted pair's shingle sets.
//! 6. **Components**: connected components of the accepted links, plus every
//!    unit of two or more documents (exact copies with no link).
//! 7. **Group** each component: [`Stages::group_component`] → the groups
//!    with their representatives and every member's scores, as
//!    [`Detector::groups`](crate::Detector::groups) reports them. All groups,
//!    sorted by their first (smallest) member id, are the detector's groups.
//!
//! Two different contents with one 64-bit content hash would be one unit here
//! and two in a detector; the chance is about `n² / 2⁶⁵` for `n` distinct
//! contents.
//!
//! ```
//! use reprint::stages::{bucket_links, Stages, UnitInput};
//! use reprint::Config;
//!
//! let stages = Stages::new(Config::default())?;
//! let wire = "Markets rose on Friday after strong jobs data lifted hopes for a soft \
//!     landing, traders in New York said, and the dollar slipped against the euro.";
//! let copy = format!("{wire} Reporting by our staff.");
//! let contents = [stages.prepare(wire)?, stages.prepare(&copy)?];
//! let hashes = [stages.hash(&contents[0]), stages.hash(&contents[1])];
//! // No block is voted a template by four distinct contents here.
//! let templates = stages.templates(std::iter::empty());
//! let signed = [stages.sign(&contents[0], &templates), stages.sign(&contents[1], &templates)];
//! // Say the two share the bucket of some band: one candidate link.
//! let links = bucket_links(&[(hashes[0], signed[0].len()), (hashes[1], signed[1].len())]);
//! assert_eq!(links.len(), 1);
//! let inter = stages.verify((&contents[0], &signed[0]), (&contents[1], &signed[1]))?.unwrap();
//! let ids = [vec!["wire".to_string()], vec!["copy".to_string()]];
//! let units: Vec<UnitInput> = (0..2)
//!     .map(|i| UnitInput { ids: &ids[i], content: &contents[i], signed: &signed[i] })
//!     .collect();
//! let groups = stages.group_component(&units, &[(hashes[0], hashes[1], inter)])?;
//! assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["copy", "wire"]);
//! assert_eq!(groups[0].representative, "copy");
//! # Ok::<(), reprint::Error>(())
//! ```
//!
//! [`Config::template_min_docs`]: crate::Config::template_min_docs

use ahash::AHashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::config::Config;
use crate::derive::{self, Derived};
use crate::error::{Error, Result};
use crate::group::{self, Group};
use crate::links::{self, RankKey};
use crate::lsh::{self, LshParams};
use crate::minhash::{MinHasher, Signature};
use crate::prepare::{self, content_hash, BlockRef, Scratch};
use crate::shingle::{word_id_and_number, Shingling, MAX_SHINGLE_LEN};

pub use crate::prepare::Content;

/// Version of the byte form of [`Content`] (2: with the number of stories
/// the page carries).
const BYTES_VERSION: u8 = 2;

/// Version of the byte form of [`Signed`] (2: with the tag of the content and
/// configuration it was signed from).
const SIGNED_VERSION: u8 = 2;

/// Seed offset for the tag of a [`Signed`] unit.
const SIGNED_DOMAIN: u64 = 0x5349_474e_4544_5447; // "SIGNEDTG"

/// Seed offset for the ids of pre-tokenized words ([`Stages::prepare_tokens`]).
const TOKEN_DOMAIN: u64 = 0x544f_4b45_4e49_4453; // "TOKENIDS"

/// The stages under one configuration: the configuration checked once, and
/// what it derives (the banding, the MinHash permutations).
#[derive(Clone, Debug)]
pub struct Stages {
    config: Config,
    params: LshParams,
    hasher: MinHasher,
    /// Mixed into the tag of every [`Signed`]: what of the configuration,
    /// besides the seed of the content hash, a signature depends on.
    salt: u64,
}

impl Stages {
    /// The stages under `config`.
    ///
    /// # Errors
    ///
    /// If a setting is out of range, as [`Detector::new`](crate::Detector::new).
    pub fn new(config: Config) -> Result<Stages> {
        let params = config.validate()?;
        Ok(Stages::with_banding(config, params))
    }

    /// The stages under a checked configuration with the given banding.
    pub(crate) fn with_banding(config: Config, params: LshParams) -> Stages {
        let mut what = Vec::with_capacity(10);
        what.extend_from_slice(&(config.num_perm as u64).to_le_bytes());
        what.push(match config.scheme {
            crate::minhash::Scheme::OnePermutation => 0,
            crate::minhash::Scheme::Classic => 1,
        });
        what.push(u8::from(config.verify));
        Stages {
            hasher: MinHasher::new(config.num_perm, config.seed, config.scheme),
            salt: xxh3_64_with_seed(&what, config.seed ^ SIGNED_DOMAIN),
            config,
            params,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The LSH banding: [`Signed::band_keys`] has one key per band, then one
    /// per [containment band](crate::Config::containment_bands).
    pub fn lsh_params(&self) -> LshParams {
        self.params
    }

    /// Stage 1: prepares one text.
    ///
    /// # Errors
    ///
    /// If the text is empty after cleaning and normalization, or larger than
    /// [`Config::max_document_bytes`](crate::Config::max_document_bytes): the
    /// errors [`Detector::insert`](crate::Detector::insert) gives, without an
    /// id. Such a document is left out.
    pub fn prepare(&self, text: &str) -> Result<Content> {
        prepare::content_of(&self.config, text, &mut Scratch::default())
    }

    /// Stage 1 for text that is already split into words (from another
    /// tokenizer, or the token lists a MinHash library was fed): no page
    /// cleaning or normalization, one block that is never a template, word
    /// shingles of the configured length.
    ///
    /// # Errors
    ///
    /// If there is no token, a token is empty, or the tokens and a separator
    /// after each take more than
    /// [`Config::max_document_bytes`](crate::Config::max_document_bytes).
    pub fn prepare_tokens<I, S>(&self, tokens: I) -> Result<Content>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let seed = self.config.seed;
        let limit = self.config.max_document_bytes;
        let (mut ids, mut numbers, mut bytes) = (Vec::new(), Vec::new(), 0usize);
        for t in tokens {
            let t = t.as_ref();
            bytes += t.len() + 1;
            if bytes > limit {
                return Err(Error::from(crate::error::ErrorKind::DocumentTooLarge {
                    id: None,
                    len: bytes,
                    limit,
                }));
            }
            if t.is_empty() {
                return Err(Error::from(crate::error::ErrorKind::EmptyDocument {
                    id: None,
                }));
            }
            let (id, number) = word_id_and_number(t, seed);
            // A token may hold spaces or punctuation the word splitter would
            // have cut: its id covers all its bytes.
            let id = if t.bytes().all(|b| b.is_ascii_alphanumeric()) {
                id
            } else {
                (xxh3_64_with_seed(t.as_bytes(), seed ^ TOKEN_DOMAIN) >> 32) as u32
            };
            if number == crate::shingle::Number::Distinctive {
                numbers.push(id);
            }
            ids.push(id);
        }
        if ids.is_empty() {
            return Err(Error::from(crate::error::ErrorKind::EmptyDocument {
                id: None,
            }));
        }
        numbers.sort_unstable();
        numbers.dedup();
        let shingle_len = match self.config.shingle {
            Shingling::Words(n) | Shingling::Chars(n) | Shingling::Auto { words: n, .. } => n,
        };
        Ok(Content {
            blocks: Box::new([BlockRef {
                end: ids.len() as u32,
                key: 0,
            }]),
            tokens: ids.into_boxed_slice(),
            shingle_len: shingle_len as u32,
            numbers: numbers.into_boxed_slice(),
            stories: 1,
        })
    }

    /// The unit key of a content: exact copies (equal contents) have equal
    /// hashes, on every machine.
    pub fn hash(&self, content: &Content) -> u64 {
        content_hash(content, self.config.seed)
    }

    /// Stage 2: the template set, from the number of distinct tags that voted
    /// for each block key ([`Content::template_votes`] of every unit, distinct
    /// `(key, tag)` pairs counted per key). Keys may repeat; their counts add.
    pub fn templates(&self, counts: impl IntoIterator<Item = (u64, u64)>) -> TemplateSet {
        let min = self.config.template_min_docs as u64;
        let mut total: AHashMap<u64, u64> = AHashMap::new();
        if min > 0 {
            for (key, n) in counts {
                if key != 0 {
                    let sum = total.entry(key).or_insert(0);
                    *sum = sum.saturating_add(n);
                }
            }
        }
        let mut keys: Vec<u64> = total
            .into_iter()
            .filter(|&(_, n)| n >= min)
            .map(|(k, _)| k)
            .collect();
        keys.sort_unstable();
        TemplateSet { keys }
    }

    /// Stage 3: a unit's shingle set, signature and band keys, leaving out its
    /// template blocks (unless that would leave nothing).
    pub fn sign(&self, content: &Content, templates: &TemplateSet) -> Signed {
        let derived = derive::derive(
            &self.config,
            &self.hasher,
            |k| templates.contains(k),
            content,
            &mut Scratch::default(),
        );
        Signed::new(derived, &self.config, self.params, self.tag(content))
    }

    /// The tag a [`Signed`] of `content` carries under this configuration.
    fn tag(&self, content: &Content) -> u64 {
        self.hash(content) ^ self.salt
    }

    /// An [`InvalidStageInput`](crate::ErrorKind::InvalidStageInput) error
    /// unless `signed` was signed from `content` under this configuration
    /// (the same content hash, seed, signature length, scheme and
    /// verification setting).
    fn check_signed(&self, content: &Content, signed: &Signed) -> Result<()> {
        if signed.tag != self.tag(content) {
            return Err(Error::invalid_input(format!(
                "a signed unit was not signed from the content of hash {:016x} \
                 under this configuration",
                self.hash(content)
            )));
        }
        Ok(())
    }

    /// Stage 5: verifies a candidate link. `Some` with the size of the
    /// intersection of the two shingle sets if the pair is accepted.
    ///
    /// # Errors
    ///
    /// [`InvalidStageInput`](crate::ErrorKind::InvalidStageInput) if a
    /// [`Signed`] was not signed from its content under this configuration.
    pub fn verify(&self, a: (&Content, &Signed), b: (&Content, &Signed)) -> Result<Option<u32>> {
        self.check_signed(a.0, a.1)?;
        self.check_signed(b.0, b.1)?;
        let (x, y) = ((a.0, &a.1.derived), (b.0, &b.1.derived));
        Ok(derive::verify_pair(&self.config, x, y).map(|s| derive::intersection_of(&s, x.1.len)))
    }

    /// Stage 7: groups one connected component of accepted links. `units`
    /// holds every unit of the component with the ids of its documents (in
    /// any order); `links` the accepted links among them as `(hash, hash,
    /// intersection)` in either orientation. Returns the component's groups of
    /// two or more documents, each as [`Detector::groups`] reports it.
    ///
    /// [`Detector::groups`]: crate::Detector::groups
    ///
    /// # Errors
    ///
    /// [`InvalidStageInput`](crate::ErrorKind::InvalidStageInput) if a unit
    /// has no id, an id is in two units (or twice in one), two units have one
    /// hash, a unit's [`Signed`] was not signed from its content under this
    /// configuration, a link names a hash that is not among the units, or a
    /// link's intersection is larger than one of its sets or differs from
    /// the intersection given for the same pair in another link.
    pub fn group_component(
        &self,
        units: &[UnitInput<'_>],
        links: &[(u64, u64, u32)],
    ) -> Result<Vec<Group>> {
        // Local numbers in rank order, so nothing depends on the input order.
        let mut order: Vec<(RankKey, usize)> = units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                (
                    links::rank_key(u.signed.derived.len, self.hash(u.content)),
                    i,
                )
            })
            .collect();
        order.sort_unstable();
        for u in units {
            self.check_signed(u.content, u.signed)?;
        }
        let mut all: Vec<&str> = units
            .iter()
            .flat_map(|u| u.ids.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        if let Some(w) = all.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::invalid_input(format!(
                "the id {:?} is given for two documents of the component",
                w[0]
            )));
        }
        let mut local: AHashMap<u64, u32> = AHashMap::with_capacity(units.len());
        let mut ids: Vec<Vec<String>> = Vec::with_capacity(units.len());
        for (n, &(rank, i)) in order.iter().enumerate() {
            if local.insert(rank as u64, n as u32).is_some() {
                return Err(Error::invalid_input(format!(
                    "two units of the component have the content hash {:016x}",
                    rank as u64
                )));
            }
            if units[i].ids.is_empty() {
                return Err(Error::invalid_input("a unit of the component has no id"));
            }
            let mut list = units[i].ids.to_vec();
            list.sort_unstable();
            ids.push(list);
        }
        let at = |n: u32| {
            let u = &units[order[n as usize].1];
            (u.content, &u.signed.derived)
        };
        let mut given: Vec<(u32, u32, u32)> = Vec::with_capacity(links.len());
        for &(a, b, inter) in links {
            let (Some(&x), Some(&y)) = (local.get(&a), local.get(&b)) else {
                return Err(Error::invalid_input(format!(
                    "a link names a content hash outside the component ({a:016x}, {b:016x})"
                )));
            };
            if x == y {
                continue;
            }
            let (x, y) = (x.min(y), x.max(y));
            let smaller = at(x).1.len.min(at(y).1.len);
            if self.config.verify && inter as usize > smaller {
                return Err(Error::invalid_input(format!(
                    "a link ({a:016x}, {b:016x}) gives an intersection of {inter} \
                     shingles, more than the smaller set's {smaller}"
                )));
            }
            given.push((x, y, inter));
        }
        given.sort_unstable();
        given.dedup();
        if let Some(w) = given
            .windows(2)
            .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
        {
            let (a, b) = (
                order[w[0].0 as usize].0 as u64,
                order[w[0].1 as usize].0 as u64,
            );
            return Err(Error::invalid_input(format!(
                "the link ({a:016x}, {b:016x}) is given with two intersections, {} and {}",
                w[0].2, w[1].2
            )));
        }
        let scored: Vec<(u32, u32, crate::cluster::Scores)> = given
            .iter()
            .map(|&(x, y, inter)| (x, y, derive::link_scores(&self.config, at(x), at(y), inter)))
            .collect();
        let rank: Vec<u32> = (0..units.len() as u32).collect();
        let docs: Vec<u32> = ids.iter().map(|l| l.len() as u32).collect();
        let several: Vec<bool> = (0..units.len() as u32)
            .map(|n| at(n).0.stories > 1)
            .collect();
        let accepted: AHashMap<(u32, u32), crate::cluster::Scores> =
            scored.iter().map(|&(x, y, s)| ((x, y), s)).collect();
        let config = &self.config;
        let unit_groups = group::group_units(
            config.grouping,
            &group::Units {
                rank: &rank,
                docs: &docs,
                several: &several,
            },
            &scored,
            config,
            &|a, b| {
                if let Some(s) = accepted.get(&(a.min(b), a.max(b))) {
                    return Some(if a < b { *s } else { s.swapped() });
                }
                derive::verify_pair(config, at(a), at(b))
            },
            &|a, b| {
                let (x, y) = (at(a), at(b));
                derive::overlap(config, x, y, || x.1.signature.jaccard(&y.1.signature))
            },
        );
        let mut groups: Vec<Group> = unit_groups
            .iter()
            .map(|g| {
                group::assemble(
                    g,
                    |u| &ids[u as usize],
                    |u, rep| derive::unit_scores(config, at(u), at(rep), u == rep),
                )
            })
            .collect();
        groups.sort_unstable_by(|x, y| x.members[0].id.cmp(&y.members[0].id));
        Ok(groups)
    }
}

/// One unit of a component for [`Stages::group_component`].
#[derive(Clone, Copy, Debug)]
pub struct UnitInput<'a> {
    /// The ids of the documents with this content.
    pub ids: &'a [String],
    /// The content.
    pub content: &'a Content,
    /// What [`Stages::sign`] gave for it.
    pub signed: &'a Signed,
}

/// The block keys that are templates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateSet {
    /// Sorted, distinct.
    keys: Vec<u64>,
}

impl TemplateSet {
    /// A template set from its keys (for instance broadcast from the stage
    /// that counted them).
    pub fn from_keys(mut keys: Vec<u64>) -> TemplateSet {
        keys.sort_unstable();
        keys.dedup();
        keys.retain(|&k| k != 0);
        TemplateSet { keys }
    }

    /// The keys, sorted.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Whether a block key is a template.
    pub fn contains(&self, key: u64) -> bool {
        key != 0 && self.keys.binary_search(&key).is_ok()
    }
}

/// What stage 3 derives for a unit: its shingle set (for verification), its
/// signature and its LSH band keys.
#[derive(Clone, Debug)]
pub struct Signed {
    pub(crate) derived: Derived,
    band_keys: Vec<u64>,
    /// The content hash it was signed from, mixed with what of the
    /// configuration a signature depends on: checked wherever it meets its
    /// content again.
    tag: u64,
}

impl Signed {
    fn new(derived: Derived, config: &Config, params: LshParams, tag: u64) -> Signed {
        let band_keys = lsh::band_keys(
            params,
            config.effective_containment_bands(),
            config.seed,
            &derived.signature,
        )
        .collect();
        Signed {
            derived,
            band_keys,
            tag,
        }
    }

    /// Number of distinct shingles: with the content hash, the unit's
    /// [`rank`].
    pub fn len(&self) -> u32 {
        u32::try_from(self.derived.len).unwrap_or(u32::MAX)
    }

    /// Whether the shingle set is empty (never, for a prepared content).
    pub fn is_empty(&self) -> bool {
        self.derived.len == 0
    }

    /// The MinHash signature.
    pub fn signature(&self) -> &Signature {
        &self.derived.signature
    }

    /// One key per band, then one per
    /// [containment band](crate::Config::containment_bands): units with equal
    /// keys at position `i` share the bucket `(i, key)`.
    pub fn band_keys(&self) -> &[u64] {
        &self.band_keys
    }

    /// The byte form: a version byte, the tag of the content and
    /// configuration it was signed from (`u64`), then as little-endian
    /// `u32`s the shingle count, the signature's length and values, and the
    /// stored shingles' count and values. Band keys are recomputed when read.
    pub fn to_bytes(&self) -> Vec<u8> {
        let d = &self.derived;
        let values = d.signature.values();
        let mut out = Vec::with_capacity(21 + 4 * (values.len() + d.shingles.len()));
        out.push(SIGNED_VERSION);
        out.extend_from_slice(&self.tag.to_le_bytes());
        put_u32(&mut out, self.len());
        put_u32s(&mut out, values);
        put_u32s(&mut out, &d.shingles);
        out
    }

    /// Reads the byte form written by [`to_bytes`](Signed::to_bytes) under the
    /// same configuration.
    ///
    /// # Errors
    ///
    /// [`Format`](crate::ErrorKind::Format) if the bytes are damaged, of
    /// another version, or do not fit the configuration (signature length,
    /// verification on or off). Bytes signed under another seed, scheme or
    /// signature length, or from another content than the one they are used
    /// with, are refused where they meet that content.
    pub fn from_bytes(stages: &Stages, bytes: &[u8]) -> Result<Signed> {
        let mut r = Reader::new(bytes, SIGNED_VERSION, "signed unit")?;
        let tag = r.u64()?;
        let len = r.u32()? as usize;
        let values = r.u32s()?;
        let shingles = r.u32s()?;
        r.end()?;
        let config = &stages.config;
        if values.len() != config.num_perm {
            return Err(Error::format(format!(
                "signed unit: {} signature values, the configuration has {}",
                values.len(),
                config.num_perm
            )));
        }
        let stored = if config.verify { len } else { 0 };
        if shingles.len() != stored || len == 0 {
            return Err(Error::format(format!(
                "signed unit: {} shingles stored for a set of {len}",
                shingles.len()
            )));
        }
        if shingles.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::format(
                "signed unit: shingles not strictly ascending",
            ));
        }
        let derived = Derived {
            signature: Signature::from_values(values),
            shingles: shingles.into_boxed_slice(),
            len,
        };
        Ok(Signed::new(derived, config, stages.params, tag))
    }
}

impl Content {
    /// How many stories the page carries: 1 for most pages, more for a
    /// roundup, a page of briefs or a live blog, whose items stand under
    /// headlines of their own and name different people and places
    /// (`DESIGN.md`, "Stories a page carries"). Grouping never makes a page
    /// of several stories the center others join.
    pub fn stories(&self) -> u8 {
        self.stories
    }

    /// The `(block key, tag)` pairs this content votes for in template
    /// learning, sorted and distinct: a block key becomes a template when
    /// [`Config::template_min_docs`](crate::Config::template_min_docs)
    /// distinct tags vote for it across all units. The tag names the content's
    /// story (a min-hash of its long complete sentences, or its content hash
    /// when it has fewer than two; see [`templates`](crate::templates)), so
    /// that the copies of one story count about once.
    pub fn template_votes(&self, stages: &Stages) -> Vec<(u64, u64)> {
        prepare::template_votes(self, stages.config.seed)
    }

    /// The byte form: a version byte, then as little-endian values the
    /// shingle length (`u32`), the token ids (`u32` count, `u32`s), the blocks
    /// (`u32` count, each a `u32` end and a `u64` key), the number ids
    /// (`u32` count, `u32`s) and the number of stories the page carries (one
    /// byte, at least 1).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            18 + 4 * (self.tokens.len() + self.numbers.len()) + 12 * self.blocks.len(),
        );
        out.push(BYTES_VERSION);
        put_u32(&mut out, self.shingle_len);
        put_u32s(&mut out, &self.tokens);
        put_u32(&mut out, self.blocks.len() as u32);
        for b in self.blocks.iter() {
            put_u32(&mut out, b.end);
            out.extend_from_slice(&b.key.to_le_bytes());
        }
        put_u32s(&mut out, &self.numbers);
        out.push(self.stories);
        out
    }

    /// Reads the byte form written by [`to_bytes`](Content::to_bytes),
    /// checking it as an index file's contents are checked.
    ///
    /// # Errors
    ///
    /// [`Format`](crate::ErrorKind::Format) if the bytes are damaged, of
    /// another version, or use a shingle length the configuration does not.
    pub fn from_bytes(stages: &Stages, bytes: &[u8]) -> Result<Content> {
        let mut r = Reader::new(bytes, BYTES_VERSION, "content")?;
        let shingle_len = r.u32()?;
        let tokens = r.u32s()?;
        let n_blocks = r.u32()? as usize;
        if n_blocks == 0 || tokens.is_empty() {
            return Err(Error::format("content: no tokens or no blocks"));
        }
        let mut blocks = Vec::with_capacity(n_blocks.min(r.remaining() / 12));
        let mut start = 0u32;
        for _ in 0..n_blocks {
            let end = r.u32()?;
            let key = r.u64()?;
            if end <= start || end as usize > tokens.len() {
                return Err(Error::format(format!(
                    "content: a block ends at token {end} after one ending at {start} (of {})",
                    tokens.len()
                )));
            }
            start = end;
            blocks.push(BlockRef { end, key });
        }
        if start as usize != tokens.len() {
            return Err(Error::format("content: the blocks do not cover the tokens"));
        }
        let numbers = r.u32s()?;
        let stories = r.take(1)?[0];
        r.end()?;
        if numbers.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::format("content: numbers not strictly ascending"));
        }
        if stories == 0 {
            return Err(Error::format("content: a page of no stories"));
        }
        let content = Content {
            tokens: tokens.into_boxed_slice(),
            blocks: blocks.into_boxed_slice(),
            shingle_len,
            numbers: numbers.into_boxed_slice(),
            stories,
        };
        check_shingle_len(&stages.config, &content)?;
        Ok(content)
    }
}

/// A [`Format`](crate::ErrorKind::Format) error unless the content's shingle
/// length is one `config` uses.
pub(crate) fn check_shingle_len(config: &Config, content: &Content) -> Result<()> {
    let lengths = match config.shingle {
        Shingling::Words(n) | Shingling::Chars(n) => [n, n],
        Shingling::Auto { words, chars } => [words, chars],
    };
    let n = content.shingle_len as usize;
    if !lengths.contains(&n) || n > MAX_SHINGLE_LEN {
        return Err(Error::format(format!(
            "content: shingle length {n}, which the configuration does not use"
        )));
    }
    Ok(())
}

/// The rank of a unit with `len` distinct shingles and content hash `hash`:
/// lower ranks lead buckets and groups (larger contents first, then smaller
/// hashes). Compare ranks as unsigned 128-bit numbers.
pub fn rank(len: u32, hash: u64) -> u128 {
    links::rank_key(len as usize, hash)
}

/// Stage 4, for one bucket: its heads, the at most
/// [`BUCKET_HEADS`](crate::links::BUCKET_HEADS) members `(hash, len)` of
/// lowest [`rank`], best first. An aggregation: heads of parts of a bucket,
/// taken together, give the bucket's heads.
pub fn bucket_heads(members: impl IntoIterator<Item = (u64, u32)>) -> Vec<(u64, u32)> {
    let mut heads: Vec<(u128, u64, u32)> = Vec::with_capacity(links::BUCKET_HEADS + 1);
    for (hash, len) in members {
        let r = rank(len, hash);
        if heads.iter().any(|&(x, _, _)| x == r) {
            continue;
        }
        let at = heads.partition_point(|&(x, _, _)| x < r);
        if at < links::BUCKET_HEADS {
            heads.insert(at, (r, hash, len));
            heads.truncate(links::BUCKET_HEADS);
        }
    }
    heads.into_iter().map(|(_, h, l)| (h, l)).collect()
}

/// Stage 4, for one bucket: its candidate links, every member `(hash, len)`
/// with each head, as `(a, b)` with `a < b`, sorted and distinct. A bucket too
/// large for one task: compute its [`bucket_heads`] first (an aggregation),
/// then link each member to them.
pub fn bucket_links(members: &[(u64, u32)]) -> Vec<(u64, u64)> {
    let heads = bucket_heads(members.iter().copied());
    let mut out: Vec<(u64, u64)> = members
        .iter()
        .flat_map(|&(m, _)| {
            heads
                .iter()
                .filter(move |&&(h, _)| h != m)
                .map(move |&(h, _)| (m.min(h), m.max(h)))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_u32s(out: &mut Vec<u8>, values: &[u32]) {
    put_u32(out, values.len() as u32);
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Reads a byte form, every read bounded by what is left.
struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], version: u8, what: &'static str) -> Result<Reader<'a>> {
        match bytes.split_first() {
            Some((&v, rest)) if v == version => Ok(Reader { bytes: rest, what }),
            Some((v, _)) => Err(Error::format(format!(
                "{what}: byte form version {v}, this build reads {version}"
            ))),
            None => Err(Error::format(format!("{what}: no bytes"))),
        }
    }

    fn remaining(&self) -> usize {
        self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.bytes.len() {
            return Err(Error::format(format!("{}: truncated", self.what)));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.saturating_mul(4))?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
    }

    fn end(&self) -> Result<()> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(Error::format(format!(
                "{}: {} trailing bytes",
                self.what,
                self.bytes.len()
            )))
        }
    }
}
