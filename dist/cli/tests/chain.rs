//! The stages as commands over a generated corpus: the JSON is byte for byte
//! what the core `Detector` gives (as `dedup --json` prints it) with one
//! shard, with several, with other shard counts per stage and the input
//! files in another order; bad input gives a clear error, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow_array::{Int64Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use reprint::{Config, Detector};

const EXE: &str = env!("CARGO_BIN_EXE_reprint-stages");

/// A deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn word(rng: &mut Rng) -> String {
    const SYL: [&str; 24] = [
        "ka", "lo", "mi", "ter", "san", "vo", "ri", "del", "pa", "nu", "gor", "es", "ti", "bra",
        "lum", "ox", "fen", "da", "qui", "rel", "sto", "mar", "ve", "zen",
    ];
    (0..1 + rng.below(3))
        .map(|_| SYL[rng.below(SYL.len())])
        .collect()
}

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(12);
    let mut s: Vec<String> = (0..n).map(|_| word(rng)).collect();
    if rng.below(3) == 0 {
        s.push(format!("{}", 10 + rng.below(5000)));
    }
    let mut s = s.join(" ");
    s.push('.');
    s
}

/// A story: paragraphs of sentences.
fn story(rng: &mut Rng) -> Vec<String> {
    (0..4 + rng.below(5))
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| sentence(rng))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// A site's copy of a story: its own headline, its boilerplate, maybe the
/// last paragraph cut and a few words changed.
fn reprint(rng: &mut Rng, paras: &[String], site: usize) -> String {
    let mut p: Vec<String> = paras.to_vec();
    if rng.below(2) == 0 && p.len() > 3 {
        p.pop();
    }
    for para in p.iter_mut() {
        if rng.below(4) == 0 {
            *para = para.replacen(' ', &format!(" {} ", word(rng)), 1);
        }
    }
    let headline = (0..6).map(|_| word(rng)).collect::<Vec<_>>().join(" ");
    format!(
        "Site {site} | Home | World | Sport\n\n{headline}\n\n{}\n\nSubscribe to the Site {site} newsletter. Copyright Site {site}.",
        p.join("\n\n")
    )
}

/// The corpus as JSONL lines: stories with 0 to 6 copies, one with 40,
/// repeated ids, and lines that are no records or have no text.
fn corpus(seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut lines = Vec::new();
    let mut n = 0;
    let mut add = |lines: &mut Vec<String>, text: &str, id: Option<String>| {
        n += 1;
        let id = id.unwrap_or_else(|| format!("doc-{n:04}"));
        lines.push(serde_json::json!({"id": id, "text": text, "site": n % 7}).to_string());
    };
    let mut first = Vec::new();
    for s in 0..70 {
        let paras = story(&mut rng);
        if s == 0 {
            first = paras.clone();
        }
        let copies = if s == 5 { 40 } else { rng.below(7) };
        for _ in 0..=copies {
            let site = rng.below(9);
            let text = reprint(&mut rng, &paras, site);
            add(&mut lines, &text, None);
        }
    }
    // A repeated id (the first counts), numeric ids, an empty text, broken
    // lines and a blank one.
    let t = reprint(&mut rng, &story(&mut Rng(99)), 1);
    add(&mut lines, &t, Some("doc-0003".into()));
    // A numeric id, kept as written, on a copy of the first story.
    let copy = serde_json::to_string(&reprint(&mut rng, &first, 2)).unwrap();
    lines.push(format!(r#"{{"id": 12.50, "text": {copy}}}"#));
    lines.push(r#"{"id": "empty", "text": "   "}"#.into());
    lines.push(r#"{"id": "no text"}"#.into());
    lines.push("not json".into());
    lines.push(String::new());
    lines
}

/// Splits `lines` into `files` JSONL files, line i to file i % files.
fn write_files(dir: &Path, lines: &[String], files: usize) -> Vec<PathBuf> {
    let paths: Vec<PathBuf> = (0..files)
        .map(|f| dir.join(format!("in-{f}.jsonl")))
        .collect();
    for (f, path) in paths.iter().enumerate() {
        let text: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % files == f)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        std::fs::write(path, text).unwrap();
    }
    paths
}

/// What `dedup --json --jsonl` prints for the files in this order, from the
/// core `Detector`.
fn expected(paths: &[PathBuf]) -> String {
    expected_with(paths, Config::default())
}

/// [`expected`] under another configuration.
fn expected_with(paths: &[PathBuf], config: Config) -> String {
    let mut docs = Vec::new();
    for p in paths {
        for line in std::fs::read(p).unwrap().split(|&b| b == b'\n') {
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            if let Ok(d) = reprint_kernels::parse_line(line, "id", "text") {
                docs.push((d.id, d.text));
            }
        }
    }
    let mut det = Detector::new(config).unwrap();
    det.insert_batch_lenient(docs.iter().map(|(i, t)| (i.as_str(), t.as_str())));
    let groups: Vec<String> = det
        .groups()
        .iter()
        .map(reprint_kernels::group_json)
        .collect();
    let n = det.len();
    format!(
        "{{\"documents\":{n},\"groups\":[{}],\"new_documents\":{n}}}\n",
        groups.join(",")
    )
}

/// `run --work WORK --json JSON` with `options` over `paths`, which skip
/// lines (exit status 3); returns the JSON written.
fn run_json(options: &[&str], work: &Path, json: &Path, paths: &[PathBuf]) -> String {
    let mut args = vec!["run", "--work", s(work), "--json", s(json)];
    args.extend_from_slice(options);
    args.extend(paths.iter().map(|p| s(p)));
    let out = stages(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    // Every corpus here repeats one id once and has three unreadable records
    // (a blank line is no record).
    assert!(
        err.contains("skipped: 1 record(s) with the id of an earlier record"),
        "{err}"
    );
    assert_eq!(err.matches("skipped: ").count(), 4, "{err}");
    std::fs::read_to_string(json).unwrap()
}

fn stages(args: &[&str]) -> Output {
    Command::new(EXE).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Checks the exit status and that the message is a clear one.
fn assert_fails(out: &Output, code: i32, message: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(message), "expected {message:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reprint-stages-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn run_gives_dedups_json_with_any_shard_count_and_file_order() {
    let dir = tmp("run");
    let lines = corpus(7);
    let mut paths = write_files(&dir, &lines, 4);
    let want = expected(&paths);
    assert!(want.matches("\"representative\"").count() >= 20, "{want}");
    assert!(want.contains("\"12.50\""), "{want}");
    for shards in ["1", "3"] {
        let json = dir.join(format!("out-{shards}.json"));
        let work = dir.join(format!("work-{shards}"));
        // Lines were skipped (a repeated id, an empty text, broken lines).
        assert_eq!(
            run_json(&["--shards", shards], &work, &json, &paths),
            want,
            "{shards} shard(s)"
        );
        assert!(!work.exists(), "the work directory is removed");
    }
    // The files in another order: the repeated id's first record changes.
    paths.reverse();
    paths.swap(0, 2);
    let want = expected(&paths);
    let json = dir.join("out-shuffled.json");
    let parquet = dir.join("docs.parquet");
    let work = dir.join("work-shuffled");
    let options = ["--shards", "4", "--parquet", s(&parquet)];
    assert_eq!(run_json(&options, &work, &json, &paths), want);
    // One row per document, members of groups with their group.
    let file = std::fs::File::open(&parquet).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let (mut rows, mut grouped) = (0, 0);
    for b in reader {
        let b = b.unwrap();
        rows += b.num_rows();
        grouped += b.num_rows() - b.column_by_name("group").unwrap().null_count();
    }
    let v: serde_json::Value = serde_json::from_str(&want).unwrap();
    assert_eq!(rows as u64, v["documents"].as_u64().unwrap());
    let members: usize = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["members"].as_array().unwrap().len())
        .sum();
    assert_eq!(grouped, members);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn settings_reach_every_stage() {
    let dir = tmp("settings");
    let paths = write_files(&dir, &corpus(11), 3);
    let mut config = Config::default();
    config.containment_bands = 16;
    config.seed = 3;
    let want = expected_with(&paths, config);
    assert_ne!(want, expected(&paths), "the settings change the groups");
    let json = dir.join("out.json");
    let work = dir.join("work");
    let options = ["--shards", "2", "--containment-bands", "16", "--seed", "3"];
    assert_eq!(run_json(&options, &work, &json, &paths), want);
}

#[test]
fn stages_run_one_by_one_with_other_shard_counts() {
    let dir = tmp("steps");
    let paths = write_files(&dir, &corpus(11), 5);
    let want = expected(&paths);
    let work = dir.join("work");
    let w = s(&work);
    // (stage, shards, partitions)
    let plan: [(&str, usize, Option<&str>); 11] = [
        ("prepare", 2, Some("5")),
        ("docs", 3, Some("4")),
        ("units", 2, Some("3")),
        ("templates", 3, None),
        ("sign", 4, Some("2")),
        ("links", 3, None),
        ("join", 2, None),
        ("verify", 4, None),
        ("components", 1, None),
        ("gather", 3, None),
        ("group", 2, None),
    ];
    for (stage, n, p) in plan {
        for k in 0..n {
            let shard = format!("{k}/{n}");
            let mut args = vec![stage, "--work", w, "--shard", &shard];
            if stage == "components" {
                args.truncate(3);
            }
            if let Some(p) = p {
                args.extend(["--partitions", p]);
            }
            if stage == "prepare" {
                args.extend(paths.iter().map(|p| s(p)));
            }
            let out = stages(&args);
            assert!(
                out.status.success(),
                "{stage} {shard}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let json = dir.join("out.json");
    let out = stages(&["output", "--work", w, "--json", s(&json)]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("skipped: ") && err.contains("input item(s) skipped"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&json).unwrap(), want);

    // Running a stage again with another setting is caught.
    let out = stages(&["docs", "--work", w, "--seed", "5"]);
    assert_fails(&out, 1, "another configuration");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_gives_clear_errors() {
    let dir = tmp("bad");
    let w = dir.join("work");
    // No such directory.
    assert_fails(
        &stages(&["docs", "--work", s(&w)]),
        1,
        "cannot read the directory",
    );
    // No such input file.
    let missing = dir.join("missing.jsonl");
    assert_fails(
        &stages(&["prepare", "--work", s(&w), s(&missing)]),
        1,
        "cannot read",
    );
    // A shard that did not run.
    let input = write_files(&dir, &corpus(3), 1);
    let out = stages(&["prepare", "--work", s(&w), "--shard", "0/2", s(&input[0])]);
    assert!(out.status.success());
    assert_fails(&stages(&["docs", "--work", s(&w)]), 1, "did not finish");
    // Bad shard specs are usage errors.
    for bad in ["2/2", "1", "a/b", "0/0"] {
        assert_fails(
            &stages(&["docs", "--work", s(&w), "--shard", bad]),
            2,
            "bad shard",
        );
    }
    assert_fails(
        &stages(&["components", "--work", s(&w), "--shard", "0/2"]),
        1,
        "one process",
    );
    // A Parquet file of another schema.
    let records = dir.join("w2/records");
    std::fs::create_dir_all(&records).unwrap();
    let name = "part-00000-of-00001-from-00000-of-00001.parquet";
    let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, true)]));
    let batch =
        RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(vec![1, 2]))]).unwrap();
    let mut wr = parquet::arrow::ArrowWriter::try_new(
        std::fs::File::create(records.join(name)).unwrap(),
        schema,
        None,
    )
    .unwrap();
    wr.write(&batch).unwrap();
    wr.close().unwrap();
    std::fs::write(records.join("_done-00000-of-00001"), format!("{name}\n")).unwrap();
    let w2 = dir.join("w2");
    assert_fails(
        &stages(&["docs", "--work", s(&w2)]),
        1,
        "no column \"file\"",
    );
    // A damaged file.
    std::fs::write(records.join(name), b"PAR1 this is not parquet").unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&w2)]),
        1,
        "not a readable Parquet file",
    );
    // A truncated one.
    let good = dir.join("w3");
    let out = stages(&["prepare", "--work", s(&good), s(&input[0])]);
    assert!(out.status.success());
    let f = good.join("records").join(name);
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&good)]),
        1,
        "not a readable Parquet file",
    );
    // A file of a finished shard that went missing, and one that no shard
    // wrote.
    let lost = dir.join("w4");
    let out = stages(&[
        "prepare",
        "--work",
        s(&lost),
        "--partitions",
        "3",
        s(&input[0]),
    ]);
    assert!(out.status.success());
    let records = lost.join("records");
    let part = records.join("part-00001-of-00003-from-00000-of-00001.parquet");
    let bytes = std::fs::read(&part).unwrap();
    std::fs::remove_file(&part).unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "3"]),
        1,
        "part-00001-of-00003-from-00000-of-00001.parquet, written by shard 0 of 1, is missing",
    );
    std::fs::write(&part, &bytes).unwrap();
    let out = stages(&["docs", "--work", s(&lost), "--partitions", "3"]);
    assert!(out.status.success(), "{out:?}");
    let stray = records.join("part-00001-of-00003-from-00000-of-00002.parquet");
    std::fs::write(&stray, &bytes).unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "3"]),
        1,
        "different shard counts",
    );
    std::fs::remove_file(&stray).unwrap();
    let stray = records.join("part-00003-of-00003-from-00000-of-00001.parquet");
    std::fs::write(&stray, &bytes).unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "3"]),
        1,
        "partition 3 of 3",
    );
    std::fs::remove_file(&stray).unwrap();
    // Partition and shard counts beyond any run's are refused, not walked
    // through one by one.
    let marker = records.join("_done-00000-of-00001");
    let listed = std::fs::read_to_string(&marker).unwrap();
    let huge = "part-00000-of-4000000000-from-00000-of-00001.parquet";
    std::fs::write(records.join(huge), &bytes).unwrap();
    std::fs::write(&marker, format!("{listed}{huge}\n")).unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "3"]),
        1,
        "different partition counts",
    );
    let kept: Vec<_> = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with(huge))
        .collect();
    for p in &kept {
        std::fs::remove_file(p).unwrap();
    }
    std::fs::write(&marker, format!("{huge}\n")).unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "3"]),
        1,
        "partition 0 of 4000000000",
    );
    std::fs::remove_file(records.join(huge)).unwrap();
    std::fs::remove_file(&marker).unwrap();
    std::fs::write(
        records.join("part-00000-of-00001-from-00000-of-4000000000.parquet"),
        &bytes,
    )
    .unwrap();
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "3"]),
        1,
        "run of 4000000000 shards",
    );
    assert_fails(
        &stages(&["docs", "--work", s(&lost), "--partitions", "100000"]),
        1,
        "--partitions must be from 1 to 99999",
    );
    // `records` of another, smaller run of `prepare` than `docs` was made
    // from.
    let kept = dir.join("w5");
    let json = dir.join("w5.json");
    let out = stages(&[
        "run",
        "--keep",
        "--shards",
        "1",
        "--work",
        s(&kept),
        "--json",
        s(&json),
        s(&input[0]),
    ]);
    // 3: the corpus has lines to skip.
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = stages(&[
        "prepare",
        "--work",
        s(&kept),
        "--partitions",
        "2",
        s(&empty),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_fails(
        &stages(&["output", "--work", s(&kept), "--json", s(&json)]),
        1,
        "run docs again",
    );
    // A run into a directory that is not empty.
    let json = dir.join("x.json");
    assert_fails(
        &stages(&["run", "--work", s(&good), "--json", s(&json), s(&input[0])]),
        1,
        "not empty",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
