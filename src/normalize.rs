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
    normalize_once(&crate::util::repair::repair_text(text), out);
    // Folding can expose damage that was hidden ("â€" + zero-width space + "©"
    // becomes "â€©", the mojibake of U+2029), and case folding can, in rare
    // cases, produce a sequence NFKC would change again. Repeating until the
    // text is stable keeps `normalize` idempotent.
    // Bounded in case a pathological input never settles; real text settles in
    // one or two rounds.
    for _ in 0..8 {
        let repaired = crate::util::repair::repair_text(out);
        let settled = matches!(repaired, std::borrow::Cow::Borrowed(_))
            && (out.is_ascii() || is_nfkc_quick(out.chars()) == IsNormalized::Yes);
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

fn normalize_once(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // ASCII is already in NFKC, so only folding and whitespace remain.
        fold_ascii(text, out);
    } else {
        fold(text.nfkc(), out);
    }
}

fn fold_ascii(text: &str, out: &mut String) {
    let mut pending_space = false;
    for b in text.bytes() {
        if matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            pending_space = !out.is_empty();
            continue;
        }
        if b.is_ascii_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let c = match b {
            b'`' => '\'',
            _ => b.to_ascii_lowercase() as char,
        };
        out.push(c);
    }
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
