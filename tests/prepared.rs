//! Preparing documents apart from indexing them gives the same detector as
//! inserting their texts.

use reprint::{Detector, ErrorKind, Prepared};

mod common;

/// The seeds, edited copies of them and a few other texts.
fn corpus() -> Vec<(String, String)> {
    let mut docs = common::seed_docs();
    for (id, text) in common::seed_docs() {
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        let half = paragraphs[..paragraphs.len().div_ceil(2)].join("\n\n");
        docs.push((format!("{id}-cut"), format!("Outlet headline\n\n{half}")));
    }
    docs.push((
        "brief".into(),
        "Markets rose on Friday after strong jobs data.".into(),
    ));
    docs
}

#[test]
fn prepared_in_chunks_equals_inserted_at_once() {
    let docs = corpus();
    let mut reference = Detector::builder().build().unwrap();
    reference.insert_batch(docs.clone()).unwrap();

    let mut det = Detector::builder().build().unwrap();
    let mut all = Prepared::default();
    for chunk in docs.chunks(3) {
        all.append(det.prepare(chunk.iter().cloned()));
    }
    assert_eq!(all.len(), docs.len());
    assert!(det.is_empty(), "preparing indexes nothing");
    assert!(det.insert_prepared(all).is_empty());
    assert_eq!(det.len(), docs.len());
    assert_eq!(det.groups(), reference.groups());
    assert_eq!(det.groups(), reference.groups());
}

#[test]
fn rejections_keep_their_position_across_chunks() {
    let mut det = Detector::builder().build().unwrap();
    det.insert("old", "An article that was indexed before the batch.")
        .unwrap();
    let mut all = det.prepare([("a", "First text of the batch."), ("b", "  ")]);
    all.append(det.prepare([
        ("c", "Third text of the batch."),
        ("a", "The same id again, in another chunk."),
        ("old", "An id that is already indexed."),
    ]));
    let rejected = det.insert_prepared(all);
    let got: Vec<(usize, &str)> = rejected.iter().map(|r| (r.index, r.id.as_str())).collect();
    assert_eq!(got, [(1, "b"), (3, "a"), (4, "old")]);
    assert!(matches!(
        rejected[0].error.kind(),
        ErrorKind::EmptyDocument { .. }
    ));
    assert!(matches!(rejected[1].error.kind(), ErrorKind::DuplicateId(id) if id == "a"));
    assert_eq!(det.len(), 3);
    assert!(det.contains("a") && det.contains("c"));
}

#[test]
fn an_id_indexed_after_preparing_is_rejected() {
    let mut det = Detector::builder().build().unwrap();
    let batch = det.prepare([("x", "Some text about the weather in the mountains.")]);
    det.insert("x", "Another text with the same id.").unwrap();
    let rejected = det.insert_prepared(batch);
    assert_eq!(rejected.len(), 1);
    assert!(matches!(
        rejected[0].error.kind(),
        ErrorKind::DuplicateId(_)
    ));
}

#[test]
#[should_panic(expected = "different configuration")]
fn another_configuration_is_a_caller_bug() {
    let five = Detector::builder().build().unwrap();
    let batch = five.prepare([("x", "Some text about the weather in the mountains.")]);
    let mut seven = Detector::builder().seed(7).build().unwrap();
    seven.insert_prepared(batch);
}
