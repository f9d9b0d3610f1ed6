//! A scanned repository is untrusted: it cannot forge privlint's cache, make privlint write
//! outside the tree, leak its literals through privlint's output, forge lines of a report
//! or a CI workflow command through a file name, make `git` run a program, or hide code from
//! the scan with an ignore rule. And the same input gives the same bytes whatever the
//! thread count.

mod common;
use common::{cache_files, set_cache_key};

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

const LEAK: &str =
    "import logging\nlog = logging.getLogger()\n\ndef f(user):\n    log.info(\"%s\", user.email)\n";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// privlint in `dir` with `args`, its per-user cache key under `home` (never the real one).
fn privlint(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("privlint")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", home)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every output format (snippets included) of a scan of `root` that finds something:
/// standard output and error together, human first.
fn every_format(root: &Path, home: &Path) -> Vec<(&'static str, String)> {
    [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit",
    ]
    .into_iter()
    .map(|format| {
        let r = privlint(
            root,
            home,
            &["check", "--format", format, "--include-snippets", "."],
        );
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        (format, r.stdout + &r.stderr)
    })
    .collect()
}

#[test]
fn a_cache_edited_to_drop_sinks_is_rejected_and_rebuilt() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    let key = [7u8; 32];
    set_cache_key(home.path(), key);
    fs::write(root.join("leak.py"), LEAK).unwrap();
    let first = privlint(root, home.path(), &["check", "--format", "concise", "."]);
    assert_eq!(first.code, Some(1), "{}", first.stdout);

    let [file] = cache_files(root).try_into().unwrap();
    let raw = fs::read(&file).unwrap();
    let body = privlint::cache::key::verified(&key, &raw).expect("privlint wrote a sealed file");
    let mut facts = privlint::cache::decode(body).expect("a cache body");
    for entry in facts.facts.values_mut() {
        entry.sinks.clear();
    }
    let edited = privlint::cache::encode(&facts);

    // Edited under the old tag (what a repository can do): ignored, the leak still found.
    let mut forged = raw[..65].to_vec();
    forged.extend_from_slice(&edited);
    fs::write(&file, forged).unwrap();
    let again = privlint(root, home.path(), &["check", "--format", "concise", "."]);
    assert_eq!(again.stdout.lines().next(), first.stdout.lines().next());
    assert_eq!(again.code, Some(1));

    // The same edit sealed with the user's key is trusted: the tag is what decides.
    fs::write(&file, privlint::cache::key::sealed(&key, &edited)).unwrap();
    let trusted = privlint(root, home.path(), &["check", "--format", "concise", "."]);
    assert_eq!(trusted.code, Some(0), "{}", trusted.stdout);
}

#[cfg(unix)]
#[test]
fn the_cache_is_never_written_through_a_link() {
    use std::os::unix::fs::symlink;
    let (dir, home, outside) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let root = dir.path();
    fs::write(root.join("leak.py"), LEAK).unwrap();

    // The cache directory itself is a link out of the tree.
    symlink(outside.path(), root.join(".privlint_cache")).unwrap();
    let r = privlint(root, home.path(), &["check", "."]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);

    // Links planted inside a real cache directory: its tag file and its version directory.
    fs::remove_file(root.join(".privlint_cache")).unwrap();
    fs::create_dir(root.join(".privlint_cache")).unwrap();
    let target = outside.path().join("written");
    symlink(&target, root.join(".privlint_cache/CACHEDIR.TAG")).unwrap();
    symlink(
        outside.path(),
        root.join(".privlint_cache").join(env!("CARGO_PKG_VERSION")),
    )
    .unwrap();
    let r = privlint(root, home.path(), &["check", "."]);
    assert_eq!(r.code, Some(1));
    assert!(!target.exists());
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn no_secret_or_personal_literal_reaches_any_output_or_the_cache() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    let secrets = [
        "hunter2hunter2",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "alice.smith",
        "eyJhbGciOiJIUzI1NiJ9",
        "quotedsecret",
        "555-867-5309",
    ];
    fs::write(
        root.join("app.py"),
        concat!(
            "import logging\n",
            "log = logging.getLogger()\n",
            "API_KEY = \"sk_live_4eC39HqLyjWDarjtT1zdp7dc\"\n",
            "def f(user, password):\n",
            "    password = \"hunter2hunter2\"\n",
            "    log.info(\"login\", extra={\"email\": \"alice.smith@example.com\", \"password\": password, \"phone\": \"555-867-5309\"})\n",
            "    headers = {\"Authorization\": \"Bearer eyJhbGciOiJIUzI1NiJ9\"}; log.info(user.email)\n",
            "    # privlint: ignore[pii-in-logs] key sk_live_4eC39HqLyjWDarjtT1zdp7dc is a test key\n",
            "    log.info(\"%s\", user.phone)\n",
        ),
    )
    .unwrap();
    // A syntax error next to a string literal: the message names the token's kind only.
    fs::write(
        root.join("broken.js"),
        "const a = \"quotedsecret\" \"quotedsecret\" ;;; )\n",
    )
    .unwrap();

    let mut outputs: Vec<(String, String)> = every_format(root, home.path())
        .into_iter()
        .map(|(format, out)| (format.to_string(), out))
        .collect();
    for f in cache_files(root) {
        outputs.push((
            f.display().to_string(),
            String::from_utf8_lossy(&fs::read(f).unwrap()).into(),
        ));
    }
    let human = &outputs[0].1;
    assert!(human.contains("syntax error: unexpected"), "{human}");
    let sarif = &outputs.iter().find(|(f, _)| f == "sarif").unwrap().1;
    assert!(
        sarif.contains("justification"),
        "SARIF keeps the suppression"
    );
    for (what, text) in &outputs {
        for s in secrets {
            assert!(!text.contains(s), "{what} shows `{s}`:\n{text}");
        }
    }
}

#[test]
fn file_names_and_source_cannot_forge_report_lines_or_workflow_commands() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    let source = format!("{LEAK}# \u{1b}[2J\u{1b}[31mred \u{202e}reversed\u{202c} \u{85}\n");
    let mut names = vec!["::error file=x::boom.py".to_string()];
    if cfg!(unix) {
        names.push("new\nline\u{1b}[2J.py".into());
    }
    for n in &names {
        fs::write(root.join(n), &source).unwrap();
    }
    for (format, out) in every_format(root, home.path()) {
        let bad = out
            .chars()
            .find(|c| (c.is_control() && *c != '\n') || matches!(c, '\u{202a}'..='\u{202e}'));
        assert_eq!(bad, None, "{format} prints a raw control character:\n{out}");
        let lines: Vec<&str> = out.lines().collect();
        match format {
            "concise" => assert!(lines.iter().all(|l| !l.starts_with("::")), "{out}"),
            // One workflow command per finding, nothing split across lines.
            "github" => assert_eq!(
                lines
                    .iter()
                    .filter(|l| l.starts_with("::warning file="))
                    .count(),
                names.len(),
                "{out}"
            ),
            "junit" => {
                let cases: Vec<&&str> = lines
                    .iter()
                    .filter(|l| l.contains("<testcase name="))
                    .collect();
                let failing = cases.iter().filter(|l| !l.contains("no findings")).count();
                assert_eq!(failing, names.len(), "{out}");
                assert!(
                    cases
                        .iter()
                        .all(|l| l.ends_with("\">") || l.ends_with("/>")),
                    "{out}"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn lone_cr_line_endings_give_the_right_line_numbers() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    fs::write(dir.path().join("mac.py"), LEAK.replace('\n', "\r")).unwrap();
    let r = privlint(
        dir.path(),
        home.path(),
        &["check", "--format", "concise", "."],
    );
    assert!(r.stdout.starts_with("mac.py:5:5: "), "{}", r.stdout);
    let human = privlint(dir.path(), home.path(), &["check", "."]);
    assert!(
        human.stdout.contains("5 │     log.info"),
        "{}",
        human.stdout
    );
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[cfg(unix)]
#[test]
fn git_runs_with_the_config_keys_that_execute_programs_neutralised() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    git(root, &["init", "-q"]);
    fs::write(root.join("a.py"), "x = 1\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "one"]);
    fs::write(root.join("a.py"), LEAK).unwrap();
    let marker = root.join("pwned");
    let hook = root.join("hook.sh");
    fs::write(&hook, format!("#!/bin/sh\ntouch '{}'\n", marker.display())).unwrap();
    Command::new("chmod")
        .arg("755")
        .arg(&hook)
        .status()
        .unwrap();
    let h = hook.display().to_string();
    for (k, v) in [
        ("core.fsmonitor", &h),
        ("core.pager", &h),
        ("diff.external", &h),
        ("pager.diff", &h),
    ] {
        git(root, &["config", k, v]);
    }
    // The planted config works on a plain git (the test is not vacuous)…
    let _ = Command::new("git")
        .args(["diff", "HEAD"])
        .current_dir(root)
        .output();
    assert!(
        marker.exists(),
        "plain git ran none of the planted programs"
    );
    fs::remove_file(&marker).unwrap();

    // …and privlint's git runs none of them.
    let r = privlint(
        root,
        home.path(),
        &["check", "--diff-base", "HEAD", "--format", "concise", "."],
    );
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("a.py:5:5"), "{}", r.stdout);
    assert!(
        !marker.exists(),
        "privlint's git ran a program named by the repository's config"
    );

    // A revision is never taken for an option.
    let out = root.join("written-by-git");
    let opt = format!("--output={}", out.display());
    let r = privlint(root, home.path(), &["check", "--diff-base", &opt, "."]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(!out.exists());
}

#[test]
fn tracked_files_hidden_by_an_ignore_rule_are_reported() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    git(root, &["init", "-q"]);
    fs::create_dir(root.join("lib")).unwrap();
    fs::write(root.join("app.py"), LEAK).unwrap();
    fs::write(root.join("lib/b.py"), LEAK).unwrap();
    fs::write(root.join("kept.py"), LEAK).unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "one"]);
    // The change under review adds rules that would hide two of the three files.
    fs::write(root.join(".gitignore"), "lib/\napp.py\n").unwrap();
    let r = privlint(root, home.path(), &["check", "--format", "concise", "."]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.contains("kept.py:5:5"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("2 tracked files excluded by .gitignore:1 (`lib/`), .gitignore:2 (`app.py`)"),
        "{}",
        r.stdout
    );
    let shown = privlint(root, home.path(), &["check", "--show-files", "."]);
    assert!(
        shown.stdout.contains(
            "not analysed  app.py: tracked by git but excluded by .gitignore:2 (`app.py`)"
        ),
        "{}",
        shown.stdout
    );
    assert!(shown
        .stdout
        .contains("not analysed  lib/b.py: tracked by git but excluded by .gitignore:1 (`lib/`)"));
}

#[test]
fn output_is_byte_identical_across_thread_counts_and_runs() {
    let home = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for format in ["human", "json", "sarif"] {
        let mut seen: Option<String> = None;
        for j in ["1", "2", "8", "8", "1"] {
            let r = privlint(
                root,
                home.path(),
                &[
                    "check",
                    "--no-cache",
                    "-j",
                    j,
                    "--format",
                    format,
                    "tests/data/apps",
                    "fixtures",
                ],
            );
            // The elapsed time in the human summary is the one part that varies.
            let out: Vec<&str> = r
                .stdout
                .lines()
                .filter(|l| !l.starts_with("Found "))
                .collect();
            let out = out.join("\n");
            assert!(out.len() > 1000, "{}", r.stderr);
            match &seen {
                None => seen = Some(out),
                Some(s) => assert!(*s == out, "{format} differs with -j{j}"),
            }
        }
    }
}

/// The GitHub Action passes its inputs to scripts through the environment: a `${{ }}` inside
/// a `run:` script would let an input (a branch name, a path) become shell code.
#[test]
fn the_action_never_interpolates_inputs_into_a_script() {
    let action =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let mut script_indent: Option<usize> = None;
    let mut scripts = 0;
    for line in action.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(i) = script_indent {
            if line.trim().is_empty() || indent > i {
                assert!(!line.contains("${{"), "interpolated into a script: {line}");
                continue;
            }
            script_indent = None;
        }
        if let Some(rest) = line.trim_start().strip_prefix("run:") {
            scripts += 1;
            assert!(!rest.contains("${{"), "interpolated into a script: {line}");
            if rest.trim().starts_with('|') {
                script_indent = Some(indent);
            }
        }
    }
    assert!(scripts >= 3, "found {scripts} scripts");
}
