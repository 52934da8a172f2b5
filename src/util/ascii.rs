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

#[cfg(test)]
mod tests {
    use super::ascii_prefix_len;

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
