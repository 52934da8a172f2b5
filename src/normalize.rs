//! Text normalization: the first stage of the pipeline.
//!
//! Two copies of a wire story rarely agree byte for byte. One outlet uses
//! typographic quotes (“ ” ’), another straight ones (" '); one reflows the
//! paragraphs, another capitalizes the headline. [`normalize`] maps all of these to
//! one form so that the shingles of the two copies coincide:
//!
//! 0. Repair: UTF-8 that was decoded as Windows-1252 on its way (`â€™`) is
//!    decoded again, and HTML character references (`&amp;`, `&#8217;`) are
//!    replaced by their characters.
//! 1. Unicode NFKC (compatibility composition): full-width letters, ligatures,
//!    `…` and other compatibility characters become their plain forms.
//! 2. Case folding: lowercase, with `ς` folded to `σ` and `ß` to `ss` as Unicode
//!    case folding does.
//! 3. One form for quotes, apostrophes and dashes: every double quote variant
//!    becomes `"`, every single quote or apostrophe `'`, every dash or hyphen `-`.
//! 4. Invisible characters that vary between copies (soft hyphen, zero-width
//!    space, byte-order mark, Arabic tatweel) are removed.
//! 5. Runs of whitespace, line breaks included, become one space; the result has
//!    no leading or trailing whitespace.
//!
//! The function is idempotent: `normalize(&normalize(s)) == normalize(s)`.

use std::sync::OnceLock;

use crate::util::ascii::{
    ascii_prefix_len, bytes_below, bytes_equal, is_plain_byte, not_plain, HIGH,
};

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalizes `text` for comparison. See the [module documentation](self).
///
/// # Example
///
/// ```
/// use reprint::normalize;
///
/// assert_eq!(normalize("“We’ll  give him\nprotection” — OBRADOR"),
///            "\"we'll give him protection\" - obrador");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Normalizes `text` into `out`, which is cleared first. Reusing one buffer across
/// documents avoids an allocation per document.
pub fn normalize_into(text: &str, out: &mut String) {
    // ASCII without `&` has nothing to repair, is in NFKC, and folds to ASCII
    // without `&`: one pass of folding is the whole normalization.
    if text.is_ascii() && !text.as_bytes().contains(&b'&') {
        let mut buf = std::mem::take(out).into_bytes();
        buf.clear();
        fold_ascii(text.as_bytes(), &mut buf);
        trim_end(&mut buf);
        *out = String::from_utf8(buf).expect("folded ASCII is ASCII");
        return;
    }
    normalize_once(&crate::util::repair::repair_text(text), out);
    // Folding can expose damage that was hidden ("â€" + zero-width space + "©"
    // becomes "â€©", the mojibake of U+2029), and case folding can, in rare
    // cases, produce a sequence NFKC would change again. Repeating until the
    // text is stable keeps `normalize` idempotent.
    // Bounded in case a pathological input never settles; real text settles in
    // one or two rounds.
    for _ in 0..8 {
        let repaired = crate::util::repair::repair_text(out);
        let settled = matches!(repaired, std::borrow::Cow::Borrowed(_)) && is_nfkc(out);
        if settled {
            return;
        }
        let before = repaired.into_owned();
        normalize_once(&before, out);
        if *out == before {
            return;
        }
    }
}

/// Whether normalizing `text` only lowercases it, which changes neither its
/// length nor where its words are: printable ASCII without `&` (an HTML
/// reference to decode), a backtick (folded to an apostrophe) or two spaces in
/// a row, and no space at either end. Checked eight bytes at a time.
pub(crate) fn only_lowercases(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Whether the byte before the current chunk is a space, as the high bit
    // of the chunk's first byte.
    let mut before = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if x & HIGH != 0 {
            return false;
        }
        let (flags, next) = not_plain(x, before);
        if flags != 0 {
            return false;
        }
        before = next;
    }
    let mut after_space = before != 0;
    for &b in chunks.remainder() {
        if !is_plain_byte(b, after_space) {
            return false;
        }
        after_space = b == b' ';
    }
    true
}

/// What the simple paths know of a character of two UTF-8 bytes (U+0080 to
/// U+07FF): whether it is a *simple letter*, and its case.
///
/// A simple letter is a letter that UAX #29 treats as it treats ASCII letters
/// (Word_Break ALetter: it joins letters and digits, and `:`, `.` and `'`
/// between letters join it) and that normalization maps to one character of two
/// bytes, alone and between other characters: `É` to `é`, `Ж` to `ж`, `Σ`
/// and `ς` to `σ`. Accented Latin, Greek, Cyrillic, Armenian, Arabic and
/// others are; `×`, `ß` (`ss`), `ſ` (`s`), `İ` (two characters), combining
/// marks and Hebrew letters (which have rules of their own) are not.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Letter {
    /// The code point of the normalized letter, or 0 if this is not a simple
    /// letter.
    pub(crate) normalized: u16,
    /// `char::is_uppercase`, `char::is_lowercase`.
    pub(crate) upper: bool,
    pub(crate) lower: bool,
    /// In the Arabic block (U+0600 to U+06FF).
    pub(crate) arabic: bool,
}

/// The [`Letter`] of the two-byte character with these bytes.
#[inline]
pub(crate) fn letter(lead: u8, continuation: u8) -> Letter {
    let cp = (usize::from(lead & 0x1F) << 6) | usize::from(continuation & 0x3F);
    letters()[cp - 0x80]
}

/// [`Letter`]s of U+0080 to U+07FF, worked out once from the general path
/// itself: the same normalization and the same word segmentation.
fn letters() -> &'static [Letter] {
    static TABLE: OnceLock<Vec<Letter>> = OnceLock::new();
    TABLE.get_or_init(|| (0x80u32..0x800).map(letter_of).collect())
}

fn letter_of(cp: u32) -> Letter {
    use unicode_segmentation::UnicodeSegmentation;
    let Some(c) = char::from_u32(cp) else {
        return Letter::default();
    };
    let words = |s: &str| s.unicode_words().count();
    // Joined to ASCII letters and digits, and by the mid-word punctuation of
    // letters (`:` `.` `'`) but not by that of numbers (`,`) or the double
    // quote (which Hebrew letters are joined by): Word_Break ALetter.
    let aletter = c.is_alphabetic()
        && canonical_combining_class(c) == 0
        && words(&format!("a{c}1")) == 1
        && words(&format!("{c}:{c}")) == 1
        && words(&format!("{c}.{c}")) == 1
        && words(&format!("{c}'{c}")) == 1
        && words(&format!("{c},{c}")) == 2
        && words(&format!("{c}\"{c}")) == 2
        && words(&c.to_string()) == 1;
    let n = normalize(&c.to_string());
    let mut chars = n.chars();
    let (Some(d), None) = (chars.next(), chars.next()) else {
        return Letter::default();
    };
    // The same in context: between letters, doubled, after a space.
    let same_in_context = normalize(&format!("a{c}b")) == format!("a{d}b")
        && normalize(&format!("{c}{c}")) == format!("{d}{d}")
        && normalize(&format!("x {c}")) == format!("x {d}");
    // A normalized letter that stands for a UTF-8 continuation byte in
    // Windows-1252 (`š`, `œ`, `ž`, `ƒ`) could complete a mojibake sequence
    // that the text itself does not hold, which normalization would repair
    // after folding ("Ášš" folds to "ášš", which spells U+169A).
    let continuation =
        crate::util::repair::cp1252_byte(d).is_some_and(|b| (0x80..0xC0).contains(&b));
    if !aletter || d.len_utf8() != 2 || !same_in_context || continuation {
        return Letter::default();
    }
    Letter {
        normalized: d as u16,
        upper: c.is_uppercase(),
        lower: c.is_lowercase(),
        arabic: ('\u{0600}'..='\u{06FF}').contains(&c),
    }
}

/// The UTF-8 bytes of the Arabic comma `،` (U+060C), which the simple paths
/// carry with the simple letters: normalization leaves it as it is, and it is
/// no letter (Word_Break MidNum, like `,`), so the words around it are found
/// by the splitter that knows it (see `util::words::letter_word_spans`).
pub(crate) const ARABIC_COMMA: [u8; 2] = [0xD8, 0x8C];

/// [`only_lowercases`] for text that may also hold simple letters (see
/// [`Letter`]) and the Arabic comma: its normalized form is the text with
/// every letter replaced by its normalized letter, two bytes for two bytes,
/// unless mojibake repair changes it (see [`repairs_nothing`], which callers
/// ask as well).
pub(crate) fn only_lowercases_letters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let space = b == b' ';
            if !(0x20..0x7f).contains(&b) || b == b'&' || b == b'`' || (space && after_space) {
                return false;
            }
            after_space = space;
            i += 1;
        } else {
            // Valid UTF-8: a lead byte from 0xC2 to 0xDF has its
            // continuation byte. The letters of U+00C0 to U+00FF, the
            // commonest, are all simple but `×`, `ß` and `÷` (a test checks
            // this against the table).
            let next = bytes[i + 1];
            let simple = if b == 0xC3 {
                !matches!(next, 0x97 | 0x9F | 0xB7)
            } else {
                (0xC2..0xE0).contains(&b) && letter(b, next).normalized != 0
                    || [b, next] == ARABIC_COMMA
            };
            if !simple {
                return false;
            }
            after_space = false;
            i += 2;
        }
    }
    true
}

/// Appends the normalized form of `text` to `out`, for text that
/// [`only_lowercases_letters`] accepts: ASCII letters lowercased, each letter
/// outside ASCII replaced by its normalized letter, the Arabic comma kept.
pub(crate) fn push_letters_lowercase(text: &str, out: &mut String) {
    let start = out.len();
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(p) = bytes[at..].iter().position(|&b| b >= 0x80) {
        let lead = at + p;
        let (b0, b1) = (bytes[lead], bytes[lead + 1]);
        let normalized = letter(b0, b1).normalized;
        if [b0, b1] != ARABIC_COMMA
            && normalized != (u16::from(b0 & 0x1F) << 6 | u16::from(b1 & 0x3F))
        {
            out.push_str(&text[copied..lead]);
            out.push(char::from_u32(u32::from(normalized)).expect("a letter"));
            copied = lead + 2;
        }
        at = lead + 2;
    }
    out.push_str(&text[copied..]);
    out[start..].make_ascii_lowercase();
}

/// Writes `text` into `out` (cleared first) with its typographic quotes and
/// dashes (`‘ ’ “ ” „ « » – —`) replaced by the ASCII characters normalization folds
/// them to, no-break spaces by spaces and `…` by three full stops (as NFKC
/// has them), and returns true, if those, simple letters (see [`Letter`]) and
/// the Arabic comma (both copied as they are) are its only characters outside
/// ASCII; returns false
/// otherwise. Normalization changes none of the others, and they can be part
/// of mojibake only after a letter from U+00C2 to U+00F4 (their Windows-1252
/// bytes are UTF-8 continuation bytes; see [`repairs_nothing`]). So when the
/// result is [`only_lowercases`], the normalized text is its lowercase; when
/// it is [`only_lowercases_letters`] and the text [`repairs_nothing`], its
/// letters normalized.
pub(crate) fn plain_typography(text: &str, out: &mut String) -> bool {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let ascii = ascii_prefix_len(&bytes[i..]);
        out.push_str(&text[i..i + ascii]);
        i += ascii;
        if i == bytes.len() {
            break;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        let plain = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            // NFKC makes a no-break space a space, and `…` three full stops.
            '\u{A0}' => ' ',
            '\u{2026}' => {
                out.push_str("..");
                '.'
            }
            c if c.len_utf8() == 2 && {
                let b = text.as_bytes();
                letter(b[i], b[i + 1]).normalized != 0 || c == '\u{060C}'
            } =>
            {
                c
            }
            _ => return false,
        };
        out.push(plain);
        i += c.len_utf8();
    }
    true
}

/// Whether mojibake repair leaves `text`, of ASCII, simple letters and what
/// [`plain_typography`] accepts, as it is. Only a letter from U+00C0 to U+00FF
/// right before another character outside ASCII can start a repair: read as
/// Windows-1252, they can spell a UTF-8 sequence ("É’" is the mojibake of
/// "ɒ", "Ã" and a no-break space that of "à", "ÃŠ" that of "Ê"). Most such
/// pairs spell nothing ("é" and a no-break space before a colon, "éa"), so
/// when there is one, the repair itself decides. (Nor can the normalized text
/// be repaired: no simple letter normalizes to a character that stands for a
/// continuation byte.)
pub(crate) fn repairs_nothing(text: &str) -> bool {
    let bytes = text.as_bytes();
    let letter_before = (2..bytes.len()).any(|i| bytes[i] >= 0xC0 && bytes[i - 2] == 0xC3);
    !letter_before
        || matches!(
            crate::util::repair::repair_text(text),
            std::borrow::Cow::Borrowed(_)
        )
}

/// Appends the ASCII lowercase of `text` to `out`.
pub(crate) fn push_ascii_lowercase(text: &str, out: &mut String) {
    let start = out.len();
    out.push_str(text);
    out[start..].make_ascii_lowercase();
}

/// NFKC and folding, once. Folding writes bytes; the result is checked to be
/// UTF-8 once at the end (a fast check on mostly ASCII text) instead of
/// character by character.
fn normalize_once(text: &str, out: &mut String) {
    let mut buf = std::mem::take(out).into_bytes();
    buf.clear();
    buf.reserve(text.len());
    fold_text(text, &mut buf);
    *out = String::from_utf8(buf).expect("folding writes whole characters");
}

/// NFKC, then folding, in one pass.
///
/// NFKC works on runs between *normalization boundaries*. A character with
/// canonical combining class 0 and NFKC_QC = Yes ("stable": all of ASCII, and
/// nearly all of Chinese, Arabic and accented Latin text) is one: it is in NFKC,
/// nothing reorders across it and it never composes with what precedes it. So
/// the NFKC of a text is the concatenation of the NFKC of its pieces cut before
/// stable characters: stable characters stay as they are and only need folding,
/// and each run of other characters goes through NFKC together with the stable
/// character before it, which a combining mark may compose with (`e` + U+0301 →
/// `é`).
fn fold_text(text: &str, buf: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    // The last stable character folded: where it starts in `text` and how long
    // `buf` was before it, so it can be taken back into a piece that needs NFKC.
    let mut last = None;
    let mut i = 0;
    while i < bytes.len() {
        let ascii = ascii_prefix_len(&bytes[i..]);
        if ascii > 0 {
            let end = i + ascii;
            fold_ascii(&bytes[i..end - 1], buf);
            last = Some((end - 1, buf.len()));
            fold_ascii(&bytes[end - 1..end], buf);
            i = end;
            if i == bytes.len() {
                break;
            }
        }
        let c = text[i..].chars().next().expect("a character starts here");
        if is_stable(c) {
            last = Some((i, buf.len()));
            if folds_to_itself(c) {
                buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            } else {
                fold(std::iter::once(c), buf);
            }
            i += c.len_utf8();
            continue;
        }
        let start = match last.take() {
            Some((start, len)) => {
                buf.truncate(len);
                start
            }
            None => i,
        };
        let end = end_of_unstable_run(text, i);
        let piece = &text[start..end];
        if is_nfkc(piece) {
            fold(piece.chars(), buf);
        } else {
            fold(piece.nfkc(), buf);
        }
        i = end;
    }
    trim_end(buf);
}

/// Facts about the characters of one block of 256 code points in the Basic
/// Multilingual Plane, one bit per character. A block is computed the first time
/// a text uses it, from the very functions the general path calls, so the fast
/// paths cannot disagree with it.
struct Block {
    /// Canonical combining class 0 and NFKC_QC = Yes.
    stable: [u64; 4],
    /// Folding maps the character to itself (no case mapping, not whitespace,
    /// not removed or replaced).
    folds_to_itself: [u64; 4],
}

impl Block {
    fn compute(block: u32) -> Block {
        let mut b = Block {
            stable: [0; 4],
            folds_to_itself: [0; 4],
        };
        let mut folded = Vec::new();
        let mut utf8 = [0u8; 4];
        for (i, c) in (0..256).filter_map(|i| Some((i, char::from_u32(block << 8 | i)?))) {
            let (word, bit) = (i as usize / 64, 1u64 << (i % 64));
            if canonical_combining_class(c) == 0
                && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
            {
                b.stable[word] |= bit;
            }
            folded.clear();
            fold(std::iter::once(c), &mut folded);
            if folded == c.encode_utf8(&mut utf8).as_bytes() {
                b.folds_to_itself[word] |= bit;
            }
        }
        b
    }

    /// The block of `c`, if it is in the Basic Multilingual Plane.
    #[inline]
    fn of(c: char) -> Option<&'static Block> {
        static BLOCKS: [OnceLock<Block>; 256] = [const { OnceLock::new() }; 256];
        let block = c as u32 >> 8;
        let cell = BLOCKS.get(block as usize)?;
        Some(cell.get_or_init(|| Block::compute(block)))
    }

    #[inline]
    fn bit(bits: &[u64; 4], c: char) -> bool {
        let i = c as usize & 0xff;
        bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// Whether `c` is stable: canonical combining class 0 and NFKC_QC = Yes.
#[inline]
fn is_stable(c: char) -> bool {
    c.is_ascii() || Block::of(c).is_some_and(|b| Block::bit(&b.stable, c))
}

/// Whether folding maps `c` to itself.
#[inline]
fn folds_to_itself(c: char) -> bool {
    Block::of(c).is_some_and(|b| Block::bit(&b.folds_to_itself, c))
}

/// The byte offset of the first character at or after `from` that is not
/// stable (see [`Block`]).
fn next_unstable(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        i += ascii_prefix_len(&bytes[i..]);
        if i == bytes.len() {
            return None;
        }
        for (offset, c) in text[i..].char_indices() {
            if c.is_ascii() {
                i += offset;
                break;
            }
            if !is_stable(c) {
                return Some(i + offset);
            }
        }
        if !bytes[i].is_ascii() {
            // The loop above ran to the end of the text.
            return None;
        }
    }
}

/// The end of the run of unstable characters that starts at `from`.
fn end_of_unstable_run(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| is_stable(c))
        .map_or(text.len(), |(i, _)| from + i)
}

/// Whether `is_nfkc_quick(s.chars())` is `Yes`. Stable characters pass the
/// check and reset its state, so only the runs between them need the full check.
fn is_nfkc(s: &str) -> bool {
    let mut done = 0;
    while let Some(start) = next_unstable(s, done) {
        let end = end_of_unstable_run(s, start);
        if is_nfkc_quick(s[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        done = end;
    }
    true
}

/// Folds ASCII text into `buf`, collapsing whitespace with what `buf` ends
/// with.
///
/// Most of a text comes in runs where folding only lowercases: no control
/// character, no backtick, no two spaces in a row. Such a run is checked and
/// lowercased eight bytes at a time, in a `u64`; the rest goes byte by byte.
fn fold_ascii(bytes: &[u8], buf: &mut Vec<u8>) {
    debug_assert!(bytes.is_ascii());
    let base = buf.len();
    // A space is dropped at the start and after another space.
    let mut after_space = match buf.last() {
        Some(&b) => b == b' ',
        None => true,
    };
    buf.resize(base + bytes.len(), 0);
    let mut len = base;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let spaces = bytes_equal(x, b' ');
        let odd = bytes_below(x, b' ') | bytes_equal(x, 0x7f) | bytes_equal(x, b'`');
        // Two spaces in a row, within the chunk or across its start.
        let double = (spaces & (spaces >> 8)) | (spaces & 0x80 & u64::from(after_space) << 7);
        if odd | double != 0 {
            len = fold_ascii_bytes(chunk, buf, len, &mut after_space);
            continue;
        }
        // Uppercase letters are 0x41..=0x5a; adding 0x3f sets a byte's high
        // bit from 0x41 up, adding 0x25 from 0x5b up. No byte carries into the
        // next because every byte is below 0x80.
        let upper =
            x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & !x.wrapping_add(0x2525_2525_2525_2525) & HIGH;
        let lower = x | (upper >> 2);
        buf[len..len + 8].copy_from_slice(&lower.to_le_bytes());
        len += 8;
        after_space = chunk[7] == b' ';
    }
    len = fold_ascii_bytes(chunks.remainder(), buf, len, &mut after_space);
    buf.truncate(len);
}

/// ASCII folding, byte by byte: letters lowercased, backtick to apostrophe, all
/// whitespace to a space, other control characters to 0 (removed).
static ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => b' ',
            b'`' => b'\'',
            c @ b'A'..=b'Z' => c.to_ascii_lowercase(),
            0..=0x1f | 0x7f => 0,
            c => c,
        };
        b += 1;
    }
    t
};

/// Folds `bytes` into `buf[len..]`, which has room for them, and returns the new
/// length. Branch-free: every byte is written, and the write position only moves
/// past the ones that stay.
fn fold_ascii_bytes(bytes: &[u8], buf: &mut [u8], mut len: usize, after_space: &mut bool) -> usize {
    let mut after = usize::from(*after_space);
    for &b in bytes {
        let m = ASCII_FOLD[usize::from(b & 0x7f)];
        let is_space = usize::from(m == b' ');
        let keep = usize::from(m != 0) & !(is_space & after) & 1;
        buf[len] = m;
        len += keep;
        after = (keep & is_space) | (!keep & 1 & after);
    }
    *after_space = after != 0;
    len
}

/// Appends one space for a run of whitespace, unless `buf` is empty or already
/// ends with one; [`trim_end`] removes a trailing space at the very end. So runs
/// of whitespace become one space and the text is trimmed.
#[inline]
fn space(buf: &mut Vec<u8>) {
    if buf.last().is_some_and(|&b| b != b' ') {
        buf.push(b' ');
    }
}

fn trim_end(buf: &mut Vec<u8>) {
    if buf.last() == Some(&b' ') {
        buf.pop();
    }
}

fn push(buf: &mut Vec<u8>, c: char) {
    buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

fn fold(chars: impl Iterator<Item = char>, buf: &mut Vec<u8>) {
    for c in chars {
        if c.is_whitespace() {
            space(buf);
            continue;
        }
        match fold_char(c) {
            Fold::Drop => {}
            Fold::One(m) => push(buf, m),
            Fold::Lower => {
                for l in c.to_lowercase() {
                    match l {
                        'ς' => push(buf, 'σ'),
                        'ß' => buf.extend_from_slice(b"ss"),
                        l => push(buf, l),
                    }
                }
            }
        }
    }
}

enum Fold {
    Drop,
    One(char),
    Lower,
}

fn fold_char(c: char) -> Fold {
    match c {
        // Double quotes, including guillemets and CJK corner-less quotes.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{301D}' | '\u{301E}' | '\u{301F}' | '\u{2E42}' => Fold::One('"'),
        // Single quotes, apostrophes, primes and accents used as apostrophes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{0060}' | '\u{00B4}' | '\u{02BC}' | '\u{02B9}' | '\u{2039}' | '\u{203A}' => {
            Fold::One('\'')
        }
        // Hyphens, dashes and the minus sign.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{2E3A}' | '\u{2E3B}' => Fold::One('-'),
        // Invisible characters that differ between copies of one text.
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{0640}' => Fold::Drop,
        'ς' => Fold::One('σ'),
        c if c.is_control() => Fold::Drop,
        _ => Fold::Lower,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn table() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("   \n\t ", ""),
            ("Hello,  World!", "hello, world!"),
            (
                "line one\nline two\r\n\r\nline three",
                "line one line two line three",
            ),
            ("“Quoted” ‘single’ it’s", "\"quoted\" 'single' it's"),
            ("«guillemets» „low“", "\"guillemets\" \"low\""),
            ("a–b — c − d", "a-b - c - d"),
            ("ＦＵＬＬ　ｗｉｄｔｈ", "full width"),
            ("ﬁnance …", "finance ..."),
            (
                "soft\u{00AD}hyphen zero\u{200B}width",
                "softhyphen zerowidth",
            ),
            ("ΟΔΟΣ οδός", "οδοσ οδόσ"),
            ("Straße STRASSE", "strasse strasse"),
            // Arabic: tatweel removed, presentation forms composed by NFKC.
            ("بالشعب و للشعب", "بالشعب و للشعب"),
            ("الســـلام", "السلام"),
            ("\u{FEFB}", "\u{0644}\u{0627}"),
            // Chinese: full-width punctuation and digits become ASCII.
            ("新华社北京１月５日电（记者）", "新华社北京1月5日电(记者)"),
            ("习近平 说：“好。”", "习近平 说:\"好。\""),
            // Mixed scripts.
            (
                "Xinhua 新华社 reports: «Assange»",
                "xinhua 新华社 reports: \"assange\"",
            ),
            ("Café CAFÉ cafe\u{0301}", "café café café"),
            // Mojibake and HTML references left by scrapers.
            ("â€œItâ€™s here,â€\u{9d} Ã©tÃ©", "\"it's here,\" été"),
            ("Tom &amp; Jerry&nbsp;&#8212; live", "tom & jerry - live"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn idempotent_on_table_outputs() {
        for s in ["ΟΔΟΣ", "İstanbul", "ǅ", "ẞ", "ᴬᴮ", "Ω", "ﷺ", "㍿"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "input {s:?}");
        }
    }
}

/// The straightforward implementation the fast paths must agree with: NFKC over
/// the whole text, then folding, in the same repair loop.
#[cfg(test)]
mod reference {
    use super::{fold_char, Fold};
    use crate::util::repair::repair_text;
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

    pub(super) fn normalize(text: &str) -> String {
        let mut out = String::new();
        normalize_once(&repair_text(text), &mut out);
        for _ in 0..8 {
            let repaired = repair_text(&out);
            let settled = matches!(repaired, std::borrow::Cow::Borrowed(_))
                && (out.is_ascii() || is_nfkc_quick(out.chars()) == IsNormalized::Yes);
            if settled {
                break;
            }
            let before = repaired.into_owned();
            normalize_once(&before, &mut out);
            if out == before {
                break;
            }
        }
        out
    }

    pub(super) fn normalize_once(text: &str, out: &mut String) {
        out.clear();
        fold(text.nfkc(), out);
    }

    fn fold(chars: impl Iterator<Item = char>, out: &mut String) {
        let mut pending_space = false;
        for c in chars {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            let mapped = match fold_char(c) {
                Fold::Drop => continue,
                Fold::One(c) => Some(c),
                Fold::Lower => None,
            };
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            match mapped {
                Some(m) => out.push(m),
                None => {
                    for l in c.to_lowercase() {
                        match l {
                            'ς' => out.push('σ'),
                            'ß' => out.push_str("ss"),
                            l => out.push(l),
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::{
        normalize, only_lowercases, only_lowercases_letters, push_letters_lowercase, reference,
    };
    use proptest::prelude::*;

    /// Pieces that exercise every branch: ASCII of all kinds, whitespace runs,
    /// control characters, combining marks that compose with an ASCII letter
    /// before them, compatibility characters, case-folding oddities, and
    /// Chinese and Arabic.
    fn piece() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            "e",
            "E",
            "n",
            "o",
            "0",
            "9",
            " ",
            "  ",
            "\n",
            "\t",
            "\r\n",
            "\u{0B}",
            "\u{0C}",
            "\u{1}",
            "\u{1F}",
            "\u{7F}",
            "`",
            ".",
            ",",
            "'",
            "\"",
            "_",
            "-",
            "\u{0301}",
            "\u{0303}",
            "\u{0308}",
            "\u{0327}",
            "\u{0338}",
            "\u{0345}",
            "\u{0344}",
            "\u{05AE}",
            "\u{0316}",
            "é",
            "É",
            "ñ",
            "ﬁ",
            "Ⅻ",
            "ＡＢＣ",
            "　",
            "\u{00A0}",
            "\u{2028}",
            "\u{0085}",
            "“",
            "”",
            "‘",
            "’",
            "—",
            "–",
            "−",
            "…",
            "«",
            "»",
            "\u{00AD}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{0640}",
            "ΟΔΟΣ",
            "ς",
            "ß",
            "ẞ",
            "İ",
            "ǅ",
            "ᴬ",
            "Ω",
            "ﷺ",
            "㍿",
            "\u{FEFB}",
            "新华社",
            "北京",
            "，",
            "。",
            "بالشعب",
            "الســـلام",
            "ᄀ",
            "ᅡ",
            "ᆨ",
            "가",
            "\u{1100}\u{1161}",
            "<",
            "=",
            ">",
            "\u{0338}",
            "Ǆ",
            "ﬀ",
            "µ",
            "K",
            "Å",
            "â€™",
            "â€",
            "Ã©",
            "Ã",
            "&amp;",
            "&",
            "&#39;",
            "&#x2019;",
            ";",
            "©",
        ]);
        prop_oneof![
            4 => pieces.prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
            1 => "[ -~]{1,12}",
        ]
    }

    proptest! {
        #![proptest_config(crate::util::test_cases::config(4096))]

        #[test]
        fn agrees_with_the_reference(pieces in prop::collection::vec(piece(), 0..40)) {
            let text = pieces.concat();
            prop_assert_eq!(normalize(&text), reference::normalize(&text));
        }

        #[test]
        fn one_pass_agrees_with_the_reference(pieces in prop::collection::vec(piece(), 0..40)) {
            let text = pieces.concat();
            let (mut fast, mut slow) = (String::new(), String::new());
            super::normalize_once(&text, &mut fast);
            reference::normalize_once(&text, &mut slow);
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn agrees_with_the_reference_on_ascii(
            text in prop_oneof!["[\\x00-\\x7f]{0,100}", "[a-zA-Z `\n\t.]{0,100}", "[a-z ]{0,100}"]
        ) {
            prop_assert_eq!(normalize(&text), reference::normalize(&text));
        }

        #[test]
        fn agrees_with_the_reference_on_any_string(text in any::<String>()) {
            prop_assert_eq!(normalize(&text), reference::normalize(&text));
        }
    }

    #[test]
    fn only_lowercases_when_normalizing_lowercases() {
        let cases = [
            "The Quick brown fox.",
            "a  b",
            "a b",
            "exactly8 x",
            "1234567  89",
            "12345678 9",
            "1234567 \t9",
            "a&b",
            "don`t",
            "caf\u{e9}",
            " lead",
            "trail ",
            "",
            "ctrl\u{7f}x",
            "nul\u{0}",
            "Abcdefgh Ijklmnop  Qrs",
        ];
        for text in cases {
            let expected = normalize(text) == text.to_ascii_lowercase();
            assert_eq!(
                only_lowercases(text),
                expected && text.is_ascii() && !text.contains('&'),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn only_lowercases_is_exact(text in "[ -~\t\u{0}\u{7f}é]{0,40}") {
            if only_lowercases(&text) {
                prop_assert_eq!(normalize(&text), text.to_ascii_lowercase());
            } else {
                let odd = !text.is_ascii()
                    || text.contains(['&', '`', '\u{0}', '\t', '\u{7f}'])
                    || text.contains("  ")
                    || text.starts_with(' ')
                    || text.ends_with(' ');
                prop_assert!(odd, "{:?} was not taken as simple", text);
            }
        }
    }

    proptest! {
        #![proptest_config(crate::util::test_cases::config(4096))]

        /// Text the letters test accepts (and repair leaves alone) normalizes
        /// to its letters' normalized forms; text it turns away has a
        /// character or sequence outside what it allows. The pieces include
        /// mojibake ("Ã‰" for "É", "Ã©" for "é", "ÃŠ" for "Ê", "Ášš" which
        /// folds to the mojibake of U+169A), letters normalization changes
        /// otherwise (`ß`, `ſ`, `İ`, `µ`), Greek final sigma, Cyrillic,
        /// Arabic with a tatweel and a harakat, Hebrew, symbols and marks.
        #[test]
        fn only_lowercases_letters_is_exact(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "Z", "é", "É", "È", "à", "À", "ß", "ü", "Ü", "ÿ", "Þ", "×", "÷", "Ã",
                    "‰", "Ã‰", "Ã©", "É’", "’", "©", "Â", "ô", " ", "  ", "\n", "&", "`", ".",
                    "e\u{301}", "ﬁ", "\u{7f}", "Š", "š", "ÃŠ", "Á", "Ášš", "Ÿ", "ſ", "İ", "µ",
                    "Σ", "σ", "ς", "ΆΘΗΝΑ", "Москва", "ЁЖ", "ё", "Ѐ", "ӏ", "Ӏ", "Ł", "ł", "ő",
                    "ŉ", "ĳ", "Ǆ", "ǅ", "ــ", "مرحبا", "\u{64b}", "،", "שלום", "Ω", "ω", "ϐ",
                    "ꙮ", "Ա", "և", "\u{483}", "Ϊ", "ΐ",
                ]),
                0..24,
            )
        ) {
            let text: String = pieces.concat();
            if only_lowercases_letters(&text) && super::repairs_nothing(&text) {
                let mut lower = String::from("x");
                push_letters_lowercase(&text, &mut lower);
                prop_assert_eq!(&lower[1..], normalize(&text));
            } else if !only_lowercases_letters(&text) {
                let simple_letter = |c: char| {
                    let mut b = [0u8; 4];
                    let e = c.encode_utf8(&mut b);
                    e.len() == 2 && super::letter(b[0], b[1]).normalized != 0
                };
                let allowed = |c: char| {
                    (' '..='~').contains(&c) && c != '&' && c != '`' || simple_letter(c) || c == '،'
                };
                let odd = !text.chars().all(allowed)
                    || text.contains("  ")
                    || text.starts_with(' ')
                    || text.ends_with(' ');
                prop_assert!(odd, "{:?} was not taken as simple", text);
            }
        }
    }

    /// The letters' table against the general path, character by character:
    /// a simple letter normalizes to its letter, alone and in words, and its
    /// case is `char`'s.
    #[test]
    fn letters_table_agrees_with_normalize() {
        let mut simple = 0;
        for cp in 0x80u32..0x800 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let e = c.to_string();
            let l = super::letter(e.as_bytes()[0], e.as_bytes()[1]);
            if l.normalized == 0 {
                continue;
            }
            simple += 1;
            let d = char::from_u32(u32::from(l.normalized)).unwrap();
            assert_eq!(normalize(&e), d.to_string(), "{c:?}");
            assert_eq!(
                normalize(&format!("The {c}{c}x")),
                format!("the {d}{d}x"),
                "{c:?}"
            );
            assert_eq!(
                (l.upper, l.lower),
                (c.is_uppercase(), c.is_lowercase()),
                "{c:?}"
            );
        }
        // The shortcut of `only_lowercases_letters` for U+00C0 to U+00FF.
        for c in '\u{C0}'..='\u{FF}' {
            let e = c.to_string();
            let simple = super::letter(e.as_bytes()[0], e.as_bytes()[1]).normalized != 0;
            assert_eq!(simple, !"×ß÷".contains(c), "{c:?}");
        }
        // Accented Latin, Greek, Cyrillic, Armenian and Arabic letters, at least.
        assert!(simple > 900, "{simple}");
        for c in ['é', 'É', 'σ', 'Σ', 'ς', 'Ж', 'ж', 'Ա', 'ب', 'ł', 'Ł'] {
            let mut b = [0u8; 4];
            c.encode_utf8(&mut b);
            assert_ne!(super::letter(b[0], b[1]).normalized, 0, "{c:?}");
        }
        for c in [
            '×', '÷', 'ß', 'ſ', 'İ', 'ŉ', 'š', 'Š', '\u{301}', 'א', '،', 'ـ', '©', '\u{a0}',
        ] {
            let mut b = [0u8; 4];
            c.encode_utf8(&mut b);
            assert_eq!(super::letter(b[0], b[1]).normalized, 0, "{c:?}");
        }
    }

    #[test]
    fn agrees_with_the_reference_on_edge_cases() {
        for text in [
            "",
            " ",
            "  a  ",
            "a\u{0301}",
            "E\u{0301}\u{0301}",
            "\u{0301}",
            " \u{0301}",
            "a\u{1}\u{0301}",
            "é\u{1}\u{0301}",
            "x \u{0338}",
            "<\u{0338}",
            "각",
            "a\u{0345}b",
            "Ǆ\u{0301}",
            "\u{0344}e",
            "e\u{0344}",
            "ﬁ\u{0301}",
            "ς\u{0301}Σ",
            "\u{7F}\u{0301}",
            "a \n\t b",
            "A`B",
            "\u{1}\u{2} x \u{3}",
        ] {
            assert_eq!(normalize(text), reference::normalize(text), "{text:?}");
        }
    }
}
