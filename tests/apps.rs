//! Realistic multi-file applications under `tests/data/apps/`, one framework stack each, with
//! a label file (`expected.txt`) listing every repository finding a privacy reviewer expects:
//! `path:line rule`, one line per finding (two findings on one line: two label lines). The
//! found findings must equal the labelled ones, count for count, in each app.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use privlint::engine::{run, Settings};
use privlint::rules;

type Key = (String, u32, String);

fn count(keys: impl Iterator<Item = Key>) -> BTreeMap<Key, usize> {
    let mut m = BTreeMap::new();
    for k in keys {
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

fn labels(app: &Path) -> BTreeMap<Key, usize> {
    let text = std::fs::read_to_string(app.join("expected.txt")).expect("expected.txt");
    count(
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
            }),
    )
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
        let found = count(
            outcome
                .findings
                .iter()
                .map(|d| (d.path.clone(), d.location.start.line, d.rule.to_string())),
        );
        let expected = labels(app);
        for (k, n) in &expected {
            let got = found.get(k).copied().unwrap_or(0);
            if got < *n {
                failures.push(format!(
                    "missing  {name}/{}:{} {} ({got} of {n})",
                    k.0, k.1, k.2
                ));
            }
        }
        for (k, n) in &found {
            let want = expected.get(k).copied().unwrap_or(0);
            if *n > want {
                let msg = outcome
                    .findings
                    .iter()
                    .find(|d| d.path == k.0 && d.location.start.line == k.1)
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                failures.push(format!(
                    "extra    {name}/{}:{} {} ({n}, labelled {want}): {msg}",
                    k.0, k.1, k.2
                ));
            }
        }
        println!(
            "{name:<28} {:>3} findings labelled",
            expected.values().sum::<usize>()
        );
    }
    assert!(
        failures.is_empty(),
        "found ≠ labelled\n{}",
        failures.join("\n")
    );
}
