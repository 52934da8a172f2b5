//! Private plumbing shared by the pipeline stages.

pub(crate) mod ascii;
pub(crate) mod key_table;
pub(crate) mod number;
pub(crate) mod repair;
pub(crate) mod sort;
#[cfg(test)]
pub(crate) mod test_cases;
pub(crate) mod union_find;
pub(crate) mod words;
