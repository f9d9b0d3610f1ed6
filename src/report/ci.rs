//! Formats for CI systems: GitHub workflow annotations, GitLab Code Quality, JUnit XML.

use std::fmt::Write;

use serde_json::json;

use crate::engine::Outcome;
use crate::rules::Severity;

/// GitHub shows at most this many annotations of one level per step.
pub const GITHUB_CAP_PER_LEVEL: usize = 10;

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…::message` workflow commands, and one warning when GitHub will not
/// show them all.
pub fn github(o: &Outcome) -> String {
    let mut s = String::new();
    let mut per_level = [0usize; 3];
    for f in &o.findings {
        let (cmd, i) = match f.severity {
            Severity::Error => ("error", 0),
            Severity::Warning => ("warning", 1),
            Severity::Info => ("notice", 2),
        };
        per_level[i] += 1;
        let types: Vec<&str> = f.data_types.iter().map(|t| t.fides.as_str()).collect();
        let _ = writeln!(
            s,
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            gh_escape_prop(&super::printable(&f.path)),
            f.location.start.line,
            f.location.start.column,
            f.location.end.line,
            f.location.end.column,
            gh_escape_prop(&format!("privlint {}", f.rule)),
            gh_escape_data(&format!(
                "{}. {}",
                super::with_types(&f.message, &types, " (", ")"),
                f.help
            )),
        );
    }
    for e in &o.errors {
        let line = e.line.map(|l| format!(",line={l}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "::warning file={}{line},title=privlint::{}",
            gh_escape_prop(&super::printable(&e.path)),
            gh_escape_data(&e.message)
        );
    }
    if per_level.iter().any(|n| *n > GITHUB_CAP_PER_LEVEL) {
        let _ = writeln!(
            s,
            "::warning title=privlint::{} findings, more than GitHub shows as annotations ({GITHUB_CAP_PER_LEVEL} per level per step, 50 per job); upload SARIF (--sarif-output) to code scanning to see them all",
            o.findings.len()
        );
    }
    s
}

/// GitLab Code Quality report (a JSON array), with our line-independent fingerprints.
pub fn gitlab(o: &Outcome) -> String {
    let items: Vec<_> = o
        .findings
        .iter()
        .map(|f| {
            let types: Vec<&str> = f.data_types.iter().map(|t| t.fides.as_str()).collect();
            json!({
                "description": super::with_types(&f.message, &types, " (", ")"),
                "check_name": f.rule,
                "fingerprint": f.fingerprint,
                "severity": match f.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "minor",
                },
                "location": {"path": f.path, "lines": {"begin": f.location.start.line, "end": f.location.end.line}},
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).expect("serialisable");
    s.push('\n');
    s
}

/// Escaped for XML text and attributes; a control character (invalid in XML 1.0 even as a
/// character reference) is written as `\u{1b}`, as in the other formats.
fn xml(s: &str) -> String {
    super::printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: one failing test case per finding, grouped by rule.
pub fn junit(o: &Outcome) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let n = o.findings.len();
    let _ = writeln!(
        s,
        "<testsuites name=\"privlint\" tests=\"{}\" failures=\"{n}\" errors=\"{}\">",
        n.max(1),
        o.errors.len()
    );
    for rule in crate::rules::REGISTRY {
        let fs: Vec<_> = o.findings.iter().filter(|f| f.rule == rule.name).collect();
        let _ = writeln!(
            s,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">",
            rule.name,
            fs.len().max(1),
            fs.len()
        );
        if fs.is_empty() {
            let _ = writeln!(
                s,
                "    <testcase name=\"no findings\" classname=\"{}\"/>",
                rule.name
            );
        }
        for f in fs {
            let types: Vec<&str> = f.data_types.iter().map(|t| t.fides.as_str()).collect();
            let _ = writeln!(
                s,
                "    <testcase name=\"{}:{}:{}\" classname=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}&#10;{}</failure>\n    </testcase>",
                xml(&f.path),
                f.location.start.line,
                f.location.start.column,
                xml(&f.path),
                f.severity.as_str(),
                xml(&f.message),
                xml(&super::with_types(&f.message, &types, " (", ")")),
                xml(&f.help)
            );
        }
        s.push_str("  </testsuite>\n");
    }
    s.push_str("</testsuites>\n");
    s
}
