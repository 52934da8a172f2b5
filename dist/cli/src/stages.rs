//! The stages, one function per command: each reads its shard of its input
//! directories and writes its output directory (see the README's table).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, Int32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{
    Array, BinaryArray, Float64Array, Int32Array, Int64Array, ListArray, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use reprint::stages::TemplateSet;
use reprint_kernels::{Grouper, Kernels};

use crate::files::{self, arc, co_partitioned, column, partition, Dir, Key, Part, Shard, Writer};
use crate::{Error, Result};

/// Lines per batch given to the prepare kernel.
const LINES_PER_BATCH: usize = 2048;

/// Rows per batch given to the verify and group kernels.
const ROWS_PER_BATCH: usize = 1024;

/// What every stage needs: the kernels, the configuration they were built
/// from (checked against each input file's) and the shard.
pub struct Ctx {
    /// The kernels.
    pub kernels: Kernels,
    /// The configuration as JSON.
    pub config: String,
    /// This process's shard.
    pub shard: Shard,
    /// Partitions of the hash-partitioned outputs.
    pub partitions: usize,
}

impl Ctx {
    fn read(&self, parts: &[&Part], columns: &[&str]) -> Result<Vec<RecordBatch>> {
        files::read_all(parts, columns, &self.config)
    }

    fn writer(&self, dir: &Path, partitions: usize) -> Result<Writer> {
        Writer::new(dir, self.shard, partitions, &self.config)
    }
}

fn schema(fields: &[(&str, DataType)]) -> SchemaRef {
    Arc::new(Schema::new(
        fields
            .iter()
            .map(|(n, t)| Field::new(*n, t.clone(), true))
            .collect::<Vec<_>>(),
    ))
}

fn list_of(t: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", t, true)))
}

fn records_schema() -> SchemaRef {
    schema(&[
        ("file", DataType::Int32),
        ("block", DataType::Int64),
        ("row", DataType::Int64),
        ("id", DataType::Utf8),
        ("unit", DataType::Int64),
        ("content", DataType::Binary),
        ("error", DataType::Utf8),
    ])
}

fn kernel<T>(r: reprint_kernels::Result<T>) -> Result<T> {
    r.map_err(|e| Error::new(e.to_string()))
}

fn longs(batch: &RecordBatch, name: &str) -> Result<Vec<Option<i64>>> {
    Ok(column::<Int64Array>(batch, name)?.iter().collect())
}

fn opt(a: &Int64Array, r: usize) -> Option<i64> {
    a.is_valid(r).then(|| a.value(r))
}

fn required<T>(v: Option<T>, name: &str) -> Result<T> {
    v.ok_or_else(|| Error::new(format!("null in column {name:?}")))
}

/// `prepare`: JSONL files (this shard's: those whose place `i` in the
/// argument list has `i % N == K`) to `records`, partitioned by id.
pub fn prepare(ctx: &Ctx, inputs: &[PathBuf], out: &Path) -> Result<()> {
    let mut w = ctx.writer(out, ctx.partitions)?;
    for (i, path) in inputs.iter().enumerate() {
        if i % ctx.shard.count != ctx.shard.index {
            continue;
        }
        // Streamed, a batch of lines at a time: a shard's memory does not grow
        // with its files. Lines end at "\n" only (the kernel trims the rest).
        let file = std::fs::File::open(path)
            .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
        let mut first = 0i64;
        loop {
            let mut lines = BinaryBuilder::new();
            let mut line = Vec::new();
            let mut n = 0;
            while n < LINES_PER_BATCH {
                line.clear();
                let read = reader
                    .read_until(b'\n', &mut line)
                    .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
                if read == 0 {
                    break;
                }
                lines.append_value(&line);
                n += 1;
            }
            if n == 0 {
                break;
            }
            let input = RecordBatch::try_new(
                schema(&[
                    ("value", DataType::Binary),
                    ("file", DataType::Int32),
                    ("block", DataType::Int64),
                    ("row", DataType::Int64),
                ]),
                vec![
                    arc(lines.finish()),
                    arc(Int32Array::from(vec![i as i32; n])),
                    arc(Int64Array::from(vec![0; n])),
                    arc(Int64Array::from_iter_values(first..first + n as i64)),
                ],
            )
            .map_err(|e| Error::new(e.to_string()))?;
            first += n as i64;
            let records = kernel(ctx.kernels.read_lines(&input))?;
            let id = column::<StringArray>(&records, "id")?;
            w.write(&records, |r| {
                partition(
                    Key::Str(if id.is_valid(r) { id.value(r) } else { "" }),
                    ctx.partitions,
                )
            })?;
        }
    }
    w.finish(records_schema())
}

/// A record's place in the input: `file`, `block`, `row`.
type Place = (i32, i64, i64);

/// `docs`: the first record of each id in (`file`, `block`, `row`) order,
/// when it prepared, from `records` (partitioned by id) to `docs`,
/// partitioned by unit.
pub fn docs(ctx: &Ctx, records: &Path, out: &Path) -> Result<()> {
    let dir = Dir::open(records)?;
    dir.partitions()?;
    let mut w = ctx.writer(out, ctx.partitions)?;
    for parts in dir.parts_of(ctx.shard) {
        let batches = ctx.read(&parts, &["file", "block", "row", "id", "unit", "content"])?;
        // The first record of each id: (place, batch, row).
        let mut first: HashMap<&str, (Place, usize, usize)> = HashMap::new();
        for (b, batch) in batches.iter().enumerate() {
            let id = column::<StringArray>(batch, "id")?;
            let file = column::<Int32Array>(batch, "file")?;
            let block = longs(batch, "block")?;
            let row = longs(batch, "row")?;
            for r in 0..batch.num_rows() {
                if !id.is_valid(r) {
                    continue;
                }
                let place = (
                    required(file.is_valid(r).then(|| file.value(r)), "file")?,
                    required(block[r], "block")?,
                    required(row[r], "row")?,
                );
                let e = first.entry(id.value(r)).or_insert((place, b, r));
                if place < e.0 {
                    *e = (place, b, r);
                }
            }
        }
        let mut winners: Vec<(usize, usize)> =
            first.into_values().map(|(_, b, r)| (b, r)).collect();
        winners.sort_unstable();
        let (mut ids, mut units, mut contents) = (
            StringBuilder::new(),
            Int64Builder::new(),
            BinaryBuilder::new(),
        );
        for (b, r) in winners {
            let batch = &batches[b];
            let content = column::<BinaryArray>(batch, "content")?;
            let unit = column::<Int64Array>(batch, "unit")?;
            if !content.is_valid(r) {
                continue;
            }
            ids.append_value(column::<StringArray>(batch, "id")?.value(r));
            units.append_value(required(unit.is_valid(r).then(|| unit.value(r)), "unit")?);
            contents.append_value(content.value(r));
        }
        let units = units.finish();
        let batch = RecordBatch::try_new(
            docs_schema(),
            vec![
                arc(ids.finish()),
                arc(units.clone()),
                arc(contents.finish()),
            ],
        )
        .map_err(|e| Error::new(e.to_string()))?;
        w.write(&batch, |r| {
            partition(Key::Long(units.value(r)), ctx.partitions)
        })?;
    }
    w.finish(docs_schema())
}

fn docs_schema() -> SchemaRef {
    schema(&[
        ("id", DataType::Utf8),
        ("unit", DataType::Int64),
        ("content", DataType::Binary),
    ])
}

/// `units`: distinct contents with their number of documents, from `docs`
/// (partitioned by unit) to `units` (the same partitions), and their
/// template votes, distinct, to `votes`, partitioned by key.
pub fn units(ctx: &Ctx, docs: &Path, out: &Path, votes: &Path) -> Result<()> {
    let dir = Dir::open(docs)?;
    let q = dir.partitions()?;
    let mut w = ctx.writer(out, q)?;
    let mut wv = ctx.writer(votes, ctx.partitions)?;
    let mut seen_votes: HashSet<(i64, i64)> = HashSet::new();
    for (p, parts) in dir.parts_of(ctx.shard).into_iter().enumerate() {
        let p = ctx.shard.index + p * ctx.shard.count;
        let batches = ctx.read(&parts, &["unit", "content"])?;
        let mut count: HashMap<i64, (usize, usize, i64)> = HashMap::new();
        for (b, batch) in batches.iter().enumerate() {
            for (r, u) in longs(batch, "unit")?.into_iter().enumerate() {
                count.entry(required(u, "unit")?).or_insert((b, r, 0)).2 += 1;
            }
        }
        let mut rows: Vec<(i64, (usize, usize, i64))> = count.into_iter().collect();
        rows.sort_unstable_by_key(|r| r.0);
        let (mut unit, mut content, mut n) = (
            Int64Builder::new(),
            BinaryBuilder::new(),
            Int64Builder::new(),
        );
        for (u, (b, r, k)) in rows {
            unit.append_value(u);
            content.append_value(column::<BinaryArray>(&batches[b], "content")?.value(r));
            n.append_value(k);
        }
        let batch = RecordBatch::try_new(
            units_schema(),
            vec![arc(unit.finish()), arc(content.finish()), arc(n.finish())],
        )
        .map_err(|e| Error::new(e.to_string()))?;
        w.write_to(p, &batch)?;
        let v = kernel(ctx.kernels.template_votes(&batch))?;
        let (key, tag) = (longs(&v, "key")?, longs(&v, "tag")?);
        for (k, t) in key.into_iter().zip(tag) {
            seen_votes.insert((required(k, "key")?, required(t, "tag")?));
        }
    }
    let mut v: Vec<(i64, i64)> = seen_votes.into_iter().collect();
    v.sort_unstable();
    let keys = Int64Array::from_iter_values(v.iter().map(|x| x.0));
    let batch = RecordBatch::try_new(
        votes_schema(),
        vec![
            arc(keys.clone()),
            arc(Int64Array::from_iter_values(v.iter().map(|x| x.1))),
        ],
    )
    .map_err(|e| Error::new(e.to_string()))?;
    wv.write(&batch, |r| {
        partition(Key::Long(keys.value(r)), ctx.partitions)
    })?;
    w.finish(units_schema())?;
    wv.finish(votes_schema())
}

fn units_schema() -> SchemaRef {
    schema(&[
        ("unit", DataType::Int64),
        ("content", DataType::Binary),
        ("n", DataType::Int64),
    ])
}

fn votes_schema() -> SchemaRef {
    schema(&[("key", DataType::Int64), ("tag", DataType::Int64)])
}

/// `templates`: the template keys among the distinct votes of `votes`
/// (partitioned by key) to `templates`.
pub fn templates(ctx: &Ctx, votes: &Path, out: &Path) -> Result<()> {
    let dir = Dir::open(votes)?;
    dir.partitions()?;
    let mut w = ctx.writer(out, 1)?;
    for parts in dir.parts_of(ctx.shard) {
        let mut distinct: HashSet<(i64, i64)> = HashSet::new();
        for batch in ctx.read(&parts, &["key", "tag"])? {
            let (k, t) = (longs(&batch, "key")?, longs(&batch, "tag")?);
            for (k, t) in k.into_iter().zip(t) {
                distinct.insert((required(k, "key")?, required(t, "tag")?));
            }
        }
        let mut n: HashMap<i64, i64> = HashMap::new();
        for (k, _) in distinct {
            *n.entry(k).or_default() += 1;
        }
        let mut counts: Vec<(i64, i64)> = n.into_iter().collect();
        counts.sort_unstable();
        let batch = RecordBatch::try_new(
            schema(&[("key", DataType::Int64), ("n", DataType::Int64)]),
            vec![
                arc(Int64Array::from_iter_values(counts.iter().map(|c| c.0))),
                arc(Int64Array::from_iter_values(counts.iter().map(|c| c.1))),
            ],
        )
        .map_err(|e| Error::new(e.to_string()))?;
        let keys = kernel(ctx.kernels.template_keys(&batch))?;
        w.write_to(0, &keys)?;
    }
    w.finish(schema(&[("key", DataType::Int64)]))
}

/// `sign`: each unit of `units` signed under all of `templates`, to `signed`
/// (the same partitions as `units`), and each unit's bucket memberships to
/// `members`, partitioned by bucket.
pub fn sign(ctx: &Ctx, units: &Path, templates: &Path, out: &Path, members: &Path) -> Result<()> {
    let tdir = Dir::open(templates)?;
    let mut keys = Vec::new();
    for batch in ctx.read(&tdir.all(), &["key"])? {
        for k in longs(&batch, "key")? {
            keys.push(required(k, "key")? as u64);
        }
    }
    let set = TemplateSet::from_keys(keys);
    let dir = Dir::open(units)?;
    let q = dir.partitions()?;
    let mut w = ctx.writer(out, q)?;
    let mut wm = ctx.writer(members, ctx.partitions)?;
    for (p, parts) in dir.parts_of(ctx.shard).into_iter().enumerate() {
        let p = ctx.shard.index + p * ctx.shard.count;
        for batch in ctx.read(&parts, &["unit", "content", "n"])? {
            let s = kernel(ctx.kernels.sign(&batch, &set))?;
            let mut cols = s.columns().to_vec();
            for name in ["content", "n"] {
                let c = batch
                    .column_by_name(name)
                    .ok_or_else(|| Error::new(format!("no column {name:?}")))?;
                cols.push(c.clone());
            }
            let signed = RecordBatch::try_new(signed_schema(), cols)
                .map_err(|e| Error::new(e.to_string()))?;
            w.write_to(p, &signed)?;
            let unit = column::<Int64Array>(&signed, "unit")?;
            let len = column::<Int32Array>(&signed, "len")?;
            let bands = column::<ListArray>(&signed, "bands")?;
            let (mut ob, mut ok, mut ou, mut ol) = (
                Int32Builder::new(),
                Int64Builder::new(),
                Int64Builder::new(),
                Int32Builder::new(),
            );
            for r in 0..signed.num_rows() {
                let list = bands.value(r);
                let list = list
                    .as_any()
                    .downcast_ref::<Int64Array>()
                    .ok_or_else(|| Error::new("bands are not longs"))?;
                for (band, key) in list.iter().enumerate() {
                    ob.append_value(band as i32);
                    ok.append_value(required(key, "bands")?);
                    ou.append_value(unit.value(r));
                    ol.append_value(len.value(r));
                }
            }
            let (band, key) = (ob.finish(), ok.finish());
            let m = RecordBatch::try_new(
                members_schema(),
                vec![
                    arc(band.clone()),
                    arc(key.clone()),
                    arc(ou.finish()),
                    arc(ol.finish()),
                ],
            )
            .map_err(|e| Error::new(e.to_string()))?;
            wm.write(&m, |r| {
                partition(Key::Bucket(band.value(r), key.value(r)), ctx.partitions)
            })?;
        }
    }
    w.finish(signed_schema())?;
    wm.finish(members_schema())
}

fn signed_schema() -> SchemaRef {
    schema(&[
        ("unit", DataType::Int64),
        ("len", DataType::Int32),
        ("bands", list_of(DataType::Int64)),
        ("signed", DataType::Binary),
        ("content", DataType::Binary),
        ("n", DataType::Int64),
    ])
}

fn members_schema() -> SchemaRef {
    schema(&[
        ("band", DataType::Int32),
        ("key", DataType::Int64),
        ("unit", DataType::Int64),
        ("len", DataType::Int32),
    ])
}

/// `links`: each bucket's heads, and a candidate link from every member to
/// each head of its buckets, from `members` (partitioned by bucket) to
/// `links`, partitioned by `a` as `signed` is by unit.
pub fn links(ctx: &Ctx, members: &Path, signed: &Path, out: &Path) -> Result<()> {
    let dir = Dir::open(members)?;
    dir.partitions()?;
    let q = Dir::open(signed)?.partitions()?;
    let mut w = ctx.writer(out, q)?;
    for parts in dir.parts_of(ctx.shard) {
        let batches = ctx.read(&parts, &["band", "key", "unit", "len"])?;
        let heads = kernel(reprint_kernels::bucket_heads(&batches))?;
        let mut by_bucket: HashMap<(i32, i64), Vec<i64>> = HashMap::new();
        let hb = column::<Int32Array>(&heads, "band")?;
        let hk = column::<Int64Array>(&heads, "key")?;
        let hu = column::<Int64Array>(&heads, "unit")?;
        for r in 0..heads.num_rows() {
            by_bucket
                .entry((hb.value(r), hk.value(r)))
                .or_default()
                .push(hu.value(r));
        }
        let mut pairs: HashSet<(i64, i64)> = HashSet::new();
        for batch in &batches {
            let band = column::<Int32Array>(batch, "band")?;
            let key = longs(batch, "key")?;
            let unit = longs(batch, "unit")?;
            for r in 0..batch.num_rows() {
                let u = required(unit[r], "unit")?;
                let bucket = (
                    required(band.is_valid(r).then(|| band.value(r)), "band")?,
                    required(key[r], "key")?,
                );
                for &h in by_bucket.get(&bucket).into_iter().flatten() {
                    if h != u {
                        pairs.insert((u.min(h), u.max(h)));
                    }
                }
            }
        }
        let mut pairs: Vec<(i64, i64)> = pairs.into_iter().collect();
        pairs.sort_unstable();
        let a = Int64Array::from_iter_values(pairs.iter().map(|p| p.0));
        let batch = RecordBatch::try_new(
            links_schema(),
            vec![
                arc(a.clone()),
                arc(Int64Array::from_iter_values(pairs.iter().map(|p| p.1))),
            ],
        )
        .map_err(|e| Error::new(e.to_string()))?;
        w.write(&batch, |r| partition(Key::Long(a.value(r)), q))?;
    }
    w.finish(links_schema())
}

fn links_schema() -> SchemaRef {
    schema(&[("a", DataType::Int64), ("b", DataType::Int64)])
}

/// A unit's content and signature bytes, by unit, from batches of `signed`.
fn signed_by_unit(batches: &[RecordBatch]) -> Result<HashMap<i64, (usize, usize)>> {
    let mut m = HashMap::new();
    for (b, batch) in batches.iter().enumerate() {
        for (r, u) in longs(batch, "unit")?.into_iter().enumerate() {
            m.insert(required(u, "unit")?, (b, r));
        }
    }
    Ok(m)
}

fn side(batches: &[RecordBatch], at: (usize, usize)) -> Result<(&[u8], &[u8])> {
    let batch = &batches[at.0];
    let c = column::<BinaryArray>(batch, "content")?;
    let s = column::<BinaryArray>(batch, "signed")?;
    if !c.is_valid(at.1) || !s.is_valid(at.1) {
        return Err(Error::new("null content or signature in signed"));
    }
    Ok((c.value(at.1), s.value(at.1)))
}

/// `join`: each distinct link of `links` (partitioned by `a`) with side `a`
/// from `signed` (partitioned alike, by unit), to `pairs`, partitioned by
/// `b`.
pub fn join(ctx: &Ctx, links: &Path, signed: &Path, out: &Path) -> Result<()> {
    let (ld, sd) = (Dir::open(links)?, Dir::open(signed)?);
    let q = co_partitioned(&[&ld, &sd])?;
    let mut w = ctx.writer(out, q)?;
    for (lp, sp) in ld
        .parts_of(ctx.shard)
        .into_iter()
        .zip(sd.parts_of(ctx.shard))
    {
        let sides = ctx.read(&sp, &["unit", "content", "signed"])?;
        let index = signed_by_unit(&sides)?;
        let mut pairs: Vec<(i64, i64)> = Vec::new();
        for batch in ctx.read(&lp, &["a", "b"])? {
            let (a, b) = (longs(&batch, "a")?, longs(&batch, "b")?);
            for (a, b) in a.into_iter().zip(b) {
                pairs.push((required(a, "a")?, required(b, "b")?));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for chunk in pairs.chunks(ROWS_PER_BATCH) {
            let (mut c, mut s) = (BinaryBuilder::new(), BinaryBuilder::new());
            for &(a, _) in chunk {
                let at = *index.get(&a).ok_or_else(|| {
                    Error::new(format!("unit {a} of a link is not in {}", signed.display()))
                })?;
                let (content, sig) = side(&sides, at)?;
                c.append_value(content);
                s.append_value(sig);
            }
            let b = Int64Array::from_iter_values(chunk.iter().map(|p| p.1));
            let batch = RecordBatch::try_new(
                pairs_schema(),
                vec![
                    arc(Int64Array::from_iter_values(chunk.iter().map(|p| p.0))),
                    arc(b.clone()),
                    arc(c.finish()),
                    arc(s.finish()),
                ],
            )
            .map_err(|e| Error::new(e.to_string()))?;
            w.write(&batch, |r| partition(Key::Long(b.value(r)), q))?;
        }
    }
    w.finish(pairs_schema())
}

fn pairs_schema() -> SchemaRef {
    schema(&[
        ("a", DataType::Int64),
        ("b", DataType::Int64),
        ("content_a", DataType::Binary),
        ("signed_a", DataType::Binary),
    ])
}

/// `verify`: each link of `pairs` (partitioned by `b`) with side `b` from
/// `signed` (partitioned alike), verified; the accepted ones to `accepted`.
pub fn verify(ctx: &Ctx, pairs: &Path, signed: &Path, out: &Path) -> Result<()> {
    let (pd, sd) = (Dir::open(pairs)?, Dir::open(signed)?);
    co_partitioned(&[&pd, &sd])?;
    let mut w = ctx.writer(out, 1)?;
    for (pp, sp) in pd
        .parts_of(ctx.shard)
        .into_iter()
        .zip(sd.parts_of(ctx.shard))
    {
        let sides = ctx.read(&sp, &["unit", "content", "signed"])?;
        let index = signed_by_unit(&sides)?;
        for batch in ctx.read(&pp, &["a", "b", "content_a", "signed_a"])? {
            let b = longs(&batch, "b")?;
            for start in (0..batch.num_rows()).step_by(ROWS_PER_BATCH) {
                let part = batch.slice(start, ROWS_PER_BATCH.min(batch.num_rows() - start));
                let (mut c, mut s) = (BinaryBuilder::new(), BinaryBuilder::new());
                for r in 0..part.num_rows() {
                    let u = required(b[start + r], "b")?;
                    let at = *index.get(&u).ok_or_else(|| {
                        Error::new(format!("unit {u} of a link is not in {}", signed.display()))
                    })?;
                    let (content, sig) = side(&sides, at)?;
                    c.append_value(content);
                    s.append_value(sig);
                }
                let mut cols = part.columns().to_vec();
                cols.push(arc(c.finish()));
                cols.push(arc(s.finish()));
                let mut fields: Vec<Field> = part
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.as_ref().clone())
                    .collect();
                fields.push(Field::new("content_b", DataType::Binary, true));
                fields.push(Field::new("signed_b", DataType::Binary, true));
                let input = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
                    .map_err(|e| Error::new(e.to_string()))?;
                w.write_to(0, &kernel(ctx.kernels.verify(&input))?)?;
            }
        }
    }
    w.finish(accepted_schema())
}

fn accepted_schema() -> SchemaRef {
    schema(&[
        ("a", DataType::Int64),
        ("b", DataType::Int64),
        ("inter", DataType::Int32),
    ])
}

/// Union-find over units.
struct Components {
    index: HashMap<i64, usize>,
    parent: Vec<usize>,
    label: Vec<i64>,
}

impl Components {
    fn node(&mut self, u: i64) -> usize {
        let n = self.parent.len();
        let i = *self.index.entry(u).or_insert(n);
        if i == n {
            self.parent.push(n);
            self.label.push(u);
        }
        i
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: i64, b: i64) {
        let (x, y) = (self.node(a), self.node(b));
        let (x, y) = (self.root(x), self.root(y));
        if x != y {
            // The root keeps the smaller label (as a signed long): the
            // component's label, whatever the order of the links.
            let (keep, drop) = if self.label[x] <= self.label[y] {
                (x, y)
            } else {
                (y, x)
            };
            self.parent[drop] = keep;
        }
    }
}

/// `components`: connected components of all of `accepted`, in one process
/// (a link is a pair of units: 20 bytes of Parquet). Every unit with a link
/// or two or more documents (`n` from all of `signed`) gets a component, the
/// smallest unit as a signed long; to `components` (`node`, `component`),
/// partitioned by node, and the links with their component to
/// `component_links`, partitioned by component.
pub fn components(
    ctx: &Ctx,
    accepted: &Path,
    signed: &Path,
    out: &Path,
    component_links: &Path,
) -> Result<()> {
    let mut cc = Components {
        index: HashMap::new(),
        parent: Vec::new(),
        label: Vec::new(),
    };
    let links = ctx.read(&Dir::open(accepted)?.all(), &["a", "b", "inter"])?;
    for batch in &links {
        let (a, b) = (longs(batch, "a")?, longs(batch, "b")?);
        for (a, b) in a.into_iter().zip(b) {
            cc.union(required(a, "a")?, required(b, "b")?);
        }
    }
    let sd = Dir::open(signed)?;
    let q = sd.partitions()?;
    for batch in ctx.read(&sd.all(), &["unit", "n"])? {
        let (u, n) = (longs(&batch, "unit")?, longs(&batch, "n")?);
        for (u, n) in u.into_iter().zip(n) {
            if required(n, "n")? >= 2 {
                cc.node(required(u, "unit")?);
            }
        }
    }
    let mut rows: Vec<(i64, i64)> = Vec::with_capacity(cc.parent.len());
    for i in 0..cc.parent.len() {
        let r = cc.root(i);
        rows.push((cc.label[i], cc.label[r]));
    }
    rows.sort_unstable();
    let mut w = ctx.writer(out, q)?;
    for chunk in rows.chunks(64 * ROWS_PER_BATCH) {
        let node = Int64Array::from_iter_values(chunk.iter().map(|r| r.0));
        let batch = RecordBatch::try_new(
            components_schema(),
            vec![
                arc(node.clone()),
                arc(Int64Array::from_iter_values(chunk.iter().map(|r| r.1))),
            ],
        )
        .map_err(|e| Error::new(e.to_string()))?;
        w.write(&batch, |r| partition(Key::Long(node.value(r)), q))?;
    }
    w.finish(components_schema())?;
    let mut wl = ctx.writer(component_links, q)?;
    for batch in &links {
        let a = longs(batch, "a")?;
        let mut comp = Vec::with_capacity(a.len());
        for a in a {
            let i = cc.index[&required(a, "a")?];
            let r = cc.root(i);
            comp.push(cc.label[r]);
        }
        let comp = Int64Array::from(comp);
        let mut cols = vec![arc(comp.clone())];
        cols.extend(batch.columns().iter().cloned());
        let b = RecordBatch::try_new(component_links_schema(), cols)
            .map_err(|e| Error::new(e.to_string()))?;
        wl.write(&b, |r| partition(Key::Long(comp.value(r)), q))?;
    }
    wl.finish(component_links_schema())
}

fn components_schema() -> SchemaRef {
    schema(&[("node", DataType::Int64), ("component", DataType::Int64)])
}

fn component_links_schema() -> SchemaRef {
    schema(&[
        ("component", DataType::Int64),
        ("a", DataType::Int64),
        ("b", DataType::Int64),
        ("inter", DataType::Int32),
    ])
}

/// `gather`: each unit of a component with its ids (from `docs`), content
/// and signature (from `signed`), from the three directories partitioned
/// alike by unit, to `gathered`, partitioned by component.
pub fn gather(ctx: &Ctx, docs: &Path, signed: &Path, components: &Path, out: &Path) -> Result<()> {
    let (dd, sd, cd) = (Dir::open(docs)?, Dir::open(signed)?, Dir::open(components)?);
    let q = co_partitioned(&[&dd, &sd, &cd])?;
    let mut w = ctx.writer(out, q)?;
    let shards = dd
        .parts_of(ctx.shard)
        .into_iter()
        .zip(sd.parts_of(ctx.shard))
        .zip(cd.parts_of(ctx.shard));
    for ((dp, sp), cp) in shards {
        let mut comp: HashMap<i64, i64> = HashMap::new();
        for batch in ctx.read(&cp, &["node", "component"])? {
            let (n, c) = (longs(&batch, "node")?, longs(&batch, "component")?);
            for (n, c) in n.into_iter().zip(c) {
                comp.insert(required(n, "node")?, required(c, "component")?);
            }
        }
        let mut ids: HashMap<i64, Vec<String>> = HashMap::new();
        for batch in ctx.read(&dp, &["id", "unit"])? {
            let id = column::<StringArray>(&batch, "id")?;
            for (r, u) in longs(&batch, "unit")?.into_iter().enumerate() {
                let u = required(u, "unit")?;
                if comp.contains_key(&u) {
                    ids.entry(u)
                        .or_default()
                        .push(required(id.is_valid(r).then(|| id.value(r)), "id")?.to_string());
                }
            }
        }
        for batch in ctx.read(&sp, &["unit", "content", "signed"])? {
            let unit = longs(&batch, "unit")?;
            let content = column::<BinaryArray>(&batch, "content")?;
            let signed = column::<BinaryArray>(&batch, "signed")?;
            let (mut oc, mut ou, mut oi, mut ocont, mut osig) = (
                Int64Builder::new(),
                Int64Builder::new(),
                ListBuilder::new(StringBuilder::new()),
                BinaryBuilder::new(),
                BinaryBuilder::new(),
            );
            for (r, u) in unit.iter().enumerate() {
                let u = required(*u, "unit")?;
                let Some(&c) = comp.get(&u) else { continue };
                let list = ids.get_mut(&u).ok_or_else(|| {
                    Error::new(format!("unit {u} has no document in {}", docs.display()))
                })?;
                list.sort_unstable();
                oc.append_value(c);
                ou.append_value(u);
                for id in list.iter() {
                    oi.values().append_value(id);
                }
                oi.append(true);
                ocont.append_option(content.is_valid(r).then(|| content.value(r)));
                osig.append_option(signed.is_valid(r).then(|| signed.value(r)));
            }
            let c = oc.finish();
            let out = RecordBatch::try_new(
                gathered_schema(),
                vec![
                    arc(c.clone()),
                    arc(ou.finish()),
                    arc(oi.finish()),
                    arc(ocont.finish()),
                    arc(osig.finish()),
                ],
            )
            .map_err(|e| Error::new(e.to_string()))?;
            w.write(&out, |r| partition(Key::Long(c.value(r)), q))?;
        }
    }
    w.finish(gathered_schema())
}

fn gathered_schema() -> SchemaRef {
    schema(&[
        ("component", DataType::Int64),
        ("unit", DataType::Int64),
        ("ids", list_of(DataType::Utf8)),
        ("content", DataType::Binary),
        ("signed", DataType::Binary),
    ])
}

/// `group`: each component of `gathered` and `component_links` (both
/// partitioned by component) grouped, to `rows`.
pub fn group(ctx: &Ctx, gathered: &Path, component_links: &Path, out: &Path) -> Result<()> {
    let (gd, ld) = (Dir::open(gathered)?, Dir::open(component_links)?);
    co_partitioned(&[&gd, &ld])?;
    let mut w = ctx.writer(out, 1)?;
    for (gp, lp) in gd
        .parts_of(ctx.shard)
        .into_iter()
        .zip(ld.parts_of(ctx.shard))
    {
        let units = ctx.read(&gp, &["component", "unit", "ids", "content", "signed"])?;
        let links = ctx.read(&lp, &["component", "a", "b", "inter"])?;
        // (component, 0 for a unit row or 1 for a link, batch, row).
        let mut order: Vec<(i64, u8, usize, usize)> = Vec::new();
        for (k, set) in [&units, &links].into_iter().enumerate() {
            for (b, batch) in set.iter().enumerate() {
                for (r, c) in longs(batch, "component")?.into_iter().enumerate() {
                    order.push((required(c, "component")?, k as u8, b, r));
                }
            }
        }
        order.sort_unstable();
        let mut grouper = Grouper::new(ctx.kernels.clone());
        for chunk in order.chunks(ROWS_PER_BATCH) {
            let batch = grouper_input(chunk, &units, &links)?;
            let rows = kernel(grouper.feed(&batch))?;
            if rows.num_rows() > 0 {
                w.write_to(0, &rows)?;
            }
        }
        let rows = kernel(grouper.finish())?;
        if rows.num_rows() > 0 {
            w.write_to(0, &rows)?;
        }
    }
    w.finish(Arc::new(reprint_kernels::group_rows_schema()))
}

/// The grouper's input rows for `order`'s entries.
fn grouper_input(
    order: &[(i64, u8, usize, usize)],
    units: &[RecordBatch],
    links: &[RecordBatch],
) -> Result<RecordBatch> {
    let mut component = Int64Builder::new();
    let mut unit = Int64Builder::new();
    let mut ids = ListBuilder::new(StringBuilder::new());
    let (mut content, mut signed) = (BinaryBuilder::new(), BinaryBuilder::new());
    let (mut a, mut b, mut inter) = (
        Int64Builder::new(),
        Int64Builder::new(),
        Int32Builder::new(),
    );
    for &(c, kind, bi, r) in order {
        component.append_value(c);
        if kind == 0 {
            let batch = &units[bi];
            unit.append_option(opt(column::<Int64Array>(batch, "unit")?, r));
            let list = column::<ListArray>(batch, "ids")?.value(r);
            let list = list
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| Error::new("column \"ids\" is not a list of strings"))?;
            for id in list.iter().flatten() {
                ids.values().append_value(id);
            }
            ids.append(true);
            let (c, s) = (
                column::<BinaryArray>(batch, "content")?,
                column::<BinaryArray>(batch, "signed")?,
            );
            content.append_option(c.is_valid(r).then(|| c.value(r)));
            signed.append_option(s.is_valid(r).then(|| s.value(r)));
            a.append_null();
            b.append_null();
            inter.append_null();
        } else {
            let batch = &links[bi];
            unit.append_null();
            ids.append(false);
            content.append_null();
            signed.append_null();
            a.append_option(opt(column::<Int64Array>(batch, "a")?, r));
            b.append_option(opt(column::<Int64Array>(batch, "b")?, r));
            let i = column::<Int32Array>(batch, "inter")?;
            inter.append_option(i.is_valid(r).then(|| i.value(r)));
        }
    }
    RecordBatch::try_new(
        gathered_schema_with_links(),
        vec![
            arc(component.finish()),
            arc(unit.finish()),
            arc(ids.finish()),
            arc(content.finish()),
            arc(signed.finish()),
            arc(a.finish()),
            arc(b.finish()),
            arc(inter.finish()),
        ],
    )
    .map_err(|e| Error::new(e.to_string()))
}

fn gathered_schema_with_links() -> SchemaRef {
    let mut fields: Vec<Field> = gathered_schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields.extend(
        component_links_schema().fields()[1..]
            .iter()
            .map(|f| f.as_ref().clone()),
    );
    Arc::new(Schema::new(fields))
}

/// What `output` found: the number of records skipped.
pub struct Output {
    /// Input lines that gave no indexed document.
    pub skipped: u64,
}

/// `output`: the JSON `dedup --json` prints, from all of `rows`, `docs` and
/// `records`; with `parquet`, also one row per document (its group,
/// representative and scores; nulls if it has no copies) as one Parquet
/// file.
pub fn output(
    ctx: &Ctx,
    dirs: (&Path, &Path, &Path),
    json: &Path,
    parquet: Option<&Path>,
) -> Result<Output> {
    let (rows, docs, records) = (Dir::open(dirs.0)?, Dir::open(dirs.1)?, Dir::open(dirs.2)?);
    let rows = ctx.read(&rows.all(), &[])?;
    let ids = ctx.read(&docs.all(), &["id"])?;
    let documents: usize = ids.iter().map(|b| b.num_rows()).sum();
    let mut total = 0u64;
    let mut errors = Vec::new();
    let mut failed = 0u64;
    for batch in ctx.read(&records.all(), &["error"])? {
        total += batch.num_rows() as u64;
        let e = column::<StringArray>(&batch, "error")?;
        failed += (e.len() - e.null_count()) as u64;
        errors.extend(
            e.iter()
                .flatten()
                .take(20 - errors.len().min(20))
                .map(str::to_string),
        );
    }
    // Each document is a record: more documents than records means the two
    // directories are of different runs of `prepare` and `docs`.
    let skipped = total.checked_sub(documents as u64).ok_or_else(|| {
        Error::new(format!(
            "{} holds {documents} documents but {} only {total} records: run docs again",
            dirs.1.display(),
            dirs.2.display()
        ))
    })?;
    for e in &errors {
        eprintln!("skipped: {e}");
    }
    if failed > errors.len() as u64 {
        eprintln!(
            "skipped: {} more unreadable record(s)",
            failed - errors.len() as u64
        );
    }
    // The rest are records whose id an earlier one has (`docs` keeps the
    // first in input order), as `dedup` skips them.
    let repeated = skipped.saturating_sub(failed);
    if repeated > 0 {
        eprintln!(
            "skipped: {repeated} record(s) with the id of an earlier record \
             (the first in input order is kept)"
        );
    }
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for batch in &rows {
        let g = column::<StringArray>(batch, "group")?;
        let j = column::<StringArray>(batch, "json")?;
        for r in 0..batch.num_rows() {
            if j.is_valid(r) {
                groups.push((
                    required(g.is_valid(r).then(|| g.value(r)), "group")?,
                    j.value(r),
                ));
            }
        }
    }
    groups.sort_unstable();
    let tmp = json.with_extension("json.tmp");
    let write = || -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write!(f, "{{\"documents\":{documents},\"groups\":[")?;
        for (i, (_, j)) in groups.iter().enumerate() {
            if i > 0 {
                f.write_all(b",")?;
            }
            f.write_all(j.as_bytes())?;
        }
        writeln!(f, "],\"new_documents\":{documents}}}")?;
        f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, json)
    };
    write().map_err(|e| Error::new(format!("cannot write {}: {e}", json.display())))?;
    if let Some(path) = parquet {
        per_document(ctx, &ids, &rows, path)?;
    }
    Ok(Output { skipped })
}

/// Writes one row per document: `id` and the grouper's columns but `json`.
fn per_document(ctx: &Ctx, ids: &[RecordBatch], rows: &[RecordBatch], path: &Path) -> Result<()> {
    let mut by_id: HashMap<&str, (usize, usize)> = HashMap::new();
    for (b, batch) in rows.iter().enumerate() {
        let id = column::<StringArray>(batch, "id")?;
        for r in 0..batch.num_rows() {
            by_id.insert(required(id.is_valid(r).then(|| id.value(r)), "id")?, (b, r));
        }
    }
    let s = |n: &str| Field::new(n, DataType::Utf8, true);
    let f = |n: &str| Field::new(n, DataType::Float64, true);
    let out_schema = Arc::new(Schema::new(vec![
        s("id"),
        s("group"),
        s("representative"),
        f("jaccard"),
        f("containment_ab"),
        f("containment_ba"),
        f("number_overlap"),
    ]));
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::new(format!("{} is no file name", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    let file = std::fs::File::create(&tmp)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", tmp.display())))?;
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_key_value_metadata(Some(vec![parquet::file::metadata::KeyValue::new(
            files::CONFIG_KEY.to_string(),
            ctx.config.clone(),
        )]))
        .build();
    let err = |e: parquet::errors::ParquetError| Error::new(format!("{}: {e}", path.display()));
    let mut w =
        parquet::arrow::ArrowWriter::try_new(file, out_schema.clone(), Some(props)).map_err(err)?;
    for batch in ids {
        let id = column::<StringArray>(batch, "id")?;
        let mut cols: [StringBuilder; 3] = Default::default();
        let mut nums: [Vec<Option<f64>>; 4] = Default::default();
        for r in 0..batch.num_rows() {
            let this = id.value(r);
            cols[0].append_value(this);
            match by_id.get(this) {
                Some(&(b, i)) => {
                    let row = &rows[b];
                    for (k, name) in ["group", "representative"].iter().enumerate() {
                        let c = column::<StringArray>(row, name)?;
                        cols[k + 1].append_option(c.is_valid(i).then(|| c.value(i)));
                    }
                    for (k, name) in [
                        "jaccard",
                        "containment_ab",
                        "containment_ba",
                        "number_overlap",
                    ]
                    .iter()
                    .enumerate()
                    {
                        let c = column::<Float64Array>(row, name)?;
                        nums[k].push(c.is_valid(i).then(|| c.value(i)));
                    }
                }
                None => {
                    cols[1].append_null();
                    cols[2].append_null();
                    for n in nums.iter_mut() {
                        n.push(None);
                    }
                }
            }
        }
        let mut arrays: Vec<Arc<dyn Array>> = cols.iter_mut().map(|c| arc(c.finish())).collect();
        arrays.extend(nums.into_iter().map(|n| arc(Float64Array::from(n))));
        let out = RecordBatch::try_new(out_schema.clone(), arrays)
            .map_err(|e| Error::new(e.to_string()))?;
        w.write(&out).map_err(err)?;
    }
    w.close().map_err(err)?;
    std::fs::rename(&tmp, path)
        .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
}
