//! `unused-suppression` end to end: what is judged, what is not, and `--fix`.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

fn privlint() -> Command {
    let mut c = Command::cargo_bin("privlint").unwrap();
    c.env_remove("PRIVLINT_OUTPUT_FORMAT")
        .env("NO_COLOR", "1")
        .env("PRIVLINT_NO_CACHE", "1");
    c
}

const APP: &str = "\
import logging
log = logging.getLogger(__name__)


def f(user):
    log.info(\"signup %s\", user.email)  # privlint: ignore[pii-in-logs] audited
    log.info(\"signup %s\", user.id)  # privlint: ignore[pii-in-logs] stale
    # privlint: ignore[pii-in-logs] the leak below was fixed
    log.info(\"done\")
    log.info(\"x %s\", user.email)  # privlint: ignore[pii-in-logs, over-collection] half
";

const FIXED: &str = "\
import logging
log = logging.getLogger(__name__)


def f(user):
    log.info(\"signup %s\", user.email)  # privlint: ignore[pii-in-logs] audited
    log.info(\"signup %s\", user.id)
    log.info(\"done\")
    log.info(\"x %s\", user.email)  # privlint: ignore[pii-in-logs] half
";

fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("privlint.toml"), "").unwrap();
    fs::write(dir.path().join("app.py"), text).unwrap();
    dir
}

fn concise(dir: &std::path::Path, extra: &[&str]) -> (String, i32) {
    let out = privlint()
        .current_dir(dir)
        .args(["check", ".", "--format", "concise", "-q"])
        .args(extra)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap(),
    )
}

#[test]
fn unused_suppressions_are_reported_and_fix_deletes_them() {
    let dir = project(APP);
    let (out, code) = concise(dir.path(), &[]);
    assert_eq!(
        out,
        "app.py:7:37: warning[unused-suppression] `privlint: ignore[pii-in-logs]` suppresses nothing\n\
         app.py:8:5: warning[unused-suppression] `privlint: ignore[pii-in-logs]` suppresses nothing\n\
         app.py:10:35: warning[unused-suppression] `over-collection` in `privlint: ignore[pii-in-logs, over-collection]` suppresses nothing\n"
    );
    assert_eq!(code, 1);
    let fixed = privlint()
        .current_dir(dir.path())
        .args(["check", ".", "--fix", "--format", "concise"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert!(stderr.contains("fixed 3 findings in 1 file"), "{stderr}");
    assert_eq!(fixed.status.code(), Some(0), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("app.py")).unwrap(),
        FIXED
    );
    // A second run has nothing left to fix.
    let (out, code) = concise(dir.path(), &["--fix"]);
    assert_eq!((out.as_str(), code), ("", 0));
}

#[test]
fn json_and_sarif_carry_the_fix() {
    let dir = project(APP);
    let out = privlint()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][1];
    assert_eq!(d["rule"], "unused-suppression");
    assert_eq!(d["fix"]["message"], "delete the unused suppression");
    assert_eq!(d["fix"]["edits"][0]["content"], "");
    assert_eq!(d["fix"]["edits"][0]["span"]["start"]["line"], 8);
    assert_eq!(d["fix"]["edits"][0]["span"]["end"]["line"], 9);
    let out = privlint()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "sarif"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let partial = results
        .iter()
        .find(|r| {
            r["ruleId"] == "unused-suppression"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 10
        })
        .unwrap();
    let change = &partial["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "app.py");
    assert_eq!(
        change["replacements"][0]["insertedContent"]["text"],
        "pii-in-logs"
    );
}

/// Silence means nothing where the code did not parse, where the rule did not run, or where
/// only the per-file rules run (standard input).
#[test]
fn only_rules_that_ran_on_code_that_parsed_are_judged() {
    let broken = format!("{APP}\ndef (:\n");
    let dir = project(&broken);
    let (out, _) = concise(dir.path(), &[]);
    assert!(!out.contains("unused-suppression"), "{out}");

    let dir = project(APP);
    let (out, _) = concise(dir.path(), &["--select", "pii-in-logs"]);
    assert_eq!(out, "");
    let (out, _) = concise(dir.path(), &["--select", "pii-in-logs,unused-suppression"]);
    assert_eq!(out.lines().count(), 2, "over-collection did not run: {out}");

    let out = privlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--stdin-filename",
            "app.py",
            "--format",
            "concise",
            "-q",
            "-",
        ])
        .write_stdin(APP)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.lines().count(),
        2,
        "repository rules do not run on stdin: {out}"
    );
    assert!(!out.contains("over-collection"), "{out}");

    let refused = privlint()
        .current_dir(dir.path())
        .args(["check", "--stdin-filename", "app.py", "--fix", "-"])
        .write_stdin(APP)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}
