//! Short rewritten copies: a text of a few hundred words retold from
//! another sentence by sentence, most of its words kept and some exchanged.
//!
//! A person who reuses a text in a short answer, a summary or a school essay
//! changes a word or two in most sentences (a synonym, a dropped adjective,
//! an attribution moved to the front) and keeps the facts, the names and
//! many short phrases. Each changed word breaks every word shingle that holds
//! it: with word 5-grams and two or three changes in a sentence of twenty
//! words, most of the sentence's shingles are gone, and such a copy shares a
//! tenth to a third of its shingles with its source, as a follow-up that
//! quotes a paragraph does. [`align`](crate::align) does not help: its
//! anchors are whole shingles, and here they stand too far apart.
//!
//! Shorter runs survive: between two changed words there are usually three
//! words in a row. [`rewritten`] looks at a pair through word runs of
//! [`FINE_LEN`] tokens (*fine grams*) and counts the tokens of the contained
//! text that are *covered*: held by two shared fine grams that stand close
//! together on about the same diagonal in both texts (at most
//! [`MAX_GAP_TOKENS`] tokens between them, their distance differing by at most
//! [`MAX_SHIFT`]; the words between two such anchors, if no figure is among
//! them, are covered too). A stock phrase two unrelated texts share
//! ("according to a statement from", "did not respond to a request for
//! comment") is one run of anchors; it covers itself and nothing more. A
//! rewritten copy is covered almost everywhere; a text written independently
//! on the same topic, with the same names and topic words, only where it
//! happens to use the same phrase; a follow-up story that quotes a paragraph
//! only in that paragraph.
//!
//! The pair is a copy when the contained text has between
//! [`MIN_REWRITE_LEN`] and [`MAX_REWRITE_LEN`] shingles and the tokens it
//! has outside the cover — its text of its own — are at most [`OWN_SHARE`]
//! of its kept tokens and at least half of its figures
//! (distinctive numbers and numbers of one or two digits, each time one
//! stands) are in fine grams the other has: a writer who retells a text keeps
//! its facts, and two reports written to one formula, of other days or
//! places, differ in theirs. Below the floor, short items written to
//! a formula (weather, market closes, results) are the same sentences with
//! other words in their slots and would be covered as a rewrite is; above the
//! ceiling, a news story rewritten word by word is rare, and shared quotes and
//! background make longer texts on one event look alike at this grain.
//!
//! Only the tokens of kept windows are read (tokens of a window that is in
//! the text's shingle set: not of a template block), and the fine grams are
//! hashed again from the contents' tokens, so nothing is stored for it.
//! Verification (`cluster`) asks only for a pair that falls short of the
//! other rules.

use crate::prepare::Content;
use crate::shingle::shingle_ids;

/// Tokens of a fine gram: three words, the runs that survive a changed word
/// in every fourth or fifth.
pub const FINE_LEN: usize = 3;

/// Most tokens between two anchors (fine grams) that neither covers: a
/// changed word or phrase ("several" → "a number of"), or two close
/// together.
pub const MAX_GAP_TOKENS: usize = 4;

/// Most the distance between two anchors may differ between the texts: a
/// word said in two or three ("as reported by" for "according to"), or an
/// adjective dropped.
pub const MAX_SHIFT: usize = 2;

/// Fewest shingles the contained text of a pair must have: an answer or a
/// summary of 140 words and more, not a formulaic item or a brief. A brief
/// is often retold whole, paragraph by paragraph, as the background of a
/// later story (with a floor of 100, the `followups` setting's precision
/// falls from 0.9990 to 0.9987, and `formulaic`'s from 0.9966 to 0.9965:
/// 10,000 documents, seed 1).
pub const MIN_REWRITE_LEN: usize = 140;

/// Most shingles the contained text of a pair may have: a short text (an
/// answer, a summary, a brief retold), not a news story.
pub const MAX_REWRITE_LEN: usize = 400;

/// Share of its kept tokens a rewritten copy may have outside the cover: an
/// opening sentence and an aside or two of the writer's own. Lower than the
/// follow-up rule's [`OWN_SHARE`](crate::cluster::OWN_SHARE), and without
/// its floor of [`OWN_SHINGLES`](crate::cluster::OWN_SHINGLES): a short story
/// whose paragraphs a longer follow-up retells as its background, all but
/// one, is covered but for that paragraph, a third of it or more.
pub const OWN_SHARE: f64 = 0.3;

/// The kept tokens of `c` and how many of them are covered by `other`, as
/// the module docs define them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cover {
    kept: usize,
    covered: usize,
    /// Figures among the kept tokens (distinctive numbers and numbers of one
    /// or two digits, each time one stands).
    figures: usize,
    /// Those of them that stand in a fine gram the other text has.
    figures_shared: usize,
}

impl Cover {
    /// Whether the text outside the cover is no more than a copy has of its
    /// own.
    fn is_copy(self) -> bool {
        let own = self.kept - self.covered;
        own as f64 <= OWN_SHARE * self.kept as f64 && 2 * self.figures_shared >= self.figures
    }
}

/// Whether one text of a pair is a rewritten copy of the other (module
/// docs): `a_set` and `b_set` are their shingle sets. Symmetric in `a` and
/// `b`.
pub(crate) fn rewritten(a: &Content, a_set: &[u32], b: &Content, b_set: &[u32], seed: u64) -> bool {
    let n = a.shingle_len as usize;
    if n != b.shingle_len as usize || n <= FINE_LEN {
        return false;
    }
    let fits = |set: &[u32]| (MIN_REWRITE_LEN..=MAX_REWRITE_LEN).contains(&set.len());
    if !fits(a_set) && !fits(b_set) {
        return false;
    }
    let small = crate::align::small_numbers(seed);
    let fa = Fine::new(a, a_set, seed);
    let fb = Fine::new(b, b_set, seed);
    (fits(a_set) && cover(a, &fa, &fb, &small).is_copy())
        || (fits(b_set) && cover(b, &fb, &fa, &small).is_copy())
}

/// A text's fine grams at the positions where all their tokens are kept.
struct Fine {
    /// Whether each token is kept.
    kept: Vec<bool>,
    /// `(id, position)` of each fine gram of kept tokens, in position order.
    grams: Vec<(u32, u32)>,
    /// The same, sorted by id then position.
    by_id: Vec<(u32, u32)>,
}

impl Fine {
    fn new(c: &Content, set: &[u32], seed: u64) -> Fine {
        let n = c.shingle_len as usize;
        let tokens = &c.tokens;
        let mut windows = Vec::new();
        shingle_ids(tokens, n, seed, &mut windows);
        let mut kept = vec![false; tokens.len()];
        for (i, w) in windows.iter().enumerate() {
            if set.binary_search(w).is_ok() {
                let end = (i + n).min(tokens.len());
                kept[i..end].iter_mut().for_each(|k| *k = true);
            }
        }
        let mut ids = Vec::new();
        if tokens.len() >= FINE_LEN {
            shingle_ids(tokens, FINE_LEN, seed, &mut ids);
        }
        let grams: Vec<(u32, u32)> = ids
            .iter()
            .enumerate()
            .filter(|&(i, _)| kept[i..i + FINE_LEN].iter().all(|&k| k))
            .map(|(i, &id)| (id, i as u32))
            .collect();
        let mut by_id = grams.clone();
        by_id.sort_unstable();
        Fine { kept, grams, by_id }
    }

    /// Positions of fine gram `id`, ascending.
    fn positions(&self, id: u32) -> &[(u32, u32)] {
        let from = self.by_id.partition_point(|x| x.0 < id);
        let to = self.by_id.partition_point(|x| x.0 <= id);
        &self.by_id[from..to]
    }
}

/// The kept tokens of `a` and those covered by `b` (module docs).
fn cover(a: &Content, fa: &Fine, fb: &Fine, small: &[u32]) -> Cover {
    let kept = fa.kept.iter().filter(|&&k| k).count();
    let mut covered = vec![false; fa.kept.len()];
    let mut anchored = vec![false; fa.kept.len()];
    // The previous anchor: its position in `a` and the positions in `b` of
    // its fine gram.
    let mut last: Option<(usize, &[(u32, u32)])> = None;
    let figure = |c: &Content, t: u32| {
        c.numbers.binary_search(&t).is_ok() || small.binary_search(&t).is_ok()
    };
    for &(id, i) in &fa.grams {
        let i = i as usize;
        let here = fb.positions(id);
        if here.is_empty() {
            continue;
        }
        anchored[i..i + FINE_LEN].iter_mut().for_each(|x| *x = true);
        if let Some((i0, there)) = last {
            let da = i - i0;
            // A pair of anchors on about one diagonal, close together.
            let close = da <= FINE_LEN + MAX_GAP_TOKENS
                && there.iter().any(|&(_, j0)| {
                    here.iter().any(|&(_, j)| {
                        let j0 = j0 as usize;
                        let j = j as usize;
                        j > j0 && (j - j0).abs_diff(da) <= MAX_SHIFT
                    })
                });
            let gap = &a.tokens[(i0 + FINE_LEN).min(i)..i];
            if close && !gap.iter().any(|&t| figure(a, t)) {
                covered[i0..i + FINE_LEN].iter_mut().for_each(|c| *c = true);
            }
        }
        last = Some((i, here));
    }
    let covered = covered
        .iter()
        .zip(&fa.kept)
        .filter(|&(&c, &k)| c && k)
        .count();
    let (mut figures, mut figures_shared) = (0, 0);
    for ((&t, &k), &x) in a.tokens.iter().zip(&fa.kept).zip(&anchored) {
        if k && figure(a, t) {
            figures += 1;
            figures_shared += usize::from(x);
        }
    }
    Cover {
        kept,
        covered,
        figures,
        figures_shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Scores;
    use crate::config::Config;
    use crate::derive;
    use crate::stages::{Stages, TemplateSet};

    /// A text of `len` words, none repeated, with a figure now and then.
    fn text(prefix: &str, len: usize) -> Vec<String> {
        (0..len)
            .map(|i| {
                if i % 23 == 22 {
                    format!("{}", 1000 + i)
                } else {
                    format!("{prefix}{i}")
                }
            })
            .collect()
    }

    /// `words` with word `i` exchanged for another when `changed(i)`; figures
    /// are kept, as a writer keeps the facts.
    fn reworded(words: &[String], changed: impl Fn(usize) -> bool) -> Vec<String> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if changed(i) && !w.starts_with(|c: char| c.is_ascii_digit()) {
                    format!("syn{w}")
                } else {
                    w.clone()
                }
            })
            .collect()
    }

    /// The plain scores of two texts and whether verification accepts them
    /// (both ways round, which must agree).
    fn check(a: &[String], b: &[String]) -> (Scores, bool) {
        let config = Config::default();
        let stages = Stages::new(config.clone()).expect("default config");
        let sign = |w: &[String]| {
            let c = stages.prepare_tokens(w).expect("tokens");
            let s = stages.sign(&c, &TemplateSet::default());
            (c, s)
        };
        let ((ca, sa), (cb, sb)) = (sign(a), sign(b));
        let (da, db) = (&sa.derived, &sb.derived);
        let plain = Scores::exact(&da.shingles, &db.shingles, 0.0);
        let ab = derive::verify_pair(&config, (&ca, da), (&cb, db));
        let ba = derive::verify_pair(&config, (&cb, db), (&ca, da));
        assert_eq!(ab.is_some(), ba.is_some());
        assert_eq!(
            rewritten(&ca, &da.shingles, &cb, &db.shingles, config.seed),
            rewritten(&cb, &db.shingles, &ca, &da.shingles, config.seed)
        );
        (plain, ab.is_some())
    }

    /// Two words in ten exchanged, three and five words apart: no more than
    /// one 5-gram in ten survives.
    fn two_in_ten(i: usize) -> bool {
        matches!(i % 10, 0 | 6)
    }

    #[test]
    fn a_short_rewritten_passage_of_a_source_is_a_copy() {
        let source = text("w", 1000);
        let answer = reworded(&source[300..520], two_in_ten);
        let (plain, accepted) = check(&source, &answer);
        let config = Config::default();
        assert!(plain.max_containment() < 0.2, "{plain:?}");
        assert!(!plain.accepted(&config, 996, 216));
        assert!(accepted);
        // With an opening sentence and two asides of the writer's own.
        let mut with_own: Vec<String> = (0..12).map(|i| format!("open{i}")).collect();
        with_own.extend_from_slice(&answer[..100]);
        with_own.extend((0..10).map(|i| format!("aside{i}")));
        with_own.extend_from_slice(&answer[100..]);
        assert!(check(&source, &with_own).1);
    }

    #[test]
    fn a_follow_up_that_retells_a_paragraph_is_not_a_copy() {
        // Sixty words of the earlier story, reworded, then a story of its
        // own.
        let earlier = text("w", 800);
        let mut follow_up = reworded(&earlier[200..260], two_in_ten);
        follow_up.extend(text("x", 160));
        let (plain, accepted) = check(&earlier, &follow_up);
        assert!(plain.max_containment() < 0.5, "{plain:?}");
        assert!(!accepted);
        // Nor with a second paragraph retold: still under half of it.
        let mut two = follow_up.clone();
        two.splice(100..100, reworded(&earlier[500..550], two_in_ten));
        assert!(!check(&earlier, &two).1);
    }

    #[test]
    fn answers_written_independently_are_not_copies() {
        // The same topic: the names and stock phrases of the source, five
        // words every fifteen, in sentences of the writer's own.
        let source = text("w", 900);
        let mut answer = Vec::new();
        for k in 0..14 {
            answer.extend((0..10).map(|i| format!("own{k}x{i}")));
            let at = 60 * k + 7;
            answer.extend_from_slice(&source[at..at + 5]);
        }
        let (plain, accepted) = check(&source, &answer);
        let shared = (plain.containment_ba * (answer.len() - 4) as f64).round() as usize;
        assert!(shared >= crate::cluster::MIN_SHARED_SHINGLES, "{plain:?}");
        assert!(!accepted);
    }

    #[test]
    fn short_items_are_not_covered() {
        // Eighty words written to a formula: the same sentences with other
        // words in two slots of ten.
        let item = text("w", 80);
        let other = reworded(&item, two_in_ten);
        assert!(!check(&item, &other).1);
    }

    #[test]
    fn changed_figures_are_not_bridged() {
        // A report of another day: the same sentences with other figures
        // (small ones, which the number overlap does not compare in a text
        // mostly of words), one every six words.
        let day: Vec<String> = (0..220)
            .map(|i| {
                if i % 6 == 2 {
                    format!("{}", i % 50)
                } else {
                    format!("w{i}")
                }
            })
            .collect();
        let next: Vec<String> = day
            .iter()
            .map(|w| match w.parse::<u32>() {
                Ok(n) => format!("{}", (n + 1) % 50),
                Err(_) => w.clone(),
            })
            .collect();
        let (plain, accepted) = check(&day, &next);
        assert!(plain.jaccard > 0.05 && plain.jaccard < 0.5, "{plain:?}");
        assert!(!accepted);
    }
}
