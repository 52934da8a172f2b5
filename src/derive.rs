//! Stage 3, derivation and verification: a content's shingle set and
//! signature under the corpus's templates, and the scores of two derived
//! contents. Functions of their inputs and the configuration.

use crate::cluster::{self, Scores};
use crate::config::Config;
use crate::minhash::{MinHasher, Signature};
use crate::prepare::{Content, Scratch};
use crate::shingle::shingle_ids;
use crate::util::sort::sort_hashes;

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

/// Shingles and signs a document's content, leaving out its template blocks
/// (unless that would leave nothing).
pub(crate) fn derive(
    config: &Config,
    hasher: &MinHasher,
    is_template: impl Fn(u64) -> bool,
    content: &Content,
    scratch: &mut Scratch,
) -> Derived {
    let seed = config.seed;
    let n = content.shingle_len as usize;
    scratch.shingles.clear();
    // Each block's key is looked up once, all of them before any is used,
    // so that the lookups' cache misses overlap.
    scratch.template.clear();
    scratch
        .template
        .extend(content.blocks.iter().map(|b| is_template(b.key)));
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
    let signature = hasher
        .signature(&scratch.shingles)
        .expect("content has at least one token");
    let len = scratch.shingles.len();
    let shingles = if config.verify {
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

/// The scores of two prepared texts, oriented from `a`, if they are
/// accepted as copies.
pub(crate) fn verify_pair(
    config: &Config,
    a: (&Content, &Derived),
    b: (&Content, &Derived),
) -> Option<Scores> {
    verify_pair_est(config, a, b, || a.1.signature.jaccard(&b.1.signature))
}

/// [`verify_pair`] with the estimated Jaccard similarity from `est`, called
/// only when it is needed (for an accepted pair, or without verification):
/// for a holder of shingle sets that keeps no signatures beside them.
pub(crate) fn verify_pair_est(
    config: &Config,
    (ac, a): (&Content, &Derived),
    (bc, b): (&Content, &Derived),
    est: impl FnOnce() -> f64,
) -> Option<Scores> {
    let number_overlap = cluster::number_overlap(&ac.numbers, &bc.numbers);
    if config.verify {
        return Scores::exact_if_accepted(
            &a.shingles,
            &b.shingles,
            number_overlap,
            config,
            |_| true,
            (
                |wanted| {
                    crate::align::aligned_shingles(
                        ac,
                        &a.shingles,
                        bc,
                        &b.shingles,
                        config.seed,
                        wanted,
                    )
                },
                || crate::rewrite::rewritten(ac, &a.shingles, bc, &b.shingles, config.seed),
            ),
            est,
        );
    }
    let mut scores = score_pair_est(config, (ac, a), (bc, b), est());
    scores.number_overlap = number_overlap;
    scores.accepted(config, a.len, b.len).then_some(scores)
}

/// The scores of two prepared texts, oriented from `a`, accepted or not,
/// with the estimated Jaccard similarity `est`.
pub(crate) fn score_pair_est(
    config: &Config,
    (ac, a): (&Content, &Derived),
    (bc, b): (&Content, &Derived),
    est: f64,
) -> Scores {
    let mut scores = if config.verify {
        Scores::exact(&a.shingles, &b.shingles, est)
    } else {
        Scores::estimated(est, a.len, b.len)
    };
    scores.number_overlap = cluster::number_overlap(&ac.numbers, &bc.numbers);
    scores
}

/// The size of the intersection of an accepted pair's shingle sets, from its
/// scores oriented from a set of `len_a` shingles.
pub(crate) fn intersection_of(scores: &Scores, len_a: usize) -> u32 {
    (scores.containment_ab * len_a as f64).round() as u32
}

/// The scores, oriented from `a`, of an accepted pair whose shingle sets share
/// `inter` shingles: the same scores verification gave.
pub(crate) fn link_scores(
    config: &Config,
    a: (&Content, &Derived),
    b: (&Content, &Derived),
    inter: u32,
) -> Scores {
    link_scores_est(config, a, b, inter, a.1.signature.jaccard(&b.1.signature))
}

/// [`link_scores`] with the estimated Jaccard similarity `est`.
pub(crate) fn link_scores_est(
    config: &Config,
    (ac, a): (&Content, &Derived),
    (bc, b): (&Content, &Derived),
    inter: u32,
    est: f64,
) -> Scores {
    if !config.verify {
        return score_pair_est(config, (ac, a), (bc, b), est);
    }
    let mut scores = Scores::from_intersection(inter as usize, a.len, b.len, est);
    scores.number_overlap = cluster::number_overlap(&ac.numbers, &bc.numbers);
    scores
}

/// The scores of a content against itself.
pub(crate) fn identity(config: &Config, content: &Content) -> Scores {
    Scores {
        estimated_jaccard: 1.0,
        jaccard: 1.0,
        containment_ab: 1.0,
        containment_ba: 1.0,
        exact: config.verify,
        number_overlap: cluster::number_overlap(&content.numbers, &content.numbers),
    }
}

/// The scores of `a` against `b`, accepted or not; [`identity`] when `same`.
pub(crate) fn unit_scores(
    config: &Config,
    a: (&Content, &Derived),
    b: (&Content, &Derived),
    same: bool,
) -> Scores {
    unit_scores_est(config, a, b, same, || a.1.signature.jaccard(&b.1.signature))
}

/// [`unit_scores`] with the estimated Jaccard similarity from `est`, called
/// unless `same`.
pub(crate) fn unit_scores_est(
    config: &Config,
    a: (&Content, &Derived),
    b: (&Content, &Derived),
    same: bool,
    est: impl FnOnce() -> f64,
) -> Scores {
    if same {
        identity(config, a.0)
    } else {
        score_pair_est(config, a, b, est())
    }
}

/// What grouping asks of a pair, accepted or not: its larger containment, and
/// whether its figures disagree (a number overlap below the configuration's
/// minimum). The estimated Jaccard similarity from `est` is asked for only
/// without verification, where the containments are derived from it.
pub(crate) fn overlap(
    config: &Config,
    a: (&Content, &Derived),
    b: (&Content, &Derived),
    est: impl FnOnce() -> f64,
) -> (f64, bool) {
    let est = if config.verify { 0.0 } else { est() };
    let s = score_pair_est(config, a, b, est);
    let disagree = s
        .number_overlap
        .is_some_and(|n| n < config.min_number_overlap);
    (s.max_containment(), disagree)
}
