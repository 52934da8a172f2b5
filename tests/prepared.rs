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
        all.append(det.prepare(chunk.iter().cloned())).unwrap();
    }
    assert_eq!(all.len(), docs.len());
    assert!(det.is_empty(), "preparing indexes nothing");
    assert!(det.insert_prepared(all).unwrap().is_empty());
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
    ]))
    .unwrap();
    let rejected = det.insert_prepared(all).unwrap();
    let got: Vec<(usize, &str)> = rejected.iter().map(|r| (r.index, r.id.as_str())).collect();
    assert_eq!(got, [(1, "b"), (3, "a"), (4, "old")]);
    assert!(matches!(
        rejected[0].error.kind(),
        ErrorKind::EmptyDocument { .. }
    ));
    // "a" was prepared in the first chunk; "old" is indexed.
    assert!(matches!(rejected[1].error.kind(), ErrorKind::DuplicateIdInBatch(id) if id == "a"));
    assert!(matches!(rejected[2].error.kind(), ErrorKind::DuplicateId(id) if id == "old"));
    assert_eq!(det.len(), 3);
    assert!(det.contains("a") && det.contains("c"));
}

/// The first record of an id claims it even when it cannot be prepared, so
/// which record is indexed does not depend on where a reader cut its chunks.
#[test]
fn a_rejected_first_record_claims_its_id_in_every_chunking() {
    let docs = [
        ("x", "   "),
        ("y", "A text that can be prepared, the first with its id."),
        ("x", "A later record with the id of a rejected one."),
        ("y", "A later record with the id of an indexed one."),
    ];
    for cut in 0..=docs.len() {
        let mut det = Detector::builder().build().unwrap();
        let mut all = det.prepare(docs[..cut].iter().copied());
        all.append(det.prepare(docs[cut..].iter().copied()))
            .unwrap();
        let rejected = det.insert_prepared(all).unwrap();
        let got: Vec<(usize, &str)> = rejected.iter().map(|r| (r.index, r.id.as_str())).collect();
        assert_eq!(got, [(0, "x"), (2, "x"), (3, "y")], "cut at {cut}");
        assert!(matches!(rejected[1].error.kind(), ErrorKind::DuplicateIdInBatch(id) if id == "x"));
        assert_eq!(det.len(), 1, "cut at {cut}");
        assert!(!det.contains("x"));
    }
}

#[test]
fn an_id_indexed_after_preparing_is_rejected() {
    let mut det = Detector::builder().build().unwrap();
    let batch = det.prepare([("x", "Some text about the weather in the mountains.")]);
    det.insert("x", "Another text with the same id.").unwrap();
    let rejected = det.insert_prepared(batch).unwrap();
    assert_eq!(rejected.len(), 1);
    assert!(matches!(
        rejected[0].error.kind(),
        ErrorKind::DuplicateId(_)
    ));
}

#[test]
fn a_batch_from_another_configuration_is_an_error_not_a_panic() {
    // Issue 16: this panicked, poisoning the lock of a server that shares the
    // detector behind an RwLock.
    let default = Detector::builder().build().unwrap();
    let batch = default.prepare([("x", "Some text about the weather in the mountains.")]);
    let mut seven = Detector::builder().seed(7).build().unwrap();
    seven.insert("y", "An article indexed before.").unwrap();
    let err = seven.insert_prepared(batch).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ConfigMismatch(_)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("seed is 7 here but 0 in the batch); prepare them with this detector"),
        "{err}"
    );
    assert_eq!(seven.len(), 1);
    assert!(!seven.contains("x"));

    // Joining batches of two configurations is refused, and leaves the first
    // batch as it was.
    let mut all = seven.prepare([("z", "A text prepared under seed seven.")]);
    let err = all
        .append(default.prepare([("w", "A text prepared under the default seed.")]))
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ConfigMismatch(_)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("seed is 7 here but 0 in the appended batch"),
        "{err}"
    );
    assert_eq!(all.len(), 1);
    assert!(seven.insert_prepared(all).unwrap().is_empty());
    assert!(seven.contains("z") && !seven.contains("w"));

    // An empty batch takes the configuration of the first one appended to it.
    let mut all = Prepared::default();
    all.append(seven.prepare([("v", "Another text under seed seven.")]))
        .unwrap();
    assert!(default.prepare([("u", "text")]).append(all).is_err());
}
