//! Byte-level helpers for the ASCII fast paths.

/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that equals `b`, for ASCII `x`: exclusive
/// or leaves 0 in those bytes, and adding 0x7f sets the high bit of every other.
#[inline]
pub(crate) fn bytes_equal(x: u64, b: u8) -> u64 {
    !(x ^ (ONES * u64::from(b))).wrapping_add(ONES * 0x7f) & HIGH
}

/// Nonzero if a byte of `x` is below `b`, for ASCII `x` and `b`.
#[inline]
pub(crate) fn bytes_below(x: u64, b: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(b)) & !x & HIGH
}

/// The bytes of eight ASCII bytes `x` that are not *plain*: a control
/// character, DEL, `&`, a backtick, or a space after a space. `before` has the
/// high bit of its first byte set when the byte before `x` is a space. Returns
/// the flags (nonzero exactly when a byte is not plain; like [`bytes_below`],
/// only the lowest flag is sure to be right) and the `before` of the next
/// eight bytes.
#[inline]
pub(crate) fn not_plain(x: u64, before: u64) -> (u64, u64) {
    let spaces = bytes_equal(x, b' ');
    let flags = bytes_below(x, b' ')
        | bytes_equal(x, 0x7f)
        | bytes_equal(x, b'`')
        | bytes_equal(x, b'&')
        | spaces & (spaces >> 8 | before);
    (flags, (spaces >> 56) & 0x80)
}

/// [`not_plain`] for one byte: whether `b` is plain after a byte that was a
/// space (`after_space`) or not.
#[inline]
pub(crate) fn is_plain_byte(b: u8, after_space: bool) -> bool {
    (0x20..0x7f).contains(&b) && b != b'&' && b != b'`' && !(b == b' ' && after_space)
}

/// The length of the longest prefix of `bytes` that is ASCII, checked sixteen
/// bytes at a time.
#[inline]
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(16) {
        let (a, b) = chunk.split_at(8);
        let a = u64::from_le_bytes(a.try_into().expect("eight bytes"));
        let b = u64::from_le_bytes(b.try_into().expect("eight bytes"));
        if (a | b) & HIGH != 0 {
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
    let mut plain = true;
    // Whether the byte before the chunk is a space, as the high bit of the
    // chunk's first byte.
    let mut before = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let nl = x ^ (ONES * u64::from(b'\n'));
        let zero = nl.wrapping_sub(ONES) & !nl & HIGH;
        // The bytes before the newline, if it is in this chunk. Every flag
        // below is exact for a byte when the bytes below it are ASCII: carries
        // and borrows only move up, past the newline, whose flags are masked.
        let keep = if zero == 0 {
            HIGH
        } else {
            (1u64 << (zero.trailing_zeros() - 7)).wrapping_sub(1) & HIGH
        };
        if plain {
            let (flags, next) = not_plain(x, before);
            plain = (x | flags) & keep == 0;
            before = next;
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
        plain &= is_plain_byte(b, after_space);
        after_space = b == b' ';
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
