//! `privlint scan`: many repositories, each checked as its own project, split into shards
//! that any batch system can run (`--shard K/N`), then combined by `privlint merge`. No
//! scheduler of our own: a shard is a deterministic subset chosen by consistent hashing of
//! the repository id with bounded loads, so shards are even, adding a repository moves few
//! others and changing N moves about 1/N of them.

pub mod merge;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One line of the repository list: a local path, or a git URL with an optional `@rev`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoSpec {
    /// As written: the repository's id in every report.
    pub id: String,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Local(PathBuf),
    Git { url: String, rev: Option<String> },
}

impl RepoSpec {
    pub fn parse(line: &str) -> Option<RepoSpec> {
        let id = line.trim();
        if id.is_empty() || id.starts_with('#') {
            return None;
        }
        let remote = id.contains("://") || id.starts_with("git@");
        let source = if remote {
            // `@rev` after the last path separator (`git@host:org/repo.git@v2`).
            let last_sep = id.rfind(['/', ':']).unwrap_or(0);
            match id.rfind('@').filter(|&at| at > last_sep) {
                Some(at) => Source::Git {
                    url: id[..at].to_string(),
                    rev: Some(id[at + 1..].to_string()).filter(|r| !r.is_empty()),
                },
                None => Source::Git {
                    url: id.to_string(),
                    rev: None,
                },
            }
        } else {
            Source::Local(PathBuf::from(id))
        };
        Some(RepoSpec {
            id: id.to_string(),
            source,
        })
    }
}

/// Every git repository under `dir` (a directory holding `.git`), not descending into one.
pub fn repos_under(dir: &Path) -> Vec<RepoSpec> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if d.join(".git").exists() {
            out.push(RepoSpec {
                id: d.to_string_lossy().into_owned(),
                source: Source::Local(d),
            });
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// MurmurHash3's 64-bit finaliser: FNV alone barely mixes its last bytes, and the shard
/// number is the last byte hashed.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Each repository's shard (0-based, of `total`), in the order of `ids`: consistent hashing
/// with bounded loads. Repositories, taken in the order of their own hash, go to the shard
/// that ranks highest for them (rendezvous hashing) among those not yet full, a shard holding
/// at most an even share, rounded up. So no shard is the slow one, every machine computes the
/// same split from the same list, and adding a repository moves few others. Fixed hash functions:
/// every privlint build agrees.
pub fn shards(ids: &[&str], total: usize) -> Vec<usize> {
    let total = total.max(1);
    let cap = ids.len().div_ceil(total).max(1);
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&i| (mix(fnv(ids[i].as_bytes())), ids[i]));
    let mut load = vec![0usize; total];
    let mut out = vec![0; ids.len()];
    for i in order {
        let mut prefs: Vec<usize> = (0..total).collect();
        prefs.sort_by_key(|k| std::cmp::Reverse(mix(fnv(format!("{}\0{k}", ids[i]).as_bytes()))));
        let k = prefs.into_iter().find(|&k| load[k] < cap).unwrap_or(0);
        load[k] += 1;
        out[i] = k;
    }
    out
}

/// How to scan each repository.
pub struct ScanOptions {
    pub work_dir: PathBuf,
    pub clone_timeout: Duration,
    /// A clone larger than this is not scanned.
    pub max_repo_bytes: u64,
    pub threads: Option<usize>,
    /// Also write each repository's data map (HTML) here.
    pub maps: Option<PathBuf>,
}

/// One repository's result, as the shard file records it.
pub fn scan_one(spec: &RepoSpec, opts: &ScanOptions) -> Value {
    let started = Instant::now();
    // A bug that escapes the per-file containment loses this repository, not the shard.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        checkout(spec, opts).and_then(|dir| check(spec, &dir, opts))
    }))
    .unwrap_or_else(|p| {
        Err(format!(
            "internal error: privlint panicked ({}); please report it",
            crate::engine::panic_message(p.as_ref())
        ))
    });
    let mut v = match result {
        Ok(report) => report,
        Err(e) => json!({"status": "failed", "error": e}),
    };
    v["id"] = json!(spec.id);
    v["elapsed_ms"] = json!(started.elapsed().as_millis() as u64);
    v
}

/// The directory to scan: a local path as it is, a URL cloned shallow into the work directory.
fn checkout(spec: &RepoSpec, opts: &ScanOptions) -> Result<PathBuf, String> {
    match &spec.source {
        Source::Local(p) if p.is_dir() => Ok(p.clone()),
        Source::Local(p) => Err(format!("{}: not a directory", p.display())),
        Source::Git { url, rev } => {
            let dest = opts.work_dir.join(slug(&spec.id));
            if dest.exists() {
                std::fs::remove_dir_all(&dest).map_err(|e| format!("{}: {e}", dest.display()))?;
            }
            std::fs::create_dir_all(&opts.work_dir).map_err(|e| e.to_string())?;
            crate::git::clone(url, rev.as_deref(), &dest, opts.clone_timeout)?;
            let size = dir_size(&dest);
            if size > opts.max_repo_bytes {
                let _ = std::fs::remove_dir_all(&dest);
                return Err(format!(
                    "clone is {} MiB, over the {} MiB limit (--max-repo-size)",
                    size >> 20,
                    opts.max_repo_bytes >> 20
                ));
            }
            Ok(dest)
        }
    }
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => total += e.metadata().map_or(0, |m| m.len()),
                _ => {}
            }
        }
    }
    total
}

/// `privlint check` of one repository as its own project (its own config), as the JSON
/// report's parts, and its map where asked for.
fn check(spec: &RepoSpec, dir: &Path, opts: &ScanOptions) -> Result<Value, String> {
    let mut argv: Vec<std::ffi::OsString> = vec![
        "privlint".into(),
        "check".into(),
        "--quiet".into(),
        "--no-cache".into(),
    ];
    if let Some(j) = opts.threads {
        argv.push("-j".into());
        argv.push(j.to_string().into());
    }
    argv.push(dir.as_os_str().to_owned());
    let (mut outcome, settings) = crate::cli::run_check_for(argv, opts.maps.is_some())?;
    let map = opts.maps.as_deref().and_then(|maps| {
        let name = spec.id.rsplit(['/', ':']).next().unwrap_or(&spec.id);
        let inv = crate::map::build(
            name,
            &mut outcome,
            &settings.classifier,
            &settings.repo_config,
        );
        let file = format!("{}.html", slug(&spec.id));
        std::fs::create_dir_all(maps).ok()?;
        std::fs::write(maps.join(&file), crate::map::html::render(&inv, None)).ok()?;
        Some(file)
    });
    let report: Value =
        serde_json::from_str(&crate::report::json::render(&outcome)).map_err(|e| e.to_string())?;
    let mut types: std::collections::BTreeMap<String, usize> = Default::default();
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        for t in d["data_types"].as_array().into_iter().flatten() {
            if let Some(id) = t["id"].as_str() {
                *types.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    Ok(json!({
        "status": "scanned",
        "diagnostics": report["diagnostics"],
        "errors": report["errors"],
        "files": {"scanned": report["files"]["scanned"], "skipped": report["files"]["skipped"].as_array().map_or(0, Vec::len)},
        "summary": report["summary"],
        "data_types": types,
        "map": map,
    }))
}

/// A file-name-safe form of a repository id, unique by its hash.
fn slug(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('_');
    let tail = s.char_indices().rev().nth(59).map_or(0, |(i, _)| i);
    format!("{}-{:08x}", &s[tail..], fnv(id.as_bytes()) as u32)
}

/// The process's peak resident memory in KiB (Linux), for the shard's record.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_split_url_and_revision() {
        let s = RepoSpec::parse("https://example.com/org/app.git@v1.2").unwrap();
        assert_eq!(
            s.source,
            Source::Git {
                url: "https://example.com/org/app.git".into(),
                rev: Some("v1.2".into())
            }
        );
        let s = RepoSpec::parse("git@example.com:org/app.git").unwrap();
        assert!(matches!(s.source, Source::Git { rev: None, .. }));
        assert!(RepoSpec::parse("# comment").is_none());
        assert!(matches!(
            RepoSpec::parse("../local/repo").unwrap().source,
            Source::Local(_)
        ));
    }

    #[test]
    fn shards_are_balanced_and_stable() {
        let names: Vec<String> = (0..3000).map(|i| format!("repo-{i}")).collect();
        let ids: Vec<&str> = names.iter().map(String::as_str).collect();
        let four = shards(&ids, 4);
        let mut counts = [0usize; 4];
        for &k in &four {
            counts[k] += 1;
        }
        assert!(counts.iter().all(|&c| c == 750), "{counts:?}");
        // 50 names alike (`mailman-01` …): no shard over a quarter, rounded up.
        let alike: Vec<String> = (1..=50)
            .map(|i| format!("/tmp/org/mailman-{i:02}"))
            .collect();
        let alike: Vec<&str> = alike.iter().map(String::as_str).collect();
        let mut small = [0usize; 4];
        for k in shards(&alike, 4) {
            small[k] += 1;
        }
        assert!(small.iter().all(|&c| c <= 13), "{small:?}");
        // Another shard count moves about a fifth of the repositories, not all of them.
        let five = shards(&ids, 5);
        let moved = (0..ids.len()).filter(|&i| four[i] != five[i]).count();
        assert!(moved < ids.len() * 2 / 5, "{moved}");
        // One more repository moves few others.
        let mut more = ids.clone();
        more.push("repo-new");
        let after = shards(&more, 4);
        let moved = (0..ids.len()).filter(|&i| four[i] != after[i]).count();
        assert!(moved <= 30, "{moved}");
    }
}
