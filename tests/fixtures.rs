//! Every fixture under `fixtures/<rule>/<lang>/` states its expectations beside the code:
//! `expect: <rule>` in a comment at the end of a line, or alone on the line above it. Lines
//! with `ok:` comments are negatives. The found set must equal the expected set exactly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use privlint::engine::{run, Settings};
use privlint::rules;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (line, rule) pairs the fixture expects, and how many explicit negatives it has.
fn expectations(src: &str) -> (BTreeSet<(u32, String)>, usize) {
    let mut expected = BTreeSet::new();
    let mut negatives = 0;
    let lines: Vec<&str> = src.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(pos) = line.find("expect: ") else {
            negatives += line.contains("# ok:") as usize
                + line.contains("// ok:") as usize
                + line.contains("-- ok:") as usize;
            continue;
        };
        let rule = line[pos + 8..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        let before = line[..pos]
            .trim_end()
            .trim_end_matches(['#', '/', '-'])
            .trim();
        let target = if before.is_empty() {
            // Own line: the next line that is not a comment of the same syntax (`#[attr]`
            // in Rust is code, not a comment).
            let t = line.trim_start();
            let marker = if t.starts_with("//") {
                "//"
            } else if t.starts_with("--") {
                "--"
            } else {
                "#"
            };
            (i + 1..lines.len())
                .find(|j| !lines[*j].trim_start().starts_with(marker))
                .unwrap()
        } else {
            i
        };
        expected.insert((target as u32 + 1, rule));
    }
    (expected, negatives)
}

fn check_rule_dir(rule: &str, lang: &str, min_pos: usize, min_neg: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rule)
        .join(lang);
    let files = files_under(&dir);
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    // `unused-suppression` judges what the other rules found: it runs with the default set.
    let selected = match rules::find(rule).unwrap().check {
        rules::Check::Suppressions(_) => rules::REGISTRY
            .iter()
            .filter(|r| r.default_enabled)
            .collect(),
        _ => vec![rules::find(rule).unwrap()],
    };
    let settings = Settings::with_rules(selected, dir.clone());
    let outcome = run(&files, &settings);
    assert!(
        outcome.errors.is_empty(),
        "fixtures must parse cleanly: {:?}",
        outcome.errors
    );
    let mut failures = Vec::new();
    let (mut pos, mut neg) = (0, 0);
    for f in &files {
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (expected, negatives) = expectations(&std::fs::read_to_string(f).unwrap());
        pos += expected.len();
        neg += negatives;
        let found: BTreeSet<(u32, String)> = outcome
            .findings
            .iter()
            .filter(|d| d.path == rel && d.rule == rule)
            .map(|d| (d.location.start.line, d.rule.to_string()))
            .collect();
        for (line, r) in expected.difference(&found) {
            failures.push(format!("missing  {rel}:{line} {r}"));
        }
        for (line, r) in found.difference(&expected) {
            let msg = outcome
                .findings
                .iter()
                .find(|d| d.path == rel && d.location.start.line == *line)
                .map(|d| d.message.clone())
                .unwrap_or_default();
            failures.push(format!("extra    {rel}:{line} {r}: {msg}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{rule}/{lang}: found ≠ expected\n{}",
        failures.join("\n")
    );
    assert!(
        pos >= min_pos,
        "{rule}/{lang}: only {pos} positive cases (want {min_pos})"
    );
    assert!(
        neg >= min_neg,
        "{rule}/{lang}: only {neg} negative cases (want {min_neg})"
    );
}

#[test]
fn pii_in_logs_python() {
    check_rule_dir("pii-in-logs", "python", 40, 40);
}

#[test]
fn pii_in_logs_javascript() {
    check_rule_dir("pii-in-logs", "javascript", 40, 40);
}

#[test]
fn pii_in_logs_typescript() {
    check_rule_dir("pii-in-logs", "typescript", 40, 40);
}

#[test]
fn pii_in_logs_rust() {
    check_rule_dir("pii-in-logs", "rust", 40, 40);
}

#[test]
fn unused_suppression_python() {
    check_rule_dir("unused-suppression", "python", 5, 5);
}

#[test]
fn unused_suppression_javascript() {
    check_rule_dir("unused-suppression", "javascript", 5, 5);
}

#[test]
fn unused_suppression_typescript() {
    check_rule_dir("unused-suppression", "typescript", 5, 5);
}

#[test]
fn unused_suppression_rust() {
    check_rule_dir("unused-suppression", "rust", 5, 5);
}

#[test]
fn unused_suppression_sql() {
    check_rule_dir("unused-suppression", "sql", 2, 3);
}

/// Repository rules: each case directory is a project of its own. Besides exact equality on
/// the whole case, every file is also checked alone (as a pre-commit hook would) with the
/// case as its project: a partial scan reports exactly the whole scan's findings in that file.
fn check_repo_rule(rule: &str, lang: &str, min_cases: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rule)
        .join(lang);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let (mut pos, mut neg) = (0, 0);
    for case in &cases {
        let config = privlint::config::discover(case).unwrap().config;
        let repo_config = rules::RepoRuleConfig::from_config(&config);
        let mut settings = Settings::with_rules(vec![rules::find(rule).unwrap()], case.clone());
        settings.repo_config = repo_config.clone();
        let outcome = run(std::slice::from_ref(case), &settings);
        assert!(
            outcome.errors.is_empty(),
            "fixtures must parse cleanly: {:?}",
            outcome.errors
        );
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let mut case_pos = 0;
        for f in files_under(case) {
            let rel = f
                .strip_prefix(case)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let (expected, negatives) = expectations(&std::fs::read_to_string(&f).unwrap());
            case_pos += expected.len();
            neg += negatives;
            let found: BTreeSet<(u32, String)> = outcome
                .findings
                .iter()
                .filter(|d| d.path == rel)
                .map(|d| (d.location.start.line, d.rule.to_string()))
                .collect();
            for (line, r) in expected.difference(&found) {
                failures.push(format!("missing  {name}/{rel}:{line} {r}"));
            }
            for (line, r) in found.difference(&expected) {
                let msg = outcome
                    .findings
                    .iter()
                    .find(|d| d.path == rel && d.location.start.line == *line)
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                failures.push(format!("extra    {name}/{rel}:{line} {r}: {msg}"));
            }
            let mut alone = Settings::with_rules(vec![rules::find(rule).unwrap()], case.clone());
            alone.project_root = Some(case.clone());
            alone.repo_config = repo_config.clone();
            let partial = run(std::slice::from_ref(&f), &alone);
            let got: BTreeSet<(u32, String)> = partial
                .findings
                .iter()
                .map(|d| (d.location.start.line, d.rule.to_string()))
                .collect();
            if got != found {
                failures.push(format!(
                    "partial  {name}/{rel}: alone {got:?}, in the whole project {found:?}"
                ));
            }
        }
        pos += case_pos;
    }
    assert!(
        failures.is_empty(),
        "{rule}/{lang}: found ≠ expected\n{}",
        failures.join("\n")
    );
    assert!(
        cases.len() >= min_cases,
        "{rule}/{lang}: only {} cases (want {min_cases})",
        cases.len()
    );
    assert!(
        pos > 0 && neg > 0,
        "{rule}/{lang}: {pos} positives, {neg} negatives"
    );
}

#[test]
fn over_collection_python() {
    check_repo_rule("over-collection", "python", 12);
}

#[test]
fn over_collection_javascript() {
    check_repo_rule("over-collection", "javascript", 12);
}

#[test]
fn over_collection_rust() {
    check_repo_rule("over-collection", "rust", 12);
}

#[test]
fn missing_deletion_python() {
    check_repo_rule("missing-deletion", "python", 12);
}

#[test]
fn missing_deletion_javascript() {
    check_repo_rule("missing-deletion", "javascript", 12);
}

#[test]
fn missing_deletion_rust() {
    check_repo_rule("missing-deletion", "rust", 12);
}

#[test]
fn special_category_data_all() {
    check_repo_rule("special-category-data", "mixed", 3);
}
