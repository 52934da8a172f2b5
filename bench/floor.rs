//! The floor under any reprint finder on a JSONL corpus: how long the bare
//! minimum of the job takes on this machine, with nothing of reprint in it.
//!
//! ```text
//! cargo bench -p reprint-bench --bench floor                          # target/peers/corpus.jsonl
//! cargo bench -p reprint-bench --bench floor -- path/to/corpus.jsonl
//! ```
//!
//! A relative path is taken from the repository root, as for the other
//! commands, although `cargo bench` runs this from `bench/`.
//!
//! The bare pipeline reads the file, parses each line as JSON, lowercases the
//! text (ASCII only), splits it on whitespace, hashes each word with XXH3,
//! hashes each run of five word hashes, and keeps a 128-value one-permutation
//! MinHash signature per page, without densification. It has no boilerplate
//! removal, no Unicode normalization or word boundaries, no LSH index, no
//! verification, no grouping and no output: each is work that `dedup` does on
//! top of this. The time it takes is a lower bound for `dedup` on the same
//! file, and it tells how far a speed target against another tool can be met
//! at all (see BENCHMARKS.md). It prints the median of three runs with all
//! threads and with one.

use std::io::Read;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The one field read from each line; the others are skipped by the parser.
#[derive(serde::Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
}

const NUM_PERM: usize = 128;
const SHINGLE_WORDS: usize = 5;

/// The bare pipeline on one file: times to read it and in all, and the
/// signatures.
fn run(path: &str) -> (Duration, Duration, Vec<[u32; NUM_PERM]>) {
    let start = Instant::now();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .unwrap_or_else(|e| panic!("floor: cannot read {path}: {e}"));
    let read = start.elapsed();
    let lines: Vec<&[u8]> = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .collect();
    let signatures = lines
        .par_iter()
        .map_init(
            || (String::new(), Vec::new()),
            |(text, words), line| {
                let parsed: Line = serde_json::from_slice(line).expect("a JSON object with a text");
                text.clear();
                text.push_str(&parsed.text);
                text.make_ascii_lowercase();
                words.clear();
                words.extend(
                    text.split_ascii_whitespace()
                        .map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())),
                );
                let mut signature = [u32::MAX; NUM_PERM];
                for shingle in words.windows(SHINGLE_WORDS) {
                    let mut h = 0x9E37_79B9_7F4A_7C15_u64;
                    for &w in shingle {
                        h = (h ^ w).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
                    }
                    h ^= h >> 29;
                    let bin = (h >> 57) as usize;
                    signature[bin] = signature[bin].min(h as u32);
                }
                signature
            },
        )
        .collect();
    (read, start.elapsed(), signatures)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` runs this from bench/; paths are the repository root's.
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .expect("the repository root");
    // `cargo bench` passes `--bench`; the first other argument is the file.
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "target/peers/corpus.jsonl".to_string());
    if !std::path::Path::new(&path).is_file() {
        eprintln!(
            "floor: no corpus at {path}; generate one with benches/peers/run.sh or pass a JSONL file"
        );
        std::process::exit(2);
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!("bare pipeline on {path} ({:.1} MB)", size as f64 / 1e6);
    for threads in [rayon::current_num_threads(), 1] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let (mut reads, mut totals) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            let (read, total, signatures) = pool.install(|| run(&path));
            // Every page has a signature, and a page of five words or more
            // has a value in some bin.
            assert!(!signatures.is_empty(), "floor: no pages in {path}");
            assert!(signatures.iter().any(|s| s.iter().any(|&v| v != u32::MAX)));
            reads.push(read);
            totals.push(total);
        }
        let total = median(totals);
        println!(
            "{threads} thread(s): {:.3} s in all (reading the file {:.3} s), {:.0} MB/s; median of 3",
            total.as_secs_f64(),
            median(reads).as_secs_f64(),
            size as f64 / 1e6 / total.as_secs_f64(),
        );
    }
}
