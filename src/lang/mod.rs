//! Front-ends: the only code that knows syntax. Each turns one file into [`FileFacts`].

pub mod javascript;
pub mod python;
pub mod rust;
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
        _ => return None,
    })
}

pub fn extract(
    lang: Language,
    path: &Path,
    src: &str,
    lines: &LineIndex,
    catalog: &Catalog,
) -> FileFacts {
    match lang {
        Language::Python => python::extract(src, lines, catalog),
        Language::JavaScript | Language::TypeScript => {
            let dialect = javascript::Dialect::for_path(lang, path);
            javascript::extract(src, lines, dialect, catalog)
        }
        Language::Rust => rust::extract(src, lines, catalog),
    }
}
