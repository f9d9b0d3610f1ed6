//! The `privlint-system` hook of `.pre-commit-hooks.yaml`, run for real by `pre-commit` (from
//! PyPI) on a temporary repository. CI installs pre-commit (`.ci/run`); where it is not
//! installed the test says so and passes.

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, cmd: &str, args: &[&str], path_env: &str) -> std::process::Output {
    Command::new(cmd)
        .current_dir(dir)
        .args(args)
        .env("PATH", path_env)
        // Outside the repository, as `~/.cache/pre-commit` is: inside it, the hook's own clone
        // of privlint (fixtures and all) would be part of the scanned project.
        .env(
            "PRE_COMMIT_HOME",
            dir.with_file_name(".privlint-test-pre-commit-home"),
        )
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn pre_commit_runs_the_hook_on_staged_files() {
    let pre_commit = std::env::var("PRIVLINT_PRE_COMMIT").unwrap_or_else(|_| "pre-commit".into());
    if Command::new(&pre_commit).arg("--version").output().is_err() {
        eprintln!(
            "skipped: pre-commit is not installed (set PRIVLINT_PRE_COMMIT or put it on PATH)"
        );
        return;
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rev = Command::new("git")
        .current_dir(here)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    let rev = String::from_utf8(rev.stdout).unwrap().trim().to_string();
    let bin_dir = assert_cmd::cargo::cargo_bin("privlint")
        .parent()
        .unwrap()
        .to_path_buf();
    let path_env = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let outer = tempfile::tempdir().unwrap();
    let repo = &outer.path().join("repo");
    std::fs::create_dir(repo).unwrap();
    assert!(run(repo, "git", &["init", "-q"], &path_env)
        .status
        .success());
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: privlint-system\n",
            here.display()
        ),
    )
    .unwrap();
    std::fs::write(repo.join("app.py"), "def f(user):\n    print(user.email)\n").unwrap();
    std::fs::create_dir_all(repo.join("node_modules/x")).unwrap();
    std::fs::write(
        repo.join("node_modules/x/i.js"),
        "console.log(user.email)\n",
    )
    .unwrap();
    // Stages `paths` (`git add -f`: vendored files too) and runs the hooks: exit code, output.
    let commit = |paths: &[&str]| {
        let mut add = vec!["add", "-f"];
        add.extend(paths);
        assert!(run(repo, "git", &add, &path_env).status.success());
        let out = run(repo, &pre_commit, &["run"], &path_env);
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code(), text)
    };
    let (code, text) = commit(&["."]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("app.py:2:5: warning[pii-in-logs] email address printed to the console"),
        "{text}"
    );
    assert!(
        !text.contains("node_modules/x/i.js:"),
        "vendored files are force-excluded: {text}"
    );
    std::fs::write(repo.join("app.py"), "def f(user):\n    print(user.id)\n").unwrap();
    let (code, text) = commit(&["app.py"]);
    assert_eq!(code, Some(0), "{text}");
    // A migration adding a personal column is checked in the commit that adds it.
    std::fs::create_dir_all(repo.join("migrations")).unwrap();
    std::fs::write(
        repo.join("migrations/001_customers.sql"),
        "CREATE TABLE customers (\n  id serial primary key,\n  phone text\n);\n",
    )
    .unwrap();
    let (code, text) = commit(&["migrations"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("migrations/001_customers.sql:3:3: warning[over-collection] phone number stored but never used"),
        "{text}"
    );
}
