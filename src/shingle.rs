//! Shingling: turning normalized text into a set of 32-bit shingle ids.
//!
//! A *shingle* is a run of `n` consecutive tokens. Word shingles use the UAX #29
//! word boundaries of [`unicode_segmentation`] and skip punctuation; character
//! shingles use the letters and digits of the text, skipping whitespace and
//! punctuation, for scripts written without spaces between words (Chinese,
//! Japanese, Thai, …) where UAX #29 cannot find words.
//!
//! # The hash
//!
//! Each token gets a 32-bit id: the upper half of XXH3-64 (the 64-bit variant of
//! xxHash 3, a published and versioned specification) over its UTF-8 bytes, seeded
//! with the configured seed. A shingle's id is the upper half of XXH3-64 over the
//! little-endian bytes of its `n` token ids, seeded with `seed ^ SHINGLE_DOMAIN`.
//! Thirty-two bits are plenty: two distinct shingles of a pair of 10,000-shingle
//! documents collide with probability about 10⁸/2³² ≈ 2%, which moves a
//! similarity by one shingle in 10,000. Nothing depends on the platform's
//! byte order, pointer width or a randomly seeded hasher, so the same text and seed
//! give the same shingle ids everywhere; DESIGN.md has the details.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::error::{Error, Result};
use crate::util::ascii::ascii_prefix_len;
use crate::util::number::scan_number;
pub(crate) use crate::util::number::Number;
use crate::util::words::for_each_word;

/// Largest shingle length accepted, in tokens.
pub const MAX_SHINGLE_LEN: usize = 32;

/// Seed offset for shingle ids, so that a one-token shingle does not hash to
/// the same value as the token itself.
const SHINGLE_DOMAIN: u64 = 0x5348_494e_474c_4521; // "SHINGLE!"

/// How a text is cut into shingles.
///
/// Parses from and displays as `words:5`, `chars:7` or `auto:5:5`
/// (word length, then character length), and serializes as that string too.
/// Deserializing also takes the form earlier versions wrote, an externally
/// tagged enum (`{"words": 5}`, `{"auto": {"words": 5, "chars": 5}}`).
///
/// ```
/// use reprint::Shingling;
///
/// let s: Shingling = serde_json::from_str(r#""chars:4""#).unwrap();
/// assert_eq!(s, Shingling::Chars(4));
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#""chars:4""#);
/// assert_eq!(serde_json::from_str::<Shingling>(r#"{"chars": 4}"#).unwrap(), s);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shingling {
    /// Word n-grams over UAX #29 word boundaries.
    Words(usize),
    /// Character n-grams over letters and digits.
    Chars(usize),
    /// Word n-grams, unless most letters of the text belong to scripts written
    /// without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan),
    /// in which case character n-grams.
    Auto {
        /// Word n-gram length for texts written with spaces.
        words: usize,
        /// Character n-gram length for texts written without spaces.
        chars: usize,
    },
}

impl Default for Shingling {
    /// `Auto { words: 5, chars: 5 }`.
    ///
    /// Word 5-grams: on real wire text, word 3-grams pair different reports
    /// of one formula (weather, results, court and market items) on their
    /// stock phrases, which 5-grams rarely share; the price is recall on
    /// copies with a damaged word every few sentences (OCR noise). The
    /// README's accuracy section has the measurements.
    fn default() -> Shingling {
        Shingling::Auto { words: 5, chars: 5 }
    }
}

impl Shingling {
    pub(crate) fn validate(&self) -> Result<()> {
        let check = |what: &str, n: usize| {
            if n == 0 || n > MAX_SHINGLE_LEN {
                Err(Error::config(format!(
                    "{what} shingle length must be between 1 and {MAX_SHINGLE_LEN}, got {n}"
                )))
            } else {
                Ok(())
            }
        };
        match *self {
            Shingling::Words(n) => check("word", n),
            Shingling::Chars(n) => check("character", n),
            Shingling::Auto { words, chars } => check("word", words).and(check("character", chars)),
        }
    }

    /// Decides word or character shingles for one normalized text.
    pub(crate) fn resolve(&self, text: &str) -> Resolved {
        self.resolve_parts([text])
    }

    /// [`resolve`](Shingling::resolve) for the concatenation of `parts`.
    pub(crate) fn resolve_parts<'a, I>(&self, parts: I) -> Resolved
    where
        I: IntoIterator<Item = &'a str> + Clone,
    {
        match *self {
            Shingling::Words(n) => Resolved::Words(n),
            Shingling::Chars(n) => Resolved::Chars(n),
            Shingling::Auto { words, chars } => {
                if is_mostly_unspaced_script(parts) {
                    Resolved::Chars(chars)
                } else {
                    Resolved::Words(words)
                }
            }
        }
    }
}

impl fmt::Display for Shingling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shingling::Words(n) => write!(f, "words:{n}"),
            Shingling::Chars(n) => write!(f, "chars:{n}"),
            Shingling::Auto { words, chars } => write!(f, "auto:{words}:{chars}"),
        }
    }
}

impl FromStr for Shingling {
    type Err = Error;

    fn from_str(s: &str) -> Result<Shingling> {
        let bad = || {
            Error::config(format!(
                "cannot parse shingling {s:?}: expected words:N, chars:N or auto:N:M"
            ))
        };
        let num = |p: Option<&str>| {
            p.and_then(|p| p.trim().parse::<usize>().ok())
                .ok_or_else(bad)
        };
        let mut parts = s.split(':');
        let shingling = match parts.next().map(str::trim) {
            Some("words") => Shingling::Words(num(parts.next())?),
            Some("chars") => Shingling::Chars(num(parts.next())?),
            Some("auto") => {
                let words = num(parts.next())?;
                let chars = num(parts.next())?;
                Shingling::Auto { words, chars }
            }
            _ => return Err(bad()),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        shingling.validate()?;
        Ok(shingling)
    }
}

impl Serialize for Shingling {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The serde form of [`Shingling`] before it took the string form: the
/// derived, externally tagged enum. Still read, never written.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum TaggedShingling {
    Words(usize),
    Chars(usize),
    Auto { words: usize, chars: usize },
}

impl<'de> Deserialize<'de> for Shingling {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ShinglingVisitor;

        impl<'de> Visitor<'de> for ShinglingVisitor {
            type Value = Shingling;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a shingling: \"words:N\", \"chars:N\" or \"auto:N:M\"")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Shingling, E> {
                s.parse().map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Shingling, A::Error> {
                let tagged =
                    TaggedShingling::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(match tagged {
                    TaggedShingling::Words(n) => Shingling::Words(n),
                    TaggedShingling::Chars(n) => Shingling::Chars(n),
                    TaggedShingling::Auto { words, chars } => Shingling::Auto { words, chars },
                })
            }
        }

        deserializer.deserialize_any(ShinglingVisitor)
    }
}

/// Word or character shingles with a fixed length, after [`Shingling::Auto`] has
/// looked at the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    Words(usize),
    Chars(usize),
}

/// Whether a character belongs to a script written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F  // CJK extensions B–G
        | 0x0E00..=0x0EFF    // Thai, Lao
        | 0x0F00..=0x0FFF    // Tibetan
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
    )
}

fn is_mostly_unspaced_script<'a, I>(parts: I) -> bool
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    // No ASCII character belongs to an unspaced script, and ASCII letters only
    // count against one, so most texts are decided by their few non-ASCII
    // letters without counting the ASCII ones.
    let (mut unspaced, mut letters) = (0usize, 0usize);
    for text in parts.clone() {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            i += ascii_prefix_len(&bytes[i..]);
            let run = bytes[i..]
                .iter()
                .position(u8::is_ascii)
                .unwrap_or(bytes.len() - i);
            for c in text[i..i + run].chars().filter(|c| c.is_alphanumeric()) {
                letters += 1;
                unspaced += usize::from(is_unspaced_script(c));
            }
            i += run;
        }
    }
    if unspaced * 2 <= letters {
        return false;
    }
    for text in parts {
        letters += text.bytes().filter(|b| b.is_ascii_alphanumeric()).count();
    }
    unspaced * 2 > letters
}

/// Hashes one token (a word or a character) to its 32-bit token id: the upper
/// 32 bits of XXH3-64 over its UTF-8 bytes, seeded with `seed`.
#[inline]
pub(crate) fn token_id(token: &str, seed: u64) -> u32 {
    (xxh3_64_with_seed(token.as_bytes(), seed) >> 32) as u32
}

/// The token id of a word. Abbreviations written with full stops ("u.s", as
/// UAX #29 cuts "U.S.") get the id of the word without them ("us"), so that
/// "U.S." and "US" copies agree; numbers ("3.5") keep theirs.
#[inline]
pub(crate) fn word_id(word: &str, seed: u64) -> u32 {
    word_id_and_number(word, seed).0
}

/// [`word_id`], and what kind of [`Number`] the word is, from one pass over
/// its bytes. A number starts with a digit and has letters, if any, only as a
/// unit after its digits ("2.5bn", "100m"); a year 1900–2099 is not one.
/// "2" (as in "2 percent"), "14" (days) or "2024" recur across unrelated
/// reports, and letters with digits in them are names of things (codecs,
/// image sizes in a page's markup), not figures.
#[inline]
pub(crate) fn word_id_and_number(word: &str, seed: u64) -> (u32, Number) {
    let (kind, digits, dots) = scan_number(word);
    if digits > 0 {
        return (token_id(word, seed), kind);
    }
    if dots == 0 {
        return (token_id(spelled_out(word), seed), kind);
    }
    (without_full_stops_id(word, seed), Number::No)
}

/// The word a wire abbreviation of a unit or a figure's companion stands
/// for, else `word`. Agencies write "4.1 mln vs 4.0 mln" and "12 cts", papers
/// reprinting them "4.1 million versus 4.0 million" and "12 cents": for an
/// item made of figures these words are most of what lies between them, so
/// without one id for both a reprint shares hardly a shingle with its wire
/// copy. Only unambiguous forms are listed (not "m", a metre, or "ct").
#[inline]
fn spelled_out(word: &str) -> &str {
    match word {
        "mln" | "mn" => "million",
        "bln" | "bn" => "billion",
        "tln" | "trn" => "trillion",
        "cts" => "cents",
        "pct" => "percent",
        "dlrs" => "dollars",
        "qtr" => "quarter",
        "versus" => "vs",
        _ => word,
    }
}

/// The token id of `word` with its ASCII full stops removed.
fn without_full_stops_id(word: &str, seed: u64) -> u32 {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in word.bytes().filter(|&b| b != b'.') {
        if n == buf.len() {
            return token_id(&word.replace('.', ""), seed);
        }
        buf[n] = b;
        n += 1;
    }
    // Removing ASCII full stops from valid UTF-8 leaves valid UTF-8.
    token_id(std::str::from_utf8(&buf[..n]).unwrap_or(word), seed)
}

/// Appends the token ids of `normalized` to `out`: its UAX #29 words, or its
/// letters and digits one by one.
pub(crate) fn token_ids(normalized: &str, how: Resolved, seed: u64, out: &mut Vec<u32>) {
    match how {
        Resolved::Words(_) => for_each_word(normalized, |w| out.push(word_id(w, seed))),
        Resolved::Chars(_) => {
            let mut buf = [0u8; 4];
            out.extend(
                normalized
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .map(|c| token_id(c.encode_utf8(&mut buf), seed)),
            );
        }
    }
}

/// Appends the shingle ids of a token sequence to `out` (not deduplicated).
///
/// A shingle's id is the upper 32 bits of XXH3-64 over the little-endian bytes
/// of its token ids, seeded with `seed ^ SHINGLE_DOMAIN`. A sequence with at
/// least one token but fewer than `n` gives one shingle of all its tokens, so
/// that short texts still get a signature. An empty one gives nothing.
pub(crate) fn shingle_ids(tokens: &[u32], n: usize, seed: u64, out: &mut Vec<u32>) {
    /// Shingles whose bytes are laid out at once, so that each shingle hashes a
    /// slice of one buffer instead of a copy of its own.
    const BLOCK: usize = 256;
    if tokens.is_empty() {
        return;
    }
    let n = n.min(tokens.len());
    let shingle_seed = seed ^ SHINGLE_DOMAIN;
    let count = tokens.len() - n + 1;
    out.reserve(count);
    let mut bytes = [0u8; 4 * (BLOCK + MAX_SHINGLE_LEN)];
    for first in (0..count).step_by(BLOCK) {
        let shingles = BLOCK.min(count - first);
        let window = &tokens[first..first + shingles + n - 1];
        for (dst, t) in bytes.chunks_exact_mut(4).zip(window) {
            dst.copy_from_slice(&t.to_le_bytes());
        }
        out.extend(
            (0..shingles).map(|i| {
                (xxh3_64_with_seed(&bytes[4 * i..4 * (i + n)], shingle_seed) >> 32) as u32
            }),
        );
    }
}

/// Returns the distinct shingle ids of an already normalized text, sorted.
///
/// This is the set that MinHash estimates Jaccard similarity over. Useful to
/// inspect why two texts match; the detector computes it internally.
///
/// # Example
///
/// ```
/// use reprint::{normalize, shingles, Shingling};
///
/// let a = shingles(&normalize("the quick brown fox jumps"), Shingling::Words(2), 0);
/// let b = shingles(&normalize("The quick, brown fox!"), Shingling::Words(2), 0);
/// assert_eq!(a.len(), 4);
/// assert_eq!(b.len(), 3);
/// assert!(b.iter().all(|h| a.contains(h)));
/// ```
pub fn shingles(normalized: &str, shingling: Shingling, seed: u64) -> Vec<u32> {
    let how = shingling.resolve(normalized);
    let mut tokens = Vec::new();
    token_ids(normalized, how, seed, &mut tokens);
    let mut out = Vec::new();
    shingle_ids(&tokens, how.len(), seed, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

impl Resolved {
    /// The shingle length in tokens.
    pub(crate) fn len(self) -> usize {
        match self {
            Resolved::Words(n) | Resolved::Chars(n) => n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn wire_abbreviations_and_the_words_they_stand_for_shingle_alike() {
        let words = Shingling::Words(5);
        let wire = "shr 20 cts vs 18 cts net 4.1 mln vs 4.0 mln revs up 12 pct";
        let paper =
            "shr 20 cents versus 18 cents net 4.1 million versus 4.0 million revs up 12 percent";
        assert_eq!(shingles(wire, words, 0), shingles(paper, words, 0));
        // Figures keep their own ids, and so do words that are no unit.
        assert_ne!(
            shingles("net 4.1 mln vs 4.0 mln", words, 0),
            shingles("net 4.1 mln vs 4.2 mln", words, 0)
        );
        assert_ne!(word_id("mint", 0), word_id("million", 0));
        assert_eq!(word_id_and_number("mln", 0).1, Number::No);
    }

    #[test]
    fn serde_uses_the_display_form_and_reads_the_old_one() {
        let cases = [
            (Shingling::Words(3), r#""words:3""#, r#"{"words":3}"#),
            (Shingling::Chars(4), r#""chars:4""#, r#"{"chars":4}"#),
            (
                Shingling::Auto { words: 3, chars: 5 },
                r#""auto:3:5""#,
                r#"{"auto":{"words":3,"chars":5}}"#,
            ),
        ];
        for (shingling, string, tagged) in cases {
            assert_eq!(serde_json::to_string(&shingling).unwrap(), string);
            assert_eq!(string, format!("\"{shingling}\""));
            assert_eq!(
                serde_json::from_str::<Shingling>(string).unwrap(),
                shingling
            );
            assert_eq!(
                serde_json::from_str::<Shingling>(tagged).unwrap(),
                shingling
            );
        }
        // As the configuration field, in both forms.
        let config: crate::Config = serde_json::from_str(r#"{"shingle": "words:4"}"#).unwrap();
        assert_eq!(config.shingle, Shingling::Words(4));
        let config: crate::Config = serde_json::from_str(r#"{"shingle": {"words": 4}}"#).unwrap();
        assert_eq!(config.shingle, Shingling::Words(4));
        let json = serde_json::to_value(crate::Config::default()).unwrap();
        assert_eq!(json["shingle"], "auto:5:5");
        // Errors say what is expected.
        for (bad, says) in [
            (r#""words""#, "expected words:N, chars:N or auto:N:M"),
            (
                r#""words:0""#,
                "word shingle length must be between 1 and 32",
            ),
            (r#"{"lines": 2}"#, "unknown variant `lines`"),
            ("3", "a shingling: \"words:N\""),
        ] {
            let err = serde_json::from_str::<Shingling>(bad).unwrap_err();
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn word_tokens_skip_punctuation() {
        let cases: &[(&str, &[&str])] = &[
            ("hello, world!", &["hello", "world"]),
            (
                "it's the u.s. - 18 counts",
                &["it's", "the", "u.s", "18", "counts"],
            ),
            (
                "\"we'll give him protection\"",
                &["we'll", "give", "him", "protection"],
            ),
            (
                "3.5 billion, 1,000 dollars",
                &["3.5", "billion", "1,000", "dollars"],
            ),
            ("بالشعب و للشعب", &["بالشعب", "و", "للشعب"]),
            ("新华社 reports", &["新", "华", "社", "reports"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = text.unicode_words().collect();
            assert_eq!(&got, want, "text {text:?}");
        }
    }

    #[test]
    fn auto_picks_chars_for_unspaced_scripts() {
        let auto = Shingling::default();
        assert_eq!(auto.resolve("新华社北京1月5日电"), Resolved::Chars(5));
        assert_eq!(auto.resolve("ภาษาไทยเขียนติดกัน"), Resolved::Chars(5));
        assert_eq!(auto.resolve("mexico offers asylum"), Resolved::Words(5));
        assert_eq!(auto.resolve("بالشعب و للشعب"), Resolved::Words(5));
        // Mostly English with a Chinese name: words.
        assert_eq!(
            auto.resolve("xinhua news agency 新华社 reported today"),
            Resolved::Words(5)
        );
    }

    #[test]
    fn short_text_gets_one_shingle() {
        let s = shingles("two words", Shingling::Words(5), 7);
        assert_eq!(s.len(), 1);
        assert!(shingles("", Shingling::Words(5), 7).is_empty());
        assert!(shingles("!!! ...", Shingling::Words(5), 7).is_empty());
    }

    #[test]
    fn shingle_counts() {
        let text = "a b c d e f g";
        assert_eq!(shingles(text, Shingling::Words(5), 0).len(), 3);
        assert_eq!(shingles(text, Shingling::Words(1), 0).len(), 7);
        assert_eq!(shingles("新华社北京电", Shingling::Chars(3), 0).len(), 4);
        // Punctuation and spaces are skipped by character shingles.
        assert_eq!(
            shingles("新华社，北京 电", Shingling::Chars(3), 0),
            shingles("新华社北京电", Shingling::Chars(3), 0)
        );
    }

    #[test]
    fn abbreviations_match_without_full_stops() {
        assert_eq!(word_id("u.s", 0), word_id("us", 0));
        assert_eq!(word_id("u.k", 0), word_id("uk", 0));
        assert_ne!(word_id("3.5", 0), word_id("35", 0));
        assert_eq!(word_id("u.s.a", 0), word_id("usa", 0));
        assert_eq!(
            shingles("the u.s. dollar rose", Shingling::Words(2), 0),
            shingles("the us dollar rose", Shingling::Words(2), 0)
        );
    }

    #[test]
    fn seed_and_order_matter() {
        assert_ne!(
            shingles("a b c", Shingling::Words(3), 0),
            shingles("a b c", Shingling::Words(3), 1)
        );
        assert_ne!(
            shingles("a b c", Shingling::Words(3), 0),
            shingles("c b a", Shingling::Words(3), 0)
        );
    }

    #[test]
    fn parse_and_display() {
        for s in ["words:5", "chars:7", "auto:5:4"] {
            assert_eq!(s.parse::<Shingling>().unwrap().to_string(), s);
        }
        for s in [
            "words",
            "words:0",
            "words:x",
            "chars:5:5",
            "bytes:3",
            "words:99",
        ] {
            assert!(s.parse::<Shingling>().is_err(), "{s}");
        }
    }

    proptest::proptest! {
        /// The one-pass id and number test agree with the plain definitions.
        #[test]
        fn word_id_and_number_agree_with_their_definitions(
            word in "[0-9a-z.,]{1,8}|(19|20)[0-9]{2}|[0-9]{1,5}|[a-z]{0,2}[0-9]{1,4}[a-z]{0,2}[0-9]{0,2}",
            seed in 0u64..4,
        ) {
            let (id, number) = word_id_and_number(&word, seed);
            let plain = if word.contains('.') && !word.bytes().any(|b| b.is_ascii_digit()) {
                token_id(&word.replace('.', ""), seed)
            } else {
                token_id(&word, seed)
            };
            proptest::prop_assert_eq!(id, plain);
            proptest::prop_assert_eq!(number, crate::cluster::number_kind(&word));
            proptest::prop_assert_eq!(crate::util::number::number_kind(&word), number);
        }
    }
}
