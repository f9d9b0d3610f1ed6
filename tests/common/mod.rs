//! Helpers shared by the integration tests: git repositories, privlint's map, its cache file.
// Each test crate uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

/// `git ARGS` in `dir` with a fixed identity and no signing; panics with git's message.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The standard output of a privlint run that must exit 0 (its standard error shown if not).
pub fn stdout_of_success(out: Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `privlint map . --no-cache --format FORMAT` in `dir`, with a throw-away per-user cache dir.
pub fn map(dir: &Path, format: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("privlint")
        .unwrap()
        .current_dir(dir)
        .env("XDG_CACHE_HOME", home.path())
        .args(["map", ".", "--no-cache", "--format", format])
        .output()
        .unwrap();
    stdout_of_success(out)
}

/// Makes `key` the per-user cache key under the cache home `home`.
pub fn set_cache_key(home: &Path, key: [u8; 32]) {
    std::fs::create_dir_all(home.join("privlint")).unwrap();
    std::fs::write(home.join("privlint/cache-key"), key).unwrap();
}

/// The files of the project's cache under `root` (one per privlint version and settings).
pub fn cache_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for v in std::fs::read_dir(root.join(".privlint_cache"))
        .unwrap()
        .flatten()
    {
        if v.path().is_dir() {
            out.extend(
                std::fs::read_dir(v.path())
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
    }
    out
}
