//! The index file: a detector's whole state in one checksummed file.
//!
//! [`Detector::save`] writes what the detector cannot recompute without the
//! original texts: the configuration, the LSH banding, each distinct
//! *content* once (its token ids after boilerplate removal, cut into blocks
//! with their template keys, and the ids of its distinctive numbers) with the
//! ids of the documents that have it, and the accepted links between contents.
//! [`Detector::load`] reads them back and rebuilds the rest, which is a
//! deterministic function of them: the template frequencies, each content's
//! shingle set and signature, and the LSH buckets. The loaded detector answers
//! [`query`](Detector::query) and [`groups`](Detector::groups) exactly as the
//! one that was saved, and documents
//! inserted into it are treated as if all had been inserted into one detector.
//!
//! # Layout (format version 4)
//!
//! All integers are little-endian and all floats are IEEE 754 binary64 bit
//! patterns, little-endian; nothing depends on the writing machine. DESIGN.md
//! gives the same layout with the reasoning behind it, and those of versions
//! 1 to 3, which this build still reads (version 3 is this layout without
//! each content's story count, read as 1; version 2 is version 3 with the
//! 111-byte configuration encoding of the builds before
//! [`Config::containment_bands`], read as 0).
//!
//! ```text
//! header   magic       8 bytes  89 52 50 52 54 0D 0A 1A ("\x89RPRT\r\n\x1a")
//!          version     u32      4
//!          reserved    u32      0
//!          length      u64      length of the whole file in bytes, footer included
//!          fingerprint u64      Config::fingerprint of the configuration below
//! config               119 bytes the canonical encoding of the Config
//! banding  bands, rows u32, u32  the LSH banding the signatures were indexed with
//! units    count       u32       then `count` distinct contents, strictly
//!                                ascending by (content hash, content):
//!            n         u32       shingle length in tokens
//!            tokens    u32 count (≥ 1), then count × u32 token ids
//!            blocks    u32 count (≥ 1), then count × (end u32, key u64);
//!                      ends strictly ascending, the last = the token count
//!            numbers   u32 count, then count × u32, strictly ascending
//!            stories   u8        stories the page carries (≥ 1; see group)
//!            ids       u32 count (≥ 1), then count × (u32 length, UTF-8
//!                      bytes), strictly ascending; no id in two units
//! links    count       u64       then `count` accepted links, ascending by (a, b):
//!            a, b      u32, u32  unit positions above, a < b
//!            inter     u32       shared shingles (0 when verify is off)
//! footer   checksum    u64       XXH3-64 (seed 0) of every byte before it
//! ```
//!
//! # Guarantees
//!
//! * Writing streams: the file is produced front to back through a 64 KiB
//!   buffer, so saving never holds a second copy of the index in memory.
//! * [`Detector::save`] is atomic: it writes a temporary file in the target's
//!   directory, syncs it to disk and renames it over the target, so a crash
//!   mid-save leaves the previous index intact.
//! * Loading never panics and never allocates more than the bytes that remain
//!   in the file justify, whatever the bytes. A file whose checksum does not
//!   match gives [`ErrorKind::ChecksumMismatch`],
//!   even when the damage also breaks the structure.
//! * A file or stream holds exactly one index: [`Detector::load`] and
//!   [`Detector::read_from`] accept the same bytes, and refuse an intact index
//!   followed by anything with [`ErrorKind::TrailingBytes`].
//! * The file is a function of the set of documents and the configuration:
//!   contents are written in canonical order and links sorted, never in
//!   insertion or hash-map order, and only the links that are current
//!   candidates are written. The same documents give the same bytes whatever
//!   order they were inserted in, through any merge of shards or save and
//!   load in between.

use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::cluster::Scores;
use crate::config::{Config, CONFIG_LEN, CONFIG_LEN_V2};
use crate::detector::Detector;
use crate::error::{Error, ErrorKind, Result};
use crate::group::Grouping;
use crate::lsh::LshParams;
use crate::minhash::Scheme;
use crate::prepare::{content_hash, BlockRef, Content};
use crate::shingle::{Shingling, MAX_SHINGLE_LEN};

/// The first eight bytes of every index file. The high-bit first byte and the
/// CR LF pair catch transfers that mangle binary files, as in PNG.
pub const MAGIC: [u8; 8] = *b"\x89RPRT\r\n\x1a";

/// The format version this build writes.
pub const FORMAT_VERSION: u32 = 4;

/// The format versions this build reads.
pub const READABLE_VERSIONS: std::ops::RangeInclusive<u32> = 1..=4;

/// Length of the header: magic, version, reserved, length, fingerprint.
const HEADER_LEN: u64 = 8 + 4 + 4 + 8 + 8;

/// Length of the footer: the checksum.
const FOOTER_LEN: u64 = 8;

/// Bytes of one verified pair (format version 1).
const PAIR_LEN: u64 = 4 + 4 + 4 * 8 + 1 + 1 + 8;

/// Bytes of one accepted link (format version 2): two unit positions and the
/// intersection.
const LINK_LEN: u64 = 4 + 4 + 4;

/// Fewest bytes of one content: one token, one block, no numbers.
const MIN_CONTENT_LEN: u64 = 4 + (4 + 4) + (4 + 12) + 4;

/// Fewest bytes of one document (format version 1): an empty id and the
/// smallest content.
const MIN_DOC_LEN: u64 = 4 + MIN_CONTENT_LEN;

/// Fewest bytes of one unit (format version 2): the smallest content and one
/// empty id.
const MIN_UNIT_LEN: u64 = MIN_CONTENT_LEN + 4 + 4;

/// The smallest possible file: an empty detector.
const MIN_FILE_LEN: u64 = HEADER_LEN + CONFIG_LEN as u64 + 8 + 4 + 8 + FOOTER_LEN;

/// The smallest possible file of any readable version: an empty detector in
/// format version 1 or 2, whose configuration is shorter.
const MIN_READABLE_LEN: u64 = MIN_FILE_LEN - (CONFIG_LEN - CONFIG_LEN_V2) as u64;

/// Length of the stored configuration in format `version`: versions 1 and 2
/// predate `containment_bands`, the last field.
fn config_len(version: u32) -> usize {
    if version < 3 {
        CONFIG_LEN_V2
    } else {
        CONFIG_LEN
    }
}

/// Size of the write and read buffers.
const BUF_LEN: usize = 64 << 10;

/// Most elements reserved ahead of the data that fills them, so that a length
/// field cannot make the reader allocate more than the stream then delivers.
const MAX_RESERVE: usize = 1 << 16;

// ---------------------------------------------------------------------------
// The canonical configuration encoding, read back.

/// Decodes [`Config::canonical_encoding`]'s output; the encoding must be
/// canonical. The 111 bytes of format versions 1 and 2 lack the last field,
/// `containment_bands`, which was 0 before it existed.
fn decode_config(bytes: &[u8]) -> Result<Config> {
    assert!(
        bytes.len() == CONFIG_LEN || bytes.len() == CONFIG_LEN_V2,
        "a stored configuration has one of two lengths"
    );
    let mut r = FieldReader { bytes, at: 0 };
    let kind = r.u8();
    let words = r.usize("word shingle length")?;
    let chars = r.usize("character shingle length")?;
    let shingle = match kind {
        0 => Shingling::Words(words),
        1 => Shingling::Chars(chars),
        2 => Shingling::Auto { words, chars },
        k => return Err(Error::format(format!("unknown shingling kind {k}"))),
    };
    let num_perm = r.usize("num_perm")?;
    let seed = r.u64();
    let scheme = match r.u8() {
        0 => Scheme::OnePermutation,
        1 => Scheme::Classic,
        s => return Err(Error::format(format!("unknown signature scheme {s}"))),
    };
    let threshold = r.f64();
    let containment = r.f64();
    let min_containment_shingles = r.usize("min_containment_shingles")?;
    let min_number_overlap = r.f64();
    let has_lsh_threshold = r.u8();
    let lsh_threshold = r.f64();
    let has_lsh = r.u8();
    let bands = r.usize("LSH bands")?;
    let rows = r.usize("LSH rows")?;
    let verify = r.u8();
    let max_document_bytes = r.usize("max_document_bytes")?;
    let boilerplate = r.u8();
    let template_min_docs = r.usize("template_min_docs")?;
    let grouping = match r.u8() {
        0 => Grouping::Components,
        1 => Grouping::Centers,
        g => return Err(Error::format(format!("unknown grouping {g}"))),
    };
    let containment_bands = if bytes.len() == CONFIG_LEN {
        r.usize("containment_bands")?
    } else {
        0
    };
    let flag = |v: u8, what: &str| match v {
        0 => Ok(false),
        1 => Ok(true),
        v => Err(Error::format(format!("{what} flag is {v}, not 0 or 1"))),
    };
    let config = Config {
        shingle,
        num_perm,
        seed,
        scheme,
        threshold,
        containment,
        min_containment_shingles,
        min_number_overlap,
        lsh_threshold: flag(has_lsh_threshold, "lsh_threshold")?.then_some(lsh_threshold),
        lsh: flag(has_lsh, "lsh")?.then_some(LshParams { bands, rows }),
        containment_bands,
        verify: flag(verify, "verify")?,
        max_document_bytes,
        boilerplate: flag(boilerplate, "boilerplate")?,
        template_min_docs,
        grouping,
    };
    // Unused fields must be zero and floats canonical, so that one configuration
    // has exactly one encoding and the fingerprint identifies it.
    if config.canonical_encoding()[..bytes.len()] != *bytes {
        return Err(Error::format(
            "the stored configuration is not in canonical form",
        ));
    }
    Ok(config)
}

struct FieldReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl FieldReader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        // The fields add up to CONFIG_LEN, checked by `config_layout` below.
        out.copy_from_slice(&self.bytes[self.at..self.at + N]);
        self.at += N;
        out
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
    fn f64(&mut self) -> f64 {
        f64::from_bits(self.u64())
    }
    fn usize(&mut self, what: &str) -> Result<usize> {
        let v = self.u64();
        usize::try_from(v)
            .map_err(|_| Error::format(format!("{what} {v} does not fit this machine's usize")))
    }
}

// ---------------------------------------------------------------------------
// Writing.

/// A buffered writer that hashes everything it writes and counts the bytes.
struct Sink<W: Write> {
    inner: W,
    buf: Vec<u8>,
    hasher: Xxh3,
    written: u64,
}

impl<W: Write> Sink<W> {
    fn new(inner: W) -> Sink<W> {
        Sink {
            inner,
            buf: Vec::with_capacity(BUF_LEN),
            hasher: Xxh3::new(),
            written: 0,
        }
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.hasher.update(&self.buf);
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.buf.len() + bytes.len() > BUF_LEN {
            self.flush_buf()?;
        }
        if bytes.len() > BUF_LEN {
            self.hasher.update(bytes);
            self.inner.write_all(bytes)?;
        } else {
            self.buf.extend_from_slice(bytes);
        }
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn u32(&mut self, v: u32) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    fn u32s(&mut self, values: &[u32]) -> io::Result<()> {
        for chunk in values.chunks(BUF_LEN / 4) {
            if self.buf.len() + 4 * chunk.len() > BUF_LEN {
                self.flush_buf()?;
            }
            for v in chunk {
                self.buf.extend_from_slice(&v.to_le_bytes());
            }
            self.written += 4 * chunk.len() as u64;
        }
        Ok(())
    }

    /// Writes the buffered bytes and the checksum footer; returns the length.
    fn finish(mut self) -> io::Result<u64> {
        self.flush_buf()?;
        let checksum = self.hasher.digest();
        self.inner.write_all(&checksum.to_le_bytes())?;
        self.inner.flush()?;
        Ok(self.written + FOOTER_LEN)
    }
}

/// Bytes `write_content` writes for `c`.
fn content_len(c: &Content) -> u64 {
    4 + (4 + 4 * c.tokens.len() as u64)
        + (4 + 12 * c.blocks.len() as u64)
        + (4 + 4 * c.numbers.len() as u64)
        + 1
}

/// Writes a content: shingle length, tokens, blocks, numbers, stories.
fn write_content<W: Write>(out: &mut Sink<W>, c: &Content) -> io::Result<()> {
    out.u32(c.shingle_len)?;
    // Token counts fit u32: block ends are u32 offsets into the tokens.
    out.u32(c.tokens.len() as u32)?;
    out.u32s(&c.tokens)?;
    out.u32(c.blocks.len() as u32)?;
    for b in c.blocks.iter() {
        out.u32(b.end)?;
        out.u64(b.key)?;
    }
    out.u32(c.numbers.len() as u32)?;
    out.u32s(&c.numbers)?;
    out.bytes(&[c.stories])
}

/// The canonical order of two contents with equal content hashes: by shingle
/// length, then tokens, blocks (end, key), numbers, each lexicographically,
/// and stories. Equal only for equal contents.
fn content_order(a: &Content, b: &Content) -> std::cmp::Ordering {
    a.shingle_len
        .cmp(&b.shingle_len)
        .then_with(|| a.tokens.cmp(&b.tokens))
        .then_with(|| {
            let key = |b: &BlockRef| (b.end, b.key);
            a.blocks.iter().map(key).cmp(b.blocks.iter().map(key))
        })
        .then_with(|| a.numbers.cmp(&b.numbers))
        .then_with(|| a.stories.cmp(&b.stories))
}

fn too_long(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

fn write_index<W: Write>(det: &Detector, inner: W) -> io::Result<u64> {
    let config = &det.config;
    let params = det.lsh.params();
    // Units in canonical order, by content hash and then content, so that one
    // set of documents gives one file whatever order they were inserted in.
    let mut order: Vec<(u64, u32)> = det
        .units
        .iter()
        .enumerate()
        .filter_map(|(slot, unit)| Some((unit.as_ref()?.hash, slot as u32)))
        .collect();
    order.par_sort_unstable_by(|&(ha, a), &(hb, b)| {
        ha.cmp(&hb).then_with(|| {
            let content = |u: u32| &det.units[u as usize].as_ref().expect("live unit").content;
            content_order(content(a), content(b))
        })
    });
    let mut position = vec![u32::MAX; det.units.len()];
    let mut body_len = 0u64;
    for (p, &(_, slot)) in order.iter().enumerate() {
        position[slot as usize] = p as u32;
        let unit = det.units[slot as usize].as_ref().expect("live unit");
        body_len += content_len(&unit.content) + 4;
        if u32::try_from(unit.ids.len()).is_err() {
            return Err(too_long(format!(
                "a content with {} ids is too many to store",
                unit.ids.len()
            )));
        }
        for id in &unit.ids {
            if u32::try_from(id.len()).is_err() {
                return Err(too_long(format!(
                    "document id of {} bytes is too long to store",
                    id.len()
                )));
            }
            body_len += 4 + id.len() as u64;
        }
    }
    // The accepted links between unit positions, sorted; the intersection
    // only when it means something, so that the bytes do not depend on how
    // an unverified link's estimate was rounded.
    let mut links: Vec<(u32, u32, u32)> = det
        .accepted_links()
        .into_iter()
        .map(|(a, b, inter)| {
            let (pa, pb) = (position[a as usize], position[b as usize]);
            let inter = if config.verify { inter } else { 0 };
            (pa.min(pb), pa.max(pb), inter)
        })
        .collect();
    links.par_sort_unstable();
    let total = MIN_FILE_LEN + body_len + LINK_LEN * links.len() as u64;

    let mut out = Sink::new(inner);
    out.bytes(&MAGIC)?;
    out.u32(FORMAT_VERSION)?;
    out.u32(0)?;
    out.u64(total)?;
    out.u64(config.fingerprint())?;
    out.bytes(&config.canonical_encoding())?;
    out.u32(params.bands as u32)?;
    out.u32(params.rows as u32)?;
    out.u32(order.len() as u32)?;
    for &(_, slot) in &order {
        let unit = det.units[slot as usize].as_ref().expect("live unit");
        write_content(&mut out, &unit.content)?;
        out.u32(unit.ids.len() as u32)?;
        for id in &unit.ids {
            out.u32(id.len() as u32)?;
            out.bytes(id.as_bytes())?;
        }
    }
    out.u64(links.len() as u64)?;
    for (a, b, inter) in links {
        out.u32(a)?;
        out.u32(b)?;
        out.u32(inter)?;
    }
    let written = out.finish()?;
    assert_eq!(written, total, "index file length computed wrongly");
    Ok(written)
}

/// Distinguishes concurrent saves from one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary file a save writes before renaming it over `path`: in the same
/// directory, so that the rename stays on one file system.
fn temp_path(path: &Path) -> Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        Error::io(
            Some(path.to_path_buf()),
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "an index path must name a file, not a directory",
            ),
        )
    })?;
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!(".{}-{n}.idx.tmp", std::process::id()));
    Ok(path.with_file_name(tmp))
}

/// Whether `name` is the name [`temp_path`] gives the temporary files of saves
/// to an index named `index`: `.INDEX.PID-N.idx.tmp`, with PID and N decimal.
/// The digits are checked so that the temporary files of an index whose name
/// extends this one's (`news.idx.old`) are never taken for this one's.
fn is_temp_name(name: &OsStr, index: &OsStr) -> bool {
    let (name, index) = (name.as_encoded_bytes(), index.as_encoded_bytes());
    let Some(rest) = name
        .strip_prefix(b".")
        .and_then(|n| n.strip_prefix(index))
        .and_then(|n| n.strip_prefix(b"."))
        .and_then(|n| n.strip_suffix(b".idx.tmp"))
    else {
        return false;
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    match rest.iter().position(|&b| b == b'-') {
        Some(dash) => digits(&rest[..dash]) && digits(&rest[dash + 1..]),
        None => false,
    }
}

/// The temporary files that saves to the index file `path` have left beside
/// it, in name order.
///
/// [`Detector::save`] writes the new index under a hidden name in the same
/// directory and renames it over `path`; a process killed mid-save leaves that
/// file behind, as large as the index. Nothing removes them on its own, since
/// a temporary file may be another process's save under way: only a caller
/// that knows no save to `path` is running (for example, one that holds a lock
/// every writer of the index takes, as the `dedup` example does) can delete
/// what this returns.
///
/// # Errors
///
/// [`ErrorKind::Io`] naming the directory if it cannot be read, or `path`
/// if it names no file.
pub fn temp_files(path: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
    let path = path.as_ref();
    // Only to check that `path` names a file, as a save would.
    temp_path(path)?;
    let index = path.file_name().expect("checked by temp_path");
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let read = || -> io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if is_temp_name(&entry.file_name(), index) {
                out.push(entry.path());
            }
        }
        out.sort();
        Ok(out)
    };
    read().map_err(|e| Error::io(Some(dir.to_path_buf()), e))
}

/// Makes a completed rename durable by syncing the directory that holds it.
/// Only Unix-like systems can open a directory for that.
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Detector {
    /// Writes the detector to `path` as one index file, atomically: the file is
    /// written beside `path` under a temporary name, synced to disk and renamed
    /// over `path`, so a crash mid-save leaves the previous file intact.
    ///
    /// The file holds the configuration, the banding, each distinct content
    /// (token ids after boilerplate removal, blocks and numbers) once with the
    /// ids of the documents that have it, and the accepted links between
    /// contents; see the [`index_file`](crate::index_file) module for the
    /// layout. Removed documents are not written. An existing file at
    /// `path` is replaced, not updated in place.
    ///
    /// # Example
    ///
    /// ```
    /// use reprint::Detector;
    ///
    /// let path = std::env::temp_dir().join(format!("reprint-doc-{}.idx", std::process::id()));
    /// let mut det = Detector::builder().build()?;
    /// det.insert("a", "The quick brown fox jumps over the lazy dog near the river bank today.")?;
    /// det.save(&path)?;
    ///
    /// let mut loaded = Detector::load(&path)?;
    /// loaded.insert("b", "Breaking: the quick brown fox jumps over the lazy dog near the river bank today!")?;
    /// assert_eq!(loaded.groups()[0].ids().collect::<Vec<_>>(), ["a", "b"]);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), reprint::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] naming `path` if the file cannot be written or renamed
    /// (no temporary file is left behind then).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let tmp = temp_path(path)?;
        let write = || -> io::Result<()> {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            write_index(self, &mut file)?;
            file.sync_all()
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(Some(path.to_path_buf()), e));
        }
        if let Err(e) = std::fs::rename(&tmp, path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(Some(path.to_path_buf()), e));
        }
        sync_dir(path).map_err(|e| Error::io(Some(path.to_path_buf()), e))
    }

    /// Writes the detector as an index file to `writer`, streaming it through a
    /// 64 KiB buffer. Returns the number of bytes written.
    ///
    /// Prefer [`save`](Detector::save) for files: it is atomic.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if the writer fails.
    pub fn write_to<W: Write>(&self, writer: W) -> Result<u64> {
        write_index(self, writer).map_err(|e| Error::io(None, e))
    }

    /// Reads an index file written by [`save`](Detector::save).
    ///
    /// The detector answers [`query`](Detector::query) and
    /// [`groups`](Detector::groups) exactly as the one that was saved, and documents inserted into it are paired with the
    /// stored ones as if they had all been inserted into one detector.
    ///
    /// The file must hold one index and nothing else: `load` and
    /// [`read_from`](Detector::read_from) accept the same bytes.
    ///
    /// # Errors
    ///
    /// Each names the file and what to do:
    /// [`NotAnIndex`](ErrorKind::NotAnIndex) if the file is something else,
    /// [`UnsupportedVersion`](ErrorKind::UnsupportedVersion) if it was written in
    /// another format version, [`Truncated`](ErrorKind::Truncated) if it is cut
    /// short, [`TrailingBytes`](ErrorKind::TrailingBytes) if an intact index is
    /// followed by more bytes, [`ChecksumMismatch`](ErrorKind::ChecksumMismatch)
    /// if it was damaged, [`Format`](ErrorKind::Format) if its content is
    /// inconsistent although its checksum matches, [`Io`](ErrorKind::Io) if it
    /// cannot be read.
    pub fn load(path: impl AsRef<Path>) -> Result<Detector> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::io(Some(path.to_path_buf()), e))?;
        let len = file
            .metadata()
            .map_err(|e| Error::io(Some(path.to_path_buf()), e))?
            .len();
        read_index(file, Some(len)).map_err(|e| e.with_path(path))
    }

    /// Reads an index file like [`load`](Detector::load) and checks that it was
    /// built with the `expected` configuration.
    ///
    /// # Errors
    ///
    /// Those of [`load`](Detector::load), and
    /// [`ConfigMismatch`](ErrorKind::ConfigMismatch) naming the settings that
    /// differ.
    pub fn load_with_config(path: impl AsRef<Path>, expected: &Config) -> Result<Detector> {
        let path = path.as_ref();
        let det = Detector::load(path)?;
        if let Some(diffs) = det.config_differences(expected) {
            return Err(Error::config_mismatch(format!(
                "{}: the index was built with {diffs}; open it with its own configuration or \
                 rebuild the index with yours",
                path.display()
            )));
        }
        Ok(det)
    }

    /// Reads an index file from `reader`, which must deliver the file's bytes
    /// from its first and end where the index ends.
    ///
    /// Reading goes as far as the length recorded in the header, then asks for
    /// one more byte: an index followed by anything is refused, as
    /// [`load`](Detector::load) refuses such a file, so the two accept the same
    /// bytes. A reader that does not end there (a socket that stays open)
    /// blocks on that last read; hand over a reader limited to the index, for
    /// instance with [`Read::take`].
    ///
    /// # Errors
    ///
    /// Those of [`load`](Detector::load), without the path;
    /// [`TrailingBytes`](ErrorKind::TrailingBytes) does not say how many bytes
    /// follow.
    pub fn read_from<R: Read>(reader: R) -> Result<Detector> {
        read_index(reader, None)
    }

    /// Checks that the detector was built with the `expected` configuration,
    /// for instance before comparing its signatures with ones made elsewhere.
    ///
    /// # Errors
    ///
    /// [`ConfigMismatch`](ErrorKind::ConfigMismatch) naming the settings that
    /// differ.
    pub fn check_config(&self, expected: &Config) -> Result<()> {
        match self.config_differences(expected) {
            None => Ok(()),
            Some(diffs) => Err(Error::config_mismatch(format!(
                "the detector was built with {diffs}; signatures made under different \
                 configurations cannot be compared"
            ))),
        }
    }

    /// How the configuration differs from `expected`, as "name value, not
    /// value as expected" phrases, or `None` if it does not.
    fn config_differences(&self, expected: &Config) -> Option<String> {
        if *expected == self.config {
            return None;
        }
        let diffs: Vec<String> = self
            .config
            .differences(expected)
            .into_iter()
            .map(|(name, have, want)| format!("{name} {have}, not {want} as expected"))
            .collect();
        Some(if diffs.is_empty() {
            "another configuration".to_string()
        } else {
            diffs.join(", ")
        })
    }
}

// ---------------------------------------------------------------------------
// Reading.

/// A buffered reader over one index file that hashes the bytes the checksum
/// covers and refuses any read the remaining length cannot satisfy.
struct Source<R: Read> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes taken from `inner` so far, i.e. the file offset of `buf[end]`.
    read: u64,
    /// The file's length: the real one when known, else the header's.
    len: u64,
    hasher: Xxh3,
}

impl<R: Read> Source<R> {
    /// The file offset of the next byte handed out.
    fn offset(&self) -> u64 {
        self.read - (self.end - self.pos) as u64
    }

    /// Bytes left before the footer.
    fn remaining(&self) -> u64 {
        (self.len - FOOTER_LEN).saturating_sub(self.offset())
    }

    /// Fails unless `n` more bytes (counted in u64, so nothing overflows) fit
    /// before the footer.
    fn check(&self, n: Option<u64>, what: impl FnOnce() -> String) -> Result<()> {
        match n {
            Some(n) if n <= self.remaining() => Ok(()),
            _ => Err(Error::format(format!(
                "{} runs past the end of the file ({} bytes left)",
                what(),
                self.remaining()
            ))),
        }
    }

    /// A checked length as usize (an issue only where usize is narrower than
    /// the file).
    fn to_usize(&self, n: u64) -> Result<usize> {
        usize::try_from(n).map_err(|_| {
            Error::format(format!("a length of {n} does not fit this machine's usize"))
        })
    }

    /// Refills the empty buffer with the next bytes, never reading past `len`,
    /// and hashes the part of them before the footer.
    fn fill(&mut self) -> Result<()> {
        debug_assert_eq!(self.pos, self.end);
        let want = (self.len - self.read).min(self.buf.len() as u64) as usize;
        if want == 0 {
            return Err(Error::format("read past the end of the file"));
        }
        let n = loop {
            match self.inner.read(&mut self.buf[..want]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(None, e)),
            }
        };
        if n == 0 {
            return Err(Error::from(ErrorKind::Truncated {
                path: None,
                expected: Some(self.len),
                found: self.read,
            }));
        }
        let body_end = self.len - FOOTER_LEN;
        if self.read < body_end {
            let hashed = (body_end - self.read).min(n as u64) as usize;
            self.hasher.update(&self.buf[..hashed]);
        }
        self.pos = 0;
        self.end = n;
        self.read += n as u64;
        Ok(())
    }

    /// Copies the next `out.len()` bytes; the caller has checked the length.
    fn exact(&mut self, out: &mut [u8]) -> Result<()> {
        let mut done = 0;
        while done < out.len() {
            if self.pos == self.end {
                self.fill()?;
            }
            let n = (self.end - self.pos).min(out.len() - done);
            out[done..done + n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            done += n;
        }
        Ok(())
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        self.check(Some(N as u64), || what.to_string())?;
        let mut out = [0u8; N];
        self.exact(&mut out)?;
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    fn f64(&mut self, what: &str) -> Result<f64> {
        Ok(f64::from_bits(self.u64(what)?))
    }

    /// Reads `n` bytes; `n` is checked against the remaining length first.
    fn vec(&mut self, n: u64, what: impl FnOnce() -> String) -> Result<Vec<u8>> {
        self.check(Some(n), what)?;
        let n = self.to_usize(n)?;
        let mut out = Vec::with_capacity(n.min(MAX_RESERVE));
        let mut left = n;
        while left > 0 {
            if self.pos == self.end {
                self.fill()?;
            }
            let take = (self.end - self.pos).min(left);
            out.extend_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
            left -= take;
        }
        Ok(out)
    }

    /// Reads `n` little-endian u32 values; `n` is checked against the remaining
    /// length first.
    fn u32s(&mut self, n: u64, what: impl FnOnce() -> String) -> Result<Vec<u32>> {
        self.check(n.checked_mul(4), what)?;
        let n = self.to_usize(n)?;
        let mut out = Vec::with_capacity(n.min(MAX_RESERVE));
        let mut left = n;
        while left > 0 {
            let whole = (self.end - self.pos) / 4;
            if whole == 0 {
                // A value split across two buffer fills.
                let mut b = [0u8; 4];
                self.exact(&mut b)?;
                out.push(u32::from_le_bytes(b));
                left -= 1;
                continue;
            }
            let take = whole.min(left);
            let bytes = &self.buf[self.pos..self.pos + 4 * take];
            out.extend(
                bytes
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
            self.pos += 4 * take;
            left -= take;
        }
        Ok(out)
    }

    /// Reads through to the footer, hashing, and returns the stored and the
    /// computed checksums.
    fn checksums(&mut self) -> Result<(u64, u64)> {
        while self.read < self.len - FOOTER_LEN {
            self.pos = self.end;
            self.fill()?;
        }
        // The footer may be partly in the buffer already.
        let mut footer = [0u8; FOOTER_LEN as usize];
        let body_end = self.len - FOOTER_LEN;
        let skip = body_end.saturating_sub(self.offset()) as usize;
        self.pos = (self.pos + skip).min(self.end);
        self.exact(&mut footer)?;
        Ok((u64::from_le_bytes(footer), self.hasher.digest()))
    }
}

/// Reads `buf.len()` bytes or up to the end of the stream; returns the count.
fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(None, e)),
        }
    }
    Ok(n)
}

/// Reads one index file. `known_len` is the real length of the file when the
/// reader is a file; a stream is trusted to be as long as its header says.
fn read_index<R: Read>(mut inner: R, known_len: Option<u64>) -> Result<Detector> {
    let mut header = [0u8; HEADER_LEN as usize];
    let n = read_up_to(&mut inner, &mut header)?;
    let truncated = || {
        Error::from(ErrorKind::Truncated {
            path: None,
            expected: None,
            found: n as u64,
        })
    };
    if n < MAGIC.len() {
        return Err(if header[..n] == MAGIC[..n] {
            truncated()
        } else {
            Error::from(ErrorKind::NotAnIndex { path: None })
        });
    }
    if header[..8] != MAGIC {
        return Err(Error::from(ErrorKind::NotAnIndex { path: None }));
    }
    if n < 12 {
        return Err(truncated());
    }
    let version = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
    if !READABLE_VERSIONS.contains(&version) {
        return Err(Error::from(ErrorKind::UnsupportedVersion {
            path: None,
            found: version,
            supported: READABLE_VERSIONS,
        }));
    }
    if n < HEADER_LEN as usize {
        return Err(truncated());
    }
    let field = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&header[at..at + 8]);
        u64::from_le_bytes(b)
    };
    let reserved = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
    let declared = field(16);
    let fingerprint = field(24);

    let mut hasher = Xxh3::new();
    hasher.update(&header);
    // A file's real length is known; a stream is trusted to be as long as its
    // header says, and never read beyond that.
    let len = known_len.unwrap_or(declared);
    if len < MIN_READABLE_LEN {
        return Err(if declared > len {
            Error::from(ErrorKind::Truncated {
                path: None,
                expected: Some(declared),
                found: len,
            })
        } else {
            Error::format(format!(
                "the header gives a length of {declared} bytes, less than the \
                 {MIN_READABLE_LEN} of an empty index"
            ))
        });
    }
    let mut src = Source {
        inner,
        buf: vec![0u8; BUF_LEN].into_boxed_slice(),
        pos: 0,
        end: 0,
        read: HEADER_LEN,
        len,
        hasher,
    };
    if MIN_READABLE_LEN <= declared && declared < len {
        // Bytes after the length the header gives: if the index up to there
        // is intact, they were appended to it. Otherwise the checksum at the
        // file's real end decides, below, between a writer that got the length
        // wrong and damage; the hash so far continues over the footer read.
        src.len = declared;
        let (stored, computed) = src.checksums()?;
        if stored == computed {
            return Err(Error::from(ErrorKind::TrailingBytes {
                path: None,
                expected: declared,
                found: Some(len),
            }));
        }
        src.hasher.update(&stored.to_le_bytes());
        src.len = len;
    }
    if declared != len {
        // A file whose length disagrees with its header: if the checksum at its
        // real end still matches, the writer was wrong; otherwise the file was
        // cut short or damaged.
        let (stored, computed) = src.checksums()?;
        return Err(if stored == computed {
            Error::format(format!(
                "the header gives a length of {declared} bytes but the file has {len}"
            ))
        } else if len < declared {
            Error::from(ErrorKind::Truncated {
                path: None,
                expected: Some(declared),
                found: len,
            })
        } else {
            Error::from(ErrorKind::ChecksumMismatch {
                path: None,
                stored,
                computed,
            })
        });
    }
    let body = read_body(&mut src, version, reserved, fingerprint);
    // Damage is the likeliest cause of inconsistent content, so a checksum
    // mismatch is reported in preference to whatever the body reader found.
    let (stored, computed) = match (&body, src.checksums()) {
        (_, Ok(sums)) => sums,
        (Ok(_), Err(e)) => return Err(e),
        (Err(_), Err(e)) if matches!(e.kind(), ErrorKind::Io { .. }) => return Err(e),
        (Err(_), Err(_)) => return body,
    };
    if stored != computed {
        return Err(Error::from(ErrorKind::ChecksumMismatch {
            path: None,
            stored,
            computed,
        }));
    }
    // A file or stream holds one index and nothing after it; a stream is only
    // known to end when a read says so.
    if body.is_ok() && read_up_to(&mut src.inner, &mut [0u8; 1])? != 0 {
        return Err(Error::from(ErrorKind::TrailingBytes {
            path: None,
            expected: declared,
            found: known_len.filter(|&l| l > declared),
        }));
    }
    body
}

/// Reads everything between the header and the footer.
fn read_body<R: Read>(
    src: &mut Source<R>,
    version: u32,
    reserved: u32,
    fingerprint: u64,
) -> Result<Detector> {
    if reserved != 0 {
        return Err(Error::format(format!(
            "the reserved header field is {reserved}, not 0"
        )));
    }
    let mut config_bytes = [0u8; CONFIG_LEN];
    let config_bytes = &mut config_bytes[..config_len(version)];
    src.check(Some(config_bytes.len() as u64), || {
        "the configuration".into()
    })?;
    src.exact(config_bytes)?;
    let config = decode_config(config_bytes)?;
    if xxh3_64(config_bytes) != fingerprint {
        return Err(Error::format(
            "the configuration fingerprint in the header does not match the configuration",
        ));
    }
    config
        .validate()
        .map_err(|e| Error::format(format!("the stored configuration is invalid: {e}")))?;
    let bands = src.u32("the banding")?;
    let rows = src.u32("the banding")?;
    let params = LshParams {
        bands: bands as usize,
        rows: rows as usize,
    };
    params
        .validate(config.num_perm)
        .map_err(|e| Error::format(format!("the stored banding is invalid: {e}")))?;
    if config.lsh.is_some_and(|p| p != params) {
        return Err(Error::format(format!(
            "the stored banding {bands}×{rows} is not the one the configuration sets"
        )));
    }
    // The stored banding wins over the one `Config::validate` derives: the
    // signatures were bucketed with it, and it must not depend on the machine
    // that reads the file.
    if version == 1 {
        read_docs_v1(src, config, params)
    } else {
        read_units_v2(src, config, params, version)
    }
}

/// The shingle lengths a stored content may have under `config`.
fn shingle_lengths(config: &Config) -> Vec<usize> {
    match config.shingle {
        Shingling::Words(n) | Shingling::Chars(n) => vec![n],
        Shingling::Auto { words, chars } => vec![words, chars],
    }
}

/// Reads the documents and pairs of a format version 1 file.
fn read_docs_v1<R: Read>(
    src: &mut Source<R>,
    config: Config,
    params: LshParams,
) -> Result<Detector> {
    let verify = config.verify;
    let lengths = shingle_lengths(&config);
    let count = src.u32("the document count")?;
    if count == u32::MAX {
        return Err(Error::format(
            "the document count is u32::MAX, which is reserved",
        ));
    }
    src.check(u64::from(count).checked_mul(MIN_DOC_LEN), || {
        format!("{count} documents")
    })?;
    let mut docs: Vec<(String, Content)> = Vec::with_capacity((count as usize).min(MAX_RESERVE));
    let mut seen: ahash::AHashSet<String> = ahash::AHashSet::new();
    for d in 0..count {
        let id_len = src.u32("a document id length")?;
        let id = src.vec(u64::from(id_len), || format!("the id of document {d}"))?;
        let id = String::from_utf8(id).map_err(|e| {
            Error::format(format!(
                "the id of document {d} is not UTF-8 (invalid byte at {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        if !seen.insert(id.clone()) {
            return Err(Error::format(format!("document id {id:?} appears twice")));
        }
        let content = read_content(src, &lengths, false, || format!("document {id:?}"))?;
        docs.push((id, content));
    }
    drop(seen);

    let pairs = src.u64("the pair count")?;
    src.check(pairs.checked_mul(PAIR_LEN), || format!("{pairs} pairs"))?;
    let mut edges: Vec<(u32, u32, Scores)> = Vec::with_capacity((pairs as usize).min(MAX_RESERVE));
    let mut previous: Option<(u32, u32)> = None;
    for _ in 0..pairs {
        let a = src.u32("a pair")?;
        let b = src.u32("a pair")?;
        if !(a < b && b < count) {
            return Err(Error::format(format!(
                "pair ({a}, {b}) does not name two documents in order (there are {count})"
            )));
        }
        if previous.is_some_and(|p| p >= (a, b)) {
            return Err(Error::format(format!(
                "pair ({a}, {b}) is out of order or repeated"
            )));
        }
        previous = Some((a, b));
        let score = |src: &mut Source<R>| -> Result<f64> {
            let v = src.f64("pair scores")?;
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(Error::format(format!(
                    "pair ({a}, {b}) has a score of {v}, outside [0, 1]"
                )))
            }
        };
        let estimated_jaccard = score(src)?;
        let jaccard = score(src)?;
        let containment_ab = score(src)?;
        let containment_ba = score(src)?;
        let exact = flag(src.u8("pair scores")?, || {
            format!("the exactness of pair ({a}, {b})")
        })?;
        let has_numbers = flag(src.u8("pair scores")?, || {
            format!("the number overlap of pair ({a}, {b})")
        })?;
        let overlap = score(src)?;
        if !has_numbers && overlap.to_bits() != 0 {
            return Err(Error::format(format!(
                "pair ({a}, {b}) has no number overlap but a value for it"
            )));
        }
        if exact != verify {
            return Err(Error::format(format!(
                "pair ({a}, {b}) is {}exact but verification is {}",
                if exact { "" } else { "not " },
                if verify { "on" } else { "off" }
            )));
        }
        let scores = Scores {
            estimated_jaccard,
            jaccard,
            containment_ab,
            containment_ba,
            exact,
            number_overlap: has_numbers.then_some(overlap),
        };
        edges.push((a, b, scores));
    }
    if src.remaining() != 0 {
        return Err(Error::format(format!(
            "{} unexpected bytes follow the last pair",
            src.remaining()
        )));
    }
    Ok(Detector::restore(config, params, docs, edges))
}

/// Reads the units and links of a format version 2, 3 or 4 file.
fn read_units_v2<R: Read>(
    src: &mut Source<R>,
    config: Config,
    params: LshParams,
    version: u32,
) -> Result<Detector> {
    let lengths = shingle_lengths(&config);
    let count = src.u32("the unit count")?;
    if count == u32::MAX {
        return Err(Error::format(
            "the unit count is u32::MAX, which is reserved",
        ));
    }
    src.check(u64::from(count).checked_mul(MIN_UNIT_LEN), || {
        format!("{count} units")
    })?;
    let mut units: Vec<(Vec<String>, Content)> =
        Vec::with_capacity((count as usize).min(MAX_RESERVE));
    let mut previous: Option<u64> = None;
    for u in 0..count {
        let content = read_content(src, &lengths, version >= 4, || format!("unit {u}"))?;
        // Strictly ascending by (content hash, content): the canonical order,
        // which also makes two units with one content adjacent, and refused.
        let hash = content_hash(&content, config.seed);
        if let (Some(p), Some((_, prev))) = (previous, units.last()) {
            match p.cmp(&hash).then_with(|| content_order(prev, &content)) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    return Err(Error::format(format!(
                        "units {} and {u} have the same content",
                        u - 1
                    )))
                }
                std::cmp::Ordering::Greater => {
                    return Err(Error::format(format!(
                        "unit {u} is out of order (units are sorted by content hash, then content)"
                    )))
                }
            }
        }
        previous = Some(hash);
        let n_ids = src.u32("an id count")?;
        if n_ids == 0 {
            return Err(Error::format(format!("unit {u} has no ids")));
        }
        src.check(u64::from(n_ids).checked_mul(4), || {
            format!("the {n_ids} ids of unit {u}")
        })?;
        let mut ids: Vec<String> = Vec::with_capacity((n_ids as usize).min(MAX_RESERVE));
        for _ in 0..n_ids {
            let id_len = src.u32("an id length")?;
            let id = src.vec(u64::from(id_len), || format!("an id of unit {u}"))?;
            let id = String::from_utf8(id).map_err(|e| {
                Error::format(format!(
                    "an id of unit {u} is not UTF-8 (invalid byte at {})",
                    e.utf8_error().valid_up_to()
                ))
            })?;
            if ids.last().is_some_and(|last| *last >= id) {
                return Err(Error::format(format!(
                    "the ids of unit {u} are not strictly ascending (at {id:?})"
                )));
            }
            ids.push(id);
        }
        units.push((ids, content));
    }
    // Ids are distinct within a unit (ascending); across units, sorting
    // references to them finds any that appears twice.
    let mut all: Vec<&str> = units
        .iter()
        .flat_map(|(ids, _)| ids.iter().map(String::as_str))
        .collect();
    all.par_sort_unstable();
    if let Some(w) = all.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::format(format!(
            "document id {:?} appears in two units",
            w[0]
        )));
    }
    drop(all);

    let n_links = src.u64("the link count")?;
    src.check(n_links.checked_mul(LINK_LEN), || format!("{n_links} links"))?;
    let mut links: Vec<(u32, u32, u32)> = Vec::with_capacity((n_links as usize).min(MAX_RESERVE));
    for _ in 0..n_links {
        let a = src.u32("a link")?;
        let b = src.u32("a link")?;
        let inter = src.u32("a link")?;
        if !(a < b && b < count) {
            return Err(Error::format(format!(
                "link ({a}, {b}) does not name two units in order (there are {count})"
            )));
        }
        if links.last().is_some_and(|&(pa, pb, _)| (pa, pb) >= (a, b)) {
            return Err(Error::format(format!(
                "link ({a}, {b}) is out of order or repeated"
            )));
        }
        if !config.verify && inter != 0 {
            return Err(Error::format(format!(
                "link ({a}, {b}) has an intersection of {inter} but verification is off \
                 (it must be 0)"
            )));
        }
        links.push((a, b, inter));
    }
    if src.remaining() != 0 {
        return Err(Error::format(format!(
            "{} unexpected bytes follow the last link",
            src.remaining()
        )));
    }
    Detector::restore_units(config, params, units, links)
}

/// A 0 or 1 flag.
fn flag(v: u8, what: impl FnOnce() -> String) -> Result<bool> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        v => Err(Error::format(format!("{} flag is {v}, not 0 or 1", what()))),
    }
}

/// Reads one document's content and checks that it is one `content_of` could
/// have produced: a shingle length the configuration allows, at least one token,
/// blocks that cut the tokens into non-empty runs, sorted number ids, and
/// (`stories`: format version 4 on) the number of stories, at least 1.
/// Contents of earlier versions carry one story.
fn read_content<R: Read>(
    src: &mut Source<R>,
    lengths: &[usize],
    stories: bool,
    who: impl Fn() -> String,
) -> Result<Content> {
    let shingle_len = src.u32("a shingle length")?;
    if !lengths.contains(&(shingle_len as usize)) || shingle_len as usize > MAX_SHINGLE_LEN {
        return Err(Error::format(format!(
            "{} has shingle length {shingle_len}, which the configuration does not use",
            who()
        )));
    }
    let n = src.u32("a token count")?;
    if n == 0 {
        return Err(Error::format(format!("{} has no tokens", who())));
    }
    let tokens = src.u32s(u64::from(n), || format!("the tokens of {}", who()))?;
    let n_blocks = src.u32("a block count")?;
    src.check(u64::from(n_blocks).checked_mul(12), || {
        format!("the blocks of {}", who())
    })?;
    if n_blocks == 0 {
        return Err(Error::format(format!("{} has no blocks", who())));
    }
    let mut blocks = Vec::with_capacity((n_blocks as usize).min(MAX_RESERVE));
    let mut start = 0u32;
    for _ in 0..n_blocks {
        let end = src.u32("a block")?;
        let key = src.u64("a block")?;
        if end <= start || end > n {
            return Err(Error::format(format!(
                "{} has a block ending at token {end} after one ending at {start} \
                 (of {n} tokens)",
                who()
            )));
        }
        start = end;
        blocks.push(BlockRef { end, key });
    }
    if start != n {
        return Err(Error::format(format!(
            "the blocks of {} cover {start} of its {n} tokens",
            who()
        )));
    }
    let n_numbers = src.u32("a number count")?;
    let numbers = src.u32s(u64::from(n_numbers), || format!("the numbers of {}", who()))?;
    if numbers.windows(2).any(|w| w[0] >= w[1]) {
        return Err(Error::format(format!(
            "the numbers of {} are not strictly ascending",
            who()
        )));
    }
    let stories = if stories { src.u8("a story count")? } else { 1 };
    if stories == 0 {
        return Err(Error::format(format!("{} carries no story", who())));
    }
    Ok(Content {
        tokens: tokens.into_boxed_slice(),
        blocks: blocks.into_boxed_slice(),
        shingle_len,
        numbers: numbers.into_boxed_slice(),
        stories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_layout() {
        // The encoding fills CONFIG_LEN exactly and round-trips.
        let c = Config {
            lsh: Some(LshParams { bands: 8, rows: 4 }),
            lsh_threshold: Some(0.3),
            shingle: Shingling::Chars(7),
            scheme: Scheme::Classic,
            ..Config::default()
        };
        for config in [Config::default(), c] {
            let bytes = config.canonical_encoding();
            assert_eq!(decode_config(&bytes).unwrap(), config);
        }
        assert_eq!(MIN_FILE_LEN, 32 + 119 + 8 + 4 + 8 + 8);
        assert_eq!(MIN_READABLE_LEN, 32 + 111 + 8 + 4 + 8 + 8);
    }

    #[test]
    fn configurations_of_versions_1_and_2_have_no_containment_bands() {
        // The 111 bytes of a version 2 file are the encoding without its last
        // field: they decode to the same configuration with no containment
        // bands, and only bytes that a zero there would give are accepted.
        let old = Config {
            containment_bands: 0,
            ..Config::default()
        };
        let bytes = old.canonical_encoding();
        assert_eq!(decode_config(&bytes[..CONFIG_LEN_V2]).unwrap(), old);
        let new = Config {
            containment_bands: 32,
            ..Config::default()
        }
        .canonical_encoding();
        let decoded = decode_config(&new[..CONFIG_LEN_V2]).unwrap();
        assert_eq!(decoded.containment_bands, 0);
        assert_eq!(config_len(2), CONFIG_LEN_V2);
        assert_eq!(config_len(3), CONFIG_LEN);
    }

    #[test]
    fn temp_names_are_told_apart() {
        let index = Path::new("dir/news.idx");
        for _ in 0..2 {
            let tmp = temp_path(index).unwrap();
            assert_eq!(tmp.parent(), index.parent());
            assert!(is_temp_name(
                tmp.file_name().unwrap(),
                OsStr::new("news.idx")
            ));
        }
        let name = OsStr::new("news.idx");
        for ok in [".news.idx.1-0.idx.tmp", ".news.idx.4294967295-17.idx.tmp"] {
            assert!(is_temp_name(OsStr::new(ok), name), "{ok}");
        }
        for other in [
            "news.idx.1-0.idx.tmp",
            ".news.idx.1-0.idx",
            ".news.idx.1.idx.tmp",
            ".news.idx.-0.idx.tmp",
            ".news.idx.1-.idx.tmp",
            ".news.idx.1-2-3.idx.tmp",
            ".news.idx.x-0.idx.tmp",
            ".news.idx.old.1-0.idx.tmp",
            ".news.1-0.idx.tmp",
            ".news.idx.tmp",
            "news.idx",
        ] {
            assert!(!is_temp_name(OsStr::new(other), name), "{other}");
        }
        // An index whose name extends another's has temporary files of its own.
        assert!(is_temp_name(
            OsStr::new(".news.idx.old.1-0.idx.tmp"),
            OsStr::new("news.idx.old")
        ));
    }

    #[test]
    fn negative_zero_encodes_as_zero() {
        let a = Config {
            lsh_threshold: Some(0.0),
            ..Config::default()
        };
        let mut b = a.clone();
        b.lsh_threshold = Some(-0.0);
        assert_eq!(a.canonical_encoding(), b.canonical_encoding());
    }

    #[test]
    fn non_canonical_config_is_rejected() {
        let mut bytes = Config::default().canonical_encoding();
        // The chars length of an Auto shingling is used; make the kind Words so
        // that it becomes an unused, non-zero field.
        bytes[0] = 0;
        assert!(decode_config(&bytes).is_err());
    }
}
