//! Baseline files: the findings a project has accepted for now, so CI fails only on new ones.
//!
//! Sorted, deterministic JSON with no timestamps and no line numbers; a finding is identified
//! by rule, path and its fingerprint (a hash of code context, never of a data value), so
//! moving code, adding lines above it or reformatting it does not resurrect it.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::{Finding, Outcome, Suppressed};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: BTreeSet<Entry>,
}

fn entry(f: &Finding) -> Entry {
    Entry {
        path: f.path.clone(),
        rule: f.rule.to_string(),
        fingerprint: f.fingerprint.clone(),
    }
}

impl Baseline {
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Baseline {
        Baseline {
            version: 1,
            tool: "privlint".into(),
            findings: findings.into_iter().map(entry).collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A baseline file's text: an error, never a panic, for anything else.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not a privlint baseline: {e}"))?;
        if b.version != 1 {
            return Err(format!("baseline version {} is not supported", b.version));
        }
        Ok(b)
    }

    /// Atomic: a half-written baseline is never left behind.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("serialisable");
        text.push('\n');
        let tmp = path.with_extension("tmp~");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// Moves findings in the baseline to the waived list; returns the baseline entries that no
    /// longer match anything (fixed).
    pub fn apply(&self, o: &mut Outcome) -> Vec<Entry> {
        let mut matched = BTreeSet::new();
        let (old, new): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut o.findings)
            .into_iter()
            .partition(|f| self.findings.contains(&entry(f)));
        for mut f in old {
            matched.insert(entry(&f));
            f.suppression = Some(Suppressed::Baseline);
            o.suppressed_findings.push(f);
        }
        o.findings = new;
        o.baselined = matched.len();
        // Entries matched by findings suppressed in source are not fixed either.
        for f in &o.suppressed_findings {
            matched.insert(entry(f));
        }
        self.findings.difference(&matched).cloned().collect()
    }
}
