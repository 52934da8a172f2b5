//! A map from `u64` keys that are already uniform hashes to `u32` values: the
//! bucket heads of one LSH band.
//!
//! A general hash map hashes its keys again and rounds its table up to a power
//! of two; holding one band's heads for a million documents, `AHashMap<u64,
//! u32>` took 2²¹ buckets of 17 bytes each. Band keys are XXH3 hashes, so this
//! table places a key by its own value, at `⌊key · capacity / 2⁶⁴⌋`, in a table
//! of exactly the capacity asked for, with 12-byte slots and linear probing. A
//! key's home slot grows with the key, so keys inserted roughly in ascending
//! order fill the table front to back, which is how `LshIndex::insert_many`
//! fills a band (see there).
//!
//! Values are document numbers, of which `u32::MAX` is reserved, so it marks
//! an empty slot.

/// The value that marks an empty slot; it cannot be stored.
pub(crate) const EMPTY: u32 = u32::MAX;

/// One slot: twelve bytes, aligned to four.
#[derive(Clone, Copy, Debug)]
#[repr(C, packed(4))]
struct Slot {
    key: u64,
    value: u32,
}

const VACANT: Slot = Slot {
    key: 0,
    value: EMPTY,
};

/// A table is grown before more than `MAX_LOAD_NUM / MAX_LOAD_DEN` of its
/// slots are taken: linear probing then reads about eight slots, a cache line
/// or two, to find that a key is absent.
const MAX_LOAD_NUM: usize = 3;
const MAX_LOAD_DEN: usize = 4;

/// See the module documentation.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyTable {
    slots: Vec<Slot>,
    len: usize,
}

impl KeyTable {
    /// Number of keys.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The slot where a search for `key` starts. Monotone in `key`.
    #[inline]
    fn home(&self, key: u64) -> usize {
        ((u128::from(key) * self.slots.len() as u128) >> 64) as usize
    }

    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() {
            0
        } else {
            i + 1
        }
    }

    /// Makes room for `additional` more keys without growing again. Room for
    /// one more key at a time doubles the table, so that inserting keys one
    /// by one takes amortized constant time; room for many sizes it to them.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let needed = self.len.saturating_add(additional);
        if needed.saturating_mul(MAX_LOAD_DEN) <= self.slots.len() * MAX_LOAD_NUM {
            return;
        }
        let exact = needed
            .saturating_mul(MAX_LOAD_DEN)
            .div_ceil(MAX_LOAD_NUM)
            .max(8);
        let capacity = exact.max(2 * self.slots.len());
        let old = std::mem::replace(&mut self.slots, vec![VACANT; capacity]);
        // The old slots are close to ascending order of their keys, and so of
        // their new homes: the new table fills front to back.
        for slot in old {
            if slot.value != EMPTY {
                let mut i = self.home(slot.key);
                while self.slots[i].value != EMPTY {
                    i = self.next(i);
                }
                self.slots[i] = slot;
            }
        }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: u64) -> (usize, bool) {
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot.value == EMPTY {
                return (i, false);
            }
            if { slot.key } == key {
                return (i, true);
            }
            i = self.next(i);
        }
    }

    /// The value of `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let (i, found) = self.find(key);
        found.then(|| self.slots[i].value)
    }

    /// Sets the value of `key` and returns the one it replaces.
    ///
    /// # Panics
    ///
    /// If `value` is [`EMPTY`].
    #[inline]
    pub(crate) fn insert(&mut self, key: u64, value: u32) -> Option<u32> {
        assert!(value != EMPTY, "u32::MAX cannot be stored");
        if (self.len + 1) * MAX_LOAD_DEN > self.slots.len() * MAX_LOAD_NUM {
            // The table is full: it grows only for a key it does not hold yet
            // (a bucket whose head moves on keeps its key).
            if self.len > 0 {
                if let (i, true) = self.find(key) {
                    return Some(std::mem::replace(&mut self.slots[i].value, value));
                }
            }
            self.reserve(1);
        }
        let (i, found) = self.find(key);
        let old = self.slots[i].value;
        self.slots[i] = Slot { key, value };
        if found {
            Some(old)
        } else {
            self.len += 1;
            None
        }
    }

    /// Removes `key` and returns its value.
    pub(crate) fn remove(&mut self, key: u64) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let (mut hole, found) = self.find(key);
        if !found {
            return None;
        }
        let value = self.slots[hole].value;
        // Backward-shift deletion: each key after the hole, up to the next
        // empty slot, moves into the hole if its search would pass it (its home
        // is not between the hole and where it is, cyclically), so that every
        // search still meets its key before an empty slot.
        let mut j = self.next(hole);
        loop {
            let slot = self.slots[j];
            if slot.value == EMPTY {
                break;
            }
            let home = self.home(slot.key);
            let stays = if hole <= j {
                hole < home && home <= j
            } else {
                hole < home || home <= j
            };
            if !stays {
                self.slots[hole] = slot;
                hole = j;
            }
            j = self.next(j);
        }
        self.slots[hole] = VACANT;
        self.len -= 1;
        Some(value)
    }

    /// The values, in no particular order.
    pub(crate) fn values(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots.iter().map(|s| s.value).filter(|&v| v != EMPTY)
    }

    /// Bytes of the table's slots (what `Detector::heap_parts` counts).
    pub(crate) fn bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_take_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 12);
    }

    #[test]
    fn reserving_for_many_sizes_the_table_to_them() {
        let mut t = KeyTable::default();
        t.reserve(1_000_000);
        let bytes = t.bytes();
        assert!(bytes <= 1_000_000 * 16 + 12, "{bytes} bytes");
        for k in 0..1_000_000u64 {
            t.insert(k.wrapping_mul(0x9e37_79b9_7f4a_7c15), k as u32);
        }
        assert_eq!(t.bytes(), bytes, "no growth after reserving");
        assert_eq!(t.len(), 1_000_000);
        assert_eq!(t.get(5u64.wrapping_mul(0x9e37_79b9_7f4a_7c15)), Some(5));
    }

    #[test]
    fn a_full_table_does_not_grow_to_update_a_key() {
        let mut t = KeyTable::default();
        t.reserve(6);
        let bytes = t.bytes();
        let mut k = 0;
        while (t.len() + 1) * MAX_LOAD_DEN <= bytes / 12 * MAX_LOAD_NUM {
            t.insert(k, 1);
            k += 1 << 40;
        }
        assert_eq!(t.insert(0, 2), Some(1));
        assert_eq!(t.bytes(), bytes, "updated in place");
        assert_eq!(t.insert(1 << 62, 3), None);
        assert!(t.bytes() > bytes, "grown for a new key");
    }

    #[test]
    fn empty_table() {
        let mut t = KeyTable::default();
        assert_eq!(t.get(3), None);
        assert_eq!(t.remove(3), None);
        assert_eq!(t.values().count(), 0);
    }

    #[test]
    #[should_panic(expected = "cannot be stored")]
    fn the_empty_marker_is_refused() {
        KeyTable::default().insert(1, EMPTY);
    }

    /// Keys from a few small ranges, some at the very top, so that they share
    /// home slots, form long runs and wrap around the end of the table.
    fn clustered_key() -> impl proptest::strategy::Strategy<Value = u64> {
        use proptest::prelude::*;
        prop_oneof![
            0u64..64,
            (u64::MAX - 64)..=u64::MAX,
            (1u64 << 63)..(1u64 << 63) + 64,
            proptest::num::u64::ANY,
        ]
    }

    proptest::proptest! {
        #![proptest_config(crate::util::test_cases::config(2000))]

        /// Any sequence of inserts, removals and reservations leaves the table
        /// holding what a hash map holds.
        #[test]
        fn agrees_with_a_hash_map(
            ops in proptest::collection::vec(
                (0u8..8, clustered_key(), 0u32..1000),
                0..400,
            ),
        ) {
            let mut t = KeyTable::default();
            let mut model: std::collections::HashMap<u64, u32> = Default::default();
            for (op, key, value) in ops {
                match op {
                    0..=3 => proptest::prop_assert_eq!(t.insert(key, value), model.insert(key, value)),
                    4..=5 => proptest::prop_assert_eq!(t.remove(key), model.remove(&key)),
                    6 => t.reserve(value as usize % 50),
                    _ => proptest::prop_assert_eq!(t.get(key), model.get(&key).copied()),
                }
                proptest::prop_assert_eq!(t.len(), model.len());
            }
            for (&k, &v) in &model {
                proptest::prop_assert_eq!(t.get(k), Some(v));
            }
            let mut values: Vec<u32> = t.values().collect();
            let mut want: Vec<u32> = model.values().copied().collect();
            values.sort_unstable();
            want.sort_unstable();
            proptest::prop_assert_eq!(values, want);
        }
    }
}
