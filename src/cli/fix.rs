//! `privlint check --fix`: applies the edits that reported findings carry, file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::engine::{Finding, Outcome};

/// Applies every reported finding's fix; (findings fixed, files changed). A file that changed
/// since it was scanned, or that cannot be written, is left alone with a warning.
pub fn apply(outcome: &Outcome, root: &Path) -> (usize, usize) {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in outcome.findings.iter().filter(|f| f.fix.is_some()) {
        by_file.entry(f.path.as_str()).or_default().push(f);
    }
    let (mut fixed, mut files) = (0, 0);
    for (rel, findings) in by_file {
        let path = if Path::new(rel).is_absolute() {
            PathBuf::from(rel)
        } else {
            root.join(rel)
        };
        let Some(scanned) = outcome
            .sources
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, s)| s)
        else {
            continue;
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) if t == **scanned => t,
            Ok(_) => {
                eprintln!("warning: {rel} changed while it was checked; not fixed");
                continue;
            }
            Err(e) => {
                eprintln!("warning: {rel}: cannot read it to fix it: {e}");
                continue;
            }
        };
        let (new, n) = edited(&text, &findings);
        if n == 0 {
            continue;
        }
        match write_replacing(&path, &new) {
            Ok(()) => {
                fixed += n;
                files += 1;
            }
            Err(e) => eprintln!("warning: {rel}: cannot write the fixes: {e}"),
        }
    }
    (fixed, files)
}

/// The text with the findings' edits applied, last first; an edit overlapping one already
/// applied waits for the next run.
fn edited(text: &str, findings: &[&Finding]) -> (String, usize) {
    let mut edits: Vec<(usize, usize, &str)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .map(|x| {
            let s = x.location.span;
            (s.start as usize, s.end as usize, x.replacement.as_str())
        })
        .filter(|(a, b, _)| {
            a <= b && *b <= text.len() && text.is_char_boundary(*a) && text.is_char_boundary(*b)
        })
        .collect();
    edits.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
    let mut out = text.to_string();
    let mut limit = usize::MAX;
    let mut n = 0;
    for (a, b, with) in edits {
        if b > limit {
            continue;
        }
        out.replace_range(a..b, with);
        limit = a;
        n += 1;
    }
    (out, n)
}

/// Writes next to the file and renames over it, keeping its permissions: a crash never leaves
/// half a source file.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.privlint-fix-{}", std::process::id()));
    let perms = std::fs::metadata(path)?.permissions();
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::set_permissions(&tmp, perms)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
