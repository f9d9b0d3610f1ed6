//! `--format json`: the contract documented in docs/json.md.

use serde_json::{json, Value};

use crate::engine::{Located, Outcome};

fn span(l: &Located) -> Value {
    json!({
        "start": {"line": l.start.line, "column": l.start.column},
        "end": {"line": l.end.line, "column": l.end.column},
    })
}

pub fn render(o: &Outcome) -> String {
    let diagnostics: Vec<Value> = o
        .findings
        .iter()
        .map(|f| {
            let mut d = json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "confidence": f.confidence.as_str(),
                "message": f.message,
                "path": f.path,
                "span": span(&f.location),
                "data_types": f.data_types,
                "fingerprint": f.fingerprint,
                "related": f.related.iter().map(|(l, m)| json!({"path": l.path.as_deref().unwrap_or(&f.path), "span": span(l), "message": m})).collect::<Vec<_>>(),
                "notes": f.notes,
                "help": f.help,
            });
            if let Some(fix) = &f.fix {
                d["fix"] = json!({
                    "message": fix.description,
                    "edits": [{"span": span(&fix.location), "content": fix.replacement}],
                });
            }
            d
        })
        .collect();
    let doc = json!({
        "version": 1,
        "tool": {"name": "privlint", "version": env!("CARGO_PKG_VERSION")},
        "diagnostics": diagnostics,
        "files": {
            "scanned": o.scanned,
            "skipped": o.skipped.iter().map(|(p, r)| json!({"path": p, "reason": r})).collect::<Vec<_>>(),
        },
        "errors": o.errors.iter().map(|e| {
            let mut v = json!({"path": e.path, "message": e.message});
            if let Some(l) = e.line { v["line"] = json!(l); }
            if e.internal { v["internal"] = json!(true); }
            v
        }).collect::<Vec<_>>(),
        "summary": {
            "findings": o.findings.len(),
            "suppressed": o.suppressed,
            "baselined": o.baselined,
            "baseline_fixed": o.fixed,
            "lines": o.lines,
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}
