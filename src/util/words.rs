//! UAX #29 words, as [`UnicodeSegmentation::unicode_words`] finds them, with a
//! hand-written fast path for ASCII.
//!
//! Word shingles and the boilerplate classifier need the words of every
//! document, so word segmentation sits on the hot path. The general segmenter
//! looks up the word-break property of every character; most news text is ASCII
//! with typographic quotes and dashes and a few other characters (a name with an
//! accent, a © in the footer). [`for_each_word`] cuts the text into pieces that
//! can be segmented independently, runs a splitter of its own on the pieces
//! made of ASCII, of *simple letters* (two-byte letters of accented Latin,
//! Greek, Cyrillic, Arabic and other scripts that UAX #29 treats as it treats
//! ASCII letters; see [`Letter`](crate::normalize::Letter)) and of the
//! punctuation listed in `simple_class`, and the general segmenter on the
//! others, where Han ideographs still take a shortcut (see `hard_words`).
//!
//! # Why the pieces can be segmented independently
//!
//! The cuts are made just before a space (U+0020) that follows an ASCII
//! character other than a space, or a simple letter, or a character of
//! `simple_class`. UAX #29
//! always has a word boundary there: the only rule that keeps a space attached
//! to what precedes it is WB3d (a space after a space, such as U+3000 or
//! U+0020), and WB4 attaches format and extend characters to what *precedes*
//! them, never a space. No rule looks across a space either: the rules with
//! context (WB6, WB7, WB11, WB12, WB15, WB16) need letters, digits, mid-word
//! punctuation or regional indicators on both sides of the character they look
//! past.
//!
//! # The rules on the simple pieces
//!
//! On ASCII, UAX #29 reduces to: letters, digits and `_` (ExtendNumLet) join one
//! another (WB5, WB8–WB10, WB13a, WB13b); `:` (MidLetter), `.` (MidNumLet) and
//! `'` (Single_Quote) join a letter to a letter (WB6, WB7); `,` and `;`
//! (MidNum), `.` and `'` join a digit to a digit (WB11, WB12); everything else is
//! a boundary on both sides. Simple letters are letters (ALetter) like ASCII
//! ones. `‘` and `’` are MidNumLet like `.`, and the Arabic comma `،` is MidNum
//! like `,`; the other punctuation of `simple_class` (quotes, dashes, ellipsis,
//! guillemets, ©, no-break space) breaks on both sides. A segment is a word if
//! it holds a letter or digit, so `_` alone is not one.

use unicode_segmentation::UnicodeSegmentation;

use crate::util::ascii::ascii_prefix_len;

/// Byte classes for the ASCII splitter. Classes below [`MID_LETTER`] are
/// word characters.
const OTHER: u8 = 0xff;
const LETTER: u8 = 0;
const DIGIT: u8 = 1;
const UNDERSCORE: u8 = 2;
/// `:`: joins letters.
const MID_LETTER: u8 = 3;
/// `.` and `'`: join letters and join digits.
const MID_BOTH: u8 = 4;
/// `,` and `;`: join digits.
const MID_NUM: u8 = 5;

static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'_' => UNDERSCORE,
            b':' => MID_LETTER,
            b'.' | b'\'' => MID_BOTH,
            b',' | b';' => MID_NUM,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

#[inline]
fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// The class of a non-ASCII character that the simple splitter handles
/// itself: the typographic punctuation of news text. None of these is a space,
/// an extend or format character, a letter or a digit, so next to ASCII they
/// follow the ASCII rules: `‘` and `’` are MidNumLet like `.` and `'`, the
/// others break on both sides.
#[inline]
fn simple_class(c: char) -> Option<u8> {
    match c {
        '\u{2018}' | '\u{2019}' => Some(MID_BOTH),
        '\u{060C}' => Some(MID_NUM),
        '\u{00A0}' | '\u{00A9}' | '\u{00AB}' | '\u{00BB}' | '\u{2013}' | '\u{2014}'
        | '\u{201C}' | '\u{201D}' | '\u{2026}' => Some(OTHER),
        _ => None,
    }
}

/// Calls `f` with each word of `text`, in order: exactly the words of
/// `text.unicode_words()`.
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut done = 0;
    while let Some(hard) = next_hard(text, done) {
        // The piece holding a character the simple splitter cannot handle
        // starts at the space run before it and ends at the next cut.
        let mut start = bytes[done..hard]
            .iter()
            .rposition(|&b| b == b' ')
            .map_or(done, |q| done + q);
        while start > done && bytes[start - 1] == b' ' {
            start -= 1;
        }
        let end = cut_after(bytes, hard);
        simple_words(&text[done..start], &mut f);
        hard_words(&text[start..end], &mut f);
        done = end;
    }
    simple_words(&text[done..], &mut f);
}

/// The words of a piece with characters the simple splitter cannot handle:
/// those of `piece.unicode_words()`, with each Han ideograph taken as a word of
/// its own where that is sure, instead of looking up the properties of every
/// character of a Chinese paragraph (which has no spaces, so the whole
/// paragraph is one piece).
///
/// A Han ideograph (Word_Break Other) is a word of its own, with a boundary on
/// both sides, unless an extend, format or ZWJ character follows it (WB4
/// attaches those to it): no rule keeps an Other character together with what
/// stands before it, and none keeps it with what follows but WB4. So where the
/// next character is one that is never extend, format or ZWJ
/// ([`never_attaches`]), the text is cut around the ideograph. The rules that
/// look past a neighbour (WB6, WB7, WB11, WB12, WB15, WB16) need letters,
/// digits, mid-word punctuation or regional indicators there, never an Other
/// character, so the text between two cuts is segmented on its own as it is
/// within the piece. Text between cuts that holds only punctuation
/// ([`is_plain_punctuation`]) has no word and is skipped.
fn hard_words<'a>(piece: &'a str, f: &mut impl FnMut(&'a str)) {
    // Start of the text not yet segmented.
    let mut pending = 0;
    let mut chars = piece.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_han(c) || !chars.peek().is_none_or(|&(_, next)| never_attaches(next)) {
            continue;
        }
        let gap = &piece[pending..i];
        if !gap.chars().all(is_plain_punctuation) {
            gap.unicode_words().for_each(&mut *f);
        }
        let end = i + c.len_utf8();
        f(&piece[i..end]);
        pending = end;
    }
    let rest = &piece[pending..];
    if !rest.chars().all(is_plain_punctuation) {
        rest.unicode_words().for_each(f);
    }
}

/// Whether `c` is a Han ideograph of the CJK Unified Ideographs block or its
/// Extension A, as assigned by Unicode 11 (Word_Break Other, alphabetic).
/// Later additions are left to the general segmenter, whose tables may be of
/// an older Unicode version than the standard library's.
#[inline]
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FEF}' | '\u{3400}'..='\u{4DB5}')
}

/// Whether `c` is none of the extend, format and ZWJ characters, which WB4
/// attaches to the character before them: ASCII, Han ideographs and the
/// punctuation of [`is_plain_punctuation`] (none of which is one). Other
/// characters may be; they answer `false`.
#[inline]
fn never_attaches(c: char) -> bool {
    c.is_ascii() || is_han(c) || is_plain_punctuation(c)
}

/// Whether `c` is ASCII or CJK punctuation, or one of the typographic marks of
/// news text: no letter or digit, so text made of these alone has no word.
#[inline]
fn is_plain_punctuation(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{2F}' | ':'..='@' | '['..='`' | '{'..='\u{7F}'
        | '\u{B7}'                                   // middle dot
        | '\u{2013}' | '\u{2014}' | '\u{2018}'..='\u{201D}' | '\u{2026}'
        | '\u{3000}'..='\u{3003}'                     // ideographic space, 、。〃
        | '\u{3008}'..='\u{3011}'                     // 〈〉《》「」『』【】
        | '\u{3014}'..='\u{301F}'                     // 〔〕〖〗〘〙〚〛〜〝〞〟
        | '\u{FF01}'..='\u{FF0F}'                     // ！＂＃＄％＆＇（）＊＋，－．／
        | '\u{FF1A}'..='\u{FF20}'                     // ：；＜＝＞？＠
    )
}

/// Appends the byte ranges of the words of an ASCII text to `out`: the words
/// [`for_each_word`] finds, without its search for characters the simple
/// splitter cannot handle. The text is shorter than 4 GiB.
///
/// The rules of the simple splitter are applied to 64 bytes at a time, on bit
/// masks: one bit per byte for each class of [`CLASS`]. A mid-word character
/// joins a word when the bits of the bytes before and after it say so, and
/// the words are the runs of set bits that remain, found with
/// `trailing_zeros` instead of a branch per byte.
pub(crate) fn ascii_word_spans(text: &str, out: &mut Vec<(u32, u32)>) {
    debug_assert!(text.is_ascii() && u32::try_from(text.len()).is_ok());
    // A word and the byte after it take at least two bytes.
    out.reserve(text.len() / 2 + 1);
    ascii_word_bounds::<false>(text.as_bytes(), |start, end| {
        out.push((start as u32, end as u32));
    });
}

/// [`ascii_word_spans`] for a text whose characters outside ASCII are all
/// letters that UAX #29 treats as it treats ASCII letters (Word_Break
/// ALetter, as `normalize::Letter` checks), or the Arabic comma: the same
/// rules find the words, with every byte outside ASCII a letter byte, unless
/// there is a comma (then the simple splitter does).
pub(crate) fn letter_word_spans(text: &str, out: &mut Vec<(u32, u32)>) {
    debug_assert!(u32::try_from(text.len()).is_ok());
    // The bit masks take every byte outside ASCII for a letter's; the Arabic
    // comma, the one other character such text may hold, is not a letter.
    if text.contains('\u{060C}') {
        let base = text.as_ptr() as usize;
        simple_words(text, &mut |w: &str| {
            let start = w.as_ptr() as usize - base;
            out.push((start as u32, (start + w.len()) as u32));
        });
        return;
    }
    out.reserve(text.len() / 2 + 1);
    ascii_word_bounds::<true>(text.as_bytes(), |start, end| {
        out.push((start as u32, end as u32));
    });
}

/// Calls `emit` with the start and end of each word of ASCII `bytes`, or with
/// `LETTERS`, of `bytes` whose bytes outside ASCII are all letter bytes; see
/// [`ascii_word_spans`] and [`letter_word_spans`].
#[inline(always)]
fn ascii_word_bounds<const LETTERS: bool>(bytes: &[u8], mut emit: impl FnMut(usize, usize)) {
    let n = bytes.len();
    let mut word_at = |start: usize, end: usize| {
        // A run of underscores is not a word; most words start with a letter.
        if bytes[start] != b'_' || bytes[start..end].iter().any(|&b| b != b'_') {
            emit(start, end);
        }
    };
    let chunks = n.div_ceil(64);
    let of_chunk = |k: usize| {
        let mut m = Masks::of_chunk(bytes, k);
        if LETTERS {
            m.letter |= m.high;
        }
        m
    };
    let mut prev = Masks::default();
    let mut cur = of_chunk(0);
    // Bit 63 of the previous chunk's word mask, and where the word being
    // read started, or `usize::MAX` between words.
    let mut carry = 0u64;
    let mut start = usize::MAX;
    for k in 0..chunks {
        let next = of_chunk(k + 1);
        // Bit j of `before` and `after` is the class of byte j - 1 and j + 1.
        let letters =
            ((cur.letter << 1) | (prev.letter >> 63)) & ((cur.letter >> 1) | (next.letter << 63));
        let digits =
            ((cur.digit << 1) | (prev.digit >> 63)) & ((cur.digit >> 1) | (next.digit << 63));
        let word = cur.letter
            | cur.digit
            | cur.underscore
            | (cur.mid_letter & letters)
            | (cur.mid_both & (letters | digits))
            | (cur.mid_num & digits);
        // Words start and end where the mask changes.
        let mut edges = word ^ ((word << 1) | carry);
        while edges != 0 {
            let at = 64 * k + edges.trailing_zeros() as usize;
            edges &= edges - 1;
            if start == usize::MAX {
                start = at;
            } else {
                word_at(start, at);
                start = usize::MAX;
            }
        }
        carry = word >> 63;
        prev = cur;
        cur = next;
    }
    if start != usize::MAX {
        word_at(start, n);
    }
}

/// One bit per byte of a chunk of 64 bytes for each class of [`CLASS`] but
/// [`OTHER`]; bytes past the end of the text are [`OTHER`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Masks {
    letter: u64,
    digit: u64,
    underscore: u64,
    mid_letter: u64,
    mid_both: u64,
    mid_num: u64,
    /// Bytes from 0x80.
    high: u64,
}

impl Masks {
    /// The masks of chunk `k` of `bytes` (bytes `64 k ..`).
    #[inline]
    fn of_chunk(bytes: &[u8], k: usize) -> Masks {
        let from = 64 * k;
        if from >= bytes.len() {
            return Masks::default();
        }
        #[cfg(target_arch = "x86_64")]
        return Masks::of_sse2(bytes, from);
        #[cfg(not(target_arch = "x86_64"))]
        Masks::of_bytes(&bytes[from..bytes.len().min(from + 64)])
    }

    /// The masks of up to 64 bytes, from the table, byte by byte.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn of_bytes(chunk: &[u8]) -> Masks {
        let mut m = Masks::default();
        for (j, &b) in chunk.iter().enumerate().take(64) {
            let bit = 1u64 << j;
            match class(b) {
                LETTER => m.letter |= bit,
                DIGIT => m.digit |= bit,
                UNDERSCORE => m.underscore |= bit,
                MID_LETTER => m.mid_letter |= bit,
                MID_BOTH => m.mid_both |= bit,
                MID_NUM => m.mid_num |= bit,
                _ => {}
            }
            if b >= 0x80 {
                m.high |= bit;
            }
        }
        m
    }

    /// The masks of the 64 bytes of `bytes` from `from` (fewer at the end),
    /// from SSE2 comparisons, 16 bytes at a time. A last piece shorter than 16
    /// bytes is read as the last 16 bytes of the text, whose masks are shifted
    /// down, so that nothing is copied unless the whole text is shorter.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn of_sse2(bytes: &[u8], from: usize) -> Masks {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
            _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        };
        let n = bytes.len();
        let mut m = Masks::default();
        let mut short = [0u8; 16];
        for q in 0..4 {
            let at = from + 16 * q;
            if at >= n {
                break;
            }
            let (piece, shift): (&[u8], usize) = if at + 16 <= n {
                (&bytes[at..at + 16], 0)
            } else if n >= 16 {
                (&bytes[n - 16..], at + 16 - n)
            } else {
                short[..n - at].copy_from_slice(&bytes[at..]);
                (&short, 0)
            };
            assert_eq!(piece.len(), 16);
            // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU
            // has these instructions; the load reads the 16 bytes of `piece`
            // (checked above), and `_mm_loadu_si128` allows any alignment.
            unsafe {
                let v = _mm_loadu_si128(piece.as_ptr().cast::<__m128i>());
                let set = |c: u8| _mm_set1_epi8(c as i8);
                // Signed comparisons: bytes from 0x80 are negative, and so in
                // no range below, as the table has them.
                let within = |x: __m128i, lo: u8, hi: u8| {
                    _mm_and_si128(
                        _mm_cmpgt_epi8(x, set(lo - 1)),
                        _mm_cmplt_epi8(x, set(hi + 1)),
                    )
                };
                let eq = |c: u8| _mm_cmpeq_epi8(v, set(c));
                let bits =
                    |x: __m128i| u64::from((_mm_movemask_epi8(x) as u16) >> shift) << (16 * q);
                m.letter |= bits(within(_mm_or_si128(v, set(0x20)), b'a', b'z'));
                m.digit |= bits(within(v, b'0', b'9'));
                m.underscore |= bits(eq(b'_'));
                m.mid_letter |= bits(eq(b':'));
                m.mid_both |= bits(_mm_or_si128(eq(b'.'), eq(b'\'')));
                m.mid_num |= bits(_mm_or_si128(eq(b','), eq(b';')));
                m.high |= bits(v);
            }
        }
        m
    }
}

/// The byte offset of the first character at or after `from` that is neither
/// ASCII, nor a simple letter, nor handled by [`simple_class`].
fn next_hard(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        i += ascii_prefix_len(&bytes[i..]);
        if i == bytes.len() {
            return None;
        }
        if is_simple_letter(bytes, i) {
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        if simple_class(c).is_none() {
            return Some(i);
        }
        i += c.len_utf8();
    }
}

/// The first cut at or after `from`: a space right after an ASCII character
/// other than a space, or the end of the text. Only an ASCII character before
/// the space is sure not to be a space itself (WB3d: U+3000 and U+0020 stay
/// together) or an extend or format character that could belong to one.
fn cut_after(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(p) = bytes[at..].iter().position(|&b| b == b' ') {
        let space = at + p;
        if space > 0 && bytes[space - 1].is_ascii() && bytes[space - 1] != b' ' {
            return space;
        }
        at = space + 1;
    }
    bytes.len()
}

/// The words of a text of ASCII, simple letters and [`simple_class`]
/// characters, by the rules in the [module docs](self).
fn simple_words<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    loop {
        // Up to the next word character.
        while i < n {
            let (c, len) = char_class(text, i);
            if c < MID_LETTER {
                break;
            }
            i += len;
        }
        if i == n {
            return;
        }
        let start = i;
        // The class of the last word character taken.
        let mut last = OTHER;
        while i < n {
            let (c, len) = char_class(text, i);
            if c < MID_LETTER {
                last = c;
                i += len;
                continue;
            }
            // A mid-word character joins the characters on either side of it.
            if i + len < n {
                let (after, after_len) = char_class(text, i + len);
                if joins(last, c, after) {
                    last = after;
                    i += len + after_len;
                    continue;
                }
            }
            break;
        }
        let word = &bytes[start..i];
        // A run of underscores is not a word; most words start with a letter.
        if word[0] != b'_' || word.iter().any(|&b| b != b'_') {
            f(&text[start..i]);
        }
    }
}

/// The class of the character at byte `i` of a text that [`simple_words`]
/// takes, and its length: simple letters (see
/// [`Letter`](crate::normalize::Letter)) are letters, as UAX #29 treats them
/// as it treats ASCII ones.
#[inline(always)]
fn char_class(text: &str, i: usize) -> (u8, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        return (class(b), 1);
    }
    if is_simple_letter(bytes, i) {
        return (LETTER, 2);
    }
    let c = text[i..].chars().next().expect("a character starts here");
    (simple_class(c).unwrap_or(OTHER), c.len_utf8())
}

/// Whether a simple letter starts at byte `i` of `bytes`, which holds valid
/// UTF-8 from there.
#[inline(always)]
fn is_simple_letter(bytes: &[u8], i: usize) -> bool {
    (0xC2..0xE0).contains(&bytes[i])
        && crate::normalize::letter(bytes[i], bytes[i + 1]).normalized != 0
}

/// Whether a character of class `mid` joins characters of classes `before` and
/// `after` into one word (WB6, WB7, WB11, WB12).
#[inline]
fn joins(before: u8, mid: u8, after: u8) -> bool {
    match mid {
        MID_LETTER => before == LETTER && after == LETTER,
        MID_BOTH => before == after && before <= DIGIT,
        MID_NUM => before == DIGIT && after == DIGIT,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w));
        out
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("hello, world!", &["hello", "world"]),
            (
                "it's the u.s. - 18 counts",
                &["it's", "the", "u.s", "18", "counts"],
            ),
            (
                "3.5 billion, 1,000 dollars; 1;2",
                &["3.5", "billion", "1,000", "dollars", "1;2"],
            ),
            (
                "a:b 1:2 a;b a.1 1.a a'1 1'2",
                &[
                    "a:b", "1", "2", "a", "b", "a", "1", "1", "a", "a", "1", "1'2",
                ],
            ),
            (
                "a.b.c 1.2.3 a..b 1,,2",
                &["a.b.c", "1.2.3", "a", "b", "1", "2"],
            ),
            (
                "_ __ a_ _a a_b _1_ a_.b",
                &["a_", "_a", "a_b", "_1_", "a_", "b"],
            ),
            ("1a.b a1.2 x1,2", &["1a.b", "a1.2", "x1,2"]),
            (
                "'quoted' \"double\" (paren) [x]",
                &["quoted", "double", "paren", "x"],
            ),
            ("end. start.", &["end", "start"]),
            ("a\r\nb\tc\u{b}d", &["a", "b", "c", "d"]),
            // Mixed scripts: pieces with non-ASCII characters use the general rules.
            ("café au lait", &["café", "au", "lait"]),
            (
                "xinhua 新华社 reports",
                &["xinhua", "新", "华", "社", "reports"],
            ),
            ("بالشعب و للشعب", &["بالشعب", "و", "للشعب"]),
            // The Arabic comma is mid-number punctuation, like `,`.
            (
                "اقتصاد، فيديو 1،000 a،b",
                &["اقتصاد", "فيديو", "1،000", "a", "b"],
            ),
            ("a \u{301}b", &["a", "b"]),
            ("© 2021 all rights", &["2021", "all", "rights"]),
            // U+3000 and U+0020 are both spaces (WB3d), so the extend character
            // joins them, and the alphabetic mark makes the segment a word.
            ("\u{3000} \u{2de0}", &["\u{3000} \u{2de0}"]),
            // Han ideographs are words of their own, but for an extend
            // character after one, which belongs to it.
            (
                "据Reuters报道，数据显示27.9%。",
                &["据", "Reuters", "报", "道", "数", "据", "显", "示", "27.9"],
            ),
            (
                "新\u{302A}华\u{FE0F}社",
                &["新\u{302A}", "华\u{FE0F}", "社"],
            ),
            ("「中国」（1，000）", &["中", "国", "1，000"]),
        ];
        for (text, want) in cases {
            assert_eq!(&words(text), want, "text {text:?}");
            let reference: Vec<&str> = text.unicode_words().collect();
            assert_eq!(&reference, want, "reference on {text:?}");
        }
    }

    /// ASCII strings heavy in the characters the rules treat specially, with the
    /// typographic punctuation the simple splitter handles.
    fn simple_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(vec![
                    "a", "Z", "b", "0", "9", "_", ":", ".", "'", ",", ";", " ", "  ", "\"", "-",
                    "\r", "\n", "\r\n", "\t", "!", "/", "@", "\u{7f}", "\u{1}", "’", "‘", "“",
                    "”", "–", "—", "…", "©", "«", "»", "\u{a0}", "،",
                ])
                .prop_map(str::to_string),
                1 => "[ -~]{1,6}",
                1 => "[\\x00-\\x7f]{1,6}",
            ],
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    /// ASCII mixed with characters that have their own word-break properties:
    /// extend and format characters, ZWJ, emoji, regional indicators, Katakana,
    /// Hebrew, non-ASCII spaces and mid-word punctuation.
    fn mixed_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                3 => simple_text(),
                2 => prop::sample::select(vec![
                    "é", "\u{301}", "\u{345}", "\u{200d}", "\u{200b}", "\u{ad}", "\u{2060}",
                    "👍", "🇫", "🇷", "カタ", "ー", "א", "\"", "׳", "\u{a0}", "\u{3000}", "\u{2003}", "\u{1680}", "\u{205f}", "\u{2028}",
                    "·", "’", "\u{ff0e}", "٫", "新华", "بال", "\u{0640}", "½", "١٢",
                    "‘", "“", "”", "–", "—", "…", "©", "«", "»", "\u{a0}", "\u{2024}",
                ])
                .prop_map(str::to_string),
                1 => any::<String>(),
            ],
            0..12,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(crate::util::test_cases::config(4096))]

        #[test]
        fn simple_splitter_agrees_with_unicode_words(text in simple_text()) {
            let mut got = Vec::new();
            simple_words(&text, &mut |w| got.push(w));
            let want: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn ascii_splitter_agrees_with_unicode_words(
            text in prop::collection::vec(simple_text(), 1..8)
                .prop_map(|v| v.concat().chars().filter(char::is_ascii).collect::<String>()),
        ) {
            let mut spans = vec![(7, 7)];
            ascii_word_spans(&text, &mut spans);
            prop_assert_eq!(spans[0], (7, 7));
            let got: Vec<&str> = spans[1..].iter().map(|&(s, e)| &text[s as usize..e as usize]).collect();
            let want: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn letter_splitter_agrees_with_unicode_words(
            text in prop::collection::vec(
                prop_oneof![
                    3 => simple_text(),
                    1 => prop::sample::select(vec![
                        "é", "É", "à", "ß", "ü", "Ü", "ÿ", "À", "Þ", "þ", "ø", "Ø", "ñ", "Ã",
                        "Ж", "ё", "Σ", "ς", "ά", "ب", "ł", "Ա", "،", "،1",
                    ])
                    .prop_map(str::to_string),
                ],
                1..12,
            )
            .prop_map(|v| {
                v.concat()
                    .chars()
                    .filter(|&c| {
                        let s = c.to_string();
                        c.is_ascii()
                            || c == '\u{060C}'
                            || s.len() == 2
                                && crate::normalize::letter(s.as_bytes()[0], s.as_bytes()[1]).normalized != 0
                    })
                    .collect::<String>()
            }),
        ) {
            let mut spans = Vec::new();
            letter_word_spans(&text, &mut spans);
            let got: Vec<&str> = spans.iter().map(|&(s, e)| &text[s as usize..e as usize]).collect();
            let want: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn masks_agree_with_the_table(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            for k in 0..=bytes.len().div_ceil(64) {
                let from = (64 * k).min(bytes.len());
                let chunk = &bytes[from..bytes.len().min(from + 64)];
                prop_assert_eq!(Masks::of_chunk(&bytes, k), Masks::of_bytes(chunk), "chunk {}", k);
            }
        }

        #[test]
        fn letters_agree_with_unicode_words(
            text in prop::collection::vec(
                prop_oneof![
                    3 => simple_text(),
                    3 => prop::sample::select(vec![
                        "é", "É", "ß", "ü", "Ж", "ё", "Σ", "ς", "ά", "ب", "ال", "قال", "ة", "ى",
                        "ł", "Ա", "،", "؛", "؟", "١", "٢", "\u{0640}", "\u{064B}", "\u{0651}",
                        "\u{0670}", "א", "׳", "\u{5F4}", "\u{301}", "\u{200d}", "\u{ad}", "×",
                        "\u{3000}", "新",
                    ])
                    .prop_map(str::to_string),
                ],
                0..30,
            )
            .prop_map(|v| v.concat()),
        ) {
            let want: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(words(&text), want);
            let mut got = Vec::new();
            if next_hard(&text, 0).is_none() {
                simple_words(&text, &mut |w| got.push(w));
                prop_assert_eq!(got, text.unicode_words().collect::<Vec<_>>());
            }
        }

        #[test]
        fn chinese_agrees_with_unicode_words(
            text in prop::collection::vec(
                prop_oneof![
                    4 => prop::sample::select(vec![
                        "新", "华", "社", "中", "国", "\u{4E00}", "\u{9FEF}", "\u{9FF0}",
                        "\u{3400}", "\u{4DB5}", "\u{4DB6}", "\u{20000}", "，", "。", "、",
                        "：", "；", "！", "？", "「", "」", "（", "）", "《", "》", "“", "”",
                        "\u{3000}", "\u{3003}", "\u{301C}", "\u{FF0C}", "\u{FF0E}",
                        "\u{FF1A}", "\u{FF07}", "\u{FF10}", "\u{FF21}", "·", "…", "—",
                    ])
                    .prop_map(str::to_string),
                    2 => prop::sample::select(vec![
                        "\u{302A}", "\u{3099}", "\u{FE0F}", "\u{E0100}", "\u{200D}",
                        "\u{200C}", "\u{AD}", "\u{301}", "\u{2060}", "カ", "ー", "ひ", "々",
                        "〇", "👍", "🇨", "🇳", "é", "א", "\u{3031}",
                    ])
                    .prop_map(str::to_string),
                    2 => simple_text(),
                    1 => any::<String>(),
                ],
                0..40,
            )
            .prop_map(|v| v.concat()),
        ) {
            let want: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(words(&text), want);
        }

        #[test]
        fn pieces_agree_with_unicode_words(text in mixed_text()) {
            let want: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(words(&text), want);
        }
    }
}
