//! One file's analysis: read it within the size limit, extract its facts (from the cache
//! when unchanged) within the time budget, run the per-file rules, apply its suppressions.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::locate::locate;
use super::{FileError, FileResult, Outcome, Settings, Suppressed};
use crate::classify::Classifier;
use crate::discover::{self, Candidate};
use crate::facts::{Language, ModelFacts, Suppression};
use crate::lang;
use crate::rules::{Diagnostic, FileContext};
use crate::source::LineIndex;

/// `target`: inside the checked paths. Other files of the project are read for the
/// repository rules only: the per-file rules do not run on them. `full`: parsed whatever the
/// lexical tier says (a file it deferred, now relevant).
pub(super) fn process(
    c: &Candidate,
    rel: &str,
    target: bool,
    full: bool,
    settings: &Settings,
) -> FileResult {
    if settings
        .panic_on
        .as_deref()
        .is_some_and(|p| rel.ends_with(p))
    {
        panic!("test hook PRIVLINT_TEST_PANIC_ON");
    }
    // An unchanged file's facts come from its stamp, unread; one with findings or problems
    // is read after all, to place them.
    let stamp_path = settings.cache.as_ref().map(|_| absolute(&c.path));
    let meta = stamp_path
        .as_ref()
        .and_then(|_| std::fs::metadata(&c.path).ok());
    if let (Some(cache), Some(p), Some(m)) = (&settings.cache, &stamp_path, &meta) {
        if m.len() <= settings.max_file_size {
            if let Some((facts, lines)) = cache.unchanged(p, m, c.explicit) {
                if let Some(r) = from_stamp(c.language, rel, facts, lines, target, full, settings) {
                    return r;
                }
            }
        }
    }
    // The size is checked before reading (a 3 GB sparse file is never read), and the read
    // stops past the limit (a file that grows while it is read).
    // Taken, not borrowed: whatever runs on this worker meanwhile gets a buffer of its own.
    let mut bytes = READ_BUFFER.take();
    let result = read_and_analyze(c, rel, target, full, settings, meta, stamp_path, &mut bytes);
    if bytes.capacity() <= KEPT_BUFFER {
        READ_BUFFER.set(bytes);
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn read_and_analyze(
    c: &Candidate,
    rel: &str,
    target: bool,
    full: bool,
    settings: &Settings,
    meta: Option<std::fs::Metadata>,
    stamp_path: Option<String>,
    bytes: &mut Vec<u8>,
) -> FileResult {
    let too_large = |len: u64| {
        FileResult::Skipped(format!(
            "too large ({} > {} limit; set `max-file-size` to analyse it)",
            human_size(len),
            human_size(settings.max_file_size)
        ))
    };
    let read_meta = match read_at_most(&c.path, settings.max_file_size, bytes) {
        Ok(Ok(m)) => m,
        Ok(Err(len)) => return too_large(len),
        Err(e) => return FileResult::Skipped(format!("unreadable: {}", discover::io_reason(&e))),
    };
    if bytes.is_empty() {
        return FileResult::Skipped("empty file".into());
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return FileResult::Skipped("binary file (contains NUL bytes)".into());
    }
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return FileResult::Skipped(format!(
                "not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ))
        }
    };
    if c.language == Language::TypeScript && qt_translation(src) {
        return FileResult::Skipped(
            "not TypeScript: a Qt Linguist translation file (XML), which shares the `.ts` extension"
                .into(),
        );
    }
    if matches!(c.language, Language::JavaScript | Language::TypeScript) && !c.explicit {
        if let Some(why) = minified(&c.path, src) {
            return FileResult::Skipped(why);
        }
    }
    let key = settings
        .cache
        .as_ref()
        .map(|_| crate::cache::key(&c.path, src));
    let result = analyze_keyed(
        c.language,
        &c.path,
        rel,
        src,
        target,
        full,
        settings,
        key.clone(),
    );
    let lines = match &result {
        FileResult::Scanned { lines, .. } | FileResult::Deferred { lines, .. } => Some(lines),
        _ => None,
    };
    if let (Some(cache), Some(p), Some(key), Some(lines)) =
        (&settings.cache, stamp_path, key, lines)
    {
        // Stamped only when its metadata did not change while it was read.
        if meta.is_some_and(|m| {
            m.len() == read_meta.len() && m.modified().ok() == read_meta.modified().ok()
        }) {
            if let Some(s) = crate::cache::Stamp::of(&read_meta, c.explicit, key, *lines) {
                cache.stamp(p, s);
            }
        }
    }
    result
}

/// `p` made absolute without touching the file system: the stamp's key, the same from any
/// working directory.
fn absolute(p: &Path) -> String {
    // Asked once: the working directory does not change during a run.
    static CWD: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        CWD.get_or_init(|| std::env::current_dir().unwrap_or_default())
            .join(p)
    };
    abs.to_string_lossy().into_owned()
}

/// The per-file rules' diagnostics on a file's facts; none for a file outside the checked
/// paths, whose findings would not be reported.
fn file_diagnostics(
    language: Language,
    rel: &str,
    facts: &crate::facts::FileFacts,
    target: bool,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let ctx = FileContext {
        path: rel,
        language,
        classifier: &settings.classifier,
    };
    let mut diags: Vec<Diagnostic> = Vec::new();
    for rule in settings.rules.iter().filter(|_| target) {
        if let Some(check) = rule.check.file() {
            check(&ctx, facts, &mut diags);
        }
    }
    diags
}

/// The result of an unchanged file from its cached facts, when it needs no source text: no
/// per-file finding and no parse problem to place (and, for a file the lexical tier
/// deferred, when it need not be parsed now).
fn from_stamp(
    language: Language,
    rel: &str,
    mut facts: crate::facts::FileFacts,
    lines: usize,
    target: bool,
    full: bool,
    settings: &Settings,
) -> Option<FileResult> {
    if let Some(names) = facts.lexical.take() {
        return (!full && settings.prefilter.is_some())
            .then_some(FileResult::Deferred { names, lines });
    }
    if !facts.problems.is_empty() && target
        || !file_diagnostics(language, rel, &facts, target, settings).is_empty()
    {
        return None;
    }
    Some(FileResult::Scanned {
        findings: Vec::new(),
        errors: unknown_suppressed_rules(rel, &facts.suppressions),
        lines,
        source: None,
        models: super::packed::Models::unpacked(for_repository(
            rel,
            std::mem::take(&mut facts.models),
        )),
        suppressions: std::mem::take(&mut facts.suppressions),
    })
}

/// The file's metadata, its bytes read into `bytes`, or `Err(size)` when it holds more than
/// `max` bytes.
type Read = Result<std::fs::Metadata, u64>;
fn read_at_most(path: &Path, max: u64, bytes: &mut Vec<u8>) -> std::io::Result<Read> {
    use std::io::Read;
    let f = std::fs::File::open(path)?;
    let meta = f.metadata()?;
    let len = meta.len();
    if len > max {
        return Ok(Err(len));
    }
    // Room past the end: with none, the standard library first probes with a small read
    // into a stack buffer (an extra system call per file, a tenth of a tiny file's time).
    bytes.clear();
    bytes.reserve(len as usize + 64);
    f.take(max + 1).read_to_end(bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(meta))
}

thread_local! {
    /// Each worker reads every file into the same buffer: a fresh one per file cost page
    /// faults and zeroed pages (a tenth of the system time) for bytes read once.
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A buffer kept for the next file only up to this size: one huge file must not pin its
/// memory in every worker for the rest of the run.
const KEPT_BUFFER: usize = 4 << 20;

/// One file's content read from standard input (`--stdin-filename NAME -`), reported as
/// `rel`: the per-file rules only, since repository rules need the project's files on disk.
pub fn run_content(path: &Path, rel: &str, content: String, settings: &Settings) -> Outcome {
    let started = Instant::now();
    let mut out = Outcome::default();
    let Some(language) = lang::detect(path) else {
        out.skipped.push((
            rel.to_string(),
            "not a supported language (name it with --stdin-filename, e.g. app.py)".into(),
        ));
        return out;
    };
    let source: Arc<str> = Arc::from(content.as_str());
    match analyze(language, path, rel, content, settings) {
        FileResult::Scanned {
            findings,
            errors,
            lines,
            suppressions,
            ..
        } => {
            out.findings = findings;
            let file = super::CommentedFile {
                rel: rel.to_string(),
                disk: None,
                text: Some(source.clone()),
                suppressions,
                parsed_cleanly: errors.is_empty(),
            };
            // Only the per-file rules ran: a suppression naming a repository rule is not judged.
            super::unused::report(settings, false, vec![file], &mut out);
            out.settle_findings();
            out.errors = errors;
            out.scanned = 1;
            out.lines = lines;
            out.scanned_files.push((rel.to_string(), language));
            if !out.sources.iter().any(|(p, _)| p == rel) {
                out.sources.push((rel.to_string(), source));
            }
        }
        // `analyze` parses in full: never deferred.
        FileResult::Deferred { lines, .. } => {
            out.scanned = 1;
            out.lines = lines;
            out.scanned_files.push((rel.to_string(), language));
        }
        FileResult::Skipped(why) => out.skipped.push((rel.to_string(), why)),
        FileResult::Failed(e) => out.errors.push(e),
    }
    out.elapsed = started.elapsed();
    out
}

/// The reason a file that ran out of time is not analysed.
fn took_too_long(settings: &Settings) -> String {
    let secs = settings.file_timeout.map_or(0.0, |d| d.as_secs_f64());
    format!("took over {secs} s (the per-file time budget; raise `file-timeout` to analyse it)")
}

pub(super) fn analyze(
    language: Language,
    path: &Path,
    rel: &str,
    src: String,
    settings: &Settings,
) -> FileResult {
    analyze_keyed(language, path, rel, &src, true, true, settings, None)
}

/// [`analyze`] of a file inside the checked paths (`target`) or not, with the content's cache
/// key when the caller has it already; `full`: parsed even if the lexical tier would defer it.
#[allow(clippy::too_many_arguments)]
fn analyze_keyed(
    language: Language,
    path: &Path,
    rel: &str,
    src: &str,
    target: bool,
    full: bool,
    settings: &Settings,
    key: Option<String>,
) -> FileResult {
    let _budget = crate::budget::start(settings.file_timeout);
    let lines = LineIndex::new(src);
    let prefilter = settings
        .prefilter
        .as_ref()
        .filter(|_| !full && crate::prefilter::Prefilter::applies_to(language));
    // Project calls are trimmed before caching: untrimmed they were half the cache's bytes.
    let parse = || {
        let mut facts = lang::extract(
            language,
            path,
            src,
            &lines,
            &settings.catalog,
            settings.wants_models(),
        );
        keep_data_arguments(&mut facts.models, &settings.classifier);
        facts.models.shrink();
        facts
    };
    let names_only = || crate::facts::FileFacts {
        lexical: Some(crate::prefilter::names(src)),
        ..Default::default()
    };
    let extract = || match prefilter {
        // Audited once the names test code matters for are known (`engine::deferred`).
        Some(_) if crate::prefilter::Prefilter::defers_test_code(rel, src) => names_only(),
        Some(p) if !p.triggered(src) => {
            if p.audit {
                audit(rel, &parse());
            }
            names_only()
        }
        _ => parse(),
    };
    let mut facts = match &settings.cache {
        Some(cache) => cache.get_or_insert_with(
            key.unwrap_or_else(|| crate::cache::key(path, src)),
            prefilter.is_some(),
            extract,
        ),
        None => extract(),
    };
    if let Some(names) = facts.lexical.take() {
        return FileResult::Deferred {
            names,
            lines: lines.count(),
        };
    }
    if crate::budget::was_exhausted() || crate::budget::check_now() {
        return FileResult::Skipped(took_too_long(settings));
    }
    let diags = file_diagnostics(language, rel, &facts, target, settings);
    let mut findings = Vec::new();
    for d in diags {
        let line = lines.line(d.span.start);
        let covering = facts.suppressions.iter().find(|s| {
            s.first_line <= line
                && line <= s.last_line
                && s.rules.iter().any(|r| r == d.rule || r == "all")
        });
        let mut f = locate(d, rel, src, &lines);
        f.suppression = covering.map(|s| Suppressed::InSource(s.reason.clone()));
        findings.push(f);
    }
    let mut errors: Vec<FileError> = facts
        .problems
        .iter()
        .map(|p| FileError {
            path: rel.to_string(),
            line: Some(lines.line(p.span.start)),
            message: p.message.clone(),
            internal: false,
            fatal: false,
        })
        .collect();
    errors.extend(unknown_suppressed_rules(rel, &facts.suppressions));
    let models = std::mem::take(&mut facts.models);
    // Repository findings re-read their few files to be placed: keeping the text of every
    // file with an entity would cost more memory than the whole index.
    let source = (!findings.is_empty()).then(|| Arc::from(src));
    FileResult::Scanned {
        findings,
        errors,
        lines: lines.count(),
        source,
        models: super::packed::Models::pack(for_repository(rel, models)),
        suppressions: std::mem::take(&mut facts.suppressions),
    }
}

/// What the repository rules take from a file: all its models, or what test code tells them
/// ([`crate::repo_index::keep_what_tests_tell`]).
fn for_repository(rel: &str, mut models: crate::facts::ModelFacts) -> crate::facts::ModelFacts {
    if crate::repo_index::is_test_path(rel) {
        crate::repo_index::keep_what_tests_tell(&mut models);
    }
    models
}

/// `PRIVLINT_PREFILTER_AUDIT`: a file the lexical tier skips must hold nothing but names.
fn audit(rel: &str, facts: &crate::facts::FileFacts) {
    let kinds = crate::prefilter::unsafe_kinds(facts);
    if !kinds.is_empty() {
        eprintln!(
            "[prefilter audit] {rel}: skipped, but holds {}",
            kinds.join(", ")
        );
    }
}

/// A suppression naming a rule privlint does not have suppresses nothing, silently: an error
/// naming the valid rules, with the closest one.
fn unknown_suppressed_rules(rel: &str, suppressions: &[Suppression]) -> Vec<FileError> {
    let mut out = Vec::new();
    let names: Vec<&str> = crate::rules::REGISTRY.iter().map(|r| r.name).collect();
    for s in suppressions {
        for r in s
            .rules
            .iter()
            .filter(|r| *r != "all" && crate::rules::find(r).is_none())
        {
            let hint = crate::rules::closest_name(r)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            out.push(FileError {
                path: rel.to_string(),
                line: Some(s.line),
                message: format!(
                    "unknown rule `{r}` in `privlint: ignore[…]`; {hint}rules: {}, or `all`",
                    names.join(", ")
                ),
                internal: false,
                fatal: true,
            });
        }
    }
    out
}

/// Project calls are kept for the repository phase with every argument's values; only values
/// that can make a finding (a source, a name the classifier knows, a declared type) matter
/// there, and the rest would hold memory for every call in the repository.
fn keep_data_arguments(models: &mut ModelFacts, classifier: &Classifier) {
    for call in &mut models.project_calls {
        for arg in &mut call.args {
            arg.retain(|v| {
                v.source.is_some()
                    || v.declared_type.is_some()
                    || classifier
                        .classify_path(&v.path, v.declared_type.as_deref())
                        .is_some()
            });
        }
    }
    models
        .project_calls
        .retain(|c| c.relay.is_some() || c.args.iter().any(|a| !a.is_empty()));
}

/// An XML document where TypeScript was expected: Qt's `<!DOCTYPE TS>` translations.
fn qt_translation(src: &str) -> bool {
    let head = src.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<?xml") || head.starts_with("<!DOCTYPE TS") || head.starts_with("<TS ")
}

/// `.min.js`, or a bundle whose lines are far longer than hand-written code.
fn minified(path: &Path, src: &str) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    if name.contains(".min.") || name.ends_with("-min.js") {
        return Some("minified file".into());
    }
    let head = crate::source::prefix(src, 64 * 1024);
    let lines = head.lines().count().max(1);
    let avg = head.len() / lines;
    let longest = head.lines().map(str::len).max().unwrap_or(0);
    (avg > 300 && longest > 2000)
        .then(|| format!("minified or generated (average line length {avg})"))
}

fn human_size(b: u64) -> String {
    if b >= 1024 * 1024 {
        format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
    } else if b >= 1024 {
        format!("{:.1} KiB", b as f64 / 1024.0)
    } else {
        format!("{b} B")
    }
}
