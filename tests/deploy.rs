//! The ready-to-use definitions under `deploy/` for the batch systems teams already run: the
//! Kubernetes manifest valid against the Kubernetes client's models (where CI installed it:
//! `PRIVLINT_KUBERNETES_PYTHON`), every engine giving each job its own shard, and every
//! `privlint` command line in them one that privlint accepts. (The GitHub workflow is linted
//! with actionlint by `.ci/lint-workflows.sh`.)

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

const FILES: &[&str] = &[
    "deploy/kubernetes/privlint-scan.yaml",
    "deploy/github/privlint-org-scan.yml",
    "deploy/gitlab/privlint-org-scan.gitlab-ci.yml",
];

#[test]
fn the_kubernetes_manifest_is_valid() {
    let Ok(python) = std::env::var("PRIVLINT_KUBERNETES_PYTHON") else {
        eprintln!("skipped: set PRIVLINT_KUBERNETES_PYTHON to a python with kubernetes (CI does)");
        return;
    };
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(python)
        .arg(here.join("tests/data/deploy/validate_k8s.py"))
        .arg(here.join(FILES[0]))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn each_engine_hands_each_job_its_shard() {
    let k8s = read(FILES[0]);
    assert!(k8s.contains("completionMode: Indexed"));
    assert!(k8s.contains("K=$((JOB_COMPLETION_INDEX + 1))"));
    assert!(k8s.contains("--shard \"$K/$SHARDS\""));
    let gh = read(FILES[1]);
    assert!(gh.contains("shard: [1, 2, 3, 4]") && gh.contains("SHARDS: 4"));
    assert!(gh.contains("--shard \"$SHARD/$SHARDS\""));
    let gl = read(FILES[2]);
    assert!(gl.contains("parallel: 4"));
    assert!(gl.contains("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\""));
}

/// Every flag the definitions pass to `privlint scan` or `privlint merge` is one of its own.
#[test]
fn their_command_lines_use_real_flags() {
    let help = |cmd: &str| {
        let out = Command::cargo_bin("privlint")
            .unwrap()
            .args([cmd, "--help"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let (scan, merge) = (help("scan"), help("merge"));
    for f in FILES {
        for line in read(f).lines() {
            let Some(at) = line
                .find("privlint\" scan ")
                .or(line.find("privlint scan "))
            else {
                if let Some(at) = line
                    .find("privlint merge ")
                    .or(line.find("privlint\" merge "))
                {
                    for flag in line[at..].split_whitespace().filter(|w| w.starts_with('-')) {
                        assert!(merge.contains(flag), "{f}: `merge {flag}` is not a flag");
                    }
                }
                continue;
            };
            for flag in line[at..].split_whitespace().filter(|w| w.starts_with('-')) {
                assert!(scan.contains(flag), "{f}: `scan {flag}` is not a flag");
            }
        }
    }
}
