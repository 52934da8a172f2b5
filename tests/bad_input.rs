//! Bad input gives clear errors, never a panic or silent loss.

use std::process::Command;

use reprint::{Detector, ErrorKind};

mod common;

#[test]
fn empty_and_whitespace_documents_are_errors() {
    let mut det = Detector::builder().build().unwrap();
    for text in ["", "   \n\t  ", "!!! ... ---", "\u{200B}\u{FEFF}"] {
        let err = det.insert("x", text).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::EmptyDocument { id: Some(id) } if id == "x"),
            "{err:?}"
        );
        assert!(err.to_string().contains("\"x\""), "{err}");
        assert!(det.query(text).is_err());
    }
    assert!(det.is_empty());
    // Two empty documents are never matched with each other.
    let rejected = det.insert_batch_lenient([("a", ""), ("b", " "), ("c", "real words here")]);
    assert_eq!(rejected.len(), 2);
    assert_eq!(det.len(), 1);
    assert!(det.groups().is_empty());
}

#[test]
fn tiny_documents_get_signatures() {
    let mut det = Detector::builder().build().unwrap();
    det.insert("one", "Assange").unwrap();
    det.insert("two", "assange!").unwrap();
    det.insert("three", "Obrador").unwrap();
    let groups = det.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["one", "two"]);
}

#[test]
fn duplicate_ids_are_errors() {
    let mut det = Detector::builder().build().unwrap();
    det.insert("a", "some text about a thing").unwrap();
    let err = det.insert("a", "other text").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::DuplicateId(id) if id == "a"));
    assert!(err.to_string().contains("already indexed"), "{err}");
    // A batch with a duplicate is rejected whole, with an error of its own:
    // nothing was indexed under that id (issue 16).
    let err = det
        .insert_batch([("b", "text one two three"), ("b", "text four five six")])
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DuplicateIdInBatch(id) if id == "b"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "id \"b\" is given to more than one document of the batch; \
         give every document its own id"
    );
    assert_eq!(det.len(), 1);
    // The lenient batch keeps the first and reports the second.
    let rejected =
        det.insert_batch_lenient([("b", "text one two three"), ("b", "x y z"), ("a", "q")]);
    assert_eq!(rejected.iter().map(|r| r.index).collect::<Vec<_>>(), [1, 2]);
    assert!(matches!(rejected[0].error.kind(), ErrorKind::DuplicateIdInBatch(id) if id == "b"));
    assert!(matches!(rejected[1].error.kind(), ErrorKind::DuplicateId(id) if id == "a"));
    assert_eq!(det.len(), 2);
    // After removal the id can be used again.
    det.remove("a").unwrap();
    det.insert("a", "new text").unwrap();
    assert!(matches!(
        det.remove("zz").unwrap_err().kind(),
        ErrorKind::UnknownId(_)
    ));
}

#[test]
fn ten_megabyte_document() {
    // 10 MB of varied text; one copy with a header must still match it.
    let mut text = String::with_capacity(10 << 20);
    let mut x: u64 = 1;
    while text.len() < 10 << 20 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(&format!("w{} ", (x >> 40) % 50_000));
    }
    let mut det = Detector::builder().build().unwrap();
    det.insert("big", &text).unwrap();
    let copy = format!("A new headline\n{text}");
    let m = det.query(&copy).unwrap();
    assert_eq!(m.len(), 1);
    assert!(m[0].scores.jaccard > 0.99);
    // Over the configured limit: a clear error.
    let mut small = Detector::builder()
        .max_document_bytes(1 << 20)
        .build()
        .unwrap();
    let err = small.insert("big", &text).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DocumentTooLarge { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("max_document_bytes"));
}

#[test]
fn invalid_config_is_an_error() {
    assert!(Detector::builder().num_perm(0).build().is_err());
    assert!(Detector::builder().threshold(1.5).build().is_err());
    assert!(Detector::builder().threshold(f64::NAN).build().is_err());
    assert!(Detector::builder().lsh_params(64, 4).build().is_err());
    for overlap in [f64::NAN, -0.1, 1.5] {
        let mut config = reprint::Config::default();
        config.min_number_overlap = overlap;
        let err = Detector::new(config).unwrap_err();
        assert!(err.to_string().contains("min_number_overlap"), "{err}");
    }
    for overlap in [0.0, 1.0] {
        let mut config = reprint::Config::default();
        config.min_number_overlap = overlap;
        assert!(Detector::new(config).is_ok());
    }
    assert!(Detector::builder()
        .shingle(reprint::Shingling::Words(0))
        .build()
        .is_err());
}

#[test]
fn non_finite_settings_are_errors_even_when_unused() {
    // Issue 16: with an explicit banding, lsh_threshold is unused, and a NaN
    // there was accepted; the detector then refused its own prepared batches
    // (NaN != NaN) by panicking.
    let err = Detector::builder()
        .lsh_params(16, 8)
        .lsh_threshold(f64::NAN)
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidConfig(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("lsh_threshold must be a finite number, got NaN"),
        "{err}"
    );
    type Set = fn(&mut reprint::Config, f64);
    let fields: [(&str, Set); 4] = [
        ("threshold", |c, v| c.threshold = v),
        ("containment", |c, v| c.containment = v),
        ("min_number_overlap", |c, v| c.min_number_overlap = v),
        ("lsh_threshold", |c, v| c.lsh_threshold = Some(v)),
    ];
    for (name, set) in fields {
        for explicit_banding in [false, true] {
            for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                let mut config = reprint::Config::default();
                if explicit_banding {
                    config.lsh = Some(reprint::LshParams { bands: 16, rows: 8 });
                }
                set(&mut config, v);
                let err = Detector::new(config).unwrap_err();
                assert!(
                    err.to_string()
                        .contains(&format!("{name} must be a finite number, got {v}")),
                    "{name} = {v}: {err}"
                );
            }
        }
    }
}

#[test]
fn binary_reports_bad_files_and_lines_and_goes_on() {
    let dir = std::env::temp_dir().join(format!("reprint-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::write(dir.join("bad.txt"), b"caf\xe9 latin-1 bytes").unwrap();
    std::fs::write(dir.join("empty.txt"), b"   \n").unwrap();
    let a = std::fs::read_to_string(seeds.join("004_b62c5577e6212a29.txt")).unwrap();
    let jsonl = format!(
        "{}\n{{not json\n{}\n{}\n",
        serde_json::json!({"id": "x1", "text": a}),
        serde_json::json!({"id": "x2"}),
        serde_json::json!({"id": 3, "text": format!("Reprinted:\n{a}")}),
    );
    std::fs::write(dir.join("docs.jsonl"), jsonl).unwrap();
    let out = Command::new(common::dedup_binary())
        .arg(dir.join("bad.txt"))
        .arg(dir.join("empty.txt"))
        .arg(dir.join("missing.txt"))
        .arg("--jsonl")
        .arg(dir.join("docs.jsonl"))
        .arg("--json")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("bad.txt: invalid UTF-8 at byte 3"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("missing.txt"), "{stderr}");
    assert!(stderr.contains("docs.jsonl:2:"), "{stderr}");
    assert!(
        stderr.contains("docs.jsonl:3: missing field \"text\""),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 2);
    let ids: Vec<&str> = v["groups"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["3", "x1"]);
    std::fs::remove_dir_all(&dir).ok();
}
