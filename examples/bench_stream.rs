//! Inserts the documents of a JSONL file one at a time, as a wire monitor
//! does (`Detector::insert`, which returns each new document's matches), and
//! prints the time per insert for each quarter of the file: flat when the
//! cost of an insert does not grow with the number of copies indexed.
//!
//! ```text
//! python3 benches/copies/make.py edited 16000 > edited-16000.jsonl
//! cargo run --release --example bench_stream -- edited-16000.jsonl
//! ```

use std::io::BufRead;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_stream FILE.jsonl (lines {\"id\": ..., \"text\": ...})")?;
    let mut docs: Vec<(String, String)> = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let field = |k: &str| {
            v[k].as_str()
                .map(str::to_owned)
                .ok_or(format!("no {k:?} string"))
        };
        docs.push((field("id")?, field("text")?));
    }
    let mut det = reprint::Detector::builder().build()?;
    let quarter = docs.len().div_ceil(4).max(1);
    let start = Instant::now();
    let mut matched = 0usize;
    for (i, chunk) in docs.chunks(quarter).enumerate() {
        let t = Instant::now();
        for (id, text) in chunk {
            matched += usize::from(!det.insert(id, text)?.is_empty());
        }
        let per = t.elapsed().as_secs_f64() * 1e6 / chunk.len() as f64;
        println!(
            "quarter {}: {} inserts, {per:.0} µs per insert",
            i + 1,
            chunk.len()
        );
    }
    let inserted = start.elapsed();
    let t = Instant::now();
    let groups = det.groups();
    println!(
        "{} inserts in {:.2} s ({matched} with matches); groups: {} in {:.2} s",
        docs.len(),
        inserted.as_secs_f64(),
        groups.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
