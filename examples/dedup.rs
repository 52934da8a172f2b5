//! Finds reprints among text files and JSONL records.
//!
//! ```text
//! cargo run --release --example dedup                    # the articles in seeds/
//! cargo run --release --example dedup -- DIR FILE.txt    # .txt files, directories recursively
//! cargo run --release --example dedup -- --jsonl docs.jsonl --json
//! ```
//!
//! Exit status: 0 when all input was read, 2 when some files or lines were skipped
//! (each is reported on stderr with its name and line), 1 on a fatal error.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use reprint::{Detector, Group, Prepared, Shingling};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

#[derive(Parser, Debug)]
#[command(
    version,
    about = "Find reprinted news articles: groups of copies of one text"
)]
struct Args {
    /// Text files or directories (searched recursively for .txt files).
    /// With no path and no --jsonl, the articles in seeds/.
    paths: Vec<PathBuf>,
    /// JSONL file with one {"id": …, "text": …} object per line (repeatable).
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// Field holding the id in JSONL records.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Field holding the text in JSONL records.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Print the groups as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Jaccard similarity that makes two documents reprints.
    #[arg(long)]
    threshold: Option<f64>,
    /// Share of the smaller document found in the larger that makes them reprints.
    #[arg(long)]
    containment: Option<f64>,
    /// Shingles: words:N, chars:N or auto:N:M (default auto:4:5).
    #[arg(long)]
    shingle: Option<Shingling>,
    /// Values per MinHash signature.
    #[arg(long)]
    num_perm: Option<usize>,
    /// Seed for all hashing.
    #[arg(long)]
    seed: Option<u64>,
}

/// One document read from the input.
struct Doc {
    id: String,
    text: String,
}

/// Collects problems with the input without stopping.
#[derive(Default)]
struct Skipped(usize);

impl Skipped {
    fn report(&mut self, what: impl std::fmt::Display) {
        eprintln!("skipped: {what}");
        self.0 += 1;
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(n) => {
            eprintln!("{n} input item(s) skipped");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &Args) -> Result<usize, Box<dyn std::error::Error>> {
    let mut builder = Detector::builder();
    if let Some(t) = args.threshold {
        builder = builder.threshold(t);
    }
    if let Some(c) = args.containment {
        builder = builder.containment(c);
    }
    if let Some(s) = args.shingle {
        builder = builder.shingle(s);
    }
    if let Some(k) = args.num_perm {
        builder = builder.num_perm(k);
    }
    if let Some(s) = args.seed {
        builder = builder.seed(s);
    }
    let mut detector = builder.build()?;

    let mut skipped = Skipped::default();
    let mut paths = args.paths.clone();
    if paths.is_empty() && args.jsonl.is_empty() {
        paths.push(PathBuf::from("seeds"));
    }
    // Documents are prepared chunk by chunk as they are read, in parallel, and
    // indexed together at the end: only the prepared documents are kept, not the
    // texts, and templates are learned once over the whole input.
    let mut input = Input {
        detector: &detector,
        prepared: Prepared::default(),
        first_lines: (!args.json).then(HashMap::new),
        progress: progress_bar(&args.jsonl),
    };
    let mut docs = Vec::new();
    for path in &paths {
        read_path(path, &mut docs, &mut skipped);
    }
    input.add(docs, 0);
    for path in &args.jsonl {
        read_jsonl(
            path,
            &args.id_field,
            &args.text_field,
            &mut input,
            &mut skipped,
        );
    }
    let Input {
        prepared,
        first_lines,
        progress,
        ..
    } = input;
    if let Some(p) = &progress {
        p.set_message("indexing");
    }
    for r in detector.insert_prepared(prepared) {
        skipped.report(r.error);
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let first_lines = first_lines.unwrap_or_default();

    let groups = detector.groups();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        print_json(&mut out, detector.len(), &groups)?;
    } else {
        print_text(&mut out, detector.len(), &groups, &first_lines)?;
    }
    out.flush()?;
    Ok(skipped.0)
}

/// A progress bar over the bytes of the JSONL files, for large inputs on a
/// terminal.
fn progress_bar(jsonl: &[PathBuf]) -> Option<ProgressBar> {
    let bytes: u64 = jsonl
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if !std::io::stderr().is_terminal() || bytes < 50 << 20 {
        return None;
    }
    let bar = ProgressBar::new(bytes);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left) {msg}",
        )
        .expect("valid template"),
    );
    Some(bar)
}

/// Where read documents go: prepared at once, chunk by chunk.
struct Input<'a> {
    detector: &'a Detector,
    prepared: Prepared,
    /// First line of each text, for the text output.
    first_lines: Option<HashMap<String, String>>,
    progress: Option<ProgressBar>,
}

impl Input<'_> {
    /// Prepares a chunk of documents read from `bytes` bytes of input.
    fn add(&mut self, docs: Vec<Doc>, bytes: u64) {
        if let Some(lines) = &mut self.first_lines {
            for d in &docs {
                lines.insert(d.id.clone(), first_line(&d.text));
            }
        }
        self.prepared.append(
            self.detector
                .prepare(docs.into_iter().map(|d| (d.id, d.text))),
        );
        if let Some(p) = &self.progress {
            p.inc(bytes);
        }
    }
}

/// Reads a .txt file, or every .txt file below a directory in name order.
fn read_path(path: &Path, docs: &mut Vec<Doc>, skipped: &mut Skipped) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return skipped.report(format_args!("{}: {e}", path.display())),
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return skipped.report(format_args!("{}: {e}", path.display())),
        };
        entries.sort();
        for entry in entries {
            let is_txt = entry.extension().is_some_and(|e| e == "txt");
            if entry.is_dir() || is_txt {
                read_path(&entry, docs, skipped);
            }
        }
        return;
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => docs.push(Doc {
                id: path.display().to_string(),
                text,
            }),
            Err(e) => skipped.report(format_args!(
                "{}: invalid UTF-8 at byte {}",
                path.display(),
                e.utf8_error().valid_up_to()
            )),
        },
        Err(e) => skipped.report(format_args!("{}: {e}", path.display())),
    }
}

/// Bytes of JSONL read, parsed and prepared at a time.
const CHUNK_BYTES: usize = 32 << 20;

/// Reads one JSONL file in chunks of whole lines, parsing the lines of a chunk
/// in parallel; a bad line is reported with its number and skipped.
fn read_jsonl(
    path: &Path,
    id_field: &str,
    text_field: &str,
    input: &mut Input,
    skipped: &mut Skipped,
) {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return skipped.report(format_args!("{}: {e}", path.display())),
    };
    let mut chunk: Vec<u8> = Vec::with_capacity(CHUNK_BYTES + (1 << 20));
    let mut first_line = 1usize;
    loop {
        // Fill the chunk, then hand over its whole lines and keep the partial
        // last line for the next round.
        let start = chunk.len();
        chunk.resize(CHUNK_BYTES.max(start + (1 << 20)), 0);
        let mut filled = start;
        let mut eof = false;
        while filled < chunk.len() {
            match file.read(&mut chunk[filled..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    skipped.report(format_args!("{}: {e}", path.display()));
                    eof = true;
                    break;
                }
            }
        }
        chunk.truncate(filled);
        let whole = if eof {
            chunk.len()
        } else {
            chunk.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        if whole == 0 && !eof {
            // A line longer than the chunk: read on.
            continue;
        }
        let lines = parse_lines(&chunk[..whole], first_line, id_field, text_field);
        first_line += chunk[..whole].iter().filter(|&&b| b == b'\n').count();
        let mut docs = Vec::with_capacity(lines.len());
        for (number, parsed) in lines {
            match parsed {
                Ok(doc) => docs.push(doc),
                Err(e) => skipped.report(format_args!("{}:{number}: {e}", path.display())),
            }
        }
        input.add(docs, whole as u64);
        chunk.drain(..whole);
        if eof {
            break;
        }
    }
}

/// Parses the non-blank lines of `text` in parallel, in order, with their line
/// numbers counted from `first_line`.
fn parse_lines(
    text: &[u8],
    first_line: usize,
    id_field: &str,
    text_field: &str,
) -> Vec<(usize, Result<Doc, serde_json::Error>)> {
    // Cut the text into pieces of whole lines, one task each.
    let pieces = 8 * rayon::current_num_threads();
    let mut cuts = vec![0];
    for k in 1..pieces {
        let at = (text.len() * k / pieces).max(*cuts.last().expect("a cut"));
        let cut = text[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| at + i + 1);
        cuts.push(cut);
    }
    cuts.push(text.len());
    let parsed: Vec<Vec<(usize, Result<Doc, serde_json::Error>)>> = cuts
        .par_windows(2)
        .map(|w| {
            let mut out = Vec::new();
            for (i, line) in text[w[0]..w[1]].split(|&b| b == b'\n').enumerate() {
                let trimmed = line.trim_ascii();
                if trimmed.is_empty() {
                    continue;
                }
                let seed = Fields {
                    id_field,
                    text_field,
                };
                let mut de = serde_json::Deserializer::from_slice(trimmed);
                let doc = seed.deserialize(&mut de).and_then(|d| de.end().map(|()| d));
                out.push((i, doc));
            }
            out
        })
        .collect();
    // Line numbers: each piece starts after the lines of the pieces before it.
    let mut out = Vec::new();
    let mut line = first_line;
    for (w, piece) in cuts.windows(2).zip(parsed) {
        out.extend(piece.into_iter().map(|(i, doc)| (line + i, doc)));
        line += text[w[0]..w[1]].iter().filter(|&&b| b == b'\n').count();
    }
    out
}

/// Extracts the id and text fields of one JSON object, skipping the others
/// without building them.
struct Fields<'a> {
    id_field: &'a str,
    text_field: &'a str,
}

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = Doc;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
        d.deserialize_map(self)
    }
}

/// An id may be a JSON string or number.
struct IdValue(String);

impl<'de> de::Deserialize<'de> for IdValue {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<IdValue, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IdValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdValue, E> {
                Ok(IdValue(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdValue, E> {
                Ok(IdValue(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdValue, E> {
                Ok(IdValue(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Doc;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "an object with {:?} and {:?} fields",
            self.id_field, self.text_field
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let (mut id, mut text) = (None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.id_field {
                id = Some(map.next_value::<IdValue>()?.0);
            } else if key == self.text_field {
                text = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let id =
            id.ok_or_else(|| de::Error::custom(format_args!("missing field {:?}", self.id_field)))?;
        let text = text.ok_or_else(|| {
            de::Error::custom(format_args!("missing field {:?}", self.text_field))
        })?;
        Ok(Doc { id, text })
    }
}

fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut s: String = line.chars().take(90).collect();
    if s.len() < line.len() {
        s.push('…');
    }
    s
}

fn print_json(out: &mut impl Write, documents: usize, groups: &[Group]) -> std::io::Result<()> {
    let groups: Vec<serde_json::Value> = groups
        .iter()
        .map(|g| {
            serde_json::json!({
                "members": g.members,
                "representative": g.representative,
                "pairs": g.pairs.iter().map(|p| serde_json::json!({
                    "a": p.a,
                    "b": p.b,
                    "jaccard": p.scores.jaccard,
                    "containment_ab": p.scores.containment_ab,
                    "containment_ba": p.scores.containment_ba,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({ "documents": documents, "groups": groups });
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

fn print_text(
    out: &mut impl Write,
    documents: usize,
    groups: &[Group],
    first_lines: &HashMap<String, String>,
) -> std::io::Result<()> {
    let in_groups: usize = groups.iter().map(|g| g.members.len()).sum();
    writeln!(
        out,
        "{documents} documents, {} group(s) of reprints covering {in_groups} documents",
        groups.len()
    )?;
    for (i, g) in groups.iter().enumerate() {
        writeln!(out, "\ngroup {} ({} members)", i + 1, g.members.len())?;
        for m in &g.members {
            let mark = if *m == g.representative { "*" } else { " " };
            let line = first_lines.get(m).map(String::as_str).unwrap_or("");
            writeln!(out, "  {mark} {m}\n      {line}")?;
        }
        for p in &g.pairs {
            writeln!(
                out,
                "    {} ~ {}: jaccard {:.2}, {:.0}% of the first in the second, {:.0}% of the second in the first",
                p.a,
                p.b,
                p.scores.jaccard,
                100.0 * p.scores.containment_ab,
                100.0 * p.scores.containment_ba
            )?;
        }
    }
    if !groups.is_empty() {
        writeln!(
            out,
            "\n* marks each group's representative: the member that best contains the others"
        )?;
    }
    Ok(())
}
