//! `reprint-stages`: reprint's stages as commands over Parquet directories,
//! for users without Spark. Each command runs one stage over its shard of the
//! input (`--shard K/N`), so a shell loop or a Slurm array runs a stage's
//! shards in parallel, on one machine or many sharing a file system; `run`
//! runs the whole chain on this machine. The output is byte for byte the JSON
//! `dedup --json` prints. See the README ("Without Spark") and `--help`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use reprint::{Config, Shingling};
use reprint_kernels::Kernels;

mod files;
mod stages;

use files::Shard;
use stages::Ctx;

/// A command's error: a message for the user.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    fn new(msg: impl Into<String>) -> Error {
        Error(msg.into())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A command's result.
pub type Result<T> = std::result::Result<T, Error>;

const AFTER_HELP: &str = "\
Stages, in order (each reads and writes directories under --work):
  prepare     INPUT.jsonl...               -> records (by id)
  docs        records                      -> docs (by unit)
  units       docs                         -> units (as docs), votes (by key)
  templates   votes                        -> templates
  sign        units, templates (all)       -> signed (as units), members (by bucket)
  links       members                      -> links (by a, as signed)
  join        links, signed                -> pairs (by b)
  verify      pairs, signed                -> accepted
  components  accepted, signed (all)       -> components (by node), component_links (by component)
  gather      docs, signed, components     -> gathered (by component)
  group       gathered, component_links    -> rows
  output      rows, docs, records (all)    -> the JSON (--json FILE), --parquet FILE
Run every shard K of N of a stage (--shard K/N, any N) before the next stage.
`components` and `output` run in one process over all of their input (the
accepted links are a pair of units each). `run` does all of it here.

Exit status: 0 done; 1 error; 2 usage error; 3 (output, run) some input lines
were skipped, each reported on stderr, as dedup does.";

#[derive(Parser, Debug)]
#[command(
    version,
    about = "reprint's stages over Parquet directories, sharded: the groups `dedup --json` gives, without Spark",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
    #[command(flatten)]
    common: Common,
}

/// The options every command takes.
#[derive(Args, Debug, Clone)]
struct Common {
    /// Work directory holding the stages' directories.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        default_value = "reprint-work"
    )]
    work: PathBuf,
    /// This process's shard of the stage's input: K of N, from 0.
    #[arg(long, global = true, value_name = "K/N", default_value = "0/1")]
    shard: Shard,
    /// Partitions of the outputs hashed by a new key (records, docs, votes,
    /// members; default: N of --shard), which bound the next stage's shard
    /// count; the other outputs keep their input's partitions.
    #[arg(long, global = true, value_name = "P")]
    partitions: Option<usize>,
    /// Field holding the id in JSONL records.
    #[arg(long, global = true, default_value = "id")]
    id_field: String,
    /// Field holding the text in JSONL records.
    #[arg(long, global = true, default_value = "text")]
    text_field: String,
    /// Jaccard similarity that makes two documents reprints.
    #[arg(long, global = true)]
    threshold: Option<f64>,
    /// Share of the smaller document found in the larger that makes them reprints.
    #[arg(long, global = true)]
    containment: Option<f64>,
    /// Shingles: words:N, chars:N or auto:N:M.
    #[arg(long, global = true)]
    shingle: Option<Shingling>,
    /// Values per MinHash signature.
    #[arg(long, global = true)]
    num_perm: Option<usize>,
    /// One-value LSH bands that find a short copy inside a much longer page
    /// (default 32; 0 turns them off).
    #[arg(long, global = true)]
    containment_bands: Option<usize>,
    /// Seed for all hashing.
    #[arg(long, global = true)]
    seed: Option<u64>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// JSONL files to `records`: this shard's files are those at places i
    /// in the list with i % N == K; give every shard the same list.
    Prepare {
        /// JSONL files, one {"id": …, "text": …} object per line; for
        /// repeated ids the first in this order counts.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// `records` to `docs`: the first record of each id.
    Docs,
    /// `docs` to `units` (distinct contents) and `votes` (template votes).
    Units,
    /// `votes` to `templates`.
    Templates,
    /// `units` and all of `templates` to `signed` and `members`.
    Sign,
    /// `members` to `links` (candidate links to each bucket's heads).
    Links,
    /// `links` and `signed` to `pairs` (each link with one side).
    Join,
    /// `pairs` and `signed` to `accepted` (verified links).
    Verify,
    /// All of `accepted` and `signed` to `components`, in one process.
    Components,
    /// `docs`, `signed` and `components` to `gathered`.
    Gather,
    /// `gathered` and `component_links` to `rows` (groups).
    Group,
    /// All of `rows`, `docs` and `records` to the JSON, in one process.
    Output {
        /// The JSON file to write.
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
        /// Also write one row per document (id, group, representative,
        /// scores) to this Parquet file.
        #[arg(long, value_name = "FILE")]
        parquet: Option<PathBuf>,
    },
    /// Runs all stages here, each with --shards processes in parallel.
    Run {
        /// JSONL files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The JSON file to write.
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
        /// Also write one row per document to this Parquet file.
        #[arg(long, value_name = "FILE")]
        parquet: Option<PathBuf>,
        /// Processes per stage (and partitions).
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1024))]
        shards: u32,
        /// Keep the work directory (removed at the end otherwise; it must be
        /// empty or new).
        #[arg(long)]
        keep: bool,
    },
}

/// The configuration as JSON; building the kernels checks every setting.
fn config_json(c: &Common) -> Result<String> {
    let mut config = Config::default();
    if let Some(t) = c.threshold {
        config.threshold = t;
    }
    if let Some(x) = c.containment {
        config.containment = x;
    }
    if let Some(s) = c.shingle {
        config.shingle = s;
    }
    if let Some(k) = c.num_perm {
        config.num_perm = k;
    }
    if let Some(m) = c.containment_bands {
        config.containment_bands = m;
    }
    if let Some(s) = c.seed {
        config.seed = s;
    }
    serde_json::to_string(&config).map_err(|e| Error::new(e.to_string()))
}

/// How a command ended.
enum Status {
    /// All input was read.
    Done,
    /// This many input lines were skipped.
    Skipped(u64),
    /// A child process reported skipped lines.
    SkippedReported,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(Status::Done | Status::Skipped(0)) => ExitCode::SUCCESS,
        Ok(Status::Skipped(n)) => {
            eprintln!("{n} input item(s) skipped");
            ExitCode::from(3)
        }
        Ok(Status::SkippedReported) => ExitCode::from(3),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Runs the command.
fn run(cli: &Cli) -> Result<Status> {
    let c = &cli.common;
    let config = config_json(c)?;
    let kernels = Kernels::new(&config, &c.id_field, &c.text_field)
        .map_err(|e| Error::new(format!("bad settings: {e}")))?;
    if c.partitions.is_some_and(|p| p == 0 || p > files::MAX_PARTS) {
        return Err(Error::new(format!(
            "--partitions must be from 1 to {}",
            files::MAX_PARTS
        )));
    }
    let one = matches!(
        cli.command,
        Cmd::Components | Cmd::Output { .. } | Cmd::Run { .. }
    );
    if one && c.shard.count != 1 {
        return Err(Error::new(
            "this command runs in one process over all its input: give no --shard",
        ));
    }
    let ctx = Ctx {
        kernels,
        config,
        shard: c.shard,
        partitions: c.partitions.unwrap_or(c.shard.count),
    };
    let w = |name: &str| c.work.join(name);
    match &cli.command {
        Cmd::Prepare { inputs } => stages::prepare(&ctx, inputs, &w("records"))?,
        Cmd::Docs => stages::docs(&ctx, &w("records"), &w("docs"))?,
        Cmd::Units => stages::units(&ctx, &w("docs"), &w("units"), &w("votes"))?,
        Cmd::Templates => stages::templates(&ctx, &w("votes"), &w("templates"))?,
        Cmd::Sign => stages::sign(
            &ctx,
            &w("units"),
            &w("templates"),
            &w("signed"),
            &w("members"),
        )?,
        Cmd::Links => stages::links(&ctx, &w("members"), &w("signed"), &w("links"))?,
        Cmd::Join => stages::join(&ctx, &w("links"), &w("signed"), &w("pairs"))?,
        Cmd::Verify => stages::verify(&ctx, &w("pairs"), &w("signed"), &w("accepted"))?,
        Cmd::Components => stages::components(
            &ctx,
            &w("accepted"),
            &w("signed"),
            &w("components"),
            &w("component_links"),
        )?,
        Cmd::Gather => stages::gather(
            &ctx,
            &w("docs"),
            &w("signed"),
            &w("components"),
            &w("gathered"),
        )?,
        Cmd::Group => stages::group(&ctx, &w("gathered"), &w("component_links"), &w("rows"))?,
        Cmd::Output { json, parquet } => {
            let out = stages::output(
                &ctx,
                (&w("rows"), &w("docs"), &w("records")),
                json,
                parquet.as_deref(),
            )?;
            return Ok(Status::Skipped(out.skipped));
        }
        Cmd::Run {
            inputs,
            json,
            parquet,
            shards,
            keep,
        } => return run_all(c, inputs, json, parquet.as_deref(), *shards as usize, *keep),
    }
    Ok(Status::Done)
}

/// The sharded stages, in order.
const SHARDED: [&str; 10] = [
    "prepare",
    "docs",
    "units",
    "templates",
    "sign",
    "links",
    "join",
    "verify",
    "components",
    "gather",
];

/// `run`: every stage as child processes of this program, `shards` at a
/// time, timed on stderr.
fn run_all(
    c: &Common,
    inputs: &[PathBuf],
    json: &Path,
    parquet: Option<&Path>,
    shards: usize,
    keep: bool,
) -> Result<Status> {
    let exe =
        std::env::current_exe().map_err(|e| Error::new(format!("cannot find myself: {e}")))?;
    let fresh = !c.work.exists();
    if !fresh && std::fs::read_dir(&c.work).map_or(true, |mut d| d.next().is_some()) {
        return Err(Error::new(format!(
            "the work directory {} is not empty: give an empty or new one (--work)",
            c.work.display()
        )));
    }
    std::fs::create_dir_all(&c.work)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", c.work.display())))?;
    let mut base: Vec<String> = vec!["--work".into(), c.work.display().to_string()];
    base.extend(["--id-field".into(), c.id_field.clone()]);
    base.extend(["--text-field".into(), c.text_field.clone()]);
    base.extend([
        "--partitions".into(),
        c.partitions.unwrap_or(shards).to_string(),
    ]);
    if let Some(t) = c.threshold {
        base.extend(["--threshold".into(), t.to_string()]);
    }
    if let Some(x) = c.containment {
        base.extend(["--containment".into(), x.to_string()]);
    }
    if let Some(s) = c.shingle {
        base.extend(["--shingle".into(), s.to_string()]);
    }
    if let Some(k) = c.num_perm {
        base.extend(["--num-perm".into(), k.to_string()]);
    }
    if let Some(m) = c.containment_bands {
        base.extend(["--containment-bands".into(), m.to_string()]);
    }
    if let Some(s) = c.seed {
        base.extend(["--seed".into(), s.to_string()]);
    }
    let all = Instant::now();
    let stage = |name: &str, n: usize, extra: &[String]| -> Result<i32> {
        let start = Instant::now();
        let mut children = Vec::new();
        let mut failure = None;
        for k in 0..n {
            let mut cmd = Command::new(&exe);
            cmd.arg(name)
                .args(&base)
                .arg("--shard")
                .arg(format!("{k}/{n}"))
                .args(extra);
            match cmd.spawn() {
                Ok(child) => children.push(child),
                Err(e) => {
                    failure = Some(format!("cannot start {}: {e}", exe.display()));
                    break;
                }
            }
        }
        // Every shard started is waited for, also when one fails, so that
        // no shard is still writing when `run` returns.
        let mut status = 0;
        for mut child in children {
            match child.wait() {
                Ok(s) => {
                    let code = s.code().unwrap_or(1);
                    if code != 0 && code != 3 {
                        failure.get_or_insert_with(|| format!("stage {name} failed ({s})"));
                    }
                    status = status.max(code);
                }
                Err(e) => {
                    failure.get_or_insert_with(|| e.to_string());
                }
            }
        }
        if let Some(f) = failure {
            return Err(Error::new(f));
        }
        eprintln!(
            "[stages] {name:<12} {:8.3} s",
            start.elapsed().as_secs_f64()
        );
        Ok(status)
    };
    let inputs: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    for name in SHARDED {
        let n = if name == "components" { 1 } else { shards };
        stage(name, n, if name == "prepare" { &inputs } else { &[] })?;
    }
    stage("group", shards, &[])?;
    let mut extra = vec!["--json".to_string(), json.display().to_string()];
    if let Some(p) = parquet {
        extra.extend(["--parquet".into(), p.display().to_string()]);
    }
    let status = stage("output", 1, &extra)?;
    eprintln!(
        "[stages] {:<12} {:8.3} s",
        "total",
        all.elapsed().as_secs_f64()
    );
    if !keep {
        std::fs::remove_dir_all(&c.work)
            .map_err(|e| Error::new(format!("cannot remove {}: {e}", c.work.display())))?;
    }
    // The output stage reported the skipped lines and their count.
    Ok(if status == 3 {
        Status::SkippedReported
    } else {
        Status::Done
    })
}
