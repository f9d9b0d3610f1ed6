//! Anonymisation evidence shared by the Python and JS/TS model extractors: which values
//! blank a field, and fields cleared on an object that the same function then saves.

use std::collections::{HashMap, HashSet};

use crate::facts::{Deletion, DeletionKind, Span, Target};

/// A string literal that blanks a field: empty, `[redacted]`, `anonymised`, `deleted-…`,
/// `[erased]`, `removed`, `***`, `xxxx` (already unquoted).
pub fn blank_literal(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    s.is_empty()
        || s.contains("redact")
        || s.contains("anonym")
        || s.contains("deleted")
        || s.contains("erased")
        || s.contains("removed")
        || s.chars().all(|c| c == '*' || c == 'x')
}

/// A call whose result stands in for the real value: `anonymize(…)`, `fake.email()`.
pub fn anonymising_callee(callee: &str) -> bool {
    let f = callee.to_ascii_lowercase();
    ["anonym", "redact", "scrub", "mask", "fake"]
        .iter()
        .any(|w| f.contains(w))
}

/// `user.email = None` … `user.save()` within one function.
#[derive(Default)]
pub struct Clears {
    /// (function scope, receiver, field, span of the assignment)
    cleared: Vec<(usize, String, String, Span)>,
    /// (function scope, receiver saved); receiver `*` for a save of everything (`commit`).
    saved: HashSet<(usize, String)>,
}

impl Clears {
    pub fn clear(&mut self, scope: usize, receiver: String, field: &str, span: Span) {
        self.cleared
            .push((scope, receiver, field.to_string(), span));
    }

    pub fn save(&mut self, scope: usize, receiver: String) {
        self.saved.insert((scope, receiver));
    }

    /// One anonymisation per saved receiver, in source order, its target named by `target`.
    pub fn into_deletions(self, target: impl Fn(&str) -> Target) -> Vec<Deletion> {
        let mut groups: HashMap<(usize, String), (Vec<String>, Span)> = HashMap::new();
        for (scope, recv, field, sp) in self.cleared {
            groups
                .entry((scope, recv))
                .or_insert((Vec::new(), sp))
                .0
                .push(field);
        }
        let mut keys: Vec<_> = groups.into_iter().collect();
        keys.sort_by_key(|((s, r), (_, sp))| (sp.start, *s, r.clone()));
        keys.into_iter()
            .filter(|((scope, recv), _)| {
                self.saved.contains(&(*scope, recv.clone()))
                    || self.saved.contains(&(*scope, "*".to_string()))
            })
            .map(|((_, recv), (fields, sp))| Deletion {
                target: target(&recv),
                kind: DeletionKind::Anonymise,
                span: sp,
                how: format!("`{recv}` fields cleared and saved"),
                fields,
            })
            .collect()
    }
}
