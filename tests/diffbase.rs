//! `--diff-base` is exact for every rule: a table of edits against a committed project, each
//! with the exact set of findings it introduces. Repository findings are compared with the
//! base revision's own repository findings, so edits that move code raise nothing and an edit
//! elsewhere can raise a finding in an unchanged file.

mod common;
use common::git;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const MODELS: &str = "\
from dataclasses import dataclass

from django.db import models


class Customer(models.Model):
    email = models.EmailField()
    phone = models.CharField(max_length=20)
    date_of_birth = models.DateField()


class Order(models.Model):
    buyer_email = models.EmailField()
    shipping_address = models.TextField()


@dataclass
class Profile:
    email: str
    display_name: str
";

const VIEWS: &str = "\
import logging

from .models import Customer, Order, Profile

logger = logging.getLogger(__name__)


def notify(customer):
    send_sms(customer.phone, customer.email)
    logger.info(\"notified %s\", customer.email)


def ship(order):
    label(order.buyer_email, order.shipping_address)


def audit(profile: Profile):
    logger.info(\"profile %s\", profile)
";

const CLEANUP: &str = "\
from .models import Order


def purge_orders(before):
    Order.objects.filter(created__lt=before).delete()
";

/// The base project committed on `main`, then a branch with `edit` applied (not committed:
/// the working tree is what is checked).
fn edited(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    fs::create_dir(p.join("app")).unwrap();
    fs::write(p.join("privlint.toml"), "").unwrap();
    fs::write(p.join("app/models.py"), MODELS).unwrap();
    fs::write(p.join("app/views.py"), VIEWS).unwrap();
    fs::write(p.join("app/cleanup.py"), CLEANUP).unwrap();
    fs::write(p.join("app/util.py"), "def add(a, b):\n    return a + b\n").unwrap();
    git(p, &["init", "-q", "-b", "main"]);
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "base"]);
    git(p, &["checkout", "-qb", "feature"]);
    edit(p);
    d
}

/// (path, line, rule) of the findings `check --diff-base main` reports, run in `cwd`.
fn introduced(cwd: &Path) -> Vec<Found> {
    let out = Command::cargo_bin("privlint")
        .unwrap()
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cwd.join(".test-cache-home"))
        .args(["check", ".", "--diff-base", "main", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["span"]["start"]["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rewrite(p: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let path = p.join(file);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, f(text)).unwrap();
}

type Found = (String, u64, String);
type Edit = Box<dyn FnOnce(&Path)>;

fn new(path: &str, line: u64, rule: &str) -> Found {
    (path.to_string(), line, rule.to_string())
}

#[test]
fn every_edit_introduces_exactly_its_own_findings() {
    // The base itself has five findings (missing deletion and an unused field of Customer,
    // an unused Profile field, an email and a whole Profile in logs); none is new.
    let unchanged = edited(|_| {});
    assert_eq!(introduced(unchanged.path()), []);

    let cases: Vec<(&str, Edit, Vec<Found>)> = vec![
        (
            "a comment appended to the model file",
            Box::new(|p| rewrite(p, "app/models.py", |t| t + "# reviewed\n")),
            vec![],
        ),
        (
            "lines inserted above the logs, the whole-object log included",
            Box::new(|p| {
                rewrite(p, "app/views.py", |t| {
                    format!("\"\"\"Views.\"\"\"\n\n\n{t}")
                })
            }),
            vec![],
        ),
        (
            "a function moved below the others",
            Box::new(|p| {
                rewrite(p, "app/views.py", |t| {
                    let start = t.find("def notify").unwrap();
                    let end = t.find("def ship").unwrap();
                    let notify = t[start..end].to_string();
                    format!("{}{}\n\n{}", &t[..start], &t[end..], notify.trim_end())
                })
            }),
            vec![],
        ),
        (
            "an unrelated file changed",
            Box::new(|p| {
                rewrite(p, "app/util.py", |t| {
                    t + "\n\ndef sub(a, b):\n    return a - b\n"
                })
            }),
            vec![],
        ),
        (
            "a personal field added to a model and never read",
            Box::new(|p| {
                rewrite(p, "app/models.py", |t| {
                    t.replace(
                        "    date_of_birth = models.DateField()\n",
                        "    date_of_birth = models.DateField()\n    national_id = models.CharField(max_length=20)\n",
                    )
                })
            }),
            vec![new("app/models.py", 10, "over-collection")],
        ),
        (
            "a new leak added to a file with an old one",
            Box::new(|p| {
                rewrite(p, "app/views.py", |t| {
                    t.replace(
                        "    send_sms(customer.phone, customer.email)\n",
                        "    send_sms(customer.phone, customer.email)\n    print(customer.phone)\n",
                    )
                })
            }),
            vec![new("app/views.py", 10, "pii-in-logs")],
        ),
        (
            "the only deletion of Order removed (its model file unchanged)",
            Box::new(|p| {
                rewrite(p, "app/cleanup.py", |t| {
                    t.replace(".delete()", ".update(archived=True)")
                })
            }),
            vec![new("app/models.py", 12, "missing-deletion")],
        ),
    ];
    let mut failures = Vec::new();
    for (name, edit, want) in cases {
        let d = edited(edit);
        let got = introduced(d.path());
        if got != want {
            failures.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// From a subdirectory, paths are relative to it and the repository rules still see the
/// whole project at both revisions.
#[test]
fn diff_base_works_from_a_subdirectory() {
    let d = edited(|p| {
        rewrite(p, "app/models.py", |t| {
            t.replace(
                "    date_of_birth = models.DateField()\n",
                "    date_of_birth = models.DateField()\n    national_id = models.CharField(max_length=20)\n",
            )
        });
        rewrite(p, "app/views.py", |t| format!("# moved down\n{t}"));
    });
    assert_eq!(
        introduced(&d.path().join("app")),
        [new("models.py", 10, "over-collection")]
    );
}
