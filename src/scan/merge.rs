//! `privlint merge`: shard files into one report. The same repositories give the same bytes
//! however they were sharded: repositories are ordered by id, and timings (which vary) stay
//! in the shard files.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value};

use crate::map::html::esc;

/// Every repository of the shards, ordered by id, without timings; an error names a shard
/// that is not a privlint shard file or a repository that two shards both scanned.
pub fn combine(shards: &[Value]) -> Result<Value, String> {
    let mut repos: BTreeMap<String, Value> = BTreeMap::new();
    let mut totals = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    for s in shards {
        let (Some(k), Some(n)) = (s["shard"]["index"].as_u64(), s["shard"]["total"].as_u64())
        else {
            return Err("not a privlint shard file (no `shard`)".into());
        };
        totals.insert(n);
        seen.insert(k);
        for r in s["repositories"].as_array().into_iter().flatten() {
            let id = r["id"].as_str().unwrap_or_default().to_string();
            let mut r = r.clone();
            if let Some(o) = r.as_object_mut() {
                o.remove("elapsed_ms");
            }
            if repos.insert(id.clone(), r).is_some() {
                return Err(format!("repository `{id}` is in two shards"));
            }
        }
    }
    let missing: Vec<u64> = match totals.iter().next() {
        Some(&n) if totals.len() == 1 => (1..=n).filter(|k| !seen.contains(k)).collect(),
        Some(_) => return Err(format!("shards of different totals: {totals:?}")),
        None => Vec::new(),
    };
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let (mut findings, mut failed) = (0, 0);
    for r in repos.values() {
        if r["status"] == "failed" {
            failed += 1;
        }
        for d in r["diagnostics"].as_array().into_iter().flatten() {
            findings += 1;
            *by_rule
                .entry(d["rule"].as_str().unwrap_or_default().to_string())
                .or_default() += 1;
        }
        for (t, n) in r["data_types"].as_object().into_iter().flatten() {
            *by_type.entry(t.clone()).or_default() += n.as_u64().unwrap_or(0) as usize;
        }
    }
    Ok(json!({
        "version": 1,
        "tool": {"name": "privlint", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "repositories": repos.len(),
            "scanned": repos.len() - failed,
            "failed": failed,
            "findings": findings,
            "by_rule": by_rule,
            "by_data_type": by_type,
            "missing_shards": missing,
        },
        "repositories": repos.into_values().collect::<Vec<_>>(),
    }))
}

pub fn json(merged: &Value) -> String {
    let mut s = serde_json::to_string_pretty(merged).expect("serialisable");
    s.push('\n');
    s
}

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// SARIF 2.1.0 with one run per repository (its id in `automationDetails`, its root as
/// `%SRCROOT%`-relative paths).
pub fn sarif(merged: &Value) -> String {
    let rules: Vec<Value> = crate::rules::REGISTRY
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "shortDescription": {"text": r.summary},
                "helpUri": crate::rules::help_uri(r),
                "properties": {"tags": r.tags, "security-severity": r.security_severity},
            })
        })
        .collect();
    let index = |rule: &str| crate::rules::REGISTRY.iter().position(|r| r.name == rule);
    let mut runs = Vec::new();
    for r in merged["repositories"].as_array().into_iter().flatten() {
        let id = r["id"].as_str().unwrap_or_default();
        let results: Vec<Value> = r["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                let span = &d["span"];
                let mut res = json!({
                    "ruleId": d["rule"],
                    "level": level(d["severity"].as_str().unwrap_or_default()),
                    "message": {"text": d["message"]},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": d["path"], "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": span["start"]["line"], "startColumn": span["start"]["column"],
                            "endLine": span["end"]["line"], "endColumn": span["end"]["column"],
                        },
                    }}],
                    "partialFingerprints": {"privlint/v1": d["fingerprint"]},
                });
                if let Some(i) = index(d["rule"].as_str().unwrap_or_default()) {
                    res["ruleIndex"] = json!(i);
                }
                res
            })
            .collect();
        let mut notifications = Vec::new();
        if let Some(e) = r["error"].as_str() {
            notifications
                .push(json!({"level": "error", "message": {"text": format!("not scanned: {e}")}}));
        }
        runs.push(json!({
            "tool": {"driver": {
                "name": "privlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                "rules": rules,
            }},
            "automationDetails": {"id": format!("privlint/{id}/")},
            "invocations": [{
                "executionSuccessful": r["status"] == "scanned",
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }));
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": runs,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}

/// The organisation's summary page: repositories × rules and data types, worst first, with a
/// link to each repository's map where one was written (`--maps DIR` of `scan`).
pub fn html(merged: &Value) -> String {
    let rules: Vec<&str> = crate::rules::REGISTRY.iter().map(|r| r.name).collect();
    let types: Vec<String> = merged["summary"]["by_data_type"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let mut repos: Vec<&Value> = merged["repositories"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let weight = |r: &Value| -> (u64, u64) {
        let ds = r["diagnostics"].as_array().map_or(&[][..], Vec::as_slice);
        let errors = ds.iter().filter(|d| d["severity"] == "error").count() as u64;
        (errors, ds.len() as u64)
    };
    repos.sort_by(|a, b| {
        weight(b)
            .cmp(&weight(a))
            .then(a["id"].as_str().cmp(&b["id"].as_str()))
    });
    let mut s = String::new();
    let sum = &merged["summary"];
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>privlint: organisation report</title>\
         <style>body{{font:14px system-ui,sans-serif;margin:24px;color:#1d2330}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #d9dde3;padding:4px 8px}}th{{background:#eef0f4}}td.n{{text-align:center}}\
         td.hot{{background:#fde7e4;font-weight:600}}.failed{{color:#b42318}}</style></head><body>\n\
         <h1>privlint: {} repositories</h1><p>{} scanned, {} failed, {} findings.</p>\n",
        sum["repositories"], sum["scanned"], sum["failed"], sum["findings"]
    );
    s.push_str("<table><tr><th>repository</th><th>status</th>");
    for r in &rules {
        let _ = write!(s, "<th>{r}</th>");
    }
    for t in &types {
        let _ = write!(s, "<th>{}</th>", esc(t));
    }
    s.push_str("</tr>\n");
    for r in repos {
        let id = r["id"].as_str().unwrap_or_default();
        let status = match r["error"].as_str() {
            Some(e) => format!("<span class=\"failed\">failed: {}</span>", esc(e)),
            None => "scanned".into(),
        };
        let name = match r["map"].as_str() {
            Some(m) => format!("<a href=\"{}\">{}</a>", esc(m), esc(id)),
            None => esc(id),
        };
        let _ = write!(s, "<tr><td>{name}</td><td>{status}</td>");
        let ds = r["diagnostics"].as_array().map_or(&[][..], Vec::as_slice);
        for rule in &rules {
            let n = ds.iter().filter(|d| d["rule"] == *rule).count();
            cell(&mut s, n as u64);
        }
        for t in &types {
            cell(&mut s, r["data_types"][t].as_u64().unwrap_or(0));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table></body></html>\n");
    s
}

fn cell(s: &mut String, n: u64) {
    if n == 0 {
        s.push_str("<td class=\"n\">–</td>");
    } else {
        let _ = write!(s, "<td class=\"n hot\">{n}</td>");
    }
}
