//! Incremental runs of the example binary through an index file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reprint::Detector;
use serde_json::Value;

mod common;

use common::TempDir;

fn dedup(args: &[&str]) -> Output {
    Command::new(common::dedup_binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// Runs the binary, expects success, and parses its JSON output.
fn dedup_json(args: &[&str]) -> Value {
    let out = dedup(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn seed(n: usize) -> String {
    let dir = Path::new("seeds");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .unwrap()
            .map(|e| dir.join(e.unwrap().file_name()))
            .collect();
    files.sort();
    files[n].display().to_string()
}

fn members(v: &Value) -> Vec<Vec<String>> {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn write_jsonl(path: &Path, docs: &[(String, String)]) {
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, text)| serde_json::json!({ "id": id, "text": text }).to_string())
        .collect();
    std::fs::write(path, lines.join("\n")).unwrap();
}

#[test]
fn two_runs_through_the_index_give_the_groups_of_one_run() {
    let dir = TempDir::new("cli", "two-runs");
    let docs = common::synthetic_corpus(400, 3);
    let (first, second) = docs.split_at(230);
    write_jsonl(&dir.join("all.jsonl"), &docs);
    write_jsonl(&dir.join("first.jsonl"), first);
    write_jsonl(&dir.join("second.jsonl"), second);
    let index = dir.join("corpus.idx");
    let (all, first, second, index) = (
        dir.join("all.jsonl").display().to_string(),
        dir.join("first.jsonl").display().to_string(),
        dir.join("second.jsonl").display().to_string(),
        index.display().to_string(),
    );

    let one = dedup_json(&["--json", "--jsonl", &all]);
    assert!(members(&one).len() > 30, "the corpus has reprints");

    let run1 = dedup_json(&["--json", "--index", &index, "--jsonl", &first]);
    assert_eq!(run1["documents"], 230);
    let run2 = dedup_json(&["--json", "--all", "--index", &index, "--jsonl", &second]);
    assert_eq!(run2["documents"], 400);
    assert_eq!(run2["new_documents"], 170);
    // The same groups, pairs and scores.
    assert_eq!(run2["groups"], one["groups"]);

    // The saved index holds them too, and nothing else is left beside it.
    let det = Detector::load(&index).unwrap();
    assert_eq!(det.len(), 400);
    let mut reference = Detector::builder().build().unwrap();
    reference.insert_batch(docs.clone()).unwrap();
    assert_eq!(det.groups(), reference.groups());
    let mut names: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    // No temporary file is left behind; the lock file stays, as lock files do.
    assert_eq!(
        names,
        [
            "all.jsonl",
            "corpus.idx",
            "corpus.idx.lock",
            "first.jsonl",
            "second.jsonl"
        ]
    );
}

#[test]
fn only_groups_involving_new_documents_are_printed_without_all() {
    let dir = TempDir::new("cli", "new-only");
    let index = dir.join("seeds.idx").display().to_string();
    let run1 = dedup_json(&["--json", "--index", &index, &seed(2), &seed(4)]);
    assert_eq!(members(&run1), [[seed(2), seed(4)]]);
    // The reprint pair is old news in the second run.
    let run2 = dedup_json(&["--json", "--index", &index, &seed(0), &seed(1), &seed(3)]);
    assert_eq!(run2["documents"], 5);
    assert_eq!(run2["new_documents"], 3);
    assert!(members(&run2).is_empty(), "{run2}");
    // --all prints it; no input adds nothing and leaves the file as it is.
    let before = std::fs::read(&index).unwrap();
    let run3 = dedup_json(&["--json", "--all", "--index", &index]);
    assert_eq!(run3["new_documents"], 0);
    assert_eq!(members(&run3), [[seed(2), seed(4)]]);
    assert_eq!(std::fs::read(&index).unwrap(), before);

    let text = dedup(&["--index", &index, &seed(1)]);
    assert_eq!(text.status.code(), Some(3), "a duplicate id is skipped");
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(stderr.contains("already indexed"), "{stderr}");
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.starts_with("5 documents in the index, 0 new; 0 group(s)"),
        "{stdout}"
    );
}

#[test]
fn options_must_agree_with_the_index() {
    let dir = TempDir::new("cli", "options");
    let index = dir.join("seeds.idx").display().to_string();
    dedup_json(&["--json", "--index", &index, "--seed", "7", &seed(2)]);
    // Left out, the options take the index's values.
    let run2 = dedup_json(&["--json", "--index", &index, &seed(4)]);
    assert_eq!(members(&run2), [[seed(2), seed(4)]]);
    assert_eq!(Detector::load(&index).unwrap().config().seed, 7);
    // Given and equal: fine. Given and different: an error, nothing changes.
    dedup_json(&[
        "--json",
        "--index",
        &index,
        "--seed",
        "7",
        "--num-perm",
        "128",
    ]);
    let before = std::fs::read(&index).unwrap();
    let out = dedup(&[
        "--index",
        &index,
        "--num-perm",
        "64",
        "--seed",
        "7",
        &seed(0),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--num-perm 64 (the index has 128)"),
        "{stderr}"
    );
    assert!(!stderr.contains("--seed"), "{stderr}");
    assert_eq!(std::fs::read(&index).unwrap(), before);
}

#[test]
fn containment_bands_are_an_option_the_index_keeps() {
    let dir = TempDir::new("cli", "bands");
    let index = dir.join("seeds.idx").display().to_string();
    let run = dedup_json(&[
        "--json",
        "--index",
        &index,
        "--containment-bands",
        "32",
        &seed(2),
        &seed(4),
    ]);
    assert_eq!(members(&run), [[seed(2), seed(4)]]);
    assert_eq!(
        Detector::load(&index).unwrap().config().containment_bands,
        32
    );
    let out = dedup(&["--index", &index, "--containment-bands", "0", &seed(0)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--containment-bands 0 (the index has 32)"),
        "{stderr}"
    );
}

#[test]
fn damaged_or_foreign_index_files_exit_with_a_clear_error() {
    let dir = TempDir::new("cli", "damaged");
    let index = dir.join("seeds.idx");
    let index_s = index.display().to_string();
    dedup_json(&["--json", "--index", &index_s, &seed(2), &seed(4)]);
    let good = std::fs::read(&index).unwrap();

    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 4;
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("damaged", flipped, "index file is damaged"),
        (
            "cut",
            good[..good.len() - 100].to_vec(),
            "index file is truncated",
        ),
        (
            "foreign",
            b"{\"id\": 1}\n".to_vec(),
            "not a reprint index file",
        ),
        ("empty", Vec::new(), "index file is truncated: it is empty"),
    ];
    for (name, bytes, expect) in cases {
        std::fs::write(&index, &bytes).unwrap();
        let out = dedup(&["--index", &index_s, &seed(0)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(expect), "{name}: {stderr}");
        assert!(stderr.contains("seeds.idx"), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        // The file is left for the user to inspect or restore.
        assert_eq!(std::fs::read(&index).unwrap(), bytes, "{name}");
    }
}

#[test]
fn json_output_holds_every_group_and_timings_go_to_stderr() {
    // Enough groups that the output is formatted in several chunks.
    let dir = TempDir::new("cli", "json-chunks");
    let docs = common::synthetic_corpus(3000, 11);
    write_jsonl(&dir.join("all.jsonl"), &docs);
    let all = dir.join("all.jsonl").display().to_string();
    let mut det = Detector::new(reprint::Config::default()).unwrap();
    det.insert_batch(docs.iter().map(|(i, t)| (i.as_str(), t.as_str())))
        .unwrap();
    let want: Vec<Vec<String>> = det
        .groups()
        .into_iter()
        .map(|g| g.ids().map(String::from).collect())
        .collect();
    assert!(want.len() > 300, "{} groups", want.len());

    let out = dedup(&["--jsonl", &all, "--json", "--timings"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(members(&v), want);
    assert_eq!(v["documents"], 3000);
    assert_eq!(v["new_documents"], 3000);
    // Every member carries its scores against the representative.
    for g in v["groups"].as_array().unwrap() {
        for m in g["members"].as_array().unwrap() {
            let j = m["jaccard"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&j), "{m}");
            if m["id"] == g["representative"] {
                assert_eq!(j, 1.0);
            }
        }
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    for stage in ["read+prepare", "index", "groups", "output", "total"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("[ours] {stage} ")) && l.ends_with(" s")),
            "{stage}: {stderr}"
        );
    }
    // Without --timings, nothing on stderr.
    let quiet = dedup(&["--jsonl", &all, "--json"]);
    assert_eq!(quiet.stdout, out.stdout);
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
}

#[test]
fn a_second_run_on_an_index_waits_for_the_first() {
    use std::io::{BufRead, BufReader};

    let dir = TempDir::new("cli", "lock");
    let index = dir.join("news.idx");
    let index_arg = index.display().to_string();
    let first = dedup_json(&["--index", &index_arg, "--json", &seed(0), &seed(1)]);
    assert_eq!(first["documents"], 2);
    // Hold the lock as a run in progress would.
    let lock = std::fs::File::open(dir.join("news.idx.lock")).expect("the run left its lock file");
    fs4::FileExt::lock(&lock).unwrap();
    let mut second = Command::new(common::dedup_binary())
        .args(["--index", &index_arg, "--json", &seed(2), &seed(3)])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("waiting for another run"), "{line}");
    assert!(line.contains("news.idx"), "{line}");
    // It cannot have read the index yet, let alone saved it.
    assert!(second.try_wait().unwrap().is_none());
    assert_eq!(Detector::load(&index).unwrap().len(), 2);
    fs4::FileExt::unlock(&lock).unwrap();
    let out = second.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 4);
    assert_eq!(Detector::load(&index).unwrap().len(), 4);
}

#[cfg(unix)]
#[test]
fn a_symlinked_index_is_read_locked_and_saved_through_its_target() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::symlink;

    let dir = TempDir::new("cli", "symlink");
    let real = dir.join("real.idx");
    let link = dir.join("link.idx");
    let (real_arg, link_arg) = (real.display().to_string(), link.display().to_string());
    dedup_json(&["--json", "--index", &real_arg, &seed(2)]);
    symlink("real.idx", &link).unwrap();

    let run = dedup_json(&["--json", "--index", &link_arg, &seed(4)]);
    assert_eq!(members(&run), [[seed(2), seed(4)]]);
    // The link is still a link, and its target holds both documents.
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(Detector::load(&real).unwrap().len(), 2);
    assert!(!dir.join("link.idx.lock").exists());

    // A run through the link waits for the lock a run on the target holds.
    let lock = std::fs::File::open(dir.join("real.idx.lock")).unwrap();
    fs4::FileExt::lock(&lock).unwrap();
    let mut second = Command::new(common::dedup_binary())
        .args(["--index", &link_arg, "--json", &seed(0)])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("waiting for another run"), "{line}");
    fs4::FileExt::unlock(&lock).unwrap();
    let out = second.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(Detector::load(&real).unwrap().len(), 3);

    // A link to an index not made yet: the first run creates the target.
    let dangling = dir.join("next.idx");
    symlink(dir.join("sub").join("new.idx"), &dangling).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    let dangling_arg = dangling.display().to_string();
    dedup_json(&["--json", "--index", &dangling_arg, &seed(1)]);
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(Detector::load(dir.join("sub/new.idx")).unwrap().len(), 1);
    assert!(dir.join("sub/new.idx.lock").exists());
    assert!(!dir.join("next.idx.lock").exists());
    let run = dedup_json(&["--json", "--all", "--index", &dangling_arg, &seed(3)]);
    assert_eq!(run["documents"], 2);

    // A loop of links is an error, not a hang.
    symlink("loop-b.idx", dir.join("loop-a.idx")).unwrap();
    symlink("loop-a.idx", dir.join("loop-b.idx")).unwrap();
    let out = dedup(&["--index", &dir.join("loop-a.idx").display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("loop-a.idx: too many symbolic links"),
        "{stderr}"
    );
}

#[test]
fn a_save_removes_the_temporary_files_of_interrupted_saves() {
    let dir = TempDir::new("cli", "stale-temp");
    let index = dir.join("news.idx");
    let index_arg = index.display().to_string();
    dedup_json(&["--json", "--index", &index_arg, &seed(2)]);
    // What runs killed mid-save leave (named as Detector::save names them),
    // and files that only look alike.
    let stale = [".news.idx.4242-0.idx.tmp", ".news.idx.17-3.idx.tmp"];
    let unrelated = [
        ".news.idx.old.4242-0.idx.tmp",
        ".other.idx.4242-0.idx.tmp",
        "news.idx.4242-0.idx.tmp",
        ".news.idx.tmp",
        ".news.idx.x-0.idx.tmp",
        "notes.txt",
    ];
    for name in stale.iter().chain(&unrelated) {
        std::fs::write(dir.join(name), vec![7u8; 1000]).unwrap();
    }
    let out = dedup(&["--json", "--index", &index_arg, &seed(4)]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("removed 2 temporary file(s)") && stderr.contains("news.idx"),
        "{stderr}"
    );
    assert_eq!(Detector::load(&index).unwrap().len(), 2);
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut want: Vec<&str> = ["news.idx", "news.idx.lock"]
        .into_iter()
        .chain(unrelated)
        .collect();
    want.sort();
    assert_eq!(names, want);
    for name in unrelated {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), vec![7u8; 1000]);
    }
}
