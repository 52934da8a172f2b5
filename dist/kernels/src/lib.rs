//! reprint's stages ([`reprint::stages`]) as kernels over Arrow record
//! batches, for engines that move the data between them (Spark through the
//! Python module in `dist/python`, the commands of `dist/cli` over Parquet
//! directories, or any engine that reads and writes the Parquet contract in
//! DESIGN.md).
//!
//! Every kernel is a function of its input rows and the configuration; the
//! engine only partitions, shuffles, joins and counts. Unsigned 64-bit values
//! (content hashes, band keys, block keys) travel as `Int64`, bit-cast.
//!
//! | kernel | input columns | output columns |
//! | --- | --- | --- |
//! | [`Kernels::read_lines`] | `value` binary, `file` int32, `block` int64, `row` int64 | `file`, `block`, `row`, `id` utf8?, `unit` int64?, `content` binary?, `error` utf8? |
//! | [`Kernels::template_votes`] | `unit`, `content` | `key` int64, `tag` int64 |
//! | [`Kernels::template_keys`] | `key`, `n` int64 | `key` |
//! | [`Kernels::sign`] | `unit`, `content` | `unit`, `len` int32, `bands` list\<int64\>, `signed` binary |
//! | [`Kernels::bucket_heads`] | `band` int32, `key`, `unit`, `len` | the same, at most four rows per `(band, key)` |
//! | [`Kernels::verify`] | `a`, `b`, `content_a`, `signed_a`, `content_b`, `signed_b` | `a`, `b`, `inter` int32 (accepted links only) |
//! | [`Grouper`] | `component` int64, `unit`?, `ids` list\<utf8\>?, `content`?, `signed`?, `a`?, `b`?, `inter`? — sorted by `component` | `group` utf8, `id`, `representative`, `jaccard`, `containment_ab`, `containment_ba`, `number_overlap`? float64, `json` utf8? |

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, Int32Array, Int64Array, ListArray, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use reprint::stages::{Content, Signed, Stages, TemplateSet, UnitInput};
use reprint::{Config, Group};

// JSONL records in, groups as JSON out: the dedup example's own code, so that
// the bytes read and printed are dedup's.
#[path = "../../../examples/shared/dedup_format.rs"]
mod dedup_format;
pub use dedup_format::{parse_line, Doc};
use dedup_format::{strip_bom, JsonGroup};

/// A kernel's error: a message for the engine's task failure.
#[derive(Debug)]
pub struct KernelError(pub String);

impl std::fmt::Display for KernelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KernelError {}

impl From<reprint::Error> for KernelError {
    fn from(e: reprint::Error) -> KernelError {
        KernelError(e.to_string())
    }
}

impl From<arrow_schema::ArrowError> for KernelError {
    fn from(e: arrow_schema::ArrowError) -> KernelError {
        KernelError(e.to_string())
    }
}

/// A kernel's result.
pub type Result<T> = std::result::Result<T, KernelError>;

/// The column `name` of `batch` as an array of type `T`.
fn column<'a, T: 'static>(batch: &'a RecordBatch, name: &str) -> Result<&'a T> {
    let col = batch
        .column_by_name(name)
        .ok_or_else(|| KernelError(format!("no column {name:?} in the input")))?;
    col.as_any().downcast_ref::<T>().ok_or_else(|| {
        KernelError(format!(
            "column {name:?} has type {}, not the one the kernel reads",
            col.data_type()
        ))
    })
}

/// A value of a non-null column.
fn required<T>(value: Option<T>, name: &str) -> Result<T> {
    value.ok_or_else(|| KernelError(format!("null in column {name:?}")))
}

fn i64s(batch: &RecordBatch, name: &str) -> Result<Vec<Option<i64>>> {
    Ok(column::<Int64Array>(batch, name)?.iter().collect())
}

/// A record batch of the given columns.
fn batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?)
}

/// The kernels under one configuration.
#[derive(Clone, Debug)]
pub struct Kernels {
    stages: Stages,
    id_field: String,
    text_field: String,
}

impl Kernels {
    /// The kernels for `config` (its serde JSON), reading JSONL records' ids
    /// and texts from the fields `id_field` and `text_field`.
    pub fn new(config_json: &str, id_field: &str, text_field: &str) -> Result<Kernels> {
        let config: Config = serde_json::from_str(config_json)
            .map_err(|e| KernelError(format!("bad configuration: {e}")))?;
        Ok(Kernels {
            stages: Stages::new(config)?,
            id_field: id_field.to_string(),
            text_field: text_field.to_string(),
        })
    }

    /// The stages.
    pub fn stages(&self) -> &Stages {
        &self.stages
    }

    fn content(&self, bytes: Option<&[u8]>, name: &str) -> Result<Content> {
        Ok(Content::from_bytes(&self.stages, required(bytes, name)?)?)
    }

    fn signed(&self, bytes: Option<&[u8]>, name: &str) -> Result<Signed> {
        Ok(Signed::from_bytes(&self.stages, required(bytes, name)?)?)
    }

    /// Parses JSONL lines as `dedup --jsonl` does and prepares each record.
    ///
    /// A line is read without a UTF-8 byte-order mark at its start and
    /// without ASCII whitespace at its ends; a blank line is no record. A
    /// record is a JSON object with an id (a string, or a number as it is
    /// written) and a text. A line that is no such record has a null `id` and
    /// its `error`; a record whose text cannot be prepared (empty after
    /// cleaning, too large) has its `id`, a null `content` and its `error`.
    /// `file`, `block` and `row` (the line's place in the input) are passed
    /// through: the first record of an id in that order is the one indexed.
    pub fn read_lines(&self, input: &RecordBatch) -> Result<RecordBatch> {
        let value = column::<BinaryArray>(input, "value")?;
        let file = column::<Int32Array>(input, "file")?;
        let block = i64s(input, "block")?;
        let row = i64s(input, "row")?;
        let n = input.num_rows();
        let (mut f, mut b, mut r) = (
            Int32Builder::with_capacity(n),
            Int64Builder::with_capacity(n),
            Int64Builder::with_capacity(n),
        );
        let mut id = StringBuilder::new();
        let mut unit = Int64Builder::with_capacity(n);
        let mut content = BinaryBuilder::new();
        let mut error = StringBuilder::new();
        for i in 0..n {
            let Some(line) = value.is_valid(i).then(|| value.value(i)) else {
                continue;
            };
            let line = strip_bom(line).trim_ascii();
            if line.is_empty() {
                continue;
            }
            f.append_option(file.is_valid(i).then(|| file.value(i)));
            b.append_option(block[i]);
            r.append_option(row[i]);
            match parse_line(line, &self.id_field, &self.text_field) {
                Err(e) => {
                    id.append_null();
                    unit.append_null();
                    content.append_null();
                    error.append_value(e.to_string());
                }
                Ok(doc) => {
                    id.append_value(&doc.id);
                    match self.stages.prepare(&doc.text) {
                        Ok(c) => {
                            unit.append_value(self.stages.hash(&c) as i64);
                            content.append_value(c.to_bytes());
                            error.append_null();
                        }
                        Err(e) => {
                            unit.append_null();
                            content.append_null();
                            error.append_value(format!("{}: {e}", doc.id));
                        }
                    }
                }
            }
        }
        batch(vec![
            ("file", Arc::new(f.finish())),
            ("block", Arc::new(b.finish())),
            ("row", Arc::new(r.finish())),
            ("id", Arc::new(id.finish())),
            ("unit", Arc::new(unit.finish())),
            ("content", Arc::new(content.finish())),
            ("error", Arc::new(error.finish())),
        ])
    }

    /// Each unit's template votes, `(key, tag)`.
    pub fn template_votes(&self, input: &RecordBatch) -> Result<RecordBatch> {
        let content = column::<BinaryArray>(input, "content")?;
        let (mut key, mut tag) = (Int64Builder::new(), Int64Builder::new());
        for c in content.iter() {
            for (k, t) in self.content(c, "content")?.template_votes(&self.stages) {
                key.append_value(k as i64);
                tag.append_value(t as i64);
            }
        }
        batch(vec![
            ("key", Arc::new(key.finish())),
            ("tag", Arc::new(tag.finish())),
        ])
    }

    /// The template keys among `(key, n)` rows, `n` the number of distinct
    /// tags that voted for `key`. Each key must be in one row (a group-by's
    /// output), so batches can be filtered one by one.
    pub fn template_keys(&self, input: &RecordBatch) -> Result<RecordBatch> {
        let key = i64s(input, "key")?;
        let n = i64s(input, "n")?;
        let mut counts = Vec::with_capacity(key.len());
        for (k, n) in key.into_iter().zip(n) {
            counts.push((required(k, "key")? as u64, required(n, "n")? as u64));
        }
        let keys = self.stages.templates(counts);
        let out: Int64Array = keys.keys().iter().map(|&k| Some(k as i64)).collect();
        batch(vec![("key", Arc::new(out))])
    }

    /// Signs each unit under `templates`.
    pub fn sign(&self, input: &RecordBatch, templates: &TemplateSet) -> Result<RecordBatch> {
        let unit = i64s(input, "unit")?;
        let content = column::<BinaryArray>(input, "content")?;
        let mut len = Int32Builder::new();
        let mut bands = ListBuilder::new(Int64Builder::new());
        let mut signed = BinaryBuilder::new();
        for c in content.iter() {
            let s = self.stages.sign(&self.content(c, "content")?, templates);
            len.append_value(s.len() as i32);
            for &k in s.band_keys() {
                bands.values().append_value(k as i64);
            }
            bands.append(true);
            signed.append_value(s.to_bytes());
        }
        batch(vec![
            ("unit", Arc::new(Int64Array::from(unit))),
            ("len", Arc::new(len.finish())),
            ("bands", Arc::new(bands.finish())),
            ("signed", Arc::new(signed.finish())),
        ])
    }

    /// The heads of each bucket `(band, key)` among the rows given: a
    /// combiner, run on each partition before the shuffle by bucket and on
    /// each partition after it. Rows are members `(unit, len)`.
    pub fn bucket_heads(&self, input: &RecordBatch) -> Result<RecordBatch> {
        bucket_heads(std::slice::from_ref(input))
    }

    /// Verifies candidate links; keeps the accepted ones with the size of
    /// their shingle sets' intersection.
    pub fn verify(&self, input: &RecordBatch) -> Result<RecordBatch> {
        let a = i64s(input, "a")?;
        let b = i64s(input, "b")?;
        let ca = column::<BinaryArray>(input, "content_a")?;
        let sa = column::<BinaryArray>(input, "signed_a")?;
        let cb = column::<BinaryArray>(input, "content_b")?;
        let sb = column::<BinaryArray>(input, "signed_b")?;
        let (mut oa, mut ob, mut inter) = (
            Int64Builder::new(),
            Int64Builder::new(),
            Int32Builder::new(),
        );
        for i in 0..input.num_rows() {
            let x = (
                self.content(ca.is_valid(i).then(|| ca.value(i)), "content_a")?,
                self.signed(sa.is_valid(i).then(|| sa.value(i)), "signed_a")?,
            );
            let y = (
                self.content(cb.is_valid(i).then(|| cb.value(i)), "content_b")?,
                self.signed(sb.is_valid(i).then(|| sb.value(i)), "signed_b")?,
            );
            if let Some(n) = self.stages.verify((&x.0, &x.1), (&y.0, &y.1))? {
                oa.append_value(required(a[i], "a")?);
                ob.append_value(required(b[i], "b")?);
                inter.append_value(n as i32);
            }
        }
        batch(vec![
            ("a", Arc::new(oa.finish())),
            ("b", Arc::new(ob.finish())),
            ("inter", Arc::new(inter.finish())),
        ])
    }
}

/// A bucket: band index and band key.
type Bucket = (i32, i64);

/// A bucket member: content hash and shingle count.
type BucketMember = (u64, u32);

/// The heads of each bucket among the rows of `inputs`.
pub fn bucket_heads(inputs: &[RecordBatch]) -> Result<RecordBatch> {
    let mut buckets: HashMap<Bucket, Vec<BucketMember>> = HashMap::new();
    for input in inputs {
        let band = column::<Int32Array>(input, "band")?;
        let key = i64s(input, "key")?;
        let unit = i64s(input, "unit")?;
        let len = column::<Int32Array>(input, "len")?;
        for i in 0..input.num_rows() {
            let bucket = (
                required(band.is_valid(i).then(|| band.value(i)), "band")?,
                required(key[i], "key")?,
            );
            let member = (
                required(unit[i], "unit")? as u64,
                required(len.is_valid(i).then(|| len.value(i)), "len")? as u32,
            );
            let heads = buckets.entry(bucket).or_default();
            heads.push(member);
            // Heads of parts give the heads of the whole: keep a bucket's
            // list short.
            if heads.len() >= 64 {
                *heads = reprint::stages::bucket_heads(heads.iter().copied());
            }
        }
    }
    let mut rows: Vec<(Bucket, Vec<BucketMember>)> = buckets.into_iter().collect();
    rows.sort_unstable_by_key(|&(b, _)| b);
    let (mut band, mut key, mut unit, mut len) = (
        Int32Builder::new(),
        Int64Builder::new(),
        Int64Builder::new(),
        Int32Builder::new(),
    );
    for ((b, k), members) in rows {
        for (u, l) in reprint::stages::bucket_heads(members) {
            band.append_value(b);
            key.append_value(k);
            unit.append_value(u as i64);
            len.append_value(l as i32);
        }
    }
    batch(vec![
        ("band", Arc::new(band.finish())),
        ("key", Arc::new(key.finish())),
        ("unit", Arc::new(unit.finish())),
        ("len", Arc::new(len.finish())),
    ])
}

/// One unit of a component being gathered.
struct PendingUnit {
    hash: u64,
    ids: Vec<String>,
    content: Content,
    signed: Signed,
}

/// Groups components from rows sorted by `component`, batch after batch: a
/// component's rows may span batches, so the rows of the last component seen
/// wait for the next batch or for [`finish`](Grouper::finish).
///
/// Unit rows have `unit`, `ids`, `content` and `signed`; link rows have `a`,
/// `b` and `inter` (an accepted link inside the component). The output has a
/// row per document of each group: the group (its smallest member id), the
/// document, the representative and its scores against it; the first row of
/// each group also carries the group as `dedup --json` prints it.
pub struct Grouper {
    kernels: Kernels,
    component: Option<i64>,
    units: Vec<PendingUnit>,
    links: Vec<(u64, u64, u32)>,
    out: GroupRows,
}

impl Grouper {
    /// A grouper with the kernels' configuration.
    pub fn new(kernels: Kernels) -> Grouper {
        Grouper {
            kernels,
            component: None,
            units: Vec::new(),
            links: Vec::new(),
            out: GroupRows::default(),
        }
    }

    /// Takes a batch of rows; returns the rows of the components it
    /// completed.
    pub fn feed(&mut self, input: &RecordBatch) -> Result<RecordBatch> {
        let component = i64s(input, "component")?;
        let unit = i64s(input, "unit")?;
        let ids = column::<ListArray>(input, "ids")?;
        let content = column::<BinaryArray>(input, "content")?;
        let signed = column::<BinaryArray>(input, "signed")?;
        let a = i64s(input, "a")?;
        let b = i64s(input, "b")?;
        let inter = column::<Int32Array>(input, "inter")?;
        for i in 0..input.num_rows() {
            let c = required(component[i], "component")?;
            if self.component != Some(c) {
                if let Some(prev) = self.component {
                    if c < prev {
                        return Err(KernelError(
                            "the grouper's input is not sorted by component".into(),
                        ));
                    }
                }
                self.flush()?;
                self.component = Some(c);
            }
            if let Some(u) = unit[i] {
                let list = ids.value(i);
                let list = list
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| KernelError("column \"ids\" is not a list of strings".into()))?;
                self.units.push(PendingUnit {
                    hash: u as u64,
                    ids: list.iter().flatten().map(str::to_string).collect(),
                    content: self
                        .kernels
                        .content(content.is_valid(i).then(|| content.value(i)), "content")?,
                    signed: self
                        .kernels
                        .signed(signed.is_valid(i).then(|| signed.value(i)), "signed")?,
                });
            } else {
                self.links.push((
                    required(a[i], "a")? as u64,
                    required(b[i], "b")? as u64,
                    required(inter.is_valid(i).then(|| inter.value(i)), "inter")? as u32,
                ));
            }
        }
        self.out.take()
    }

    /// Groups the last component; returns its rows.
    pub fn finish(&mut self) -> Result<RecordBatch> {
        self.flush()?;
        self.component = None;
        self.out.take()
    }

    fn flush(&mut self) -> Result<()> {
        if self.units.is_empty() && self.links.is_empty() {
            return Ok(());
        }
        let inputs: Vec<UnitInput> = self
            .units
            .iter()
            .map(|u| UnitInput {
                ids: &u.ids,
                content: &u.content,
                signed: &u.signed,
            })
            .collect();
        let groups = self
            .kernels
            .stages
            .group_component(&inputs, &self.links)
            .map_err(|e| {
                KernelError(format!(
                    "component {:016x}: {e}",
                    self.units.first().map_or(0, |u| u.hash)
                ))
            })?;
        for g in &groups {
            self.out.push(g);
        }
        self.units.clear();
        self.links.clear();
        Ok(())
    }
}

/// The output rows of the grouper.
#[derive(Default)]
struct GroupRows {
    group: StringBuilder,
    id: StringBuilder,
    representative: StringBuilder,
    jaccard: Float64Builder,
    containment_ab: Float64Builder,
    containment_ba: Float64Builder,
    number_overlap: Float64Builder,
    json: StringBuilder,
}

impl GroupRows {
    fn push(&mut self, g: &Group) {
        let first = &g.members[0].id;
        let json = group_json(g);
        for (i, m) in g.members.iter().enumerate() {
            self.group.append_value(first);
            self.id.append_value(&m.id);
            self.representative.append_value(&g.representative);
            self.jaccard.append_value(m.scores.jaccard);
            self.containment_ab.append_value(m.scores.containment_ab);
            self.containment_ba.append_value(m.scores.containment_ba);
            self.number_overlap.append_option(m.scores.number_overlap);
            if i == 0 {
                self.json.append_value(&json);
            } else {
                self.json.append_null();
            }
        }
    }

    fn take(&mut self) -> Result<RecordBatch> {
        batch(vec![
            ("group", Arc::new(self.group.finish())),
            ("id", Arc::new(self.id.finish())),
            ("representative", Arc::new(self.representative.finish())),
            ("jaccard", Arc::new(self.jaccard.finish())),
            ("containment_ab", Arc::new(self.containment_ab.finish())),
            ("containment_ba", Arc::new(self.containment_ba.finish())),
            ("number_overlap", Arc::new(self.number_overlap.finish())),
            ("json", Arc::new(self.json.finish())),
        ])
    }
}

/// The schema of the grouper's output, for the engine.
pub fn group_rows_schema() -> Schema {
    let s = |n: &str| Field::new(n, DataType::Utf8, true);
    let f = |n: &str| Field::new(n, DataType::Float64, true);
    Schema::new(vec![
        s("group"),
        s("id"),
        s("representative"),
        f("jaccard"),
        f("containment_ab"),
        f("containment_ba"),
        f("number_overlap"),
        s("json"),
    ])
}

/// A group as `dedup --json` prints it: `{"representative":…,"members":[…]}`,
/// each member with `id`, `jaccard`, `containment_ab`, `containment_ba` and
/// `number_overlap`, keys in that order.
pub fn group_json(g: &Group) -> String {
    serde_json::to_string(&JsonGroup(g)).expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_as_dedup_reads_them() {
        let p = |s: &str| parse_line(s.as_bytes(), "id", "text");
        assert_eq!(p(r#"{"id": 1.50, "text": "x"}"#).unwrap().id, "1.50");
        assert_eq!(p(r#"{"text": "x", "id": "a", "z": [1]}"#).unwrap().id, "a");
        assert!(p(r#"{"id": "", "text": "x"}"#).is_err());
        assert!(p(r#"{"id": true, "text": "x"}"#).is_err());
        assert!(p(r#"{"id": "a"}"#).is_err());
        assert!(p(r#"{"id": "a", "text": "x"} 1"#).is_err());
        assert_eq!(strip_bom("\u{feff}{}".as_bytes()), b"{}");
    }

    #[test]
    fn heads_of_parts_are_the_heads_of_the_whole() {
        let rows = |members: &[(i64, i32)]| {
            batch(vec![
                ("band", Arc::new(Int32Array::from(vec![0; members.len()]))),
                ("key", Arc::new(Int64Array::from(vec![7; members.len()]))),
                (
                    "unit",
                    Arc::new(Int64Array::from(
                        members.iter().map(|m| m.0).collect::<Vec<_>>(),
                    )),
                ),
                (
                    "len",
                    Arc::new(Int32Array::from(
                        members.iter().map(|m| m.1).collect::<Vec<_>>(),
                    )),
                ),
            ])
            .unwrap()
        };
        let members: Vec<(i64, i32)> = (0..200i64)
            .map(|i| {
                (
                    i.wrapping_mul(0x9e37_79b9_7f4a_7c15_u64 as i64),
                    (i % 13) as i32 + 1,
                )
            })
            .collect();
        let whole = bucket_heads(&[rows(&members)]).unwrap();
        let parts: Vec<RecordBatch> = members
            .chunks(37)
            .map(|c| bucket_heads(&[rows(c)]).unwrap())
            .collect();
        let combined = bucket_heads(&parts).unwrap();
        assert_eq!(whole, combined);
        let expected =
            reprint::stages::bucket_heads(members.iter().map(|&(u, l)| (u as u64, l as u32)));
        let got: Vec<(u64, u32)> = column::<Int64Array>(&whole, "unit")
            .unwrap()
            .iter()
            .zip(column::<Int32Array>(&whole, "len").unwrap().iter())
            .map(|(u, l)| (u.unwrap() as u64, l.unwrap() as u32))
            .collect();
        assert_eq!(got, expected);
    }
}
