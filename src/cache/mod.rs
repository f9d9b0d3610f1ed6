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
//!
//! Beside the facts, each file's *stamp* (size, modification and change times, inode) maps its
//! path to its content key, as git's index does: an unchanged file is not read or hashed
//! again. A stamp is taken only of a file last modified well before it was read, so an edit
//! within the file system's timestamp granularity cannot hide behind an old stamp, and a
//! modification time set back by hand is caught by the change time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod key;

use crate::facts::FileFacts;

pub const DIR_NAME: &str = ".privlint_cache";

pub struct Cache {
    key: [u8; 32],
    file: PathBuf,
    dir: PathBuf,
    /// The cache file as read, and where each entry's encoded facts lie in it: an entry is
    /// decoded only when a file asks for it, on the worker that analyses that file.
    raw: Vec<u8>,
    old: Entries,
    /// Keys of `old` this run used, and facts extracted afresh: what `save` keeps.
    hits: Mutex<HashSet<String>>,
    fresh: Mutex<HashMap<String, FileFacts>>,
    old_stamps: HashMap<String, Stamp>,
    new_stamps: Mutex<HashMap<String, Stamp>>,
}

/// What a file looked like when its content had `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    /// Named on the command line: such a file is analysed even when it looks minified.
    explicit: bool,
    pub key: String,
    pub lines: usize,
}

impl Stamp {
    /// The stamp of a file read with metadata `meta`, or `None` when it changed too recently
    /// to be told apart from a later edit by its times.
    pub fn of(
        meta: &std::fs::Metadata,
        explicit: bool,
        key: String,
        lines: usize,
    ) -> Option<Stamp> {
        let (modified, changed, inode) = times(meta)?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs() as i64;
        // A later write moves the modification time past this one; resetting it (`touch -d`)
        // still moves the change time, which is compared too.
        if modified.0 >= now - 2 {
            return None;
        }
        Some(Stamp {
            len: meta.len(),
            modified,
            changed,
            inode,
            explicit,
            key,
            lines,
        })
    }

    fn matches(&self, meta: &std::fs::Metadata, explicit: bool) -> bool {
        times(meta).is_some_and(|(m, c, i)| {
            self.len == meta.len()
                && self.modified == m
                && self.changed == c
                && self.inode == i
                // Taken of a file analysed without being named, it holds named too (naming
                // it only skips the minified check); not the other way round.
                && (!self.explicit || explicit)
        })
    }
}

/// Modification time, change time (seconds, nanoseconds), inode.
type Times = ((i64, i64), (i64, i64), u64);

#[cfg(unix)]
fn times(meta: &std::fs::Metadata) -> Option<Times> {
    use std::os::unix::fs::MetadataExt;
    Some((
        (meta.mtime(), meta.mtime_nsec()),
        (meta.ctime(), meta.ctime_nsec()),
        meta.ino(),
    ))
}

/// Without a change time and an inode a stamp could miss an edit: no stamps.
#[cfg(not(unix))]
fn times(_: &std::fs::Metadata) -> Option<Times> {
    None
}

/// What a cache file holds.
#[derive(Default)]
pub struct Body {
    pub facts: HashMap<String, FileFacts>,
    pub stamps: HashMap<String, Stamp>,
}

/// A cache file's body as stored: each entry's facts encoded apart, so that a run decodes
/// only the entries it uses, in parallel.
#[derive(Default, Serialize, Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    facts: Vec<(&'a str, &'a [u8])>,
    stamps: HashMap<String, Stamp>,
}

fn encode_facts(f: &FileFacts) -> Vec<u8> {
    postcard::to_stdvec(f).expect("serialisable")
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

/// A cache file's body: a compact binary encoding (postcard), which loads several times faster
/// than the JSON it replaced; the warm run is mostly this load.
pub fn encode(body: &Body) -> Vec<u8> {
    let encoded: Vec<(&str, Vec<u8>)> = body
        .facts
        .iter()
        .map(|(k, f)| (k.as_str(), encode_facts(f)))
        .collect();
    store(
        encoded.iter().map(|(k, b)| (*k, b.as_slice())).collect(),
        body.stamps.clone(),
    )
}

fn store(facts: Vec<(&str, &[u8])>, stamps: HashMap<String, Stamp>) -> Vec<u8> {
    postcard::to_stdvec(&Stored { facts, stamps }).expect("serialisable")
}

/// The entries of a cache file's body, or `None` when it is not one.
pub fn decode(body: &[u8]) -> Option<Body> {
    let stored: Stored = postcard::from_bytes(body).ok()?;
    let mut facts = HashMap::new();
    for (k, b) in stored.facts {
        facts.insert(k.to_string(), postcard::from_bytes(b).ok()?);
    }
    Some(Body {
        facts,
        stamps: stored.stamps,
    })
}

/// Each entry's place in the cache file.
type Entries = HashMap<String, std::ops::Range<usize>>;

/// The body's entries as ranges of `raw` (which starts with the tag), and its stamps.
fn index(raw: &[u8], body: &[u8]) -> Option<(Entries, HashMap<String, Stamp>)> {
    let stored: Stored = postcard::from_bytes(body).ok()?;
    let base = raw.as_ptr() as usize;
    let entries = stored
        .facts
        .into_iter()
        .map(|(k, b)| {
            let start = b.as_ptr() as usize - base;
            (k.to_string(), start..start + b.len())
        })
        .collect();
    Some((entries, stored.stamps))
}

impl Cache {
    /// The cache under `dir`, or `None` where no per-user key can be kept (no home or cache
    /// directory): a cache that cannot be authenticated is not used at all.
    pub fn open(dir: &Path, settings_key: &str) -> Option<Cache> {
        let key = key::user_key()?;
        let file = dir
            .join(env!("CARGO_PKG_VERSION"))
            .join(format!("{settings_key}.bin"));
        let raw = std::fs::read(&file).unwrap_or_default();
        let (old, old_stamps) = key::verified(&key, &raw)
            .and_then(|body| index(&raw, body))
            .unwrap_or_default();
        Some(Cache {
            key,
            file,
            dir: dir.to_path_buf(),
            raw,
            old,
            hits: Mutex::new(HashSet::new()),
            fresh: Mutex::new(HashMap::new()),
            old_stamps,
            new_stamps: Mutex::new(HashMap::new()),
        })
    }

    /// The cached facts and line count of the file at `path` (absolute) if its metadata is
    /// what it was when they were extracted; the file is not read.
    pub fn unchanged(
        &self,
        path: &str,
        meta: &std::fs::Metadata,
        explicit: bool,
    ) -> Option<(FileFacts, usize)> {
        let stamp = self.old_stamps.get(path)?;
        if !stamp.matches(meta, explicit) {
            return None;
        }
        let facts = self.entry(&stamp.key)?;
        Some((facts, stamp.lines))
    }

    /// Remembers the stamp of a file analysed in full.
    pub fn stamp(&self, path: String, stamp: Stamp) {
        let general = Stamp {
            explicit: false,
            ..stamp.clone()
        };
        // The same file named on the command line keeps the stamp of a directory run (one
        // stamp flipping between the two rewrote the cache on every pre-commit run).
        if self.old_stamps.get(&path) != Some(&stamp)
            && self.old_stamps.get(&path) != Some(&general)
        {
            self.new_stamps
                .lock()
                .expect("not poisoned")
                .insert(path, stamp);
        }
    }

    /// The facts stored under `key`, marked used.
    fn entry(&self, key: &str) -> Option<FileFacts> {
        let range = self.old.get(key)?;
        let facts = postcard::from_bytes(&self.raw[range.clone()]).ok()?;
        self.hits
            .lock()
            .expect("not poisoned")
            .insert(key.to_string());
        Some(facts)
    }

    /// The facts cached for `key`, else `extract()`'s, remembered for `save`. A lexical
    /// tier's entry (names only) is taken only where `lexical_ok`; else the file is parsed and
    /// its full facts replace it.
    pub fn get_or_insert_with(
        &self,
        key: String,
        lexical_ok: bool,
        extract: impl FnOnce() -> FileFacts,
    ) -> FileFacts {
        if let Some(f) = self
            .entry(&key)
            .filter(|f| lexical_ok || f.lexical.is_none())
        {
            return f;
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
        let keep = self.fresh.into_inner().expect("not poisoned");
        let new_stamps = self.new_stamps.into_inner().expect("not poisoned");
        // A run that learnt nothing rewrites nothing (a one-file run once dropped the rest of
        // a project's entries here).
        if keep.is_empty() && new_stamps.is_empty() {
            return Ok(());
        }
        let used = hits.len() + keep.len();
        let keep_unused = self.old.len() <= 2 * used + 1000;
        let fresh: Vec<(String, Vec<u8>)> = keep
            .iter()
            .map(|(k, f)| (k.clone(), encode_facts(f)))
            .collect();
        let mut entries: Vec<(&str, &[u8])> = fresh
            .iter()
            .map(|(k, b)| (k.as_str(), b.as_slice()))
            .collect();
        for (k, range) in &self.old {
            if (keep_unused || hits.contains(k)) && !keep.contains_key(k) {
                entries.push((k.as_str(), &self.raw[range.clone()]));
            }
        }
        // Same entries, same bytes: the order does not hang on a hash map's.
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let kept: HashSet<&str> = entries.iter().map(|(k, _)| *k).collect();
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
        let mut stamps: HashMap<String, Stamp> = self
            .old_stamps
            .into_iter()
            .filter(|(p, s)| kept.contains(s.key.as_str()) && !new_stamps.contains_key(p))
            .collect();
        stamps.extend(new_stamps);
        let body = store(entries, stamps);
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
