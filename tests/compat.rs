//! Index files of every released format version still load and answer.
//!
//! `tests/data/index-v1.idx` to `index-v4.idx` are the seeds indexed with the
//! default configuration of the builds that introduced format versions 1 to 4
//! (for versions 3 and 4, with the setting version 3 added,
//! `containment_bands`, at 32; version 4 adds each content's story count). They are never regenerated: a later build
//! must read them as they are.
//! (`make_fixture` below shows how they were made; it writes to `target/`,
//! not over the fixtures.)

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
    let det = fixture_loads_and_answers("index-v1.idx", &V1);
    resaves_as_the_current_version(&det, 0);
}

#[test]
fn format_v2_fixture_loads_and_answers() {
    let det = fixture_loads_and_answers("index-v2.idx", &V2);
    resaves_as_the_current_version(&det, 0);
}

#[test]
fn format_v3_fixture_loads_and_answers() {
    let det = fixture_loads_and_answers("index-v3.idx", &V3);
    resaves_as_the_current_version(&det, 32);
    // Its contents read as pages of one story each, as the seeds are: the
    // current version stores the same contents, one byte longer each.
    let v3 = std::fs::read(fixture("index-v3.idx")).unwrap();
    let v4 = std::fs::read(fixture("index-v4.idx")).unwrap();
    assert_eq!(v4.len(), v3.len() + 5);
}

#[test]
fn format_v4_fixture_loads_and_answers() {
    let path = fixture("index-v4.idx");
    let bytes = std::fs::read(&path).unwrap();
    let det = fixture_loads_and_answers("index-v4.idx", &V3);
    assert_eq!(det.config().containment_bands, 32);
    // Reading and writing version 4 is lossless: the same bytes come back.
    let mut again = Vec::new();
    det.write_to(&mut again).unwrap();
    assert!(again == bytes, "re-saving the v4 fixture changed its bytes");
}

/// Re-saving an older fixture writes the current version, which holds the
/// same state (the configuration as it was, with `bands` containment bands):
/// it loads to the same answers and to the same bytes again.
fn resaves_as_the_current_version(det: &Detector, bands: usize) {
    assert_eq!(det.config().containment_bands, bands);
    let mut now = Vec::new();
    det.write_to(&mut now).unwrap();
    assert_eq!(
        &now[8..12],
        &reprint::index_file::FORMAT_VERSION.to_le_bytes()
    );
    let again = Detector::read_from(&now[..]).unwrap();
    assert_eq!(again.groups(), det.groups());
    assert_eq!(again.config(), det.config());
    let mut twice = Vec::new();
    again.write_to(&mut twice).unwrap();
    assert!(
        twice == now,
        "re-saving a loaded index of the current version changed its bytes"
    );
}

/// Loads a fixture of the seeds and checks that it answers as it did; returns
/// the detector.
fn fixture_loads_and_answers(name: &str, expected: &Expected) -> Detector {
    let path = fixture(name);
    let det = Detector::load(&path).unwrap();

    // Its configuration is its own, whatever today's defaults are. (The
    // header's fingerprint is that of the configuration's bytes as stored:
    // the encoding of versions 1 and 2 is shorter by the containment bands.)
    let config = det.config();
    let header = std::fs::read(&path).unwrap()[24..32].to_vec();
    assert_eq!(header, expected.fingerprint.to_le_bytes());
    assert_eq!(config.num_perm, 128);
    assert_eq!(config.seed, 0);
    assert_eq!(config.shingle, expected.shingle);

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
        expected.signatures,
        "the signatures rebuilt from {name} changed: index files written by \
         earlier builds would stop matching new documents (see tests/golden.rs)"
    );

    // The stored pair's scores, and the group it makes.
    let groups = det.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["002", "004"]);
    let scores = det.compare("002", "004").unwrap();
    assert_eq!(scores.jaccard, expected.pair_jaccard);

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

    // And it keeps working as an index: new documents pair with stored ones.
    let loaded = det.clone();
    let mut det = det;
    det.insert("004-again", &format!("Another outlet\n\n{}", text("004")))
        .unwrap();
    let groups = det.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        groups[0].ids().collect::<Vec<_>>(),
        ["002", "004", "004-again"]
    );
    loaded
}

/// What a fixture holds.
struct Expected {
    /// The configuration fingerprint in its header.
    fingerprint: u64,
    shingle: Shingling,
    /// XXH3-64 of its signatures (000 to 004, little-endian).
    signatures: u64,
    /// The stored Jaccard similarity of the pair 002–004.
    pair_jaccard: f64,
}

const V1: Expected = Expected {
    fingerprint: 0xfb7d_e67c_95e4_7f77,
    shingle: Shingling::Auto { words: 4, chars: 5 },
    signatures: 0x5876_c02b_ba4a_9941,
    pair_jaccard: 0.982_456_140_350_877_1,
};

const V2: Expected = Expected {
    fingerprint: 0x21d4_6db6_1090_fab2,
    shingle: Shingling::Auto { words: 3, chars: 5 },
    signatures: 0xb5e7_f908_d3b0_8b3c,
    pair_jaccard: 0.985_250_737_463_126_9,
};

const V3: Expected = Expected {
    fingerprint: 0xc0a8_abcb_ca62_0d3d,
    shingle: Shingling::Auto { words: 5, chars: 5 },
    signatures: 0xe3a5_86ea_405f_6039,
    pair_jaccard: 0.979_651_162_790_697_6,
};

/// How the fixtures were made: the seeds, default configuration, ids "000" to
/// "004". Run with `cargo test --test compat -- --ignored` to write a fresh one
/// in the current format version to `target/`; the committed fixtures must
/// not be replaced.
#[test]
#[ignore]
fn make_fixture() {
    let mut config = reprint::Config::default();
    config.containment_bands = 32;
    let mut det = Detector::new(config).unwrap();
    det.insert_batch(common::seed_docs()).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "target/index-v{}.idx",
        reprint::index_file::FORMAT_VERSION
    ));
    det.save(&out).unwrap();
    println!("wrote {}", out.display());
}

#[test]
fn a_version_1_pair_with_an_impossible_score_is_verified_again() {
    // The fixture's one pair (002, 004), scored from 002, the larger: a
    // containment of 1.0 would mean more shared shingles than 004 has. The
    // link is verified again instead of kept, so the file saves as a
    // version 2 index that loads.
    let good = std::fs::read(fixture("index-v1.idx")).unwrap();
    let pair = good.len() - 8 - 50;
    assert_eq!(&good[pair..pair + 8], &[2, 0, 0, 0, 4, 0, 0, 0]);
    let mut bytes = good.clone();
    bytes[pair + 24..pair + 32].copy_from_slice(&1.0f64.to_bits().to_le_bytes());
    common::reseal(&mut bytes);
    let det = Detector::read_from(&bytes[..]).unwrap();
    let original = Detector::read_from(&good[..]).unwrap();
    assert_eq!(det.groups(), original.groups());
    let mut v2 = Vec::new();
    det.write_to(&mut v2).unwrap();
    let again = Detector::read_from(&v2[..]).unwrap();
    assert_eq!(again.groups(), original.groups());
}
