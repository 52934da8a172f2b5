//! Accuracy report: pair precision, recall, F1 and adjusted Rand index of the
//! default detector and of a plain MinHash + LSH + union-find baseline, on
//! generated labelled corpora: boilerplate none/light/heavy × noise
//! none/light/heavy, then the phenomena scenarios on heavy boilerplate and
//! light noise (`formulaic`, `excerpts`, `followups`, `briefs`, `syndicated`,
//! `digests` and the `realistic` mix of them all; see
//! `benches/synth/phenomena.rs`), and `human`, human-made copies of source
//! articles (`benches/synth/human.rs`).
//!
//! ```text
//! cargo run --release --example eval                 # the README's tables
//! cargo run --release --example eval -- --docs 20000 --seed 3
//! cargo run --release --example eval -- --only realistic --breakdown
//! cargo run --release --example eval -- --against '{"shingle": "auto:3:5"}'
//! ```
//!
//! The corpus generator lives in `benches/synth/`; it is deterministic, so the
//! table is the same on every machine.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::collections::HashMap;
use std::time::Instant;

use clap::Parser;
use reprint::{Config, Detector, Group};
use synth::metrics::{adjusted_rand_index, pair_errors, pair_scores};
use synth::{Corpus, Setting, SynthDoc};

#[derive(Parser, Debug)]
#[command(about = "Accuracy of reprint vs a plain MinHash + LSH baseline on generated corpora")]
struct Args {
    /// Documents per corpus.
    #[arg(long, default_value_t = 5000)]
    docs: usize,
    /// Generator seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only the settings whose name contains this (e.g. "bp-heavy",
    /// "excerpts").
    #[arg(long)]
    only: Option<String>,
    /// Corpus language mix: en or mixed.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Print the false merges and misses of the default detector (up to N each).
    #[arg(long, default_value_t = 0)]
    explain: usize,
    /// Boilerplate level of the scenario settings (none, light, heavy; the
    /// grid's cells keep their own).
    #[arg(long, default_value = "heavy")]
    boilerplate: synth::Boilerplate,
    /// Noise level of the scenario settings (none, light, heavy).
    #[arg(long, default_value = "light")]
    noise: synth::Noise,
    /// Print the default detector's false and missed pairs by the kinds of
    /// the two documents (wire item, excerpt, digest, …).
    #[arg(long)]
    breakdown: bool,
    /// Print the default detector's missed pairs by cause: lost in grouping,
    /// rejected by which acceptance rule, or never proposed by LSH.
    #[arg(long)]
    causes: bool,
    /// Print, per kind of document, how many pages preparation counts as
    /// carrying several stories (a digest should, nothing else should), and
    /// up to N pages of each kind of mistake.
    #[arg(long)]
    stories: Option<usize>,
    /// Print, for the stories split across groups, how each smaller part
    /// relates to the story's largest part: its representative's scores
    /// against that part's representative (near copy, contained, neither),
    /// and whether the rules accept pairs between the two parts' documents
    /// (up to 20 × 40 compared); with up to N examples.
    #[arg(long)]
    splits: Option<usize>,
    /// Run each detector this many times and report the median time.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Override the detector's configuration, as JSON merged into the default
    /// (e.g. '{"containment": 0.5, "shingle": "words:4"}').
    #[arg(long)]
    config: Option<String>,
    /// Compare with this configuration instead of the baseline: JSON merged
    /// into the default, as `--config` (e.g. '{"shingle": "auto:3:5"}', the
    /// default shingles before word 5-grams). Its columns take the baseline's
    /// place.
    #[arg(long)]
    against: Option<String>,
}

struct Outcome {
    precision: f64,
    recall: f64,
    f1: f64,
    ari: f64,
    seconds: f64,
    groups: usize,
    largest: usize,
}

fn labels(docs: &[SynthDoc], groups: &[Group]) -> Vec<u32> {
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut out: Vec<u32> = (0..docs.len() as u32)
        .map(|i| i + groups.len() as u32)
        .collect();
    for (g, group) in groups.iter().enumerate() {
        for m in group.ids() {
            out[index[m]] = g as u32;
        }
    }
    out
}

fn run(config: Config, docs: &[SynthDoc]) -> (Outcome, Vec<Group>, Detector) {
    let truth: Vec<u32> = docs.iter().map(|d| d.story).collect();
    let start = Instant::now();
    let mut det = Detector::new(config).expect("valid config");
    let rejected = det.insert_batch_lenient(docs.iter().map(|d| (d.id.as_str(), d.text.as_str())));
    assert!(
        rejected.is_empty(),
        "generated documents rejected: {:?}",
        rejected.first()
    );
    let groups = det.groups();
    let seconds = start.elapsed().as_secs_f64();
    let predicted = labels(docs, &groups);
    let p = pair_scores(&truth, &predicted);
    let outcome = Outcome {
        precision: p.precision,
        recall: p.recall,
        f1: p.f1,
        ari: adjusted_rand_index(&truth, &predicted),
        seconds,
        groups: groups.len(),
        largest: groups.iter().map(|g| g.len()).max().unwrap_or(0),
    };
    (outcome, groups, det)
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The default detector's false and missed pairs by the categories of
/// their two documents, largest first.
fn breakdown(truth: &[u32], predicted: &[u32], cats: &[&'static str]) {
    let mut docs: HashMap<&str, usize> = HashMap::new();
    for c in cats {
        *docs.entry(c).or_default() += 1;
    }
    let mut docs: Vec<(&str, usize)> = docs.into_iter().collect();
    docs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = docs.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!("\ndocuments: {}", list.join(", "));
    let e = pair_errors(truth, predicted, cats);
    for (what, table) in [("false", &e.false_pairs), ("missed", &e.missed_pairs)] {
        let total: u64 = table.values().sum();
        let mut rows: Vec<(&(&str, &str), &u64)> = table.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        println!("\n| {what} pairs between | pairs | share |\n|---|---:|---:|");
        for ((a, b), n) in rows.iter().take(12) {
            println!(
                "| {a} ~ {b} | {n} | {:.1}% |",
                100.0 * **n as f64 / total.max(1) as f64
            );
        }
        if rows.len() > 12 {
            let rest: u64 = rows[12..].iter().map(|(_, n)| **n).sum();
            println!(
                "| {} others | {rest} | {:.1}% |",
                rows.len() - 12,
                100.0 * rest as f64 / total.max(1) as f64
            );
        }
        println!("| all | {total} | |");
    }
    println!();
}

/// How many learned templates are story text, and what they cost: a block
/// learned as a template that only pages of fewer than
/// `template_min_docs` stories carry (by the labels) belongs to those
/// stories. Prints the number of such blocks and the missed pairs one of whose
/// documents lost such a block.
fn story_templates(docs: &[SynthDoc], truth: &[u32], predicted: &[u32], det: &Detector) {
    let min = det.config().template_min_docs;
    if min == 0 {
        return;
    }
    // The texts of the blocks stripped as learned templates on each page.
    let stripped: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            det.inspect(&d.text)
                .blocks
                .into_iter()
                .filter(|b| b.verdict == reprint::boilerplate::Verdict::CorpusTemplate)
                .map(|b| b.text)
                .collect()
        })
        .collect();
    let mut stories: HashMap<&str, std::collections::HashSet<u32>> = HashMap::new();
    for (blocks, d) in stripped.iter().zip(docs) {
        for b in blocks {
            stories.entry(b.as_str()).or_default().insert(d.story);
        }
    }
    let of_story = |b: &str| stories[b].len() < min;
    let lost: Vec<bool> = stripped
        .iter()
        .map(|blocks| blocks.iter().any(|b| of_story(b)))
        .collect();
    let mut by_story: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &s) in truth.iter().enumerate() {
        by_story.entry(s).or_default().push(i);
    }
    let (mut missed, mut missed_lost) = (0u64, 0u64);
    for members in by_story.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                if predicted[i] != predicted[j] {
                    missed += 1;
                    missed_lost += u64::from(lost[i] || lost[j]);
                }
            }
        }
    }
    println!(
        "learned templates: {} blocks, {} of them on pages of fewer than {min} stories (story text); pages that lost story text: {}; missed pairs: {missed}, {missed_lost} of them with a page that lost story text\n",
        stories.len(),
        stories.keys().filter(|b| of_story(b)).count(),
        lost.iter().filter(|&&l| l).count(),
    );
}

/// Story counts by kind of document: how many pages of each kind
/// preparation counts as carrying several stories, and up to `n` examples of
/// digests counted as one story and of other pages counted as several.
fn story_counts(config: &Config, docs: &[SynthDoc], cats: &[&'static str], n: usize) {
    let stages = reprint::stages::Stages::new(config.clone()).expect("valid config");
    let counts: Vec<u8> = docs
        .iter()
        .map(|d| stages.prepare(&d.text).map_or(1, |c| c.stories()))
        .collect();
    let mut by_cat: HashMap<&str, (usize, usize)> = HashMap::new();
    for (c, &k) in cats.iter().zip(&counts) {
        let e = by_cat.entry(c).or_default();
        e.0 += 1;
        e.1 += usize::from(k > 1);
    }
    let mut rows: Vec<_> = by_cat.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    println!("\n| kind | pages | counted as several stories |\n|---|---:|---:|");
    for (c, (all, several)) in rows {
        println!("| {c} | {all} | {several} |");
    }
    println!();
    let (mut one, mut several) = (0, 0);
    for (i, d) in docs.iter().enumerate() {
        let digest = cats[i] == "digest";
        let wrong = if digest {
            counts[i] <= 1
        } else {
            counts[i] > 1
        };
        let shown = if digest { &mut one } else { &mut several };
        if !wrong || *shown >= n {
            continue;
        }
        *shown += 1;
        println!(
            "{} {} ({}) counted as {} stories:\n{}\n----",
            if digest { "DIGEST AS ONE" } else { "SEVERAL" },
            d.id,
            cats[i],
            counts[i],
            d.text
        );
    }
}

fn explain(docs: &[SynthDoc], cats: &[&str], groups: &[Group], det: &Detector, n: usize) {
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let by_id = |id: &str| &docs[index[id]];
    let cat = |d: &SynthDoc| cats[index[d.id.as_str()]];
    let mut false_pairs = 0;
    for g in groups {
        for m in &g.members {
            let (a, b) = (by_id(m.id.as_str()), by_id(g.representative.as_str()));
            if a.story != b.story && false_pairs < n {
                false_pairs += 1;
                println!(
                    "FALSE MERGE {} (story {}, {}, outlet {}) ~ representative {} (story {}, {}, outlet {}): {:?}",
                    a.id,
                    a.story,
                    cat(a),
                    a.outlet,
                    b.id,
                    b.story,
                    cat(b),
                    b.outlet,
                    m.scores
                );
                for d in [a, b] {
                    let ins = det.inspect(&d.text);
                    // With every block judged boilerplate, the detector
                    // keeps them all (the fallback); with every kept block
                    // a learned template, it matches on those.
                    let show = |keep: &dyn Fn(&reprint::boilerplate::Block) -> bool| {
                        ins.blocks
                            .iter()
                            .filter(|b| keep(b))
                            .map(|b| b.text.chars().take(80).collect())
                            .collect::<Vec<String>>()
                    };
                    let (how, kept) = if ins.fallback {
                        ("nothing judged prose, all kept", show(&|_| true))
                    } else if ins.blocks.iter().any(|b| b.verdict.is_kept()) {
                        ("kept", show(&|b| b.verdict.is_kept()))
                    } else {
                        (
                            "only learned templates left, matched on them",
                            show(&|b| b.verdict == reprint::boilerplate::Verdict::CorpusTemplate),
                        )
                    };
                    println!("  {} {how} ({} shingles): {kept:#?}", d.id, ins.shingles);
                }
            }
        }
    }
    // Misses: same story, not in one group.
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        for m in g.ids() {
            group_of.insert(m, i);
        }
    }
    let mut by_story: HashMap<u32, Vec<&SynthDoc>> = HashMap::new();
    for d in docs {
        by_story.entry(d.story).or_default().push(d);
    }
    let mut stories: Vec<_> = by_story.into_iter().filter(|(_, v)| v.len() > 1).collect();
    stories.sort_by_key(|(s, _)| *s);
    let mut misses = 0;
    for (story, copies) in stories {
        let distinct: std::collections::HashSet<Option<&usize>> =
            copies.iter().map(|d| group_of.get(d.id.as_str())).collect();
        if distinct.len() > 1 && misses < n {
            misses += 1;
            println!(
                "MISSED story {story} ({}): {} copies in {} groups",
                cat(copies[0]),
                copies.len(),
                distinct.len()
            );
            // A few neighbouring pairs; a syndicated story has thousands.
            for pair in copies.windows(2).take(8) {
                let mut one = Detector::new(det.config().clone()).unwrap();
                one.insert(&pair[0].id, &pair[0].text).unwrap();
                let m = one.query(&pair[1].text).unwrap();
                println!(
                    "  {} ({}, outlet {}, group {:?}) vs {} ({}, outlet {}, group {:?}): {:?}",
                    pair[0].id,
                    cat(pair[0]),
                    pair[0].outlet,
                    group_of.get(pair[0].id.as_str()),
                    pair[1].id,
                    cat(pair[1]),
                    pair[1].outlet,
                    group_of.get(pair[1].id.as_str()),
                    m.first().map(|m| m.scores)
                );
            }
        }
    }
}

/// The stories split across groups: each part other than the story's largest
/// (a group, or a document left alone) against the largest, by how the two
/// parts' representatives compare, with the missed pairs between them.
fn splits(docs: &[SynthDoc], cats: &[&str], groups: &[Group], det: &Detector, n: usize) {
    let mut rep_of: HashMap<&str, (&str, usize)> = HashMap::new();
    for g in groups {
        for m in g.ids() {
            rep_of.insert(m, (g.representative.as_str(), g.len()));
        }
    }
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut by_story: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_story.entry(d.story).or_default().push(i);
    }
    let mut stories: Vec<_> = by_story.into_iter().filter(|(_, v)| v.len() > 1).collect();
    stories.sort_by_key(|(s, _)| *s);
    let mut table: HashMap<String, (u64, u64)> = HashMap::new();
    let mut shown = 0;
    for (story, members) in stories {
        // Parts by representative, with their members of this story.
        let mut parts: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &members {
            let id = docs[i].id.as_str();
            let rep = rep_of.get(id).map_or(id, |r| r.0);
            parts.entry(rep).or_default().push(i);
        }
        if parts.len() < 2 {
            continue;
        }
        let mut parts: Vec<(&str, Vec<usize>)> = parts.into_iter().collect();
        parts.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let (main, main_members) = (parts[0].0, parts[0].1.len());
        for (rep, ms) in &parts[1..] {
            let s = det.compare(rep, main).expect("indexed");
            let own = |r: &str| docs[index[r]].story == story;
            let shape = if s.containment_ab.min(s.containment_ba) >= 2.0 / 3.0 {
                "near copy"
            } else if s.containment_ab >= 0.5 {
                "part's center in main center"
            } else if s.containment_ba >= 0.5 {
                "main center in part's center"
            } else {
                "neither"
            };
            let alone = if rep_of.contains_key(rep) {
                "group"
            } else {
                "alone"
            };
            let foreign = if !own(rep) || !own(main) {
                ", a center of another story"
            } else {
                ""
            };
            let key = format!(
                "{} ~ {}: {shape} ({alone}{foreign})",
                cats[index[*rep]], cats[index[main]]
            );
            // Pairs between the part's and the main part's documents that
            // the rules accept (plain scores, alignment aside).
            let main_ids = &parts[0].1;
            let len = |i: usize| det.inspect(&docs[i].text).shingles;
            let main_lens: Vec<usize> = main_ids.iter().take(40).map(|&b| len(b)).collect();
            let (mut acc, mut from, mut to) = (0, 0, std::collections::HashSet::new());
            for &a in ms.iter().take(20) {
                let (mut any, len_a) = (false, len(a));
                for (&b, &len_b) in main_ids.iter().zip(&main_lens) {
                    let s = det.compare(&docs[a].id, &docs[b].id).expect("indexed");
                    if rejected_by(&s, len_a, len_b, det.config()).is_none() {
                        acc += 1;
                        any = true;
                        to.insert(b);
                    }
                }
                from += usize::from(any);
            }
            let key = format!(
                "{key} [{}]",
                match (acc, from) {
                    (0, _) => "no accepted pair",
                    (1, _) => "one accepted pair",
                    (_, 1) => "one part member, several pairs",
                    _ => "several part members",
                }
            );
            let e = table.entry(key.clone()).or_default();
            e.0 += 1;
            e.1 += (ms.len() * main_members) as u64;
            if shown < n {
                shown += 1;
                println!(
                    "story {story}: part {rep} ({} of the story, group of {}) vs main {main} ({main_members}, group of {}): {key}; J {:.3} C {:.3}/{:.3} N {:?}; accepted {acc} pairs from {from} to {}",
                    ms.len(),
                    rep_of.get(rep).map_or(1, |r| r.1),
                    rep_of.get(main).map_or(1, |r| r.1),
                    s.jaccard,
                    s.containment_ab,
                    s.containment_ba,
                    s.number_overlap,
                    to.len(),
                );
            }
        }
    }
    let mut rows: Vec<_> = table.into_iter().collect();
    rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    println!("\n| part ~ main: how their centers compare | parts | missed pairs with the main part |\n|---|---:|---:|");
    for (k, (parts, pairs)) in rows.iter().take(25) {
        println!("| {k} | {parts} | {pairs} |");
    }
    println!();
}

/// Why the rules of `src/cluster.rs` reject a pair with these plain scores,
/// or `None` if they accept it (the same checks, in the same order;
/// alignment, which may still accept a pair these reject, aside).
fn rejected_by(
    s: &reprint::Scores,
    len_a: usize,
    len_b: usize,
    cfg: &Config,
) -> Option<&'static str> {
    use reprint::cluster::{MIN_SHARED_SHINGLES, OWN_SHARE, OWN_SHINGLES};
    if s.number_overlap.is_some_and(|n| n < cfg.min_number_overlap) {
        return Some("number overlap");
    }
    let (contained, c) = if s.containment_ab >= s.containment_ba {
        (len_a, s.containment_ab)
    } else {
        (len_b, s.containment_ba)
    };
    let shared = (c * contained as f64).round() as usize;
    if shared < MIN_SHARED_SHINGLES.min(cfg.min_containment_shingles) {
        return Some("min shared shingles");
    }
    if s.jaccard >= cfg.threshold {
        return None;
    }
    if c < cfg.containment {
        return Some("Jaccard and containment");
    }
    if contained < cfg.min_containment_shingles {
        return Some("min containment shingles");
    }
    let own = contained - shared.min(contained);
    if own as f64 > (OWN_SHINGLES as f64).max(OWN_SHARE * contained as f64) {
        return Some("own text (follow-up rule)");
    }
    None
}

/// The missed pairs of the default detector by cause: lost in grouping (the
/// two documents' units are in one connected component of accepted candidate
/// links), rejected by which acceptance rule (and whether LSH proposed the
/// pair), or accepted by the rules but never a candidate (LSH). The stages
/// are run again here, the way an engine runs them, to see the candidates.
fn causes(
    docs: &[SynthDoc],
    cats: &[&'static str],
    truth: &[u32],
    predicted: &[u32],
    det: &Detector,
) {
    let config = det.config();
    use rayon::prelude::*;
    use reprint::stages::{bucket_links, Stages, TemplateSet};
    let st = Stages::new(config.clone()).expect("valid config");
    let contents: Vec<reprint::stages::Content> = docs
        .par_iter()
        .map(|d| st.prepare(&d.text).expect("generated documents prepare"))
        .collect();
    let mut unit_of_hash: HashMap<u64, usize> = HashMap::new();
    let mut units: Vec<usize> = Vec::new(); // first document of each unit
    let unit_of: Vec<usize> = contents
        .iter()
        .enumerate()
        .map(|(i, c)| {
            *unit_of_hash.entry(st.hash(c)).or_insert_with(|| {
                units.push(i);
                units.len() - 1
            })
        })
        .collect();
    let mut votes: Vec<(u64, u64)> = units
        .iter()
        .flat_map(|&i| contents[i].template_votes(&st))
        .collect();
    votes.sort_unstable();
    votes.dedup();
    let mut counts: HashMap<u64, u64> = HashMap::new();
    for (k, _) in votes {
        *counts.entry(k).or_default() += 1;
    }
    let templates: TemplateSet = st.templates(counts);
    let signed: Vec<reprint::stages::Signed> = units
        .par_iter()
        .map(|&i| st.sign(&contents[i], &templates))
        .collect();
    let hash_of: Vec<u64> = units.iter().map(|&i| st.hash(&contents[i])).collect();
    let mut buckets: HashMap<(usize, u64), Vec<(u64, u32)>> = HashMap::new();
    for (u, s) in signed.iter().enumerate() {
        for (b, &k) in s.band_keys().iter().enumerate() {
            buckets
                .entry((b, k))
                .or_default()
                .push((hash_of[u], s.len()));
        }
    }
    let mut candidates: std::collections::HashSet<(usize, usize)> = Default::default();
    for members in buckets.values() {
        for (a, b) in bucket_links(members) {
            let (a, b) = (unit_of_hash[&a], unit_of_hash[&b]);
            candidates.insert((a.min(b), a.max(b)));
        }
    }
    let cand: Vec<(usize, usize)> = candidates.iter().copied().collect();
    let accepted: Vec<(usize, usize)> = cand
        .par_iter()
        .filter(|&&(a, b)| {
            let (x, y) = (units[a], units[b]);
            st.verify((&contents[x], &signed[a]), (&contents[y], &signed[b]))
                .expect("signed here")
                .is_some()
        })
        .copied()
        .collect();
    let mut parent: Vec<usize> = (0..units.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b) in &accepted {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        parent[ra] = rb;
    }
    let mut by_story: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &s) in truth.iter().enumerate() {
        by_story.entry(s).or_default().push(i);
    }
    let mut missed: Vec<(usize, usize)> = Vec::new();
    for members in by_story.values() {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                if predicted[i] != predicted[j] {
                    missed.push((i, j));
                }
            }
        }
    }
    let roots: Vec<usize> = (0..units.len()).map(|u| find(&mut parent, u)).collect();
    let rows: Vec<(String, String, f64, f64)> = missed
        .par_iter()
        .map(|&(i, j)| {
            let (a, b) = (unit_of[i], unit_of[j]);
            let kinds = format!("{} ~ {}", cats[i].min(cats[j]), cats[i].max(cats[j]));
            if roots[a] == roots[b] {
                let why = "lost in grouping (one component of accepted links)";
                return (kinds, why.to_string(), 1.0, 1.0);
            }
            let (x, y) = (&signed[a], &signed[b]);
            let s = det.compare(&docs[i].id, &docs[j].id).expect("indexed");
            let candidate = candidates.contains(&(a.min(b), a.max(b)));
            let verdict = rejected_by(&s, x.len() as usize, y.len() as usize, config);
            // Whether the two shared a bucket in which neither was a head
            // (a crowded bucket), and of which kind, or no bucket at all.
            let bands = config.effective_containment_bands();
            let (ka, kb) = (x.band_keys(), y.band_keys());
            let shared = (0..ka.len()).filter(|&t| ka[t] == kb[t]);
            let (mut jaccard_band, mut one_row) = (false, false);
            for t in shared {
                if t + bands >= ka.len() {
                    one_row = true;
                } else {
                    jaccard_band = true;
                }
            }
            let lsh = match (jaccard_band, one_row) {
                (false, false) => "no band shared",
                (true, _) => "shared a band, neither a head",
                (false, true) => "shared only a containment band, neither a head",
            };
            let why = match (verdict, candidate) {
                (None, false) => format!("accepted by the rules, never a candidate (LSH: {lsh})"),
                (None, true) => "accepted candidate, yet apart (?)".to_string(),
                (Some(r), true) => format!("candidate, rejected: {r}"),
                (Some(r), false) => format!("not a candidate, and rejected: {r}"),
            };
            (kinds, why, s.max_containment(), s.jaccard)
        })
        .collect();
    let mut table: HashMap<&str, (u64, f64, f64)> = HashMap::new();
    let mut by_kinds: HashMap<(String, &str), u64> = HashMap::new();
    for (kinds, why, c, j) in &rows {
        let e = table.entry(why.as_str()).or_default();
        e.0 += 1;
        e.1 += c;
        e.2 += j;
        *by_kinds.entry((kinds.clone(), why.as_str())).or_default() += 1;
    }
    let total = rows.len().max(1) as f64;
    let mut t: Vec<_> = table.into_iter().collect();
    t.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    println!(
        "\nmissed pairs: {}, candidate links: {}, accepted: {}\n",
        rows.len(),
        cand.len(),
        accepted.len()
    );
    // A one-row containment band agrees with probability about the pair's
    // Jaccard similarity, hence that column for the pairs LSH never proposed.
    println!("| cause | pairs | share | mean larger containment | mean Jaccard |\n|---|---:|---:|---:|---:|");
    for (why, (n, c, j)) in t {
        println!(
            "| {why} | {n} | {:.1}% | {:.3} | {:.3} |",
            100.0 * n as f64 / total,
            c / n as f64,
            j / n as f64
        );
    }
    let mut k: Vec<_> = by_kinds.into_iter().collect();
    k.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("\n| kinds | cause | pairs |\n|---|---|---:|");
    // The largest rows, then every row with a source (human-made copies).
    for (r, ((kinds, why), n)) in k.into_iter().enumerate() {
        if r < 15 || kinds.contains("source") {
            println!("| {kinds} | {why} | {n} |");
        }
    }
    // The larger containment of the rejected pairs, in tenths.
    let mut hist = [0u64; 11];
    for (_, why, c, _) in &rows {
        if why.contains("rejected") {
            hist[(c * 10.0).floor() as usize] += 1;
        }
    }
    println!("\nrejected pairs by larger containment (tenths): {hist:?}\n");
}

/// The default configuration with the fields of the JSON object `json` (the
/// value of `option`) put in.
fn patched(json: Option<&str>, option: &str) -> Config {
    let Some(json) = json else {
        return Config::default();
    };
    let mut base = serde_json::to_value(Config::default()).expect("config serializes");
    let patch: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{option} is not JSON: {e}"));
    for (k, v) in patch
        .as_object()
        .unwrap_or_else(|| panic!("{option} is not a JSON object"))
    {
        base[k] = v.clone();
    }
    serde_json::from_value(base).unwrap_or_else(|e| panic!("invalid {option}: {e}"))
}

fn main() {
    let args = Args::parse();
    let lang: synth::Lang = args.lang.parse().expect("--lang en|mixed");
    let config = patched(args.config.as_deref(), "--config");
    let other = match &args.against {
        None => Config::baseline(),
        Some(json) => patched(Some(json), "--against"),
    };
    let other_name = if args.against.is_some() {
        "against"
    } else {
        "baseline"
    };
    println!(
        "{} documents per corpus, generator seed {}, language {lang}; pair precision / recall / F1 and adjusted Rand index against the story labels\n",
        args.docs, args.seed
    );
    println!("| setting | reprint P | R | F1 | ARI | {other_name} P | R | F1 | ARI | ms/doc reprint | ms/doc {other_name} |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for setting in Setting::all() {
        let name = setting.name();
        if args
            .only
            .as_ref()
            .is_some_and(|o| !name.contains(o.as_str()))
        {
            continue;
        }
        let mut cfg = setting.config(args.seed, args.docs);
        cfg.lang = lang;
        if setting.scenario.is_some() {
            cfg.boilerplate = args.boilerplate;
            cfg.noise = args.noise;
        }
        let corpus = Corpus::new(&cfg);
        let docs: Vec<SynthDoc> = corpus.iter().collect();
        let cats: Vec<&'static str> = (0..corpus.len()).map(|i| corpus.category(i)).collect();
        let (mut ours, groups, det) = run(config.clone(), &docs);
        let (mut base, _, _) = run(other.clone(), &docs);
        if args.repeat > 1 {
            // Interleave the runs so that load on the machine hits both alike.
            let (mut a, mut b) = (vec![ours.seconds], vec![base.seconds]);
            for _ in 1..args.repeat {
                a.push(run(config.clone(), &docs).0.seconds);
                b.push(run(other.clone(), &docs).0.seconds);
            }
            ours.seconds = median(&mut a);
            base.seconds = median(&mut b);
        }
        let ms = |o: &Outcome| 1e3 * o.seconds / docs.len() as f64;
        println!(
            "| {name} | {:.4} | {:.4} | {:.4} | **{:.4}** | {:.4} | {:.4} | {:.4} | {:.4} | {:.3} | {:.3} |",
            ours.precision,
            ours.recall,
            ours.f1,
            ours.ari,
            base.precision,
            base.recall,
            base.f1,
            base.ari,
            ms(&ours),
            ms(&base),
        );
        eprintln!(
            "  {name}: reprint {} groups (largest {}), {other_name} {} groups (largest {})",
            ours.groups, ours.largest, base.groups, base.largest
        );
        if args.breakdown {
            let truth: Vec<u32> = docs.iter().map(|d| d.story).collect();
            let predicted = labels(&docs, &groups);
            breakdown(&truth, &predicted, &cats);
            story_templates(&docs, &truth, &predicted, &det);
        }
        if args.causes {
            let truth: Vec<u32> = docs.iter().map(|d| d.story).collect();
            causes(&docs, &cats, &truth, &labels(&docs, &groups), &det);
        }
        if let Some(n) = args.stories {
            story_counts(&config, &docs, &cats, n);
        }
        if let Some(n) = args.splits {
            splits(&docs, &cats, &groups, &det, n);
        }
        if args.explain > 0 {
            explain(&docs, &cats, &groups, &det, args.explain);
        }
    }
}
