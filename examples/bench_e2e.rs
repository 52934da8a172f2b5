//! End-to-end benchmark: generates a corpus of news pages and runs the whole
//! pipeline on it with one thread and with all threads.
//!
//! ```text
//! cargo run --release --example bench_e2e                     # 100k pages, ~150 MB
//! cargo run --release --example bench_e2e -- --docs 1000000
//! cargo run --release --example bench_e2e -- --write-jsonl corpus.jsonl   # for benches/peers
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use rayon::prelude::*;
use reprint::Detector;

#[path = "../benches/corpus/mod.rs"]
mod corpus;

/// Counts live heap bytes, so the index's size can be measured exactly.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments and only
// adds bookkeeping on an atomic counter.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            LIVE.fetch_add(new_size, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[derive(Parser, Debug)]
#[command(about = "End-to-end benchmark of reprint on a generated corpus")]
struct Args {
    /// Number of pages to generate.
    #[arg(long, default_value_t = 100_000)]
    docs: usize,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Thread counts to run with, comma-separated; 0 means all cores.
    #[arg(long, default_value = "1,0", value_delimiter = ',')]
    threads: Vec<usize>,
    /// Write the corpus as JSONL ({"id", "text", "story"} per line) to this file
    /// and exit.
    #[arg(long, value_name = "FILE")]
    write_jsonl: Option<std::path::PathBuf>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let t = Instant::now();
    let plan = corpus::Corpus::new(args.docs, args.seed);
    let docs: Vec<corpus::Doc> = (0..plan.len())
        .into_par_iter()
        .map(|i| plan.doc(i))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!(
        "generated {} pages, {:.1} MB, in {:.1} s",
        docs.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    if let Some(path) = &args.write_jsonl {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for d in &docs {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"id": d.id, "text": d.text, "story": d.story}),
            )?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        eprintln!("wrote {}", path.display());
        return Ok(());
    }

    println!(
        "machine: {} threads available; corpus: {} pages, {:.1} MB",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        docs.len(),
        bytes as f64 / 1e6
    );
    for &threads in &args.threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let n = pool.current_num_threads();
        let report = pool.install(|| run(&docs))?;
        report.print(n, docs.len(), bytes);
    }
    Ok(())
}

struct Report {
    insert: Duration,
    groups: Duration,
    index_bytes: usize,
    groups_found: usize,
    grouped_docs: usize,
    peak_rss_kb: Option<u64>,
}

fn run(docs: &[corpus::Doc]) -> Result<Report, reprint::Error> {
    reset_peak_rss();
    let before = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let mut det = Detector::builder().build()?;
    det.insert_batch(docs.iter().map(|d| (d.id.as_str(), d.text.as_str())))?;
    let insert = t.elapsed();
    let index_bytes = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    let t = Instant::now();
    let groups = det.groups();
    let group_time = t.elapsed();
    Ok(Report {
        insert,
        groups: group_time,
        index_bytes,
        groups_found: groups.len(),
        grouped_docs: groups.iter().map(|g| g.members.len()).sum(),
        peak_rss_kb: peak_rss_kb(),
    })
}

impl Report {
    fn print(&self, threads: usize, docs: usize, bytes: usize) {
        let total = self.insert + self.groups;
        let line = |name: &str, d: Duration| {
            let s = d.as_secs_f64();
            println!(
                "  {name:<22} {s:8.3} s {:9.1} MB/s {:11.0} docs/s",
                bytes as f64 / 1e6 / s,
                docs as f64 / s
            );
        };
        println!("threads: {threads}");
        line("insert_batch", self.insert);
        line("groups", self.groups);
        line("total", total);
        println!(
            "  index: {:.1} MB, {:.0} bytes per document; peak RSS {}",
            self.index_bytes as f64 / 1e6,
            self.index_bytes as f64 / docs as f64,
            self.peak_rss_kb.map_or("n/a".to_string(), |kb| format!(
                "{:.0} MB",
                kb as f64 / 1024.0
            ))
        );
        println!(
            "  groups: {} covering {} documents",
            self.groups_found, self.grouped_docs
        );
    }
}

/// Resets the kernel's peak-RSS counter (VmHWM) for this process, where allowed.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// VmHWM from /proc/self/status, in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
