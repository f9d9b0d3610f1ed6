//! Rules: plain functions from facts to diagnostics. Each rule lives in its own file, its doc
//! comment is its documentation (`privlint rule NAME`), and it is registered in [`REGISTRY`].

pub mod pii_in_logs;

use serde::Serialize;

use crate::classify::{Classifier, Confidence, Sensitivity};
use crate::facts::{FileFacts, Language, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }

    /// critical/high data → error, medium → warning, low → info.
    pub fn from_sensitivity(s: Sensitivity) -> Severity {
        match s {
            Sensitivity::Critical | Sensitivity::High => Severity::Error,
            Sensitivity::Medium => Severity::Warning,
            Sensitivity::Low => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataTypeRef {
    pub id: String,
    pub fides: String,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub sensitivity: Sensitivity,
}

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
    pub check: fn(&FileContext, &FileFacts, &mut Vec<Diagnostic>),
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

pub static REGISTRY: &[RuleInfo] = &[pii_in_logs::INFO];

pub fn find(name: &str) -> Option<&'static RuleInfo> {
    REGISTRY.iter().find(|r| r.name == name)
}

/// A doc comment's lines without the single leading space rustdoc keeps.
pub fn doc_text(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}
