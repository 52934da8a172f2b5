//! Writes a synthetic labelled news corpus as JSONL, one
//! `{"id": "...", "text": "...", "story": N, "outlet": N}` per line.
//!
//! ```text
//! cargo run --release --example synth_corpus -- --docs 100000 \
//!     --boilerplate heavy --noise light --seed 1 --out corpus.jsonl
//! cargo run --release --example synth_corpus -- --docs 10000 --scenario realistic
//! ```
//!
//! Documents are generated in parallel (std threads, random access into
//! the planned corpus) and written in corpus order, so the output is
//! byte-identical regardless of the thread count.
#![deny(warnings)]

#[path = "../benches/synth/mod.rs"]
mod synth;

use clap::Parser;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;
use synth::{Boilerplate, Corpus, Lang, Noise, Phenomena, Scenario, SynthConfig};

#[derive(Parser, Debug)]
#[command(about = "Generate a deterministic labelled near-duplicate news corpus (JSONL)")]
struct Args {
    /// Number of documents.
    #[arg(long, default_value_t = 10_000)]
    docs: usize,
    /// Number of distinct stories (default: derived from the copy distribution).
    #[arg(long)]
    stories: Option<usize>,
    /// Number of outlets (default: clamp(docs/500, 20, 200)).
    #[arg(long)]
    outlets: Option<usize>,
    /// Boilerplate level: none | light | heavy.
    #[arg(long, default_value = "heavy")]
    boilerplate: Boilerplate,
    /// Noise level: none | light | heavy.
    #[arg(long, default_value = "light")]
    noise: Noise,
    /// Language mix: en | mixed.
    #[arg(long, default_value = "en")]
    lang: Lang,
    /// Master seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Leave out the five real seed articles.
    #[arg(long)]
    no_seeds: bool,
    /// Add the phenomena of a scenario of the accuracy harness (formulaic,
    /// excerpts, followups, briefs, syndicated, digests, realistic).
    #[arg(long)]
    scenario: Option<Scenario>,
    /// Worker threads (default: available parallelism).
    #[arg(long)]
    threads: Option<usize>,
    /// Output path (default: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    text: &'a str,
    story: u32,
    outlet: u32,
}

const CHUNK: usize = 1024;

fn render_chunk(corpus: &Corpus, start: usize, buf: &mut Vec<u8>) {
    let end = (start + CHUNK).min(corpus.len());
    for i in start..end {
        let d = corpus.doc(i);
        let row = Row {
            id: &d.id,
            text: &d.text,
            story: d.story,
            outlet: d.outlet,
        };
        serde_json::to_writer(&mut *buf, &row).expect("serialize");
        buf.push(b'\n');
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let cfg = SynthConfig {
        seed: args.seed,
        docs: args.docs,
        stories: args.stories,
        outlets: args.outlets,
        boilerplate: args.boilerplate,
        noise: args.noise,
        lang: args.lang,
        seeds: !args.no_seeds,
        phenomena: args
            .scenario
            .map_or_else(Phenomena::default, Scenario::phenomena),
    };
    let t0 = Instant::now();
    let corpus = Corpus::new(&cfg);
    let plan_secs = t0.elapsed().as_secs_f64();
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(File::create(p)?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let n_chunks = corpus.len().div_ceil(CHUNK);
    let next = AtomicUsize::new(0);
    let mut bytes = 0u64;
    std::thread::scope(|sc| -> io::Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(threads * 4);
        for _ in 0..threads {
            let tx = tx.clone();
            let (corpus, next) = (&corpus, &next);
            sc.spawn(move || loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= n_chunks {
                    break;
                }
                let mut buf = Vec::with_capacity(CHUNK * 4096);
                render_chunk(corpus, c * CHUNK, &mut buf);
                if tx.send((c, buf)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
        let mut want = 0;
        for (c, buf) in rx {
            pending.insert(c, buf);
            while let Some(buf) = pending.remove(&want) {
                out.write_all(&buf)?;
                bytes += buf.len() as u64;
                want += 1;
            }
        }
        Ok(())
    })?;
    out.flush()?;
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "wrote {} docs ({} stories, {} outlets), {} bytes ({:.1} MB, {:.0} B/doc avg) to {} in {:.1}s (plan {:.1}s)",
        corpus.len(),
        corpus.num_stories(),
        corpus.num_outlets(),
        bytes,
        bytes as f64 / 1e6,
        bytes as f64 / corpus.len().max(1) as f64,
        args.out
            .as_ref()
            .map_or("stdout".to_string(), |p| p.display().to_string()),
        secs,
        plan_secs
    );
    Ok(())
}
