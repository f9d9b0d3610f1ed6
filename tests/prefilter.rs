//! The lexical tier (`src/prefilter.rs`) is conservative: the same findings with it and
//! without it (`--no-prefilter`) on every fixture, every labelled app, and a project built so
//! that a file with nothing but names still matters (it relays to a logging wrapper, it is
//! the only reader of a collected field); and every file it skips, parsed anyway under
//! `PRIVLINT_PREFILTER_AUDIT`, holds nothing but names.

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// Findings (concise, without the timing line) and standard error of a cache-less run.
fn check(dir: &Path, extra: &[&str]) -> (String, String) {
    let out = Command::cargo_bin("privlint")
        .unwrap()
        .current_dir(dir)
        .env("PRIVLINT_PREFILTER_AUDIT", "1")
        .env("PRIVLINT_TRACE", "1")
        .args([
            "check",
            ".",
            "--no-cache",
            "--exit-zero",
            "--format",
            "concise",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("Found "))
        .collect();
    (
        findings.join("\n"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to `name` under `dir`, making its folders.
fn put(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn same_with_and_without(dir: &Path) -> String {
    let (on, trace) = check(dir, &[]);
    let (off, _) = check(dir, &["--no-prefilter"]);
    assert_eq!(
        on,
        off,
        "findings differ with the lexical tier in {}",
        dir.display()
    );
    assert!(!trace.contains("[prefilter audit]"), "{trace}");
    trace
}

#[test]
fn fixtures_and_apps_give_the_same_findings_with_and_without_the_tier() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    same_with_and_without(&root.join("fixtures"));
    for app in fs::read_dir(root.join("tests/data/apps")).unwrap() {
        same_with_and_without(&app.unwrap().path());
    }
}

#[test]
fn a_file_of_names_is_parsed_when_a_name_matters_and_skipped_when_none_does() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    // A logging wrapper, relayed by a file of names only, called by another such file.
    // `main.py` is parsed only in the second round, once `relay.py` has been.
    w(
        "out.py",
        "import logging\n\nlog = logging.getLogger(__name__)\n\ndef tell(msg, *rest):\n    log.debug(msg, *rest)\n",
    );
    w(
        "relay.py",
        "from .out import tell\n\ndef note(msg, *rest):\n    tell(msg, *rest)\n",
    );
    w(
        "main.py",
        "from .relay import note\n\ndef f(user):\n    note(\"x %s\", user.email)\n",
    );
    // A form field whose one reader is a file of names only.
    w(
        "forms.py",
        "from django import forms\n\nclass Signup(forms.Form):\n    phone = forms.CharField()\n    religion = forms.CharField()\n",
    );
    w("show.py", "def show(s):\n    return s.phone\n");
    // Names nothing parsed cares about.
    w("calc.py", "def add(a, b):\n    return a + b\n");
    let trace = same_with_and_without(dir.path());
    assert!(
        trace.contains("4 files deferred by the lexical tier"),
        "{trace}"
    );
    assert!(trace.contains("1 files not parsed"), "{trace}");
    let shown = Command::cargo_bin("privlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--no-cache", "--exit-zero", "--show-files"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(
        shown.contains("analysed      calc.py (python; names only, not parsed)"),
        "{shown}"
    );
    assert!(
        shown.contains("analysed      show.py (python)\n"),
        "{shown}"
    );
    let (found, _) = check(dir.path(), &[]);
    assert!(
        found.contains("main.py:4:5: warning[pii-in-logs]"),
        "{found}"
    );
    assert!(found.contains("forms.py:5:5"), "{found}");
    assert!(!found.contains("forms.py:4:"), "{found}");
}

/// A file cached as names only is parsed when a later run makes one of its names relevant,
/// and a warm run says what a cold one does.
#[test]
fn a_file_cached_as_names_is_parsed_once_it_matters() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = Command::cargo_bin("privlint")
            .unwrap()
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", home.path())
            .args(["check", ".", "--exit-zero", "--format", "concise"])
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines()
            .filter(|l| !l.starts_with("Found "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    fs::write(
        dir.path().join("show.py"),
        "def show(s):\n    return s.phone\n",
    )
    .unwrap();
    assert_eq!(run(&[]), "");
    fs::write(
        dir.path().join("forms.py"),
        "from django import forms\n\nclass Signup(forms.Form):\n    phone = forms.CharField()\n",
    )
    .unwrap();
    assert_eq!(run(&[]), "", "show.py reads the phone");
    assert_eq!(run(&[]), run(&["--no-cache"]));
    fs::write(
        dir.path().join("show.py"),
        "def show(s):\n    return s.name\n",
    )
    .unwrap();
    assert!(run(&[]).contains("forms.py:4:5"));
}

/// Test code counts only for the fields it reads, so a test file is parsed only when it
/// spells a field that could otherwise be reported (or a name of its entity), or holds a
/// suppression comment; every other test file, sinks and models and all, is never parsed.
#[test]
fn test_code_is_parsed_only_for_reads_that_matter() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| put(dir.path(), name, text);
    w(
        "app/models.py",
        "from django.db import models\n\nclass Patient(models.Model):\n    phone = models.CharField(max_length=20)\n    religion = models.CharField(max_length=20)\n    nickname = models.CharField(max_length=20)\n\n    def delete_all(self):\n        Patient.objects.all().delete()\n",
    );
    w("app/views.py", "def card(p):\n    return p.nickname\n");
    // The one reader of `phone`: parsed, and `phone` is not reported.
    w(
        "tests/test_phone.py",
        "import logging\n\ndef test_phone(p):\n    logging.info(\"x\")\n    assert p.phone\n",
    );
    // Reads `nickname`, which the product reads already, and logs and declares things of
    // its own: none of it can change a finding.
    w(
        "tests/test_card.py",
        "import logging\nfrom django.db import models\n\nclass Fake(models.Model):\n    email = models.EmailField()\n\ndef test_card(p):\n    logging.warning(p.email)\n    assert p.nickname\n",
    );
    // A suppression comment: parsed, so that it is reported as unused.
    w(
        "tests/test_quiet.py",
        "def test_quiet(p):\n    print(p)  # privlint: ignore[pii-in-logs] fixture data\n",
    );
    let trace = same_with_and_without(dir.path());
    assert!(trace.contains("1 files not parsed"), "{trace}");
    let (found, _) = check(dir.path(), &[]);
    assert!(found.contains("app/models.py:5:5"), "{found}");
    assert!(!found.contains("app/models.py:4:"), "{found}");
    assert!(found.contains("tests/test_quiet.py:2:"), "{found}");
    assert!(!found.contains("test_card"), "{found}");
}

/// A request type no product code takes as input is collected only if a test takes it: a
/// JS test that does is parsed for it, and then so is a Python test spelling the type (its
/// reads of the type's fields now count); without the JS test, the Python one is not parsed.
#[test]
fn a_test_taking_a_request_type_brings_its_fields_in() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| put(dir.path(), name, text);
    w(
        "src/types.ts",
        "export interface SignupBody {\n  email: string;\n  religion: string;\n}\n",
    );
    w(
        "src/app.ts",
        "export function show(b: any) {\n  return b.email;\n}\n",
    );
    w(
        "tests/test_signup.py",
        "def test_signup_body(client):\n    SignupBody = client.post(\"/signup\")\n    assert SignupBody.status_code == 200\n",
    );
    let trace = same_with_and_without(dir.path());
    assert!(trace.contains("1 files not parsed"), "{trace}");
    assert_eq!(check(dir.path(), &[]).0, "");
    w(
        "test/signup.test.ts",
        "import { Request, Response } from \"express\";\nimport { SignupBody } from \"../src/types\";\n\nexport function handler(req: Request<{}, {}, SignupBody>, res: Response) {\n  res.send(\"ok\");\n}\n",
    );
    let trace = same_with_and_without(dir.path());
    assert!(trace.contains("0 files not parsed"), "{trace}");
    let (found, _) = check(dir.path(), &[]);
    assert!(
        found.contains("src/types.ts:3:3: error[over-collection]"),
        "{found}"
    );
}
