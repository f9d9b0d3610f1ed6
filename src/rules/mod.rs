//! Rules: plain functions from facts to diagnostics. Each rule lives in its own file, its doc
//! comment is its documentation (`privlint rule NAME`), and it is registered in [`REGISTRY`].

pub mod missing_deletion;
pub mod over_collection;
pub mod pii_in_logs;
pub mod special_category_data;
pub mod unused_suppression;

pub use crate::facts::{DataTypeRef, Place, RepoFile, Severity};
pub use crate::repo_index::RepoIndex;

use crate::classify::{Classifier, Confidence};
use crate::facts::{FileFacts, Language, Span};

/// A finding before its byte spans are turned into lines and columns.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    pub span: Span,
    /// Label on the primary span (the sink).
    pub label: String,
    pub data_types: Vec<DataTypeRef>,
    /// Secondary locations: where the data is, and how it got there.
    pub related: Vec<(Span, String)>,
    pub notes: Vec<String>,
    pub help: String,
    /// Line-independent identity: rule-specific code context, never a data value.
    pub fingerprint_key: String,
}

/// What a file rule sees besides the facts.
pub struct FileContext<'a> {
    pub path: &'a str,
    pub language: Language,
    pub classifier: &'a Classifier,
}

pub struct RuleInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// The rule's doc comment, Markdown.
    pub doc: &'static str,
    pub default_severity: Severity,
    /// SARIF/code-scanning tags: `privacy`, `security`, `external/cwe/cwe-532`…
    pub tags: &'static [&'static str],
    /// GitHub's `security-severity` (0.0–10.0) for the rule's default severity.
    pub security_severity: &'static str,
    /// Run unless deselected; opt-in rules (audits) run only when selected by name or `ALL`.
    pub default_enabled: bool,
    pub check: Check,
}

/// File rules see one file's facts; repository rules see every file's models at once.
pub enum Check {
    File(fn(&FileContext, &FileFacts, &mut Vec<Diagnostic>)),
    Repo(fn(&RepoContext, &mut Vec<RepoDiagnostic>)),
    /// A file part, and a repository part that needs every file's models.
    Both(
        fn(&FileContext, &FileFacts, &mut Vec<Diagnostic>),
        fn(&RepoContext, &mut Vec<RepoDiagnostic>),
    ),
    /// Runs last, on one file's suppression comments and what every other rule's findings
    /// made of them.
    Suppressions(SuppressionCheck),
}

/// A check of suppression comments: each finding comes with the edit that resolves it.
pub type SuppressionCheck =
    fn(&unused_suppression::SuppressionContext, &mut Vec<(Diagnostic, Edit)>);

/// A change to a file that resolves a finding: `span` replaced by `replacement` (empty: a
/// deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
    /// What applying it does, for reports: "delete the unused suppression".
    pub description: String,
}

impl Check {
    pub fn file(&self) -> Option<fn(&FileContext, &FileFacts, &mut Vec<Diagnostic>)> {
        match self {
            Check::File(f) | Check::Both(f, _) => Some(*f),
            Check::Repo(_) | Check::Suppressions(_) => None,
        }
    }

    pub fn repo(&self) -> Option<fn(&RepoContext, &mut Vec<RepoDiagnostic>)> {
        match self {
            Check::Repo(r) | Check::Both(_, r) => Some(*r),
            Check::File(_) | Check::Suppressions(_) => None,
        }
    }

    pub fn suppressions(&self) -> Option<SuppressionCheck> {
        match self {
            Check::Suppressions(s) => Some(*s),
            _ => None,
        }
    }
}

/// Settings of the repository rules, from the config's `[over-collection]` and
/// `[missing-deletion]` tables: names mapped to the reason they are exempt.
#[derive(Debug, Clone, Default)]
pub struct RepoRuleConfig {
    /// `Entity.field` or `Entity` → why it must be collected (law, contract).
    pub collection_allowed: std::collections::BTreeMap<String, String>,
    /// `Entity` → where its deletion happens outside the repository.
    pub deletion_handled_by: std::collections::BTreeMap<String, String>,
}

impl RepoRuleConfig {
    pub fn from_config(c: &crate::config::Config) -> RepoRuleConfig {
        RepoRuleConfig {
            collection_allowed: c.over_collection.allow.to_map("over-collection"),
            deletion_handled_by: c.missing_deletion.handled_by.to_map("missing-deletion"),
        }
    }
}

pub struct RepoContext<'a> {
    pub files: &'a [RepoFile],
    pub index: &'a RepoIndex<'a>,
    pub classifier: &'a Classifier,
    pub config: &'a RepoRuleConfig,
}

/// A repository rule's finding: like [`Diagnostic`], with locations in any file.
#[derive(Debug, Clone)]
pub struct RepoDiagnostic {
    pub at: Place,
    pub diagnostic: Diagnostic,
    pub related: Vec<(Place, String)>,
    /// Waived by configuration (`handled-by`), with its reason: kept for SARIF and
    /// `--statistics`, not reported as a finding.
    pub waived: Option<String>,
}

impl RuleInfo {
    /// The first paragraph under the doc's first heading: a self-contained description.
    pub fn short_doc(&self) -> String {
        let text: String = doc_text(self.doc)
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        text.split("\n\n")
            .map(str::trim)
            .find(|p| !p.is_empty())
            .unwrap_or(self.summary)
            .replace('\n', " ")
    }
}

/// Declares a rule's unit struct and keeps its doc comment as `DOC`, so the same text is the
/// rustdoc and what `privlint rule NAME` prints.
macro_rules! declare_rule {
    ($(#[doc = $doc:expr])* pub struct $name:ident;) => {
        $(#[doc = $doc])*
        pub struct $name;
        impl $name {
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
        }
    };
}
pub(crate) use declare_rule;

pub static REGISTRY: &[RuleInfo] = &[
    pii_in_logs::INFO,
    over_collection::INFO,
    missing_deletion::INFO,
    special_category_data::INFO,
    unused_suppression::INFO,
];

pub fn find(name: &str) -> Option<&'static RuleInfo> {
    REGISTRY.iter().find(|r| r.name == name)
}

/// A loaded config names only rules that exist.
pub fn check_config(loaded: &crate::config::LoadedConfig) -> Result<(), String> {
    match loaded
        .config
        .rule_names()
        .find(|r| *r != "ALL" && find(r).is_none())
    {
        Some(r) => Err(format!(
            "{}: invalid config: unknown rule `{r}` (see `privlint rules`)",
            loaded
                .path
                .as_deref()
                .unwrap_or(std::path::Path::new("privlint.toml"))
                .display()
        )),
        None => Ok(()),
    }
}

/// A doc comment's lines without the single leading space rustdoc keeps.
/// The rule whose name is closest to a misspelt one (`pii-in-log`, `missing_deletion`), if any
/// is close: edit distance, after folding case and `_` to `-`.
pub fn closest_name(name: &str) -> Option<&'static str> {
    let folded = name.to_ascii_lowercase().replace('_', "-");
    REGISTRY
        .iter()
        .map(|r| (edit_distance(&folded, r.name), r.name))
        .filter(|(d, n)| *d <= (n.len() / 3).max(2))
        .min()
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The rule's page, as `privlint rule NAME` prints it and `docs/rules/NAME.md` holds it.
pub fn page(r: &RuleInfo) -> String {
    format!("# {}\n\n{}\n\n{}\n", r.name, r.summary, doc_text(r.doc))
}

/// Where the rule's page is published: `docs/rules/NAME.md` in the repository.
pub fn help_uri(r: &RuleInfo) -> String {
    format!(
        "{}/blob/main/docs/rules/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        r.name
    )
}

pub fn doc_text(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}
