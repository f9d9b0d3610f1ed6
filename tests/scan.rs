//! `privlint scan` and `privlint merge` over generated repositories: unsharded and as three
//! shards merged give the same findings and the same bytes; a repository that cannot be cloned
//! and one with a broken config are reported while the others are scanned.

mod common;
use common::git;

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn privlint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("privlint")
        .unwrap()
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join("cache-home"))
        .args(args)
        .output()
        .unwrap()
}

/// 22 repositories of varied content (half of them reached through a `file://` clone), one
/// with a broken config, one URL that does not exist.
fn organisation(root: &Path) -> String {
    let mut list = String::from("# the organisation's repositories\n");
    for i in 0..22 {
        let repo = root.join(format!("repo-{i:02}"));
        std::fs::create_dir_all(repo.join("src")).unwrap();
        std::fs::write(repo.join("privlint.toml"), "").unwrap();
        let code = match i % 4 {
            0 => "import logging\n\ndef signup(user):\n    logging.info(\"signup %s\", user.email)\n".to_string(),
            1 => format!("function f(user) {{\n  console.log(user.phone{i});\n  console.log(user.phone);\n}}\n"),
            2 => "from django.db import models\n\n\nclass Lead(models.Model):\n    email = models.EmailField()\n    date_of_birth = models.DateField()\n".to_string(),
            _ => "def add(a, b):\n    return a + b\n".to_string(),
        };
        let ext = if i % 4 == 1 { "js" } else { "py" };
        std::fs::write(repo.join(format!("src/app.{ext}")), code).unwrap();
        if i == 7 {
            std::fs::write(repo.join("privlint.toml"), "select = [\n").unwrap();
        }
        git(&repo, &["init", "-q", "-b", "main"]);
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-qm", "init"]);
        if i % 2 == 0 {
            list.push_str(&format!("file://{}@main\n", repo.display()));
        } else {
            list.push_str(&format!("{}\n", repo.display()));
        }
    }
    list.push_str(&format!("file://{}/no-such-repo\n", root.display()));
    list
}

fn merged(dir: &Path, shards: &[&str]) -> String {
    let mut args = vec!["merge", "--format", "json"];
    args.extend(shards);
    common::stdout_of_success(privlint(dir, &args))
}

#[test]
fn shards_merge_to_the_unsharded_report() {
    let org = tempfile::tempdir().unwrap();
    let root = org.path();
    std::fs::write(root.join("repos.txt"), organisation(root)).unwrap();
    let work = root.join("clones");
    let work = work.to_str().unwrap();
    let scan = |shard: &str, out: &str| {
        let r = privlint(
            root,
            &[
                "scan",
                "--repos",
                "repos.txt",
                "--shard",
                shard,
                "--work-dir",
                work,
                "-o",
                out,
            ],
        );
        common::stdout_of_success(r);
    };
    scan("1/1", "all.json");
    for k in 1..=3 {
        scan(&format!("{k}/3"), &format!("shard-{k}.json"));
    }
    let whole = merged(root, &["all.json"]);
    let sharded = merged(root, &["shard-3.json", "shard-1.json", "shard-2.json"]);
    assert_eq!(whole, sharded, "the merged reports differ");

    let v: Value = serde_json::from_str(&whole).unwrap();
    let repos = v["repositories"].as_array().unwrap();
    assert_eq!(repos.len(), 23);
    let failed: Vec<(&str, &str)> = repos
        .iter()
        .filter(|r| r["status"] == "failed")
        .map(|r| (r["id"].as_str().unwrap(), r["error"].as_str().unwrap()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed
        .iter()
        .any(|(id, e)| id.ends_with("no-such-repo") && e.contains("git clone failed")));
    assert!(failed
        .iter()
        .any(|(id, e)| id.contains("repo-07") && e.contains("invalid config")));
    assert_eq!(v["summary"]["scanned"], 21);
    // Five Python leaks (0, 4, …, 20), six JS files with one named leak each, the Django
    // models' findings: every scanned repository's findings are there.
    let by_rule = &v["summary"]["by_rule"];
    assert_eq!(by_rule["pii-in-logs"], 6 + 6, "{by_rule}");
    assert!(
        by_rule["over-collection"].as_u64().unwrap() >= 5,
        "{by_rule}"
    );
    // Each shard holds a part, none twice, all of them together.
    let sizes: Vec<usize> = (1..=3)
        .map(|k| {
            let s: Value = serde_json::from_slice(
                &std::fs::read(root.join(format!("shard-{k}.json"))).unwrap(),
            )
            .unwrap();
            s["repositories"].as_array().unwrap().len()
        })
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), 23, "{sizes:?}");
    assert!(sizes.iter().all(|&n| n >= 3), "unbalanced: {sizes:?}");

    // SARIF: one run per repository; HTML: one row per repository.
    let out = privlint(
        root,
        &[
            "merge",
            "--format",
            "sarif",
            "shard-1.json",
            "shard-2.json",
            "shard-3.json",
        ],
    );
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 23);
    let out = privlint(root, &["merge", "--format", "html", "all.json"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert_eq!(html.matches("<tr><td>").count(), 23);

    // With --maps, every scanned repository's map is written, cloned ones included, and the
    // organisation page links to it.
    let r = privlint(
        root,
        &[
            "scan",
            "--repos",
            "repos.txt",
            "--work-dir",
            work,
            "--maps",
            "maps",
            "-o",
            "with-maps.json",
        ],
    );
    common::stdout_of_success(r);
    let out = privlint(root, &["merge", "--format", "html", "with-maps.json"]);
    let html = String::from_utf8(out.stdout).unwrap();
    let links: Vec<&str> = html
        .split("<a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(links.len(), 21, "{html}");
    for l in links {
        let page = std::fs::read_to_string(root.join("maps").join(l)).unwrap();
        assert!(page.contains("Personal data map"), "{l}");
    }

    // A repository in two shards is refused.
    let out = privlint(root, &["merge", "all.json", "shard-1.json"]);
    assert_eq!(out.status.code(), Some(2));
}
