//! `privlint check`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream};

use super::project;
use crate::catalog::{Catalog, CatalogExtras};
use crate::classify::Classifier;
use crate::config::{self, LoadedConfig};
use crate::engine::{self, Outcome, Settings};
use crate::report::{self, printable};
use crate::rules::{self, Severity};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    #[value(alias = "full")]
    Human,
    /// One line per finding.
    Concise,
    /// The JSON report (docs/json.md).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files or directories to analyse.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Human, env = "PRIVLINT_OUTPUT_FORMAT")]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Also write SARIF to this file (whatever `--format` prints).
    #[arg(long, env = "PRIVLINT_SARIF_OUTPUT")]
    pub sarif_output: Option<PathBuf>,
    /// Put each result's source lines (personal literals redacted) in SARIF.
    #[arg(long)]
    pub include_snippets: bool,
    /// Also write the JSON report to this file.
    #[arg(long)]
    pub json_output: Option<PathBuf>,
    /// Report only findings introduced since the merge base with this git revision.
    #[arg(long, env = "PRIVLINT_DIFF_BASE")]
    pub diff_base: Option<String>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, env = "PRIVLINT_BASELINE")]
    pub baseline: Option<PathBuf>,
    /// Write the current findings to this baseline file (exit 0).
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: drop entries that no longer match any finding.
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
    /// Rules to run (replaces the default set). `ALL` selects every rule.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rules to add to the selected set.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Rules to leave out.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Extra exclude globs (gitignore syntax), added to the config's.
    #[arg(long, value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_parser = ["error", "warning", "info"])]
    pub fail_on: Option<String>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply the fixes findings carry (deleting unused suppressions), then report what is
    /// left.
    #[arg(long, conflicts_with = "stdin_filename")]
    pub fix: bool,
    /// Print findings and errors only: no summary, no notes.
    #[arg(long, short)]
    pub quiet: bool,
    /// Read one file from standard input (the path `-`), analysed as this name: its
    /// extension picks the language, and reports name it.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Exit 2 when a file has a syntax error or a malformed `privlint:` comment (without it
    /// they are warnings and the exit code is that of the findings).
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: one per core; at most four per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Seconds one file may take before it is reported as not analysed (default 10; 0: no
    /// limit). Overrides `file-timeout` in the config.
    #[arg(long, value_name = "SECS")]
    pub file_timeout: Option<f64>,
    /// Print the number of findings per rule and data type.
    #[arg(long)]
    pub statistics: bool,
    /// List every file and whether it was analysed, and why not.
    #[arg(long)]
    pub show_files: bool,
    /// Use this config file instead of discovering one.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long)]
    pub isolated: bool,
    /// Apply excludes to files named on the command line too (for pre-commit hooks).
    #[arg(long)]
    pub force_exclude: bool,
    /// Do not honour .gitignore / .ignore files.
    #[arg(long)]
    pub no_respect_gitignore: bool,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Neither read nor write the cache of per-file facts (`.privlint_cache/`).
    #[arg(long, env = "PRIVLINT_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
    /// Parse every file, even those the lexical tier finds nothing in (the findings are the
    /// same: this is how the tests prove it).
    #[arg(long)]
    pub no_prefilter: bool,
}

pub fn run(mut args: CheckArgs) -> i32 {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        eprintln!("error: `-` (standard input) cannot be combined with other paths");
        return 2;
    }
    if stdin && args.stdin_filename.is_none() {
        eprintln!("error: reading standard input needs --stdin-filename NAME (its extension picks the language)");
        return 2;
    }
    // `--stdin-filename` reads standard input, with or without the path `-`; the config is
    // found from the current directory.
    if args.stdin_filename.is_some() {
        args.paths = vec![PathBuf::from(".")];
    }
    // A missing path is a usage error (exit 2), but the other paths are still scanned and the
    // report, JSON included, names it.
    // A path named on the command line that cannot be scanned is an error: missing, or a
    // FIFO, socket or device (never opened: a FIFO would block).
    let missing: Vec<&PathBuf> = args
        .paths
        .iter()
        .filter(|p| std::fs::metadata(p).map_or(true, |m| !m.is_file() && !m.is_dir()))
        .collect();
    for p in &missing {
        let why = if p.exists() {
            "not a regular file (FIFO, socket or device); not opened"
        } else {
            "no such file or directory"
        };
        eprintln!("error: {}: {why}", p.display());
    }
    let loaded = match load_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // Resolved before the scan: a shallow clone without the base is a set-up error.
    let base = match args
        .diff_base
        .as_deref()
        .map(crate::diffbase::Base::resolve)
    {
        Some(Err(e)) => {
            eprintln!("error: --diff-base: {e}");
            return 2;
        }
        Some(Ok(b)) => Some(b),
        None => None,
    };
    let (mut outcome, mut settings) = match scan(&args, &loaded, base.as_ref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if args.fix {
        let (fixed, files) = crate::cli::fix::apply(&outcome, &settings.root);
        if fixed > 0 {
            eprintln!(
                "privlint: fixed {fixed} finding{} in {files} file{}",
                if fixed == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            );
            // Deleted lines move every later finding: report from the fixed files.
            (outcome, settings) = match scan(&args, &loaded, base.as_ref()) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            };
        }
    }
    if let Err(e) = emit(&args, &outcome, &settings.root) {
        eprintln!("error: cannot write the report: {e}");
        return 2;
    }
    if outcome.has_failing_error(args.strict) || !missing.is_empty() {
        return 2;
    }
    let fail_on = args
        .fail_on
        .as_deref()
        .or(loaded.config.fail_on.as_deref())
        .and_then(Severity::parse)
        .unwrap_or(Severity::Info);
    let failing = outcome.findings.iter().any(|f| f.severity >= fail_on);
    // The process ends here: freeing every finding and model one by one (a hundred
    // thousand files' worth) would only delay the exit.
    std::mem::forget(outcome);
    std::mem::forget(settings);
    i32::from(failing && !args.exit_zero && args.write_baseline.is_none())
}

/// `check`'s set-up from a command line (`privlint check …`), for the commands built on a
/// check (`map`, `scan`): the arguments, the config and the settings.
pub fn prepared(
    argv: Vec<std::ffi::OsString>,
) -> Result<(CheckArgs, LoadedConfig, Settings), String> {
    use clap::Parser;
    let args = match super::Cli::try_parse_from(argv).map_err(|e| e.to_string())? {
        super::Cli {
            command: super::Command::Check(c),
        } => *c,
        _ => return Err("not a check command line".into()),
    };
    let loaded = load_config(&args)?;
    let settings = settings(&args, &loaded)?;
    Ok((args, loaded, settings))
}

/// One scan as the arguments ask: files or standard input, then `--diff-base` and the
/// baseline.
fn scan(
    args: &CheckArgs,
    loaded: &LoadedConfig,
    base: Option<&crate::diffbase::Base>,
) -> Result<(Outcome, Settings), String> {
    let mut settings = settings(args, loaded)?;
    let mut outcome = if let Some(name) = &args.stdin_filename {
        let mut content = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut content)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let rel = name.to_string_lossy().replace('\\', "/");
        engine::run_content(name, &rel, content, &settings)
    } else {
        engine::run(&args.paths, &settings)
    };
    // The base revision's files are analysed with the same cache: unchanged ones are hits.
    if let Some(base) = base {
        crate::diffbase::keep_introduced(&mut outcome, base, &settings, &args.paths)
            .map_err(|e| format!("--diff-base: {e}"))?;
    }
    // Its failure is a warning: the results are still right.
    if let Some(cache) = settings
        .cache
        .take()
        .filter(|_| args.stdin_filename.is_none())
    {
        if let Err(e) = cache.save() {
            eprintln!("warning: cannot write the privlint cache: {e}");
        }
    }
    apply_baseline(args, &mut outcome)?;
    Ok((outcome, settings))
}

fn apply_baseline(args: &CheckArgs, o: &mut Outcome) -> Result<(), String> {
    use crate::baseline::Baseline;
    if let Some(p) = &args.baseline {
        let mut b = Baseline::load(p)?;
        let fixed = b.apply(o);
        o.fixed = fixed.len();
        if args.prune_baseline {
            for e in &fixed {
                b.findings.remove(e);
            }
            b.save(p)
                .map_err(|e| format!("{}: cannot write baseline: {e}", p.display()))?;
            o.fixed = 0;
            eprintln!(
                "privlint: pruned {} fixed entries from {}",
                fixed.len(),
                p.display()
            );
        }
    }
    if let Some(p) = &args.write_baseline {
        let kept = o.findings.iter().chain(
            o.suppressed_findings
                .iter()
                .filter(|f| f.suppression == Some(crate::engine::Suppressed::Baseline)),
        );
        let b = Baseline::from_findings(kept);
        b.save(p)
            .map_err(|e| format!("{}: cannot write baseline: {e}", p.display()))?;
        eprintln!(
            "privlint: wrote {} findings to {}",
            b.findings.len(),
            p.display()
        );
    }
    Ok(())
}

fn load_config(args: &CheckArgs) -> Result<LoadedConfig, String> {
    if args.isolated {
        return Ok(LoadedConfig::none());
    }
    let loaded = match &args.config {
        Some(p) => config::load(p)?,
        None => config::discover(args.paths.first().map_or(Path::new("."), PathBuf::as_path))?,
    };
    rules::check_config(&loaded)?;
    Ok(loaded)
}

fn settings(args: &CheckArgs, loaded: &LoadedConfig) -> Result<Settings, String> {
    let c = &loaded.config;
    for r in args
        .select
        .iter()
        .chain(&args.extend_select)
        .chain(&args.ignore)
    {
        if r != "ALL" && rules::find(r).is_none() {
            return Err(format!("unknown rule `{r}` (see `privlint rules`)"));
        }
    }
    // No selection means the default set: opt-in rules (audits) only when named or `ALL`.
    let select: Option<Vec<String>> = if !args.select.is_empty() {
        Some(args.select.clone())
    } else {
        c.select.clone()
    };
    let enabled = |r: &rules::RuleInfo| {
        let name = r.name;
        let chosen = match &select {
            Some(s) => s.iter().any(|s| s == "ALL" || s == name),
            None => r.default_enabled,
        } || c
            .extend_select
            .iter()
            .chain(&args.extend_select)
            .any(|s| s == "ALL" || s == name);
        chosen && !c.ignore.iter().chain(&args.ignore).any(|s| s == name)
    };
    let rules: Vec<_> = rules::REGISTRY.iter().filter(|r| enabled(r)).collect();
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let root = match args.paths.as_slice() {
        [one] if one.is_dir() => one.clone(),
        _ => PathBuf::from("."),
    };
    let mut excludes = c.exclude.clone();
    excludes.extend(c.extend_exclude.iter().cloned());
    excludes.extend(args.exclude.iter().cloned());
    let exclude_root = loaded
        .root()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| cwd.clone());
    let extras = CatalogExtras {
        python_sinks: c.sinks.python.clone(),
        javascript_sinks: c.sinks.javascript.clone(),
        rust_sinks: c.sinks.rust.clone(),
        sanitizers: c.sanitizers.extra.clone(),
        python_sources: c.sources.python.clone().into_iter().collect(),
        javascript_sources: c.sources.javascript.clone().into_iter().collect(),
        rust_sources: c.sources.rust.clone().into_iter().collect(),
    };
    let cache = if args.no_cache {
        None
    } else {
        let dir = project::cache_dir(loaded, &root);
        let models = rules.iter().any(|r| r.check.repo().is_some());
        let extraction = format!(
            "{:?}",
            (
                &extras.python_sinks,
                &extras.javascript_sinks,
                &extras.rust_sinks,
                &extras.sanitizers,
                (
                    &extras.python_sources,
                    &extras.javascript_sources,
                    &extras.rust_sources,
                ),
                models,
                // Project calls are cached with only the arguments the classifier knows.
                &c.data_types,
                // Names-only entries depend on the lexical tier's stems (a test hook replaces
                // them; the catalogue's sink words are in the sinks above).
                std::env::var("PRIVLINT_PREFILTER_STEMS").ok(),
            )
        );
        crate::cache::Cache::open(&dir, &crate::cache::settings_key(&extraction))
    };
    // `-j 100000` would spawn as many 64 MiB-stack workers: capped at four per core.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = args.threads.unwrap_or(cores).clamp(1, (4 * cores).max(16));
    let catalog = Catalog::new(&extras);
    Ok(Settings {
        rules,
        classifier: Classifier::new(c.data_types.clone()),
        prefilter: (!args.no_prefilter).then(|| crate::prefilter::Prefilter::new(&catalog)),
        catalog,
        max_file_size: c.max_file_size.unwrap_or(engine::DEFAULT_MAX_FILE_SIZE),
        file_timeout: match args.file_timeout.or(c.file_timeout) {
            None => Some(engine::DEFAULT_FILE_TIMEOUT),
            Some(s) if s > 0.0 && s.is_finite() => Some(std::time::Duration::from_secs_f64(s)),
            Some(_) => None,
        },
        threads,
        excludes,
        exclude_root: std::fs::canonicalize(&exclude_root).unwrap_or(exclude_root),
        respect_gitignore: !args.no_respect_gitignore && c.respect_gitignore.unwrap_or(true),
        force_exclude: args.force_exclude,
        root: project::normalise_root(&root),
        project_root: project::project_root(loaded, &args.paths),
        repo_config: rules::RepoRuleConfig::from_config(c),
        cache,
        panic_on: std::env::var("PRIVLINT_TEST_PANIC_ON").ok(),
        progress: !args.quiet,
        keep_index: false,
    })
}

fn emit(args: &CheckArgs, o: &Outcome, root: &Path) -> std::io::Result<()> {
    if let Some(p) = &args.sarif_output {
        std::fs::write(p, report::sarif::render(o, root, args.include_snippets))?;
    }
    if let Some(p) = &args.json_output {
        std::fs::write(p, report::json::render(o))?;
    }
    let color = match args.color {
        Color::Never => false,
        Color::Always => true,
        Color::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut buf: Vec<u8> = Vec::new();
    let machine = !matches!(args.format, Format::Human | Format::Concise);
    match args.format {
        Format::Json => buf.extend(report::json::render(o).into_bytes()),
        Format::Sarif => {
            buf.extend(report::sarif::render(o, root, args.include_snippets).into_bytes())
        }
        Format::Github => buf.extend(report::ci::github(o).into_bytes()),
        Format::Gitlab => buf.extend(report::ci::gitlab(o).into_bytes()),
        Format::Junit => buf.extend(report::ci::junit(o).into_bytes()),
        Format::Concise | Format::Human => {
            if args.format == Format::Concise {
                buf.extend(report::concise::render(o).into_bytes());
            } else if color && args.output.is_none() {
                let mut stream = StandardStream::stdout(ColorChoice::Always);
                report::human::render(o, &mut stream)?;
                stream.flush()?;
            } else {
                let mut w = NoColor::new(&mut buf);
                report::human::render(o, &mut w)?;
            }
            if args.show_files {
                buf.extend(show_files(o).into_bytes());
            }
            for l in report::problem_lines(o) {
                if !(args.quiet && l.starts_with("note:")) {
                    buf.extend(format!("{l}\n").into_bytes());
                }
            }
            if args.statistics {
                buf.extend(report::statistics(o).into_bytes());
            }
            if !args.quiet {
                buf.extend(format!("{}\n", report::footer(o)).into_bytes());
            }
        }
    }
    if machine && (args.show_files || args.statistics) {
        // Machine formats keep stdout clean: extras go to stderr.
        let mut e = std::io::stderr();
        if args.show_files {
            e.write_all(show_files(o).as_bytes())?;
        }
        if args.statistics {
            e.write_all(report::statistics(o).as_bytes())?;
        }
    }
    match &args.output {
        Some(p) => std::fs::write(p, &buf),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()
        }
    }
}

fn show_files(o: &Outcome) -> String {
    let mut lines: Vec<String> = o
        .scanned_files
        .iter()
        .map(|(p, l)| {
            let how = if o.names_only.contains(p) {
                "; names only, not parsed"
            } else {
                ""
            };
            format!("analysed      {} ({}{how})", printable(p), l.name())
        })
        .chain(
            o.skipped
                .iter()
                .map(|(p, r)| format!("not analysed  {}: {r}", printable(p))),
        )
        .chain(
            o.errors
                .iter()
                .filter(|e| e.line.is_none())
                .map(|e| format!("not analysed  {}: {}", printable(&e.path), e.message)),
        )
        .collect();
    lines.sort_by(|a, b| a[14..].cmp(&b[14..]));
    lines.into_iter().map(|l| l + "\n").collect()
}
