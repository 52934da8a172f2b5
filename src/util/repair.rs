//! Repairs two kinds of damage that scraped text picks up on its way:
//! UTF-8 decoded as Windows-1252 (mojibake: `â€™` for `’`, `Ã©` for `é`) and
//! HTML character references left in the text (`&amp;`, `&nbsp;`, `&#8217;`).
//! A copy with either shares few shingles with a clean one.

use std::borrow::Cow;

/// Repairs mojibake and decodes HTML character references; borrows when there
/// is nothing to do.
pub(crate) fn repair_text(text: &str) -> Cow<'_, str> {
    // Both repairs shorten the text, so repeating them until nothing changes
    // ends, and makes the result a fixed point: normalizing twice changes
    // nothing more ("&amp;amp;" is "&" at once, not "&amp;" then "&").
    let mut out = Cow::Borrowed(text);
    loop {
        let mut changed = false;
        if let Some(fixed) = repair_changed(&out) {
            out = Cow::Owned(fixed);
            changed = true;
        }
        if out.contains('&') {
            if let Some(decoded) = decode_entities(&out) {
                out = Cow::Owned(decoded);
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

/// Decodes the HTML character references that show up in scraped text:
/// `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric ones (`&#39;`, `&#x2019;`).
/// Returns `None` if there were none.
fn decode_entities(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        // References are short; look for the `;` in the next few characters.
        let end = tail
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '&')
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &tail[used..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The Windows-1252 byte that a character stands for, if any.
pub(crate) fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{0080}'..='\u{00FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// Whether `text` may hold mojibake: a character that is the lead byte of a
/// multi-byte UTF-8 sequence when read as Windows-1252.
#[cfg(test)]
pub(crate) fn may_have_mojibake(text: &str) -> bool {
    next_lead(text.as_bytes(), 0).is_some()
}

/// The byte offset of the first character at or after `from` that reads as the
/// lead byte of a multi-byte UTF-8 sequence in Windows-1252: `Â` to `ô`
/// (U+00C2 to U+00F4), encoded as 0xC3 0x82 to 0xC3 0xB4.
fn next_lead(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let i = at + bytes.get(at..)?.iter().position(|&b| b == 0xC3)?;
        if bytes.get(i + 1).is_some_and(|b| (0x82..=0xB4).contains(b)) {
            return Some(i);
        }
        at = i + 1;
    }
}

/// Replaces each run of characters that spells a valid multi-byte UTF-8
/// sequence in Windows-1252 with the character it encodes. Text without such
/// runs is returned unchanged.
#[cfg(test)]
pub(crate) fn repair(text: &str) -> String {
    repair_changed(text).unwrap_or_else(|| text.to_string())
}

/// The mojibake repair of `text`, or `None` when it would change nothing. Only the characters that
/// can start a sequence (see [`next_lead`]) are tried; the text between them is
/// copied as it is.
fn repair_changed(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // Most texts have no character from U+00C0 to U+00FF at all: one fast
    // search for their first byte settles it.
    if !bytes.contains(&0xC3) {
        return None;
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(lead) = next_lead(bytes, at) {
        let mut window = ['\0'; 4];
        let mut ends = [0usize; 4];
        let mut n = 0;
        for (offset, c) in text[lead..].char_indices().take(4) {
            window[n] = c;
            ends[n] = lead + offset + c.len_utf8();
            n += 1;
        }
        match decode_at(&window[..n]) {
            Some((c, used)) => {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..lead]);
                out.push(c);
                copied = ends[used - 1];
                at = copied;
            }
            // The lead character is two bytes long.
            None => at = lead + 2,
        }
    }
    let mut out = out?;
    out.push_str(&text[copied..]);
    Some(out)
}

/// Decodes one UTF-8 sequence spelled in Windows-1252 at the start of `chars`.
fn decode_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (slot, c) in bytes[1..len].iter_mut().zip(chars.get(1..len)?) {
        let b = cp1252_byte(*c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
    }
    let s = std::str::from_utf8(&bytes[..len]).ok()?;
    Some((s.chars().next()?, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The straightforward repair: try to decode at every character.
    fn reference_repair(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            if let Some((c, used)) = decode_at(&chars[i..]) {
                out.push(c);
                i += used;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn repair_agrees_with_trying_every_character(
            pieces in prop::collection::vec(
                prop_oneof![
                    3 => prop::sample::select(vec![
                        "â€™", "â€œ", "â€", "Ã©", "Ã", "©", "é", "Â", "ô", "õ", "Ã¼", "Ã¶", "ðŸ˜€",
                        "ð", "Ÿ", "˜", "€", "™", "‚", "a", " ", "\u{9d}", "\u{81}", "ï»¿", "Ã\u{a0}",
                    ]).prop_map(str::to_string),
                    1 => any::<char>().prop_map(|c| c.to_string()),
                ],
                0..20,
            )
        ) {
            let text = pieces.concat();
            let want = reference_repair(&text);
            prop_assert_eq!(repair(&text), want.clone());
            prop_assert_eq!(repair_changed(&text).is_some(), want != text);
            prop_assert_eq!(may_have_mojibake(&text), text.chars().any(|c| matches!(c, 'Â'..='ô')));
        }
    }

    #[test]
    fn repairs_common_mojibake() {
        let cases = [
            ("â€œQuotedâ€\u{9d}", "“Quoted”"),
            ("Itâ€™s", "It’s"),
            ("cafÃ©", "café"),
            ("â€” dash", "— dash"),
            ("plain text", "plain text"),
            ("naïve façade", "naïve façade"),
            ("Ã", "Ã"),
        ];
        for (input, want) in cases {
            assert_eq!(repair(input), want, "{input:?}");
            assert_eq!(repair(&repair(input)), want, "{input:?}");
        }
        assert!(may_have_mojibake("â€™"));
        assert!(!may_have_mojibake("plain"));
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            repair_text("Tom &amp; Jerry&nbsp;said &#8220;hi&#x201D; &#39;x&#39;"),
            "Tom & Jerry said “hi” 'x'"
        );
        assert_eq!(
            repair_text("AT&T & co; &bogus; &#;"),
            "AT&T & co; &bogus; &#;"
        );
        assert!(matches!(repair_text("plain"), Cow::Borrowed(_)));
        // Repeated until nothing changes, so repairing twice changes nothing.
        assert_eq!(repair_text("&amp;amp;"), "&");
        assert_eq!(repair_text("â€™&amp;"), "’&");
        assert_eq!(repair_text("&é;&ééééééééééééé"), "&é;&ééééééééééééé");
    }
}
