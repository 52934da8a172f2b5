//! The index file through the public API: round trips, incremental runs,
//! merging, atomic saves and the errors a damaged or foreign file gives.

use proptest::prelude::*;
use reprint::{Config, Detector, ErrorKind, Scheme, Shingling};

mod common;

use common::TempDir;

/// A fresh directory for one test, removed when dropped.
fn seeds_detector() -> Detector {
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(common::seed_docs()).unwrap();
    det
}

fn to_bytes(det: &Detector) -> Vec<u8> {
    let mut bytes = Vec::new();
    let n = det.write_to(&mut bytes).unwrap();
    assert_eq!(n, bytes.len() as u64);
    bytes
}

/// Texts to query with: every seed, a cut reprint, a reprint with boilerplate,
/// and unrelated text.
fn probe_texts() -> Vec<String> {
    let mut texts: Vec<String> = common::seed_docs().into_iter().map(|(_, t)| t).collect();
    let t2 = texts[2].clone();
    let paragraphs: Vec<&str> = t2.split("\n\n").collect();
    texts.push(paragraphs[..paragraphs.len() / 2].join("\n\n"));
    texts.push(format!("Site header\n\n{}\n\nShare this story", texts[4]));
    texts.push("Markets rose on Friday after strong jobs data lifted hopes.".into());
    texts
}

fn assert_same_answers(a: &Detector, b: &Detector) {
    assert_eq!(a.len(), b.len());
    assert_eq!(a.config(), b.config());
    assert_eq!(a.lsh_params(), b.lsh_params());
    assert_eq!(a.template_count(), b.template_count());
    assert_eq!(a.groups(), b.groups());
    assert_eq!(a.groups(), b.groups());
    for text in probe_texts() {
        assert_eq!(a.query(&text).unwrap(), b.query(&text).unwrap());
    }
}

#[test]
fn round_trip_answers_exactly_as_before() {
    let det = seeds_detector();
    let loaded = Detector::read_from(&to_bytes(&det)[..]).unwrap();
    assert_same_answers(&det, &loaded);
    for (id, _) in common::seed_docs() {
        assert_eq!(det.signature(&id), loaded.signature(&id));
    }
    assert_eq!(loaded.groups()[0].ids().collect::<Vec<_>>(), ["002", "004"]);
    // The probes do find something, so the comparison above is not vacuous.
    assert_eq!(loaded.query(&probe_texts()[5]).unwrap()[0].id, "002");
}

#[test]
fn saving_is_deterministic_and_stable_across_a_round_trip() {
    let dir = TempDir::new("index", "deterministic");
    let det = seeds_detector();
    det.save(dir.join("a.idx")).unwrap();
    let saved = std::fs::read(dir.join("a.idx")).unwrap();
    assert_eq!(saved, to_bytes(&det));
    // Inserting in another order changes document numbers but not the state
    // that matters; saving a loaded detector gives the same bytes back.
    let loaded = Detector::load(dir.join("a.idx")).unwrap();
    assert_eq!(to_bytes(&loaded), saved);
    // No temporary file is left beside the index.
    let names: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.idx"]);
}

#[test]
fn other_configurations_round_trip() {
    let configs = [
        Detector::builder().verify(false).build().unwrap(),
        Detector::builder()
            .scheme(Scheme::Classic)
            .num_perm(64)
            .seed(99)
            .build()
            .unwrap(),
        Detector::builder()
            .shingle(Shingling::Chars(4))
            .lsh_params(16, 4)
            .threshold(0.4)
            .containment(2.0)
            .build()
            .unwrap(),
        Detector::builder().lsh_threshold(0.35).build().unwrap(),
    ];
    for mut det in configs {
        det.insert_batch(common::seed_docs()).unwrap();
        let loaded = Detector::read_from(&to_bytes(&det)[..]).unwrap();
        assert_same_answers(&det, &loaded);
    }
}

#[test]
fn removed_documents_are_not_saved() {
    let mut det = seeds_detector();
    det.remove("004").unwrap();
    det.remove("000").unwrap();
    let loaded = Detector::read_from(&to_bytes(&det)[..]).unwrap();
    assert_same_answers(&det, &loaded);
    assert!(!loaded.contains("004"));
    assert!(loaded.groups().is_empty());
    // The removed id can be inserted again, and pairs as before.
    let mut loaded = loaded;
    let text_004 = common::seed_docs().swap_remove(4).1;
    loaded.insert("004", &text_004).unwrap();
    assert_eq!(loaded.groups()[0].ids().collect::<Vec<_>>(), ["002", "004"]);
}

#[test]
fn empty_detector_round_trips() {
    let det = Detector::builder().build().unwrap();
    let bytes = to_bytes(&det);
    assert_eq!(bytes.len(), 32 + 119 + 8 + 4 + 8 + 8);
    let loaded = Detector::read_from(&bytes[..]).unwrap();
    assert!(loaded.is_empty());
}

#[test]
fn two_runs_through_the_file_equal_one_run() {
    let dir = TempDir::new("index", "incremental");
    let path = dir.join("seeds.idx");
    let docs = common::synthetic_corpus(300, 11);
    let mut one = Detector::builder().build().unwrap();
    one.insert_batch(docs.clone()).unwrap();
    assert!(one.groups().len() > 20, "the corpus has reprints");

    let (first, second) = docs.split_at(170);
    let mut run1 = Detector::builder().build().unwrap();
    run1.insert_batch(first.to_vec()).unwrap();
    run1.save(&path).unwrap();
    let mut run2 = Detector::load(&path).unwrap();
    run2.insert_batch(second.to_vec()).unwrap();
    run2.save(&path).unwrap();
    let run3 = Detector::load(&path).unwrap();
    assert_eq!(one.groups(), run2.groups());
    assert_eq!(one.groups(), run3.groups());
}

#[test]
fn load_with_config_checks_the_configuration() {
    let dir = TempDir::new("index", "expected");
    let path = dir.join("seeds.idx");
    seeds_detector().save(&path).unwrap();
    assert!(Detector::load_with_config(&path, &Config::default()).is_ok());
    let mut other = Config::default();
    other.num_perm = 64;
    other.seed = 3;
    let err = Detector::load_with_config(&path, &other).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ConfigMismatch(_)),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("seeds.idx"), "{msg}");
    assert!(msg.contains("num_perm 128, not 64"), "{msg}");
    assert!(msg.contains("seed 0, not 3"), "{msg}");
    assert!(msg.contains("rebuild"), "{msg}");
    // The same check on a detector in memory.
    let det = seeds_detector();
    assert!(det.check_config(&Config::default()).is_ok());
    let err = det.check_config(&other).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ConfigMismatch(_)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("the detector was built with num_perm 128, not 64 as expected"),
        "{err}"
    );
}

#[test]
fn merge_rejects_other_configurations_and_shared_ids() {
    let mut a = seeds_detector();
    let mut b = Detector::builder().threshold(0.7).build().unwrap();
    b.insert("x", "some words that make a document").unwrap();
    let err = a.merge(b).unwrap_err();
    assert!(
        matches!(err.error().kind(), ErrorKind::ConfigMismatch(_)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("threshold is 0.5 here but 0.7 in the other"),
        "{err}"
    );
    // The shard comes back as it was given (issue 16: it was dropped).
    let b = err.into_shard();
    assert_eq!(b.config().threshold, 0.7);
    assert!(b.contains("x"));

    let mut c = Detector::builder().build().unwrap();
    c.insert("new", "an unrelated short text about the weather")
        .unwrap();
    c.insert("002", "another text under an id the first one has")
        .unwrap();
    let before = to_bytes(&c);
    let err = a.merge(c).unwrap_err();
    assert!(
        matches!(err.error().kind(), ErrorKind::DuplicateId(id) if id == "002"),
        "{err:?}"
    );
    // Nothing was merged, and the shard comes back whole: with the clash
    // removed, it merges.
    assert_eq!(a.len(), 5);
    assert!(!a.contains("new"));
    let (error, mut c) = err.into_parts();
    assert!(
        error.to_string().contains("\"002\" is already indexed"),
        "{error}"
    );
    assert_eq!(to_bytes(&c), before);
    c.remove("002").unwrap();
    a.merge(c).unwrap();
    assert!(a.contains("new"));
    assert_eq!(a.len(), 6);
}

#[test]
fn merging_loaded_shards_equals_one_build() {
    let docs = common::synthetic_corpus(240, 5);
    let mut one = Detector::builder().build().unwrap();
    one.insert_batch(docs.clone()).unwrap();
    let mut shards: Vec<Detector> = docs
        .chunks(80)
        .map(|chunk| {
            let mut d = Detector::builder().build().unwrap();
            d.insert_batch(chunk.to_vec()).unwrap();
            Detector::read_from(&to_bytes(&d)[..]).unwrap()
        })
        .collect();
    let mut merged = shards.remove(0);
    for s in shards {
        merged.merge(s).unwrap();
    }
    assert_same_answers(&one, &merged);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any split of a corpus into two detectors, each with some documents
    /// removed and re-added, merges into the groups of one build.
    #[test]
    fn merge_equals_one_build(
        order in Just((0..120).collect::<Vec<usize>>()).prop_shuffle(),
        split in 0usize..=120,
    ) {
        let docs = common::synthetic_corpus(120, 21);
        let mut one = Detector::builder().build().unwrap();
        one.insert_batch(docs.clone()).unwrap();

        let shuffled: Vec<_> = order.iter().map(|&i| docs[i].clone()).collect();
        let (left, right) = shuffled.split_at(split);
        let mut a = Detector::builder().build().unwrap();
        a.insert_batch(left.to_vec()).unwrap();
        let mut b = Detector::builder().build().unwrap();
        b.insert_batch(right.to_vec()).unwrap();
        // A removal leaves a hole in the numbering that merge must skip.
        if let Some((id, text)) = right.first() {
            b.remove(id).unwrap();
            b.insert(id, text).unwrap();
        }
        a.merge(b).unwrap();
        prop_assert_eq!(one.template_count(), a.template_count());
        prop_assert_eq!(one.groups(), a.groups());
        prop_assert_eq!(one.len(), a.len());
    }
}

/// Pages of one outlet: unrelated stories under the same closing sentence,
/// which reads like prose, so that only the corpus can tell it is template.
fn outlet_pages(n: usize, seed: u64) -> Vec<(String, String)> {
    common::synthetic_corpus(n, seed)
        .into_iter()
        .map(|(id, text)| {
            let page = format!(
                "{text}\n\nReporting by the Daily Planet staff in Metropolis, edited by the \
                 news desk."
            );
            (format!("{id}-{seed}"), page)
        })
        .collect()
}

#[test]
fn a_template_learned_only_across_shards_is_applied_on_merge() {
    // Three pages in one shard and two in the other: the footer reaches the
    // four documents that make a template only when they are merged, and the
    // first shard's documents must then be derived again without it.
    let (left, right) = (outlet_pages(3, 1), outlet_pages(2, 2));
    let mut one = Detector::builder().build().unwrap();
    one.insert_batch(left.iter().chain(&right).cloned())
        .unwrap();
    assert_eq!(one.template_count(), 1);

    let mut a = Detector::builder().build().unwrap();
    a.insert_batch(left.clone()).unwrap();
    let mut b = Detector::builder().build().unwrap();
    b.insert_batch(right.clone()).unwrap();
    assert_eq!((a.template_count(), b.template_count()), (0, 0));
    let before = a.signature(&left[0].0);
    // Through files, as shards built elsewhere would come.
    let mut a = Detector::read_from(&to_bytes(&a)[..]).unwrap();
    let b = Detector::read_from(&to_bytes(&b)[..]).unwrap();
    a.merge(b).unwrap();
    assert_eq!(a.template_count(), 1);
    assert_ne!(a.signature(&left[0].0), before);
    for (id, _) in left.iter().chain(&right) {
        assert_eq!(a.signature(id), one.signature(id), "{id}");
    }
    assert_same_answers(&one, &a);
    // And the learned template survives a round trip.
    let loaded = Detector::read_from(&to_bytes(&a)[..]).unwrap();
    assert_same_answers(&one, &loaded);
    for (id, _) in left.iter().chain(&right) {
        assert_eq!(loaded.signature(id), one.signature(id), "{id}");
    }
}

#[test]
fn save_failure_leaves_the_old_index_and_no_temporary_file() {
    let dir = TempDir::new("index", "atomic");
    let path = dir.join("seeds.idx");
    let det = seeds_detector();
    det.save(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Saving over it with more documents replaces it whole.
    let mut bigger = det.clone();
    bigger
        .insert("extra", "one more document for the index")
        .unwrap();
    bigger.save(&path).unwrap();
    assert_eq!(Detector::load(&path).unwrap().len(), 6);
    det.save(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // The rename cannot replace a directory: the save fails and cleans up.
    let blocked = dir.join("blocked.idx");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep"), b"x").unwrap();
    let err = det.save(&blocked).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("blocked.idx"), "{err}");
    // A missing directory is an error naming the path.
    let err = det.save(dir.join("missing/seeds.idx")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err:?}");
    let mut names: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["blocked.idx", "seeds.idx"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_failing_writer_is_an_io_error() {
    struct Failing(usize);
    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 < buf.len() {
                return Err(std::io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let err = seeds_detector().write_to(Failing(1000)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("disk full"), "{err}");
}

fn load_err(dir: &TempDir, name: &str, bytes: &[u8]) -> reprint::Error {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let err = Detector::load(&path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(name), "message does not name the file: {msg}");
    // Streams give the same kind of error as files (without the path).
    assert_eq!(
        std::mem::discriminant(err.kind()),
        std::mem::discriminant(Detector::read_from(bytes).unwrap_err().kind()),
        "{msg}"
    );
    err
}

#[test]
fn foreign_and_damaged_files_give_errors_that_name_the_problem() {
    let dir = TempDir::new("index", "errors");
    let good = to_bytes(&seeds_detector());

    let err = load_err(
        &dir,
        "text.idx",
        b"Mexican President Andres Manuel Lopez Obrador",
    );
    assert!(matches!(err.kind(), ErrorKind::NotAnIndex { .. }));
    assert!(
        err.to_string().contains("not a reprint index file"),
        "{err}"
    );

    let err = load_err(&dir, "empty.idx", b"");
    assert!(matches!(
        err.kind(),
        ErrorKind::Truncated {
            expected: None,
            found: 0,
            ..
        }
    ));
    assert!(err.to_string().contains("is empty"), "{err}");

    let mut v5 = good.clone();
    v5[8..12].copy_from_slice(&5u32.to_le_bytes());
    common::reseal(&mut v5);
    let err = load_err(&dir, "v5.idx", &v5);
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedVersion { found: 5, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(
            "index was written by format version 5, this build reads 1–4: read it with \
                the newer reprint"
        ),
        "{err}"
    );

    let err = load_err(&dir, "cut.idx", &good[..good.len() / 2]);
    assert!(
        matches!(err.kind(), ErrorKind::Truncated { expected: Some(e), found, .. }
            if *e == good.len() as u64 && *found == good.len() as u64 / 2),
        "{err:?}"
    );
    assert!(err.to_string().contains("truncated"), "{err}");

    let mut flipped = good.clone();
    flipped[good.len() / 3] ^= 0x10;
    let err = load_err(&dir, "flipped.idx", &flipped);
    assert!(
        matches!(err.kind(), ErrorKind::ChecksumMismatch { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("damaged"), "{err}");

    // An intact index with bytes after it: load and read_from agree on
    // refusing it, and say so (issue 16: load reported a checksum mismatch,
    // printing the extra bytes as the checksum, and read_from accepted it).
    let mut longer = good.clone();
    longer.extend_from_slice(b"trailing");
    let err = load_err(&dir, "longer.idx", &longer);
    assert!(
        matches!(err.kind(), ErrorKind::TrailingBytes { expected, found: Some(found), .. }
            if *expected == good.len() as u64 && *found == longer.len() as u64),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&format!(
            "longer.idx: index file has 8 bytes after the end of the index (its header gives \
             {} bytes, the file has {})",
            good.len(),
            longer.len()
        )),
        "{err}"
    );
    let err = Detector::read_from(&longer[..]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::TrailingBytes { found: None, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("more bytes follow the end of the index"),
        "{err}"
    );
    // One byte is enough, and the index is still refused once the extra
    // bytes are damaged data rather than an appended tail.
    let mut one_more = good.clone();
    one_more.push(0);
    assert!(matches!(
        load_err(&dir, "one_more.idx", &one_more).kind(),
        ErrorKind::TrailingBytes { .. }
    ));
    assert!(matches!(
        Detector::read_from(&one_more[..]).unwrap_err().kind(),
        ErrorKind::TrailingBytes { .. }
    ));
    let mut damaged_longer = longer.clone();
    damaged_longer[good.len() / 3] ^= 0x10;
    assert!(matches!(
        load_err(&dir, "damaged_longer.idx", &damaged_longer).kind(),
        ErrorKind::ChecksumMismatch { .. }
    ));
    // A header whose length the writer got wrong, with the checksum at the
    // real end (and none at the header's): the file is intact but inconsistent.
    let mut wrong_length = longer.clone();
    wrong_length[good.len() - 8] ^= 1;
    let body = wrong_length.len() - 8;
    let sum = xxhash_rust::xxh3::xxh3_64(&wrong_length[..body]);
    wrong_length[body..].copy_from_slice(&sum.to_le_bytes());
    // (A stream, read as far as its header says, sees a checksum mismatch.)
    let path = dir.join("wrong_length.idx");
    std::fs::write(&path, &wrong_length).unwrap();
    let err = Detector::load(&path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }), "{err:?}");
    assert!(
        err.to_string().contains("the header gives a length of"),
        "{err}"
    );

    let err = Detector::load(dir.join("missing.idx")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }));
    assert!(err.to_string().contains("missing.idx"), "{err}");
    let err = Detector::load(&dir.0).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err:?}");
}

/// Byte offsets in an index file, from the layout in DESIGN.md.
const CONFIG_AT: usize = 32;
const UNITS_AT: usize = 32 + 119 + 8;
const LINK_LEN: usize = 12;

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize
}

fn put_u32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// Where the fields of one unit start.
#[derive(Clone, Copy)]
struct UnitAt {
    start: usize,
    tokens: usize,
    blocks: usize,
    numbers: usize,
    stories: usize,
    ids: usize,
    end: usize,
}

/// Every unit of a version 4 file, and where the link count is.
fn units(bytes: &[u8]) -> (Vec<UnitAt>, usize) {
    let mut out = Vec::new();
    let mut at = UNITS_AT + 4;
    for _ in 0..u32_at(bytes, UNITS_AT) {
        let tokens = at + 4;
        let blocks = tokens + 4 + 4 * u32_at(bytes, tokens);
        let numbers = blocks + 4 + 12 * u32_at(bytes, blocks);
        let stories = numbers + 4 + 4 * u32_at(bytes, numbers);
        let ids = stories + 1;
        let mut end = ids + 4;
        for _ in 0..u32_at(bytes, ids) {
            end += 4 + u32_at(bytes, end);
        }
        out.push(UnitAt {
            start: at,
            tokens,
            blocks,
            numbers,
            stories,
            ids,
            end,
        });
        at = end;
    }
    (out, at)
}

/// The ids of a unit.
fn unit_ids(bytes: &[u8], u: UnitAt) -> Vec<String> {
    let mut at = u.ids + 4;
    (0..u32_at(bytes, u.ids))
        .map(|_| {
            let len = u32_at(bytes, at);
            let id = String::from_utf8(bytes[at + 4..at + 4 + len].to_vec()).unwrap();
            at += 4 + len;
            id
        })
        .collect()
}

/// A file whose units section is replaced by `parts` (each a unit's bytes)
/// and that has no links.
fn with_units(bytes: &[u8], parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = bytes[..UNITS_AT].to_vec();
    out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
    for p in parts {
        out.extend_from_slice(p);
    }
    out.extend_from_slice(&0u64.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out
}

/// A unit's content bytes followed by the given ids.
fn unit_bytes(bytes: &[u8], u: UnitAt, ids: &[&str]) -> Vec<u8> {
    let mut out = bytes[u.start..u.ids].to_vec();
    out.extend_from_slice(&(ids.len() as u32).to_le_bytes());
    for id in ids {
        out.extend_from_slice(&(id.len() as u32).to_le_bytes());
        out.extend_from_slice(id.as_bytes());
    }
    out
}

/// The bytes of a detector holding `docs`.
fn bytes_of(det: Detector, docs: &[(&str, &str)]) -> Vec<u8> {
    let mut det = det;
    det.insert_batch(docs.iter().map(|&(id, t)| (id.to_string(), t.to_string())))
        .unwrap();
    to_bytes(&det)
}

#[test]
fn inconsistent_content_with_a_valid_checksum_is_a_format_error() {
    let good = to_bytes(&seeds_detector());
    let check_bytes = |mut bytes: Vec<u8>, expect: &str| {
        common::reseal(&mut bytes);
        let err = Detector::read_from(&bytes[..]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Format { .. }), "{err:?}");
        assert!(err.to_string().contains(expect), "{expect:?} not in {err}");
    };
    let check = |edit: &dyn Fn(&mut Vec<u8>), expect: &str| {
        let mut bytes = good.clone();
        edit(&mut bytes);
        check_bytes(bytes, expect);
    };
    let (us, links_at) = units(&good);
    assert_eq!(us.len(), 5);
    // Unit 1's id becomes unit 0's.
    let id0 = unit_ids(&good, us[0]).remove(0);
    check(
        &|b| {
            let at = us[1].ids + 8;
            b[at..at + 3].copy_from_slice(id0.as_bytes());
        },
        &format!("document id {id0:?} appears in two units"),
    );
    check(&|b| b[us[0].ids + 8] = 0xff, "is not UTF-8");
    // 6 is neither of the shingle lengths `auto:4:5` uses.
    check(
        &|b| put_u32(b, us[0].start, 6),
        "unit 0 has shingle length 6",
    );
    check(
        &|b| put_u32(b, us[2].blocks + 4, 0),
        "unit 2 has a block ending at token 0",
    );
    // The last block of unit 3 ends before the last token.
    check(
        &|b| {
            let last = us[3].numbers - 12;
            let end = u32_at(b, last) as u32;
            put_u32(b, last, end - 1);
        },
        "the blocks of unit 3 cover",
    );
    // Swap two number ids of the first unit that has two.
    check(
        &|b| {
            let u = us
                .iter()
                .find(|u| u32_at(b, u.numbers) >= 2)
                .expect("a seed with two numbers");
            let x = u.numbers + 4;
            for i in 0..4 {
                b.swap(x + i, x + 4 + i);
            }
        },
        "not strictly ascending",
    );
    check(&|b| b[CONFIG_AT] = 7, "unknown shingling kind 7");
    check(
        // `num_perm` 64 instead of 128: canonical still (the 32 containment
        // bands fit), but not the configuration the fingerprint was made of.
        &|b| b[CONFIG_AT + 17..CONFIG_AT + 25].copy_from_slice(&64u64.to_le_bytes()),
        "configuration fingerprint",
    );
    // The single link (002, 004) points past the last unit, or backwards.
    let link = links_at + 8;
    assert_eq!(u32_at(&good, links_at), 1);
    check(
        &|b| put_u32(b, link + 4, 9),
        "does not name two units in order (there are 5)",
    );
    check(
        &|b| {
            let (x, y) = (u32_at(b, link) as u32, u32_at(b, link + 4) as u32);
            put_u32(b, link, y);
            put_u32(b, link + 4, x);
        },
        "does not name two units in order",
    );
    // The link repeated.
    check(
        &|b| {
            let l = b[link..link + LINK_LEN].to_vec();
            b.splice(link + LINK_LEN..link + LINK_LEN, l);
            b[links_at] = 2;
        },
        "is out of order or repeated",
    );
    // More shingles in common than a set has.
    check(
        &|b| put_u32(b, link + 8, 1 << 30),
        "has an intersection of 1073741824 shingles, more than the",
    );
    check(
        &|b| {
            let n = b.len();
            b.insert(n - 8, 0);
        },
        "unexpected bytes follow the last link",
    );
    // A unit count far beyond what the file holds is refused before any
    // allocation, and so is an id count.
    check(
        &|b| put_u32(b, UNITS_AT, 4_000_000),
        "4000000 units runs past the end of the file",
    );
    check(
        &|b| put_u32(b, us[4].ids, 4_000_000),
        "the 4000000 ids of unit 4 runs past the end of the file",
    );
    check(&|b| put_u32(b, us[4].ids, 0), "unit 4 has no ids");

    // Units in another order, or one content twice.
    let parts: Vec<Vec<u8>> = us.iter().map(|&u| good[u.start..u.end].to_vec()).collect();
    let swapped = [parts[1].clone(), parts[0].clone()];
    check_bytes(
        with_units(&good, &swapped),
        "unit 1 is out of order (units are sorted by content hash, then content)",
    );
    check_bytes(
        with_units(
            &good,
            &[
                unit_bytes(&good, us[0], &["x"]),
                unit_bytes(&good, us[0], &["y"]),
            ],
        ),
        "units 0 and 1 have the same content",
    );
    // Ids within a unit out of order.
    check_bytes(
        with_units(&good, &[unit_bytes(&good, us[0], &["b", "a"])]),
        "the ids of unit 0 are not strictly ascending (at \"a\")",
    );
    check_bytes(
        with_units(&good, &[unit_bytes(&good, us[0], &["a", "a"])]),
        "the ids of unit 0 are not strictly ascending",
    );
    // And the parts put back as they were load.
    let mut whole = with_units(&good, &parts);
    common::reseal(&mut whole);
    assert_eq!(Detector::read_from(&whole[..]).unwrap().len(), 5);

    // Without verification, a link carries no intersection.
    let text = "the quick brown fox jumps over the lazy dog near the river bank today";
    let noverify = bytes_of(
        Detector::builder().verify(false).build().unwrap(),
        &[("a", text), ("b", &format!("{text}!!! breaking"))],
    );
    let (_, links_at) = units(&noverify);
    assert_eq!(u32_at(&noverify, links_at), 1);
    assert_eq!(u32_at(&noverify, links_at + 16), 0);
    let mut bytes = noverify.clone();
    put_u32(&mut bytes, links_at + 16, 3);
    check_bytes(
        bytes,
        "link (0, 1) has an intersection of 3 but verification is off",
    );
}

#[test]
fn a_stored_non_finite_setting_is_refused() {
    // Issue 16: a file whose configuration has an explicit banding and a NaN
    // lsh_threshold loaded, and the detector then panicked on its own batches.
    let mut det = Detector::builder()
        .lsh_params(16, 8)
        .lsh_threshold(0.3)
        .build()
        .unwrap();
    det.insert("a", "x y z").unwrap();
    let good = to_bytes(&det);
    // The lsh_threshold payload follows its presence flag.
    let at = CONFIG_AT + 67;
    assert_eq!(&good[at..at + 8], &0.3f64.to_bits().to_le_bytes());
    for v in [f64::NAN, f64::INFINITY] {
        let mut bytes = good.clone();
        bytes[at..at + 8].copy_from_slice(&v.to_bits().to_le_bytes());
        common::reseal_config(&mut bytes);
        let err = Detector::read_from(&bytes[..]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Format { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&format!(
                "the stored configuration is invalid: invalid configuration: lsh_threshold \
                 must be a finite number, got {v}"
            )),
            "{err}"
        );
    }
}

#[test]
fn the_file_layout_matches_the_documentation() {
    let det = seeds_detector();
    let bytes = to_bytes(&det);
    assert_eq!(&bytes[..8], b"\x89RPRT\r\n\x1a");
    assert_eq!(&bytes[8..12], &4u32.to_le_bytes());
    assert_eq!(&bytes[12..16], &[0; 4]);
    assert_eq!(&bytes[16..24], &(bytes.len() as u64).to_le_bytes());
    assert_eq!(
        &bytes[24..32],
        &Config::default().fingerprint().to_le_bytes()
    );
    let params = det.lsh_params();
    assert_eq!(u32_at(&bytes, UNITS_AT - 8), params.bands);
    assert_eq!(u32_at(&bytes, UNITS_AT - 4), params.rows);
    assert_eq!(u32_at(&bytes, UNITS_AT), 5);
    let (us, links_at) = units(&bytes);
    // Each seed is a unit of its own, with its one id.
    let mut ids: Vec<String> = us.iter().flat_map(|&u| unit_ids(&bytes, u)).collect();
    let position = |id: &str| ids.iter().position(|i| i == id).unwrap() as u32;
    let (p2, p4) = (position("002"), position("004"));
    ids.sort();
    assert_eq!(ids, ["000", "001", "002", "003", "004"]);
    for u in &us {
        assert_eq!(u32_at(&bytes, u.ids), 1);
        assert!(u32_at(&bytes, u.tokens) > 0);
        // Each seed is a page of one story.
        assert_eq!(bytes[u.stories], 1);
    }
    assert_eq!(&bytes[links_at..links_at + 8], &1u64.to_le_bytes());
    assert_eq!(links_at + 8 + LINK_LEN + 8, bytes.len());
    let link = links_at + 8;
    assert_eq!(
        (u32_at(&bytes, link) as u32, u32_at(&bytes, link + 4) as u32),
        (p2.min(p4), p2.max(p4))
    );
    // The intersection gives back the stored Jaccard similarity.
    let scores = det.compare("002", "004").unwrap();
    let inter = u32_at(&bytes, link + 8) as f64;
    assert!(inter > 0.0);
    let union = inter / scores.jaccard;
    assert!((union - union.round()).abs() < 1e-6, "{inter} / {scores:?}");
    let sum = xxhash_rust::xxh3::xxh3_64(&bytes[..bytes.len() - 8]);
    assert_eq!(&bytes[bytes.len() - 8..], &sum.to_le_bytes());
}

#[test]
fn exact_copies_are_stored_once() {
    let text = common::seed_docs().swap_remove(2).1;
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch((0..50).map(|i| (format!("copy-{i:02}"), text.clone())))
        .unwrap();
    let bytes = to_bytes(&det);
    let (us, _) = units(&bytes);
    assert_eq!(us.len(), 1);
    let ids = unit_ids(&bytes, us[0]);
    assert_eq!(ids.len(), 50);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    // One copy alone takes all but the 49 other ids' bytes.
    let mut one = Detector::builder().build().unwrap();
    one.insert("copy-00", &text).unwrap();
    assert_eq!(bytes.len(), to_bytes(&one).len() + 49 * (4 + 7));
    let loaded = Detector::read_from(&bytes[..]).unwrap();
    assert_same_answers(&det, &loaded);
    assert_eq!(loaded.distinct_len(), 1);
    assert_eq!(loaded.groups()[0].members.len(), 50);
}

/// The documents of a corpus in `order`, inserted in batches cut at `cuts`.
fn build_in_order(docs: &[(String, String)], order: &[usize], cuts: &[usize]) -> Detector {
    let mut det = Detector::builder().build().unwrap();
    let mut start = 0;
    for &end in cuts.iter().chain([&order.len()]) {
        let end = end.clamp(start, order.len());
        det.insert_batch(order[start..end].iter().map(|&i| docs[i].clone()))
            .unwrap();
        start = end;
    }
    det
}

/// A corpus with reprints, exact copies and a template learned from it.
fn mixed_corpus() -> Vec<(String, String)> {
    let mut docs = common::synthetic_corpus(60, 3);
    docs.extend(outlet_pages(6, 4));
    let copied: Vec<(String, String)> = docs
        .iter()
        .step_by(7)
        .map(|(id, text)| (format!("{id}-copy"), text.clone()))
        .collect();
    docs.extend(copied);
    docs
}

#[test]
fn the_file_is_a_function_of_the_set_of_documents() {
    let docs = mixed_corpus();
    let n = docs.len();
    let natural: Vec<usize> = (0..n).collect();
    let reference = to_bytes(&build_in_order(&docs, &natural, &[]));
    let det = Detector::read_from(&reference[..]).unwrap();
    assert!(
        det.distinct_len() < det.len(),
        "the corpus has exact copies"
    );
    assert!(det.template_count() > 0, "the corpus teaches a template");
    assert!(det.groups().len() > 5, "the corpus has reprints");
    let mut rng = common::Rng(9);
    for round in 0..6 {
        let mut order = natural.clone();
        for i in (1..n).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let cuts: Vec<usize> = (0..round).map(|_| rng.below(n as u64) as usize).collect();
        let mut cuts = cuts;
        cuts.sort_unstable();
        let det = build_in_order(&docs, &order, &cuts);
        assert!(to_bytes(&det) == reference, "order {round}");
        // Through a file and a merge of two shards.
        let (left, right) = order.split_at(rng.below(n as u64) as usize);
        let mut a = build_in_order(&docs, left, &[]);
        let b = build_in_order(&docs, right, &[]);
        let mut a_loaded = Detector::read_from(&to_bytes(&a)[..]).unwrap();
        a_loaded
            .merge(Detector::read_from(&to_bytes(&b)[..]).unwrap())
            .unwrap();
        assert!(to_bytes(&a_loaded) == reference, "merge {round}");
        a.merge(b).unwrap();
        assert!(to_bytes(&a) == reference, "merge in memory {round}");
    }
}
