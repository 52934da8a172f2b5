//! Times preparation alone — boilerplate removal, normalization and
//! tokenization, [`Detector::prepare`] — on the pages of a JSONL file, read
//! into memory first and not timed.
//!
//! ```text
//! cargo run --release --example bench_prepare -- target/peers/corpus.jsonl
//! cargo run --release --example bench_prepare -- FILE --docs 30000 --reps 5 --threads 1
//! ```
//!
//! Prints the minimum and median time of `--reps` runs and the rate at the
//! minimum. Preparation is most of the time `dedup` takes, and this isolates
//! it from reading, indexing and grouping; BENCHMARKS.md compares builds with
//! it, alternating them in one session. It checks that every page was
//! prepared, so a broken path cannot look fast.

use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use reprint::{Detector, Shingling};

/// Times `Detector::prepare` on the pages of a JSONL file.
#[derive(Parser)]
struct Args {
    /// JSONL file, one `{"text": ...}` object per line.
    file: PathBuf,
    /// Pages to read from the start of the file.
    #[arg(long, default_value_t = 30_000)]
    docs: usize,
    /// Timed runs.
    #[arg(long, default_value_t = 5)]
    reps: usize,
    /// Threads (0: all).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Shingling, as `dedup --shingle` takes it.
    #[arg(long, default_value = "words:5")]
    shingle: Shingling,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let file = std::io::BufReader::new(std::fs::File::open(&args.file)?);
    let mut docs: Vec<(String, String)> = Vec::new();
    for (i, line) in file.lines().take(args.docs).enumerate() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let text = value["text"]
            .as_str()
            .ok_or_else(|| format!("line {}: no \"text\" string", i + 1))?;
        docs.push((i.to_string(), text.to_string()));
    }
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let detector = Detector::builder().shingle(args.shingle).build()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()?;
    let mut times = Vec::with_capacity(args.reps);
    for _ in 0..args.reps.max(1) {
        let start = Instant::now();
        let prepared =
            pool.install(|| detector.prepare(docs.iter().map(|(i, t)| (i.as_str(), t.as_str()))));
        times.push(start.elapsed().as_secs_f64());
        assert_eq!(
            prepared.len(),
            docs.len(),
            "every page is prepared (none of these is empty)"
        );
    }
    times.sort_by(f64::total_cmp);
    println!(
        "prepare, {} pages ({:.1} MB), {} thread(s): min {:.3} s, median {:.3} s, {:.1} MB/s at the min",
        docs.len(),
        bytes as f64 / 1e6,
        pool.current_num_threads(),
        times[0],
        times[times.len() / 2],
        bytes as f64 / 1e6 / times[0]
    );
    Ok(())
}
