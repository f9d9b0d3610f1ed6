//! What a finding says fits what was found: the remedy fits the sink, one finding per sink
//! and value, and "declared here" is the type this code means.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

fn findings(files: &[(&str, &str)]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("privlint.toml"), "").unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let out = Command::cargo_bin("privlint")
        .unwrap()
        .current_dir(dir.path())
        .env("PRIVLINT_NO_CACHE", "1")
        .args(["check", ".", "--format", "json", "--select", "pii-in-logs"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn a_thiserror_message_gets_error_advice_and_instrument_gets_skip() {
    let found = findings(&[(
        "src/lib.rs",
        "#[derive(thiserror::Error, Debug)]\n\
         enum E {\n    #[error(\"no account for {email}\")]\n    NoAccount { email: String },\n}\n\n\
         #[tracing::instrument]\nfn login(email: &str) {}\n",
    )]);
    assert_eq!(found.len(), 2, "{found:#?}");
    let help = |line: u64| {
        found
            .iter()
            .find(|d| d["span"]["start"]["line"] == line)
            .map(|d| d["help"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert!(help(3).contains("#[error("), "{}", help(3));
    assert!(!help(3).contains("skip("), "{}", help(3));
    assert!(help(7).contains("skip("), "{}", help(7));
}

/// `dbg!(credentials)`: a secret by its name, a username and a password by its fields; one
/// finding, with every data type.
#[test]
fn one_finding_per_sink_and_value() {
    let found = findings(&[(
        "src/main.rs",
        "#[derive(Debug)]\nstruct Credentials {\n    username: String,\n    password: String,\n}\n\n\
         fn f(credentials: &Credentials) {\n    dbg!(credentials);\n}\n",
    )]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let types: Vec<&str> = found[0]["data_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(types.contains(&"cred.password"), "{types:?}");
    assert!(types.contains(&"cred.secret_token"), "{types:?}");
}

/// Two services each declare a `User`: the logged one is the handler's own.
#[test]
fn declared_here_is_the_handlers_own_type() {
    let found = findings(&[
        (
            "billing/models.py",
            "from dataclasses import dataclass\n\n@dataclass\nclass User:\n    email: str\n",
        ),
        (
            "auth/models.py",
            "from dataclasses import dataclass\n\n@dataclass\nclass User:\n    phone: str\n    password: str\n",
        ),
        (
            "auth/views.py",
            "import logging\nfrom .models import User\n\ndef h(user: User):\n    logging.info(\"%s\", user)\n",
        ),
    ]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"].as_str().unwrap().contains("password"),
        "{found:#?}"
    );
    let declared = found[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["message"] == "declared here")
        .unwrap();
    assert_eq!(declared["path"], "auth/models.py");
}
