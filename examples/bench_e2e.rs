//! End-to-end benchmark: generates a labelled corpus of news pages with the
//! synthetic generator in `benches/synth/` and runs the whole pipeline on it,
//! with one thread and with all threads, stage by stage.
//!
//! ```text
//! cargo run --release --example bench_e2e                      # 100k pages
//! cargo run --release --example bench_e2e -- --docs 1000000 --threads 0
//! cargo run --release --example bench_e2e -- --lang mixed --boilerplate light
//! ```
//!
//! Stages, timed separately (the corpus is generated beforehand and is not
//! timed):
//!
//! * **prepare**: [`Detector::prepare`] on chunks of pages: boilerplate removal,
//!   normalization, tokenization;
//! * **index**: [`Detector::insert_prepared`]: template learning, shingles and
//!   signatures, LSH insertion, candidate pairs and their verification;
//! * **groups**: [`Detector::groups`].
//!
//! For each run it prints MB/s and pages/s per stage and in total, the CPU time
//! (user + system, all threads) per stage and in total, the peak resident memory (VmHWM), the heap bytes
//! the index holds per page (counted by a global allocator), and pair precision
//! and recall against the generator's story labels, which also guard against a
//! broken path looking fast.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use rayon::prelude::*;
use reprint::{Config, Detector, Prepared, Shingling};

#[path = "../benches/synth/mod.rs"]
mod synth;

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
#[command(about = "End-to-end benchmark of reprint on a generated news corpus")]
struct Args {
    /// Number of pages to generate.
    #[arg(long, default_value_t = 100_000)]
    docs: usize,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Page boilerplate: none, light or heavy.
    #[arg(long, default_value = "heavy")]
    boilerplate: synth::Boilerplate,
    /// Copy noise (OCR errors, mojibake, reflow): none, light or heavy.
    #[arg(long, default_value = "light")]
    noise: synth::Noise,
    /// Languages: en, or mixed (with Chinese and Arabic stories).
    #[arg(long, default_value = "en")]
    lang: synth::Lang,
    /// Thread counts to run with, comma-separated; 0 means all cores.
    #[arg(long, default_value = "1,0", value_delimiter = ',')]
    threads: Vec<usize>,
    /// Pages per call to `Detector::prepare`.
    #[arg(long, default_value_t = 10_000)]
    chunk: usize,
    /// Shingles: words:N, chars:N or auto:N:M (default: the library's).
    #[arg(long)]
    shingle: Option<Shingling>,
    /// Jaccard similarity that makes two pages reprints (default: the library's).
    #[arg(long)]
    threshold: Option<f64>,
    /// Containment that makes two pages reprints (default: the library's).
    #[arg(long)]
    containment: Option<f64>,
    /// Jaccard similarity the LSH banding is tuned for (default: derived from the
    /// threshold and containment).
    #[arg(long)]
    lsh_threshold: Option<f64>,
    /// Single-value LSH bands for short copies inside long pages (default:
    /// the library's; 0 turns them off).
    #[arg(long)]
    containment_bands: Option<usize>,
}

impl Args {
    fn config(&self) -> Config {
        let mut config = Config::default();
        if let Some(s) = self.shingle {
            config.shingle = s;
        }
        if let Some(t) = self.threshold {
            config.threshold = t;
        }
        if let Some(c) = self.containment {
            config.containment = c;
        }
        config.lsh_threshold = self.lsh_threshold.or(config.lsh_threshold);
        config.containment_bands = self.containment_bands.unwrap_or(config.containment_bands);
        config
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let mut cfg = synth::SynthConfig::new(args.seed, args.docs);
    cfg.boilerplate = args.boilerplate;
    cfg.noise = args.noise;
    cfg.lang = args.lang;
    let t = Instant::now();
    let corpus = synth::Corpus::new(&cfg);
    let docs: Vec<synth::SynthDoc> = (0..corpus.len())
        .into_par_iter()
        .map(|i| corpus.doc(i))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "corpus: {} pages, {:.1} MB ({:.0} B/page), {} stories, {} outlets, boilerplate {}, \
         noise {}, lang {}; generated in {:.1} s (not timed below)",
        docs.len(),
        bytes as f64 / 1e6,
        bytes as f64 / docs.len().max(1) as f64,
        corpus.num_stories(),
        corpus.num_outlets(),
        args.boilerplate,
        args.noise,
        args.lang,
        t.elapsed().as_secs_f64()
    );
    println!(
        "machine: {} threads available",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let config = args.config();
    let det = Detector::new(config.clone())?;
    println!(
        "config: shingles {}, {} values, threshold {}, containment {}, LSH {}x{} (tuned for {:.2})",
        config.shingle,
        config.num_perm,
        config.threshold,
        config.containment,
        det.lsh_params().bands,
        det.lsh_params().rows,
        config.effective_lsh_threshold()
    );
    let mut totals = Vec::new();
    for &threads in &args.threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let n = pool.current_num_threads();
        let report = pool.install(|| run(&docs, args.chunk, &config))?;
        report.print(n, docs.len(), bytes);
        totals.push((n, report.total()));
    }
    if let [(1, one), .., (n, all)] = totals[..] {
        println!(
            "scaling: {n} threads are {:.2}x as fast as 1 thread end to end",
            one.as_secs_f64() / all.as_secs_f64()
        );
    }
    Ok(())
}

struct Report {
    prepare: Duration,
    index: Duration,
    groups: Duration,
    cpu: Option<Duration>,
    /// CPU time of each stage, all threads: prepare, index, groups.
    stage_cpu: [Option<Duration>; 3],
    index_bytes: usize,
    /// The detector's own account of its heap, by part.
    heap_parts: Vec<(&'static str, usize)>,
    /// Distinct contents indexed.
    units: usize,
    peak_rss_kb: Option<u64>,
    groups_found: usize,
    grouped_docs: usize,
    scores: synth::metrics::PairScores,
}

fn run(docs: &[synth::SynthDoc], chunk: usize, config: &Config) -> Result<Report, reprint::Error> {
    reset_peak_rss();
    let cpu_before = cpu_time();
    let live_before = LIVE.load(Ordering::Relaxed);
    let mut det = Detector::new(config.clone())?;

    let t = Instant::now();
    let mut prepared = Prepared::default();
    let cpu_prepare = cpu_time();
    for chunk in docs.chunks(chunk.max(1)) {
        prepared.append(det.prepare(chunk.iter().map(|d| (d.id.as_str(), d.text.as_str()))))?;
    }
    let prepare = t.elapsed();

    let t = Instant::now();
    let cpu_index = cpu_time();
    let rejected = det.insert_prepared(prepared)?;
    let index = t.elapsed();
    let cpu_groups = cpu_time();
    assert!(rejected.is_empty(), "{} pages rejected", rejected.len());
    let index_bytes = LIVE.load(Ordering::Relaxed).saturating_sub(live_before);
    let heap_parts = det.heap_parts();
    let units = det.distinct_len();

    let t = Instant::now();
    let groups = det.groups();
    let group_time = t.elapsed();
    let cpu_end = cpu_time();
    let cpu = cpu_before.zip(cpu_end).map(|(a, b)| b.saturating_sub(a));
    let span =
        |a: Option<Duration>, b: Option<Duration>| a.zip(b).map(|(a, b)| b.saturating_sub(a));
    let stage_cpu = [
        span(cpu_prepare, cpu_index),
        span(cpu_index, cpu_groups),
        span(cpu_groups, cpu_end),
    ];

    // Pair precision and recall against the story labels; a singleton gets a
    // label of its own.
    let mut label = vec![u32::MAX; docs.len()];
    let position: std::collections::HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    for (g, group) in groups.iter().enumerate() {
        for m in group.ids() {
            label[position[m]] = g as u32;
        }
    }
    let singletons = label.iter_mut().filter(|l| **l == u32::MAX);
    for (own, l) in (groups.len() as u32..).zip(singletons) {
        *l = own;
    }
    let truth: Vec<u32> = docs.iter().map(|d| d.story).collect();
    let scores = synth::metrics::pair_scores(&truth, &label);
    assert!(
        groups.is_empty() || scores.precision > 0.5,
        "precision {:.3}: the pipeline is broken",
        scores.precision
    );
    Ok(Report {
        prepare,
        index,
        groups: group_time,
        cpu,
        stage_cpu,
        index_bytes,
        heap_parts,
        units,
        peak_rss_kb: peak_rss_kb(),
        groups_found: groups.len(),
        grouped_docs: groups.iter().map(|g| g.len()).sum(),
        scores,
    })
}

impl Report {
    fn total(&self) -> Duration {
        self.prepare + self.index + self.groups
    }

    fn print(&self, threads: usize, docs: usize, bytes: usize) {
        let line = |name: &str, d: Duration, cpu: Option<Duration>| {
            let s = d.as_secs_f64();
            let cpu = cpu.map_or(String::new(), |c| format!(" {:8.2} s cpu", c.as_secs_f64()));
            println!(
                "  {name:<8} {s:8.2} s {:9.1} MB/s {:10.0} pages/s{cpu}",
                bytes as f64 / 1e6 / s,
                docs as f64 / s
            );
        };
        println!("threads: {threads}");
        line("prepare", self.prepare, self.stage_cpu[0]);
        line("index", self.index, self.stage_cpu[1]);
        line("groups", self.groups, self.stage_cpu[2]);
        line("total", self.total(), self.cpu);
        let cpu = self
            .cpu
            .map_or("n/a".to_string(), |c| format!("{:.2} s", c.as_secs_f64()));
        let rss = self.peak_rss_kb.map_or("n/a".to_string(), |kb| {
            format!("{:.0} MB", kb as f64 / 1024.0)
        });
        println!("  cpu {cpu} (all threads); peak RSS {rss} (corpus texts included)");
        println!(
            "  index: {:.1} MB on the heap, {:.0} bytes per page",
            self.index_bytes as f64 / 1e6,
            self.index_bytes as f64 / docs.max(1) as f64
        );
        println!(
            "  {} distinct contents ({:.3} per page); by part, bytes per page:",
            self.units,
            self.units as f64 / docs.max(1) as f64
        );
        let per_page = |b: usize| b as f64 / docs.max(1) as f64;
        for &(part, bytes) in &self.heap_parts {
            println!("    {part:<20} {:8.1}", per_page(bytes));
        }
        let counted: usize = self.heap_parts.iter().map(|p| p.1).sum();
        println!("    {:<20} {:8.1}", "(sum)", per_page(counted));
        println!(
            "  groups: {} covering {} pages; pair precision {:.3}, recall {:.3}",
            self.groups_found, self.grouped_docs, self.scores.precision, self.scores.recall
        );
    }
}

/// Resets the kernel's peak-RSS counter (VmHWM) of this process, where allowed.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// VmHWM from /proc/self/status, in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User plus system CPU time of this process, all threads, from
/// /proc/self/stat (in clock ticks of 10 ms).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold
    // spaces: utime and stime are the 12th and 13th of them.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace();
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}
