//! Byte-level helpers for the ASCII fast paths.

/// The length of the longest prefix of `bytes` that is ASCII, checked sixteen
/// bytes at a time.
#[inline]
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for chunk in bytes.chunks_exact(16) {
        let (a, b) = chunk.split_at(8);
        let a = u64::from_le_bytes(a.try_into().expect("eight bytes"));
        let b = u64::from_le_bytes(b.try_into().expect("eight bytes"));
        if (a | b) & HIGH_BITS != 0 {
            break;
        }
        n += 16;
    }
    n + bytes[n..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - n)
}

/// The position of the first `\n` in `bytes`, eight bytes at a time (lines
/// are short, and this avoids the set-up of a general byte search per line),
/// and whether the bytes before it (or all of them, if there is none) are
/// *plain*: printable ASCII other than `&` and
/// `` ` ``, with no two spaces in a row. A plain line, trimmed, is text that
/// `normalize::only_lowercases` accepts, found in the pass that finds its end.
#[inline]
pub(crate) fn scan_line(bytes: &[u8]) -> (Option<usize>, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let equal = |x: u64, b: u8| !(x ^ (ONES * u64::from(b))).wrapping_add(ONES * 0x7f) & HIGH_BITS;
    let mut plain = true;
    // Whether the byte before the chunk is a space, as the high bit of the
    // chunk's first byte.
    let mut before = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let nl = x ^ (ONES * u64::from(b'\n'));
        let zero = nl.wrapping_sub(ONES) & !nl & HIGH_BITS;
        // The bytes before the newline, if it is in this chunk. Every flag
        // below is exact for a byte when the bytes below it are ASCII: carries
        // and borrows only move up, past the newline, whose flags are masked.
        let keep = if zero == 0 {
            HIGH_BITS
        } else {
            (1u64 << (zero.trailing_zeros() - 7)).wrapping_sub(1) & HIGH_BITS
        };
        if plain {
            if x & keep != 0 {
                plain = false;
            } else {
                let spaces = equal(x, b' ');
                let odd = x.wrapping_sub(ONES * u64::from(b' ')) & !x
                    | equal(x, 0x7f)
                    | equal(x, b'`')
                    | equal(x, b'&')
                    | spaces & (spaces >> 8 | before);
                plain = odd & keep == 0;
                before = (spaces >> 56) & 0x80;
            }
        }
        if zero != 0 {
            return (Some(at + (zero.trailing_zeros() / 8) as usize), plain);
        }
        at += 8;
    }
    let mut after_space = before != 0;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            return (Some(at + i), plain);
        }
        let space = b == b' ';
        plain &= (0x20..0x7f).contains(&b) && b != b'&' && b != b'`' && !(space && after_space);
        after_space = space;
    }
    (None, plain)
}

#[cfg(test)]
mod tests {
    use super::{ascii_prefix_len, scan_line};

    /// [`scan_line`] byte by byte.
    fn scan_line_reference(bytes: &[u8]) -> (Option<usize>, bool) {
        let nl = bytes.iter().position(|&b| b == b'\n');
        let line = &bytes[..nl.unwrap_or(bytes.len())];
        let plain = line
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) && b != b'&' && b != b'`')
            && !line.windows(2).any(|w| w == b"  ");
        (nl, plain)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 5000, ..Default::default() })]

        #[test]
        fn scan_line_agrees_with_its_definition(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Bc", " ", "  ", "\n", "&", "`", "\t", "\r", "\u{7f}", "é", "\u{2019}",
                    "\u{A0}", "xyz12345", ".", "\u{0}", "~", "中",
                ]),
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(scan_line(text.as_bytes()), scan_line_reference(text.as_bytes()));
        }
    }

    #[test]
    fn newlines_are_found() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789\u{e9}\u{10a}\u{10b}";
        for len in 0..text.len() {
            let s = text.as_bytes()[..len].to_vec();
            assert_eq!(scan_line(&s).0, None);
            for at in 0..len {
                for second in [None, Some(at + 1), Some(len - 1)] {
                    let mut s = text.as_bytes()[..len].to_vec();
                    s[at] = b'\n';
                    if let Some(j) = second.filter(|&j| j < len) {
                        s[j] = b'\n';
                    }
                    assert_eq!(scan_line(&s).0, Some(at), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn prefix_lengths() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789";
        for len in 0..text.len() {
            assert_eq!(ascii_prefix_len(&text.as_bytes()[..len]), len);
            for at in 0..len {
                let mut s = text[..len].to_string();
                s.replace_range(at..at + 1, "é");
                assert_eq!(ascii_prefix_len(s.as_bytes()), at, "{s}");
            }
        }
    }
}
