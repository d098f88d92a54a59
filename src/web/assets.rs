//! Static files and the version that busts browser caches on deploy.

use std::path::PathBuf;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

static VERSION: OnceLock<String> = OnceLock::new();

/// The static folder: `./static` when run from a checkout, else the one the
/// binary was built from.
pub fn static_dir() -> PathBuf {
    let local = PathBuf::from("static");
    if local.is_dir() { local } else { PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static")) }
}

/// A short hash of the static files' contents, appended as `?v=` to their
/// URLs, so a changed file gets a new URL and a year-long cache is safe.
pub fn version() -> &'static str {
    VERSION.get_or_init(|| {
        let mut hasher = Sha256::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(static_dir())
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        for path in paths {
            hasher.update(path.to_string_lossy().as_bytes());
            hasher.update(std::fs::read(&path).unwrap_or_default());
        }
        hex::encode(hasher.finalize())[..12].to_string()
    })
}
