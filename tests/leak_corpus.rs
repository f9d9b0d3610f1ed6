//! Recall and precision of `pii-in-logs` on `tests/data/leaks/`: realistic leaks, each with a
//! trap twin. Unlike the fixtures (exact equality), this measures: it prints a table per
//! language and per pattern class (`cargo test --test leak_corpus -- --nocapture`) and fails
//! when recall or precision falls below the floors below, which only ever go up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use privlint::engine::{run, Settings};
use privlint::rules;

/// Floors: raise them when the rule gets better, never lower them to make a change pass.
const MIN_RECALL: f64 = 1.0;
const MIN_PRECISION: f64 = 1.0;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x != "md" && x != "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Lines of expected leaks and of trap twins in one file.
fn labels(src: &str) -> (BTreeSet<u32>, BTreeSet<u32>) {
    let mut leaks = BTreeSet::new();
    let mut traps = BTreeSet::new();
    let lines: Vec<&str> = src.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let code = line.split(['#']).next().unwrap_or(line);
        let code = code.split("//").next().unwrap_or(code).trim();
        if line.contains("expect: pii-in-logs") {
            // Alone on its line: the label is for the next line.
            let target = if code.is_empty() { i + 1 } else { i };
            leaks.insert(target as u32 + 1);
        } else if line.contains("# ok:") || line.contains("// ok:") {
            traps.insert(i as u32 + 1);
        }
    }
    (leaks, traps)
}

#[derive(Default)]
struct Tally {
    leaks: usize,
    found: usize,
    false_alarms: usize,
    traps: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.leaks += o.leaks;
        self.found += o.found;
        self.false_alarms += o.false_alarms;
        self.traps += o.traps;
    }

    fn recall(&self) -> f64 {
        self.found as f64 / self.leaks.max(1) as f64
    }

    fn precision(&self) -> f64 {
        let reported = self.found + self.false_alarms;
        if reported == 0 {
            1.0
        } else {
            self.found as f64 / reported as f64
        }
    }
}

#[test]
fn recall_and_precision_on_the_leak_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/leaks");
    let files = files_under(&dir);
    let settings = Settings::with_rules(vec![rules::find("pii-in-logs").unwrap()], dir.clone());
    let outcome = run(&files, &settings);
    let mut by_class: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let lang = rel.split('/').next().unwrap_or("").to_string();
        let class = f
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string();
        let (leaks, traps) = labels(&std::fs::read_to_string(f).unwrap());
        let found: BTreeSet<u32> = outcome
            .findings
            .iter()
            .filter(|d| d.path == rel && d.rule == "pii-in-logs")
            .map(|d| d.location.start.line)
            .collect();
        if leaks.is_empty() && traps.is_empty() {
            continue; // a helper module (the project's own logger), not a case
        }
        let t = by_class.entry((lang, class)).or_default();
        t.leaks += leaks.len();
        t.traps += traps.len();
        t.found += leaks.intersection(&found).count();
        t.false_alarms += found.difference(&leaks).count();
        missed.extend(leaks.difference(&found).map(|l| format!("{rel}:{l}")));
        wrong.extend(found.difference(&leaks).map(|l| format!("{rel}:{l}")));
    }
    let mut total = Tally::default();
    let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
    println!("| language | class | leaks | found | false alarms | traps | recall | precision |");
    println!("|---|---|---|---|---|---|---|---|");
    for ((lang, class), t) in &by_class {
        println!(
            "| {lang} | {class} | {} | {} | {} | {} | {:.2} | {:.2} |",
            t.leaks,
            t.found,
            t.false_alarms,
            t.traps,
            t.recall(),
            t.precision()
        );
        by_lang.entry(lang.clone()).or_default().add(t);
        total.add(t);
    }
    for (lang, t) in &by_lang {
        println!(
            "| {lang} | all | {} | {} | {} | {} | {:.2} | {:.2} |",
            t.leaks,
            t.found,
            t.false_alarms,
            t.traps,
            t.recall(),
            t.precision()
        );
    }
    println!(
        "| all | all | {} | {} | {} | {} | {:.2} | {:.2} |",
        total.leaks,
        total.found,
        total.false_alarms,
        total.traps,
        total.recall(),
        total.precision()
    );
    println!("missed: {}", missed.join(" "));
    println!("false alarms: {}", wrong.join(" "));
    assert!(total.leaks >= 60, "the corpus must hold at least 60 leaks");
    assert!(
        total.recall() >= MIN_RECALL,
        "recall {:.2} fell below {MIN_RECALL}; missed: {}",
        total.recall(),
        missed.join(" ")
    );
    assert!(
        total.precision() >= MIN_PRECISION,
        "precision {:.2} fell below {MIN_PRECISION}; false alarms: {}",
        total.precision(),
        wrong.join(" ")
    );
}
