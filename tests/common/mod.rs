//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The seed articles as `(first three characters of the file name, text)`.
pub fn seed_docs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap()[..3].to_string();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

/// The example binary, built with the profile of the running test.
pub fn dedup_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().unwrap().parent().unwrap();
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        // `cargo test` builds examples already; `cargo test --test x` does not.
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "--example", "dedup"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().unwrap();
        assert!(status.success(), "building the dedup example failed");
        let bin = profile_dir
            .join("examples")
            .join(format!("dedup{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} missing", bin.display());
        bin
    })
    .clone()
}

/// Makes edited index-file bytes consistent again: sets the header's length
/// field to the real length and recomputes the footer checksum, so that the
/// loader's structural checks, not the checksum, judge the edit.
pub fn reseal(bytes: &mut [u8]) {
    if bytes.len() < 32 {
        return;
    }
    let len = bytes.len() as u64;
    bytes[16..24].copy_from_slice(&len.to_le_bytes());
    let body = bytes.len() - 8;
    let sum = xxhash_rust::xxh3::xxh3_64(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
}

/// [`reseal`], after recomputing the configuration fingerprint in the header
/// (bytes 24..32) from the stored configuration (bytes 32..151 in format
/// versions 3 and 4, 32..143 in versions 1 and 2), so that an
/// edited configuration reaches decoding and validation.
pub fn reseal_config(bytes: &mut [u8]) {
    let end = if bytes.len() >= 12 && u32::from_le_bytes(bytes[8..12].try_into().unwrap()) >= 3 {
        151
    } else {
        143
    };
    if bytes.len() < end {
        return reseal(bytes);
    }
    let fingerprint = xxhash_rust::xxh3::xxh3_64(&bytes[32..end]);
    bytes[24..32].copy_from_slice(&fingerprint.to_le_bytes());
    reseal(bytes);
}

/// A small deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A deterministic synthetic news corpus of `n` documents: original articles of
/// two to five paragraphs of English-like prose (function words around a
/// made-up vocabulary), and (about one in four) reprints of an earlier article
/// with a new headline, a site footer and often only its first paragraphs.
pub fn synthetic_corpus(n: usize, seed: u64) -> Vec<(String, String)> {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ren", "sa", "to", "vu", "bel", "dor", "fin", "gra", "hul", "jen", "pra",
        "sti", "wen",
    ];
    const FUNCTION: [&str; 12] = [
        "the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "was", "said",
    ];
    let mut rng = Rng(seed);
    let vocab: Vec<String> = (0..4000)
        .map(|_| {
            let len = 1 + rng.below(3) as usize;
            (0..len)
                .map(|_| SYLLABLES[rng.below(16) as usize])
                .collect()
        })
        .collect();
    let mut docs: Vec<(String, String)> = Vec::with_capacity(n);
    let mut originals: Vec<Vec<String>> = Vec::new();
    for i in 0..n {
        let text = if !originals.is_empty() && rng.below(4) == 0 {
            let src = &originals[rng.below(originals.len() as u64) as usize];
            let keep = if rng.below(2) == 0 {
                src.len()
            } else {
                src.len().div_ceil(2)
            };
            format!(
                "Outlet {} News\n\n{}\n\nFollow us on social media for more stories",
                rng.below(50),
                src[..keep].join("\n\n")
            )
        } else {
            let paragraphs: Vec<String> = (0..2 + rng.below(4))
                .map(|_| {
                    (0..2 + rng.below(3))
                        .map(|_| {
                            let words: Vec<&str> = (0..10 + rng.below(12))
                                .map(|_| {
                                    if rng.below(3) == 0 {
                                        FUNCTION[rng.below(12) as usize]
                                    } else {
                                        // Zipf-like: small indices far more often.
                                        let r = rng.below(4000) as f64 / 4000.0;
                                        &vocab[((r * r * r) * 3999.0) as usize]
                                    }
                                })
                                .collect();
                            let mut sentence = words.join(" ");
                            sentence[..1].make_ascii_uppercase();
                            sentence + "."
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let text = paragraphs.join("\n\n");
            originals.push(paragraphs);
            text
        };
        docs.push((format!("doc{i:05}"), text));
    }
    docs
}

/// A scratch directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A fresh directory named after the test file (`kind`), the test and the
    /// process, so parallel tests never share one.
    pub fn new(kind: &str, name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("reprint-{kind}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// A path inside the directory.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A deterministic paragraph of about forty words, different for every
/// `(story, i)`: word 3-grams of two paragraphs almost never coincide.
pub fn para(story: u64, i: u64) -> String {
    const WORDS: [&str; 48] = [
        "minister",
        "council",
        "river",
        "harbour",
        "vote",
        "budget",
        "police",
        "storm",
        "bank",
        "school",
        "report",
        "price",
        "team",
        "court",
        "plan",
        "farmers",
        "railway",
        "hospital",
        "election",
        "mayor",
        "strike",
        "drought",
        "tariff",
        "festival",
        "museum",
        "bridge",
        "airport",
        "union",
        "senate",
        "factory",
        "village",
        "coast",
        "border",
        "market",
        "teachers",
        "doctors",
        "pilots",
        "miners",
        "said",
        "warned",
        "agreed",
        "rejected",
        "announced",
        "delayed",
        "opened",
        "closed",
        "raised",
        "cut",
    ];
    let mut state = story
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(i.wrapping_mul(0xbf58_476d_1ce4_e5b9))
        | 1;
    let mut words = Vec::new();
    for w in 0..40 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let word = WORDS[(state % WORDS.len() as u64) as usize];
        words.push(if w == 0 {
            let mut c = word.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            first + c.as_str()
        } else {
            word.to_string()
        });
    }
    words.join(" ") + "."
}

/// Paragraphs `range` of story `story`, one per line.
pub fn text(story: u64, range: impl IntoIterator<Item = u64>) -> String {
    range
        .into_iter()
        .map(|i| para(story, i))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A corpus with everything the linear core treats specially: exact copies,
/// near copies, excerpts of one source, digests of two stories, and
/// unrelated stories.
pub fn mixed_corpus() -> Vec<(String, String)> {
    let mut docs = Vec::new();
    let story = text(50, 0..6);
    for c in 0..12 {
        docs.push((format!("exact-{c:02}"), story.clone()));
        docs.push((
            format!("near-{c:02}"),
            format!("Headline {c}\n{story}\n{}", para(51, c)),
        ));
    }
    let source = text(52, 0..10);
    docs.push(("source".into(), source));
    for (i, pick) in [[0u64, 1, 2, 3], [4, 5, 6, 7], [6, 7, 8, 9], [0, 2, 4, 6]]
        .iter()
        .enumerate()
    {
        docs.push((format!("excerpt-{i}"), text(52, pick.iter().copied())));
    }
    let (x, y) = (text(53, 0..5), text(54, 0..5));
    for c in 0..4 {
        docs.push((format!("x-{c}"), format!("On x {c}\n{x}")));
        docs.push((format!("y-{c}"), format!("On y {c}\n{y}")));
        docs.push((format!("digest-{c}"), format!("Roundup {c}\n{x}\n{y}")));
    }
    for s in 0..6 {
        docs.push((format!("other-{s}"), text(60 + s, 0..4)));
    }
    docs
}
