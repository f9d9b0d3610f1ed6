//! Per-file facts cached between runs (`.privlint_cache/`), keyed by the file's content and
//! extension, in a file per privlint build and extraction settings. Rules always run again on
//! the facts, so a cached run reports exactly what a cold one does. Writes are atomic; a
//! corrupt or foreign cache file is ignored and rebuilt, never trusted.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::facts::FileFacts;

pub const DIR_NAME: &str = ".privlint_cache";

pub struct Cache {
    file: PathBuf,
    dir: PathBuf,
    old: HashMap<String, FileFacts>,
    /// Keys of `old` this run used, and facts extracted afresh: what `save` keeps.
    hits: Mutex<HashSet<String>>,
    fresh: Mutex<HashMap<String, FileFacts>>,
}

fn hex(bytes: &[u8]) -> String {
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
    pub fn open(dir: &Path, settings_key: &str) -> Cache {
        let file = dir
            .join(env!("CARGO_PKG_VERSION"))
            .join(format!("{settings_key}.json"));
        let old = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice::<HashMap<String, FileFacts>>(&b).ok())
            .unwrap_or_default();
        Cache {
            file,
            dir: dir.to_path_buf(),
            old,
            hits: Mutex::new(HashSet::new()),
            fresh: Mutex::new(HashMap::new()),
        }
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
        std::fs::create_dir_all(self.file.parent().expect("has a parent"))?;
        let tag = self.dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(
                &tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by privlint.\n",
            )?;
            std::fs::write(self.dir.join(".gitignore"), "# Created by privlint.\n*\n")?;
        }
        let tmp = self
            .file
            .with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec(&keep).expect("serialisable"))?;
        std::fs::rename(&tmp, &self.file)
    }
}
