//! How privlint reaches users: the wheel, the pre-commit hooks and the GitHub Action agree on
//! one version and never need a Rust toolchain. `.ci/wheel.sh` builds and installs the wheel
//! for real; these tests keep the files that describe it consistent.

use std::fs;
use std::path::Path;

fn read(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The first `version = "…"` line of a TOML file.
fn version_in(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version line")
        .to_string()
}

#[test]
fn the_wheel_the_hook_installer_and_the_crate_share_one_version() {
    let crate_version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        version_in(&read("python/wheel/pyproject.toml")),
        crate_version
    );
    let installer = read("pyproject.toml");
    assert_eq!(version_in(&installer), crate_version);
    assert!(
        installer.contains(&format!("dependencies = [\"privlint=={crate_version}\"]")),
        "the hook installer must pin the wheel of this version"
    );
    let wheel = read("python/wheel/pyproject.toml");
    assert!(wheel.contains("bindings = \"bin\""));
    assert!(wheel.contains("manifest-path = \"../../Cargo.toml\""));
}

/// `privlint` installs the wheel (`language: python`), `privlint-cargo` builds from source,
/// `privlint-system` uses PATH; all three see the same files.
#[test]
fn the_hooks_install_the_wheel_by_default_and_see_the_same_files() {
    let hooks = read(".pre-commit-hooks.yaml");
    let mut seen = Vec::new();
    for block in hooks.split("\n- id: ").skip(1) {
        let id = block.lines().next().unwrap().trim().to_string();
        let field = |k: &str| {
            block
                .lines()
                .find_map(|l| l.trim().strip_prefix(k))
                .unwrap_or_else(|| panic!("{id}: no {k}"))
                .trim()
                .to_string()
        };
        let (language, files) = (field("language:"), field("files:"));
        seen.push((id, language, files));
    }
    let ids: Vec<(&str, &str)> = seen
        .iter()
        .map(|(i, l, _)| (i.as_str(), l.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("privlint", "python"),
            ("privlint-cargo", "rust"),
            ("privlint-system", "system")
        ]
    );
    assert!(seen.iter().all(|(_, _, f)| *f == seen[0].2));
}

#[test]
fn the_action_installs_the_wheel_never_cargo() {
    let action = read("action.yml");
    assert!(
        !action.contains("cargo"),
        "the Action must not build from source"
    );
    assert!(action.contains("pip\" install"));
    let release = read(".github/workflows/release.yml");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(release.contains(target), "release.yml builds no {target}");
    }
    assert!(release.contains("SHA256SUMS"));
}

/// Every file `--help` names (a config, a docs page) exists in the repository or is one a
/// user writes.
#[test]
fn help_cites_only_files_that_exist() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in [
        &[][..],
        &["check"],
        &["rule"],
        &["rules"],
        &["clean"],
        &["init"],
        &["completions"],
    ] {
        let out = assert_cmd::Command::cargo_bin("privlint")
            .unwrap()
            .args(sub)
            .arg("--help")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        for word in text.split(|c: char| c.is_whitespace() || "()`,;'\"".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            let cited = [".md", ".json", ".yml", ".yaml"]
                .iter()
                .any(|ext| word.ends_with(ext));
            if cited && !word.contains('*') {
                assert!(
                    here.join(word).exists(),
                    "`privlint {} --help` cites {word}, which is not in the repository",
                    sub.join(" ")
                );
            }
        }
    }
}
