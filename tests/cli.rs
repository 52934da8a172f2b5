//! The example binary's command line: exit statuses, what it reads from JSONL
//! and directories, and what its text output shows.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::TempDir;

/// Runs the binary in the crate's directory.
fn dedup<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(common::dedup_binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of seed article `n` (in name order).
fn seed_text(n: usize) -> String {
    common::seed_docs().swap_remove(n).1
}

/// One JSONL line with these id and text values.
fn record(id: serde_json::Value, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string()
}

#[test]
fn exit_statuses_tell_usage_errors_from_skipped_input() {
    let dir = TempDir::new("cli", "exit-status");
    // Usage errors: clap's status.
    for args in [&["--no-such-option"][..], &["--num-perm", "many"]] {
        let out = dedup(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
    // Skipped input: a status of its own, and the rest is processed.
    let missing = dir.join("missing.txt");
    let out = dedup(&[Path::new("seeds"), &missing]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("5 documents, 1 group(s)"));
    // Fatal errors.
    let not_an_index = dir.join("not.idx");
    std::fs::write(&not_an_index, "hello").unwrap();
    let out = dedup(&[Path::new("--index"), &not_an_index]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(dedup(&["seeds"]).status.code(), Some(0));
    // All four are told in --help.
    let help = stdout(&dedup(&["--help"]));
    for line in [
        "0  all input was read",
        "1  fatal error",
        "2  usage error",
        "3  some files or lines were skipped",
    ] {
        assert!(help.contains(line), "{line:?} in {help}");
    }
}

#[test]
fn text_output_escapes_control_characters_in_ids() {
    let dir = TempDir::new("cli", "escape-ids");
    let forged = "a\n  * forged member\n      forged line";
    let coloured = "b\u{1b}[31m\u{202e}";
    let jsonl = dir.join("docs.jsonl");
    let lines = [
        record(forged.into(), &seed_text(2)),
        record(coloured.into(), &seed_text(4)),
    ];
    std::fs::write(&jsonl, lines.join("\n")).unwrap();

    let out = dedup(&[Path::new("--jsonl"), &jsonl]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("2 documents, 1 group(s)"), "{text}");
    // Every character the output holds was written by the program: no line
    // of the ids' own, no escape sequence.
    assert!(
        !text.chars().any(|c| c != '\n' && c.is_control()),
        "{text:?}"
    );
    assert!(!text.contains('\u{202e}'), "{text:?}");
    assert!(!text
        .lines()
        .any(|l| l.contains("forged") && !l.contains("a\\n")));
    assert!(
        text.contains("a\\n  * forged member\\n      forged line"),
        "{text}"
    );
    assert!(text.contains("b\\u{1b}[31m\\u{202e}"), "{text}");
    // The JSON output carries the ids exactly.
    let out = dedup(&[Path::new("--jsonl"), &jsonl, Path::new("--json")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want = [forged, coloured];
    want.sort();
    assert_eq!(group_ids(&v["groups"][0]), want);
}

#[test]
fn a_byte_order_mark_before_a_record_is_ignored() {
    let dir = TempDir::new("cli", "bom");
    let jsonl = dir.join("docs.jsonl");
    // At the start of the file, as editors write it, and at the start of a
    // line, as `cat` leaves it when joining two such files.
    let text = format!(
        "\u{feff}{}\r\n\u{feff}{}\r\n",
        record("x2".into(), &seed_text(2)),
        record("x4".into(), &seed_text(4))
    );
    std::fs::write(&jsonl, text).unwrap();
    let out = dedup(&[Path::new("--json"), Path::new("--jsonl"), &jsonl]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 2);
    assert_eq!(group_ids(&v["groups"][0]), ["x2", "x4"]);
}

#[test]
fn numbers_are_ids_as_they_are_written() {
    let dir = TempDir::new("cli", "number-ids");
    let jsonl = dir.join("docs.jsonl");
    let a = seed_text(2);
    let b = seed_text(4);
    let lines = [
        r#"{"id": 1.5, "text": TEXT_A}"#,
        r#"{"id": 2.50, "text": TEXT_B}"#,
        r#"{"id": 7, "text": TEXT_A}"#,
        r#"{"id": 12345678901234567890123, "text": TEXT_B}"#,
        r#"{"id": -3e2, "text": TEXT_A}"#,
        r#"{"id": null, "text": TEXT_A}"#,
        r#"{"id": true, "text": TEXT_A}"#,
        r#"{"id": {"n": 1}, "text": TEXT_A}"#,
    ];
    let lines: Vec<String> = lines
        .iter()
        .map(|l| {
            l.replace("TEXT_A", &serde_json::to_string(&a).unwrap())
                .replace("TEXT_B", &serde_json::to_string(&b).unwrap())
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let out = dedup(&[Path::new("--json"), Path::new("--jsonl"), &jsonl]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        group_ids(&v["groups"][0]),
        ["-3e2", "1.5", "12345678901234567890123", "2.50", "7"],
        "{err}"
    );
    for (line, kind) in [(6, "null"), (7, "a boolean"), (8, "an object")] {
        let want = format!("docs.jsonl:{line}: the id must be a string or a number, not {kind}");
        assert!(err.contains(&want), "{want:?} in {err}");
    }
}

#[test]
fn an_empty_id_is_rejected_with_a_clear_message() {
    let dir = TempDir::new("cli", "empty-id");
    let jsonl = dir.join("docs.jsonl");
    let lines = [
        record("".into(), &seed_text(2)),
        record("x4".into(), &seed_text(4)),
        serde_json::json!({ "key": "", "body": seed_text(2) }).to_string(),
    ];
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let out = dedup(&[Path::new("--json"), Path::new("--jsonl"), &jsonl]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(
            "docs.jsonl:1: the id (field \"id\") is empty: every record needs an id of its own"
        ),
        "{err}"
    );
    assert!(err.contains("docs.jsonl:3: missing field \"id\""), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 1);
    // The message names the field the ids are read from.
    let out = dedup(&[
        Path::new("--json"),
        Path::new("--id-field"),
        Path::new("key"),
        Path::new("--text-field"),
        Path::new("body"),
        Path::new("--jsonl"),
        &jsonl,
    ]);
    let err = stderr(&out);
    assert!(
        err.contains("docs.jsonl:3: the id (field \"key\") is empty"),
        "{err}"
    );
}

/// The quoted line under each member in the text output, by member id (the
/// members' lines start with the representative mark and two spaces, their
/// quotes with six spaces).
fn quoted_lines(text: &str) -> Vec<(String, Option<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(id) = line
            .strip_prefix("  * ")
            .or_else(|| line.strip_prefix("    "))
            .filter(|_| !line.contains(" ~ ") && !line.starts_with("      "))
        {
            let quote = lines
                .get(i + 1)
                .and_then(|l| l.strip_prefix("      "))
                .map(str::to_string);
            // Members other than the representative carry their scores.
            let id = id.split(": jaccard ").next().unwrap_or(id);
            out.push((id.to_string(), quote));
        }
    }
    out
}

#[test]
fn a_rejected_duplicate_does_not_lend_its_line_to_the_indexed_document() {
    let dir = TempDir::new("cli", "duplicate-line");
    let jsonl = dir.join("docs.jsonl");
    let impostor = "IMPOSTOR headline of another story\n\nSome other text entirely.";
    let lines = [
        record("a".into(), &seed_text(2)),
        record("b".into(), &seed_text(4)),
        record("a".into(), impostor),
    ];
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let out = dedup(&[Path::new("--jsonl"), &jsonl]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"a\" is given to more than one document"));
    // The same lines as without the duplicate.
    let reference = dir.join("reference.jsonl");
    std::fs::write(&reference, lines[..2].join("\n")).unwrap();
    let want = quoted_lines(&stdout(&dedup(&[Path::new("--jsonl"), &reference])));
    assert_eq!(want.len(), 2, "{want:?}");
    assert!(want.iter().all(|(_, quote)| quote.is_some()), "{want:?}");
    assert_eq!(quoted_lines(&stdout(&out)), want);

    // A document of this run that repeats one loaded from an index: the
    // loaded one has no text to quote, and takes none from the repeat.
    let index = dir.join("news.idx");
    let first = dedup(&[
        Path::new("--index"),
        &index,
        Path::new("--jsonl"),
        &reference,
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let repeat = dir.join("repeat.jsonl");
    std::fs::write(&repeat, &lines[2]).unwrap();
    let out = dedup(&[
        Path::new("--all"),
        Path::new("--index"),
        &index,
        Path::new("--jsonl"),
        &repeat,
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let quoted = quoted_lines(&stdout(&out));
    assert_eq!(quoted.len(), 2, "{}", stdout(&out));
    assert!(quoted.iter().all(|(_, q)| q.is_none()), "{quoted:?}");
}

#[test]
fn text_output_quotes_the_first_line_the_cleaner_keeps() {
    let out = dedup(&[
        "seeds/002_a0b6d07105c2ccbf.txt",
        "seeds/004_b62c5577e6212a29.txt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let quoted = quoted_lines(&stdout(&out));
    // The page starts with a date line and a reading time: not what a reader
    // knows the story by.
    let want = |text: &str| {
        let line = reprint::clean(text).kept().next().unwrap().text.clone();
        assert!(
            !line.contains("2021") && !line.contains("mins read"),
            "{line}"
        );
        format!("{}…", line.chars().take(90).collect::<String>())
    };
    assert_eq!(
        quoted,
        [
            (
                "seeds/002_a0b6d07105c2ccbf.txt".to_string(),
                Some(want(&seed_text(2)))
            ),
            (
                "seeds/004_b62c5577e6212a29.txt".to_string(),
                Some(want(&seed_text(4)))
            ),
        ]
    );
    assert!(quoted[0]
        .1
        .as_ref()
        .unwrap()
        .starts_with("Addressing a press conference"));

    // An index built with boilerplate removal off keeps every block, and the
    // quote is the first of them.
    let dir = TempDir::new("cli", "quote-no-boilerplate");
    let index = dir.join("plain.idx");
    let mut config = reprint::Config::default();
    config.boilerplate = false;
    reprint::Detector::new(config)
        .unwrap()
        .save(&index)
        .unwrap();
    let out = dedup(&[
        Path::new("--index"),
        &index,
        Path::new("seeds/002_a0b6d07105c2ccbf.txt"),
        Path::new("seeds/004_b62c5577e6212a29.txt"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let quoted = quoted_lines(&stdout(&out));
    assert!(
        quoted
            .iter()
            .any(|(id, q)| id.contains("002") && q.as_deref() == Some("January 5, 2021")),
        "{}",
        stdout(&out)
    );
}

/// Runs the binary, killing it if it has not finished within a minute.
fn dedup_or_kill<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let mut child = Command::new(common::dedup_binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!(
                "dedup {:?} did not finish in a minute",
                args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// The member ids of each group in JSON output.
fn members(out: &Output) -> Vec<Vec<String>> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(group_ids)
        .collect()
}

/// The member ids of one group in JSON output.
fn group_ids(g: &serde_json::Value) -> Vec<String> {
    g["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn linked_directories_and_files_are_read_once_each() {
    use std::os::unix::fs::symlink;

    let dir = TempDir::new("cli", "walk-links");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::write(corpus.join("a.txt"), seed_text(2)).unwrap();
    std::fs::write(corpus.join("sub/b.txt"), seed_text(4)).unwrap();
    std::fs::write(corpus.join("sub/notes.md"), seed_text(0)).unwrap();
    // A link to the directory above (a loop), one to a directory beside it,
    // one to a file, and one to nothing.
    symlink("..", corpus.join("sub/up")).unwrap();
    symlink("sub", corpus.join("sub-again")).unwrap();
    symlink("sub/b.txt", corpus.join("b-again.txt")).unwrap();
    symlink("nowhere.txt", corpus.join("gone.txt")).unwrap();

    let out = dedup_or_kill(&[Path::new("--json"), &corpus]);
    let err = stderr(&out);
    // Only the link to nothing is reported.
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("gone.txt: No such file"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 2, "{v}");
    // Each file once, under the first path in name order that reaches it.
    let (a, b) = (corpus.join("a.txt"), corpus.join("b-again.txt"));
    assert_eq!(
        members(&out),
        [[a.display().to_string(), b.display().to_string()]]
    );

    // Named on the command line: a link to a file is read as the file, and a
    // file also found below a given directory (sub/b.txt, and a.txt through
    // sub/up) is read once.
    std::fs::remove_file(corpus.join("gone.txt")).unwrap();
    let link = dir.join("story");
    symlink(corpus.join("sub/b.txt"), &link).unwrap();
    let out = dedup_or_kill(&[Path::new("--json"), &a, &link, &corpus.join("sub")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        members(&out),
        [[a.display().to_string(), link.display().to_string()]]
    );
    // A loop of links given as the directory.
    let out = dedup_or_kill(&[Path::new("--json"), &corpus.join("sub/up/sub/up")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 2, "{v}");
    // --help says so.
    let help = stdout(&dedup(&["--help"]));
    assert!(help.contains("Symbolic links are followed"), "{help}");
}
