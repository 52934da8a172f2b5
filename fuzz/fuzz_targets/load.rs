//! Feeds arbitrary bytes to the index file loader, which must return an error
//! or a working detector, never panic.
//!
//! Half of the inputs are used as they are, which mostly exercises the header
//! checks and the checksum. The other half are resealed first: the header's
//! length field and the footer checksum are recomputed, so that the fuzzer
//! reaches the structural checks of the configuration, documents and pairs.
//!
//! ```text
//! cargo install cargo-fuzz
//! RUSTC_BOOTSTRAP=1 cargo fuzz run load -- -max_total_time=60
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::Detector;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = rest.to_vec();
    if mode & 1 == 1 && bytes.len() >= 40 {
        let len = bytes.len() as u64;
        bytes[16..24].copy_from_slice(&len.to_le_bytes());
        let body = bytes.len() - 8;
        let sum = xxhash_rust::xxh3::xxh3_64(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
    }
    if let Ok(det) = Detector::read_from(&bytes[..]) {
        // Whatever loads must work and save to bytes that load back the same.
        let groups = det.groups();
        let _ = det.query("the quick brown fox jumps over the lazy dog");
        let mut out = Vec::new();
        det.write_to(&mut out).expect("writing to memory");
        let again = Detector::read_from(&out[..]).expect("a saved index loads");
        assert_eq!(groups, again.groups());
    }
});
