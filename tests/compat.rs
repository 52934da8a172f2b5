//! Index files of every released format version still load and answer.
//!
//! `tests/data/index-v1.idx` is the seeds indexed with the default
//! configuration of the build that introduced format version 1. It is never
//! regenerated: a later build must read it as it is. (`make_fixture` below
//! shows how it was made; it writes to `target/`, not over the fixture.)

use std::path::{Path, PathBuf};

use reprint::{Detector, Shingling};
use xxhash_rust::xxh3::xxh3_64;

mod common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn format_v1_fixture_loads_and_answers() {
    let path = fixture("index-v1.idx");
    let bytes = std::fs::read(&path).unwrap();
    let det = Detector::load(&path).unwrap();

    // Its configuration is its own, whatever today's defaults are.
    let config = det.config();
    assert_eq!(config.fingerprint(), FINGERPRINT);
    assert_eq!(config.num_perm, 128);
    assert_eq!(config.seed, 0);
    assert_eq!(config.shingle, Shingling::Auto { words: 4, chars: 5 });

    let ids = ["000", "001", "002", "003", "004"];
    assert_eq!(det.len(), ids.len());
    assert!(ids.iter().all(|id| det.contains(id)));

    // The stored side of every comparison is as it was: signatures are
    // rebuilt from the stored tokens with the specified hashes.
    let signatures: Vec<u8> = ids
        .iter()
        .flat_map(|id| det.signature(id).unwrap().values().to_vec())
        .flat_map(u32::to_le_bytes)
        .collect();
    assert_eq!(
        xxh3_64(&signatures),
        SIGNATURES,
        "the signatures rebuilt from the v1 fixture changed: index files written by \
         earlier builds would stop matching new documents (see tests/golden.rs)"
    );

    // The stored pair's scores, and the group it makes.
    let groups = det.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["002", "004"]);
    let scores = det.compare("002", "004").unwrap();
    assert_eq!(scores.jaccard.to_bits(), PAIR_JACCARD.to_bits());

    // Queries answer: the reprint is found from either side, and an article on
    // the same event in other words is not.
    let docs = common::seed_docs();
    let text = |id: &str| &docs.iter().find(|(i, _)| i == id).unwrap().1;
    let m = det.query(text("004")).unwrap();
    let mut found: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
    found.sort();
    assert_eq!(found, ["002", "004"]);
    let in_002 = m.iter().find(|m| m.id == "002").unwrap().scores;
    assert!(in_002.containment_ab > 0.8, "{m:?}");
    let m = det.query(text("001")).unwrap();
    assert_eq!(m.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["001"]);

    // Reading and writing version 1 is lossless: the same bytes come back.
    let mut again = Vec::new();
    det.write_to(&mut again).unwrap();
    assert!(again == bytes, "re-saving the v1 fixture changed its bytes");

    // And it keeps working as an index: new documents pair with stored ones.
    let mut det = det;
    det.insert("004-again", &format!("Another outlet\n\n{}", text("004")))
        .unwrap();
    let groups = det.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        groups[0].ids().collect::<Vec<_>>(),
        ["002", "004", "004-again"]
    );
}

/// `Config::fingerprint` of the fixture's configuration.
const FINGERPRINT: u64 = 0xfb7d_e67c_95e4_7f77;
/// XXH3-64 of the fixture's signatures (000 to 004, little-endian).
const SIGNATURES: u64 = 0x5876_c02b_ba4a_9941;
/// The stored Jaccard similarity of the pair 002–004.
const PAIR_JACCARD: f64 = 0.982_456_140_350_877_1;

/// How the fixture was made: the seeds, default configuration, ids "000" to
/// "004". Run with `cargo test --test compat -- --ignored` to write a fresh one
/// to `target/`; the committed fixture must not be replaced.
#[test]
#[ignore]
fn make_fixture() {
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(common::seed_docs()).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/index-v1.idx");
    det.save(&out).unwrap();
    println!("wrote {}", out.display());
}
