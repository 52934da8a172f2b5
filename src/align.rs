//! Anchor alignment of a borderline pair: shingles that damage or a changed
//! word broke, counted back as shared where the two texts still run side by
//! side.
//!
//! A damaged word (an OCR confusion, a typo, a synonym) breaks every word
//! shingle that holds it: with word 5-grams, one word in ten damaged leaves
//! only `0.9⁵ ≈ 0.59` of a copy's shingles intact, and the shingle sets say
//! the copy is barely half inside its source, as a follow-up story that
//! quotes a paragraph is. The order of the shingles tells them apart. In a
//! copy, the shared shingles (the *anchors*) stand in the same order in both
//! texts, and between two consecutive anchors lies a short gap of the same
//! length in both — the damaged word. A story of its own has no anchors in
//! its own text, so nothing there is counted.
//!
//! [`aligned_shingles`] walks the shared shingles of one text in order and,
//! for each pair of consecutive anchors that are as far apart in the other
//! text (give or take [`MAX_SHIFT`] tokens, a word split or joined by the
//! damage) with at most [`MAX_GAP_TOKENS`] tokens between them that no anchor
//! covers, counts the shingles between them as aligned. Figures must match: a
//! gap that holds a distinctive number of either text, or a number of one or
//! two digits (a temperature, a score), is not bridged, so two reports worded
//! alike with other figures gain nothing. The smaller of the counts both ways
//! is the pair's: the answer does not depend on which text comes first.
//!
//! Verification aligns a pair only when it falls short of the acceptance
//! rules and both its sets have [`MIN_ALIGNED_LEN`] shingles, and checks the
//! rules on the aligned count (`cluster`).
//!
//! The shingles are rehashed from the contents' tokens, in order, so nothing
//! is stored for it: a pair is aligned only when verification needs it
//! (`derive::verify_pair`), about as costly as shingling both texts again.

use std::cell::RefCell;
use std::rc::Rc;

use crate::prepare::Content;
use crate::shingle::shingle_ids;

/// Most tokens between two anchors that no anchor covers: with heavy OCR
/// noise one word in six or seven is damaged, so damaged words often stand
/// within a shingle of each other and the stretch between two intact
/// shingles holds several; a clause an editor reworded is such a stretch
/// too. Two texts that share only stock phrases a sentence apart are not
/// bridged.
pub const MAX_GAP_TOKENS: usize = 10;

/// Most the distance between two anchors may differ between the texts: a
/// damaged word that became two (a space or hyphen put in) or two that became
/// one (a space lost), up to three such in one gap, or a phrase an editor
/// said in a word more or less.
pub const MAX_SHIFT: usize = 3;

/// Share of the intersection the acceptance rules need that a pair must have
/// as plain shared shingles before alignment is tried: alignment bridges
/// damage between shared runs, it does not make a match out of a few stock
/// phrases.
pub const ALIGN_FROM: f64 = 0.4;

/// Fewest shingles both texts of a pair must have to be aligned: a short
/// item written to a formula (a weather report, a market close) is the same
/// sentences with other names and words in their slots, which alignment
/// would bridge as it bridges damage; a news story has many times more.
pub const MIN_ALIGNED_LEN: usize = 150;

/// Shingles of a pair counted as shared after alignment: of the distinct
/// shingles of either text that the other's set lacks but that lie between
/// two of its anchors running side by side in both (see
/// [`aligned_one_way`]), the smaller of the two counts, so that the answer
/// does not depend on which text comes first. When the count of `a` against
/// `b` is under `wanted`, it is returned without counting the other way:
/// the pair falls short either way round.
pub(crate) fn aligned_shingles(
    a: &Content,
    a_set: &[u32],
    b: &Content,
    b_set: &[u32],
    seed: u64,
    wanted: usize,
) -> usize {
    let n = a.shingle_len as usize;
    if n != b.shingle_len as usize || n == 0 {
        return 0;
    }
    let (mut wa, mut wb) = (Vec::new(), Vec::new());
    shingle_ids(&a.tokens, n, seed, &mut wa);
    shingle_ids(&b.tokens, n, seed, &mut wb);
    let small = small_numbers(seed);
    let ab = aligned_one_way((a, a_set, &wa), (b, b_set, &wb), n, &small);
    if ab < wanted {
        return ab;
    }
    ab.min(aligned_one_way((b, b_set, &wb), (a, a_set, &wa), n, &small))
}

/// The distinct shingles of `a` (sorted set `a_set`) that are not in `b`'s
/// set `b_set` but lie between two anchors that run side by side in both
/// texts, with a short gap of damage between them (see the module docs).
/// Windows that are not in a text's set (template blocks, windows across a
/// removed block) are neither anchors nor counted.
/// `wa` and `wb` are the texts' windows in order.
fn aligned_one_way(
    (a, a_set, wa): (&Content, &[u32], &[u32]),
    (b, b_set, wb): (&Content, &[u32], &[u32]),
    n: usize,
    small: &[u32],
) -> usize {
    // The first position of each of b's shingles, by id.
    let mut at_b: Vec<(u32, u32)> = wb.iter().enumerate().map(|(j, &s)| (s, j as u32)).collect();
    at_b.sort_unstable();
    at_b.dedup_by_key(|x| x.0);
    let in_set = |set: &[u32], s: u32| set.binary_search(&s).is_ok();
    let mut filled: Vec<u32> = Vec::new();
    let mut last: Option<(usize, usize)> = None;
    for (i, &s) in wa.iter().enumerate() {
        if !in_set(b_set, s) || !in_set(a_set, s) {
            continue;
        }
        let Ok(k) = at_b.binary_search_by_key(&s, |x| x.0) else {
            continue;
        };
        let j = at_b[k].1 as usize;
        if let Some((i0, j0)) = last {
            if bridgeable(a, b, n, small, (i0, j0), (i, j)) {
                filled.extend(
                    wa[i0 + 1..i]
                        .iter()
                        .copied()
                        .filter(|&w| in_set(a_set, w) && !in_set(b_set, w)),
                );
            }
        }
        last = Some((i, j));
    }
    filled.sort_unstable();
    filled.dedup();
    filled.len()
}

/// Whether the gap between consecutive anchors `(i0, j0)` and `(i, j)`
/// (window positions in `a` and `b`) is short damage on about one diagonal,
/// with no figure in it on either side.
fn bridgeable(
    a: &Content,
    b: &Content,
    n: usize,
    small: &[u32],
    (i0, j0): (usize, usize),
    (i, j): (usize, usize),
) -> bool {
    if i <= i0 + 1 || j <= j0 {
        return false;
    }
    let (da, db) = (i - i0, j - j0);
    if da.abs_diff(db) > MAX_SHIFT || da > n + MAX_GAP_TOKENS || db > n + MAX_GAP_TOKENS {
        return false;
    }
    // Tokens no anchor covers: after the first anchor's window, before the
    // second's start.
    let gap = |c: &Content, from: usize, to: usize| -> bool {
        c.tokens
            .get(from + n..to)
            .unwrap_or(&[])
            .iter()
            .all(|t| c.numbers.binary_search(t).is_err() && small.binary_search(t).is_err())
    };
    gap(a, i0, i) && gap(b, j0, j)
}

/// The token ids of the numbers of one or two digits ("7", "07", "42"),
/// sorted: a figure, like a distinctive number, must match. Made once per
/// thread and seed: verification asks for them for every pair it aligns.
pub(crate) fn small_numbers(seed: u64) -> Rc<[u32]> {
    thread_local! {
        static SMALL: RefCell<Option<(u64, Rc<[u32]>)>> = const { RefCell::new(None) };
    }
    SMALL.with(|cell| {
        let mut cell = cell.borrow_mut();
        if let Some((s, ids)) = cell.as_ref() {
            if *s == seed {
                return Rc::clone(ids);
            }
        }
        let mut ids: Vec<u32> = (0..100)
            .map(|k| format!("{k}"))
            .chain((0..10).map(|k| format!("0{k}")))
            .map(|w| crate::shingle::word_id_and_number(&w, seed).0)
            .collect();
        ids.sort_unstable();
        let ids: Rc<[u32]> = ids.into();
        *cell = Some((seed, Rc::clone(&ids)));
        ids
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::derive;
    use crate::stages::{Signed, Stages, TemplateSet};

    /// A text of `len` words, none repeated: word `i` is `w{i}`, with a
    /// figure now and then.
    fn text(len: usize) -> Vec<String> {
        (0..len)
            .map(|i| {
                if i % 17 == 16 {
                    format!("{}", 1000 + i)
                } else {
                    format!("w{i}")
                }
            })
            .collect()
    }

    /// `words` with every `every`-th word (from `first`) replaced by
    /// `damaged(word)`.
    fn damage(
        words: &[String],
        first: usize,
        every: usize,
        damaged: impl Fn(&str) -> String,
    ) -> Vec<String> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i >= first && (i - first) % every == 0 {
                    damaged(w)
                } else {
                    w.clone()
                }
            })
            .collect()
    }

    fn signed(stages: &Stages, words: &[String]) -> (Content, Signed) {
        let content = stages.prepare_tokens(words).expect("tokens");
        let signed = stages.sign(&content, &TemplateSet::default());
        (content, signed)
    }

    /// The plain scores of two texts, their shingles aligned by damage, and
    /// whether verification accepts them (both ways round, which must agree).
    fn check(a: &[String], b: &[String]) -> (crate::cluster::Scores, usize, bool) {
        let config = Config::default();
        let stages = Stages::new(config.clone()).expect("default config");
        let (ca, sa) = signed(&stages, a);
        let (cb, sb) = signed(&stages, b);
        let (da, db) = (&sa.derived, &sb.derived);
        let plain = crate::cluster::Scores::exact(&da.shingles, &db.shingles, 0.0);
        let gain = aligned_shingles(&ca, &da.shingles, &cb, &db.shingles, config.seed, 0);
        assert_eq!(
            gain,
            aligned_shingles(&cb, &db.shingles, &ca, &da.shingles, config.seed, 0)
        );
        let ab = derive::verify_pair(&config, (&ca, da), (&cb, db));
        let ba = derive::verify_pair(&config, (&cb, db), (&ca, da));
        assert_eq!(ab.is_some(), ba.is_some());
        (plain, gain, ab.is_some())
    }

    #[test]
    fn a_copy_with_a_damaged_word_in_seven_is_accepted() {
        let source = text(300);
        // OCR damage: "w12" read as "vv12".
        let copy = damage(&source, 3, 7, |w| format!("v{w}"));
        let (plain, gain, accepted) = check(&source, &copy);
        // Each damaged word broke five shingles: under half are shared.
        assert!(plain.jaccard < 0.5, "{plain:?}");
        assert!(!plain.accepted(&Config::default(), 296, 296));
        assert!(gain > 100, "{gain}");
        assert!(accepted);
        // Words split in two by the damage ("w12" read as "w1 2") shift the
        // rest of the text by one token, and are bridged too.
        let split = damage(&source, 3, 7, |w| format!("{} {}", &w[..2], &w[2..]));
        let (plain, gain, accepted) = check(&source, &split);
        assert!(
            plain.jaccard < 0.5 && gain > 100 && accepted,
            "{plain:?} {gain}"
        );
    }

    #[test]
    fn changed_figures_are_not_bridged() {
        let source: Vec<String> = (0..300)
            .map(|i| {
                if i % 7 == 3 {
                    format!("{}", 100 + i)
                } else {
                    format!("w{i}")
                }
            })
            .collect();
        // The same words with every figure changed: a report of another day.
        let other = damage(&source, 3, 7, |w| {
            format!("{}", w.parse::<u32>().unwrap() + 1)
        });
        let (plain, gain, accepted) = check(&source, &other);
        assert!(plain.jaccard < 0.5, "{plain:?}");
        assert_eq!(gain, 0);
        assert!(!accepted);
        // Small numbers too: temperatures, scores.
        let small: Vec<String> = damage(&source, 3, 7, |_| "7".to_string());
        let changed = damage(&source, 3, 7, |_| "8".to_string());
        let (_, gain, accepted) = check(&small, &changed);
        assert_eq!(gain, 0);
        assert!(!accepted);
    }

    #[test]
    fn text_of_its_own_is_not_aligned() {
        // A follow-up: one paragraph of the earlier story, then a story of
        // its own as long as the rest of the earlier one.
        let earlier = text(300);
        let mut follow_up: Vec<String> = earlier[..120].to_vec();
        follow_up.extend((0..180).map(|i| format!("x{i}")));
        let (plain, gain, accepted) = check(&earlier, &follow_up);
        assert!(plain.jaccard < 0.5);
        assert_eq!(gain, 0);
        assert!(!accepted);
        // Stock phrases in the same places do not make the two one text:
        // anchors far apart are not bridged.
        let stock: Vec<String> = (0..300)
            .map(|i| {
                if i % 40 < 6 {
                    format!("w{i}")
                } else {
                    format!("y{i}")
                }
            })
            .collect();
        let (_, gain, accepted) = check(&earlier, &stock);
        assert_eq!(gain, 0);
        assert!(!accepted);
    }

    #[test]
    fn short_items_are_not_aligned() {
        // Sixty words, every seventh changed: in a short item written to a
        // formula, words in the same slots differ from report to report.
        let item = text(60);
        let other = damage(&item, 3, 7, |w| format!("v{w}"));
        let (plain, gain, accepted) = check(&item, &other);
        assert!(plain.jaccard < 0.5, "{plain:?}");
        assert!(gain > 0);
        assert!(!accepted);
    }

    #[test]
    fn a_damaged_cut_copy_is_accepted_by_containment() {
        // A damaged cut copy a third of the page's size: under a third of its
        // shingles are intact, but its damaged ones lie between anchors in the
        // page, and counted back they make it a cut copy.
        let page = text(900);
        let copy = damage(&page[300..600], 3, 7, |w| format!("v{w}"));
        let (plain, gain, accepted) = check(&page, &copy);
        assert!(plain.max_containment() < 0.5, "{plain:?}");
        assert!(!plain.accepted(&Config::default(), 896, 296));
        assert!(gain > 100, "{gain}");
        assert!(accepted);
    }

    #[test]
    fn a_follow_up_that_reprints_two_paragraphs_is_not_a_copy() {
        // Two paragraphs of an earlier story, lightly damaged, each followed
        // by text of the follow-up's own, a little under half of it in all:
        // alignment counts the damage in the paragraphs back, and the
        // follow-up is then more than half inside the earlier story, but the
        // text of its own has no anchors and stays its own, more than a
        // reprint adds.
        let earlier = text(900);
        let mut follow_up = damage(&earlier[100..190], 5, 12, |w| format!("v{w}"));
        follow_up.extend((0..65).map(|i| format!("x{i}")));
        follow_up.extend(damage(&earlier[400..490], 5, 12, |w| format!("v{w}")));
        follow_up.extend((65..130).map(|i| format!("x{i}")));
        let (plain, gain, accepted) = check(&earlier, &follow_up);
        let len = follow_up.len() - 4;
        let shared = (plain.containment_ba * len as f64).round() as usize;
        assert!(plain.max_containment() < 0.5, "{plain:?}");
        assert!(gain > 30, "{gain}");
        let config = Config::default();
        assert!((shared + gain) as f64 >= config.containment * len as f64);
        assert!((len - shared - gain) as f64 > crate::cluster::OWN_SHARE * len as f64);
        assert!(!accepted);
    }
}
