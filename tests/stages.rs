//! The stages of `reprint::stages`, driven the way a distributed engine drives
//! them — documents split into shards, every exchange between stages a shuffle
//! by key in whatever order it comes — give exactly the groups `Detector` gives.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use reprint::stages::{bucket_heads, bucket_links, Content, Signed, Stages, UnitInput};
use reprint::{Config, Detector, ErrorKind, Group};

mod common;

use common::{mixed_corpus, synthetic_corpus, Rng};

/// Shuffles a vector with the test's generator: the order an engine hands
/// records to a task is arbitrary.
fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

/// Runs every stage with an in-memory shuffle: documents in `shards` random
/// shards, contents and signatures passed between stages as bytes (as they
/// would be stored), huge buckets' heads aggregated from random parts, links
/// given in random orientation and order.
fn run_stages(config: &Config, docs: &[(String, String)], shards: usize, seed: u64) -> Vec<Group> {
    let stages = Stages::new(config.clone()).unwrap();
    let mut rng = Rng(seed | 1);
    // Stage 1 per shard; the shuffle by content hash builds the units.
    let mut shard_of: Vec<Vec<usize>> = vec![Vec::new(); shards];
    for i in 0..docs.len() {
        shard_of[rng.below(shards as u64) as usize].push(i);
    }
    let mut units: BTreeMap<u64, (Vec<u8>, Vec<String>)> = BTreeMap::new();
    for shard in &shard_of {
        for &i in shard {
            let (id, text) = &docs[i];
            let Ok(content) = stages.prepare(text) else {
                continue;
            };
            let entry = units
                .entry(stages.hash(&content))
                .or_insert_with(|| (content.to_bytes(), Vec::new()));
            entry.1.push(id.clone());
        }
    }
    let contents: BTreeMap<u64, Content> = units
        .iter()
        .map(|(&h, (bytes, _))| (h, Content::from_bytes(&stages, bytes).unwrap()))
        .collect();
    // Stage 2: distinct votes, counted per key.
    let votes: BTreeSet<(u64, u64)> = contents
        .values()
        .flat_map(|c| c.template_votes(&stages))
        .collect();
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    for (key, _) in votes {
        *counts.entry(key).or_insert(0) += 1;
    }
    let mut counts: Vec<(u64, u64)> = counts.into_iter().collect();
    shuffle(&mut counts, &mut rng);
    let templates = stages.templates(counts);
    // Stage 3.
    let signed: BTreeMap<u64, Signed> = contents
        .iter()
        .map(|(&h, c)| {
            let s = stages.sign(c, &templates);
            (h, Signed::from_bytes(&stages, &s.to_bytes()).unwrap())
        })
        .collect();
    // Stage 4: buckets by (band, key); large ones through the aggregation.
    let mut buckets: BTreeMap<(usize, u64), Vec<(u64, u32)>> = BTreeMap::new();
    for (&h, s) in &signed {
        for (band, &key) in s.band_keys().iter().enumerate() {
            buckets.entry((band, key)).or_default().push((h, s.len()));
        }
    }
    let mut links: BTreeSet<(u64, u64)> = BTreeSet::new();
    for members in buckets.values_mut() {
        shuffle(members, &mut rng);
        if members.len() > 3 {
            let parts = members.chunks(1 + rng.below(members.len() as u64) as usize);
            let heads = bucket_heads(parts.flat_map(|p| bucket_heads(p.iter().copied())));
            assert_eq!(heads, bucket_heads(members.iter().copied()));
            for &(m, _) in members.iter() {
                for &(h, _) in &heads {
                    if h != m {
                        links.insert((m.min(h), m.max(h)));
                    }
                }
            }
        } else {
            links.extend(bucket_links(members));
        }
    }
    // Stage 5.
    let mut accepted: Vec<(u64, u64, u32)> = Vec::new();
    for &(a, b) in &links {
        let (a, b) = if rng.below(2) == 0 { (a, b) } else { (b, a) };
        if let Some(inter) = stages
            .verify((&contents[&a], &signed[&a]), (&contents[&b], &signed[&b]))
            .unwrap()
        {
            accepted.push((a, b, inter));
        }
    }
    // Stage 6: components (a plain union-find here; a cluster uses a
    // DataFrame loop), plus units of several documents.
    let mut parent: BTreeMap<u64, u64> = BTreeMap::new();
    fn find(parent: &mut BTreeMap<u64, u64>, x: u64) -> u64 {
        let p = *parent.get(&x).unwrap_or(&x);
        if p == x {
            return x;
        }
        let r = find(parent, p);
        parent.insert(x, r);
        r
    }
    for &(a, b, _) in &accepted {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let linked: BTreeSet<u64> = accepted.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    let mut components: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for (&h, (_, ids)) in &units {
        let root = find(&mut parent, h);
        if linked.contains(&h) || ids.len() >= 2 {
            components.entry(root).or_default().push(h);
        }
    }
    let mut links_of: BTreeMap<u64, Vec<(u64, u64, u32)>> = BTreeMap::new();
    for &l in &accepted {
        links_of.entry(find(&mut parent, l.0)).or_default().push(l);
    }
    // Stage 7.
    let mut groups = Vec::new();
    for (root, mut members) in components {
        shuffle(&mut members, &mut rng);
        let input: Vec<UnitInput> = members
            .iter()
            .map(|h| UnitInput {
                ids: &units[h].1,
                content: &contents[h],
                signed: &signed[h],
            })
            .collect();
        let mut links = links_of.remove(&root).unwrap_or_default();
        shuffle(&mut links, &mut rng);
        groups.extend(stages.group_component(&input, &links).unwrap());
    }
    groups.sort_by(|x, y| x.members[0].id.cmp(&y.members[0].id));
    groups
}

fn detector_groups(config: &Config, docs: &[(String, String)]) -> Vec<Group> {
    let mut det = Detector::new(config.clone()).unwrap();
    det.insert_batch_lenient(docs.iter().cloned());
    det.groups()
}

/// A corpus with templates to learn (an outlet's teaser block on its
/// reprints of several stories), exact and near copies, excerpts and digests.
fn corpus(n: usize, seed: u64) -> Vec<(String, String)> {
    let mut docs = synthetic_corpus(n, seed);
    docs.extend(mixed_corpus());
    let teaser = "More from our newsroom partners across the region and the latest \
        headlines on markets sport and weather for subscribers";
    for s in 0..6 {
        let story = common::text(70 + s, 0..2 + s % 3);
        docs.push((format!("wire-{s}"), story.clone()));
        docs.push((format!("outlet-{s}"), format!("{story}\n{teaser}")));
    }
    docs
}

#[test]
fn stages_give_the_detectors_groups() {
    let config = Config::default();
    let docs = corpus(300, 7);
    let want = detector_groups(&config, &docs);
    assert!(want.len() >= 20, "{} groups", want.len());
    assert!(want.iter().any(|g| g.len() >= 12));
    let got = run_stages(&config, &docs, 3, 11);
    assert_eq!(got, want);
    // Byte for byte as `dedup --json` would print them.
    assert_eq!(
        serde_json::to_string(&got).unwrap(),
        serde_json::to_string(&want).unwrap()
    );
}

#[test]
fn stages_follow_the_configuration() {
    let mut config = Config::default();
    config.template_min_docs = 2;
    config.threshold = 0.6;
    config.num_perm = 64;
    config.grouping = reprint::Grouping::Components;
    let docs = corpus(200, 3);
    assert_eq!(
        run_stages(&config, &docs, 2, 5),
        detector_groups(&config, &docs)
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if std::env::var_os("REPRINT_LONG_TESTS").is_some() { 24 } else { 4 },
        ..ProptestConfig::default()
    })]

    /// Any shard split, any order within a shuffle, any corpus.
    #[test]
    fn any_split_gives_the_detectors_groups(seed in 0u64..1000, n in 20usize..160, shards in 1usize..6) {
        let config = Config::default();
        let docs = corpus(n, seed);
        prop_assert_eq!(run_stages(&config, &docs, shards, seed ^ 0x5eed), detector_groups(&config, &docs));
    }
}

#[test]
fn byte_forms_round_trip_and_reject_damage() {
    let stages = Stages::new(Config::default()).unwrap();
    let content = stages
        .prepare("Shares of the bank rose 4.5 percent on Tuesday after it reported record profit of 2.1 billion dollars.\nFollow us")
        .unwrap();
    let bytes = content.to_bytes();
    assert_eq!(Content::from_bytes(&stages, &bytes).unwrap(), content);
    for cut in 0..bytes.len() {
        assert!(
            Content::from_bytes(&stages, &bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Content::from_bytes(&stages, &longer).is_err());
    let mut version = bytes.clone();
    version[0] = 9;
    let err = Content::from_bytes(&stages, &version).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }), "{err}");
    // Another configuration's shingle length is refused.
    let mut seven = Config::default();
    seven.shingle = reprint::Shingling::Words(7);
    let other = Stages::new(seven).unwrap();
    assert!(Content::from_bytes(&other, &bytes).is_err());

    let signed = stages.sign(&content, &stages.templates([]));
    let back = Signed::from_bytes(&stages, &signed.to_bytes()).unwrap();
    assert_eq!(back.band_keys(), signed.band_keys());
    assert_eq!(back.signature(), signed.signature());
    let mut small = Config::default();
    small.num_perm = 64;
    let small = Stages::new(small).unwrap();
    assert!(Signed::from_bytes(&small, &signed.to_bytes()).is_err());
}

#[test]
fn group_component_rejects_inconsistent_input() {
    let stages = Stages::new(Config::default()).unwrap();
    let c = stages.prepare(&common::text(1, 0..3)).unwrap();
    let s = stages.sign(&c, &stages.templates([]));
    let ids = vec!["a".to_string()];
    let unit = UnitInput {
        ids: &ids,
        content: &c,
        signed: &s,
    };
    let err = stages.group_component(&[unit, unit], &[]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidStageInput(_)),
        "{err}"
    );
    let h = stages.hash(&c);
    let err = stages.group_component(&[unit], &[(h, 42, 10)]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidStageInput(_)),
        "{err}"
    );
    let none: Vec<String> = Vec::new();
    let bare = UnitInput { ids: &none, ..unit };
    assert!(stages.group_component(&[bare], &[]).is_err());
    // One unit with one document is no group; with two it is.
    assert!(stages.group_component(&[unit], &[]).unwrap().is_empty());
    let two = vec!["b".to_string(), "a".to_string()];
    let groups = stages
        .group_component(&[UnitInput { ids: &two, ..unit }], &[])
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].representative, "a");
}

#[test]
fn pre_tokenized_text_matches_its_copies() {
    let stages = Stages::new(Config::default()).unwrap();
    let words: Vec<String> = common::text(3, 0..3)
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let a = stages.prepare_tokens(&words).unwrap();
    let mut edited = words.clone();
    edited[10] = "changed".into();
    let b = stages.prepare_tokens(&edited).unwrap();
    let t = stages.templates([]);
    let (sa, sb) = (stages.sign(&a, &t), stages.sign(&b, &t));
    assert!(stages.verify((&a, &sa), (&b, &sb)).unwrap().is_some());
    let other = stages
        .prepare_tokens(common::text(4, 0..3).split_whitespace())
        .unwrap();
    let so = stages.sign(&other, &t);
    assert!(stages.verify((&a, &sa), (&other, &so)).unwrap().is_none());
    assert!(stages.prepare_tokens(Vec::<&str>::new()).is_err());
    assert!(stages.prepare_tokens(["a", ""]).is_err());
    let mut tiny = Config::default();
    tiny.max_document_bytes = 10;
    let tiny = Stages::new(tiny).unwrap();
    let err = tiny.prepare_tokens(["abcde", "fghij"]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DocumentTooLarge { .. }),
        "{err}"
    );
    assert!(tiny.prepare_tokens(["abcd", "efgh"]).is_ok());
    assert!(format!("{a:?}").len() < 100, "{a:?}");
}

#[test]
fn contents_prepared_elsewhere_insert_save_and_load() {
    let mut det = Detector::builder().build().unwrap();
    let stages = Stages::new(det.config().clone()).unwrap();
    // Sent as bytes, as from another machine.
    let text = common::text(5, 0..3);
    let sent = stages.prepare(&text).unwrap().to_bytes();
    det.insert("local", &text).unwrap();
    let matches = det
        .insert_content("remote", Content::from_bytes(&stages, &sent).unwrap())
        .unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].id, "local");
    assert_eq!(matches[0].scores.jaccard, 1.0);
    let tokens = stages.prepare_tokens(text.split_whitespace()).unwrap();
    det.insert_content("tokens", tokens.clone()).unwrap();
    assert!(det.insert_content("tokens", tokens).is_err());
    let mut bytes = Vec::new();
    det.write_to(&mut bytes).unwrap();
    let back = Detector::read_from(bytes.as_slice()).unwrap();
    assert_eq!(back.groups(), det.groups());
    // A content prepared under another shingle length is refused.
    let mut seven = Config::default();
    seven.shingle = reprint::Shingling::Words(7);
    let other = Stages::new(seven).unwrap();
    let err = det
        .insert_content("x", other.prepare(&text).unwrap())
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }), "{err}");
    assert!(!det.contains("x"));
}

/// Ten long pages of forty paragraphs (some 1,600 words) and, beside each, an
/// excerpt of four of its paragraphs: a tenth of the page, Jaccard about 0.1.
fn excerpts_of_long_pages() -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for s in 0..10u64 {
        docs.push((format!("page-{s}"), common::text(200 + s, 0..40)));
        let at = 3 * s;
        docs.push((format!("excerpt-{s}"), common::text(200 + s, at..at + 4)));
    }
    docs
}

/// How many pages are grouped with their excerpt.
fn excerpts_found(groups: &[Group]) -> usize {
    (0..10)
        .filter(|s| {
            let (page, excerpt) = (format!("page-{s}"), format!("excerpt-{s}"));
            groups.iter().any(|g| {
                let ids: Vec<&str> = g.ids().collect();
                ids.contains(&page.as_str()) && ids.contains(&excerpt.as_str())
            })
        })
        .count()
}

#[test]
fn short_excerpts_of_long_pages_are_found_by_both_drivers() {
    let docs = excerpts_of_long_pages();
    let config = Config::default();
    assert_eq!(config.containment_bands, 32);
    let want = detector_groups(&config, &docs);
    // Each pair shares one of 32 single-value bands with probability
    // 1 − 0.9³² ≈ 0.97 (and one of the 28 two-value bands with 0.25).
    assert!(excerpts_found(&want) >= 9, "{want:?}");
    assert_eq!(run_stages(&config, &docs, 3, 5), want);
    // Banding tuned for Jaccard alone proposes few of these pairs: the
    // containment bands are what finds them.
    let mut jaccard_only = Config::default();
    jaccard_only.containment_bands = 0;
    let without = detector_groups(&jaccard_only, &docs);
    assert!(excerpts_found(&without) <= 5, "{without:?}");
    assert_eq!(run_stages(&jaccard_only, &docs, 2, 9), without);
}

#[test]
fn containment_bands_survive_save_load_merge_and_order() {
    // The excerpts and the corpus's copies, with containment bands: one
    // detector over all of them, the same documents split in two, each half
    // saved and loaded, then merged, and a shuffled order inserted one by one
    // after a save and load, all give the same groups.
    let mut docs = excerpts_of_long_pages();
    let mut seen: BTreeSet<String> = docs.iter().map(|d| d.0.clone()).collect();
    docs.extend(
        corpus(40, 3)
            .into_iter()
            .filter(|d| seen.insert(d.0.clone())),
    );
    let config = Config::default();
    assert_eq!(config.containment_bands, 32);
    let want = detector_groups(&config, &docs);
    assert!(excerpts_found(&want) >= 9, "{want:?}");
    for (shards, seed) in [(1, 5), (4, 7)] {
        assert_eq!(run_stages(&config, &docs, shards, seed), want);
    }
    let half = |part: &[(String, String)]| {
        let mut det = Detector::new(config.clone()).unwrap();
        det.insert_batch_lenient(part.iter().cloned());
        let mut bytes = Vec::new();
        det.write_to(&mut bytes).unwrap();
        let back = Detector::read_from(&bytes[..]).unwrap();
        assert_eq!(back.config().containment_bands, 32);
        back
    };
    let (a, b): (Vec<_>, Vec<_>) = docs
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 3 == 0);
    let strip = |v: Vec<(usize, (String, String))>| v.into_iter().map(|x| x.1).collect::<Vec<_>>();
    let mut merged = half(&strip(a));
    merged.merge(half(&strip(b))).unwrap();
    assert_eq!(merged.groups(), want);

    let mut shuffled = docs.clone();
    shuffle(&mut shuffled, &mut Rng(11));
    let (first, rest) = shuffled.split_at(shuffled.len() / 2);
    let mut det = half(first);
    for (id, text) in rest {
        let _ = det.insert(id, text);
    }
    assert_eq!(det.groups(), want);
}
