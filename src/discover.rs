//! Which files to analyse: the `ignore` walker (honours .gitignore and .ignore), vendored and
//! generated trees skipped by default, the config's `exclude` globs (gitignore syntax,
//! anchored at the config's directory), language by extension. Files named on the command
//! line are always analysed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::facts::Language;
use crate::lang;

/// Directory names never worth scanning: dependencies, build output, virtualenvs, caches.
pub const VENDORED_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    "target",
    ".venv",
    "venv",
    "env.d",
    "site-packages",
    "dist-packages",
    "dist",
    "__pycache__",
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".privlint_cache",
    ".next",
    ".nuxt",
    ".yarn",
    ".pnpm-store",
    ".cargo",
];

#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub language: Language,
    /// Named on the command line: analysed even if excluded.
    pub explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// Paths that could not be read at all (missing, permission denied).
    pub errors: Vec<(PathBuf, String)>,
}

pub struct Options<'a> {
    pub excludes: &'a [String],
    pub exclude_root: &'a Path,
    pub respect_gitignore: bool,
    /// Apply excludes to files named on the command line too (pre-commit passes every file).
    pub force_exclude: bool,
}

pub fn discover(paths: &[PathBuf], opts: &Options) -> Discovery {
    let mut out = Discovery::default();
    let excludes = build_excludes(opts.excludes, opts.exclude_root);
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push((p.clone(), io_reason(&e)));
                continue;
            }
        };
        // A FIFO, socket or device named on the command line is an error: never opened (a
        // FIFO would block), and the user asked for it by name.
        if !meta.is_file() && !meta.is_dir() {
            out.errors.push((
                p.clone(),
                "not a regular file (FIFO, socket or device); not opened".into(),
            ));
            continue;
        }
        if meta.is_file() {
            if opts.force_exclude {
                if let Some(reason) = forced_out(p, &excludes, opts.exclude_root) {
                    out.skipped.push(Skipped {
                        path: p.clone(),
                        reason,
                    });
                    continue;
                }
            }
            match lang::detect(p) {
                Some(language) => out.files.push(Candidate {
                    path: p.clone(),
                    language,
                    explicit: true,
                }),
                None => out.skipped.push(Skipped {
                    path: p.clone(),
                    reason: "not a supported language (Python, JavaScript, TypeScript, Rust)"
                        .into(),
                }),
            }
            continue;
        }
        walk_dir(p, opts, &excludes, &mut out);
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out.files.dedup_by(|a, b| a.path == b.path);
    out.skipped.sort();
    out.skipped.dedup();
    out.errors.sort();
    out
}

fn walk_dir(root: &Path, opts: &Options, excludes: &Gitignore, out: &mut Discovery) {
    let skipped = Arc::new(Mutex::new(Vec::new()));
    let excludes = excludes.clone();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(opts.respect_gitignore)
        .git_global(false)
        .git_exclude(opts.respect_gitignore)
        .ignore(opts.respect_gitignore)
        .parents(opts.respect_gitignore)
        .require_git(false)
        .filter_entry({
            let skipped = Arc::clone(&skipped);
            move |e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                if e.depth() == 0 {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                // privlint's own cache: not the user's code, not worth a line in the report.
                if is_dir && name == crate::cache::DIR_NAME {
                    return false;
                }
                if is_dir && VENDORED_DIRS.contains(&name.as_ref()) {
                    skipped.lock().expect("not poisoned").push(Skipped {
                        path: e.path().to_path_buf(),
                        reason: "vendored or generated directory".into(),
                    });
                    return false;
                }
                if excludes.matched(e.path(), is_dir).is_ignore() {
                    skipped.lock().expect("not poisoned").push(Skipped {
                        path: e.path().to_path_buf(),
                        reason: "excluded by config".into(),
                    });
                    return false;
                }
                true
            }
        })
        .build_parallel();
    // Walked on several threads (a project's directories are many small reads); the order is
    // irrelevant, everything is sorted after.
    let results: Mutex<Vec<Result<ignore::DirEntry, ignore::Error>>> = Mutex::new(Vec::new());
    walker.run(|| {
        let results = &results;
        Box::new(move |r| {
            results.lock().expect("not poisoned").push(r);
            ignore::WalkState::Continue
        })
    });
    let mut entries = Vec::new();
    for r in results.into_inner().expect("not poisoned") {
        match r {
            Ok(e) => entries.push(e),
            Err(err) => {
                let path = err_path(&err).unwrap_or_else(|| root.to_path_buf());
                out.errors.push((
                    path,
                    format!("cannot read: {}", strip_path(&err.to_string())),
                ));
            }
        }
    }
    for e in entries {
        let Some(t) = e.file_type() else { continue };
        if !t.is_file() {
            // Never silent: a link is not followed (it may loop or leave the root), and a
            // FIFO, socket or device is never opened (a FIFO would block the scan).
            let reason = if t.is_symlink() {
                Some("symbolic link, not followed")
            } else if !t.is_dir() {
                Some("not a regular file (FIFO, socket or device)")
            } else {
                None
            };
            if let Some(reason) = reason {
                out.skipped.push(Skipped {
                    path: e.into_path(),
                    reason: reason.into(),
                });
            }
            continue;
        }
        let path = e.into_path();
        if let Some(language) = lang::detect(&path) {
            if is_declaration_file(&path) {
                out.skipped.push(Skipped {
                    path,
                    reason: DECLARATIONS.into(),
                });
                continue;
            }
            out.files.push(Candidate {
                path,
                language,
                explicit: false,
            });
        }
    }
    out.skipped
        .extend(std::mem::take(&mut *skipped.lock().expect("not poisoned")));
    if opts.respect_gitignore && crate::git::in_work_tree(root) {
        tracked_but_ignored(root, out);
    }
}

/// Files git tracks that an ignore file keeps out of the walk: a change that adds `*.py` to a
/// `.gitignore` must not hide the code it changes. Each is reported with the rule that
/// excludes it; files under a directory privlint skips itself are already reported by it.
fn tracked_but_ignored(root: &Path, out: &mut Discovery) {
    use std::collections::HashSet;
    let Ok(listed) = crate::git::git(root, &["ls-files", "-z", "--cached", "--", "."]) else {
        return;
    };
    let walked: HashSet<&Path> = out.files.iter().map(|c| c.path.as_path()).collect();
    let passed_over: Vec<&Path> = out.skipped.iter().map(|s| s.path.as_path()).collect();
    let missing: Vec<String> = crate::git::split_z(&listed)
        .filter(|rel| {
            let p = root.join(rel);
            lang::detect(&p).is_some()
                && !walked.contains(p.as_path())
                && !passed_over.iter().any(|s| p.starts_with(s))
                && !is_declaration_file(&p)
                && std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file())
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    // `check-ignore -v` names the file, line and pattern; `--no-index` asks about the rules
    // alone, since the index would say "tracked, so not ignored".
    let mut rules = std::collections::HashMap::new();
    let mut input = Vec::new();
    for m in &missing {
        input.extend_from_slice(m.as_bytes());
        input.push(0);
    }
    let args = ["check-ignore", "-v", "-z", "--no-index", "--stdin"];
    // Exit 1 with nothing on standard error: no path is ignored.
    if let Ok(o) = crate::git::git_with_input(root, &args, Some(&input))
        .or_else(|e| e.is_empty().then(Vec::new).ok_or(e))
    {
        let f: Vec<String> = crate::git::split_z(&o).collect();
        for r in f.chunks_exact(4) {
            rules.insert(r[3].clone(), format!("{}:{} (`{}`)", r[0], r[1], r[2]));
        }
    }
    for rel in missing {
        let rule = rules
            .remove(&rel)
            .unwrap_or_else(|| "an ignore file (`.ignore` or `.git/info/exclude`)".into());
        out.skipped.push(Skipped {
            path: root.join(&rel),
            reason: format!("{TRACKED_IGNORED} by {rule}"),
        });
    }
}

/// The start of the reason given for a tracked file an ignore rule excludes.
pub const TRACKED_IGNORED: &str = "tracked by git but excluded";

/// Why an explicitly named file is excluded under `--force-exclude`, if it is.
fn forced_out(p: &Path, excludes: &Gitignore, root: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(p).ok()?;
    if abs
        .components()
        .any(|c| VENDORED_DIRS.contains(&c.as_os_str().to_string_lossy().as_ref()))
    {
        return Some("vendored or generated directory".into());
    }
    let root = std::fs::canonicalize(root).ok()?;
    (abs.starts_with(&root)
        && excludes
            .matched_path_or_any_parents(&abs, false)
            .is_ignore())
    .then(|| "excluded by config".into())
}

pub const DECLARATIONS: &str = "type declarations only (.d.ts): no code runs here";

/// `.d.ts`, `.d.mts`, `.d.cts`: TypeScript declarations, types without runtime code.
fn is_declaration_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".d.ts") || n.ends_with(".d.mts") || n.ends_with(".d.cts"))
}

fn build_excludes(patterns: &[String], root: &Path) -> Gitignore {
    let mut b = GitignoreBuilder::new(root);
    for p in patterns {
        // Validated with the config; a bad glob here is ignored rather than fatal.
        let _ = b.add_line(None, p);
    }
    b.build().unwrap_or_else(|_| Gitignore::empty())
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        _ => None,
    }
}

fn strip_path(msg: &str) -> String {
    msg.rsplit(": ").next().unwrap_or(msg).to_string()
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
