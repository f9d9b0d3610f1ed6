//! `--diff-base REV`: report only the findings introduced since the merge base with REV.
//! Shells out to `git`. A finding is old when its file is unchanged since the merge base, or
//! when the file's version at the merge base has a finding with the same fingerprint; line
//! numbers never decide.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::engine::{self, Outcome, Settings};
use crate::git::{git, git_text, git_with_input, split_z};

fn shallow_hint(dir: &Path, rev: &str) -> Option<String> {
    let shallow = git_text(dir, &["rev-parse", "--is-shallow-repository"]).ok()? == "true";
    shallow.then(|| {
        format!(
            "the merge base with `{rev}` is not in this shallow clone. Fetch the history first: \
             `git fetch --unshallow` (or `git fetch --deepen=200 origin {rev}`); in GitHub Actions, \
             `actions/checkout` with `fetch-depth: 0`"
        )
    })
}

/// The merge base of HEAD and `rev`, or an error that says how to fix a shallow clone.
fn merge_base(dir: &Path, rev: &str) -> Result<String, String> {
    // A revision is never an option (`--output=…`).
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    let commit = format!("{rev}^{{commit}}");
    if git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &commit,
        ],
    )
    .is_err()
    {
        return Err(shallow_hint(dir, rev)
            .unwrap_or_else(|| format!("`{rev}` is not a revision of this repository")));
    }
    git_text(dir, &["merge-base", "--end-of-options", "HEAD", rev]).map_err(|e| {
        shallow_hint(dir, rev)
            .unwrap_or_else(|| format!("no merge base between HEAD and `{rev}`: {e}"))
    })
}

/// Where `--diff-base` compares from: the repository and the merge base with the revision.
pub struct Base {
    top: PathBuf,
    commit: String,
}

impl Base {
    /// Resolved before the scan, so a shallow clone fails fast with the fix.
    pub fn resolve(rev: &str) -> Result<Base, String> {
        let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
        let top = PathBuf::from(
            git_text(&cwd, &["rev-parse", "--show-toplevel"])
                .map_err(|e| format!("--diff-base needs a git repository: {e}"))?,
        );
        let top = std::fs::canonicalize(&top).unwrap_or(top);
        let commit = merge_base(&top, rev)?;
        Ok(Base { top, commit })
    }
}

/// Removes from `o` every finding that already existed at the merge base: the project as it
/// was there (from git objects, no checkout) goes through every rule, the repository rules
/// included, and a finding is old when the base has one of the same rule and fingerprint.
/// Fingerprints hold no line numbers, so edits that only move code raise nothing.
pub fn keep_introduced(
    o: &mut Outcome,
    base: &Base,
    settings: &Settings,
    paths: &[PathBuf],
) -> Result<(), String> {
    let (top, commit) = (&base.top, &base.commit);
    let changed = changed_since(top, commit)?;
    if changed.is_empty() {
        // The tree is the base: every finding existed there.
        o.findings.clear();
        return Ok(());
    }
    let root = std::fs::canonicalize(&settings.root).unwrap_or_else(|_| settings.root.clone());
    let files = base_files(top, commit, &root, settings, paths)?;
    let old = engine::run_tree(files, settings);
    let known: HashSet<(&str, &str)> = old
        .findings
        .iter()
        .chain(&old.suppressed_findings)
        .map(|f| (f.rule, f.fingerprint.as_str()))
        .collect();
    o.findings.retain(|f| {
        let in_repo = root.join(&f.path).starts_with(top);
        !in_repo || !known.contains(&(f.rule, f.fingerprint.as_str()))
    });
    Ok(())
}

/// Paths (from the top, `/`-separated) that differ from the merge base, untracked ones
/// included.
fn changed_since(top: &Path, commit: &str) -> Result<HashSet<String>, String> {
    let split = |b: Vec<u8>| -> HashSet<String> { split_z(&b).collect() };
    let mut changed = split(git(
        top,
        &[
            "diff",
            "--name-only",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "-z",
            commit,
            "--",
        ],
    )?);
    changed.extend(split(git(
        top,
        &["ls-files", "--others", "--exclude-standard", "-z", "--"],
    )?));
    Ok(changed)
}

/// The files of the base revision that a scan of it would analyse: those at paths this scan
/// analyses, and those deleted since (their deletions and reads counted then) inside the
/// project. Read with one `git cat-file --batch`.
fn base_files(
    top: &Path,
    commit: &str,
    root: &Path,
    settings: &Settings,
    paths: &[PathBuf],
) -> Result<Vec<engine::TreeFile>, String> {
    let analysed: HashSet<PathBuf> = engine::analysed_files(paths, settings)
        .into_iter()
        .collect();
    let targets: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let project = settings
        .project_root
        .as_deref()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .unwrap_or_else(|| root.to_path_buf());
    let listing = git(top, &["ls-tree", "-r", "-z", "--full-tree", commit])?;
    let mut wanted: Vec<(String, PathBuf)> = Vec::new();
    for entry in split_z(&listing) {
        // `<mode> SP <type> SP <object> TAB <path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some("blob"), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        if mode == "120000" {
            continue;
        }
        let abs = top.join(path);
        let deleted = std::fs::symlink_metadata(&abs).is_err() && abs.starts_with(&project);
        if crate::lang::detect(&abs).is_some() && (analysed.contains(&abs) || deleted) {
            wanted.push((oid.to_string(), abs));
        }
    }
    let input: String = wanted.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    let out = git_with_input(top, &["cat-file", "--batch"], Some(input.as_bytes()))?;
    let mut files = Vec::new();
    let mut rest = &out[..];
    for (_, abs) in wanted {
        // `<oid> <type> <size>\n<content>\n`, or `<oid> missing\n`.
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        let Some(size) = header
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|_| !header.ends_with(" missing"))
        else {
            continue;
        };
        let size = size.min(rest.len());
        let content = &rest[..size];
        rest = rest.get(size + 1..).unwrap_or_default();
        if size as u64 > settings.max_file_size || content[..size.min(8192)].contains(&0) {
            continue;
        }
        let Ok(content) = String::from_utf8(content.to_vec()) else {
            continue;
        };
        let rel = match abs.strip_prefix(root) {
            Ok(r) => r.to_string_lossy().replace('\\', "/"),
            Err(_) => abs.to_string_lossy().replace('\\', "/"),
        };
        let target = targets.iter().any(|t| abs.starts_with(t));
        files.push(engine::TreeFile {
            path: abs,
            rel,
            content,
            target,
        });
    }
    Ok(files)
}
