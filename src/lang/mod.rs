//! Front-ends: the only code that knows syntax. Each turns one file into [`FileFacts`].
//!
//! # Layout
//!
//! One folder per language: `python/`, `javascript/` (JS, TS, TSX), `rust/`, `sql/`,
//! `prisma/`, `template/`. A tree-sitter or syn language has
//!
//! - `mod.rs`: parse, and the one walk over the tree (tree-sitter kinds are bucketed once per
//!   grammar in a [`ts::KindTable`], so each node costs one array lookup);
//! - `sinks.rs`: calls, macros and statements that write to logs, consoles and errors;
//! - `flow.rs`: the values an expression carries, and what each local holds;
//! - `models.rs` (+ `classes.rs`/`declarations.rs`, `calls.rs`): entities, field reads and
//!   deletion evidence for the repository rules, fed by the same walk;
//! - `frameworks/<framework>.rs`: what one framework or library family declares (Django,
//!   DRF, SQLAlchemy, Mongoose, TypeORM, diesel, SeaORM, tracing, …) and nothing else. The
//!   walk asks every framework in its `REGISTRY` through optional hooks (a class, a field, a
//!   call, a derive) and data lists (deleting methods, request payloads, extractors).
//!
//! Shared by the tree-sitter front-ends: [`ts`] (parsing, the iterative walk, scopes, kind
//! tables) and `anonymise` (which values blank a field).
//!
//! # Adding a framework
//!
//! 1. A file `src/lang/<language>/frameworks/<framework>.rs` with a doc comment saying what
//!    the framework declares, and `pub const FRAMEWORK: PyFramework` (`JsFramework`,
//!    `RsFramework`) built from `..PyFramework::NONE` with the hooks and lists it needs.
//! 2. Its name in the `registry![…]` list of that folder's `mod.rs`; the list's order is the
//!    precedence where two frameworks could claim the same declaration.
//! 3. A fixture case under `fixtures/<rule>/<language>/<case>/` (a `privlint.toml` and
//!    sources with `expect:` and `ok:` comments); `tests/fixtures.rs` picks it up.
//!
//! A framework whose entities are of a kind privlint does not know yet (neither a form, a
//! model, a schema nor a payload) also adds that kind to `facts::Framework`.

mod anonymise;
mod endpoints;
pub mod javascript;
pub mod prisma;
pub mod python;
pub mod rust;
pub mod sql;
pub mod template;
mod ts;
mod wrappers;

use std::path::Path;

use crate::catalog::Catalog;
use crate::facts::{FileFacts, Language};
use crate::source::LineIndex;

/// Language by file extension; `None` for files privlint does not analyse.
pub fn detect(path: &Path) -> Option<Language> {
    let ext = path.extension()?.to_str()?;
    Some(match ext {
        "py" | "pyi" => Language::Python,
        "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
        "ts" | "mts" | "cts" | "tsx" => Language::TypeScript,
        "rs" => Language::Rust,
        "sql" => Language::Sql,
        "prisma" => Language::Prisma,
        "html" | "htm" | "jinja" | "jinja2" | "j2" | "djhtml" | "hbs" | "handlebars"
        | "mustache" | "njk" | "ejs" | "liquid" | "twig" | "vue" | "svelte" => Language::Template,
        // `templates/email/receipt.txt`: plain-text templates (emails) are read by the
        // repository rules like HTML ones.
        "txt" | "eml" | "xml" if path.components().any(|c| c.as_os_str() == "templates") => {
            Language::Template
        }
        _ => return None,
    })
}

/// `models`: also extract data models, field reads and deletion evidence (only the
/// repository rules need them, and they cost time on every file).
pub fn extract(
    lang: Language,
    path: &Path,
    src: &str,
    lines: &LineIndex,
    catalog: &Catalog,
    models: bool,
) -> FileFacts {
    let mut facts = match lang {
        Language::Python => python::extract(src, lines, catalog, models),
        Language::JavaScript | Language::TypeScript => {
            let dialect = javascript::Dialect::for_path(lang, path);
            javascript::extract(src, lines, dialect, catalog, models)
        }
        Language::Rust => rust::extract(src, lines, catalog, models),
        Language::Sql if models => {
            let down = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n == "down.sql" || n.ends_with(".down.sql") || n.ends_with("_down.sql")
            });
            sql::extract_file(src, lines, down)
        }
        Language::Prisma if models => prisma::extract(src, lines),
        Language::Template if models => template::extract(src),
        Language::Sql | Language::Prisma | Language::Template => FileFacts::default(),
    };
    facts.models.seal();
    facts
}

/// How many syntax nodes one sink's arguments are searched for data: far more than any real
/// call holds, and a bound on hostile nesting (each of 50,000 nested sinks walking all the
/// others would be quadratic).
pub const VALUE_NODES_PER_SINK: usize = 2_000;

/// The longest receiver chain (`a.b().c.d()…`) a front-end walks down to find what a call is
/// made on: every call of a chain walking all the rest was quadratic in its length.
pub const MAX_CHAIN: usize = 64;

pub use crate::redact::secret_looking;

/// A literal that is an email address (`"bob@example.com"`): under an `email` key in a log
/// call it is a person's address being logged, not a constant.
pub fn literal_email(lit: &str) -> bool {
    let Some((local, domain)) = lit.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
}

/// `make_authorization_headers(client_id, client_secret)`, `buildAuthHeader(token)`,
/// `bearer_headers(api_key)`: a call whose name says it builds the credential header of a
/// request from its arguments hands their data on (a `Basic` header is the secret in base64).
pub fn builds_auth_header(callee: &str) -> bool {
    let last = callee.rsplit(['.', ':']).next().unwrap_or(callee);
    // Asked of every call a sink's arguments or an assignment hold: split only a likely one.
    if !last
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"header"))
    {
        return false;
    }
    let words = crate::classify::tokenize::split_words(last, crate::classify::Lexicon::builtin());
    words.iter().any(|w| w == "header" || w == "headers")
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "auth" | "authorization" | "basic" | "bearer"))
}

/// `get_email`, `getEmail`, `fetch_user_phone`: a call whose name says it returns the data.
pub fn is_accessor(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["get", "fetch", "load", "read", "find", "retrieve"]
        .iter()
        .any(|p| {
            lower.strip_prefix(p).is_some_and(|r| {
                r.len() > 1 && (r.starts_with('_') || name.as_bytes()[p.len()].is_ascii_uppercase())
            })
        })
}
