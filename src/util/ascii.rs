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

/// The position of the first `\n` in `bytes`, eight bytes at a time: lines
/// are short, and this avoids the set-up of a general byte search per line.
#[inline]
pub(crate) fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x =
            u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ (ONES * u64::from(b'\n'));
        // The lowest byte flagged here is the first zero byte of `x`, a newline
        // (bytes above a zero byte can be flagged wrongly, never those below).
        let zero = x.wrapping_sub(ONES) & !x & HIGH_BITS;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::{ascii_prefix_len, find_newline};

    #[test]
    fn newlines_are_found() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789\u{e9}\u{10a}\u{10b}";
        for len in 0..text.len() {
            let s = text.as_bytes()[..len].to_vec();
            assert_eq!(find_newline(&s), None);
            for at in 0..len {
                for second in [None, Some(at + 1), Some(len - 1)] {
                    let mut s = text.as_bytes()[..len].to_vec();
                    s[at] = b'\n';
                    if let Some(j) = second.filter(|&j| j < len) {
                        s[j] = b'\n';
                    }
                    assert_eq!(find_newline(&s), Some(at), "{s:?}");
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
