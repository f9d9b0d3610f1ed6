//! Running `git` on a repository privlint did not write. Its `.git/config` may come from the
//! scanned tree (an unpacked archive, a cloned fork's setup script), and git runs programs that
//! config names: a filesystem monitor, a pager, an external diff or textconv driver, hooks.
//! Every invocation goes through [`git`], which neutralises them.

use std::path::Path;
use std::process::Command;

/// Config keys that make git run a program, set to nothing.
const NEUTRALISED: &[&str] = &[
    "core.fsmonitor=",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=",
    "core.gitProxy=",
    "core.askPass=",
    "credential.helper=",
    "diff.external=",
    // privlint's walk ignores the user's global excludes; git must agree with it.
    "core.excludesFile=",
    "protocol.ext.allow=never",
];

/// `git -C dir ARGS` with the config keys that execute programs neutralised, no system
/// config, no pager, no prompt, no optional locks (a scan never writes the index). Its
/// standard output, or its standard error as the error.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    git_with_input(dir, args, None)
}

/// `git -C dir` with the neutralised config and environment, before its arguments.
fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("--no-pager").arg("-C").arg(dir);
    for kv in NEUTRALISED {
        cmd.arg("-c").arg(kv);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_ASKPASS")
        .env_remove("SSH_ASKPASS");
    cmd
}

/// A shallow clone of `url` (at `rev`, a branch or tag, if given) into `dest`, given up after
/// `timeout`: no prompt for credentials, `--` before the URL (never an option).
pub fn clone(
    url: &str,
    rev: Option<&str>,
    dest: &Path,
    timeout: std::time::Duration,
) -> Result<(), String> {
    use std::process::Stdio;
    let parent = dest.parent().unwrap_or(Path::new("."));
    let mut cmd = command(parent);
    cmd.args(["clone", "--quiet", "--depth", "1", "--no-tags"]);
    if let Some(r) = rev {
        cmd.arg("--branch").arg(r);
    }
    cmd.arg("--").arg(url).arg(dest);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot run git: {e}"))?;
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            return if status.success() {
                Ok(())
            } else {
                Err(format!("git clone failed: {}", err.trim()))
            };
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("git clone took over {} s", timeout.as_secs()));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// [`git`] with `input` on its standard input.
pub fn git_with_input(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, String> {
    use std::process::Stdio;
    let mut cmd = command(dir);
    cmd.args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot run git: {e}"))?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        let input = input.to_vec();
        // Written from a thread: git may fill its output pipe before it reads all its input.
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

pub fn git_text(dir: &Path, args: &[&str]) -> Result<String, String> {
    git(dir, args).map(|o| String::from_utf8_lossy(&o).trim().to_string())
}

/// NUL-separated paths, as `-z` prints them.
pub fn split_z(b: &[u8]) -> impl Iterator<Item = String> + '_ {
    b.split(|c| *c == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
}

/// Whether `dir` is inside a git work tree, by looking for `.git` upwards: no process.
pub fn in_work_tree(dir: &Path) -> bool {
    let Ok(abs) = std::fs::canonicalize(dir) else {
        return false;
    };
    abs.ancestors().any(|a| a.join(".git").exists())
}
