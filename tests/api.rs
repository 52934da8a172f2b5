//! The public types' manners: short `Debug` forms, error messages that say
//! each cause once.

use std::error::Error as _;

use reprint::{Detector, ErrorKind, LshIndex, LshParams, MinHasher, Scheme};

mod common;

#[test]
fn debug_forms_are_summaries() {
    // Issue 16: the derived Debug of a 600-document detector was 7.7 MB.
    let docs = common::synthetic_corpus(600, 3);
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs.clone()).unwrap();
    let debug = format!("{det:?}");
    assert!(debug.len() < 1000, "{} bytes: {debug}", debug.len());
    assert!(
        debug.starts_with("Detector { documents: 600, distinct_contents: "),
        "{debug}"
    );
    assert!(debug.contains("config: Config { shingle: "), "{debug}");
    assert!(debug.contains(&format!(
        "banding: {}×{}",
        det.lsh_params().bands,
        det.lsh_params().rows
    )));

    let batch = det.prepare(
        docs.iter()
            .map(|(id, text)| (format!("{id}-again"), text.as_str()))
            .chain([("empty".to_string(), "")]),
    );
    let debug = format!("{batch:?}");
    assert!(
        debug.starts_with("Prepared { documents: 600, rejected: 1, "),
        "{debug}"
    );
    assert!(debug.len() < 200, "{debug}");

    let hasher = MinHasher::new(4096, 7, Scheme::OnePermutation);
    assert_eq!(
        format!("{hasher:?}"),
        "MinHasher { k: 4096, seed: 7, scheme: OnePermutation }"
    );
    let mut lsh = LshIndex::new(LshParams { bands: 2, rows: 4 }, 0);
    for d in 0..100 {
        lsh.insert(d, &reprint::Signature::from_values((d..d + 8).collect()));
    }
    assert_eq!(
        format!("{lsh:?}"),
        "LshIndex { params: LshParams { bands: 2, rows: 4 }, containment_bands: 0, seed: 0, documents: 100 }"
    );
}

#[test]
fn error_kinds_display_as_their_errors() {
    let mut det = Detector::builder().build().unwrap();
    det.insert("a", "some words here").unwrap();
    let errors = [
        det.insert("a", "other words").unwrap_err(),
        det.insert("b", "  ").unwrap_err(),
        Detector::builder().num_perm(0).build().unwrap_err(),
        Detector::read_from(&b"not an index"[..]).unwrap_err(),
    ];
    for err in errors {
        assert!(!err.kind().to_string().is_empty());
        assert_eq!(err.kind().to_string(), err.to_string());
    }
}

/// The message a report that walks the chain of sources prints (as
/// `anyhow`'s `{:#}` does).
fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[test]
fn an_io_error_is_printed_once_in_a_chain() {
    // Issue 16: Display included the io::Error and source() returned it too.
    let dir = common::TempDir::new("api", "io-chain");
    let err = Detector::load(dir.join("missing.idx")).unwrap_err();
    let ErrorKind::Io { source, .. } = err.kind() else {
        panic!("{err:?}");
    };
    let cause = source.to_string();
    let report = chain(&err);
    assert_eq!(report.matches(&cause).count(), 1, "{report}");
    assert!(report.contains("missing.idx"), "{report}");
    assert!(err.source().is_none());
}
