//! From a rule's byte spans to a reported finding: lines and columns, output order, and
//! fingerprints that survive moved lines.

use super::{Finding, Located, Position};
use crate::facts::Span;
use crate::rules::Diagnostic;
use crate::source::LineIndex;

pub(super) fn located(s: Span, src: &str, lines: &LineIndex) -> Located {
    let (l1, c1) = lines.position(src, s.start);
    let (l2, c2) = lines.position(src, s.end);
    Located {
        span: s,
        start: Position {
            line: l1,
            column: c1,
        },
        end: Position {
            line: l2,
            column: c2,
        },
        path: None,
    }
}

pub(super) fn locate(d: Diagnostic, rel: &str, src: &str, lines: &LineIndex) -> Finding {
    let loc = |s: Span| located(s, src, lines);
    Finding {
        rule: d.rule,
        severity: d.severity,
        confidence: d.confidence,
        message: d.message,
        path: rel.to_string(),
        location: loc(d.span),
        label: d.label,
        data_types: d.data_types,
        related: d.related.into_iter().map(|(s, m)| (loc(s), m)).collect(),
        notes: d.notes,
        help: d.help,
        fingerprint: d.fingerprint_key,
        suppression: None,
        fix: None,
    }
}

/// One sink and value, one finding. A whole-object finding (`trace!(?totp_token)` of a
/// `Debug` struct with a secret) adds nothing where the same call is reported for the value's
/// name with the same data types; where the name and the fields say different things of the
/// same value (`dbg!(credentials)`: a secret by its name, a username and a password by its
/// fields), the two become one finding: the more sensitive one, with the other's data types
/// and a note of what it said.
pub(super) fn merge_same_sink(findings: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let sink = |f: &Finding| (f.path.clone(), f.location.span, f.rule);
    let mut by_sink: HashMap<_, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if !f.fingerprint.starts_with("object:") {
            by_sink.entry(sink(f)).or_default().push(i);
        }
    }
    let mut drop = vec![false; findings.len()];
    for o in 0..findings.len() {
        if !findings[o].fingerprint.starts_with("object:") {
            continue;
        }
        let Some(named) = by_sink.get(&sink(&findings[o])) else {
            continue;
        };
        let ids: Vec<&str> = named
            .iter()
            .flat_map(|&n| findings[n].data_types.iter().map(|t| t.id.as_str()))
            .collect();
        if findings[o]
            .data_types
            .iter()
            .all(|t| ids.contains(&t.id.as_str()))
        {
            drop[o] = true;
            continue;
        }
        let value = findings[o].related.first().map(|(l, _)| l.span);
        let Some(&n) = named.iter().find(|&&n| {
            !drop[n]
                && findings[n]
                    .related
                    .iter()
                    .any(|(l, _)| Some(l.span) == value && l.path.is_none())
        }) else {
            continue;
        };
        let top = |f: &Finding| f.data_types.iter().map(|t| t.sensitivity).max();
        let (keep, gone) = if top(&findings[n]) > top(&findings[o]) {
            (n, o)
        } else {
            (o, n)
        };
        let other = findings[gone].clone();
        let kept = &mut findings[keep];
        for t in other.data_types {
            if !kept.data_types.iter().any(|k| k.id == t.id) {
                kept.data_types.push(t);
            }
        }
        kept.severity = kept.severity.max(other.severity);
        kept.notes.push(format!(
            "the same value, judged the other way: {}",
            other.message
        ));
        drop[gone] = true;
    }
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// Output order (path, position, rule, message), then fingerprints, whose occurrence index
/// follows that order: the same for a scan and for the project at a git revision.
pub(super) fn order_and_fingerprint(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.location.start, a.rule, &a.message).cmp(&(
            &b.path,
            b.location.start,
            b.rule,
            &b.message,
        ))
    });
    assign_fingerprints(findings);
}

/// Fingerprints from rule, path and code context plus an occurrence index among identical
/// contexts: stable when lines move, never derived from a data value.
pub(super) fn assign_fingerprints(findings: &mut [Finding]) {
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;
    let mut seen: HashMap<(String, String, &'static str), usize> = HashMap::new();
    for f in findings.iter_mut() {
        // Whitespace-free, so reformatting a call does not change its identity.
        let context: String = f.fingerprint.split_whitespace().collect();
        let key = (f.path.clone(), context, f.rule);
        let n = seen.entry(key.clone()).or_insert(0);
        let mut h = Sha256::new();
        h.update(key.2.as_bytes());
        h.update([0]);
        h.update(key.0.as_bytes());
        h.update([0]);
        h.update(key.1.as_bytes());
        h.update([0]);
        h.update(n.to_string().as_bytes());
        *n += 1;
        let digest = h.finalize();
        f.fingerprint = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    }
}
