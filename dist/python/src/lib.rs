//! `reprint._reprint`: the compiled part of the `reprint` Python package.
//!
//! The [`reprint::Detector`] for Python users (the typed wrapper
//! is `reprint.Detector`, in `python/reprint/__init__.py`), and the kernels of
//! the Spark path over Arrow record batches (`python/reprint/spark.py`).
//!
//! Results cross into Python as the JSON that `serde_json` writes for the
//! core's types, so a Python user sees the fields and the float digits that
//! `dedup --json` prints.

use std::ffi::CString;
use std::path::PathBuf;

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use reprint::stages::TemplateSet;
use reprint::{Config, Detector, Shingling};
use reprint_kernels::{Grouper, KernelError, Kernels};

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
#[pyo3(signature = (threshold=None, containment=None, shingle=None, num_perm=None, seed=None, containment_bands=None))]
fn config_json(
    threshold: Option<f64>,
    containment: Option<f64>,
    shingle: Option<&str>,
    num_perm: Option<usize>,
    seed: Option<u64>,
    containment_bands: Option<usize>,
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
    if let Some(m) = containment_bands {
        config.containment_bands = m;
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
        let matches = py
            .allow_threads(|| self.inner.query(text))
            .map_err(py_err)?;
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

/// A record batch from any Python object with the Arrow PyCapsule
/// interface (`__arrow_c_array__`), such as a `pyarrow.RecordBatch`.
fn import_batch(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) =
        obj.call_method0("__arrow_c_array__")?.extract()?;
    let schema_ptr = schema.pointer() as *const FFI_ArrowSchema;
    let array_ptr = array.pointer() as *mut FFI_ArrowArray;
    if array_ptr.is_null() {
        return Err(py_err("an Arrow capsule holds no array"));
    }
    if schema_ptr.is_null() {
        return Err(py_err("an Arrow capsule holds no schema"));
    }
    // SAFETY: the capsules hold an ArrowSchema and an ArrowArray (the
    // PyCapsule interface); the array is moved out, and the capsule's
    // destructor then finds it released.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr);
        from_ffi(array, &*schema_ptr)
    }
    .map_err(py_err)?;
    let array = StructArray::from(data);
    Ok(RecordBatch::from(&array))
}

/// A `pyarrow.RecordBatch` of `batch`, through the C data interface.
fn export_batch(py: Python<'_>, batch: RecordBatch) -> PyResult<PyObject> {
    let array = StructArray::from(batch);
    let (array, schema) = to_ffi(&array.to_data()).map_err(py_err)?;
    let name = |n: &str| CString::new(n).expect("no NUL");
    let schema = PyCapsule::new(py, schema, Some(name("arrow_schema")))?;
    let array = PyCapsule::new(py, array, Some(name("arrow_array")))?;
    let out = py
        .import("pyarrow")?
        .getattr("RecordBatch")?
        .call_method1("_import_from_c_capsule", (schema, array))?;
    Ok(out.unbind())
}

fn kernel_err(e: KernelError) -> PyErr {
    py_err(e)
}

/// The stage kernels over Arrow record batches, under one configuration
/// (reprint_kernels; the columns are in DESIGN.md).
#[pyclass(module = "reprint._reprint", name = "Kernels")]
struct PyKernels {
    kernels: Kernels,
    templates: TemplateSet,
}

impl PyKernels {
    /// Runs a kernel on a batch, without the GIL.
    fn run(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        f: impl FnOnce(&Kernels, &RecordBatch) -> reprint_kernels::Result<RecordBatch> + Send,
    ) -> PyResult<PyObject> {
        let input = import_batch(batch)?;
        let out = py
            .allow_threads(|| f(&self.kernels, &input))
            .map_err(kernel_err)?;
        export_batch(py, out)
    }
}

#[pymethods]
impl PyKernels {
    /// Kernels for a configuration (JSON from `config_json`), reading JSONL
    /// ids and texts from the given fields.
    #[new]
    fn new(config: &str, id_field: &str, text_field: &str) -> PyResult<Self> {
        Ok(PyKernels {
            kernels: Kernels::new(config, id_field, text_field).map_err(kernel_err)?,
            templates: TemplateSet::default(),
        })
    }

    /// The template keys `sign` leaves out (bit-cast to signed).
    fn set_templates(&mut self, keys: Vec<i64>) {
        self.templates = TemplateSet::from_keys(keys.into_iter().map(|k| k as u64).collect());
    }

    /// JSONL lines, parsed and prepared.
    fn read_lines(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.run(py, batch, |k, b| k.read_lines(b))
    }

    /// Template votes of units.
    fn template_votes(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.run(py, batch, |k, b| k.template_votes(b))
    }

    /// Template keys among (key, n) counts.
    fn template_keys(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.run(py, batch, |k, b| k.template_keys(b))
    }

    /// Units signed under the templates set with `set_templates`.
    fn sign(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let templates = &self.templates;
        self.run(py, batch, |k, b| k.sign(b, templates))
    }

    /// Heads of the buckets among the rows of the batches given.
    fn bucket_heads(&self, py: Python<'_>, batches: Vec<Bound<'_, PyAny>>) -> PyResult<PyObject> {
        let inputs: Vec<RecordBatch> = batches.iter().map(import_batch).collect::<PyResult<_>>()?;
        let out = py
            .allow_threads(|| reprint_kernels::bucket_heads(&inputs))
            .map_err(kernel_err)?;
        export_batch(py, out)
    }

    /// Accepted links among candidate links.
    fn verify(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        self.run(py, batch, |k, b| k.verify(b))
    }

    /// A grouper for rows sorted by component.
    fn grouper(&self) -> PyGrouper {
        PyGrouper {
            inner: Grouper::new(self.kernels.clone()),
        }
    }
}

/// Groups components from rows sorted by component (reprint_kernels::Grouper).
#[pyclass(module = "reprint._reprint", name = "Grouper")]
struct PyGrouper {
    inner: Grouper,
}

#[pymethods]
impl PyGrouper {
    /// Takes a batch; returns the rows of the components it completed.
    fn feed(&mut self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let input = import_batch(batch)?;
        let inner = &mut self.inner;
        let out = py
            .allow_threads(|| inner.feed(&input))
            .map_err(kernel_err)?;
        export_batch(py, out)
    }

    /// Groups the last component; returns its rows.
    fn finish(&mut self, py: Python<'_>) -> PyResult<PyObject> {
        let inner = &mut self.inner;
        let out = py.allow_threads(|| inner.finish()).map_err(kernel_err)?;
        export_batch(py, out)
    }
}

/// The module.
#[pymodule]
fn _reprint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReprintError", m.py().get_type::<ReprintError>())?;
    m.add_function(wrap_pyfunction!(config_json, m)?)?;
    m.add_class::<PyDetector>()?;
    m.add_class::<PyKernels>()?;
    m.add_class::<PyGrouper>()?;
    Ok(())
}
