//! How many cases the long property tests (and loops over many seeds) run.
//!
//! Each such test names the number of cases it was written for, its *long*
//! count. `cargo test` runs a tenth of it, so that the README's command takes
//! a minute or two; with `REPRINT_LONG_TESTS=1` in the environment (as in
//! `.ci/run`) every test runs its long count. Tests that are quick at their
//! full count keep a fixed count.

use proptest::test_runner::Config;

/// The environment variable that asks for the long counts.
const LONG_TESTS: &str = "REPRINT_LONG_TESTS";

/// A quick run takes one case in this many (at least one case).
const QUICK_SHARE: u32 = 10;

/// `long` when long tests are asked for, else a tenth of it, rounded up.
pub(crate) fn cases(long: u32) -> u32 {
    // Unset, empty or "0" is a quick run.
    let long_run = std::env::var_os(LONG_TESTS).is_some_and(|v| !v.is_empty() && v != "0");
    if long_run {
        long
    } else {
        long.div_ceil(QUICK_SHARE)
    }
}

/// A proptest configuration of [`cases`]`(long)` cases, otherwise the default
/// (which reads the other `PROPTEST_*` variables).
pub(crate) fn config(long: u32) -> Config {
    Config {
        cases: cases(long),
        ..Config::default()
    }
}
