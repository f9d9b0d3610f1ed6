//! Front-ends: the only code that knows syntax. Each turns one file into [`FileFacts`].

mod anonymise;
pub mod javascript;
pub mod prisma;
pub mod python;
pub mod rust;
mod rust_models;
pub mod sql;
pub mod template;
mod ts;

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
    match lang {
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
    }
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
