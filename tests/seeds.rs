//! The seed articles, through the library and through the example binary.

use std::process::Command;

use common::{dedup_binary, seed_docs};
use reprint::Detector;

mod common;

#[test]
fn seeds_give_one_group_of_the_two_xinhua_reprints() {
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(seed_docs()).unwrap();
    let groups = det.groups();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let g = &groups[0];
    assert_eq!(g.ids().collect::<Vec<_>>(), ["002", "004"]);
    // 002 is the page with the whole report plus boilerplate: it contains 004.
    assert_eq!(g.representative, "002");
    assert_eq!(g.members[0].scores.jaccard, 1.0);
    let s = g.members[1].scores;
    assert!(s.exact);
    assert!(s.containment_ab > 0.8, "{s:?}");
    assert!(s.containment_ab > s.containment_ba, "{s:?}");
}

#[test]
fn seeds_margin_between_same_text_and_same_story() {
    // Every pair other than 002–004 covers the same event in its own words: far
    // below the containment threshold, while the reprint pair is far above it.
    let det = Detector::builder().build().unwrap();
    let docs = seed_docs();
    let containment = det.config().containment;
    for (i, (a, ta)) in docs.iter().enumerate() {
        let mut single = Detector::builder().build().unwrap();
        single.insert(a, ta).unwrap();
        for (b, tb) in &docs[i + 1..] {
            let m = single.query(tb).unwrap();
            if (a.as_str(), b.as_str()) == ("002", "004") {
                assert_eq!(m.len(), 1);
                assert!(m[0].scores.max_containment() > containment + 0.2, "{m:?}");
            } else {
                assert!(m.is_empty(), "{a} and {b} matched: {m:?}");
            }
        }
    }
}

#[test]
fn query_finds_the_reprint_without_inserting() {
    let docs = seed_docs();
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs.iter().filter(|(id, _)| id != "004").cloned())
        .unwrap();
    let text_004 = &docs.iter().find(|(id, _)| id == "004").unwrap().1;
    let matches = det.query(text_004).unwrap();
    assert_eq!(matches.len(), 1, "{matches:?}");
    assert_eq!(matches[0].id, "002");
    // The query (004) is the contained side.
    assert!(matches[0].scores.containment_ab > 0.8);
    assert_eq!(det.len(), 4);
    assert!(det.groups().is_empty());
}

#[test]
fn example_binary_groups_the_seeds() {
    let out = Command::new(dedup_binary())
        .arg("--json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 5);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    let members: Vec<&str> = groups[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        members,
        [
            "seeds/002_a0b6d07105c2ccbf.txt",
            "seeds/004_b62c5577e6212a29.txt"
        ]
    );
    assert_eq!(
        groups[0]["representative"],
        "seeds/002_a0b6d07105c2ccbf.txt"
    );
    let copy = &groups[0]["members"][1];
    assert_eq!(copy["id"], "seeds/004_b62c5577e6212a29.txt");
    assert!(copy["containment_ab"].as_f64().unwrap() > 0.8);
    assert!(copy["jaccard"].as_f64().unwrap() > 0.4);
}

#[test]
fn example_binary_prints_groups_readably() {
    let out = Command::new(dedup_binary())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("5 documents, 1 group(s)"), "{text}");
    assert!(text.contains("Mexican President Andres Manuel Lopez Obrador has offered"));
}
