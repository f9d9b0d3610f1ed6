//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning wants it. Rules come from the rules'
//! doc comments; results carry our line-independent fingerprint and GitHub's
//! `primaryLocationLineHash`; suppressed and baselined findings stay, marked as such; no
//! source snippets.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::engine::{Finding, Located, Outcome, Suppressed};
use crate::rules::{self, Severity};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(l: &Located) -> Value {
    json!({
        "startLine": l.start.line,
        "startColumn": l.start.column,
        "endLine": l.end.line,
        "endColumn": l.end.column,
    })
}

fn location(path: &str, l: &Located) -> Value {
    json!({
        "artifactLocation": {"uri": uri(path), "uriBaseId": "%SRCROOT%"},
        "region": region(l),
    })
}

/// Relative paths as URI references (spaces and the like percent-encoded).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `snippets`: include each result's source lines, redacted (`--include-snippets`).
pub fn render(o: &Outcome, root: &std::path::Path, snippets: bool) -> String {
    let rule_list: Vec<Value> = rules::REGISTRY
        .iter()
        .map(|r| {
            let doc = rules::doc_text(r.doc);
            let mut full = r.short_doc();
            if full.len() > 1000 {
                full.truncate(full[..1000].rfind(' ').unwrap_or(1000));
                full.push('…');
            }
            json!({
                "id": r.name,
                "name": camel(r.name),
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": full},
                "help": {"text": doc, "markdown": doc},
                "helpUri": rules::help_uri(r),
                "defaultConfiguration": {"level": level(r.default_severity)},
                "properties": {
                    "tags": r.tags,
                    "precision": "high",
                    "security-severity": r.security_severity,
                },
            })
        })
        .collect();
    let index: HashMap<&str, usize> = rules::REGISTRY
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name, i))
        .collect();
    let hashes = line_hashes(o);
    let sources: HashMap<&str, &str> = o.sources.iter().map(|(p, s)| (p.as_str(), &**s)).collect();
    let results: Vec<Value> = o
        .findings
        .iter()
        .chain(&o.suppressed_findings)
        .map(|f| {
            let mut r = result(f, &index, &hashes);
            if let Some(src) = sources.get(f.path.as_str()).filter(|_| snippets) {
                let lines: Vec<&str> = src.lines().collect();
                let (a, b) = (f.location.start.line as usize, f.location.end.line as usize);
                let text = lines
                    .get(a.saturating_sub(1)..b.min(lines.len()))
                    .unwrap_or(&[])
                    .join("\n");
                r["locations"][0]["physicalLocation"]["region"]["snippet"] =
                    json!({"text": crate::redact::redact(&text)});
            }
            r
        })
        .collect();
    let notifications: Vec<Value> = o
        .errors
        .iter()
        .map(|e| {
            let mut n = json!({
                "level": if e.internal { "error" } else { "warning" },
                "message": {"text": e.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&e.path), "uriBaseId": "%SRCROOT%"}}}],
            });
            if let Some(l) = e.line {
                n["locations"][0]["physicalLocation"]["region"] = json!({"startLine": l});
            }
            n
        })
        .collect();
    let root_uri = root_uri(root);
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "privlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                "rules": rule_list,
            }},
            "automationDetails": {"id": "privlint/"},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "invocations": [{
                "executionSuccessful": !o.has_internal_error(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}

fn result(
    f: &Finding,
    index: &HashMap<&str, usize>,
    hashes: &HashMap<(String, u32), String>,
) -> Value {
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": index.get(f.rule).copied().unwrap_or(0),
        "level": level(f.severity),
        "message": {"text": super::with_types(&capitalise(&f.message), &f.data_types.iter().map(|t| t.fides.as_str()).collect::<Vec<_>>(), ": ", "")},
        "locations": [{"physicalLocation": location(&f.path, &f.location)}],
        "relatedLocations": f.related.iter().enumerate().map(|(i, (l, m))| json!({
            "id": i + 1,
            "physicalLocation": location(l.path.as_deref().unwrap_or(&f.path), l),
            "message": {"text": m},
        })).collect::<Vec<_>>(),
        "partialFingerprints": {"privlint/v1": f.fingerprint},
        "properties": {
            "confidence": f.confidence.as_str(),
            "dataTypes": f.data_types.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            "security-severity": security_severity(f),
            "tags": tags(f),
        },
    });
    if let Some(fix) = &f.fix {
        r["fixes"] = json!([{
            "description": {"text": fix.description},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(&f.path), "uriBaseId": "%SRCROOT%"},
                "replacements": [{
                    "deletedRegion": region(&fix.location),
                    "insertedContent": {"text": fix.replacement},
                }],
            }],
        }]);
    }
    if let Some(h) = hashes.get(&(f.path.clone(), f.location.start.line)) {
        r["partialFingerprints"]["primaryLocationLineHash"] = json!(h);
    }
    if let Some(s) = &f.suppression {
        r["suppressions"] = match s {
            Suppressed::InSource(reason) => json!([{"kind": "inSource", "justification": reason}]),
            Suppressed::Baseline => {
                json!([{"kind": "external", "justification": "in the privlint baseline"}])
            }
            Suppressed::Config(reason) => json!([{"kind": "external", "justification": reason}]),
        };
    }
    r
}

/// The finding's data types, id and fideslang key, each once (SARIF tags are a set).
fn tags(f: &Finding) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in f
        .data_types
        .iter()
        .flat_map(|t| [t.id.as_str(), t.fides.as_str()])
    {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// GitHub's `security-severity` for one result, from the most sensitive data type it names:
/// a password or card number in a log is Critical (9.0+), a health record High (7.0–8.9), an
/// email address Medium (4.0–6.9). Repository rules (data kept too long or never used) rank
/// two points below a leak of the same data.
fn security_severity(f: &Finding) -> String {
    use crate::classify::Sensitivity;
    let top = f.data_types.iter().map(|t| t.sensitivity).max();
    let base: f32 = match top {
        Some(Sensitivity::Critical) => 9.1,
        Some(Sensitivity::High) => 7.5,
        Some(Sensitivity::Medium) => 5.5,
        Some(Sensitivity::Low) | None => 3.0,
    };
    let score = if f.rule == "pii-in-logs" {
        base
    } else {
        (base - 2.0).max(1.0)
    };
    format!("{score:.1}")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn camel(name: &str) -> String {
    name.split('-').map(capitalise).collect()
}

fn root_uri(root: &std::path::Path) -> String {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut s = format!("file://{}", uri(&abs.to_string_lossy().replace('\\', "/")));
    if !s.ends_with('/') {
        s.push('/');
    }
    s
}

/// `primaryLocationLineHash` for every line that has a finding, computed as
/// github/codeql-action's `fingerprints.ts` does, so uploads through the API and through
/// `upload-sarif` agree and alerts are not duplicated.
fn line_hashes(o: &Outcome) -> HashMap<(String, u32), String> {
    let mut out = HashMap::new();
    for (path, src) in &o.sources {
        let wanted: std::collections::HashSet<u32> = o
            .findings
            .iter()
            .chain(&o.suppressed_findings)
            .filter(|f| &f.path == path)
            .map(|f| f.location.start.line)
            .collect();
        codeql_line_hashes(src, |line, hash| {
            if wanted.contains(&line) {
                out.insert((path.clone(), line), hash);
            }
        });
    }
    out
}

/// A rolling hash over the next 100 non-blank UTF-16 code units from each line start.
pub fn codeql_line_hashes(src: &str, mut emit: impl FnMut(u32, String)) {
    const BLOCK: usize = 100;
    const MOD: u64 = 37;
    const EOF: u64 = 65535;
    let first_mod = (0..BLOCK).fold(1u64, |m, _| m.wrapping_mul(MOD));
    let mut window = [0u64; BLOCK];
    let mut line_numbers = [-1i64; BLOCK];
    let mut hash: u64 = 0;
    let mut index = 0usize;
    let mut line_number = 0i64;
    let mut line_start = true;
    let mut prev_cr = false;
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut output = |line_numbers: &mut [i64; BLOCK], index: usize, hash: u64| {
        let h = format!("{hash:x}");
        let n = counts.entry(h.clone()).or_insert(0);
        *n += 1;
        emit(line_numbers[index] as u32, format!("{h}:{n}"));
        line_numbers[index] = -1;
    };
    let update = |window: &mut [u64; BLOCK], index: &mut usize, hash: &mut u64, c: u64| {
        let begin = window[*index];
        window[*index] = c;
        *hash = MOD
            .wrapping_mul(*hash)
            .wrapping_add(c)
            .wrapping_sub(first_mod.wrapping_mul(begin));
        *index = (*index + 1) % BLOCK;
    };
    for unit in src.encode_utf16() {
        let mut c = unit as u64;
        if c == b' ' as u64 || c == b'\t' as u64 || (prev_cr && c == b'\n' as u64) {
            prev_cr = false;
            continue;
        }
        if c == b'\r' as u64 {
            c = b'\n' as u64;
            prev_cr = true;
        } else {
            prev_cr = false;
        }
        if line_numbers[index] != -1 {
            output(&mut line_numbers, index, hash);
        }
        if line_start {
            line_start = false;
            line_number += 1;
            line_numbers[index] = line_number;
        }
        if c == b'\n' as u64 {
            line_start = true;
        }
        update(&mut window, &mut index, &mut hash, c);
    }
    for _ in 0..BLOCK {
        if line_numbers[index] != -1 {
            output(&mut line_numbers, index, hash);
        }
        update(&mut window, &mut index, &mut hash, EOF);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_hashes_are_stable_and_whitespace_blind() {
        let mut a = Vec::new();
        codeql_line_hashes("x = 1\nlog(y)\n", |l, h| a.push((l, h)));
        let mut b = Vec::new();
        codeql_line_hashes("x  =  1\n\tlog(y)\n", |l, h| b.push((l, h)));
        assert_eq!(a.len(), 2);
        assert_eq!(a, b);
        assert!(a[0].1.ends_with(":1"));
    }
}
