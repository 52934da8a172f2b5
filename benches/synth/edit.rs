//! Text-level edits: house style conversions, editorial substitutions,
//! layout (reflow / hard wrap) and OCR-like character noise.

use super::outlet::QuoteStyle;
use super::rng::Rng;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Replaces whole-word occurrences of `from` by `to` (at most `limit`).
pub fn replace_word(s: &str, from: &str, to: &str, limit: usize) -> String {
    if !s.contains(from) {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    let mut n = 0;
    let mut start = 0;
    while n < limit {
        let Some(off) = s[start..].find(from) else {
            break;
        };
        let i = start + off;
        let j = i + from.len();
        let fb = from.as_bytes();
        let left_ok = i == 0 || !is_word_byte(b[i - 1]) || !is_word_byte(fb[0]);
        let right_ok = j >= b.len() || !is_word_byte(b[j]) || !is_word_byte(fb[fb.len() - 1]);
        if left_ok && right_ok {
            out.push_str(&s[last..i]);
            out.push_str(to);
            last = j;
            n += 1;
        }
        start = j;
    }
    out.push_str(&s[last..]);
    out
}

const UK_US: &[(&str, &str)] = &[
    ("criticise", "criticize"),
    ("criticised", "criticized"),
    ("criticism", "criticism"),
    ("defence", "defense"),
    ("labour", "labor"),
    ("programme", "program"),
    ("centre", "center"),
    ("Centre", "Center"),
    ("favour", "favor"),
    ("organisation", "organization"),
    ("stabilise", "stabilize"),
    ("stabilised", "stabilized"),
    ("finalise", "finalize"),
    ("finalised", "finalized"),
    ("kilometres", "kilometers"),
    ("neighbouring", "neighboring"),
    ("analyse", "analyze"),
    ("recognise", "recognize"),
    ("hospitalisation", "hospitalization"),
    ("enrolment", "enrollment"),
    ("theatre", "theater"),
    ("colour", "color"),
    ("behaviour", "behavior"),
    ("Defence", "Defense"),
    ("Labour", "Labor"),
];

/// Converts UK spellings to US spellings.
pub fn us_spelling(s: &str) -> String {
    let mut out = s.to_string();
    for (uk, us) in UK_US {
        if out.contains(uk) {
            out = replace_word(&out, uk, us, usize::MAX);
        }
    }
    out
}

/// Editorial substitutions an outlet's sub-editor might make.
const SUBSTITUTIONS: &[(&str, &str)] = &[
    ("more than", "over"),
    ("about", "around"),
    ("nearly", "almost"),
    ("officials", "authorities"),
    ("announced", "unveiled"),
    ("told reporters", "said"),
    ("said", "says"),
    ("said", "stated"),
    ("but", "however"),
    ("also", ""),
    ("However,", "But"),
    ("government", "administration"),
    ("Monday", "Tuesday"),
    ("percent", "pc"),
    ("will", "would"),
    ("could", "may"),
    ("people", "persons"),
    ("the country", "the nation"),
    ("according to", "citing"),
    ("expected", "likely"),
];

/// Applies 0–`max` random editorial word substitutions to the text.
pub fn editorial(s: &str, rng: &mut Rng, max: usize) -> String {
    let mut out = s.to_string();
    for _ in 0..rng.below(max + 1) {
        let (a, b) = *rng.pick(SUBSTITUTIONS);
        if out.contains(a) {
            out = replace_word(&out, a, b, 1 + rng.below(2));
            out = out.replace("  ", " ");
        }
    }
    // Reprints published a day later often drop the weekday.
    if rng.chance(0.25) {
        for d in [
            " on Monday",
            " on Tuesday",
            " on Wednesday",
            " on Thursday",
            " on Friday",
            " on Saturday",
            " on Sunday",
        ] {
            if out.contains(d) {
                out = out.replacen(d, "", 1);
                break;
            }
        }
    }
    out
}

/// Converts typographic quotes to straight quotes.
pub fn straight_quotes(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' | '‚' => '\'',
            _ => c,
        })
        .collect()
}

/// Converts straight quotes to typographic quotes.
pub fn curly_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut prev = ' ';
    let mut open_double = false;
    for c in s.chars() {
        let r = match c {
            '"' => {
                let opening = !open_double && (prev.is_whitespace() || "([—–-".contains(prev));
                let opening = opening || (!open_double && prev == ' ');
                open_double = opening;
                if opening {
                    '“'
                } else {
                    '”'
                }
            }
            '\'' => {
                if prev.is_alphanumeric() || prev == '.' || prev == ',' {
                    '’'
                } else {
                    '‘'
                }
            }
            _ => c,
        };
        out.push(r);
        prev = c;
    }
    out
}

/// Applies a quote style.
pub fn quote_style(s: &str, q: QuoteStyle) -> String {
    match q {
        QuoteStyle::Keep => s.to_string(),
        QuoteStyle::Straight => straight_quotes(s),
        QuoteStyle::Curly => curly_quotes(&straight_quotes(s)),
    }
}

/// Hard-wraps a paragraph at `width` columns; with probability
/// `hyphenate` a long word crossing the margin is split with a hyphen.
pub fn hard_wrap(s: &str, width: usize, hyphenate: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / width + 4);
    let mut col = 0;
    for w in s.split(' ') {
        let wl = w.chars().count();
        if col > 0 && col + 1 + wl > width {
            if wl >= 7 && w.is_ascii() && rng.chance(hyphenate) {
                let room = width.saturating_sub(col + 2).clamp(2, wl - 3);
                out.push(' ');
                out.push_str(&w[..room]);
                out.push_str("-\n");
                out.push_str(&w[room..]);
                col = wl - room;
                continue;
            }
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += wl;
    }
    out
}

/// Per-character noise rates.
#[derive(Clone, Copy, Debug)]
pub struct NoiseRates {
    /// OCR-like character confusions per character.
    pub ocr: f64,
    /// Keyboard typos per character.
    pub typo: f64,
}

/// Applies OCR-like and typing noise to `s`.
///
/// Events are placed by geometric gaps so cost is proportional to the
/// number of events, not to the text length.
pub fn noise(s: &str, rates: NoiseRates, rng: &mut Rng) -> String {
    let rate = rates.ocr + rates.typo;
    if rate <= 0.0 || s.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut pos = 0usize;
    let b = s.as_bytes();
    loop {
        let u = rng.unit().max(1e-12);
        let gap = (-u.ln() / rate) as usize;
        let mut i = pos.saturating_add(gap);
        if i >= b.len() {
            out.push_str(&s[pos..]);
            return out;
        }
        while !s.is_char_boundary(i) {
            i += 1;
        }
        if i >= b.len() {
            out.push_str(&s[pos..]);
            return out;
        }
        out.push_str(&s[pos..i]);
        let ch = s[i..].chars().next().expect("char");
        let clen = ch.len_utf8();
        let next = s[i + clen..].chars().next();
        let ocr = rng.unit() * rate < rates.ocr;
        let mut consumed = clen;
        if ocr {
            match (ch, next) {
                ('r', Some('n')) => {
                    out.push('m');
                    consumed += 1;
                }
                ('m', _) => out.push_str("rn"),
                ('l', _) => out.push('1'),
                ('I', _) => out.push('l'),
                ('O', _) => out.push('0'),
                ('0', _) => out.push('O'),
                ('e', _) => out.push('c'),
                ('c', Some('l')) => {
                    out.push('d');
                    consumed += 1;
                }
                ('h', _) => out.push_str("li"),
                ('i', _) => out.push_str(if rng.chance(0.5) { "í" } else { "1" }),
                ('t', _) => out.push('f'),
                (',', _) => out.push('.'),
                ('.', _) => out.push(','),
                (' ', _) => {
                    // lost space or doubled space
                    if rng.chance(0.5) {
                        out.push_str("  ");
                    }
                }
                (c, _) if c.is_alphabetic() => match rng.below(4) {
                    0 => {}
                    1 => {
                        out.push(c);
                        out.push(c);
                    }
                    2 => {
                        out.push(c);
                        out.push(' ');
                    }
                    _ => {
                        out.push(c);
                        out.push_str(if rng.chance(0.5) { "-\n" } else { "- " });
                    }
                },
                (c, _) => out.push(c),
            }
        } else {
            // typo: swap with next letter, drop, double
            match next {
                Some(n) if ch.is_alphabetic() && n.is_alphabetic() && rng.chance(0.5) => {
                    out.push(n);
                    out.push(ch);
                    consumed += n.len_utf8();
                }
                _ if ch.is_alphabetic() && rng.chance(0.5) => {}
                _ => {
                    out.push(ch);
                    out.push(ch);
                }
            }
        }
        pos = i + consumed;
    }
}

/// Mis-decoded UTF-8 (Windows-1252 mojibake) for typographic punctuation.
pub fn mojibake(s: &str) -> String {
    s.replace('’', "â€™")
        .replace('‘', "â€˜")
        .replace('“', "â€œ")
        .replace('”', "â€\u{9d}")
        .replace('—', "â€”")
        .replace('–', "â€“")
}

/// Left-over HTML entities for some punctuation.
pub fn html_entities(s: &str, rng: &mut Rng) -> String {
    let mut out = s.replace(" & ", " &amp; ");
    if rng.chance(0.5) {
        out = out.replace('’', "&#8217;");
    }
    if rng.chance(0.5) {
        out = out.replacen(". ", ".&nbsp; ", 3);
    }
    out
}
