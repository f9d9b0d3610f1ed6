//! A run over file contents that are not on disk: a project as it was at a git revision, for
//! `--diff-base`. Every rule runs, the repository rules included, so the findings (and their
//! fingerprints) are those a checkout of that revision would give.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::file::analyze;
use super::{assemble, contained, in_pool, Analysed, FileResult, Outcome, Settings};
use crate::lang;

/// One file's content at a revision.
pub struct TreeFile {
    /// Where it would be: its name and extension choose the language and the dialect.
    pub path: PathBuf,
    /// As findings name it (relative to the output root, like a scan's).
    pub rel: String,
    pub content: String,
    /// Its findings are wanted (otherwise it is only indexed for the repository rules).
    pub target: bool,
}

pub fn run_tree(files: Vec<TreeFile>, settings: &Settings) -> Outcome {
    let started = std::time::Instant::now();
    let files: Vec<TreeFile> = files
        .into_iter()
        .filter(|f| lang::detect(&f.path).is_some())
        .collect();
    let analysed: Vec<Analysed> = in_pool(settings, || {
        files
            .into_par_iter()
            .with_max_len(1)
            .map(|f| {
                let language = lang::detect(&f.path).expect("filtered above");
                let text: Arc<str> = Arc::from(f.content.as_str());
                let mut result = contained(&f.rel, || {
                    analyze(language, &f.path, &f.rel, f.content, settings)
                });
                // There is no disk to read it from again.
                if let FileResult::Scanned { source, .. } = &mut result {
                    *source = Some(text);
                }
                Analysed {
                    rel: f.rel,
                    language,
                    disk: None,
                    target: f.target,
                    result,
                }
            })
            .collect()
    });
    let mut out = Outcome::default();
    assemble(analysed, settings, &mut out);
    out.elapsed = started.elapsed();
    out
}
