//! `reprint._reprint`: the compiled part of the `reprint` Python package.
//!
//! The [`Detector`](reprint::Detector) for Python users (the typed wrapper
//! is `reprint.Detector`, in `python/reprint/__init__.py`), and the kernels of
//! the Spark path over Arrow record batches (`python/reprint/spark.py`).
//!
//! Results cross into Python as the JSON that `serde_json` writes for the
//! core's types, so a Python user sees the fields and the float digits that
//! `dedup --json` prints.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use reprint::{Config, Detector, Shingling};

create_exception!(
    _reprint,
    ReprintError,
    PyException,
    "An error of the reprint library: bad input, a bad setting or a damaged index file."
);

/// The Python exception for a library error.
fn py_err(e: impl std::fmt::Display) -> PyErr {
    ReprintError::new_err(e.to_string())
}

/// The configuration with `dedup`'s options applied, validated, as JSON.
#[pyfunction]
#[pyo3(signature = (threshold=None, containment=None, shingle=None, num_perm=None, seed=None))]
fn config_json(
    threshold: Option<f64>,
    containment: Option<f64>,
    shingle: Option<&str>,
    num_perm: Option<usize>,
    seed: Option<u64>,
) -> PyResult<String> {
    let mut config = Config::default();
    if let Some(t) = threshold {
        config.threshold = t;
    }
    if let Some(c) = containment {
        config.containment = c;
    }
    if let Some(s) = shingle {
        config.shingle = s.parse::<Shingling>().map_err(py_err)?;
    }
    if let Some(k) = num_perm {
        config.num_perm = k;
    }
    if let Some(s) = seed {
        config.seed = s;
    }
    // Building a detector checks every setting.
    Detector::new(config.clone()).map_err(py_err)?;
    serde_json::to_string(&config).map_err(py_err)
}

/// Parses a configuration given as JSON (what `config_json` returns).
fn parse_config(json: &str) -> PyResult<Config> {
    serde_json::from_str(json).map_err(|e| py_err(format!("bad configuration: {e}")))
}

/// Serializes a result for Python.
fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(py_err)
}

/// The detector. Use the typed wrapper `reprint.Detector`.
#[pyclass(module = "reprint._reprint", name = "Detector")]
struct PyDetector {
    inner: Detector,
}

#[pymethods]
impl PyDetector {
    /// A detector with the configuration `config` (JSON, from `config_json`).
    #[new]
    fn new(config: &str) -> PyResult<Self> {
        Ok(PyDetector {
            inner: Detector::new(parse_config(config)?).map_err(py_err)?,
        })
    }

    /// Loads an index file written by `save` (or by `dedup --index`).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py.allow_threads(|| Detector::load(&path)).map_err(py_err)?;
        Ok(PyDetector { inner })
    }

    /// Saves the index atomically to `path`.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.allow_threads(|| self.inner.save(&path)).map_err(py_err)
    }

    /// The configuration, as JSON.
    fn config(&self) -> PyResult<String> {
        to_json(self.inner.config())
    }

    /// Indexes one document; returns its matches as JSON.
    fn insert(&mut self, py: Python<'_>, id: &str, text: &str) -> PyResult<String> {
        let matches = py
            .allow_threads(|| self.inner.insert(id, text))
            .map_err(py_err)?;
        to_json(&matches)
    }

    /// Indexes documents in parallel; returns the rejected ones as
    /// `(position, id, reason)`.
    fn insert_batch(
        &mut self,
        py: Python<'_>,
        docs: Vec<(String, String)>,
    ) -> Vec<(usize, String, String)> {
        let rejected = py.allow_threads(|| self.inner.insert_batch_lenient(docs));
        rejected
            .into_iter()
            .map(|r| (r.index, r.id, r.error.to_string()))
            .collect()
    }

    /// The indexed documents that `text` copies or that copy it, as JSON.
    fn query(&self, py: Python<'_>, text: &str) -> PyResult<String> {
        let matches = py.allow_threads(|| self.inner.query(text)).map_err(py_err)?;
        to_json(&matches)
    }

    /// Removes a document.
    fn remove(&mut self, id: &str) -> PyResult<()> {
        self.inner.remove(id).map_err(py_err)
    }

    /// The groups of copies, as JSON.
    fn groups(&self, py: Python<'_>) -> PyResult<String> {
        let groups = py.allow_threads(|| self.inner.groups());
        to_json(&groups)
    }

    /// The group of one document, as JSON, or None.
    fn group_of(&self, py: Python<'_>, id: &str) -> PyResult<Option<String>> {
        let group = py.allow_threads(|| self.inner.group_of(id));
        group.as_ref().map(to_json).transpose()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner.contains(id)
    }
}

/// The module.
#[pymodule]
fn _reprint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReprintError", m.py().get_type::<ReprintError>())?;
    m.add_function(wrap_pyfunction!(config_json, m)?)?;
    m.add_class::<PyDetector>()?;
    Ok(())
}
