//! A core whose cost is linear in the number of copies: exact copies collapse,
//! near copies form one group with evidence per member, excerpts stay with
//! their source, and digest pages can neither merge nor split groups.

use reprint::{Detector, Group};

mod common;

use common::{mixed_corpus, para, text};

fn ids(g: &Group) -> Vec<&str> {
    g.ids().collect()
}

#[test]
fn exact_copies_are_stored_once_and_grouped_with_evidence() {
    let seeds = common::seed_docs();
    let wire = &seeds.iter().find(|(id, _)| id == "002").unwrap().1;
    let mut det = Detector::builder().build().unwrap();
    let copies: Vec<(String, &str)> = (0..3000)
        .map(|i| (format!("copy-{i:04}"), wire.as_str()))
        .collect();
    det.insert_batch(copies).unwrap();
    det.insert_batch(seeds.iter().map(|(id, t)| (id.as_str(), t.as_str())))
        .unwrap();
    assert_eq!(det.len(), 3005);
    assert_eq!(det.distinct_len(), 5);
    let groups = det.groups();
    assert_eq!(groups.len(), 1);
    let g = &groups[0];
    // 002 and its 3,000 copies, and 004, which is contained in them.
    assert_eq!(g.len(), 3002);
    assert_eq!(g.representative, "002");
    for m in &g.members {
        if m.id == "004" {
            assert!(m.scores.containment_ab > 0.8, "{m:?}");
        } else {
            assert_eq!(m.scores.jaccard, 1.0, "{m:?}");
        }
    }
    // The answer about one copy is bounded: the other copies are one match.
    let matches = det.matches_of("copy-0017").unwrap();
    assert_eq!(matches[0].copies, 3000);
    assert_eq!(matches[0].id, "002");
    assert!(matches.len() <= 2, "{matches:?}");
    assert_eq!(det.group_of("copy-0017").as_ref(), Some(g));
    assert_eq!(det.group_of("000"), None);
    // Removing copies keeps the content until the last one goes.
    for i in 0..3000 {
        det.remove(&format!("copy-{i:04}")).unwrap();
    }
    assert_eq!(det.distinct_len(), 5);
    assert_eq!(ids(&det.groups()[0]), ["002", "004"]);
}

#[test]
fn edited_copies_form_one_group_whatever_their_number() {
    let base: Vec<String> = (0..8).map(|i| para(7, i)).collect();
    let mut docs = Vec::new();
    for c in 0..600u64 {
        // Three words changed in each copy, in different places.
        let mut paras = base.clone();
        for k in 0..3u64 {
            let p = ((c + k * 3) % 8) as usize;
            let mut words: Vec<String> = paras[p].split(' ').map(String::from).collect();
            let w = ((c * 7 + k * 11) % 38) as usize + 1;
            // Letters only: a word with three digits counts as a figure.
            let tag: String = [c % 26, c / 26 % 26, k]
                .iter()
                .map(|&x| char::from(b'a' + x as u8))
                .collect();
            words[w] = format!("edit{tag}");
            paras[p] = words.join(" ");
        }
        docs.push((format!("c{c:03}"), paras.join("\n")));
    }
    docs.push(("other".to_string(), text(8, 0..8)));
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs).unwrap();
    assert_eq!(det.distinct_len(), 601);
    let groups = det.groups();
    assert_eq!(
        groups.len(),
        1,
        "{:?}",
        groups.iter().map(Group::len).collect::<Vec<_>>()
    );
    assert_eq!(groups[0].len(), 600);
    for m in &groups[0].members {
        assert!(m.scores.jaccard > 0.8, "{m:?}");
    }
}

#[test]
fn excerpts_of_one_source_stay_together() {
    let source = text(1, 0..12);
    // Each copy takes five paragraphs; most pairs of copies share too little
    // to match each other, but each is wholly in the source.
    let picks: [&[u64]; 6] = [
        &[0, 1, 2, 3, 4],
        &[5, 6, 7, 8, 9],
        &[7, 8, 9, 10, 11],
        &[0, 2, 4, 6, 8],
        &[1, 3, 5, 9, 11],
        &[2, 3, 8, 10, 11],
    ];
    let mut det = Detector::builder().build().unwrap();
    det.insert("source", &source).unwrap();
    for (i, pick) in picks.iter().enumerate() {
        let page = format!("Excerpt {i}\n{}", text(1, pick.iter().copied()));
        det.insert(&format!("excerpt-{i}"), &page).unwrap();
    }
    det.insert("other", &text(2, 0..6)).unwrap();
    // Several excerpts do not match each other.
    assert!(!det
        .matches_of("excerpt-0")
        .unwrap()
        .iter()
        .any(|m| m.id == "excerpt-1"));
    let groups = det.groups();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].representative, "source");
    assert_eq!(groups[0].len(), 7);
    for m in &groups[0].members {
        assert!(m.scores.containment_ab > 0.9, "{m:?}");
    }
}

#[test]
fn digests_holding_one_story_each_neither_split_it_nor_group_apart() {
    // A story printed twice, and three pages that each carry it next to a
    // story of their own.
    let x = text(10, 0..6);
    let mut docs = vec![
        ("x1".to_string(), x.clone()),
        ("x2".to_string(), format!("World news\n{x}")),
    ];
    for d in 0..3u64 {
        docs.push((
            format!("digest-{d}"),
            format!("{x}\n{}", text(20 + d, 0..6)),
        ));
    }
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs).unwrap();
    let g = det.group_of("x1").expect("x1 and x2 are copies");
    assert!(ids(&g).contains(&"x2"), "{g:#?}");
    for g in det.groups() {
        assert!(
            ids(&g).contains(&"x1"),
            "a group of digests alone: {:?}",
            ids(&g)
        );
    }
}

#[test]
fn digests_quoting_two_stories_do_not_merge_them() {
    let x = text(30, 0..6);
    let y = text(31, 0..6);
    let mut docs = Vec::new();
    for c in 0..5 {
        docs.push((format!("x{c}"), format!("Headline {c} on x\n{x}")));
        docs.push((format!("y{c}"), format!("Headline {c} on y\n{y}")));
    }
    for d in 0..8 {
        docs.push((format!("digest-{d}"), format!("Roundup {d}\n{x}\n{y}")));
    }
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs).unwrap();
    let gx = det.group_of("x0").expect("x copies group");
    let gy = det.group_of("y0").expect("y copies group");
    for c in 0..5 {
        assert!(
            ids(&gx).contains(&format!("x{c}").as_str()),
            "{:?}",
            ids(&gx)
        );
        assert!(
            ids(&gy).contains(&format!("y{c}").as_str()),
            "{:?}",
            ids(&gy)
        );
    }
    assert!(!ids(&gx).contains(&"y0"), "{:?}", ids(&gx));
}

#[test]
fn insert_returns_the_new_documents_matches() {
    let story = text(40, 0..6);
    let mut det = Detector::builder().build().unwrap();
    assert!(det.insert("first", &story).unwrap().is_empty());
    let m = det
        .insert("second", &format!("{story}\n{}", para(41, 0)))
        .unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].id, "first");
    assert_eq!(m[0].copies, 1);
    // The same answer later, from either side.
    assert_eq!(det.matches_of("second").unwrap(), m);
    assert_eq!(det.matches_of("first").unwrap()[0].id, "second");
    // An exact copy is reported as such.
    let m = det.insert("third", &story).unwrap();
    assert_eq!((m[0].id.as_str(), m[0].copies), ("first", 1));
    assert_eq!(m[0].scores.jaccard, 1.0);
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 12, ..Default::default() })]

    /// Groups, representatives and scores are a function of the set of
    /// documents: the same for any order, any split into batches and single
    /// inserts, after documents are removed and inserted again, and after a
    /// save and load in between.
    #[test]
    fn the_new_core_is_a_function_of_the_set(
        order in proptest::strategy::Just((0..mixed_corpus().len()).collect::<Vec<_>>()).prop_shuffle(),
        split in 0usize..70,
        removed in proptest::collection::vec(0usize..70, 0..8),
        reload in proptest::bool::ANY,
    ) {
        let docs = mixed_corpus();
        let mut reference = Detector::builder().build().unwrap();
        reference.insert_batch(docs.clone()).unwrap();
        let want = reference.groups();
        proptest::prop_assert!(want.len() >= 3, "{:?}", want.iter().map(|g| ids(g)).collect::<Vec<_>>());

        let shuffled: Vec<(String, String)> = order.iter().map(|&i| docs[i].clone()).collect();
        let split = split.min(shuffled.len());
        let mut det = Detector::builder().build().unwrap();
        det.insert_batch(shuffled[..split].to_vec()).unwrap();
        if reload {
            let mut bytes = Vec::new();
            det.write_to(&mut bytes).unwrap();
            det = Detector::read_from(bytes.as_slice()).unwrap();
        }
        for (id, text) in &shuffled[split..] {
            det.insert(id, text).unwrap();
        }
        let mut gone: Vec<usize> = removed.iter().map(|&r| r % docs.len()).collect();
        gone.sort_unstable();
        gone.dedup();
        for &g in &gone {
            det.remove(&docs[g].0).unwrap();
        }
        for &g in gone.iter().rev() {
            det.insert(&docs[g].0, &docs[g].1).unwrap();
        }
        proptest::prop_assert_eq!(det.groups(), want);
    }
}
