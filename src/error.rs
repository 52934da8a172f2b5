//! The crate's one error type.

use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

/// A specialized `Result` for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// An error from building a detector, indexing a document or reading an index file.
///
/// The error is opaque; inspect it with [`Error::kind`]. Its message is
/// complete: an I/O error's own message is part of it, and
/// [`source`](std::error::Error::source) returns `None`, so that a report that
/// walks the chain of sources prints each cause once (the csv crate's
/// convention). The underlying [`std::io::Error`] is in [`ErrorKind::Io`].
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The configuration is invalid; the message says which setting and why.
    InvalidConfig(String),
    /// A document has no words (or no characters, for character shingles) after
    /// normalization: it is empty, whitespace-only or punctuation-only.
    EmptyDocument {
        /// The id given with the document, if it was being inserted.
        id: Option<String>,
    },
    /// A document is larger than [`Config::max_document_bytes`](crate::Config::max_document_bytes).
    DocumentTooLarge {
        /// The id given with the document, if it was being inserted.
        id: Option<String>,
        /// The document's length in bytes.
        len: usize,
        /// The configured limit.
        limit: usize,
    },
    /// A document with this id is already in the detector.
    DuplicateId(String),
    /// Two documents of one batch have this id. Nothing was indexed under it
    /// by the strict insertions; the lenient ones index the first document
    /// and reject the later ones.
    DuplicateIdInBatch(String),
    /// No document with this id is in the detector.
    UnknownId(String),
    /// Bytes that were supposed to be text are not valid UTF-8.
    InvalidUtf8 {
        /// Where the bytes came from, if known.
        path: Option<PathBuf>,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// An I/O error, with the path it concerns when there is one. The
    /// message includes the underlying error's.
    Io {
        /// The file being read or written.
        path: Option<PathBuf>,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file does not start with the index file's magic bytes: it is not a
    /// reprint index (or the path is wrong).
    NotAnIndex {
        /// The file, when reading from a path.
        path: Option<PathBuf>,
    },
    /// The index file was written in a format version this build cannot read.
    UnsupportedVersion {
        /// The file, when reading from a path.
        path: Option<PathBuf>,
        /// The format version recorded in the file.
        found: u32,
        /// The format versions this build reads.
        supported: RangeInclusive<u32>,
    },
    /// The index file ends before the length its header gives: it was cut short,
    /// for instance by an interrupted copy or a full disk.
    Truncated {
        /// The file, when reading from a path.
        path: Option<PathBuf>,
        /// The length in bytes the header gives, if the header was complete.
        expected: Option<u64>,
        /// The number of bytes actually there.
        found: u64,
    },
    /// An intact index is followed by more bytes: something was appended to
    /// the file, or the stream goes on after the index.
    TrailingBytes {
        /// The file, when reading from a path.
        path: Option<PathBuf>,
        /// The index's length in bytes, as its header gives it.
        expected: u64,
        /// The file's length, when reading a file; a stream's is not known.
        found: Option<u64>,
    },
    /// The index file's content does not match its checksum: it was damaged
    /// after it was written.
    ChecksumMismatch {
        /// The file, when reading from a path.
        path: Option<PathBuf>,
        /// The checksum stored in the file.
        stored: u64,
        /// The checksum of the content as read.
        computed: u64,
    },
    /// An index file with an intact checksum holds inconsistent data (it was not
    /// written by a working build of this crate); `detail` names the problem.
    Format {
        /// The file, when reading from a path.
        path: Option<PathBuf>,
        /// What is wrong, for instance "document 3 has an unsorted shingle set".
        detail: String,
    },
    /// Two detectors, or a detector and an index file, were built with different
    /// configurations and cannot be combined.
    ConfigMismatch(String),
    /// Data given to a [`stage`](crate::stages) does not fit together (a link
    /// to a unit that is not given, two units with one content hash).
    InvalidStageInput(String),
}

impl Error {
    /// Returns what went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Consumes the error, returning what went wrong.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    pub(crate) fn config(msg: impl Into<String>) -> Error {
        Error::from(ErrorKind::InvalidConfig(msg.into()))
    }

    pub(crate) fn format(detail: impl Into<String>) -> Error {
        Error::from(ErrorKind::Format {
            path: None,
            detail: detail.into(),
        })
    }

    pub(crate) fn io(path: Option<PathBuf>, source: std::io::Error) -> Error {
        Error::from(ErrorKind::Io { path, source })
    }

    pub(crate) fn invalid_input(msg: impl Into<String>) -> Error {
        Error::from(ErrorKind::InvalidStageInput(msg.into()))
    }

    pub(crate) fn config_mismatch(msg: impl Into<String>) -> Error {
        Error::from(ErrorKind::ConfigMismatch(msg.into()))
    }

    /// Sets the file on errors that concern one file and do not name one yet.
    pub(crate) fn with_path(mut self, file: &Path) -> Error {
        match &mut *self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::NotAnIndex { path }
            | ErrorKind::UnsupportedVersion { path, .. }
            | ErrorKind::Truncated { path, .. }
            | ErrorKind::TrailingBytes { path, .. }
            | ErrorKind::ChecksumMismatch { path, .. }
            | ErrorKind::Format { path, .. }
                if path.is_none() =>
            {
                *path = Some(file.to_path_buf());
            }
            _ => {}
        }
        self
    }

    /// Sets the document id on errors that concern one document.
    pub(crate) fn with_id(mut self, doc_id: &str) -> Error {
        match &mut *self.0 {
            ErrorKind::EmptyDocument { id } | ErrorKind::DocumentTooLarge { id, .. } => {
                *id = Some(doc_id.to_string());
            }
            _ => {}
        }
        self
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

/// The message names every cause itself, so no error has a source.
impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// The same message as the [`Error`] that holds it.
impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = |path: &Option<PathBuf>| match path {
            Some(p) => format!("{}: ", p.display()),
            None => String::new(),
        };
        let doc = |id: &Option<String>| match id {
            Some(id) => format!("document {id:?}"),
            None => "document".to_string(),
        };
        match self {
            ErrorKind::InvalidConfig(msg) => write!(f, "invalid configuration: {msg}"),
            ErrorKind::EmptyDocument { id } => write!(
                f,
                "{} has no words after normalization (empty, whitespace or punctuation only); \
                 it cannot be compared with anything",
                doc(id)
            ),
            ErrorKind::DocumentTooLarge { id, len, limit } => write!(
                f,
                "{} is {len} bytes, over the limit of {limit} bytes; \
                 raise Config::max_document_bytes or split the document",
                doc(id)
            ),
            ErrorKind::DuplicateId(id) => write!(
                f,
                "a document with id {id:?} is already indexed; remove it first to replace it"
            ),
            ErrorKind::DuplicateIdInBatch(id) => write!(
                f,
                "id {id:?} is given to more than one document of the batch; \
                 give every document its own id"
            ),
            ErrorKind::UnknownId(id) => write!(f, "no document with id {id:?} is indexed"),
            ErrorKind::InvalidUtf8 { path, offset } => match path {
                Some(p) => write!(f, "{}: invalid UTF-8 at byte {offset}", p.display()),
                None => write!(f, "invalid UTF-8 at byte {offset}"),
            },
            ErrorKind::Io { path, source } => match path {
                Some(p) => write!(f, "{}: {source}", p.display()),
                None => write!(f, "{source}"),
            },
            ErrorKind::NotAnIndex { path } => write!(
                f,
                "{}not a reprint index file (it does not start with the index magic bytes); \
                 check the path",
                prefix(path)
            ),
            ErrorKind::UnsupportedVersion {
                path,
                found,
                supported,
            } => {
                let reads = if supported.start() == supported.end() {
                    supported.start().to_string()
                } else {
                    format!("{}–{}", supported.start(), supported.end())
                };
                let what_to_do = if found > supported.end() {
                    "read it with the newer reprint that wrote it, or rebuild the index with this one"
                } else {
                    "rebuild the index with this version of reprint"
                };
                write!(
                    f,
                    "{}index was written by format version {found}, this build reads {reads}: \
                     {what_to_do}",
                    prefix(path)
                )
            }
            ErrorKind::Truncated {
                path,
                expected,
                found,
            } => {
                write!(f, "{}index file is truncated: ", prefix(path))?;
                match expected {
                    Some(e) => write!(f, "its header gives {e} bytes but it ends after {found}")?,
                    None if *found == 0 => write!(f, "it is empty")?,
                    None => write!(f, "it ends after {found} bytes, inside its header")?,
                }
                write!(
                    f,
                    "; it was cut short (interrupted copy or full disk): \
                     restore it from a backup or rebuild it"
                )
            }
            ErrorKind::TrailingBytes {
                path,
                expected,
                found: Some(found),
            } => write!(
                f,
                "{}index file has {} bytes after the end of the index (its header gives \
                 {expected} bytes, the file has {found}): something was appended to it; \
                 if its first {expected} bytes are the index you want, cut it to that length, \
                 else restore it from a backup",
                prefix(path),
                found.saturating_sub(*expected)
            ),
            ErrorKind::TrailingBytes {
                path,
                expected,
                found: None,
            } => write!(
                f,
                "{}more bytes follow the end of the index ({expected} bytes by its header): \
                 pass a reader that ends where the index ends",
                prefix(path)
            ),
            ErrorKind::ChecksumMismatch {
                path,
                stored,
                computed,
            } => write!(
                f,
                "{}index file is damaged: its checksum is {stored:016x} but its content hashes \
                 to {computed:016x}; restore it from a backup or rebuild it",
                prefix(path)
            ),
            ErrorKind::Format { path, detail } => write!(
                f,
                "{}invalid index file: {detail}; the file is intact but was not written by a \
                 working reprint build: rebuild it",
                prefix(path)
            ),
            ErrorKind::ConfigMismatch(msg) => write!(f, "configuration mismatch: {msg}"),
            ErrorKind::InvalidStageInput(msg) => write!(f, "invalid stage input: {msg}"),
        }
    }
}
