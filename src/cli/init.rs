//! `privlint init`: a commented `privlint.toml` to start from, and the pre-commit snippet.

use std::path::Path;

/// Every key commented out at its default, so the file changes nothing until edited.
pub const TEMPLATE: &str = r#"# privlint configuration. Every setting is commented out at its default; `privlint rules`
# lists the rules and `privlint rule NAME` explains one.

# Rules to run: default every rule but the opt-in audits; "ALL" for every rule.
# select = ["pii-in-logs", "over-collection", "missing-deletion"]
# extend-select = ["special-category-data"]
# ignore = []

# Paths not analysed (gitignore syntax, anchored at this file's directory); `.gitignore` is
# honoured too unless respect-gitignore is false.
# exclude = ["generated/", "*.pb.py"]
# respect-gitignore = true

# Lowest severity that fails the run (exit 1): error | warning | info.
# fail-on = "info"

# Files larger than this many bytes are reported as not analysed.
# max-file-size = 2097152
# Seconds one file may take before it is reported as not analysed; 0: no limit.
# file-timeout = 10

# Your own logging calls, sanitizers and sources of personal data.
# [sinks]
# python = ["acme.audit.record"]
# javascript = ["auditLog.write"]
# rust = ["audit!"]
# [sanitizers]
# extra = ["acme.privacy.scrub"]
# [sources]
# python = { "acme.auth.mint_token" = "cred.secret_token" }

# Personal data collected by law or contract, and entities deleted outside this repository.
# [over-collection]
# allow = { "Applicant.date_of_birth" = "age check required by KYC law" }
# [missing-deletion]
# handled-by = { "AuditLog" = "retained 7 years by law, purged by the data warehouse" }
"#;

/// The snippet for `.pre-commit-config.yaml`, at this release.
fn pre_commit_snippet() -> String {
    format!(
        "# .pre-commit-config.yaml\nrepos:\n  - repo: {}\n    rev: v{}\n    hooks:\n      - id: privlint\n",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes `privlint.toml` in `dir` unless one exists (`force` overwrites it).
pub fn run(dir: &Path, force: bool) -> i32 {
    let path = dir.join("privlint.toml");
    if path.exists() && !force {
        eprintln!(
            "error: {} exists; `privlint init --force` overwrites it",
            path.display()
        );
        return 2;
    }
    if let Err(e) = std::fs::write(&path, TEMPLATE) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return 2;
    }
    println!("wrote {}", path.display());
    println!(
        "\nTo run privlint before each commit, add to your pre-commit configuration:\n\n{}",
        pre_commit_snippet()
    );
    0
}
