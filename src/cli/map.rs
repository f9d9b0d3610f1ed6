//! `privlint map`: the data inventory of the project, from the same analysis (and cache) as
//! `check`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::check;
use crate::map;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum MapFormat {
    /// The inventory as JSON (`version`, `summary`, `risks`, `data_types`, `entities`,
    /// `third_parties`).
    Json,
    /// A document for a review or a DPIA.
    Markdown,
    /// One self-contained page: matrix, charts, flow, links to the code.
    Html,
    /// A fideslang `dataset` and `system` manifest (YAML).
    Fides,
}

#[derive(Args)]
pub struct MapArgs {
    /// Files or directories to map (default: the current directory).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = MapFormat::Markdown)]
    pub format: MapFormat,
    /// Write the map to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Link places to a forge instead of relative paths: `{path}` and `{line}` are replaced,
    /// e.g. `https://github.com/org/repo/blob/main/{path}#L{line}`.
    #[arg(long, value_name = "TEMPLATE")]
    pub source_url: Option<String>,
    /// The project's name in the map (default: the checked directory's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Use this config file instead of discovering one.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long)]
    pub isolated: bool,
    /// Neither read nor write the cache of per-file facts.
    #[arg(long)]
    pub no_cache: bool,
    /// Parse every file (see `check --no-prefilter`).
    #[arg(long)]
    pub no_prefilter: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

/// `check`'s command line for the same paths and options, so both share one set-up.
fn as_check(args: &MapArgs) -> Vec<std::ffi::OsString> {
    let mut argv: Vec<std::ffi::OsString> =
        vec!["privlint".into(), "check".into(), "--quiet".into()];
    argv.extend(args.paths.iter().map(|p| p.clone().into_os_string()));
    if let Some(c) = &args.config {
        argv.push("--config".into());
        argv.push(c.clone().into_os_string());
    }
    if args.isolated {
        argv.push("--isolated".into());
    }
    if args.no_cache {
        argv.push("--no-cache".into());
    }
    if args.no_prefilter {
        argv.push("--no-prefilter".into());
    }
    if let Some(j) = args.threads {
        argv.push("-j".into());
        argv.push(j.to_string().into());
    }
    argv
}

pub fn run(args: MapArgs) -> i32 {
    let mut settings = match check::prepared(as_check(&args)) {
        Ok((_, _, s)) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if settings.rules.iter().all(|r| r.check.repo().is_none()) {
        eprintln!(
            "error: the map needs a repository rule (over-collection or missing-deletion) selected"
        );
        return 2;
    }
    settings.keep_index = true;
    let mut outcome = crate::engine::run(&args.paths, &settings);
    if let Some(cache) = settings.cache.take() {
        if let Err(e) = cache.save() {
            eprintln!("warning: cannot write the privlint cache: {e}");
        }
    }
    let project = args.name.clone().unwrap_or_else(|| {
        let dir = settings
            .project_root
            .clone()
            .unwrap_or_else(|| settings.root.clone());
        std::fs::canonicalize(&dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "project".into())
    });
    let inv = map::build(
        &project,
        &mut outcome,
        &settings.classifier,
        &settings.repo_config,
    );
    let source_url = args.source_url.as_deref();
    let text = match args.format {
        MapFormat::Json => map::json(&inv),
        MapFormat::Markdown => map::markdown::render(&inv, source_url),
        MapFormat::Html => map::html::render(&inv, source_url),
        MapFormat::Fides => map::fides::render(&inv),
    };
    let written = match &args.output {
        Some(p) => std::fs::write(p, text),
        None => std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes()),
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the map: {e}");
        return 2;
    }
    for e in outcome.errors.iter().filter(|e| e.is_error()) {
        eprintln!("error: {}: {}", e.path, e.message);
    }
    if outcome.has_failing_error(false) {
        2
    } else {
        0
    }
}
