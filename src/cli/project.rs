//! Where the project is: its root (the config's directory, else the repository around the
//! checked paths), the cache's directory, and the spelling of the output root.

use std::path::{Path, PathBuf};

use crate::config::LoadedConfig;

/// The project the checked paths belong to: the nearest config's directory, else the VCS
/// root above the first path. `None` when the paths are the project itself.
pub(super) fn project_root(loaded: &LoadedConfig, paths: &[PathBuf]) -> Option<PathBuf> {
    let first = paths.first()?;
    let start = std::fs::canonicalize(first).ok()?;
    let project = match loaded.root() {
        Some(r) => std::fs::canonicalize(r).ok()?,
        None => vcs_root(&start)?,
    };
    let covered = paths.len() == 1 && start == project;
    (!covered).then_some(project)
}

/// The nearest directory at or above `start` that holds a repository (`.git`, `.hg`, `.jj`,
/// `.svn`).
fn vcs_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| {
            [".git", ".hg", ".jj", ".svn"]
                .iter()
                .any(|v| d.join(v).exists())
        })
        .map(Path::to_path_buf)
}

/// `PRIVLINT_CACHE_DIR`, else `.privlint_cache` beside the config file, else at the root of
/// the repository around the scanned directory, else in the scanned directory: the same cache
/// (and the same one `privlint clean` removes) from any subdirectory of a project.
pub(super) fn cache_dir(loaded: &LoadedConfig, root: &Path) -> PathBuf {
    if let Some(d) = std::env::var_os("PRIVLINT_CACHE_DIR") {
        return PathBuf::from(d);
    }
    if let Some(r) = loaded.root() {
        return r.join(crate::cache::DIR_NAME);
    }
    std::fs::canonicalize(root)
        .ok()
        .and_then(|abs| vcs_root(&abs))
        .unwrap_or_else(|| root.to_path_buf())
        .join(crate::cache::DIR_NAME)
}

/// Discovery yields paths as given (`repo/src/a.py`); the root must be spelled the same way.
pub(super) fn normalise_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(".")
    } else {
        root.to_path_buf()
    }
}
