//! Per-file facts cached between runs (`.privlint_cache/`), keyed by the file's content and
//! extension, in a file per privlint build and extraction settings. Rules always run again on
//! the facts, so a cached run reports exactly what a cold one does. Writes are atomic; a
//! corrupt or foreign cache file is ignored and rebuilt, never trusted.
//!
//! The cache lives in the scanned tree, which is untrusted: a repository could ship a cache
//! whose facts lack its leaks. So each cache file carries an HMAC-SHA-256 tag under a key
//! kept in the user's cache directory (`cache-key`, created on first use, readable by the
//! user only); a file whose tag does not verify is ignored and rebuilt. Nothing is written
//! through a symbolic link: a `.privlint_cache` (or a file in it) that is a link is refused.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

pub mod key;

use crate::facts::FileFacts;

pub const DIR_NAME: &str = ".privlint_cache";

pub struct Cache {
    key: [u8; 32],
    file: PathBuf,
    dir: PathBuf,
    old: HashMap<String, FileFacts>,
    /// Keys of `old` this run used, and facts extracted afresh: what `save` keeps.
    hits: Mutex<HashSet<String>>,
    fresh: Mutex<HashMap<String, FileFacts>>,
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Content key: extension (it selects the grammar) and bytes.
pub fn key(path: &Path, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(
        path.extension()
            .map(|e| e.as_encoded_bytes())
            .unwrap_or_default(),
    );
    h.update([0]);
    h.update(content.as_bytes());
    hex(&h.finalize()[..16])
}

/// What makes facts from the same content differ: privlint's build and the extraction settings.
pub fn settings_key(extraction_settings: &str) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    // A rebuilt binary (a development build keeps its version) must not trust old facts.
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h.update(meta.len().to_le_bytes());
        if let Ok(t) = meta.modified().and_then(|t| {
            t.duration_since(std::time::UNIX_EPOCH)
                .map_err(std::io::Error::other)
        }) {
            h.update(t.as_nanos().to_le_bytes());
        }
    }
    h.update(extraction_settings.as_bytes());
    hex(&h.finalize()[..12])
}

impl Cache {
    /// The cache under `dir`, or `None` where no per-user key can be kept (no home or cache
    /// directory): a cache that cannot be authenticated is not used at all.
    pub fn open(dir: &Path, settings_key: &str) -> Option<Cache> {
        let key = key::user_key()?;
        let file = dir
            .join(env!("CARGO_PKG_VERSION"))
            .join(format!("{settings_key}.json"));
        let old = std::fs::read(&file)
            .ok()
            .and_then(|b| key::verified(&key, &b).map(<[u8]>::to_vec))
            .and_then(|b| serde_json::from_slice::<HashMap<String, FileFacts>>(&b).ok())
            .unwrap_or_default();
        Some(Cache {
            key,
            file,
            dir: dir.to_path_buf(),
            old,
            hits: Mutex::new(HashSet::new()),
            fresh: Mutex::new(HashMap::new()),
        })
    }

    /// The facts cached for `key`, else `extract()`'s, remembered for `save`.
    pub fn get_or_insert_with(
        &self,
        key: String,
        extract: impl FnOnce() -> FileFacts,
    ) -> FileFacts {
        if let Some(f) = self.old.get(&key) {
            self.hits.lock().expect("not poisoned").insert(key);
            return f.clone();
        }
        let f = extract();
        // Facts cut short by the time budget are not the file's facts.
        if crate::budget::was_exhausted() {
            return f;
        }
        self.fresh
            .lock()
            .expect("not poisoned")
            .insert(key, f.clone());
        f
    }

    /// Writes this run's entries (and older ones, while they are not the bulk of the file).
    pub fn save(self) -> std::io::Result<()> {
        let hits = self.hits.into_inner().expect("not poisoned");
        let mut keep = self.fresh.into_inner().expect("not poisoned");
        if keep.is_empty() && hits.len() == self.old.len() {
            return Ok(());
        }
        let used = hits.len() + keep.len();
        let keep_unused = self.old.len() <= 2 * used + 1000;
        for (k, v) in self.old {
            if keep_unused || hits.contains(&k) {
                keep.entry(k).or_insert(v);
            }
        }
        let version_dir = self.file.parent().expect("has a parent");
        for d in [&self.dir, version_dir] {
            refuse_link(d)?;
            std::fs::create_dir_all(d)?;
        }
        let tag = self.dir.join("CACHEDIR.TAG");
        if std::fs::symlink_metadata(&tag).is_err() {
            write_new(
                &tag,
                b"Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by privlint.\n",
            )?;
            write_new(&self.dir.join(".gitignore"), b"# Created by privlint.\n*\n")?;
        }
        refuse_link(&self.file)?;
        let tmp = self
            .file
            .with_extension(format!("tmp{}", std::process::id()));
        let body = serde_json::to_vec(&keep).expect("serialisable");
        write_new(&tmp, &key::sealed(&self.key, &body))?;
        // `rename` replaces a directory entry; it never writes through a link at `file`.
        std::fs::rename(&tmp, &self.file)
    }
}

/// An error if `p` is a symbolic link (a cache pointed elsewhere by the scanned repository).
fn refuse_link(p: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "{} is a symbolic link; privlint does not write through it",
            p.display()
        ))),
        _ => Ok(()),
    }
}

/// Writes a file that must not exist yet: an existing entry (a link planted in the scanned
/// tree among them) is removed first, never followed.
fn write_new(p: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if std::fs::symlink_metadata(p).is_ok() {
        std::fs::remove_file(p)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(p)?;
    f.write_all(bytes)
}
