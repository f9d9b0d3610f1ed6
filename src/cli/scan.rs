//! `privlint scan` (many repositories, one shard of them) and `privlint merge` (shards into
//! one report).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use crate::scan::{self, merge, RepoSpec, ScanOptions};

#[derive(Args)]
pub struct ScanArgs {
    /// A file listing repositories, one per line: a local path, or a git URL with an optional
    /// `@rev` (branch or tag); `-` reads standard input; `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub repos: Option<PathBuf>,
    /// Every git repository under this directory.
    #[arg(long, value_name = "DIR")]
    pub repos_dir: Option<PathBuf>,
    /// Scan only shard K of N (1-based), a stable subset chosen by the repository id.
    #[arg(long, value_name = "K/N", default_value = "1/1")]
    pub shard: String,
    /// Where to write the shard's report (default `shard-K-of-N.json`).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Where git URLs are cloned (default: a `privlint-scan` directory in the temp dir).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Seconds a clone may take.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub clone_timeout: u64,
    /// A clone larger than this many MiB is not scanned.
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    pub max_repo_size: u64,
    /// Also write each repository's data map (HTML) into this directory; the merged HTML
    /// report links to them.
    #[arg(long, value_name = "DIR")]
    pub maps: Option<PathBuf>,
    /// Worker threads per repository scan (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MergeFormat {
    Json,
    Sarif,
    Html,
}

#[derive(Args)]
pub struct MergeArgs {
    /// Shard files written by `privlint scan`.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = MergeFormat::Json)]
    pub format: MergeFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--shard {s}: expected K/N with 1 <= K <= N");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

fn repo_list(args: &ScanArgs) -> Result<Vec<RepoSpec>, String> {
    let mut specs = Vec::new();
    if let Some(f) = &args.repos {
        let text = if f.as_os_str() == "-" {
            let mut t = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut t)
                .map_err(|e| e.to_string())?;
            t
        } else {
            std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?
        };
        specs.extend(text.lines().filter_map(RepoSpec::parse));
    }
    if let Some(d) = &args.repos_dir {
        specs.extend(scan::repos_under(d));
    }
    if args.repos.is_none() && args.repos_dir.is_none() {
        return Err("name the repositories: --repos FILE or --repos-dir DIR".into());
    }
    specs.sort_by(|a, b| a.id.cmp(&b.id));
    specs.dedup_by(|a, b| a.id == b.id);
    Ok(specs)
}

pub fn run(args: ScanArgs) -> i32 {
    let started = Instant::now();
    let (k, n) = match parse_shard(&args.shard) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let specs = match repo_list(&args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
    let of = scan::shards(&ids, n);
    let mine: Vec<&RepoSpec> = specs
        .iter()
        .zip(of)
        .filter(|(_, shard)| *shard == k - 1)
        .map(|(s, _)| s)
        .collect();
    let opts = ScanOptions {
        work_dir: args
            .work_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("privlint-scan")),
        clone_timeout: Duration::from_secs(args.clone_timeout),
        max_repo_bytes: args.max_repo_size.saturating_mul(1 << 20),
        threads: args.threads,
        maps: args.maps.clone(),
    };
    let bar = progress(mine.len());
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Repositories and their files share one pool. Each repository's index is dropped once
    // its report is made: memory is that of the few repositories in progress, not of all.
    let reports: Vec<Value> = crate::engine::pool(threads).install(|| {
        use rayon::prelude::*;
        mine.par_iter()
            .with_max_len(1)
            .map(|spec| {
                if let Some(b) = &bar {
                    b.set_message(spec.id.clone());
                }
                let report = scan::scan_one(spec, &opts);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                report
            })
            .collect()
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let failed = reports.iter().filter(|r| r["status"] == "failed").count();
    let shard = json!({
        "version": 1,
        "shard": {"index": k, "total": n},
        "repositories": reports,
        "timing": {
            "elapsed_ms": started.elapsed().as_millis() as u64,
            "peak_rss_kib": scan::peak_rss_kib(),
        },
    });
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("shard-{k}-of-{n}.json")));
    let mut text = serde_json::to_string_pretty(&shard).expect("serialisable");
    text.push('\n');
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return 2;
    }
    eprintln!(
        "privlint: shard {k}/{n}: {} of {} repositories, {failed} failed, in {:.1}s; wrote {}",
        mine.len(),
        specs.len(),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    0
}

fn progress(total: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || total < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} repositories  {wide_msg}")
            .ok()?,
    );
    Some(bar)
}

pub fn run_merge(args: MergeArgs) -> i32 {
    let mut shards: Vec<Value> = Vec::new();
    for p in &args.shards {
        match std::fs::read(p)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()))
        {
            Ok(v) => shards.push(v),
            Err(e) => {
                eprintln!("error: {}: {e}", p.display());
                return 2;
            }
        }
    }
    let merged = match merge::combine(&shards) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if let Some(missing) = merged["summary"]["missing_shards"]
        .as_array()
        .filter(|m| !m.is_empty())
    {
        eprintln!("warning: shards missing from the merge: {missing:?}");
    }
    let text = match args.format {
        MergeFormat::Json => merge::json(&merged),
        MergeFormat::Sarif => merge::sarif(&merged),
        MergeFormat::Html => merge::html(&merged),
    };
    let written = match &args.output {
        Some(p) => std::fs::write(p, text),
        None => std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes()),
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the report: {e}");
        return 2;
    }
    0
}
