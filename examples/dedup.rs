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
//! documents; the second waits, and says so on stderr. A symbolic link given as
//! `FILE` is followed, so the index and its lock are the file it points to.
//!
//! Exit status: see [`Exit`] (and `--help`).

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use reprint::{Config, Detector, Group, Prepared, Rejected, Shingling};

// JSONL records in, groups as JSON out: shared with dist/kernels.
#[path = "shared/dedup_format.rs"]
mod dedup_format;
use dedup_format::{parse_line, strip_bom, Doc, JsonGroup};

/// The exit statuses, told in `--help` (and the README).
const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  all input was read
  1  fatal error, e.g. an index file that is damaged or not an index
  2  usage error: unknown option or bad value (nothing was read)
  3  some files or lines were skipped, each reported on stderr; the rest was processed";

#[derive(Parser, Debug)]
#[command(
    version,
    about = "Find reprinted news articles: groups of copies of one text",
    after_help = EXIT_STATUS_HELP
)]
struct Args {
    /// Text files or directories (searched recursively for .txt files).
    /// With no path, no --jsonl and no --index, the articles in seeds/.
    /// Symbolic links are followed, but each file is read once, under the
    /// first path that reaches it in name order, and a link back to a
    /// directory being walked is not entered again.
    paths: Vec<PathBuf>,
    /// JSONL file with one {"id": …, "text": …} object per line (repeatable),
    /// in UTF-8; a byte-order mark at the start of a line is ignored. An id is
    /// a string or a number, taken as written (1.50 is the id "1.50").
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
    /// A symbolic link is followed, also one whose target does not exist yet:
    /// the index and its lock (FILE.lock) are the file it points to, and the
    /// link stays a link. A save removes the temporary files that runs killed
    /// while saving left beside the index.
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
    /// Shingles: words:N, chars:N or auto:N:M (default auto:5:5).
    #[arg(long)]
    shingle: Option<Shingling>,
    /// Values per MinHash signature.
    #[arg(long)]
    num_perm: Option<usize>,
    /// One-value LSH bands added to find a short copy inside a much longer
    /// page (default 32: a copy holding a tenth of a page is found with
    /// probability 0.97; 0 turns them off). README "Containment bands" has
    /// what they cost.
    #[arg(long)]
    containment_bands: Option<usize>,
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

/// Collects problems with the input without stopping.
#[derive(Default)]
struct Skipped(usize);

impl Skipped {
    fn report(&mut self, what: impl std::fmt::Display) {
        eprintln!("skipped: {what}");
        self.0 += 1;
    }
}

/// How a run ended, as its exit status. Usage errors are not here: clap
/// reports them and exits with 2 before a run starts, so skipped input needs a
/// status of its own for a script to tell "fix the command" from "look at the
/// skipped lines".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    /// All input was read.
    Success = 0,
    /// A fatal error.
    Error = 1,
    /// Some files or lines were skipped (each reported on stderr).
    Skipped = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let exit = match run(&args) {
        Ok(0) => Exit::Success,
        Ok(n) => {
            eprintln!("{n} input item(s) skipped");
            Exit::Skipped
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Error
        }
    };
    exit.into()
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
    if let Some(m) = args.containment_bands {
        config.containment_bands = m;
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
        "--containment-bands",
        args.containment_bands.map(|m| m.to_string()),
        config.containment_bands.to_string(),
    );
    check(
        "--seed",
        args.seed.map(|s| s.to_string()),
        config.seed.to_string(),
    );
    out
}

/// Loads the index file `index` if it exists, else creates a detector from the
/// options. Returns the detector and whether it was loaded.
fn open_detector(
    args: &Args,
    index: Option<&Path>,
) -> Result<(Detector, bool), Box<dyn std::error::Error>> {
    let Some(path) = index else {
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

/// The file an `--index` path names, with symbolic links followed, so that the
/// lock, the load and the save all act on that one file: a save renames a new
/// file over the path it is given, which would replace a link with a regular
/// file and leave its target stale, and a run through the link would take
/// another lock file than a run through the target. A link whose target does
/// not exist yet is followed too, so the first save creates the index where
/// the link points, and later runs through either path find it.
fn resolve_index(given: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let mut path = given.to_path_buf();
    // Linux gives up after 40 links in a row (ELOOP); so does this.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)
                    .map_err(|e| format!("{}: cannot read the link: {e}", path.display()))?;
                // A relative target is relative to the link's directory;
                // joining an absolute one gives the target alone.
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(format!("{}: {e}", path.display()).into())
            }
            // A file, a directory (which loading reports), or nothing yet.
            _ => return Ok(path),
        }
    }
    Err(format!(
        "{}: too many symbolic links in a row (a loop?)",
        given.display()
    )
    .into())
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

/// Removes the temporary files that runs killed while saving the index `index`
/// left beside it (each as large as the index), saying so on stderr. Only
/// called under the index's lock: every run holds it from loading to saving,
/// so no other save to `index` can be under way, and every such file is stale.
/// Failing to remove one is worth a warning, not a failed run.
fn remove_stale_temp_files(index: &Path) {
    let files = match reprint::index_file::temp_files(index) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("dedup: cannot look for stale temporary files: {e}");
            return;
        }
    };
    let (mut removed, mut bytes) = (0usize, 0u64);
    for file in files {
        let len = std::fs::metadata(&file).map_or(0, |m| m.len());
        match std::fs::remove_file(&file) {
            Ok(()) => {
                removed += 1;
                bytes += len;
            }
            Err(e) => eprintln!(
                "dedup: {}: cannot remove this stale temporary file: {e}",
                file.display()
            ),
        }
    }
    if removed > 0 {
        eprintln!(
            "dedup: removed {removed} temporary file(s) ({:.1} MB) that interrupted saves left beside {}",
            bytes as f64 / 1e6,
            index.display()
        );
    }
}

fn run(args: &Args) -> Result<usize, Box<dyn std::error::Error>> {
    let mut stages = Stages::new(args.timings);
    let index = args.index.as_deref().map(resolve_index).transpose()?;
    // Held to the end of the run: from before the index is read until after it
    // is written back.
    let lock = match &index {
        Some(index) => lock_index(index)?,
        None => None,
    };
    let (mut detector, loaded) = open_detector(args, index.as_deref())?;
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
        ids: (args.index.is_some() || !args.json).then(Vec::new),
        first_lines: (!args.json).then(Vec::new),
        progress: progress_bar(&args.jsonl),
    };
    let mut docs = Vec::new();
    read_paths(&paths, &mut docs, &mut skipped);
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
    // The ids added by this run, for the groups that involve them, and their
    // first lines: a rejected duplicate's line is not the indexed document's.
    let ids = ids.map(|ids| indexed(ids, &rejected)).unwrap_or_default();
    let first_lines: HashMap<String, String> = match first_lines {
        Some(lines) => ids.iter().cloned().zip(indexed(lines, &rejected)).collect(),
        None => HashMap::new(),
    };
    let new_ids: HashSet<String> = ids.into_iter().collect();
    for r in rejected {
        skipped.report(r.error);
    }

    stages.mark("index");
    if let Some(path) = &index {
        if !loaded || new > 0 {
            if lock.is_some() {
                remove_stale_temp_files(path);
            }
            detector.save(path)?;
            stages.mark("save index");
        }
    }

    let mut groups = detector.groups();
    if args.index.is_some() && !args.all {
        groups.retain(|g| g.ids().any(|m| new_ids.contains(m)));
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

/// The items of `batch`, one per document given to
/// [`Detector::insert_prepared`], whose documents it indexed: all but those at
/// the positions in `rejected`.
fn indexed<T>(batch: Vec<T>, rejected: &[Rejected]) -> Vec<T> {
    let mut is_rejected = vec![false; batch.len()];
    for r in rejected {
        is_rejected[r.index] = true;
    }
    batch
        .into_iter()
        .zip(is_rejected)
        .filter_map(|(item, rejected)| (!rejected).then_some(item))
        .collect()
}

/// Where read documents go: prepared at once, chunk by chunk.
struct Input<'a> {
    detector: &'a Detector,
    prepared: Prepared,
    /// Ids of all documents given, in order, when the run is incremental or
    /// the output is text.
    ids: Option<Vec<String>>,
    /// First line of each text, in the same order, for the text output.
    first_lines: Option<Vec<String>>,
    progress: Option<ProgressBar>,
}

impl Input<'_> {
    /// Prepares a chunk of documents read from `bytes` bytes of input.
    fn add(&mut self, docs: Vec<Doc>, bytes: u64) {
        if let Some(ids) = &mut self.ids {
            ids.extend(docs.iter().map(|d| d.id.clone()));
        }
        if let Some(lines) = &mut self.first_lines {
            // Cleaning a page again is a good part of preparing it.
            let boilerplate = self.detector.config().boilerplate;
            let mut chunk = Vec::new();
            docs.par_iter()
                .map(|d| first_line(&d.text, boilerplate))
                .collect_into_vec(&mut chunk);
            lines.append(&mut chunk);
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

/// Reads the files and directories given on the command line: a file whatever
/// its name, and every .txt file below a directory, in name order.
///
/// Symbolic links are followed, to files and to directories, but each file is
/// read once, under the first path that reaches it, and each directory walked
/// once: a link to a directory above it (a loop) or beside it adds no file
/// twice under another id, and the walk ends. Entries that cannot be read,
/// links to nothing among them, are reported and skipped.
fn read_paths(paths: &[PathBuf], docs: &mut Vec<Doc>, skipped: &mut Skipped) {
    let mut seen = HashSet::new();
    for root in paths {
        let mut walk = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                // Every file below the loop's target is read already, or is
                // being read, under the path through that target.
                Err(e) if e.loop_ancestor().is_some() => continue,
                Err(e) => {
                    let path = e.path().unwrap_or(root).display().to_string();
                    match e.io_error() {
                        Some(io) => skipped.report(format_args!("{path}: {io}")),
                        None => skipped.report(format_args!("{path}: {e}")),
                    }
                    continue;
                }
            };
            let is_dir = entry.file_type().is_dir();
            let is_txt = entry.path().extension().is_some_and(|e| e == "txt");
            if !is_dir && !is_txt && entry.depth() > 0 {
                continue;
            }
            let first_time = match entry.metadata() {
                Ok(meta) => seen.insert(file_id(entry.path(), &meta)),
                Err(e) => {
                    skipped.report(format_args!("{}: {e}", entry.path().display()));
                    continue;
                }
            };
            if is_dir {
                if !first_time {
                    walk.skip_current_dir();
                }
            } else if first_time {
                read_text_file(entry.path(), docs, skipped);
            }
        }
    }
}

/// What tells a file or directory from every other, whatever path reaches it:
/// its device and inode number on Unix (so two hard links are one file too);
/// elsewhere its canonical path.
#[cfg(unix)]
fn file_id(_path: &Path, meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &std::fs::Metadata) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one text file as a document whose id is its path.
fn read_text_file(path: &Path, docs: &mut Vec<Doc>, skipped: &mut Skipped) {
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
                let trimmed = strip_bom(line).trim_ascii();
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

/// The line the text output quotes under a document: the first block the
/// page cleaner keeps (the headline or the lede, where the page starts with a
/// date line, a byline or navigation), cut at 90 characters. With boilerplate
/// removal off, the detector keeps every block, and so does this.
fn first_line(text: &str, boilerplate: bool) -> String {
    let cleaned = if boilerplate {
        reprint::clean(text)
    } else {
        reprint::boilerplate::blocks_only(text)
    };
    let line = cleaned
        .kept()
        .map(|b| b.text.trim())
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
    // Formatting the numbers of millions of members on one thread is slow, so the
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

fn print_text(
    out: &mut impl Write,
    counts: &Counts,
    groups: &[Group],
    first_lines: &HashMap<String, String>,
) -> std::io::Result<()> {
    let in_groups: usize = groups.iter().map(|g| g.len()).sum();
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
        writeln!(out, "\ngroup {} ({} members)", i + 1, g.len())?;
        for m in &g.members {
            if m.id == g.representative {
                writeln!(out, "  * {}", escape_controls(&m.id))?;
            } else {
                writeln!(
                    out,
                    "    {}: jaccard {:.2}, {:.0}% of it in the representative, {:.0}% of the representative in it",
                    escape_controls(&m.id),
                    m.scores.jaccard,
                    100.0 * m.scores.containment_ab,
                    100.0 * m.scores.containment_ba
                )?;
            }
            // Documents loaded from an index have no text to quote.
            if let Some(line) = first_lines.get(&m.id) {
                writeln!(out, "      {}", escape_controls(line))?;
            }
        }
    }
    if !groups.is_empty() {
        writeln!(
            out,
            "\n* marks each group's representative, its most complete version; every other \
             member is scored against it"
        )?;
    }
    Ok(())
}

/// `s` with its control characters escaped (`\n`, `\r`, `\t`, else
/// `\u{1b}`), for the text output: an id or a quoted line holding a newline or
/// a terminal escape sequence would otherwise print lines the program did not
/// write, or recolour and move them. Characters that reorder text on screen
/// (the bidirectional overrides and isolates) are escaped too. Everything else,
/// backslashes included, is left as it is, so ordinary ids and file paths read
/// as they are; the JSON output carries ids exactly.
fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    fn needs_escape(c: char) -> bool {
        // The Arabic letter mark, the left-to-right and right-to-left marks,
        // embeddings and overrides, and isolates.
        let bidi = matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        );
        c.is_control() || bidi
    }
    if !s.chars().any(needs_escape) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}
