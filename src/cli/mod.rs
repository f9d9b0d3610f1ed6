//! Command-line interface: argument structs and subcommands. `main` only calls [`main`].

mod check;
mod fix;
mod init;
mod map;
mod project;
mod scan;

use clap::{Parser, Subcommand, ValueEnum};

use crate::rules;

#[derive(Parser)]
#[command(
    name = "privlint",
    version,
    about = "A fast static-analysis linter for privacy risks in source code"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Analyse files and directories (default: the current directory).
    Check(Box<check::CheckArgs>),
    /// The project's personal-data inventory: per data type where it is collected, stored,
    /// logged, shared and deleted; per entity; per third party (json, markdown, html, fides).
    Map(Box<map::MapArgs>),
    /// Scan many repositories (or one shard of them, `--shard K/N`) into a shard report.
    Scan(Box<scan::ScanArgs>),
    /// Combine shard reports into one (json, sarif with a run per repository, html).
    Merge(Box<scan::MergeArgs>),
    /// List the rules.
    Rules,
    /// Print a rule's documentation.
    Rule {
        /// Rule name, e.g. `pii-in-logs`.
        name: String,
    },
    /// List the personal-data types privlint recognises, with their fideslang keys.
    DataTypes {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Remove the cache (`.privlint_cache/`) of the current project.
    Clean,
    /// Write a commented `privlint.toml` here and print the pre-commit snippet.
    Init {
        /// Overwrite an existing `privlint.toml`.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script: `privlint completions bash > /etc/bash_completion.d/privlint`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print privlint's version.
    Version,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
}

/// A `privlint check` command line run as `check` would, without printing: its outcome and
/// settings (for `scan`, which checks each repository as its own project).
pub fn run_check_for(
    argv: Vec<std::ffi::OsString>,
    keep_index: bool,
) -> Result<(crate::engine::Outcome, crate::engine::Settings), String> {
    let (args, _, mut settings) = check::prepared(argv)?;
    settings.keep_index = keep_index;
    let outcome = crate::engine::run(&args.paths, &settings);
    Ok((outcome, settings))
}

/// Runs the command line and returns the process exit code: 0 clean, 1 findings at or above
/// the failing severity, 2 usage, config or internal error.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Map(args) => map::run(*args),
        Command::Scan(args) => scan::run(*args),
        Command::Merge(args) => scan::run_merge(*args),
        Command::Init { force } => init::run(std::path::Path::new("."), force),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "privlint", &mut script);
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            0
        }
        Command::Rules => {
            for r in rules::REGISTRY {
                println!(
                    "{:<22} {:<8} {}",
                    r.name,
                    r.default_severity.as_str(),
                    r.summary
                );
            }
            0
        }
        Command::Rule { name } => match rules::find(&name) {
            Some(r) => {
                print!("{}", rules::page(r));
                0
            }
            None => {
                eprintln!("error: unknown rule `{name}`; `privlint rules` lists them");
                2
            }
        },
        Command::DataTypes { format } => {
            data_types(format);
            0
        }
        Command::Clean => {
            let cwd = std::path::PathBuf::from(".");
            let loaded = crate::config::discover(&cwd)
                .unwrap_or_else(|_| crate::config::LoadedConfig::none());
            let dir = project::cache_dir(&loaded, &cwd);
            match std::fs::remove_dir_all(&dir) {
                Ok(()) => println!("removed {}", dir.display()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    println!("no cache at {}", dir.display())
                }
                Err(e) => {
                    eprintln!("error: cannot remove {}: {e}", dir.display());
                    return 2;
                }
            }
            0
        }
        Command::Version => {
            println!("privlint {}", env!("CARGO_PKG_VERSION"));
            0
        }
    }
}

fn data_types(format: ListFormat) {
    let c = crate::classify::Classifier::builtin();
    match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = c
                .taxonomy
                .types
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "id": t.id, "name": t.name, "fides": t.fides,
                        "sensitivity": t.sensitivity.as_str(), "tags": t.tags,
                        "examples": t.strong.iter().take(5).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&v).expect("serialisable")
            );
        }
        ListFormat::Text => {
            println!("{:<28} {:<9} {:<48} name", "id", "sens.", "fideslang");
            for t in &c.taxonomy.types {
                println!(
                    "{:<28} {:<9} {:<48} {}",
                    t.id,
                    t.sensitivity.as_str(),
                    t.fides,
                    t.name
                );
            }
        }
    }
}
