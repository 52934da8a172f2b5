//! Feeds arbitrary bytes to the index file loader, which must return an error
//! or a working detector, never panic.
//!
//! The first byte chooses how the rest is used:
//!
//! * as it is (`mode & 3 == 0`), which mostly exercises the header checks and
//!   the checksum;
//! * resealed (`1`): the header's length field and the footer checksum are
//!   recomputed, so that the fuzzer reaches the structural checks of the
//!   documents and pairs;
//! * resealed with the configuration (`2`, `3`): the header's configuration
//!   fingerprint is recomputed from the stored configuration first, so that
//!   mutated configurations reach decoding and validation instead of stopping
//!   at the fingerprint.
//!
//! Inputs in either format version the loader reads reach it (the seeds in
//! `fuzz/seeds/load/` hold both: `v1-*.idx` and `v2-*.idx`, each behind a mode
//! byte of 1).
//!
//! A detector that loads must work: it answers, takes a new document through
//! `prepare` and `insert_prepared` and through a merge (both compare
//! configurations), and saves to bytes that load back the same and that
//! saving again reproduces (the written file is a function of the state).
//!
//! ```text
//! cargo install cargo-fuzz
//! RUSTC_BOOTSTRAP=1 cargo fuzz run load -- -max_total_time=60
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::Detector;
use xxhash_rust::xxh3::xxh3_64;

/// Where the configuration fingerprint and the canonical configuration sit in
/// the header (DESIGN.md).
const FINGERPRINT_AT: usize = 24;
const CONFIG_AT: usize = 32;
const CONFIG_LEN: usize = 111;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = rest.to_vec();
    if mode & 2 == 2 && bytes.len() >= CONFIG_AT + CONFIG_LEN {
        let fingerprint = xxh3_64(&bytes[CONFIG_AT..CONFIG_AT + CONFIG_LEN]);
        bytes[FINGERPRINT_AT..FINGERPRINT_AT + 8].copy_from_slice(&fingerprint.to_le_bytes());
    }
    if mode & 3 != 0 && bytes.len() >= 40 {
        let len = bytes.len() as u64;
        bytes[16..24].copy_from_slice(&len.to_le_bytes());
        let body = bytes.len() - 8;
        let sum = xxh3_64(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
    }
    if let Ok(mut det) = Detector::read_from(&bytes[..]) {
        let groups = det.groups();
        let _ = det.query("the quick brown fox jumps over the lazy dog");
        let mut out = Vec::new();
        det.write_to(&mut out).expect("writing to memory");
        let again = Detector::read_from(&out[..]).expect("a saved index loads");
        assert_eq!(groups, again.groups());
        let mut twice = Vec::new();
        again.write_to(&mut twice).expect("writing to memory");
        assert!(out == twice, "a loaded index saves to other bytes");

        // The loaded configuration must accept its own batches and shards.
        let text = "a new document about the quick brown fox";
        let batch = det.prepare([("fuzz-new", text)]);
        det.insert_prepared(batch)
            .expect("a detector indexes what it prepared");
        let empty = Detector::new(det.config().clone()).expect("a loaded configuration is valid");
        let _ = det.merge(empty);
    }
});
