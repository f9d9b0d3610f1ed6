//! The repository phase: after every file's facts are in, the repository rules run once on
//! all files' models, and their findings are placed by re-reading only the files they
//! point into.

use std::path::PathBuf;
use std::sync::Arc;

use super::locate::{locate, located};
use super::{Outcome, Settings, Suppressed};
use crate::facts::Suppression;
use crate::rules::{RepoContext, RepoDiagnostic, RepoFile, RepoIndex};
use crate::source::LineIndex;

/// A file the repository rules may point into: read again only if they do.
pub(super) struct RepoSource {
    pub(super) disk: Option<PathBuf>,
    pub(super) text: Option<Arc<str>>,
    pub(super) suppressions: Vec<Suppression>,
    /// Inside the checked paths (findings there are reported).
    pub(super) target: bool,
}

impl RepoSource {
    fn text(&mut self) -> Option<(Arc<str>, LineIndex)> {
        if self.text.is_none() {
            let bytes = std::fs::read(self.disk.as_ref()?).ok()?;
            self.text = Some(Arc::from(String::from_utf8_lossy(&bytes).as_ref()));
        }
        let t = self.text.clone()?;
        let idx = LineIndex::new(&t);
        Some((t, idx))
    }
}

/// The project's models after a run, for what is built on them (`privlint map`): the files
/// and a way to turn a place in one of them into a line.
pub struct KeptIndex {
    pub files: Vec<RepoFile>,
    sources: Vec<RepoSource>,
    lines: std::collections::HashMap<usize, (Arc<str>, LineIndex)>,
}

impl KeptIndex {
    /// The 1-based line of a place, reading its file again if its text was not kept.
    pub fn line(&mut self, file: usize, span: crate::facts::Span) -> u32 {
        if !self.lines.contains_key(&file) {
            let Some(t) = self.sources.get_mut(file).and_then(RepoSource::text) else {
                return 1;
            };
            self.lines.insert(file, t);
        }
        self.lines[&file].1.line(span.start)
    }
}

/// Runs the repository rules over every file's models and adds their findings, those inside
/// the checked paths only.
pub(super) fn run_repo_rules(
    settings: &Settings,
    files: Vec<RepoFile>,
    mut sources: Vec<RepoSource>,
    out: &mut Outcome,
) {
    let trace = std::env::var_os("PRIVLINT_TRACE").is_some();
    let t0 = std::time::Instant::now();
    let index = RepoIndex::new(&files);
    if trace {
        eprintln!("[trace] repository index built in {:?}", t0.elapsed());
    }
    let ctx = RepoContext {
        files: &files,
        index: &index,
        classifier: &settings.classifier,
        config: &settings.repo_config,
    };
    let mut diags: Vec<RepoDiagnostic> = Vec::new();
    for rule in &settings.rules {
        if let Some(check) = rule.check.repo() {
            // A bug in one rule's repository part loses its findings, not the whole scan.
            let mut mine = Vec::new();
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if settings.panic_on.as_deref() == Some(&format!("repo:{}", rule.name)) {
                    panic!("test hook PRIVLINT_TEST_PANIC_ON");
                }
                check(&ctx, &mut mine)
            }));
            if trace {
                eprintln!(
                    "[trace] {} (repository part) done at {:?}",
                    rule.name,
                    t0.elapsed()
                );
            }
            match run {
                Ok(()) => diags.extend(mine),
                Err(p) => out.errors.push(super::FileError {
                    path: ".".into(),
                    line: None,
                    message: format!(
                        "internal error: the repository part of `{}` panicked ({}); its findings are missing, please report it",
                        rule.name,
                        super::panic_message(p.as_ref())
                    ),
                    internal: true,
                    fatal: false,
                }),
            }
        }
    }
    let mut texts: std::collections::HashMap<usize, (Arc<str>, LineIndex)> = Default::default();
    let mut text_of = |i: usize, sources: &mut Vec<RepoSource>| -> Option<(Arc<str>, LineIndex)> {
        if let Some(t) = texts.get(&i) {
            return Some(t.clone());
        }
        let t = sources[i].text()?;
        texts.insert(i, t.clone());
        Some(t)
    };
    for d in diags {
        if !sources[d.at.file].target {
            continue;
        }
        let Some((src, idx)) = text_of(d.at.file, &mut sources) else {
            continue;
        };
        let rel = &files[d.at.file].path;
        let mut diag = d.diagnostic;
        diag.span = d.at.span;
        let mut f = locate(diag, rel, &src, &idx);
        for (place, msg) in d.related {
            if let Some((s, i)) = text_of(place.file, &mut sources) {
                let mut l = located(place.span, &s, &i);
                if place.file != d.at.file {
                    let p = files[place.file].path.clone();
                    if !out.sources.iter().any(|(q, _)| *q == p) {
                        out.sources.push((p.clone(), s.clone()));
                    }
                    l.path = Some(p);
                }
                f.related.push((l, msg));
            }
        }
        let line = idx.line(d.at.span.start);
        let covering = sources[d.at.file].suppressions.iter().find(|s| {
            s.first_line <= line
                && line <= s.last_line
                && s.rules.iter().any(|r| r == f.rule || r == "all")
        });
        f.suppression = match (covering, d.waived) {
            (Some(s), _) => Some(Suppressed::InSource(s.reason.clone())),
            (None, Some(reason)) => Some(Suppressed::Config(reason)),
            (None, None) => None,
        };
        if !out.sources.iter().any(|(p, _)| p == rel) {
            out.sources.push((rel.clone(), src.clone()));
        }
        out.findings.push(f);
    }
    drop(index);
    if settings.keep_index {
        out.index = Some(KeptIndex {
            files,
            sources,
            lines: Default::default(),
        });
    }
}
