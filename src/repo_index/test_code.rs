//! Test code and the repository rules. Tests build models, log fixture data, delete what
//! they created and wrap loggers for their own assertions: none of that is the product's, so
//! none of it is evidence for or against a finding. What a test says about the product is
//! which of its fields are *read*: a field only a test reads is still a field something
//! reads (`over-collection` has always counted it).
//!
//! That narrow contribution is what lets the lexical tier skip most test code: a test file
//! is parsed only when it spells a name that could still change a finding
//! ([`names_tests_matter_for`]); the rest, most of a Python project's bytes, is never parsed.

use std::collections::HashSet;

use crate::facts::models::{name_hash, norm};
use crate::facts::ModelFacts;

/// Test code: `tests/`, `test_x.py`, `x_test.go`, `x.spec.ts`, `__tests__/`, `testing/`, and
/// seed scripts (`seeds/`, `seeders/`), which make dummy data.
pub fn is_test_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let file = parts.next_back().unwrap_or("");
    let in_test_dir = parts.any(|d| {
        matches!(
            d,
            "tests"
                | "test"
                | "__tests__"
                | "__mocks__"
                | "testing"
                | "spec"
                | "specs"
                | "e2e"
                | "testdata"
                | "seeds"
                | "seeders"
        )
    });
    let stem = file.split('.').next().unwrap_or(file);
    in_test_dir
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem == "tests"
        || stem == "conftest"
        || stem.contains("test_data")
        || file.contains(".spec.")
        || file.contains(".test.")
}

/// Keeps of a test file's models what the repository rules take from test code: its reads
/// (field reads, objects used whole, request input types, serializer and form field lists).
/// Its declarations (a model a test defines is scaffolding, and so is a base class, a
/// soft-delete override, an association, an import alias or an error type it declares), its
/// deletions, its logging helpers and the calls to them, its handlers and its
/// storage of request data are the test's own business.
pub fn keep_what_tests_tell(m: &mut ModelFacts) {
    let ModelFacts {
        entities,
        reads: _,
        read_names: _,
        whole_uses: _,
        input_types: _,
        bindings: _,
        associations,
        deletions,
        dropped,
        deleting_params,
        helper_calls,
        logged,
        error_types,
        wrappers,
        project_calls,
        soft_delete_classes,
        renames,
        handlers,
        route_bindings,
        query_logs,
        stored_inputs,
    } = m;
    entities.clear();
    associations.clear();
    deletions.clear();
    dropped.clear();
    deleting_params.clear();
    helper_calls.clear();
    logged.clear();
    error_types.clear();
    wrappers.clear();
    project_calls.clear();
    soft_delete_classes.clear();
    renames.clear();
    handlers.clear();
    route_bindings.clear();
    query_logs.clear();
    stored_inputs.clear();
}

/// The names ([`name_hash`] of the normalised name) through which a test file could still
/// change a finding, given every file parsed so far (`files`: path and models, test files'
/// already reduced by [`keep_what_tests_tell`]): each field of a product entity that could be
/// reported as collected and unused (a field the classifier takes for personal data) and
/// that no parsed file reads, and every name of an entity declaring such a field (a test
/// that serialises it whole, binds a serializer to it or takes it as request input uses
/// its fields). A read only adds to what is read, so a test file spelling none of them
/// cannot change what is reported.
pub fn names_tests_matter_for<'a>(
    files: &[(&'a str, &'a ModelFacts)],
    classifier: &crate::classify::Classifier,
) -> HashSet<u64> {
    let read: HashSet<u64> = files
        .iter()
        .flat_map(|(_, m)| m.read_names.iter().copied())
        .collect();
    let mut out = HashSet::new();
    for (path, m) in files {
        for e in &m.entities {
            let mut unread = false;
            for f in &e.fields {
                let h = name_hash(&norm(&f.name));
                if !read.contains(&h) && super::classify_field(classifier, e, f).is_some() {
                    out.insert(h);
                    unread = true;
                }
            }
            if unread {
                out.extend(super::keys(e, path).iter().map(|k| name_hash(k)));
            }
        }
    }
    out
}

/// Whether a test file's models (reduced by [`keep_what_tests_tell`]) touch one of `names`:
/// what the lexical tier's audit asks of every test file it did not parse.
pub fn touches(m: &ModelFacts, names: &HashSet<u64>) -> bool {
    let hit = |s: &str| names.contains(&name_hash(&norm(s)));
    m.read_names.iter().any(|h| names.contains(h))
        || m.whole_uses.iter().any(|w| hit(super::strip_affixes(w)))
        || m.input_types.iter().any(|t| hit(t))
        || m.bindings.iter().any(|b| hit(&b.model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_paths() {
        assert!(is_test_path("pkg/tests/models.py"));
        assert!(is_test_path("src/user.spec.ts"));
        assert!(is_test_path("app/test_views.py"));
        assert!(!is_test_path("app/testimonials/models.py"));
        assert!(!is_test_path(
            "fixtures/over-collection/python/case/app/models.py"
        ));
    }
}
