//! Realistic multi-file applications under `tests/data/apps/`, one framework stack each, with
//! a label file (`expected.txt`) listing every repository finding a privacy reviewer expects:
//! `path:line rule`. The found set must equal the labelled set, for each app.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use privlint::engine::{run, Settings};
use privlint::rules;

fn labels(app: &Path) -> BTreeSet<(String, u32, String)> {
    let text = std::fs::read_to_string(app.join("expected.txt")).expect("expected.txt");
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (loc, rule) = l.split_once(char::is_whitespace).expect("path:line rule");
            let (path, line) = loc.rsplit_once(':').expect("path:line");
            (
                path.to_string(),
                line.parse().expect("line number"),
                rule.trim().to_string(),
            )
        })
        .collect()
}

#[test]
fn apps_report_exactly_their_labels() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/apps");
    let mut apps: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    apps.sort();
    assert!(
        apps.len() >= 6,
        "want at least six apps, have {}",
        apps.len()
    );
    let mut failures = Vec::new();
    for app in &apps {
        let name = app.file_name().unwrap().to_string_lossy().to_string();
        let config = privlint::config::discover(app).unwrap().config;
        let mut settings = Settings::with_rules(
            vec![
                rules::find("over-collection").unwrap(),
                rules::find("missing-deletion").unwrap(),
            ],
            app.clone(),
        );
        settings.repo_config = rules::RepoRuleConfig::from_config(&config);
        let outcome = run(std::slice::from_ref(app), &settings);
        assert!(
            outcome.errors.is_empty(),
            "{name} must parse cleanly: {:?}",
            outcome.errors
        );
        let found: BTreeSet<(String, u32, String)> = outcome
            .findings
            .iter()
            .map(|d| (d.path.clone(), d.location.start.line, d.rule.to_string()))
            .collect();
        let expected = labels(app);
        for (p, l, r) in expected.difference(&found) {
            failures.push(format!("missing  {name}/{p}:{l} {r}"));
        }
        for (p, l, r) in found.difference(&expected) {
            let msg = outcome
                .findings
                .iter()
                .find(|d| d.path == *p && d.location.start.line == *l)
                .map(|d| d.message.clone())
                .unwrap_or_default();
            failures.push(format!("extra    {name}/{p}:{l} {r}: {msg}"));
        }
        println!("{name:<28} {:>3} findings labelled", expected.len());
    }
    assert!(
        failures.is_empty(),
        "found ≠ labelled\n{}",
        failures.join("\n")
    );
}
