//! The stages' public inputs may come from untrusted bytes or from a careless
//! engine: every such input gives a result or a clear error, never a panic, a
//! hang or a result that depends on the order of its input.

use proptest::prelude::*;
use reprint::stages::{Content, Signed, Stages, UnitInput};
use reprint::{Config, ErrorKind, Group};

mod common;

use common::{para, text};

fn stages() -> Stages {
    Stages::new(Config::default()).unwrap()
}

/// A story, a near copy of it and an unrelated story, prepared and signed.
/// Contents, their signed units, hashes and ids.
type Three = (Vec<Content>, Vec<Signed>, Vec<u64>, Vec<Vec<String>>);

fn three(stages: &Stages) -> Three {
    let story = text(80, 0..5);
    let texts = [
        story.clone(),
        format!("Headline\n{story}\n{}", para(81, 0)),
        text(82, 0..5),
    ];
    let contents: Vec<Content> = texts.iter().map(|t| stages.prepare(t).unwrap()).collect();
    let templates = stages.templates([]);
    let signed: Vec<Signed> = contents
        .iter()
        .map(|c| stages.sign(c, &templates))
        .collect();
    let hashes: Vec<u64> = contents.iter().map(|c| stages.hash(c)).collect();
    let ids = (0..3).map(|i| vec![format!("doc-{i}")]).collect();
    (contents, signed, hashes, ids)
}

/// [`three`] under the default configuration, prepared once per process.
fn three_once() -> &'static Three {
    static THREE: std::sync::OnceLock<Three> = std::sync::OnceLock::new();
    THREE.get_or_init(|| three(&stages()))
}

fn units<'a>(
    contents: &'a [Content],
    signed: &'a [Signed],
    ids: &'a [Vec<String>],
    which: &[usize],
) -> Vec<UnitInput<'a>> {
    which
        .iter()
        .map(|&i| UnitInput {
            ids: &ids[i],
            content: &contents[i],
            signed: &signed[i],
        })
        .collect()
}

fn invalid(result: reprint::Result<Vec<Group>>) -> String {
    let err = result.expect_err("an error");
    assert!(
        matches!(err.kind(), ErrorKind::InvalidStageInput(_)),
        "{err}"
    );
    err.to_string()
}

#[test]
fn template_counts_near_u64_max_do_not_overflow() {
    let stages = stages();
    let t = stages.templates([(7, u64::MAX), (7, u64::MAX), (9, 1)]);
    assert_eq!(t.keys(), [7]);
}

#[test]
fn a_signed_unit_from_another_configuration_is_refused() {
    let stages = stages();
    let (contents, signed, hashes, ids) = three(&stages);
    let mut small = Config::default();
    small.num_perm = 64;
    let small = Stages::new(small).unwrap();
    let alien = small.sign(&contents[1], &small.templates([]));
    let err = stages
        .verify((&contents[0], &signed[0]), (&contents[1], &alien))
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidStageInput(_)),
        "{err}"
    );
    let signed = [signed[0].clone(), alien];
    let input = units(&contents, &signed, &ids, &[0, 1]);
    invalid(stages.group_component(&input, &[(hashes[0], hashes[1], 100)]));

    // Same length of signature, another seed: refused too.
    let mut seeded = Config::default();
    seeded.seed ^= 1;
    let seeded = Stages::new(seeded).unwrap();
    let alien = seeded.sign(&contents[1], &seeded.templates([]));
    assert!(stages
        .verify((&contents[0], &signed[0]), (&contents[1], &alien))
        .is_err());
    // And through the byte form, where it meets the content.
    let read = Signed::from_bytes(&stages, &alien.to_bytes()).unwrap();
    assert!(stages
        .verify((&contents[0], &signed[0]), (&contents[1], &read))
        .is_err());
}

#[test]
fn a_signed_unit_of_another_content_is_refused() {
    let stages = stages();
    let (contents, signed, hashes, ids) = three(&stages);
    // The near copy's content with the unrelated story's signature.
    let swapped = [signed[0].clone(), signed[2].clone()];
    assert!(stages
        .verify((&contents[0], &swapped[0]), (&contents[1], &swapped[1]))
        .is_err());
    let input = units(&contents, &swapped, &ids, &[0, 1]);
    invalid(stages.group_component(&input, &[(hashes[0], hashes[1], 10)]));
}

#[test]
fn intersections_larger_than_a_set_are_refused() {
    let stages = stages();
    let (contents, signed, hashes, ids) = three(&stages);
    let input = units(&contents, &signed, &ids, &[0, 1]);
    let smaller = signed[0].len().min(signed[1].len());
    for inter in [smaller + 1, u32::MAX] {
        invalid(stages.group_component(&input, &[(hashes[0], hashes[1], inter)]));
    }
    let inter = stages
        .verify((&contents[0], &signed[0]), (&contents[1], &signed[1]))
        .unwrap()
        .expect("near copies");
    assert!(inter <= smaller);
    let groups = stages
        .group_component(&input, &[(hashes[0], hashes[1], inter)])
        .unwrap();
    assert_eq!(groups.len(), 1);
}

#[test]
fn a_link_given_twice_with_different_intersections_is_refused() {
    let stages = stages();
    let (contents, signed, hashes, ids) = three(&stages);
    let input = units(&contents, &signed, &ids, &[0, 1]);
    let inter = stages
        .verify((&contents[0], &signed[0]), (&contents[1], &signed[1]))
        .unwrap()
        .unwrap();
    let (a, b) = (hashes[0], hashes[1]);
    // The same link twice, in both orientations, is one link.
    let once = stages.group_component(&input, &[(a, b, inter)]).unwrap();
    let twice = stages
        .group_component(&input, &[(b, a, inter), (a, b, inter)])
        .unwrap();
    assert_eq!(once, twice);
    // Two intersections for one pair: which one counts would depend on the
    // order of the links.
    for links in [
        [(a, b, inter), (b, a, inter - 1)],
        [(b, a, inter - 1), (a, b, inter)],
    ] {
        invalid(stages.group_component(&input, &links));
    }
}

#[test]
fn an_id_in_two_units_is_refused() {
    let stages = stages();
    let (contents, signed, hashes, _) = three(&stages);
    let ids = vec![
        vec!["same".to_string()],
        vec!["same".to_string(), "other".to_string()],
        vec!["x".to_string(), "x".to_string()],
    ];
    let input = units(&contents, &signed, &ids, &[0, 1]);
    invalid(stages.group_component(&input, &[(hashes[0], hashes[1], 10)]));
    // Twice in one unit.
    let input = units(&contents, &signed, &ids, &[2]);
    invalid(stages.group_component(&input, &[]));
}

#[test]
fn an_empty_component_has_no_group() {
    let stages = stages();
    assert!(stages.group_component(&[], &[]).unwrap().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if std::env::var_os("REPRINT_LONG_TESTS").is_some() { 512 } else { 48 },
        ..ProptestConfig::default()
    })]

    /// Damaged byte forms are an error or a value, never a panic, and a
    /// content read from any bytes can be signed, verified and grouped.
    #[test]
    fn any_bytes_read_as_content_or_signed_are_safe(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
    ) {
        let stages = stages();
        let _ = Content::from_bytes(&stages, &bytes);
        let _ = Signed::from_bytes(&stages, &bytes);
        let (contents, signed, hashes, ids) = three_once();
        let mut c = contents[0].to_bytes();
        let mut s = signed[0].to_bytes();
        for &(at, x) in &flips {
            let n = c.len();
            c[at % n] ^= x;
            let n = s.len();
            s[at % n] ^= x;
        }
        if let Ok(content) = Content::from_bytes(&stages, &c) {
            let signed_here = stages.sign(&content, &stages.templates([]));
            let _ = stages.verify((&content, &signed_here), (&contents[1], &signed[1]));
            let all = [content, contents[1].clone()];
            let sig = [signed_here, signed[1].clone()];
            let input = units(&all, &sig, ids, &[0, 1]);
            let h = stages.hash(&all[0]);
            let _ = stages.group_component(&input, &[(h, hashes[1], 5)]);
        }
        if let Ok(read) = Signed::from_bytes(&stages, &s) {
            let _ = stages.verify((&contents[0], &read), (&contents[1], &signed[1]));
        }
    }

    /// Pre-tokenized text of any tokens is a content or an error.
    #[test]
    fn any_tokens_are_safe(tokens in proptest::collection::vec(".{0,6}", 0..40)) {
        let stages = stages();
        if let Ok(content) = stages.prepare_tokens(&tokens) {
            let signed = stages.sign(&content, &stages.templates([]));
            prop_assert!(!signed.is_empty());
            let back = Content::from_bytes(&stages, &content.to_bytes()).unwrap();
            prop_assert_eq!(back, content);
        }
    }
}
