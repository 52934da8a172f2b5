//! Stage directories: listing, sharding, reading and hash-partitioned
//! writing of Parquet files.
//!
//! A directory written by a stage holds, for each shard `K` of `N` that ran,
//! the Parquet files `part-PPPPP-of-QQQQQ-from-KKKKK-of-NNNNN.parquet` (rows
//! of partition `P` of `Q`) and then the marker `_done-KKKKK-of-NNNNN`, which
//! lists the names of those files, one a line. A reader checks that every
//! shard of one run finished, that all files agree on `Q` and `N`, and that
//! the files present are exactly those the markers list, so a failed or stale
//! shard or a lost file is an error, not missing rows. Other Parquet files (Spark's `part-…-c000.snappy.parquet`) are read
//! only where a stage reads all of a directory (`templates`, `accepted`,
//! `signed` in `components`; `rows`, `docs`, `records` in `output`).
//!
//! Hash partitioning is XXH3-64 with seed 0 of the key's bytes, modulo `Q`: a
//! `long` as its 8 little-endian bytes, a string as its UTF-8 bytes, a bucket
//! as the band's 4 little-endian bytes then the key's 8 (see [`Key`]).

use std::collections::HashSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, UInt32Array};
use arrow_schema::SchemaRef;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::{Error, Result};

/// The Parquet key-value metadata entry holding the configuration (JSON) a
/// file was written with.
pub const CONFIG_KEY: &str = "reprint.config";

/// Rows per batch read from a file.
const BATCH_ROWS: usize = 8192;

/// The most shards of a stage and partitions of a directory: the file names
/// give each five digits, and a reader walks every partition, so a count
/// beyond this (a typo, a damaged name) is refused rather than worked through.
pub const MAX_PARTS: usize = 99_999;

/// One shard of `count`: `index` in `0..count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// The shard's index, from 0.
    pub index: usize,
    /// The number of shards.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("bad shard {s:?}: give K/N with 0 <= K < N, e.g. 0/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index >= count || count > MAX_PARTS {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A partition key, hashed as the module docs say.
pub enum Key<'a> {
    /// A `long` column's value.
    Long(i64),
    /// A string column's value.
    Str(&'a str),
    /// An LSH bucket: band index and band key.
    Bucket(i32, i64),
}

/// The partition of `key` among `partitions`.
pub fn partition(key: Key<'_>, partitions: usize) -> usize {
    let h = match key {
        Key::Long(v) => xxh3_64_with_seed(&v.to_le_bytes(), 0),
        Key::Str(s) => xxh3_64_with_seed(s.as_bytes(), 0),
        Key::Bucket(band, key) => {
            let mut b = [0u8; 12];
            b[..4].copy_from_slice(&band.to_le_bytes());
            b[4..].copy_from_slice(&key.to_le_bytes());
            xxh3_64_with_seed(&b, 0)
        }
    };
    (h % partitions as u64) as usize
}

/// A Parquet file of a stage directory.
#[derive(Clone, Debug)]
pub struct Part {
    /// Its path.
    pub path: PathBuf,
    /// Its partition and the partition count, if written by these commands.
    pub partition: Option<(usize, usize)>,
}

/// The Parquet files of a stage directory, checked complete.
#[derive(Debug)]
pub struct Dir {
    path: PathBuf,
    parts: Vec<Part>,
    /// The partition count, if written by these commands.
    partitions: Option<usize>,
}

/// `part-P-of-Q-from-K-of-N.parquet` as `(P, Q, K, N)`.
fn parse_name(name: &str) -> Option<(usize, usize, usize, usize)> {
    let rest = name.strip_prefix("part-")?.strip_suffix(".parquet")?;
    let f: Vec<&str> = rest.split('-').collect();
    match f.as_slice() {
        [p, "of", q, "from", k, "of", n] => Some((
            p.parse().ok()?,
            q.parse().ok()?,
            k.parse().ok()?,
            n.parse().ok()?,
        )),
        _ => None,
    }
}

fn part_name(p: usize, q: usize, shard: Shard) -> String {
    format!(
        "part-{p:05}-of-{q:05}-from-{:05}-of-{:05}.parquet",
        shard.index, shard.count
    )
}

fn done_name(shard: Shard) -> String {
    format!("_done-{:05}-of-{:05}", shard.index, shard.count)
}

impl Dir {
    /// Lists the stage directory `path` and checks that one run of all its
    /// shards finished.
    pub fn open(path: &Path) -> Result<Dir> {
        let entries = fs::read_dir(path).map_err(|e| {
            Error::new(format!(
                "cannot read the directory {}: {e} (run the stage that writes it first)",
                path.display()
            ))
        })?;
        let mut ours = Vec::new();
        let mut foreign = Vec::new();
        let mut done = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(m) = name.strip_prefix("_done-") {
                if let Some((k, n)) = m.split_once("-of-") {
                    if let (Ok(k), Ok(n)) = (k.parse::<usize>(), n.parse::<usize>()) {
                        done.push((k, n, entry.path()));
                    }
                }
            } else if let Some(f) = parse_name(&name) {
                ours.push((entry.path(), f));
            } else if name.ends_with(".parquet") && !name.starts_with('.') {
                foreign.push(entry.path());
            }
        }
        if !ours.is_empty() && !foreign.is_empty() {
            return Err(Error::new(format!(
                "{} mixes files of these commands with other Parquet files: remove it and run the stage again",
                path.display()
            )));
        }
        if ours.is_empty() {
            if foreign.is_empty() {
                return Err(Error::new(format!(
                    "{} holds no Parquet files (run the stage that writes it first)",
                    path.display()
                )));
            }
            foreign.sort();
            return Ok(Dir {
                path: path.to_path_buf(),
                parts: foreign
                    .into_iter()
                    .map(|path| Part {
                        path,
                        partition: None,
                    })
                    .collect(),
                partitions: None,
            });
        }
        let mut runs: Vec<usize> = ours.iter().map(|(_, f)| f.3).collect();
        runs.extend(done.iter().map(|d| d.1));
        runs.sort_unstable();
        runs.dedup();
        if runs.len() > 1 {
            return Err(Error::new(format!(
                "{} holds output of runs with different shard counts ({runs:?}): remove it and run the stage again",
                path.display()
            )));
        }
        let shards = runs[0];
        if shards == 0 || shards > MAX_PARTS {
            return Err(Error::new(format!(
                "{} holds output of a run of {shards} shards, not 1 to {MAX_PARTS}: remove it and run the stage again",
                path.display()
            )));
        }
        let mut qs: Vec<usize> = ours.iter().map(|(_, f)| f.1).collect();
        qs.sort_unstable();
        qs.dedup();
        if qs.len() > 1 {
            return Err(Error::new(format!(
                "{} holds output of runs with different partition counts ({qs:?}): remove it and run the stage again",
                path.display()
            )));
        }
        let missing: Vec<usize> = (0..shards)
            .filter(|k| !done.iter().any(|d| (d.0, d.1) == (*k, shards)))
            .collect();
        if !missing.is_empty() {
            return Err(Error::new(format!(
                "{}: shard(s) {missing:?} of {shards} did not finish: run them first",
                path.display()
            )));
        }
        if let Some((_, f)) = ours.iter().find(|(_, f)| f.0 >= f.1 || f.1 > MAX_PARTS) {
            return Err(Error::new(format!(
                "{} holds a file of partition {} of {}: remove it and run the stage again",
                path.display(),
                f.0,
                f.1
            )));
        }
        // Each marker lists the files its shard wrote: a file lost since (a
        // failed copy, a deletion) or left by an earlier run is an error, not
        // rows silently missing or read twice.
        let name_of = |p: &Path| p.file_name().and_then(|x| x.to_str()).map(str::to_owned);
        let present: HashSet<String> = ours.iter().filter_map(|(p, _)| name_of(p)).collect();
        let mut listed_all: HashSet<String> = HashSet::new();
        for (k, n, marker) in &done {
            let listed = fs::read_to_string(marker)
                .map_err(|e| Error::new(format!("cannot read {}: {e}", marker.display())))?;
            for name in listed.lines().filter(|l| !l.is_empty()) {
                if !present.contains(name) {
                    return Err(Error::new(format!(
                        "{}: {name}, written by shard {k} of {n}, is missing: run that shard again",
                        path.display()
                    )));
                }
                listed_all.insert(name.to_owned());
            }
        }
        if let Some((p, _)) = ours
            .iter()
            .find(|(p, _)| !name_of(p).is_some_and(|x| listed_all.contains(&x)))
        {
            return Err(Error::new(format!(
                "{} is not among the files its shard wrote (its marker lists them): \
                 remove it, or run that shard again",
                p.display()
            )));
        }
        ours.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Dir {
            path: path.to_path_buf(),
            parts: ours
                .into_iter()
                .map(|(path, f)| Part {
                    path,
                    partition: Some((f.0, f.1)),
                })
                .collect(),
            partitions: Some(qs[0]),
        })
    }

    /// All its files.
    pub fn all(&self) -> Vec<&Part> {
        self.parts.iter().collect()
    }

    /// The partition count, or an error if the directory is not
    /// hash-partitioned by these commands.
    pub fn partitions(&self) -> Result<usize> {
        self.partitions.ok_or_else(|| {
            Error::new(format!(
                "{} is not hash-partitioned by these commands: run its stage with reprint-stages",
                self.path.display()
            ))
        })
    }

    /// The partitions of `shard` (those `p` with `p % count == index`), each
    /// with its files from every writer.
    pub fn parts_of(&self, shard: Shard) -> Vec<Vec<&Part>> {
        let q = self.partitions.unwrap_or(1);
        (0..q)
            .filter(|p| p % shard.count == shard.index)
            .map(|p| {
                self.parts
                    .iter()
                    .filter(|f| f.partition.map(|x| x.0) == Some(p))
                    .collect()
            })
            .collect()
    }
}

/// Checks that `dirs` are partitioned alike (the same partition count), as a
/// stage that reads them side by side needs; returns the count.
pub fn co_partitioned(dirs: &[&Dir]) -> Result<usize> {
    let q = dirs[0].partitions()?;
    for d in &dirs[1..] {
        let r = d.partitions()?;
        if r != q {
            return Err(Error::new(format!(
                "{} has {q} partitions but {} has {r}: give every stage the same --partitions",
                dirs[0].path.display(),
                d.path.display()
            )));
        }
    }
    Ok(q)
}

/// Reads a Parquet file's batches, of the columns `columns` only (all if
/// empty), checking the configuration it was written with if it says.
pub fn read(part: &Part, columns: &[&str], config: &str) -> Result<Vec<RecordBatch>> {
    let path = &part.path;
    let ctx = |e: &dyn std::fmt::Display| Error::new(format!("{}: {e}", path.display()));
    let file = File::open(path).map_err(|e| ctx(&e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| ctx(&format!("not a readable Parquet file ({e})")))?;
    if let Some(kv) = builder.metadata().file_metadata().key_value_metadata() {
        if let Some(written) = kv.iter().find(|k| k.key == CONFIG_KEY) {
            if written.value.as_deref() != Some(config) {
                return Err(ctx(&format!(
                    "written with another configuration ({}); this run has {config}: give every stage the same options",
                    written.value.as_deref().unwrap_or("none")
                )));
            }
        }
    }
    let builder = if columns.is_empty() {
        builder
    } else {
        let schema = builder.parquet_schema();
        let present: Vec<String> = schema
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        for c in columns {
            if !present.iter().any(|p| p == c) {
                return Err(ctx(&format!(
                    "no column {c:?} (it has {present:?}): is this the right stage directory?"
                )));
            }
        }
        let mask = ProjectionMask::columns(schema, columns.iter().copied());
        builder.with_projection(mask)
    };
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| ctx(&e))?;
    reader
        .map(|b| b.map_err(|e| ctx(&format!("cannot read ({e})"))))
        .collect()
}

/// Reads several files (see [`read`]).
pub fn read_all(parts: &[&Part], columns: &[&str], config: &str) -> Result<Vec<RecordBatch>> {
    let mut out = Vec::new();
    for p in parts {
        out.extend(read(p, columns, config)?);
    }
    Ok(out)
}

/// Writes one shard's output into a stage directory, each row to a
/// partition of `partitions`: files appear under their final names (and the
/// shard's marker) only in [`finish`](Writer::finish).
pub struct Writer {
    dir: PathBuf,
    shard: Shard,
    partitions: usize,
    config: String,
    files: Vec<Option<(PathBuf, ArrowWriter<File>)>>,
}

impl Writer {
    /// A writer of `shard`'s rows into `dir` (created if missing), replacing
    /// that shard's earlier output there.
    pub fn new(dir: &Path, shard: Shard, partitions: usize, config: &str) -> Result<Writer> {
        fs::create_dir_all(dir)
            .map_err(|e| Error::new(format!("cannot create {}: {e}", dir.display())))?;
        let own = format!("-from-{:05}-of-{:05}.parquet", shard.index, shard.count);
        let _ = fs::remove_file(dir.join(done_name(shard)));
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(&own) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            shard,
            partitions,
            config: config.to_string(),
            files: (0..partitions).map(|_| None).collect(),
        })
    }

    fn file(&mut self, p: usize, schema: SchemaRef) -> Result<&mut ArrowWriter<File>> {
        if self.files[p].is_none() {
            let name = part_name(p, self.partitions, self.shard);
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let f = File::create(&tmp)
                .map_err(|e| Error::new(format!("cannot create {}: {e}", tmp.display())))?;
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_key_value_metadata(Some(vec![KeyValue::new(
                    CONFIG_KEY.to_string(),
                    self.config.clone(),
                )]))
                .build();
            let w = ArrowWriter::try_new(f, schema, Some(props))
                .map_err(|e| Error::new(format!("{}: {e}", tmp.display())))?;
            self.files[p] = Some((tmp, w));
        }
        Ok(&mut self.files[p].as_mut().expect("just opened").1)
    }

    /// Writes all rows of `batch` to partition `p`.
    pub fn write_to(&mut self, p: usize, batch: &RecordBatch) -> Result<()> {
        let dir = self.dir.clone();
        self.file(p, batch.schema())?
            .write(batch)
            .map_err(|e| Error::new(format!("writing into {}: {e}", dir.display())))
    }

    /// Writes each row `i` of `batch` to partition `part(i)`.
    pub fn write(&mut self, batch: &RecordBatch, part: impl Fn(usize) -> usize) -> Result<()> {
        if self.partitions == 1 {
            return self.write_to(0, batch);
        }
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); self.partitions];
        for i in 0..batch.num_rows() {
            rows[part(i)].push(i as u32);
        }
        for (p, idx) in rows.into_iter().enumerate() {
            if idx.is_empty() {
                continue;
            }
            let taken = arrow_select::take::take_record_batch(batch, &UInt32Array::from(idx))
                .map_err(|e| Error::new(e.to_string()))?;
            self.write_to(p, &taken)?;
        }
        Ok(())
    }

    /// Closes the files, gives them their names and marks the shard done.
    /// Shard K also writes an empty file (of schema `schema`) for each of its
    /// partitions `p % N == K` that no row went to, so that every partition
    /// has a file and the directory tells its partition count, without
    /// N × P files where most are empty.
    pub fn finish(mut self, schema: SchemaRef) -> Result<()> {
        for p in (self.shard.index..self.partitions).step_by(self.shard.count) {
            self.file(p, schema.clone())?;
        }
        // The marker lists the files written, one name a line, so that a
        // reader notices one that is missing.
        let mut names = String::new();
        for (p, f) in std::mem::take(&mut self.files).into_iter().enumerate() {
            let Some((tmp, w)) = f else { continue };
            w.close()
                .map_err(|e| Error::new(format!("{}: {e}", tmp.display())))?;
            let name = part_name(p, self.partitions, self.shard);
            fs::rename(&tmp, self.dir.join(&name))
                .map_err(|e| Error::new(format!("cannot rename {}: {e}", tmp.display())))?;
            names.push_str(&name);
            names.push('\n');
        }
        let done = self.dir.join(done_name(self.shard));
        fs::write(&done, names)
            .map_err(|e| Error::new(format!("cannot write {}: {e}", done.display())))
    }
}

/// The column `name` of `batch` as an array of type `T`.
pub fn column<'a, T: 'static>(batch: &'a RecordBatch, name: &str) -> Result<&'a T> {
    let col = batch
        .column_by_name(name)
        .ok_or_else(|| Error::new(format!("no column {name:?}")))?;
    col.as_any().downcast_ref::<T>().ok_or_else(|| {
        Error::new(format!(
            "column {name:?} has type {}, not the one this stage reads",
            col.data_type()
        ))
    })
}

/// An `Arc`'d array, for building batches.
pub fn arc<A: Array + 'static>(a: A) -> Arc<dyn Array> {
    Arc::new(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_reject() {
        assert_eq!("2/5".parse(), Ok(Shard { index: 2, count: 5 }));
        for bad in ["5/5", "1/0", "x/2", "3", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn partitions_are_xxh3_of_little_endian_bytes() {
        // Golden values: the partition of a key must never change, or
        // directories written by two builds would not join.
        assert_eq!(
            xxh3_64_with_seed(&7i64.to_le_bytes(), 0) % 16,
            partition(Key::Long(7), 16) as u64
        );
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&3i32.to_le_bytes());
        b[4..].copy_from_slice(&(-9i64).to_le_bytes());
        assert_eq!(
            partition(Key::Bucket(3, -9), 1000) as u64,
            xxh3_64_with_seed(&b, 0) % 1000
        );
        assert_eq!(
            partition(Key::Str("abc"), 97) as u64,
            xxh3_64_with_seed(b"abc", 0) % 97
        );
        assert_eq!(xxh3_64_with_seed(b"", 0), 0x2d06_8005_38d3_94c2);
        assert!((0..1000).all(|i| partition(Key::Long(i), 3) < 3));
    }

    #[test]
    fn names_round_trip() {
        let s = Shard { index: 4, count: 9 };
        assert_eq!(parse_name(&part_name(2, 7, s)), Some((2, 7, 4, 9)));
        assert_eq!(parse_name("part-00000-1234-c000.snappy.parquet"), None);
    }
}
