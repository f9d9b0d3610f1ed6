//! The last pass: with every rule's findings in, which suppression comments waived nothing
//! (`unused-suppression`), with the edit that removes them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::locate::{locate, located};
use super::{Fix, Outcome, Settings, Suppressed};
use crate::facts::Suppression;
use crate::rules::unused_suppression::SuppressionContext;
use crate::rules::REGISTRY;
use crate::source::LineIndex;

/// A checked file with suppression comments.
pub(super) struct CommentedFile {
    pub(super) rel: String,
    /// Where to read it again when its text was not kept.
    pub(super) disk: Option<PathBuf>,
    pub(super) text: Option<Arc<str>>,
    pub(super) suppressions: Vec<Suppression>,
    /// No syntax error or malformed directive: a missing finding means the code has none.
    pub(super) parsed_cleanly: bool,
}

/// `repo_rules_ran`: the repository parts ran too (not so for standard input).
pub(super) fn report(
    settings: &Settings,
    repo_rules_ran: bool,
    files: Vec<CommentedFile>,
    out: &mut Outcome,
) {
    let Some(check) = settings.rules.iter().find_map(|r| r.check.suppressions()) else {
        return;
    };
    let ran: Vec<&'static str> = settings
        .rules
        .iter()
        .filter(|r| r.check.file().is_some() || (repo_rules_ran && r.check.repo().is_some()))
        .map(|r| r.name)
        .collect();
    let ran = ran.as_slice();
    let all_ran = REGISTRY
        .iter()
        .filter(|r| r.default_enabled && r.check.suppressions().is_none())
        .all(|r| ran.contains(&r.name));
    let mut waived: HashMap<&str, Vec<(u32, &'static str)>> = HashMap::new();
    for f in &out.findings {
        if matches!(f.suppression, Some(Suppressed::InSource(_))) {
            waived
                .entry(f.path.as_str())
                .or_default()
                .push((f.location.start.line, f.rule));
        }
    }
    let mut found = Vec::new();
    for file in files {
        if !file.parsed_cleanly || file.suppressions.is_empty() {
            continue;
        }
        let text = match (&file.text, &file.disk) {
            (Some(t), _) => t.clone(),
            (None, Some(disk)) => match std::fs::read(disk) {
                Ok(b) => Arc::from(String::from_utf8_lossy(&b).as_ref()),
                Err(_) => continue,
            },
            (None, None) => continue,
        };
        let mine = waived.get(file.rel.as_str()).map_or(&[][..], Vec::as_slice);
        let used: Vec<Vec<&'static str>> = file
            .suppressions
            .iter()
            .map(|s| {
                let mut rules: Vec<&'static str> = mine
                    .iter()
                    .filter(|(line, rule)| {
                        s.first_line <= *line
                            && *line <= s.last_line
                            && s.rules.iter().any(|r| r == rule || r == "all")
                    })
                    .map(|(_, rule)| *rule)
                    .collect();
                rules.sort_unstable();
                rules.dedup();
                rules
            })
            .collect();
        let ctx = SuppressionContext {
            src: &text,
            suppressions: &file.suppressions,
            used: &used,
            ran,
            all_ran,
        };
        let mut diags = Vec::new();
        check(&ctx, &mut diags);
        if diags.is_empty() {
            continue;
        }
        let idx = LineIndex::new(&text);
        for (d, edit) in diags {
            let line = idx.line(d.span.start);
            // Only a suppression that names this rule keeps an unused one on purpose.
            let keep = file.suppressions.iter().find(|s| {
                s.first_line <= line && line <= s.last_line && s.rules.iter().any(|r| r == d.rule)
            });
            let mut f = locate(d, &file.rel, &text, &idx);
            f.suppression = keep.map(|s| Suppressed::InSource(s.reason.clone()));
            f.fix = Some(Fix {
                location: located(edit.span, &text, &idx),
                replacement: edit.replacement,
                description: edit.description,
            });
            found.push(f);
        }
        if !out.sources.iter().any(|(p, _)| *p == file.rel) {
            out.sources.push((file.rel.clone(), text.clone()));
        }
    }
    out.findings.extend(found);
}
