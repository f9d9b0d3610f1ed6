//! `--diff-base REV`: report only the findings introduced since the merge base with REV.
//! Shells out to `git`. A finding is old when its file is unchanged since the merge base, or
//! when the file's version at the merge base has a finding with the same fingerprint; line
//! numbers never decide.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::engine::{self, Outcome, Settings};
use crate::git::{git, git_text, split_z};

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

/// Removes from `o` every finding that already existed at the merge base.
pub fn keep_introduced(o: &mut Outcome, base: &Base, settings: &Settings) -> Result<(), String> {
    let (top, base) = (&base.top, &base.commit);
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
            base,
            "--",
        ],
    )?);
    changed.extend(split(git(
        top,
        &["ls-files", "--others", "--exclude-standard", "-z", "--"],
    )?));
    let root = std::fs::canonicalize(&settings.root).unwrap_or_else(|_| settings.root.clone());
    let mut base_findings: std::collections::HashMap<String, HashSet<(String, String)>> =
        Default::default();
    let mut kept = Vec::new();
    for f in std::mem::take(&mut o.findings) {
        let abs = root.join(&f.path);
        let Ok(in_repo) = abs.strip_prefix(top) else {
            kept.push(f);
            continue;
        };
        let git_path = in_repo.to_string_lossy().replace('\\', "/");
        if !changed.contains(&git_path) {
            continue;
        }
        let old = base_findings.entry(git_path.clone()).or_insert_with(|| {
            match git(
                top,
                &["show", "--no-textconv", &format!("{base}:{git_path}")],
            ) {
                Ok(bytes) => {
                    let content = String::from_utf8_lossy(&bytes);
                    engine::analyze_content(&abs, &f.path, &content, settings)
                        .into_iter()
                        .map(|g| (g.rule.to_string(), g.fingerprint))
                        .collect()
                }
                Err(_) => HashSet::new(),
            }
        });
        if !old.contains(&(f.rule.to_string(), f.fingerprint.clone())) {
            kept.push(f);
        }
    }
    o.findings = kept;
    Ok(())
}
