//! One benchmark group per pipeline stage, on a deterministic corpus of news pages
//! in English, Chinese and Arabic from the synthetic generator in `synth/`, plus
//! the seed articles.
//!
//! ```text
//! cargo bench -p reprint-bench --bench stages                 # everything
//! cargo bench -p reprint-bench --bench stages -- signature    # one group
//! ```
//!
//! Every group reports throughput in bytes of source text, so the stages can be
//! compared with each other and with `examples/bench_e2e.rs`. Every benchmark
//! checks its answer against one computed before timing starts, so a broken
//! path cannot look fast.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reprint::{
    clean, normalize, normalize_into, shingles, Detector, LshIndex, MinHasher, Scheme, Shingling,
    Signature,
};

// A bench with its own harness is built with `cfg(test)` but without the test
// harness, so the generator's unit tests vanish and leave their imports unused.
#[allow(unused_imports)]
#[path = "../benches/synth/mod.rs"]
mod synth;

/// Pages per language in the stage benchmarks.
const PAGES: usize = 200;

/// A synthetic corpus of `docs` pages with Chinese and Arabic stories among the
/// English ones, as `(id, text)`.
fn synth_docs(seed: u64, docs: usize) -> Vec<(String, String)> {
    let mut cfg = synth::SynthConfig::new(seed, docs);
    cfg.lang = synth::Lang::Mixed;
    let corpus = synth::Corpus::new(&cfg);
    corpus.iter().map(|d| (d.id, d.text)).collect()
}

/// The corpus, split by language, plus the seeds.
struct Texts {
    sets: Vec<(&'static str, Vec<String>)>,
}

impl Texts {
    fn load() -> Texts {
        let mut cfg = synth::SynthConfig::new(7, 8 * PAGES);
        cfg.lang = synth::Lang::Mixed;
        let corpus = synth::Corpus::new(&cfg);
        let mut english = Vec::new();
        let mut chinese = Vec::new();
        let mut arabic = Vec::new();
        for doc in corpus.iter() {
            let bucket = match corpus.story_info(doc.story).lang {
                synth::StoryLang::En => &mut english,
                synth::StoryLang::Zh => &mut chinese,
                synth::StoryLang::Ar => &mut arabic,
            };
            if bucket.len() < PAGES {
                bucket.push(doc.text);
            }
        }
        assert!(
            english.len() == PAGES && chinese.len() >= PAGES / 4 && arabic.len() >= PAGES / 4,
            "{} {} {}",
            english.len(),
            chinese.len(),
            arabic.len()
        );
        let seeds = seed_docs().into_iter().map(|(_, t)| t).collect();
        let accented = english.iter().map(|t| accented(t)).collect();
        Texts {
            sets: vec![
                ("english", english),
                ("accented", accented),
                ("chinese", chinese),
                ("arabic", arabic),
                ("seeds", seeds),
            ],
        }
    }
}

/// English text with accented letters, as text in French, Spanish or German
/// has them: in every third word, the first `e` becomes `é` and the first
/// `u` becomes `ü`.
fn accented(text: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 3 == 0 {
                w.replacen('e', "é", 1).replacen('u', "ü", 1)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

/// The seed articles as `(first three characters of the file name, text)`.
fn seed_docs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .map(|e| e.expect("readable seeds/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).expect("UTF-8 name");
            let text = std::fs::read_to_string(p).expect("readable seed");
            (name[..3].to_string(), text)
        })
        .collect()
}

fn normalize_stage(c: &mut Criterion, texts: &Texts) {
    let mut group = c.benchmark_group("normalize");
    for (name, set) in &texts.sets {
        let expected: usize = set.iter().map(|t| normalize(t).len()).sum();
        for t in set {
            let n = normalize(t);
            assert!(
                !n.is_empty() && normalize(&n) == n,
                "normalize is idempotent"
            );
        }
        group.throughput(Throughput::Bytes(bytes(set)));
        group.bench_function(*name, |b| {
            let mut out = String::new();
            b.iter(|| {
                let mut total = 0;
                for t in set {
                    normalize_into(black_box(t), &mut out);
                    total += out.len();
                }
                assert_eq!(total, expected);
            })
        });
    }
    group.finish();
}

fn shingle_stage(c: &mut Criterion, texts: &Texts) {
    let mut group = c.benchmark_group("shingle");
    for (name, set) in &texts.sets {
        let normalized: Vec<String> = set.iter().map(|t| normalize(t)).collect();
        let expected: usize = normalized
            .iter()
            .map(|t| shingles(t, Shingling::default(), 0).len())
            .sum();
        // A page has a few hundred distinct shingles, not a handful.
        assert!(expected > 50 * set.len(), "{name}: {expected} shingles");
        group.throughput(Throughput::Bytes(bytes(set)));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let total: usize = normalized
                    .iter()
                    .map(|t| shingles(black_box(t), Shingling::default(), 0).len())
                    .sum();
                assert_eq!(total, expected);
            })
        });
    }
    group.finish();
}

fn signature_stage(c: &mut Criterion, texts: &Texts) {
    let mut group = c.benchmark_group("signature");
    let (_, english) = &texts.sets[0];
    let sets: Vec<Vec<u32>> = english
        .iter()
        .map(|t| shingles(&normalize(t), Shingling::default(), 0))
        .collect();
    group.throughput(Throughput::Bytes(bytes(english)));
    for (label, scheme) in [
        ("one_permutation", Scheme::OnePermutation),
        ("classic", Scheme::Classic),
    ] {
        for k in [64, 128, 256] {
            let hasher = MinHasher::new(k, 0, scheme);
            let expected: Vec<Signature> = sets
                .iter()
                .map(|s| hasher.signature(s).expect("non-empty set"))
                .collect();
            assert!(expected.iter().all(|s| s.len() == k));
            // Deterministic: a second hasher with the same settings agrees.
            let again = MinHasher::new(k, 0, scheme);
            assert_eq!(again.signature(&sets[0]).as_ref(), Some(&expected[0]));
            group.bench_with_input(BenchmarkId::new(label, k), &k, |b, _| {
                b.iter(|| {
                    for (s, want) in sets.iter().zip(&expected) {
                        let sig = hasher.signature(black_box(s)).expect("non-empty set");
                        assert_eq!(sig.values()[0], want.values()[0]);
                    }
                })
            });
        }
    }
    // Sets of one to three shingles, where densification fills nearly every
    // bin: without a probe limit this cost about k² probes a set.
    let few: Vec<Vec<u32>> = sets
        .iter()
        .enumerate()
        .map(|(i, s)| s[..s.len().min(1 + i % 3)].to_vec())
        .collect();
    group.throughput(Throughput::Elements(few.len() as u64));
    for k in [128, 4096] {
        let hasher = MinHasher::new(k, 0, Scheme::OnePermutation);
        let expected: Vec<Signature> = few
            .iter()
            .map(|s| hasher.signature(s).expect("non-empty set"))
            .collect();
        // One shingle gives one value, in every bin.
        assert!(expected[0]
            .values()
            .iter()
            .all(|&v| v == expected[0].values()[0]));
        group.bench_with_input(BenchmarkId::new("one_to_three_shingles", k), &k, |b, _| {
            b.iter(|| {
                for (s, want) in few.iter().zip(&expected) {
                    let sig = hasher.signature(black_box(s)).expect("non-empty set");
                    assert_eq!(&sig, want);
                }
            })
        });
    }
    group.finish();
}

fn boilerplate_stage(c: &mut Criterion, texts: &Texts) {
    let mut group = c.benchmark_group("boilerplate");
    for (name, set) in &texts.sets {
        let expected: usize = set.iter().map(|t| clean(t).kept().count()).sum();
        assert!(expected >= set.len(), "{name}: every page keeps a block");
        group.throughput(Throughput::Bytes(bytes(set)));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let kept: usize = set.iter().map(|t| clean(black_box(t)).kept().count()).sum();
                assert_eq!(kept, expected);
            })
        });
    }
    group.finish();
}

/// Everything a page goes through before it meets other pages: boilerplate
/// removal, normalization and tokenization.
fn prepare_stage(c: &mut Criterion, texts: &Texts) {
    let mut group = c.benchmark_group("prepare");
    let det = Detector::builder().build().expect("default config");
    for (name, set) in &texts.sets {
        let docs: Vec<(String, &str)> = set
            .iter()
            .enumerate()
            .map(|(i, t)| (i.to_string(), t.as_str()))
            .collect();
        assert_eq!(det.prepare(docs.iter().cloned()).len(), docs.len());
        group.throughput(Throughput::Bytes(bytes(set)));
        group.bench_function(*name, |b| {
            // One thread: the throughput of one core.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a thread pool");
            b.iter(|| {
                let prepared = pool.install(|| det.prepare(black_box(docs.iter().cloned())));
                assert_eq!(prepared.len(), docs.len());
            })
        });
    }
    group.finish();
}

fn lsh_stage(c: &mut Criterion) {
    // A larger corpus than the other stages: buckets only fill up with many
    // documents.
    let docs = synth_docs(11, 5_000);
    let total_bytes: u64 = docs.iter().map(|(_, t)| t.len() as u64).sum();
    let det = Detector::builder().build().expect("default config");
    let sigs: Vec<Signature> = docs
        .iter()
        .map(|(_, t)| det.signature_of(t).expect("non-empty page"))
        .collect();
    let params = det.lsh_params();
    let build = || {
        let mut idx = LshIndex::new(params, 0);
        for (d, s) in sigs.iter().enumerate() {
            idx.insert(d as u32, s);
        }
        idx
    };
    let batch: Vec<(u32, &Signature)> = sigs
        .iter()
        .enumerate()
        .map(|(d, s)| (d as u32, s))
        .collect();
    let index = build();
    let expected: usize = sigs.iter().map(|s| index.query(s).len()).sum();
    for (d, s) in sigs.iter().enumerate() {
        assert!(
            index.query(s).contains(&(d as u32)),
            "a document finds itself"
        );
    }

    let mut group = c.benchmark_group("lsh");
    group.throughput(Throughput::Bytes(total_bytes));
    group.bench_function("insert", |b| {
        b.iter(|| {
            let idx = build();
            assert_eq!(idx.len(), sigs.len());
        })
    });
    group.bench_function("insert_many", |b| {
        b.iter(|| {
            let mut idx = LshIndex::new(params, 0);
            idx.insert_many(black_box(&batch));
            assert_eq!(idx.len(), sigs.len());
        })
    });
    group.bench_function("query", |b| {
        b.iter(|| {
            let total: usize = sigs.iter().map(|s| index.query(black_box(s)).len()).sum();
            assert_eq!(total, expected);
        })
    });
    group.finish();
}

/// Verification and grouping: a whole batch inserted, then grouped.
fn detector_stage(c: &mut Criterion) {
    let seeds = seed_docs();
    let docs = synth_docs(13, 3_000);
    let run = |docs: &[(String, String)]| {
        let mut det = Detector::builder().build().expect("default config");
        det.insert_batch(docs.iter().map(|(id, t)| (id.as_str(), t.as_str())))
            .expect("valid documents");
        det.groups()
    };
    let seed_groups = run(&seeds);
    assert_eq!(seed_groups.len(), 1);
    assert_eq!(seed_groups[0].ids().collect::<Vec<_>>(), ["002", "004"]);
    let expected = run(&docs);
    assert!(expected.len() > 100, "{} groups", expected.len());

    let mut group = c.benchmark_group("detector");
    for (name, docs, want) in [
        ("seeds", &seeds, &seed_groups),
        ("synth_3k", &docs, &expected),
    ] {
        group.throughput(Throughput::Bytes(
            docs.iter().map(|(_, t)| t.len() as u64).sum(),
        ));
        group.bench_function(name, |b| {
            b.iter(|| {
                let groups = run(black_box(docs));
                assert_eq!(&groups, want);
            })
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let texts = Texts::load();
    boilerplate_stage(c, &texts);
    normalize_stage(c, &texts);
    shingle_stage(c, &texts);
    signature_stage(c, &texts);
    prepare_stage(c, &texts);
    lsh_stage(c);
    detector_stage(c);
}

criterion_group! {
    name = benches;
    // Short runs: the machine this was written on has two shared cores.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = stages
}
criterion_main!(benches);
