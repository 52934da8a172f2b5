//! Finds reprints among text files and JSONL records.
//!
//! ```text
//! cargo run --release --example dedup                    # the articles in seeds/
//! cargo run --release --example dedup -- DIR FILE.txt    # .txt files, directories recursively
//! cargo run --release --example dedup -- --jsonl docs.jsonl --json
//! cargo run --release --example dedup -- --index news.idx --jsonl today.jsonl
//! ```
//!
//! With `--index FILE` the run is incremental: the index is loaded if the file
//! exists (its configuration is kept; options that contradict it are an error),
//! the given documents are added, the groups that involve them are printed (all
//! groups with `--all`) and the index is saved back atomically. Two runs through
//! the file find the same groups as one run over all the documents. A run holds
//! a lock on `FILE.lock` from before it loads the index until it has saved it,
//! so two runs on one index take turns instead of one losing the other's
//! documents; the second waits, and says so on stderr.
//!
//! Exit status: 0 when all input was read, 2 when some files or lines were skipped
//! (each is reported on stderr with its name and line), 1 on a fatal error, such as
//! an index file that is damaged or not an index.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use reprint::{Config, Detector, Group, Pair, Prepared, Shingling};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(Parser, Debug)]
#[command(
    version,
    about = "Find reprinted news articles: groups of copies of one text"
)]
struct Args {
    /// Text files or directories (searched recursively for .txt files).
    /// With no path, no --jsonl and no --index, the articles in seeds/.
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
    /// Index file: loaded if it exists, then the documents are added and it is
    /// saved back (atomically). Options must agree with the index's settings.
    #[arg(long, value_name = "FILE")]
    index: Option<PathBuf>,
    /// With --index, print all groups, not only those involving new documents.
    #[arg(long)]
    all: bool,
    /// Jaccard similarity that makes two documents reprints.
    #[arg(long)]
    threshold: Option<f64>,
    /// Share of the smaller document found in the larger that makes them reprints.
    #[arg(long)]
    containment: Option<f64>,
    /// Shingles: words:N, chars:N or auto:N:M (default auto:3:5).
    #[arg(long)]
    shingle: Option<Shingling>,
    /// Values per MinHash signature.
    #[arg(long)]
    num_perm: Option<usize>,
    /// Seed for all hashing.
    #[arg(long)]
    seed: Option<u64>,
    /// Print the wall time of each stage (reading and preparing, indexing,
    /// grouping, output) on stderr.
    #[arg(long)]
    timings: bool,
}

/// Wall-clock stage timer for `--timings`: one line per stage on stderr, in
/// the form the peers' scripts use (`benches/peers/`).
struct Stages {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
}

impl Stages {
    fn new(on: bool) -> Stages {
        let now = std::time::Instant::now();
        Stages {
            on,
            start: now,
            last: now,
        }
    }

    fn mark(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        if self.on {
            let secs = (now - self.last).as_secs_f64();
            eprintln!("[ours] {stage:<12} {secs:8.3} s");
        }
        self.last = now;
    }

    fn total(&self) {
        if self.on {
            let secs = self.start.elapsed().as_secs_f64();
            eprintln!("[ours] {:<12} {secs:8.3} s", "total");
        }
    }
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

/// Applies the configuration options given on the command line to `config`.
fn apply_options(args: &Args, mut config: Config) -> Config {
    if let Some(t) = args.threshold {
        config.threshold = t;
    }
    if let Some(c) = args.containment {
        config.containment = c;
    }
    if let Some(s) = args.shingle {
        config.shingle = s;
    }
    if let Some(k) = args.num_perm {
        config.num_perm = k;
    }
    if let Some(s) = args.seed {
        config.seed = s;
    }
    config
}

/// The options given on the command line that differ from `config`, described.
fn conflicting_options(args: &Args, config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |flag: &str, given: Option<String>, have: String| {
        if let Some(given) = given {
            if given != have {
                out.push(format!("{flag} {given} (the index has {have})"));
            }
        }
    };
    check(
        "--threshold",
        args.threshold.map(|t| t.to_string()),
        config.threshold.to_string(),
    );
    check(
        "--containment",
        args.containment.map(|c| c.to_string()),
        config.containment.to_string(),
    );
    check(
        "--shingle",
        args.shingle.map(|s| s.to_string()),
        config.shingle.to_string(),
    );
    check(
        "--num-perm",
        args.num_perm.map(|k| k.to_string()),
        config.num_perm.to_string(),
    );
    check(
        "--seed",
        args.seed.map(|s| s.to_string()),
        config.seed.to_string(),
    );
    out
}

/// Loads the index file if it exists, else creates a detector from the options.
/// Returns the detector and whether it was loaded.
fn open_detector(args: &Args) -> Result<(Detector, bool), Box<dyn std::error::Error>> {
    let Some(path) = &args.index else {
        return Ok((
            Detector::new(apply_options(args, Config::default()))?,
            false,
        ));
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((
            Detector::new(apply_options(args, Config::default()))?,
            false,
        )),
        _ => {
            let detector = Detector::load(path)?;
            // Options left out take the index's values; given ones must agree.
            let conflicts = conflicting_options(args, detector.config());
            if !conflicts.is_empty() {
                return Err(format!(
                    "{}: options contradict the index's configuration: {}; leave them out to \
                     use the index's settings, or give another index file",
                    path.display(),
                    conflicts.join(", ")
                )
                .into());
            }
            Ok((detector, true))
        }
    }
}

/// Takes the lock of the index file `index`: an exclusive lock on `INDEX.lock`,
/// created if need be, held until the returned file is dropped. The index
/// itself is replaced on every save, so it cannot carry the lock. Waits, with
/// a message, while another process holds it.
///
/// Where the lock file cannot be created (a read-only directory), the run
/// goes on unlocked, with a warning: it could not save the index there either.
fn lock_index(index: &Path) -> Result<Option<std::fs::File>, Box<dyn std::error::Error>> {
    let mut name = index.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = match std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) => {
            eprintln!(
                "dedup: {}: cannot create the index lock ({e}); going on without it",
                path.display()
            );
            return Ok(None);
        }
    };
    // Called through the trait: newer standard libraries have inherent
    // `File` methods of the same names.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => return Ok(Some(file)),
        Err(fs4::TryLockError::WouldBlock) => {}
        Err(fs4::TryLockError::Error(e)) => {
            return Err(format!("{}: cannot lock: {e}", path.display()).into())
        }
    }
    eprintln!(
        "dedup: waiting for another run to finish with {} (it holds {})",
        index.display(),
        path.display()
    );
    fs4::FileExt::lock(&file).map_err(|e| format!("{}: cannot lock: {e}", path.display()))?;
    Ok(Some(file))
}

fn run(args: &Args) -> Result<usize, Box<dyn std::error::Error>> {
    let mut stages = Stages::new(args.timings);
    // Held to the end of the run: from before the index is read until after it
    // is written back.
    let _lock = match &args.index {
        Some(index) => lock_index(index)?,
        None => None,
    };
    let (mut detector, loaded) = open_detector(args)?;
    if loaded {
        stages.mark("load index");
    }

    let mut skipped = Skipped::default();
    let mut paths = args.paths.clone();
    if paths.is_empty() && args.jsonl.is_empty() && args.index.is_none() {
        paths.push(PathBuf::from("seeds"));
    }
    // Documents are prepared chunk by chunk as they are read, in parallel, and
    // indexed together at the end: only the prepared documents are kept, not the
    // texts, and templates are learned once over the whole input.
    let mut input = Input {
        detector: &detector,
        prepared: Prepared::default(),
        ids: args.index.is_some().then(Vec::new),
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
        ids,
        first_lines,
        progress,
        ..
    } = input;
    if let Some(p) = &progress {
        p.set_message("indexing");
    }
    stages.mark("read+prepare");
    let before = detector.len();
    let rejected = detector.insert_prepared(prepared)?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let new = detector.len() - before;
    // The ids added by this run, for the groups that involve them.
    let mut new_ids: HashSet<String> = HashSet::new();
    if let Some(ids) = ids {
        let mut is_rejected = vec![false; ids.len()];
        for r in &rejected {
            is_rejected[r.index] = true;
        }
        new_ids.extend(
            ids.into_iter()
                .zip(is_rejected)
                .filter(|(_, rejected)| !rejected)
                .map(|(id, _)| id),
        );
    }
    for r in rejected {
        skipped.report(r.error);
    }
    let first_lines = first_lines.unwrap_or_default();

    stages.mark("index");
    if let Some(path) = &args.index {
        if !loaded || new > 0 {
            detector.save(path)?;
            stages.mark("save index");
        }
    }

    let mut groups = detector.groups();
    if args.index.is_some() && !args.all {
        groups.retain(|g| g.members.iter().any(|m| new_ids.contains(m)));
    }
    stages.mark("groups");
    let counts = Counts {
        documents: detector.len(),
        new,
        incremental: args.index.is_some(),
        all: args.all,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        print_json(&mut out, &counts, &groups)?;
    } else {
        print_text(&mut out, &counts, &groups, &first_lines)?;
    }
    out.flush()?;
    stages.mark("output");
    stages.total();
    // The process is about to exit, and the operating system takes its memory
    // back at once: freeing millions of small allocations one by one first
    // would only add time.
    std::mem::forget(groups);
    std::mem::forget(detector);
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
    /// Ids of all documents given, in order, when the run is incremental.
    ids: Option<Vec<String>>,
    /// First line of each text, for the text output.
    first_lines: Option<HashMap<String, String>>,
    progress: Option<ProgressBar>,
}

impl Input<'_> {
    /// Prepares a chunk of documents read from `bytes` bytes of input.
    fn add(&mut self, docs: Vec<Doc>, bytes: u64) {
        if let Some(ids) = &mut self.ids {
            ids.extend(docs.iter().map(|d| d.id.clone()));
        }
        if let Some(lines) = &mut self.first_lines {
            for d in &docs {
                lines.insert(d.id.clone(), first_line(&d.text));
            }
        }
        self.prepared
            .append(
                self.detector
                    .prepare(docs.into_iter().map(|d| (d.id, d.text))),
            )
            .expect("every chunk is prepared by the one detector");
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
///
/// A second thread reads the next chunk while this one is parsed and prepared,
/// and the chunks' buffers go back to it to be filled again: their memory stays
/// mapped instead of being faulted in afresh, chunk after chunk.
fn read_jsonl(
    path: &Path,
    id_field: &str,
    text_field: &str,
    input: &mut Input,
    skipped: &mut Skipped,
) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return skipped.report(format_args!("{}: {e}", path.display())),
    };
    // One chunk waits while another is being read: reading is much faster
    // than preparing, so a longer queue would only hold more memory.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel(0);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || read_chunks(file, &full_tx, &empty_rx));
        let mut first_line = 1usize;
        for read in full_rx {
            let chunk = match read {
                Ok(chunk) => chunk,
                Err(e) => {
                    skipped.report(format_args!("{}: {e}", path.display()));
                    continue;
                }
            };
            let (lines, newlines) = parse_lines(&chunk, first_line, id_field, text_field);
            first_line += newlines;
            let mut docs = Vec::with_capacity(lines.len());
            for (number, parsed) in lines {
                match parsed {
                    Ok(doc) => docs.push(doc),
                    Err(e) => skipped.report(format_args!("{}:{number}: {e}", path.display())),
                }
            }
            // The texts are copies: the buffer can be filled again already.
            let bytes = chunk.len() as u64;
            // The reader is gone once it has read the whole file.
            let _ = empty_tx.send(chunk);
            input.add(docs, bytes);
        }
    });
}

/// Sends `file` to `full` in chunks of whole lines (the last may lack its
/// newline), filling the buffers that come back on `empty`; a read error is
/// sent after the bytes read before it, and ends the file.
fn read_chunks(
    mut file: std::fs::File,
    full: &std::sync::mpsc::SyncSender<std::io::Result<Vec<u8>>>,
    empty: &std::sync::mpsc::Receiver<Vec<u8>>,
) {
    // The partial line at the end of a chunk, which starts the next one.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut chunk = empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK_BYTES));
        chunk.clear();
        chunk.extend_from_slice(&carry);
        carry.clear();
        let mut error = None;
        let eof = loop {
            // At least a megabyte more each round, for lines longer than a
            // chunk. `read_to_end` fills the spare capacity without zeroing it.
            let want = CHUNK_BYTES.saturating_sub(chunk.len()).max(1 << 20);
            chunk.reserve(want);
            let start = chunk.len();
            match (&mut file).take(want as u64).read_to_end(&mut chunk) {
                Ok(n) if n < want => break true,
                Ok(_) => {}
                Err(e) => {
                    error = Some(e);
                    break true;
                }
            }
            // Only the bytes just read can hold the chunk's last newline.
            if let Some(i) = memchr::memrchr(b'\n', &chunk[start..]) {
                let end = start + i + 1;
                carry.extend_from_slice(&chunk[end..]);
                chunk.truncate(end);
                break false;
            }
        };
        if !chunk.is_empty() && full.send(Ok(chunk)).is_err() {
            return;
        }
        if let Some(e) = error {
            let _ = full.send(Err(e));
        }
        if eof {
            return;
        }
    }
}

/// A parsed line: its number and the document, or what is wrong with it.
type Line = (usize, Result<Doc, serde_json::Error>);

/// Parses the non-blank lines of `text` in parallel, in order, with their line
/// numbers counted from `first_line`. Also returns the number of newlines in
/// `text`.
fn parse_lines(
    text: &[u8],
    first_line: usize,
    id_field: &str,
    text_field: &str,
) -> (Vec<Line>, usize) {
    // Cut the text into pieces of whole lines, one task each.
    let pieces = 8 * rayon::current_num_threads();
    let mut cuts = vec![0];
    for k in 1..pieces {
        let at = (text.len() * k / pieces).max(*cuts.last().expect("a cut"));
        let cut = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i + 1);
        cuts.push(cut);
    }
    cuts.push(text.len());
    // Each piece's lines, numbered within the piece, and its newlines.
    let parsed: Vec<(Vec<Line>, usize)> = cuts
        .par_windows(2)
        .map(|w| {
            let mut out = Vec::new();
            let mut newlines = 0;
            for (i, line) in text[w[0]..w[1]].split(|&b| b == b'\n').enumerate() {
                newlines = i;
                let trimmed = line.trim_ascii();
                if !trimmed.is_empty() {
                    out.push((i, parse_line(trimmed, id_field, text_field)));
                }
            }
            (out, newlines)
        })
        .collect();
    // Line numbers: each piece starts after the lines of the pieces before it.
    let mut out = Vec::new();
    let mut line = first_line;
    for (piece, newlines) in parsed {
        out.extend(piece.into_iter().map(|(i, doc)| (line + i, doc)));
        line += newlines;
    }
    (out, line - first_line)
}

/// Parses one JSONL record.
fn parse_line(line: &[u8], id_field: &str, text_field: &str) -> Result<Doc, serde_json::Error> {
    let seed = Fields {
        id_field,
        text_field,
    };
    let mut de = serde_json::Deserializer::from_slice(line);
    seed.deserialize(&mut de).and_then(|d| de.end().map(|()| d))
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

/// What the output's first line reports.
struct Counts {
    /// Documents in the detector, loaded ones included.
    documents: usize,
    /// Documents added by this run.
    new: usize,
    /// Whether an index file is in use.
    incremental: bool,
    /// Whether all groups are printed rather than those involving new documents.
    all: bool,
}

fn print_json(out: &mut impl Write, counts: &Counts, groups: &[Group]) -> std::io::Result<()> {
    // Formatting the numbers of millions of pairs on one thread is slow, so the
    // groups are formatted in parallel, 256 to a buffer, a batch of buffers at
    // a time, and written in order: the bytes `serde_json` writes for the
    // whole object. The buffers are reused from batch to batch.
    const PER_BUFFER: usize = 256;
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); 8 * rayon::current_num_threads()];
    write!(out, "{{\"documents\":{},\"groups\":[", counts.documents)?;
    for (b, batch) in groups.chunks(PER_BUFFER * buffers.len()).enumerate() {
        buffers
            .par_iter_mut()
            .zip(batch.par_chunks(PER_BUFFER))
            .for_each(|(buf, chunk)| {
                buf.clear();
                for (i, g) in chunk.iter().enumerate() {
                    if i > 0 {
                        buf.push(b',');
                    }
                    serde_json::to_writer(&mut *buf, &JsonGroup(g)).expect("writing to memory");
                }
            });
        let used = batch.len().div_ceil(PER_BUFFER);
        for (i, buf) in buffers[..used].iter().enumerate() {
            if b > 0 || i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(buf)?;
        }
    }
    writeln!(out, "],\"new_documents\":{}}}", counts.new)
}

// The JSON output is written straight from the groups, without building a
// `serde_json::Value` first. Keys come in name order, as they did from the
// `Value` (whose objects sort their keys), so the output is the same: the
// top-level object's `documents`, `groups`, `new_documents` are written by
// `print_json`.

/// Serializes each item of a slice as the function `F` wraps it.
struct JsonSeq<'a, T, F>(&'a [T], F);

impl<'a, T, F, W> Serialize for JsonSeq<'a, T, F>
where
    F: Fn(&'a T) -> W,
    W: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(&self.1))
    }
}

/// A group in the JSON output.
struct JsonGroup<'a>(&'a Group);

impl Serialize for JsonGroup<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("members", &g.members)?;
        m.serialize_entry("pairs", &JsonSeq(&g.pairs, JsonPair))?;
        m.serialize_entry("representative", &g.representative)?;
        m.end()
    }
}

/// A verified pair in the JSON output.
struct JsonPair<'a>(&'a Pair);

impl Serialize for JsonPair<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("a", &p.a)?;
        m.serialize_entry("b", &p.b)?;
        m.serialize_entry("containment_ab", &p.scores.containment_ab)?;
        m.serialize_entry("containment_ba", &p.scores.containment_ba)?;
        m.serialize_entry("jaccard", &p.scores.jaccard)?;
        m.end()
    }
}

fn print_text(
    out: &mut impl Write,
    counts: &Counts,
    groups: &[Group],
    first_lines: &HashMap<String, String>,
) -> std::io::Result<()> {
    let in_groups: usize = groups.iter().map(|g| g.members.len()).sum();
    let documents = counts.documents;
    if counts.incremental {
        let which = if counts.all {
            ""
        } else {
            " involving new documents"
        };
        writeln!(
            out,
            "{documents} documents in the index, {} new; {} group(s) of reprints{which} \
             covering {in_groups} documents",
            counts.new,
            groups.len()
        )?;
    } else {
        writeln!(
            out,
            "{documents} documents, {} group(s) of reprints covering {in_groups} documents",
            groups.len()
        )?;
    }
    for (i, g) in groups.iter().enumerate() {
        writeln!(out, "\ngroup {} ({} members)", i + 1, g.members.len())?;
        for m in &g.members {
            let mark = if *m == g.representative { "*" } else { " " };
            writeln!(out, "  {mark} {m}")?;
            // Documents loaded from an index have no text to quote.
            if let Some(line) = first_lines.get(m) {
                writeln!(out, "      {line}")?;
            }
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
