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

/// One sink, one finding: a whole-object finding (`trace!(?totp_token)` of a `Debug` struct
/// with a secret) adds nothing where the same call is reported for the value's name with the
/// same data types.
pub(super) fn merge_same_sink(findings: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let mut by_name: HashMap<(&str, u32, u32, &str), Vec<&str>> = HashMap::new();
    for f in findings.iter() {
        if !f.fingerprint.starts_with("object:") {
            by_name
                .entry((&f.path, f.location.span.start, f.location.span.end, f.rule))
                .or_default()
                .extend(f.data_types.iter().map(|t| t.id.as_str()));
        }
    }
    let redundant: Vec<bool> = findings
        .iter()
        .map(|f| {
            f.fingerprint.starts_with("object:")
                && by_name
                    .get(&(
                        f.path.as_str(),
                        f.location.span.start,
                        f.location.span.end,
                        f.rule,
                    ))
                    .is_some_and(|ids| f.data_types.iter().all(|t| ids.contains(&t.id.as_str())))
        })
        .collect();
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        !redundant[i - 1]
    });
}

/// Output order (path, position, rule, message), then fingerprints, whose occurrence index
/// follows that order: the same for a whole run and for one file's old version.
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
