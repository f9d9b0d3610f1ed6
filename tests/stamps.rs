//! The warm path: an unchanged file (same size, times and inode as when its facts were cached)
//! is not read again, and any change to it, even one that keeps its size and modification
//! time, is seen. Index-only files of a project come through the same path.

mod common;
use common::{cache_files, set_cache_key};

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use assert_cmd::cargo::CommandCargoExt;

fn run(dir: &Path, home: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("privlint")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", home)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Sets a file's modification time an hour back: stamps are taken only of files not
/// modified in the last seconds.
fn age(p: &Path, when: SystemTime) {
    fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

const MODEL: &str = "from django.db import models\n\nclass Patient(models.Model):\n    email = models.EmailField()\n    phone = models.CharField(max_length=20)\n";
const LOG: &str =
    "import logging\nlog = logging.getLogger()\n\ndef f(user):\n    log.info(\"%s\", user.email)\n";
// The same length as LOG, nothing personal logged.
const CLEAN: &str =
    "import logging\nlog = logging.getLogger()\n\ndef f(user):\n    log.info(\"%s\", user.pk_id)\n";

#[test]
fn unchanged_files_come_from_their_stamps_and_every_change_is_seen() {
    assert_eq!(LOG.len(), CLEAN.len());
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    fs::write(root.join("models.py"), MODEL).unwrap();
    // Clean first: a file with findings is read anyway, to place them.
    fs::write(root.join("app.py"), CLEAN).unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    for f in ["models.py", "app.py"] {
        age(&root.join(f), old);
    }
    let json = ["check", ".", "--format", "json"];
    let (code, cold) = run(
        root,
        home.path(),
        &["check", ".", "--format", "json", "--no-cache"],
    );
    assert_eq!(code, Some(1));
    assert!(!cold.contains("pii-in-logs"), "{cold}");
    let (_, first) = run(root, home.path(), &json);
    assert_eq!(first, cold, "the run that takes the stamps");
    let (_, warm) = run(root, home.path(), &json);
    assert_eq!(warm, cold, "the run that uses them");
    // One file of the project, the rest index-only through stamps: the same repository
    // finding on the model as a cold run of that file.
    let one = ["check", "models.py", "--format", "json"];
    let (_, one_cold) = run(root, home.path(), &[&one[..], &["--no-cache"]].concat());
    let (_, one_warm) = run(root, home.path(), &one);
    assert_eq!(one_warm, one_cold);
    assert!(one_cold.contains("missing-deletion"), "{one_cold}");

    // Same size, same modification time, new content: the change time gives it away.
    fs::write(root.join("app.py"), LOG).unwrap();
    age(&root.join("app.py"), old);
    let (_, after) = run(root, home.path(), &json);
    let (_, after_cold) = run(root, home.path(), &[&json[..], &["--no-cache"]].concat());
    assert_eq!(after, after_cold);
    assert!(after.contains("pii-in-logs"), "{after}");
}

/// The stamps of the project's one cache file (sealed under `key`).
fn stamps(root: &Path, key: &[u8; 32]) -> Vec<String> {
    let [file] = cache_files(root).try_into().unwrap();
    let raw = fs::read(file).unwrap();
    let body = privlint::cache::key::verified(key, &raw).expect("sealed");
    let mut paths: Vec<String> = privlint::cache::decode(body)
        .expect("a cache body")
        .stamps
        .into_keys()
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_file_modified_in_the_last_seconds_gets_no_stamp() {
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = dir.path();
    let key = [9u8; 32];
    set_cache_key(home.path(), key);
    fs::write(root.join("app.py"), CLEAN).unwrap();
    fs::write(root.join("models.py"), MODEL).unwrap();
    age(
        &root.join("models.py"),
        SystemTime::now() - Duration::from_secs(3600),
    );
    let (_, first) = run(root, home.path(), &["check", ".", "--format", "json"]);
    assert!(!first.contains("pii-in-logs"), "{first}");
    // Where times are coarse, a rewrite within the same tick would keep them: a file this
    // fresh is read again next time, not trusted to its stamp.
    let only: Vec<String> = stamps(root, &key)
        .into_iter()
        .map(|p| p.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(only, ["models.py"]);
}
