//! The structured form of a base article before page rendering.

/// Role of a paragraph, used by the reprint edits (minor paragraphs are
/// the ones outlets drop or move).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParaKind {
    /// Lead paragraph.
    Lede,
    /// Main body text.
    Body,
    /// Paragraph built around a quote.
    Quote,
    /// Background / reaction / context that editors cut first.
    Minor,
    /// Crosshead inside long articles.
    Sub,
}

/// One paragraph.
#[derive(Clone, Debug)]
pub struct Para {
    /// Paragraph text (no newlines).
    pub text: String,
    /// Role.
    pub kind: ParaKind,
}

impl Para {
    /// Creates a paragraph.
    pub fn new(text: String, kind: ParaKind) -> Self {
        Para { text, kind }
    }
}
