//! The language-neutral record each front-end makes of a file. Rules see only this, never a
//! syntax tree, so a new language is one front-end and no rule changes.

use serde::{Deserialize, Serialize};

mod handlers;
pub mod models;
mod repo;
mod severity;
mod wrappers;

/// Maps and sets of the front-ends' per-file state, looked up for every name a walk meets:
/// SipHash's resistance to chosen keys buys nothing there and cost a hundredth of a run.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
pub use handlers::{is_route_method, route, Handler, RouteBinding, PAYLOAD};
pub use models::*;
pub use repo::{Place, RepoFile};
pub use severity::{DataTypeRef, Severity};
pub use wrappers::{Passed, ProjectCall, Relay, Wrapper};

/// A byte range in the file's source.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    JavaScript,
    TypeScript,
    Rust,
    /// `.sql` files: `CREATE TABLE`, `DELETE FROM`, foreign keys.
    Sql,
    /// `schema.prisma`.
    Prisma,
    /// Jinja, Django, Handlebars and similar templates: only which fields they read.
    Template,
}

impl Language {
    /// Names are per language family: a Python `Contact` is not the Mongoose `Contact` of a
    /// JS file (Prisma models belong to JS/TS, which use them); 0 for SQL and templates,
    /// which any family may share.
    pub fn family(self) -> u8 {
        match self {
            Language::Python => 1,
            Language::JavaScript | Language::TypeScript | Language::Prisma => 2,
            Language::Rust => 3,
            Language::Sql | Language::Template => 0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Rust => "rust",
            Language::Sql => "sql",
            Language::Prisma => "prisma",
            Language::Template => "template",
        }
    }
}

/// What kind of output a sink writes to; it sets the wording and the remedy of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SinkKind {
    Log,
    Print,
    Error,
    Telemetry,
}

impl SinkKind {
    pub fn parse(s: &str) -> Option<SinkKind> {
        Some(match s {
            "log" => SinkKind::Log,
            "print" => SinkKind::Print,
            "error" => SinkKind::Error,
            "telemetry" => SinkKind::Telemetry,
            _ => return None,
        })
    }

    pub fn phrase(self) -> &'static str {
        match self {
            SinkKind::Log => "written to a log",
            SinkKind::Print => "printed to the console",
            SinkKind::Error => "put in an error message",
            SinkKind::Telemetry => "sent to a telemetry service",
        }
    }
}

/// How a value reaches a sink: it sets whether the name or the value is what counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A variable, attribute chain or call result used as a value.
    Value,
    /// A constant key whose value is dynamic: `data["email"]`, `.get("email")`.
    Key,
    /// A structured-field name whose value is dynamic: `email=x`, `{ email: x }`, `email = %x`.
    Field,
}

/// One value reaching a sink, as the access path that produced it (`user.email`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRef {
    /// Access path segments, outermost first: `request.form["email"]` → request, form, email.
    pub path: Vec<String>,
    pub span: Span,
    pub via: Via,
    /// The declared type of the value, where the front-end knows it.
    pub declared_type: Option<String>,
    /// For a [`Via::Field`]: the access path of the value stored under the name, if simple.
    pub value_path: Option<Vec<String>>,
    /// Set when the value reached the sink through a local variable: `msg = f"{user.email}"`
    /// then `log(msg)`. The span is the variable's use in the sink.
    #[serde(default)]
    pub through: Option<Through>,
    /// Where the value came from, when that alone makes it personal or secret
    /// (`secrets.token_urlsafe()`, `request.headers`, a `Mailbox` parameter).
    #[serde(default)]
    pub source: Option<Source>,
}

impl DataRef {
    /// A value known only by its access path.
    pub fn new(path: Vec<String>, span: Span, via: Via) -> DataRef {
        DataRef {
            path,
            span,
            via,
            declared_type: None,
            value_path: None,
            through: None,
            source: None,
        }
    }

    /// A value whose origin makes it data: `shown` is how the finding names it.
    pub fn sourced(shown: String, span: Span, source: Source) -> DataRef {
        DataRef {
            source: Some(source),
            ..DataRef::new(vec![shown], span, Via::Value)
        }
    }
}

/// A value's origin as evidence: the data type it yields, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub data_type: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Through {
    pub var: String,
    pub span: Span,
}

/// What a function's local variables hold, as the front-end walks it in source order.
#[derive(Debug, Default)]
pub struct LocalFlows {
    vars: FastMap<(usize, String), Vec<DataRef>>,
    /// Variables a function binds to no data (a parameter, `x = 0`): they hide a variable
    /// of the same name in the functions around it.
    clean: FastSet<(usize, String)>,
    /// What some variables are bound to beside data ([`Mark`]).
    marks: FastMap<(usize, String), Mark>,
}

/// A variable bound to something that is no data itself but makes what is read from it
/// data: the URL of an endpoint that answers with credentials (`TOKEN_URL =
/// "…/oauth/token"`), or the response of a request to one, whose body is a secret.
#[derive(Debug, Clone)]
pub enum Mark {
    CredentialUrl(String),
    /// `whole`: the response printed whole shows its body (an axios response does).
    Response {
        source: Source,
        whole: bool,
    },
}

impl LocalFlows {
    /// `var` in `scope` is bound to `mark`, until it is assigned again.
    pub fn mark(&mut self, scope: usize, var: &str, mark: Mark) {
        self.marks.insert((scope, var.to_string()), mark);
    }

    /// Whether any variable is bound to a mark.
    pub fn has_marks(&self) -> bool {
        !self.marks.is_empty()
    }

    /// The credential endpoint URL `var` is bound to where it is used (`scopes` innermost
    /// first).
    pub fn credential_url(&self, scopes: impl Iterator<Item = usize>, var: &str) -> Option<&str> {
        match self.marked(scopes, var)? {
            Mark::CredentialUrl(u) => Some(u),
            Mark::Response { .. } => None,
        }
    }

    /// The credential endpoint response `var` is bound to where it is used: the source its
    /// body is, and whether it shows the body printed whole.
    pub fn response(
        &self,
        scopes: impl Iterator<Item = usize>,
        var: &str,
    ) -> Option<(&Source, bool)> {
        match self.marked(scopes, var)? {
            Mark::Response { source, whole } => Some((source, *whole)),
            Mark::CredentialUrl(_) => None,
        }
    }

    fn marked(&self, scopes: impl Iterator<Item = usize>, var: &str) -> Option<&Mark> {
        if self.marks.is_empty() {
            return None;
        }
        let mut key = (0, var.to_string());
        for s in scopes {
            key.0 = s;
            if let Some(m) = self.marks.get(&key) {
                return Some(m);
            }
            if self.vars.contains_key(&key) || self.clean.contains(&key) {
                break;
            }
        }
        None
    }

    /// A loop variable bound to each value of a map (`for k, v in os.environ.items()`):
    /// only what the map is known to hold by where it comes from, since a map judged by
    /// its name (`emails_by_user`) says nothing certain about its values.
    pub fn record_loop_value(&mut self, scope: usize, var: &str, mut refs: Vec<DataRef>) {
        refs.retain(|r| r.source.is_some());
        if !refs.is_empty() {
            self.record(scope, var, refs, false);
        }
    }

    /// `var = expr` (or `var += expr` when `augmented`) in `scope`, `refs` being the data in
    /// `expr`: a plain assignment of no data makes the variable clean again.
    pub fn record(&mut self, scope: usize, var: &str, mut refs: Vec<DataRef>, augmented: bool) {
        let key = (scope, var.to_string());
        if augmented {
            let held = self.vars.entry(key).or_default();
            held.extend(refs);
            Self::bound(held);
            return;
        }
        self.marks.remove(&key);
        if refs.is_empty() {
            self.vars.remove(&key);
            self.clean.insert(key);
        } else {
            Self::bound(&mut refs);
            self.clean.remove(&key);
            self.vars.insert(key, refs);
        }
    }

    /// A parameter of the function `scope`: no data is known of it, and it hides a variable
    /// of the same name in the functions around.
    pub fn declare(&mut self, scope: usize, var: &str) {
        self.clean.insert((scope, var.to_string()));
    }

    /// One entry per value (the first way it came in), and no more than a sink could show:
    /// `x = x + x` repeated would otherwise double what `x` holds at every line (a 5 KB
    /// fuzzed file took 6 s and 1.9 GB).
    fn bound(refs: &mut Vec<DataRef>) {
        const MAX_REFS_PER_VARIABLE: usize = 64;
        let mut seen = std::collections::HashSet::new();
        refs.retain(|r| seen.insert((r.span, r.via, r.path.clone())));
        refs.truncate(MAX_REFS_PER_VARIABLE);
    }

    /// The data `var` carries where it is used inside nested functions (`scopes`, innermost
    /// first): a closure sees the variables of the functions around it, unless one nearer
    /// binds the name itself.
    pub fn captured(
        &self,
        scopes: impl Iterator<Item = usize>,
        var: &str,
        span: Span,
    ) -> Vec<DataRef> {
        let mut key = (0, var.to_string());
        for s in scopes {
            key.0 = s;
            if let Some(refs) = self.vars.get(&key) {
                let through = Through {
                    var: key.1.clone(),
                    span,
                };
                return refs
                    .iter()
                    .map(|r| DataRef {
                        through: Some(through.clone()),
                        ..r.clone()
                    })
                    .collect();
            }
            if self.clean.contains(&key) {
                break;
            }
        }
        Vec::new()
    }

    /// The data a use of `var` at `span` carries, marked as having come through it.
    pub fn uses(&self, scope: usize, var: &str, span: Span) -> Vec<DataRef> {
        self.captured(std::iter::once(scope), var, span)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SinkCall {
    pub kind: SinkKind,
    /// The callee as written, e.g. `logger.info`, `console.log`, `tracing::info!`.
    pub callee: String,
    /// The whole call, where the finding's primary label goes.
    pub span: Span,
    pub values: Vec<DataRef>,
    /// The third party a telemetry sink sends to (`Sentry`, `Segment`).
    #[serde(default)]
    pub vendor: Option<String>,
    /// The enclosing function's name: what the code is about (`reset_password`, `tokenize`)
    /// decides ambiguous names.
    #[serde(default)]
    pub function: Option<String>,
}

/// `privlint: ignore[rule, …] reason`, already resolved to the lines it covers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Suppression {
    pub rules: Vec<String>,
    /// The line of the comment itself.
    pub line: u32,
    pub first_line: u32,
    pub last_line: u32,
    pub reason: String,
    /// The comment, marker included: what `unused-suppression` points at and deletes.
    #[serde(default)]
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParseProblem {
    pub span: Span,
    pub message: String,
}

/// Everything the rules know about one file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileFacts {
    pub sinks: Vec<SinkCall>,
    /// Raw suppression comments: (comment span, directive text, own-line?, covered end byte).
    pub suppressions: Vec<Suppression>,
    pub problems: Vec<ParseProblem>,
    /// Entities, field reads and deletion evidence, for the repository rules.
    #[serde(default)]
    pub models: ModelFacts,
    /// Set instead of everything else when the lexical tier found nothing but names in the
    /// file: the fingerprints of those names ([`crate::prefilter::names`]), by which the
    /// engine decides whether to parse it after all.
    #[serde(default)]
    pub lexical: Option<Vec<u64>>,
}
