//! Sorting hash values, which are spread evenly over their range.

/// Size of the intersection of two sorted, deduplicated slices.
pub(crate) fn intersection_len<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Buffers for [`sort_hashes`], kept from call to call.
#[derive(Clone, Debug, Default)]
pub(crate) struct SortBuffers {
    out: Vec<u32>,
    counts: Vec<u32>,
}

/// Sorts `values` ascending, as `sort_unstable` does, faster when they are
/// hashes: spread evenly over `u32`, the top bits of each tell its place
/// nearly exactly.
///
/// The values are distributed into about as many buckets as there are values,
/// by their top bits (a counting sort), which leaves each one among the few of
/// its bucket; one insertion pass then puts those in order. For a few hundred
/// shingle ids this takes about half the time of `sort_unstable`. Values that
/// are not spread out are sorted all the same, only more slowly.
pub(crate) fn sort_hashes(values: &mut Vec<u32>, buffers: &mut SortBuffers) {
    let n = values.len();
    // Counts are `u32`s.
    if n < 64 || u32::try_from(n).is_err() {
        values.sort_unstable();
        return;
    }
    // Between n and 2n buckets; at most 2^16, whose counts fit in L1.
    let bits = (usize::BITS - n.leading_zeros()).min(16);
    let shift = 32 - bits;
    let SortBuffers { out, counts } = buffers;
    counts.clear();
    counts.resize((1 << bits) + 1, 0);
    for &v in values.iter() {
        counts[(v >> shift) as usize + 1] += 1;
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    out.clear();
    out.resize(n, 0);
    for &v in values.iter() {
        let bucket = (v >> shift) as usize;
        out[counts[bucket] as usize] = v;
        counts[bucket] += 1;
    }
    // Every value is already within its bucket, so insertion moves each one
    // past a handful at most (all of them if the values were not spread out,
    // which a plain sort would handle better: fall back when that shows).
    let mut moves = 0usize;
    for i in 1..n {
        let v = out[i];
        let mut j = i;
        while j > 0 && out[j - 1] > v {
            out[j] = out[j - 1];
            j -= 1;
        }
        out[j] = v;
        moves += i - j;
        if moves > 8 * n {
            out.sort_unstable();
            break;
        }
    }
    std::mem::swap(values, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::util::test_cases::config(2000))]

        /// The same order as `sort_unstable`, for hashes, for clustered values
        /// (which take the fallback) and for repeats.
        #[test]
        fn sorts_as_sort_unstable_does(
            values in proptest::collection::vec(proptest::num::u32::ANY, 0..3000),
            narrow in proptest::collection::vec(0u32..50, 0..500),
            mask in proptest::sample::select(vec![u32::MAX, 0xFFFF_0000, 0xF000_0FFF, 0x0000_FFFF]),
        ) {
            let mut buffers = SortBuffers::default();
            for input in [
                values.clone(),
                values.iter().map(|v| v & mask).collect::<Vec<_>>(),
                narrow.clone(),
                values.iter().chain(&values).copied().collect(),
            ] {
                let mut want = input.clone();
                want.sort_unstable();
                let mut got = input;
                sort_hashes(&mut got, &mut buffers);
                proptest::prop_assert_eq!(got, want);
            }
        }
    }
}
