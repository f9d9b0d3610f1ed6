//! The pipeline: discover → read → parse + extract (per file, in parallel) → file rules →
//! suppressions → positions. Output order never depends on the thread count.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::catalog::Catalog;
use crate::classify::{Classifier, Confidence};
use crate::discover::{self, Candidate, Skipped};
use crate::facts::{Language, Span, Suppression};
use crate::rules::{DataTypeRef, RepoFile, RepoRuleConfig, RuleInfo, Severity};

mod deferred;
mod file;
mod locate;
mod packed;
mod progress;
mod repo_phase;
mod tree;
mod unused;

use file::process;
pub use file::run_content;
use locate::order_and_fingerprint;
pub use repo_phase::KeptIndex;
use repo_phase::{run_repo_rules, RepoSource};
pub use tree::{run_tree, TreeFile};
use unused::CommentedFile;

pub struct Settings {
    pub rules: Vec<&'static RuleInfo>,
    pub classifier: Classifier,
    pub catalog: Catalog,
    pub max_file_size: u64,
    /// The per-file time budget (`file-timeout`); `None`: unbounded.
    pub file_timeout: Option<Duration>,
    pub threads: usize,
    pub excludes: Vec<String>,
    pub exclude_root: PathBuf,
    pub respect_gitignore: bool,
    pub force_exclude: bool,
    /// Paths in the output are relative to this directory.
    pub root: PathBuf,
    /// The whole project (nearest config's directory, else the VCS root): repository rules
    /// index all of it even when only some paths are checked, and report only inside those.
    pub project_root: Option<PathBuf>,
    pub repo_config: RepoRuleConfig,
    /// Facts of files seen before, keyed by content; `None` with `--no-cache`.
    pub cache: Option<crate::cache::Cache>,
    /// Test hook (`PRIVLINT_TEST_PANIC_ON`): panic while processing files whose path ends
    /// with this (or, as `repo:RULE`, in that rule's repository part), to prove a crash is
    /// contained and reported.
    pub panic_on: Option<String>,
    /// Show a progress bar on standard error (when it is a terminal and the scan lasts).
    pub progress: bool,
    /// Keep every file's models in the outcome ([`Outcome::index`]), for `privlint map`.
    pub keep_index: bool,
    /// The lexical tier; `None` with `--no-prefilter`: every file is parsed.
    pub prefilter: Option<crate::prefilter::Prefilter>,
}

pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;
/// A file that takes longer is reported as not analysed: far beyond any real source file
/// (the largest in the bench corpus takes well under a second), short enough that one
/// pathological file cannot stall a CI job.
pub const DEFAULT_FILE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone)]
pub struct Located {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// Set when the location is in another file than the finding's.
    pub path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    pub path: String,
    pub location: Located,
    pub label: String,
    pub data_types: Vec<DataTypeRef>,
    pub related: Vec<(Located, String)>,
    pub notes: Vec<String>,
    pub help: String,
    pub fingerprint: String,
    /// Why this finding is waived, if it is: kept for SARIF and audits, not reported.
    pub suppression: Option<Suppressed>,
    /// An edit that resolves it (`privlint check --fix` applies it).
    pub fix: Option<Fix>,
}

#[derive(Debug, Clone)]
pub struct Fix {
    /// The text to replace, in the finding's file.
    pub location: Located,
    pub replacement: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppressed {
    /// A `privlint: ignore[…] reason` comment; the reason as written.
    InSource(String),
    /// Present in the baseline file.
    Baseline,
    /// Declared handled outside the repository in config (`[missing-deletion] handled-by`).
    Config(String),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileError {
    pub path: String,
    pub line: Option<u32>,
    pub message: String,
    /// An internal error (a bug in privlint) rather than a problem with the input.
    pub internal: bool,
    /// A mistake the user must fix before the result means anything (an unknown rule in a
    /// suppression): exit 2 like an internal error. Syntax errors and malformed directives
    /// are warnings unless `--strict`.
    pub fatal: bool,
}

impl FileError {
    /// An error rather than a warning: it fails the run (exit 2) even without `--strict`.
    pub fn is_error(&self) -> bool {
        self.internal || self.fatal
    }
}

#[derive(Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Findings waived by a suppression comment or the baseline.
    pub suppressed_findings: Vec<Finding>,
    pub suppressed: usize,
    /// Findings waived because they are in the baseline.
    pub baselined: usize,
    /// Baseline entries that match no finding any more.
    pub fixed: usize,
    pub scanned: usize,
    pub lines: usize,
    pub skipped: Vec<(String, String)>,
    pub errors: Vec<FileError>,
    pub scanned_files: Vec<(String, Language)>,
    /// Of those, the files the lexical tier read without parsing (nothing but names, none
    /// that matters): `--show-files` says so, since their syntax was not checked.
    pub names_only: std::collections::HashSet<String>,
    /// Sources of files with findings, for rendering snippets.
    pub sources: Vec<(String, Arc<str>)>,
    pub elapsed: Duration,
    /// Every file's models, with [`Settings::keep_index`].
    pub index: Option<KeptIndex>,
}

impl Outcome {
    pub fn has_internal_error(&self) -> bool {
        self.errors.iter().any(|e| e.internal)
    }

    /// Whether the run fails (exit 2): an internal or fatal error, or under `--strict` any.
    pub fn has_failing_error(&self, strict: bool) -> bool {
        self.errors.iter().any(|e| strict || e.is_error())
    }

    /// One finding per sink, in a stable order with fingerprints, and the suppressed ones
    /// set apart: the same for a scan and for content read from standard input.
    fn settle_findings(&mut self) {
        locate::merge_same_sink(&mut self.findings);
        order_and_fingerprint(&mut self.findings);
        let (waived, active): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut self.findings)
            .into_iter()
            .partition(|f| f.suppression.is_some());
        self.findings = active;
        self.suppressed = waived.len();
        self.suppressed_findings = waived;
    }
}

enum FileResult {
    Scanned {
        findings: Vec<Finding>,
        errors: Vec<FileError>,
        lines: usize,
        source: Option<Arc<str>>,
        models: packed::Models,
        suppressions: Vec<Suppression>,
    },
    /// Nothing but names, by the lexical tier: parsed later only if one of them matters.
    Deferred {
        names: Vec<u64>,
        lines: usize,
    },
    Skipped(String),
    Failed(FileError),
}

/// Runs on the files under `paths` (the caller saves the cache).
pub fn run(paths: &[PathBuf], settings: &Settings) -> Outcome {
    let started = Instant::now();
    let (disc, index_only) = discover_project(paths, settings);
    let trace = std::env::var_os("PRIVLINT_TRACE").is_some();
    if trace {
        eprintln!(
            "[trace] discovery: {} files (+{} indexed only) in {:?}",
            disc.files.len(),
            index_only.len(),
            started.elapsed()
        );
    }
    let mut out = Outcome::default();
    for (p, reason) in &disc.errors {
        out.errors.push(FileError {
            path: display_path(p, &settings.root),
            line: None,
            message: reason.clone(),
            internal: false,
            fatal: false,
        });
    }
    for Skipped { path, reason } in &disc.skipped {
        out.skipped
            .push((display_path(path, &settings.root), reason.clone()));
    }
    let targets = disc.files.len();
    let all_files: Vec<&Candidate> = disc.files.iter().chain(&index_only).collect();
    let bar = progress::Progress::new(settings.progress, all_files.len());
    let one = |n: usize, full: bool| {
        let c = all_files[n];
        let rel = display_path(&c.path, &settings.root);
        let t0 = Instant::now();
        let r = contained(&rel, || process(c, &rel, n < targets, full, settings));
        if trace && t0.elapsed() > Duration::from_millis(50) {
            eprintln!("[trace] slow file: {rel} took {:?}", t0.elapsed());
        }
        (rel, r)
    };
    let mut results: Vec<(String, FileResult)> = in_pool(settings, || {
        (0..all_files.len())
            .into_par_iter()
            .with_max_len(1)
            .map(|n| {
                let r = one(n, false);
                if let Some(b) = &bar {
                    b.file_done();
                }
                r
            })
            .collect()
    });
    if trace {
        eprintln!(
            "[trace] analysis done at {:?}, {} files deferred by the lexical tier",
            started.elapsed(),
            deferred::deferred(&results)
        );
    }
    // Every file done: the models are opened side by side, in parallel.
    in_pool(settings, || {
        results.par_iter_mut().for_each(|(_, r)| {
            if let FileResult::Scanned { models, .. } = r {
                models.open();
            }
        })
    });
    let languages: Vec<crate::facts::Language> = all_files.iter().map(|c| c.language).collect();
    deferred::parse_relevant_deferred(&mut results, &languages, settings, &one);
    if trace {
        eprintln!(
            "[trace] {} files not parsed (lexical tier), done at {:?}",
            deferred::deferred(&results),
            started.elapsed()
        );
    }
    if let Some(b) = bar {
        b.finish();
    }
    let analysed = results
        .into_iter()
        .zip(&all_files)
        .enumerate()
        .map(|(n, ((rel, result), c))| Analysed {
            rel,
            language: c.language,
            disk: Some(c.path.clone()),
            target: n < targets,
            result,
        })
        .collect();
    assemble(analysed, settings, &mut out);
    out.elapsed = started.elapsed();
    if trace {
        eprintln!("[trace] merged at {:?}", out.elapsed);
    }
    out
}

/// The files under the given paths, and those of the rest of the project that the
/// repository rules index but do not report on.
fn discover_project(
    paths: &[PathBuf],
    settings: &Settings,
) -> (discover::Discovery, Vec<Candidate>) {
    let disc = discover::discover(
        paths,
        &discover::Options {
            excludes: &settings.excludes,
            exclude_root: &settings.exclude_root,
            respect_gitignore: settings.respect_gitignore,
            force_exclude: settings.force_exclude,
        },
    );
    let index_only: Vec<Candidate> = match &settings.project_root {
        Some(project) if settings.wants_models() => {
            let given: std::collections::HashSet<std::ffi::OsString> = disc
                .files
                .iter()
                .map(|c| canonical(&c.path).into_os_string())
                .collect();
            let whole = discover::discover(
                std::slice::from_ref(project),
                &discover::Options {
                    excludes: &settings.excludes,
                    exclude_root: &settings.exclude_root,
                    respect_gitignore: settings.respect_gitignore,
                    force_exclude: true,
                },
            );
            // The walk follows no link and the project root is canonical: its paths are
            // canonical already (a `realpath` per file was most of a one-file run).
            whole
                .files
                .into_iter()
                .filter(|c| !given.contains(c.path.as_os_str()))
                .collect()
        }
        _ => Vec::new(),
    };
    (disc, index_only)
}

/// Every file a run on `paths` analyses (canonical paths): the given ones and the project's
/// files the repository rules index.
pub fn analysed_files(paths: &[PathBuf], settings: &Settings) -> Vec<PathBuf> {
    let (disc, index_only) = discover_project(paths, settings);
    disc.files
        .iter()
        .chain(&index_only)
        .map(|c| canonical(&c.path))
        .collect()
}

/// Runs `f` on a pool of `settings.threads` workers, or on the pool it is already in: when
/// `privlint scan` checks repositories in parallel, their files share its one pool (a small
/// repository's tail leaves no core idle, and there are never more workers than asked for).
fn in_pool<T: Send>(settings: &Settings, f: impl FnOnce() -> T + Send) -> T {
    if rayon::current_thread_index().is_some() {
        return f();
    }
    pool(settings.threads).install(f)
}

/// Parsers and syn recurse: workers get a roomy stack that keeps legitimate deep code safe.
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(64 * 1024 * 1024)
        .build()
        .expect("thread pool")
}

/// One file's analysis with a panic caught and reported as an internal error of that file.
fn contained(rel: &str, f: impl FnOnce() -> FileResult) -> FileResult {
    panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let what = panic_message(p.as_ref());
        FileResult::Failed(FileError {
            path: rel.to_string(),
            line: None,
            message: format!(
                "internal error: privlint panicked on this file ({what}); please report it"
            ),
            internal: true,
            fatal: false,
        })
    })
}

/// One analysed file on its way into the outcome.
struct Analysed {
    rel: String,
    language: Language,
    /// Where to read it again when its text was not kept (a file at a git revision keeps it).
    disk: Option<PathBuf>,
    /// Inside the checked paths: its findings are reported.
    target: bool,
    result: FileResult,
}

/// From every file's result to the outcome: the per-file findings of the checked files, the
/// repository rules over all of them, unused suppressions, then order and fingerprints.
fn assemble(files: Vec<Analysed>, settings: &Settings, out: &mut Outcome) {
    let trace = std::env::var_os("PRIVLINT_TRACE").is_some();
    let started = Instant::now();
    let repo_rules = settings.wants_models();
    let mut repo_files: Vec<RepoFile> = Vec::new();
    let mut repo_sources: Vec<RepoSource> = Vec::new();
    let mut commented: Vec<CommentedFile> = Vec::new();
    for Analysed {
        rel,
        language,
        disk,
        target,
        result,
    } in files
    {
        match result {
            FileResult::Scanned {
                models,
                suppressions,
                source,
                ..
            } if !target && !models.is_empty() => {
                repo_files.push(RepoFile {
                    path: rel,
                    language,
                    models: models.into_inner(),
                });
                repo_sources.push(RepoSource {
                    disk,
                    text: source,
                    suppressions,
                    target: false,
                });
            }
            FileResult::Scanned { .. } if !target => {}
            FileResult::Scanned {
                findings,
                errors,
                lines,
                source,
                models,
                suppressions,
            } => {
                if !suppressions.is_empty() {
                    commented.push(CommentedFile {
                        rel: rel.clone(),
                        disk: disk.clone(),
                        text: source.clone(),
                        suppressions: suppressions.clone(),
                        parsed_cleanly: errors.is_empty(),
                    });
                }
                if repo_rules && !models.is_empty() {
                    repo_files.push(RepoFile {
                        path: rel.clone(),
                        language,
                        models: models.into_inner(),
                    });
                    repo_sources.push(RepoSource {
                        disk,
                        text: source.clone(),
                        suppressions,
                        target: true,
                    });
                }
                out.scanned += 1;
                out.lines += lines;
                out.scanned_files.push((rel.clone(), language));
                if let Some(s) = source.filter(|_| !findings.is_empty()) {
                    out.sources.push((rel, s));
                }
                out.findings.extend(findings);
                out.errors.extend(errors);
            }
            // Nothing but names no parsed file cares about: analysed, with nothing to say.
            FileResult::Deferred { lines, .. } if target => {
                out.scanned += 1;
                out.lines += lines;
                out.names_only.insert(rel.clone());
                out.scanned_files.push((rel, language));
            }
            FileResult::Skipped(reason) if target => out.skipped.push((rel, reason)),
            FileResult::Failed(e) if target => out.errors.push(e),
            _ => {}
        }
    }
    if repo_rules {
        run_repo_rules(settings, repo_files, repo_sources, out);
        if trace {
            eprintln!("[trace] repository rules took {:?}", started.elapsed());
        }
    }
    unused::report(settings, repo_rules, commented, out);
    out.settle_findings();
    out.skipped.sort();
    out.errors.sort();
}

/// What a caught panic said, for the report, without the source text some panics quote
/// (a slicing panic prints the string it cut: a scanned file's personal data).
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let full = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let cut = full.find(['`', '\'', '"', '\n']).unwrap_or(full.len());
    crate::source::prefix(full[..cut].trim_end(), 160).to_string()
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Relative to the root with `/` separators; absolute where the file is outside it.
pub fn display_path(p: &Path, root: &Path) -> String {
    let rel = p
        .strip_prefix(root)
        .ok()
        .or_else(|| p.strip_prefix("./").ok())
        .unwrap_or(p);
    let s: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = s.join("/");
    if joined.is_empty() {
        ".".into()
    } else if p.is_absolute() && rel == p {
        p.to_string_lossy().replace('\\', "/")
    } else {
        joined
    }
}

impl Settings {
    /// Whether a repository rule runs, so files must yield their data models too.
    pub fn wants_models(&self) -> bool {
        self.rules.iter().any(|r| r.check.repo().is_some())
    }

    /// Built-in catalogue and taxonomy, no config: what tests and embedders start from.
    pub fn with_rules(rules: Vec<&'static RuleInfo>, root: PathBuf) -> Settings {
        Settings {
            rules,
            classifier: Classifier::new(Vec::new()),
            catalog: Catalog::new(&crate::catalog::CatalogExtras::default()),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            file_timeout: Some(DEFAULT_FILE_TIMEOUT),
            threads: 1,
            excludes: Vec::new(),
            exclude_root: root.clone(),
            respect_gitignore: true,
            force_exclude: false,
            root,
            project_root: None,
            repo_config: RepoRuleConfig::default(),
            cache: None,
            panic_on: None,
            progress: false,
            keep_index: false,
            prefilter: None,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn panic_messages_leave_quoted_source_text_out() {
        let p: Box<dyn std::any::Any + Send> = Box::new(String::from(
            "byte index 5 is not a char boundary; it is inside 'é' (bytes 4..6) of `alice@example.com`",
        ));
        let m = super::panic_message(p.as_ref());
        assert_eq!(m, "byte index 5 is not a char boundary; it is inside");
        assert!(!m.contains("alice"));
    }
}
