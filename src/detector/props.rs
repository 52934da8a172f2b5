//! The detector's state is a function of its set of documents: after any
//! sequence of single inserts, batches of every size, removals (of one copy or
//! of the last copy of a content), re-inserts, save and load, and merges of
//! shards, its matches and groups equal those of a fresh detector given the
//! same set in one batch, and its LSH buckets are led (each chain starts with
//! its `BUCKET_HEADS` lowest-ranked members, in rank order).

use proptest::prelude::*;

use super::*;

/// A deterministic sentence-like line of `words` words, different for every
/// `(story, i)`.
fn line(story: u64, i: u64, words: usize) -> String {
    const WORDS: [&str; 32] = [
        "minister", "council", "river", "harbour", "vote", "budget", "police", "storm", "bank",
        "school", "report", "price", "team", "court", "plan", "farmers", "railway", "hospital",
        "election", "mayor", "strike", "drought", "tariff", "festival", "museum", "bridge",
        "airport", "union", "senate", "said", "warned", "agreed",
    ];
    let mut state = story
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(i.wrapping_mul(0xbf58_476d_1ce4_e5b9))
        | 1;
    let mut out = Vec::with_capacity(words);
    for _ in 0..words {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push(WORDS[(state % WORDS.len() as u64) as usize]);
    }
    let mut text = out.join(" ") + ".";
    text[..1].make_ascii_uppercase();
    text
}

fn story(s: u64, paras: std::ops::Range<u64>) -> Vec<String> {
    paras.map(|i| line(s, i, 36)).collect()
}

/// Documents whose buckets hold many members of different ranks (near copies
/// of one story, longer and shorter), exact copies, an outlet teaser block
/// that becomes a template once four contents carry it (so units are
/// re-derived and their ranks change, also when a removal drops it below
/// four again), excerpts, and unrelated stories.
fn pool() -> Vec<(String, String)> {
    let teaser = "More from our newsroom partners across the region and the latest \
        headlines on markets sport and weather for our subscribers every day";
    let mut docs = Vec::new();
    let base = story(1, 0..5);
    for c in 0..10u64 {
        let mut paras = base.clone();
        // Copies of several lengths: a kept share of the story, an extra
        // paragraph of their own, and for some the teaser.
        paras.truncate(3 + (c % 3) as usize);
        paras.insert(0, line(100 + c, 0, 8));
        if c % 2 == 0 {
            paras.push(line(200 + c, 0, 12 + c as usize));
        }
        if c % 3 == 0 {
            paras.push(teaser.to_string());
        }
        docs.push((format!("near-{c}"), paras.join("\n")));
    }
    let exact = story(2, 0..4).join("\n");
    for c in 0..3 {
        docs.push((format!("exact-{c}"), exact.clone()));
    }
    for s in 0..4u64 {
        let mut paras = story(10 + s, 0..3);
        paras.push(teaser.to_string());
        docs.push((format!("outlet-{s}"), paras.join("\n")));
        docs.push((format!("wire-{s}"), story(10 + s, 0..3).join("\n")));
    }
    let source = story(3, 0..6);
    docs.push(("source".into(), source.join("\n")));
    docs.push(("excerpt-0".into(), source[..3].join("\n")));
    docs.push(("excerpt-1".into(), source[3..].join("\n")));
    for s in 0..3u64 {
        docs.push((format!("other-{s}"), story(30 + s, 0..3).join("\n")));
    }
    docs
}

/// The detector under test. The pool's word salad is not prose to the
/// boilerplate filter, so it is off: what is tested is the index.
fn detector() -> Detector {
    Detector::builder().boilerplate(false).build().unwrap()
}

/// One step applied to the detector under test.
#[derive(Clone, Debug)]
enum Op {
    /// Inserts the absent documents among `n` pool positions from `at`, one
    /// by one.
    Singles(usize, usize),
    /// Inserts them as one batch.
    Batch(usize, usize),
    /// Removes the present ones.
    Remove(usize, usize),
    /// Builds a shard of the absent ones and merges it.
    Merge(usize, usize),
    /// Writes the index and reads it back.
    SaveLoad,
}

fn op() -> impl Strategy<Value = Op> {
    let span = (0usize..64, 1usize..24);
    prop_oneof![
        span.clone().prop_map(|(a, n)| Op::Singles(a, n.min(4))),
        span.clone().prop_map(|(a, n)| Op::Batch(a, n)),
        span.clone().prop_map(|(a, n)| Op::Remove(a, n.min(8))),
        span.prop_map(|(a, n)| Op::Merge(a, n)),
        Just(Op::SaveLoad),
    ]
}

impl Detector {
    /// Panics unless every bucket of every live unit is led: its chain starts
    /// with its `LED` lowest-ranked members in rank order (the heads, and the
    /// one that replaces a head left out as the query itself), and holds live
    /// units only, each once.
    fn assert_led(&self) {
        let live = self.units.iter().flatten().count();
        assert_eq!(self.lsh.len(), live, "units in the index");
        let (mut lead, mut members) = (Vec::new(), Vec::new());
        for (u, unit) in self.units.iter().enumerate() {
            if unit.is_none() {
                continue;
            }
            let sig = self.sig(u as u32);
            for (band, key) in self.lsh.band_keys(&sig).enumerate() {
                self.lsh.members_of(band, key, &mut members);
                assert!(members.contains(&(u as u32)), "unit {u} not in its bucket");
                let mut ranked: Vec<(RankKey, u32)> = members
                    .iter()
                    .map(|&m| {
                        let r = rank_in(&self.units, m);
                        assert!(r != links::ABSENT, "absent unit {m} in a bucket");
                        (r, m)
                    })
                    .collect();
                ranked.sort_unstable();
                let n = ranked.len();
                ranked.dedup();
                assert_eq!(ranked.len(), n, "a unit twice in a bucket");
                self.lsh.lead_of(band, key, links::LED, &mut lead);
                let want: Vec<u32> = ranked.iter().take(links::LED).map(|&(_, m)| m).collect();
                assert_eq!(lead, want, "lead of bucket ({band}, {key:016x})");
            }
        }
    }
}

fn check_against_fresh(
    det: &Detector,
    docs: &[(String, String)],
) -> std::result::Result<(), TestCaseError> {
    det.assert_led();
    let present: Vec<(String, String)> = docs
        .iter()
        .filter(|(id, _)| det.contains(id))
        .cloned()
        .collect();
    prop_assert_eq!(det.len(), present.len());
    let mut fresh = detector();
    fresh.insert_batch(present.clone()).unwrap();
    fresh.assert_led();
    prop_assert_eq!(det.template_count(), fresh.template_count());
    prop_assert_eq!(det.groups(), fresh.groups());
    for (id, _) in &present {
        prop_assert_eq!(
            det.matches_of(id).unwrap(),
            fresh.matches_of(id).unwrap(),
            "{}",
            id
        );
    }
    Ok(())
}

fn run(ops: &[Op]) -> std::result::Result<(), TestCaseError> {
    let docs = pool();
    let at = |a: usize, n: usize| (a..a + n).map(|i| i % docs.len());
    let mut det = detector();
    for op in ops {
        match *op {
            Op::Singles(a, n) => {
                for i in at(a, n) {
                    if !det.contains(&docs[i].0) {
                        det.insert(&docs[i].0, &docs[i].1).unwrap();
                    }
                }
            }
            Op::Batch(a, n) => {
                let mut seen = AHashSet::new();
                let batch: Vec<(String, String)> = at(a, n)
                    .filter(|&i| seen.insert(i) && !det.contains(&docs[i].0))
                    .map(|i| docs[i].clone())
                    .collect();
                det.insert_batch(batch).unwrap();
            }
            Op::Remove(a, n) => {
                for i in at(a, n) {
                    if det.contains(&docs[i].0) {
                        det.remove(&docs[i].0).unwrap();
                    }
                }
            }
            Op::Merge(a, n) => {
                let mut shard = detector();
                for i in at(a, n) {
                    if !det.contains(&docs[i].0) && !shard.contains(&docs[i].0) {
                        shard.insert(&docs[i].0, &docs[i].1).unwrap();
                    }
                }
                shard.assert_led();
                det.merge(shard).unwrap();
            }
            Op::SaveLoad => {
                let mut bytes = Vec::new();
                det.write_to(&mut bytes).unwrap();
                det = Detector::read_from(bytes.as_slice()).unwrap();
            }
        }
        det.assert_led();
    }
    check_against_fresh(&det, &docs)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if std::env::var_os("REPRINT_LONG_TESTS").is_some() { 96 } else { 10 },
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_history_gives_the_fresh_detectors_matches_and_groups(
        ops in proptest::collection::vec(op(), 1..10),
    ) {
        run(&ops)?;
    }
}

/// The teaser becomes a template when the fourth content carrying it comes,
/// and stops being one when one of them goes: the ranks of the units holding
/// it change both times, while they share buckets with others.
#[test]
fn template_learning_and_unlearning_keep_buckets_led() {
    let docs = pool();
    let carriers: Vec<usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| t.contains("newsroom partners"))
        .map(|(i, _)| i)
        .collect();
    assert!(carriers.len() >= 5);
    let mut det = detector();
    // Everything but the carriers, then the carriers one at a time.
    let rest: Vec<(String, String)> = (0..docs.len())
        .filter(|i| !carriers.contains(i))
        .map(|i| docs[i].clone())
        .collect();
    det.insert_batch(rest).unwrap();
    for &i in &carriers {
        det.insert(&docs[i].0, &docs[i].1).unwrap();
        det.assert_led();
    }
    assert!(det.template_count() > 0);
    for &i in carriers.iter().rev() {
        det.remove(&docs[i].0).unwrap();
        det.assert_led();
    }
    run(&[
        Op::Batch(0, docs.len()),
        Op::Remove(0, 3),
        Op::SaveLoad,
        Op::Singles(0, 3),
    ])
    .unwrap();
}
