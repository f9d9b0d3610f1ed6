//! End-to-end tests of the built `privlint` binary: exit codes, formats, config, suppressions,
//! bad input and determinism.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;

fn privlint() -> Command {
    let mut c = Command::cargo_bin("privlint").unwrap();
    c.env_remove("PRIVLINT_OUTPUT_FORMAT").env("NO_COLOR", "1");
    c
}

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, content) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

fn json(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let out = privlint()
        .current_dir(dir)
        .args(["check", ".", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (v, out.status.code().unwrap())
}

/// Whether the JSON report lists an error for `path` whose message contains `needle`.
fn has_error(v: &Value, path: &str, needle: &str) -> bool {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["path"] == path && e["message"].as_str().unwrap().contains(needle))
}

const LEAK_PY: &str = "import logging\nlog = logging.getLogger(__name__)\n\ndef f(user):\n    log.info(\"signup %s\", user.email)\n";
const CLEAN_PY: &str = "import logging\nlog = logging.getLogger(__name__)\n\ndef f(user):\n    log.info(\"signup %s\", user.id)\n";

#[test]
fn exit_0_when_clean() {
    let d = project(&[("app.py", CLEAN_PY)]);
    privlint()
        .current_dir(d.path())
        .args(["check", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Found 0 findings"));
}

#[test]
fn exit_1_on_findings_and_fail_on_and_exit_zero() {
    let d = project(&[("app.py", LEAK_PY)]);
    privlint()
        .current_dir(d.path())
        .args(["check"])
        .assert()
        .code(1);
    // An email address is a warning: failing only on errors lets it pass.
    privlint()
        .current_dir(d.path())
        .args(["check", "--fail-on", "error"])
        .assert()
        .code(0);
    privlint()
        .current_dir(d.path())
        .args(["check", "--exit-zero"])
        .assert()
        .code(0);
}

#[test]
fn exit_2_on_usage_missing_path_unknown_rule() {
    let d = project(&[("app.py", CLEAN_PY)]);
    privlint()
        .current_dir(d.path())
        .args(["check", "does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does-not-exist: no such file or directory",
        ));
    privlint()
        .current_dir(d.path())
        .args(["check", "--select", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"));
    privlint()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    privlint().args(["frobnicate"]).assert().code(2);
}

#[test]
fn internal_error_is_contained_and_exits_2() {
    let d = project(&[("a.py", LEAK_PY), ("b.py", LEAK_PY)]);
    let out = privlint()
        .current_dir(d.path())
        .env("PRIVLINT_TEST_PANIC_ON", "a.py")
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["path"], "a.py");
    assert_eq!(v["errors"][0]["internal"], true);
    // The rest of the scan still ran.
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(v["diagnostics"][0]["path"], "b.py");
}

#[test]
fn a_repository_rule_that_panics_is_contained_and_exits_2() {
    let d = project(&[("a.py", LEAK_PY)]);
    let out = privlint()
        .current_dir(d.path())
        .env("PRIVLINT_TEST_PANIC_ON", "repo:missing-deletion")
        .args(["check", ".", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("`missing-deletion` panicked"), "{message}");
    assert_eq!(v["errors"][0]["internal"], true);
    // The file rules and the other repository rules still ran.
    assert_eq!(v["diagnostics"][0]["path"], "a.py");
}

#[test]
fn json_follows_the_contract() {
    let d = project(&[("app/views.py", LEAK_PY), ("big.min.js", "x")]);
    let (v, code) = json(d.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "privlint");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let d0 = &v["diagnostics"][0];
    assert_eq!(d0["rule"], "pii-in-logs");
    assert_eq!(d0["severity"], "warning");
    assert_eq!(d0["confidence"], "high");
    assert_eq!(d0["message"], "email address written to a log");
    assert_eq!(d0["path"], "app/views.py");
    assert_eq!(
        d0["span"]["start"],
        serde_json::json!({"line": 5, "column": 5})
    );
    assert_eq!(
        d0["span"]["end"],
        serde_json::json!({"line": 5, "column": 38})
    );
    assert_eq!(
        d0["data_types"],
        serde_json::json!([{"id": "contact.email", "fides": "user.contact.email"}])
    );
    assert!(d0["fingerprint"].as_str().unwrap().len() >= 16);
    let rel = &d0["related"][0];
    assert_eq!(rel["path"], "app/views.py");
    assert_eq!(
        rel["span"]["start"],
        serde_json::json!({"line": 5, "column": 27})
    );
    assert!(rel["message"].as_str().unwrap().contains("user.email"));
    assert_eq!(v["files"]["scanned"], 1);
    assert_eq!(
        v["files"]["skipped"][0],
        serde_json::json!({"path": "big.min.js", "reason": "minified file"})
    );
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn human_and_concise_formats() {
    let d = project(&[("app.py", LEAK_PY)]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let body: Vec<&str> = s.lines().filter(|l| !l.starts_with("Found")).collect();
    insta::assert_snapshot!("human_leak_py", body.join("\n"));
    assert!(s.contains("warning[pii-in-logs]: email address written to a log"));
    assert!(s.contains(
        "= note: data type: email address (`contact.email`, fideslang `user.contact.email`"
    ));
    assert!(s.contains("= help:"));
    assert!(s.contains("Found 1 finding (1 warning) in 1 file in"));
    privlint()
        .current_dir(d.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "app.py:5:5: warning[pii-in-logs] email address written to a log [contact.email]\n",
        ));
}

#[test]
fn literal_personal_values_are_redacted_in_snippets() {
    let d = project(&[(
        "app.js",
        "console.log('mail to alice.smith@example.com', user.email);\n",
    )]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("pii-in-logs"), "{s}");
    assert!(
        !s.contains("alice.smith") && !s.contains("example.com"),
        "{s}"
    );
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |j: &str| {
        privlint()
            .current_dir(&fixtures)
            .args(["check", ".", "--format", "json", "--no-cache", "-j", j])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(one.len() > 1000);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn config_selects_and_errors_name_file_line_and_key() {
    let d = project(&[
        ("app.py", LEAK_PY),
        ("privlint.toml", "ignore = [\"pii-in-logs\"]\n"),
    ]);
    privlint()
        .current_dir(d.path())
        .args(["check"])
        .assert()
        .code(0);
    fs::write(
        d.path().join("privlint.toml"),
        "fail-on = \"error\"\nselec = [\"x\"]\n",
    )
    .unwrap();
    privlint()
        .current_dir(d.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "privlint.toml:2:1: invalid config: unknown field `selec`",
        ));
    fs::write(d.path().join("privlint.toml"), "fail-on = [\n").unwrap();
    privlint()
        .current_dir(d.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("privlint.toml:"));
    fs::write(d.path().join("privlint.toml"), "fail-on = \"sometimes\"\n").unwrap();
    privlint()
        .current_dir(d.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`fail-on` must be one of"));
    fs::write(
        d.path().join("privlint.toml"),
        "[sinks]\npython = [\"audit.record\"]\n",
    )
    .unwrap();
    fs::write(
        d.path().join("app.py"),
        "def f(user):\n    audit.record(user.email)\n",
    )
    .unwrap();
    privlint()
        .current_dir(d.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("app.py:2:5"));
}

#[test]
fn pyproject_and_extra_data_types_and_sanitizers() {
    let cfg = "[project]\nname = \"x\"\n\n[tool.privlint]\nfail-on = \"warning\"\n\n[[tool.privlint.data-types]]\nid = \"acme.patient_mrn\"\nname = \"ACME patient number\"\nfides = \"user.health_and_medical.record_id\"\nsensitivity = \"high\"\nstrong = [\"acme mrn\"]\n\n[tool.privlint.sanitizers]\nextra = [\"acme_scrub\"]\n";
    let py = "def f(p, user):\n    print(p.acme_mrn)\n    print(acme_scrub(user.email))\n";
    let d = project(&[("pyproject.toml", cfg), ("app.py", py)]);
    let (v, code) = json(d.path(), &[]);
    assert_eq!(code, 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{v}");
    assert_eq!(diags[0]["data_types"][0]["id"], "acme.patient_mrn");
    assert_eq!(diags[0]["severity"], "error");
    fs::write(
        d.path().join("pyproject.toml"),
        "[tool.privlint]\nunknown-key = 1\n",
    )
    .unwrap();
    privlint()
        .current_dir(d.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("pyproject.toml:2:1")
                .and(predicate::str::contains("unknown-key")),
        );
}

#[test]
fn exclude_gitignore_vendored_and_explicit_files() {
    let d = project(&[
        ("src/app.py", LEAK_PY),
        ("gen/out.py", LEAK_PY),
        ("node_modules/x/index.js", "console.log(user.email)\n"),
        ("ignored/a.py", LEAK_PY),
        (".gitignore", "ignored/\n"),
        ("privlint.toml", "exclude = [\"gen/\"]\n"),
        ("types/index.d.ts", "export default function F(): void;\n"),
    ]);
    let (v, _) = json(d.path(), &[]);
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/app.py"]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "--show-files", "--exit-zero"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("analysed      src/app.py (python)"), "{s}");
    assert!(s.contains("not analysed  gen: excluded by config"), "{s}");
    assert!(
        s.contains("not analysed  node_modules: vendored or generated directory"),
        "{s}"
    );
    // A file named on the command line is always analysed.
    privlint()
        .current_dir(d.path())
        .args(["check", "gen/out.py", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("gen/out.py:5:5"));
}

#[test]
fn bad_input_is_reported_never_a_crash() {
    let d = project(&[("ok.py", LEAK_PY), ("empty.py", "")]);
    fs::write(
        d.path().join("latin1.py"),
        b"# caf\xe9\nprint(user.email)\n",
    )
    .unwrap();
    fs::write(
        d.path().join("binary.js"),
        b"\x00\x01\x02console.log(user.email)",
    )
    .unwrap();
    fs::write(
        d.path().join("broken.py"),
        "def f(user):\n    x = = 1\n\ndef g(user):\n    print(user.phone)\n",
    )
    .unwrap();
    fs::write(
        d.path().join("broken.rs"),
        "fn f() {\n    println!(\"{}\", user.email);\n    let = ;\n}\n",
    )
    .unwrap();
    // With nothing but names in it, a file is not parsed at all (the lexical tier): these
    // inputs log something, so that their syntax is what is tested.
    fs::write(d.path().join("unbalanced.rs"), "fn f( { println!(\"x\");\n").unwrap();
    let huge = "x = 1\n".repeat(20 * 1024 * 1024 / 6);
    fs::write(d.path().join("huge.py"), huge).unwrap();
    let (v, code) = json(d.path(), &[]);
    assert_eq!(code, 1, "{v}");
    let skipped: Vec<(String, String)> = v["files"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    let reason = |p: &str| {
        skipped
            .iter()
            .find(|s| s.0 == p)
            .map(|s| s.1.clone())
            .unwrap_or_else(|| panic!("{p} not skipped: {skipped:?}"))
    };
    assert_eq!(reason("empty.py"), "empty file");
    assert!(reason("latin1.py").starts_with("not valid UTF-8"));
    assert!(reason("binary.js").starts_with("binary file"));
    assert!(
        reason("huge.py").starts_with("too large (20.0 MiB"),
        "{}",
        reason("huge.py")
    );
    let errors = v["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["path"] == "broken.py"
            && e["message"].as_str().unwrap().starts_with("syntax error")),
        "{errors:?}"
    );
    assert!(has_error(&v, "broken.rs", "syntax error"), "{errors:?}");
    assert!(has_error(&v, "unbalanced.rs", "not analysed"), "{errors:?}");
    // What parsed was still analysed.
    let found: Vec<(&str, i64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["span"]["start"]["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(found.contains(&("broken.py", 5)), "{found:?}");
    assert!(found.contains(&("broken.rs", 2)), "{found:?}");
    assert!(found.contains(&("ok.py", 5)));
    // Human output names each of them on a line of its own.
    let out = privlint()
        .current_dir(d.path())
        .args(["check"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    for p in [
        "empty.py",
        "latin1.py",
        "binary.js",
        "huge.py",
        "broken.py",
        "broken.rs",
    ] {
        assert!(
            s.lines().any(|l| l.contains(p)
                && (l.starts_with("note: not analysed")
                    || l.starts_with("error:")
                    || l.starts_with("warning:"))),
            "{p} missing in:\n{s}"
        );
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let n = 50_000;
    let py = format!(
        "x = {}1{}\nprint(user.email)\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let js = format!(
        "const x = {}1{};\nconsole.log(user.email);\n",
        "[\n".repeat(n),
        "]".repeat(n)
    );
    let rs = format!(
        "fn f() {{ let x = {}1{}; println!(\"x\"); }}\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let rs2 = format!(
        "fn g() {{ let x = {}true; println!(\"x\"); }}\n",
        "!".repeat(n)
    );
    let d = project(&[
        ("deep.py", &py),
        ("deep.js", &js),
        ("deep.rs", &rs),
        ("unary.rs", &rs2),
    ]);
    let (v, code) = json(d.path(), &[]);
    assert_ne!(code, 2, "{v}");
    let errors = v["errors"].as_array().unwrap();
    for p in ["deep.rs", "unary.rs"] {
        assert!(has_error(&v, p, "nesting too deep"), "{errors:?}");
    }
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["deep.js", "deep.py"]);
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let d = project(&[("ok.py", CLEAN_PY), ("locked/a.py", LEAK_PY)]);
    let locked = d.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read_dir(&locked).is_ok() {
        // Running as root: permissions do not apply, nothing to observe.
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running with privileges that ignore directory permissions");
        return;
    }
    let (v, _) = json(d.path(), &[]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(has_error(&v, "locked", "permission denied"), "{v}");
}

#[test]
fn suppressions_in_every_language() {
    let d = project(&[
        ("a.py", "def f(user):\n    print(user.email)  # privlint: ignore[pii-in-logs] ok\n    # privlint: ignore[pii-in-logs]\n    print(\n        user.phone,\n    )\n    print(user.ssn)\n"),
        ("b.ts", "console.log(user.email); // privlint: ignore[pii-in-logs]\n// privlint: ignore[other-rule]\nconsole.log(user.phone);\n"),
        ("c.rs", "fn f(u: &U) {\n    // privlint: ignore[pii-in-logs] reviewed\n    println!(\"{}\", u.email);\n    println!(\"{}\", u.phone); // privlint: ignore\n}\n"),
    ]);
    let (v, _) = json(d.path(), &[]);
    let found: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["path"].as_str().unwrap(),
                d["span"]["start"]["line"]
            )
        })
        .collect();
    assert_eq!(found, ["a.py:7", "b.ts:3", "c.rs:4"]);
    assert_eq!(v["summary"]["suppressed"], 4);
    // A directive without rule names is an error, not a blanket waiver.
    assert!(has_error(&v, "c.rs", "needs the rules"), "{v}");
}

#[test]
fn rule_docs_and_data_types_from_the_tool() {
    privlint()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("pii-in-logs"));
    privlint()
        .args(["rule", "pii-in-logs"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("## What it finds")
                .and(predicate::str::contains("Use instead:"))
                .and(predicate::str::contains("## Why it matters")),
        );
    privlint().args(["rule", "nope"]).assert().code(2);
    privlint().args(["data-types"]).assert().code(0).stdout(
        predicate::str::contains("contact.email")
            .and(predicate::str::contains("user.contact.email")),
    );
    let out = privlint()
        .args(["data-types", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 41);
}

#[test]
fn sarif_for_code_scanning() {
    let d = project(&[
        ("app.py", LEAK_PY),
        (
            "b.py",
            "def f(u):\n    print(u.phone)  # privlint: ignore[pii-in-logs] reviewed\n",
        ),
        ("broken.py", "def f(:\n    print(1)\n"),
    ]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("snippet"), "no source snippets in SARIF");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "privlint");
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rule = &driver["rules"][0];
    assert_eq!(rule["id"], "pii-in-logs");
    assert!(rule["shortDescription"]["text"].as_str().unwrap().len() > 10);
    assert!(rule["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Personal or secret data"));
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why it matters"));
    assert!(rule["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&json!("external/cwe/cwe-532")));
    assert!(rule["properties"]["security-severity"].is_string());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r = &results[0];
    assert_eq!(
        (
            r["ruleId"].as_str(),
            r["ruleIndex"].as_i64(),
            r["level"].as_str()
        ),
        (Some("pii-in-logs"), Some(0), Some("warning"))
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"],
        json!({"uri": "app.py", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(loc["region"]["startLine"], 5);
    assert!(r["partialFingerprints"]["privlint/v1"].is_string());
    assert!(r["partialFingerprints"]["primaryLocationLineHash"]
        .as_str()
        .unwrap()
        .contains(':'));
    assert_eq!(
        r["relatedLocations"][0]["physicalLocation"]["region"]["startColumn"],
        27
    );
    assert_eq!(
        results[1]["suppressions"],
        json!([{"kind": "inSource", "justification": "reviewed"}])
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes
        .iter()
        .any(|n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.py"));
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
    // Code scanning fidelity: a help page per rule, a severity and the data type per result.
    for rule in driver["rules"].as_array().unwrap() {
        let uri = rule["helpUri"].as_str().unwrap();
        let page = uri.rsplit("/blob/main/").next().unwrap();
        assert_eq!(
            page,
            format!("docs/rules/{}.md", rule["id"].as_str().unwrap())
        );
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(page);
        assert!(here.is_file(), "{page} is missing");
    }
    assert_eq!(
        r["properties"]["security-severity"], "5.5",
        "an email address: Medium"
    );
    assert_eq!(
        r["properties"]["tags"],
        json!(["contact.email", "user.contact.email"])
    );
}

#[test]
fn a_credential_in_a_log_is_critical_in_code_scanning() {
    let d = project(&[(
        "app.py",
        "import logging\nlog = logging.getLogger(__name__)\n\ndef f(user, password):\n    log.info(\"login %s\", password)\n",
    )]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["properties"]["security-severity"], "9.1", "{r}");
    assert!(r["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&json!("user.authorization.password")));
}

/// `docs/rules/NAME.md` is what `privlint rule NAME` prints, so code scanning's help link
/// shows the same text. `PRIVLINT_UPDATE_DOCS=1 cargo test` rewrites the pages.
#[test]
fn rule_pages_in_docs_are_current() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    for name in privlint::rules::REGISTRY.iter().map(|r| r.name) {
        let out = privlint().args(["rule", name]).output().unwrap();
        let page = docs.join(format!("{name}.md"));
        if std::env::var_os("PRIVLINT_UPDATE_DOCS").is_some() {
            std::fs::write(&page, &out.stdout).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&page).unwrap_or_default(),
            String::from_utf8(out.stdout).unwrap(),
            "{name}.md is stale: run PRIVLINT_UPDATE_DOCS=1 cargo test --test cli rule_pages"
        );
    }
    let listed = privlint().arg("rules").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).lines().count(),
        privlint::rules::REGISTRY.len(),
        "a rule without a page"
    );
}

#[test]
fn github_gitlab_junit_and_several_outputs() {
    let many: String = (0..12)
        .map(|i| format!("def f{i}(u):\n    print(u.email)\n"))
        .collect();
    let d = project(&[("app.py", LEAK_PY), ("many.py", &many)]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "app.py", "--format", "github"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(s.lines().next().unwrap(), "::warning file=app.py,line=5,col=5,endLine=5,endColumn=38,title=privlint pii-in-logs::email address written to a log (user.contact.email). log an internal identifier (e.g. `user.id`) instead, or mask the value before it is logged");
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        s.lines()
            .filter(|l| l.contains("more than GitHub shows"))
            .count(),
        1,
        "{s}"
    );
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "app.py", "--format", "gitlab"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["check_name"], "pii-in-logs");
    assert_eq!(v[0]["severity"], "major");
    assert_eq!(
        v[0]["location"],
        json!({"path": "app.py", "lines": {"begin": 5, "end": 5}})
    );
    assert_eq!(v[0]["fingerprint"].as_str().unwrap().len(), 16);
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "app.py", "--format", "junit"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.starts_with("<?xml")
            && s.contains("<testcase name=\"app.py:5:5\"")
            && s.contains("<failure type=\"warning\""),
        "{s}"
    );
    // One run: concise on the terminal, SARIF and JSON to files.
    let out = privlint()
        .current_dir(d.path())
        .args([
            "check",
            "app.py",
            "--format",
            "concise",
            "--sarif-output",
            "r.sarif",
            "--json-output",
            "r.json",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("app.py:5:5: warning[pii-in-logs]"));
    let sarif: Value =
        serde_json::from_slice(&fs::read(d.path().join("r.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);
    let j: Value = serde_json::from_slice(&fs::read(d.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(j["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn baseline_round_trip_survives_moves_and_reformatting() {
    let before = "import logging\nlog = logging.getLogger(__name__)\n\ndef a(user):\n    log.info(\"signup %s\", user.email)\n\ndef b(user):\n    print(user.phone)\n";
    let d = project(&[("app.py", before)]);
    privlint()
        .current_dir(d.path())
        .args(["check", "--write-baseline", "privlint-baseline.json"])
        .assert()
        .code(0);
    let text = fs::read_to_string(d.path().join("privlint-baseline.json")).unwrap();
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), 2);
    assert!(
        !text.contains("line") && !text.contains("example") && !text.contains("time"),
        "{text}"
    );
    // Lines added above, functions swapped, a call reformatted over several lines.
    let after = "import logging\n\n# a comment\n# another\nlog = logging.getLogger(__name__)\n\ndef b(user):\n    print(\n        user.phone\n    )\n\ndef a(user):\n    log.info(\"signup %s\",\n             user.email)\n";
    fs::write(d.path().join("app.py"), after).unwrap();
    let (v, code) = json(d.path(), &["--baseline", "privlint-baseline.json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["baselined"], 2);
    // A new leak is reported; a fixed one is counted, then pruned.
    fs::write(
        d.path().join("app.py"),
        format!("{after}\ndef c(user):\n    print(user.ssn)\n")
            .replace("print(\n        user.phone\n    )", "pass"),
    )
    .unwrap();
    let (v, code) = json(d.path(), &["--baseline", "privlint-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["diagnostics"][0]["data_types"][0]["id"],
        "gov.national_id"
    );
    assert_eq!(v["summary"]["baseline_fixed"], 1);
    privlint()
        .current_dir(d.path())
        .args([
            "check",
            "--baseline",
            "privlint-baseline.json",
            "--prune-baseline",
            "--exit-zero",
        ])
        .assert()
        .code(0);
    let b: Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("privlint-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), 1);
    // SARIF keeps baselined findings, marked external.
    let out = privlint()
        .current_dir(d.path())
        .args([
            "check",
            "--baseline",
            "privlint-baseline.json",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(s["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["suppressions"][0]["kind"] == "external"));
}

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn diff_base_reports_only_introduced_findings() {
    let d = project(&[
        ("app.py", LEAK_PY),
        ("other.py", "def g(u):\n    print(u.phone)\n"),
    ]);
    git(d.path(), &["init", "-q", "-b", "main"]);
    git(d.path(), &["add", "."]);
    git(d.path(), &["commit", "-qm", "one"]);
    // Second commit: lines above the old leak, and a new leak in the same file.
    fs::write(
        d.path().join("app.py"),
        format!("# header\n\n{LEAK_PY}\ndef h(user):\n    print(user.ssn)\n"),
    )
    .unwrap();
    git(d.path(), &["commit", "-qam", "two"]);
    let (v, code) = json(d.path(), &["--diff-base", "HEAD~1"]);
    assert_eq!(code, 1);
    let found: Vec<(String, i64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["span"]["start"]["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("app.py".to_string(), 10)]);
    let (v, code) = json(d.path(), &["--diff-base", "HEAD"]);
    assert_eq!((code, v["diagnostics"].as_array().unwrap().len()), (0, 0));
    privlint()
        .current_dir(d.path())
        .args(["check", "--diff-base", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a revision"));
    // A shallow clone without the base: a clear error naming the fix, exit 2.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    privlint()
        .current_dir(clone.path().join("c"))
        .args(["check", "--diff-base", "HEAD~1"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("shallow clone")
                .and(predicate::str::contains("git fetch --unshallow")),
        );
}

#[test]
fn cache_cold_warm_edit_corrupt_and_clean() {
    let d = project(&[("app.py", LEAK_PY), ("b.js", "console.log(user.phone);\n")]);
    let run = |extra: &[&str]| {
        let out = privlint()
            .current_dir(d.path())
            .args(["check", ".", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let cold = run(&[]);
    let cache = d.path().join(".privlint_cache");
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert!(fs::read_to_string(cache.join(".gitignore"))
        .unwrap()
        .contains('*'));
    let warm = run(&[]);
    assert_eq!(cold, warm);
    assert_eq!(cold, run(&["--no-cache"]));
    // Editing one file updates its findings.
    fs::write(d.path().join("b.js"), "console.log(user.id);\n").unwrap();
    let edited: Value = serde_json::from_str(&run(&[])).unwrap();
    assert_eq!(edited["diagnostics"].as_array().unwrap().len(), 1);
    // A truncated cache file is survived and rebuilt.
    let version_dir = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    for f in fs::read_dir(&version_dir).unwrap() {
        let p = f.unwrap().path();
        let bytes = fs::read(&p).unwrap();
        fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    }
    let after: Value = serde_json::from_str(&run(&[])).unwrap();
    assert_eq!(after["diagnostics"], edited["diagnostics"]);
    privlint()
        .current_dir(d.path())
        .args(["clean"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("removed"));
    assert!(!cache.exists());
    // --no-cache writes nothing.
    run(&["--no-cache"]);
    assert!(!cache.exists());
}

#[test]
fn force_exclude_applies_excludes_to_named_files() {
    let d = project(&[
        ("gen/out.py", LEAK_PY),
        ("privlint.toml", "exclude = [\"gen/\"]\n"),
    ]);
    privlint()
        .current_dir(d.path())
        .args(["check", "gen/out.py"])
        .assert()
        .code(1);
    let (v, code) = {
        let out = privlint()
            .current_dir(d.path())
            .args(["check", "gen/out.py", "--force-exclude", "--format", "json"])
            .output()
            .unwrap();
        (
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
            out.status.code().unwrap(),
        )
    };
    assert_eq!(code, 0);
    assert_eq!(
        v["files"]["skipped"][0],
        json!({"path": "gen/out.py", "reason": "excluded by config"})
    );
}

#[test]
fn every_format_snapshot() {
    let d = project(&[
        ("app.py", "import logging\nlog = logging.getLogger(__name__)\n\ndef f(user):\n    log.info(\"signup %s for alice@example.com\", user.email)\n    print(user.password)\n"),
        ("b.ts", "console.log(`ip ${req.ip}`); // privlint: ignore[pii-in-logs] load balancer health checks only\n"),
    ]);
    let root = std::fs::canonicalize(d.path()).unwrap();
    for format in ["concise", "json", "sarif", "github", "gitlab", "junit"] {
        let out = privlint()
            .current_dir(d.path())
            .args(["check", ".", "--no-cache", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8(out.stdout)
            .unwrap()
            .replace(&format!("file://{}/", root.display()), "file:///ROOT/");
        insta::assert_snapshot!(format!("format_{format}"), without_timing(&text));
    }
    let out = privlint()
        .current_dir(d.path())
        .args([
            "check",
            ".",
            "--no-cache",
            "--format",
            "sarif",
            "--include-snippets",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let snippet = v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
        ["snippet"]["text"]
        .as_str()
        .unwrap();
    assert!(
        snippet.contains("log.info(") && !snippet.contains("alice@example.com"),
        "{snippet}"
    );
}

/// What a pre-commit hook does: privlint is handed single files or a subdirectory. The
/// repository rules still index the whole project (the config's directory, else the VCS
/// root) and report only inside the given paths, never a finding the full scan would not make.
#[test]
fn partial_scans_index_the_whole_project() {
    let dir = project(&[
        ("privlint.toml", "select = [\"missing-deletion\", \"over-collection\"]\n"),
        (
            "shop/models.py",
            "from django.db import models\n\n\nclass Customer(models.Model):\n    email = models.EmailField()\n    phone = models.CharField(max_length=20)\n\n\nclass Lead(models.Model):\n    email = models.EmailField()\n",
        ),
        (
            "privacy/erase.py",
            "from shop.models import Customer\n\n\ndef erase(pk):\n    Customer.objects.filter(pk=pk).delete()\n",
        ),
        (
            "shop/views.py",
            "def show(c, lead):\n    return c.email, c.phone, lead.email\n",
        ),
    ]);
    let run = |args: &[&str]| -> Value {
        let out = privlint()
            .current_dir(dir.path())
            .arg("check")
            .args(args)
            .args(["--format", "json", "--no-cache"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let found = |v: &Value| -> Vec<(String, String, u64)> {
        let mut f: Vec<_> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["path"].as_str().unwrap().to_string(),
                    d["span"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect();
        f.sort();
        f
    };
    let whole = found(&run(&["."]));
    assert_eq!(
        whole,
        [(
            "missing-deletion".to_string(),
            "shop/models.py".to_string(),
            9
        )],
        "only Lead is never deleted"
    );
    // The models file alone: Customer's deletion lives in another file, still seen.
    let one_file = found(&run(&["shop/models.py"]));
    assert_eq!(one_file.len(), 1);
    assert_eq!(one_file[0].0, "missing-deletion");
    assert!(one_file[0].1.ends_with("shop/models.py"));
    // A subdirectory without the models: nothing to report there, and nothing invented.
    assert!(found(&run(&["privacy"])).is_empty());
    // Without the project (isolated copy of one file), the deletion is not visible: that
    // is exactly what indexing the whole project prevents.
    let alone = project(&[(
        "models.py",
        "from django.db import models\n\n\nclass Customer(models.Model):\n    email = models.EmailField()\n",
    )]);
    let out = privlint()
        .current_dir(alone.path())
        .args([
            "check",
            "models.py",
            "--select",
            "missing-deletion",
            "--format",
            "json",
            "--no-cache",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn handled_by_is_a_suppression_with_its_reason() {
    let dir = project(&[
        (
            "privlint.toml",
            "select = [\"missing-deletion\"]\n\n[missing-deletion]\nhandled-by = { \"AuditLog\" = \"retained 7 years by law, purged by the warehouse\" }\n",
        ),
        (
            "audit/models.py",
            "from django.db import models\n\n\nclass AuditLog(models.Model):\n    actor_email = models.EmailField()\n",
        ),
    ]);
    let out = privlint()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "sarif", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "missing-deletion");
    assert_eq!(r["suppressions"][0]["kind"], "external");
    assert!(r["suppressions"][0]["justification"]
        .as_str()
        .unwrap()
        .contains("retained 7 years"));
    privlint()
        .current_dir(dir.path())
        .args(["check", ".", "--statistics", "--no-cache"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("retained 7 years by law"));
}

/// A file over 64 KiB whose byte 65,536 falls inside a multi-byte character: the minified
/// check reads a byte-limited head, and must not split the character (it once panicked).
#[test]
fn multibyte_character_across_the_minified_check_limit() {
    let mut src = String::new();
    while src.len() < 65_000 {
        src.push_str("// an ordinary comment line of hand-written code\n");
    }
    src.push_str("// ");
    while src.len() < 65_535 {
        src.push('x');
    }
    src.push_str("é\nconsole.log(user.email);\n");
    assert!(!src.is_char_boundary(65_536));
    let dir = project(&[("app.js", &src), ("privlint.toml", "")]);
    let (v, code) = json(dir.path(), &["--no-cache"]);
    assert_eq!(code, 1, "{v}");
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "{v}");
}

/// `[sources]` in the config: a project's own token minting makes its result a secret, and a
/// source naming an unknown data type is a config error naming it.
#[test]
fn config_sources_extend_the_builtin_ones() {
    let app = "import logging\nfrom acme import auth\nlog = logging.getLogger()\n\ndef f(u):\n    t = auth.mint(u)\n    log.info('minted %s', t)\n";
    let dir = project(&[
        ("app.py", app),
        (
            "privlint.toml",
            "[sources]\npython = { \"acme.auth.mint\" = \"cred.secret_token\" }\n",
        ),
    ]);
    let (v, code) = json(dir.path(), &["--no-cache"]);
    assert_eq!(code, 1, "{v}");
    let d = &v["diagnostics"][0];
    assert_eq!(d["data_types"][0]["id"], "cred.secret_token");
    assert!(d["notes"][1]
        .as_str()
        .unwrap()
        .contains("`acme.auth.mint(…)` yields this data"));
    let bad = project(&[
        ("app.py", app),
        (
            "privlint.toml",
            "[sources]\npython = { \"acme.auth.mint\" = \"cred.nope\" }\n",
        ),
    ]);
    privlint()
        .current_dir(bad.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown data type `cred.nope`"));
}

/// The footer's elapsed time (`in 0.01s.`) varies with the machine's load: snapshots show
/// `in 0.00s.` whatever it took.
fn without_timing(text: &str) -> String {
    text.lines()
        .map(|l| match (l.starts_with("Found "), l.rfind(" in ")) {
            (true, Some(i)) => {
                let rest = &l[i + 4..];
                match rest.find("s.") {
                    Some(j) if rest[..j].chars().all(|c| c.is_ascii_digit() || c == '.') => {
                        format!("{} in 0.00s.{}", &l[..i], &rest[j + 2..])
                    }
                    _ => l.to_string(),
                }
            }
            _ => l.to_string(),
        })
        .map(|l| l + "\n")
        .collect()
}

/// One sink, one finding: a value reported for its name is not reported again as a whole
/// object of the same data types.
#[test]
fn one_finding_per_sink_when_name_and_object_agree() {
    let d = project(&[(
        "src/lib.rs",
        "#[derive(Debug)]\npub struct ApiKey { pub secret: String }\n\npub fn check(api_key: &ApiKey) {\n    tracing::trace!(?api_key);\n}\n",
    )]);
    let out = privlint()
        .current_dir(d.path())
        .args(["check", ".", "--no-cache", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["span"]["start"]["line"], 5);
}

/// Suppressions are checked: an unknown rule is an error (exit 2) with the closest valid name;
/// a block comment before code covers its own line; a malformed directive or a syntax error
/// is a warning that leaves the exit code to the findings, and exit 2 under `--strict`.
#[test]
fn suppressions_are_checked_and_strict_makes_file_problems_fatal() {
    let d = project(&[(
        "b.js",
        "function f(user) {\n  /* privlint: ignore[pii-in-logs] audited */ console.log(user.email);\n  console.log(user.phone);\n}\n",
    )]);
    let run = |args: &[&str]| {
        let out = privlint()
            .current_dir(d.path())
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, text) = run(&["check", "--format", "concise"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        !text.contains("b.js:2:"),
        "the same-line block comment suppresses: {text}"
    );
    assert!(text.contains("b.js:3:3: warning[pii-in-logs]"), "{text}");

    std::fs::write(
        d.path().join("c.py"),
        "def f(:\n    pass  # privlint: ignore\n",
    )
    .unwrap();
    let (code, text) = run(&["check", "--format", "concise"]);
    assert_eq!(
        code,
        Some(1),
        "warnings leave the exit code to the findings: {text}"
    );
    assert!(text.contains("warning: c.py:1: syntax error"), "{text}");
    assert!(
        text.contains("warning: c.py:2: `privlint: ignore` needs the rules"),
        "{text}"
    );
    assert!(text.contains("2 file problems"), "{text}");
    assert_eq!(run(&["check", "--strict"]).0, Some(2));

    std::fs::remove_file(d.path().join("c.py")).unwrap();
    std::fs::write(
        d.path().join("a.py"),
        "import logging\ndef f(user):\n    logging.info(user.email)  # privlint: ignore[pii-in-log, missing_deletion] ok\n",
    )
    .unwrap();
    let (code, text) = run(&["check", "--format", "concise"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("error: a.py:3: unknown rule `pii-in-log` in `privlint: ignore[…]`; did you mean `pii-in-logs`? rules: pii-in-logs, over-collection, missing-deletion, special-category-data, unused-suppression, or `all`"),
        "{text}"
    );
    assert!(text.contains("did you mean `missing-deletion`?"), "{text}");
}

/// The everyday commands: `init` writes a config that parses with every setting uncommented
/// and refuses to overwrite one; completions for three shells; `--quiet`; one file on stdin.
#[test]
fn init_completions_quiet_and_stdin() {
    let d = project(&[("app.py", LEAK_PY)]);
    let out = privlint()
        .current_dir(d.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("- id: privlint"));
    let written = std::fs::read_to_string(d.path().join("privlint.toml")).unwrap();
    assert_eq!(
        privlint()
            .current_dir(d.path())
            .arg("init")
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    // Every commented setting, uncommented, is a valid config.
    let live: String = written
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.starts_with('[') || rest.contains(" = ") => rest,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        live.contains("\nselect = [") && live.contains("\n[missing-deletion]"),
        "{live}"
    );
    std::fs::write(d.path().join("privlint.toml"), live).unwrap();
    let out = privlint()
        .current_dir(d.path())
        .args(["check", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for shell in ["bash", "zsh", "fish"] {
        let out = privlint().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("stdin-filename"), "{shell}: {script}");
    }

    let quiet = privlint()
        .current_dir(d.path())
        .args(["check", "-q", "--format", "concise", "app.py", "missing.py"])
        .output()
        .unwrap();
    let text = String::from_utf8(quiet.stdout).unwrap();
    // Findings and problems, no summary and no notes.
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("app.py:5:"), "{text}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains("missing.py: no such file"),
        "{text}"
    );

    let out = privlint()
        .current_dir(d.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "web/app.js",
            "-",
        ])
        .write_stdin("console.log(user.email);\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("web/app.js:1:1: warning[pii-in-logs]")
    );
    let no_name = privlint()
        .current_dir(d.path())
        .args(["check", "-"])
        .output()
        .unwrap();
    assert_eq!(no_name.status.code(), Some(2));
}

/// From any subdirectory of a repository, the cache is the one at its root, and `privlint
/// clean` there removes it.
#[test]
fn cache_and_clean_use_the_project_root_from_a_subdirectory() {
    let d = project(&[
        ("src/app/views.py", LEAK_PY),
        (".git/HEAD", "ref: refs/heads/main\n"),
    ]);
    let sub = d.path().join("src/app");
    let out = privlint()
        .current_dir(&sub)
        .args(["check", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(d.path().join(".privlint_cache/CACHEDIR.TAG").is_file());
    assert!(!sub.join(".privlint_cache").exists());
    let out = privlint().current_dir(&sub).arg("clean").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!d.path().join(".privlint_cache").exists());
}
