//! A tiny, fully specified PRNG (SplitMix64 seeding + xoshiro256**).
//!
//! The generator must produce byte-identical corpora on every machine and
//! every build forever, so it cannot depend on an external crate whose
//! algorithm might change between versions.  Every operation here is
//! defined only in terms of wrapping 64-bit integer arithmetic.

/// One SplitMix64 step: advances `state` and returns the next output.
#[inline]
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Mixes a list of 64-bit words into one well-distributed 64-bit key.
///
/// Used to derive independent sub-streams, e.g. `mix(&[seed, STORY, id])`.
pub fn mix(parts: &[u64]) -> u64 {
    let mut s = 0x6A09_E667_F3BC_C909u64;
    let mut acc = 0u64;
    for &p in parts {
        s ^= p;
        acc = acc.rotate_left(23) ^ splitmix64(&mut s);
    }
    acc ^ splitmix64(&mut s)
}

/// xoshiro256** generator seeded through SplitMix64.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// Creates a generator from a 64-bit seed.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut s = [0u64; 4];
        for w in &mut s {
            *w = splitmix64(&mut sm);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    /// Creates a generator for an independent sub-stream identified by `parts`.
    pub fn derive(parts: &[u64]) -> Self {
        Rng::new(mix(parts))
    }

    /// Next raw 64-bit output.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform integer in `0..n` (`n > 0`), via 128-bit multiply-shift.
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform integer in `lo..=hi`.
    #[inline]
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform float in `[0, 1)` with 53 bits of precision.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniformly chosen element of a non-empty slice, array or vector.
    #[inline]
    pub fn pick<'a, C: Pick + ?Sized>(&mut self, xs: &'a C) -> &'a C::Item {
        let s = xs.as_items();
        &s[self.below(s.len())]
    }

    /// Index chosen with probability proportional to `weights`.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = ((u128::from(self.next_u64()) * u128::from(total)) >> 64) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// Collections [`Rng::pick`] can choose from.  The element type is an
/// associated type so it is inferred from the argument, not the use site.
pub trait Pick {
    /// Element type.
    type Item;
    /// The elements as a slice.
    fn as_items(&self) -> &[Self::Item];
}

impl<T> Pick for [T] {
    type Item = T;
    fn as_items(&self) -> &[T] {
        self
    }
}

impl<T> Pick for Vec<T> {
    type Item = T;
    fn as_items(&self) -> &[T] {
        self
    }
}

impl<T, const N: usize> Pick for [T; N] {
    type Item = T;
    fn as_items(&self) -> &[T] {
        self
    }
}
