//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// A specialized `Result` for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// An error from building a detector, indexing a document or reading an index file.
///
/// The error is opaque; inspect it with [`Error::kind`].
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
    /// No document with this id is in the detector.
    UnknownId(String),
    /// Bytes that were supposed to be text are not valid UTF-8.
    InvalidUtf8 {
        /// Where the bytes came from, if known.
        path: Option<PathBuf>,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// An I/O error, with the path it concerns when there is one.
    Io {
        /// The file being read or written.
        path: Option<PathBuf>,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An index file could not be read; the message names the problem and what to do.
    Format(String),
    /// Two detectors, or a detector and an index file, were built with different
    /// configurations and cannot be combined.
    ConfigMismatch(String),
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

    #[allow(dead_code)] // used by the index file format
    pub(crate) fn format(msg: impl Into<String>) -> Error {
        Error::from(ErrorKind::Format(msg.into()))
    }

    #[allow(dead_code)] // used by the index file format
    pub(crate) fn io(path: Option<PathBuf>, source: std::io::Error) -> Error {
        Error::from(ErrorKind::Io { path, source })
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

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let doc = |id: &Option<String>| match id {
            Some(id) => format!("document {id:?}"),
            None => "document".to_string(),
        };
        match &*self.0 {
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
            ErrorKind::UnknownId(id) => write!(f, "no document with id {id:?} is indexed"),
            ErrorKind::InvalidUtf8 { path, offset } => match path {
                Some(p) => write!(f, "{}: invalid UTF-8 at byte {offset}", p.display()),
                None => write!(f, "invalid UTF-8 at byte {offset}"),
            },
            ErrorKind::Io { path, source } => match path {
                Some(p) => write!(f, "{}: {source}", p.display()),
                None => write!(f, "{source}"),
            },
            ErrorKind::Format(msg) => write!(f, "{msg}"),
            ErrorKind::ConfigMismatch(msg) => write!(f, "configuration mismatch: {msg}"),
        }
    }
}
