//! `privlint map`: a golden file per format on realistic apps, no literal value in any
//! format, the fideslang manifest valid against fideslang's own models (where CI installed
//! it: `PRIVLINT_FIDESLANG_PYTHON`), and the HTML rendered by headless Chromium (where CI
//! installed it: `PRIVLINT_CHROMIUM`), with screenshots kept under `target/map-screenshots/`.

mod common;
use common::map;

use std::path::{Path, PathBuf};
use std::process::Command;

const APPS: &[&str] = &[
    "flask_helpdesk",
    "express_mongoose_crm",
    "nest_prisma_bookings",
];
const FORMATS: &[(&str, &str)] = &[
    ("json", "json"),
    ("markdown", "md"),
    ("html", "html"),
    ("fides", "yml"),
];

fn app(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/apps")
        .join(name)
}

/// Golden files under `tests/data/map/`; `PRIVLINT_UPDATE_MAPS=1` rewrites them.
#[test]
fn every_format_matches_its_golden_file() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/map");
    let update = std::env::var_os("PRIVLINT_UPDATE_MAPS").is_some();
    let mut stale = Vec::new();
    for a in APPS {
        for (format, ext) in FORMATS {
            let text = map(&app(a), format);
            let file = golden.join(format!("{a}.{ext}"));
            if update {
                std::fs::create_dir_all(&golden).unwrap();
                std::fs::write(&file, &text).unwrap();
            }
            if std::fs::read_to_string(&file).unwrap_or_default() != text {
                stale.push(file.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "maps differ from their golden files (PRIVLINT_UPDATE_MAPS=1 cargo test --test map): {stale:?}"
    );
}

#[test]
fn the_map_holds_names_and_places_never_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("privlint.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "import logging\nfrom dataclasses import dataclass\n\n@dataclass\nclass Lead:\n    email: str\n    phone: str\n\n\
         DEFAULT = Lead(email=\"alice@example.com\", phone=\"+44 20 7946 0958\")\n\
         logging.info(\"lead %s\", DEFAULT.email)\nprint(\"alice@example.com\")\n",
    )
    .unwrap();
    for (format, _) in FORMATS {
        let text = map(dir.path(), format);
        assert!(text.contains("email"), "{format}: {text}");
        for secret in ["alice@example.com", "7946"] {
            assert!(!text.contains(secret), "{format} shows {secret}");
        }
    }
}

#[test]
fn the_fides_manifest_is_valid_fideslang() {
    let Ok(python) = std::env::var("PRIVLINT_FIDESLANG_PYTHON") else {
        eprintln!("skipped: set PRIVLINT_FIDESLANG_PYTHON to a python with fideslang (CI does)");
        return;
    };
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/map/validate_fides.py");
    for a in APPS {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fides.yml");
        std::fs::write(&file, map(&app(a), "fides")).unwrap();
        let out = Command::new(&python)
            .arg(&check)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{a}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Headless Chromium loads the page with no console error and draws it: the screenshot is
/// far larger than that of an empty page of the same size.
#[test]
fn the_html_map_renders_in_headless_chromium() {
    let Ok(chromium) = std::env::var("PRIVLINT_CHROMIUM") else {
        eprintln!("skipped: set PRIVLINT_CHROMIUM to a chromium binary (CI does)");
        return;
    };
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/map-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let work = tempfile::tempdir().unwrap();
    let shoot = |html: &Path, png: &Path| -> String {
        let out = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1280,1600",
            ])
            .arg(format!(
                "--user-data-dir={}",
                work.path().join("profile").display()
            ))
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .unwrap();
        assert!(
            png.exists(),
            "no screenshot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let empty = work.path().join("empty.html");
    std::fs::write(&empty, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let blank = work.path().join("blank.png");
    shoot(&empty, &blank);
    let blank_size = std::fs::metadata(&blank).unwrap().len();
    for a in ["flask_helpdesk", "nest_prisma_bookings"] {
        let html = work.path().join(format!("{a}.html"));
        std::fs::write(&html, map(&app(a), "html")).unwrap();
        let png = shots.join(format!("map-{a}.png"));
        let log = shoot(&html, &png);
        let console: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(console.is_empty(), "{a}: console messages: {console:?}");
        let size = std::fs::metadata(&png).unwrap().len();
        assert!(
            size > 10 * blank_size,
            "{a}: the screenshot ({size} bytes) looks blank (an empty page: {blank_size} bytes)"
        );
    }
}
