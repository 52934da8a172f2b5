//! Which words are numbers, and how telling a number is.
//!
//! Page cleaning counts the distinctive figures of a block
//! (`boilerplate`) and shingling records the numbers of a document
//! (`shingle`); both read them here, so that they agree.

/// What kind of number a word is, as far as telling reports apart goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Number {
    /// Not a number: no digit, a year, or a code with digits after letters
    /// ("h264", "edit300x0", "300x250").
    No,
    /// A number of one or two digits ("2", "23"): common in any text, telling
    /// only in a table of figures (scores, temperatures).
    Small,
    /// A number specific enough to tell two reports apart: three or more
    /// digits, or digits with a decimal point or separator ("187", "3.5",
    /// "1,000").
    Distinctive,
}

/// What kind of [`Number`] a word is (as `shingle::word_id_and_number` tells).
#[inline]
pub(crate) fn number_kind(word: &str) -> Number {
    scan_number(word).0
}

/// The [`Number`] kind of a word, its digits and its full stops, from one
/// pass over its bytes.
#[inline]
pub(crate) fn scan_number(word: &str) -> (Number, usize, usize) {
    // Words are short: one loop beats a call to `memchr` and a second pass.
    let (mut dots, mut digits, mut commas) = (0usize, 0usize, 0usize);
    let (mut other, mut digit_after_other) = (false, false);
    for &b in word.as_bytes() {
        let digit = b.is_ascii_digit();
        dots += usize::from(b == b'.');
        digits += usize::from(digit);
        commas += usize::from(b == b',');
        digit_after_other |= digit & other;
        other |= !digit & (b != b'.') & (b != b',');
    }
    if digits == 0 {
        return (Number::No, digits, dots);
    }
    let number = word.as_bytes()[0].is_ascii_digit() && !digit_after_other;
    // Four digits and nothing else: a year is not distinctive.
    let year = digits == 4
        && word.len() == 4
        && (1900..=2099).contains(&word.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')));
    let kind = if !number || year {
        Number::No
    } else if digits >= 3 || dots + commas > 0 {
        Number::Distinctive
    } else {
        Number::Small
    };
    (kind, digits, dots)
}
