//! A repository as the repository rules and their index see it: each analysed file's models,
//! and places in those files.

use super::{Language, ModelFacts, Span};

/// One analysed file, as a repository rule sees it.
pub struct RepoFile {
    pub path: String,
    pub language: Language,
    pub models: ModelFacts,
}

/// A place in one of the repository's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub file: usize,
    pub span: Span,
}
