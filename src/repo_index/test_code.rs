//! Test code and the repository rules. Tests build models, log fixture data, delete what
//! they created and wrap loggers for their own assertions: none of that is the product's, so
//! none of it is evidence for or against a finding. What a test says about the product is
//! which of its fields are *read*: a field only a test reads is still a field something
//! reads (`over-collection` has always counted it).
//!
//! That narrow contribution is what lets the lexical tier skip most test code: a test file
//! is parsed only when it spells a name that could still change a finding ([`TestNames`]); the rest, most of a Python project's bytes, is never parsed.

use std::collections::HashSet;

use crate::facts::models::{name_hash, norm};
use crate::facts::{FastSet, Framework, Language, ModelFacts};

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
/// change a finding, given every file parsed so far (test files' models already reduced by
/// [`keep_what_tests_tell`]). A read only adds to what is read, so a test file spelling none
/// of them cannot change what is reported.
pub struct TestNames {
    /// For every test file: each field of an entity that could be reported as collected and
    /// unused (a field the classifier takes for personal data) that no parsed file reads, and
    /// every name of an entity declaring such a field (a test that serialises it whole or
    /// binds a serializer to it uses its fields).
    read: FastSet<u64>,
    /// For test files of languages that record request input types: the request types (a TS
    /// body type, a `Deserialize` struct) no parsed file takes as input yet, with a personal
    /// field no parsed file reads or a field named as a raw request key. Such a type is
    /// collected only once something takes it (`Request<{}, {}, T>`, `Json<T>`): a test that
    /// does brings its fields into scope (and the first set grows), and a raw request key it
    /// declares is then reported on it.
    typed: FastSet<u64>,
}

impl TestNames {
    pub fn new(
        files: &[(&str, &ModelFacts)],
        classifier: &crate::classify::Classifier,
    ) -> TestNames {
        let read: FastSet<u64> = files
            .iter()
            .flat_map(|(_, m)| m.read_names.iter().copied())
            .collect();
        let inputs: HashSet<String> = files
            .iter()
            .flat_map(|(_, m)| m.input_types.iter().map(|t| norm(t)))
            .collect();
        // A request type taken as input declares its keys, and a raw request key of the
        // same name is then reported on the type instead.
        let payload_keys: HashSet<String> = files
            .iter()
            .flat_map(|(_, m)| &m.entities)
            .filter(|e| e.framework == Framework::RequestPayload)
            .flat_map(|e| e.fields.iter().map(|f| norm(&f.name)))
            .collect();
        let mut out = TestNames {
            read: FastSet::default(),
            typed: FastSet::default(),
        };
        for (path, m) in files {
            for e in &m.entities {
                match e.framework {
                    // Never collected: a `Debug` struct is only ever logged.
                    Framework::DebugStruct => continue,
                    Framework::TsBodyType | Framework::SerdeInput
                        if !inputs.contains(&norm(&e.name)) =>
                    {
                        let matters = e.fields.iter().any(|f| {
                            payload_keys.contains(&norm(&f.name))
                                || !read.contains(&name_hash(&norm(&f.name)))
                                    && super::classify_field(classifier, e, f).is_some()
                        });
                        if matters {
                            out.typed.insert(name_hash(&norm(&e.name)));
                        }
                        continue;
                    }
                    _ => {}
                }
                let mut unread = false;
                for f in &e.fields {
                    let h = name_hash(&norm(&f.name));
                    if !read.contains(&h) && super::classify_field(classifier, e, f).is_some() {
                        out.read.insert(h);
                        unread = true;
                    }
                }
                if unread {
                    out.read
                        .extend(super::keys(e, path).iter().map(|k| name_hash(k)));
                }
            }
        }
        out
    }

    /// Whether a test file in `language` spelling `names` must be parsed.
    pub fn wants(&self, language: Language, names: &[u64]) -> bool {
        let typed = takes_typed_input(language);
        names
            .iter()
            .any(|n| self.read.contains(n) || typed && self.typed.contains(n))
    }

    /// Whether a test file's models (reduced by [`keep_what_tests_tell`]) touch one of the
    /// names: what the lexical tier's audit asks of every test file it did not parse.
    pub fn touched_by(&self, m: &ModelFacts) -> bool {
        let hit = |s: &str| self.read.contains(&name_hash(&norm(s)));
        m.read_names.iter().any(|h| self.read.contains(h))
            || m.whole_uses.iter().any(|w| hit(super::strip_affixes(w)))
            || m.bindings.iter().any(|b| hit(&b.model))
            || m.input_types.iter().any(|t| {
                let h = name_hash(&norm(t));
                self.read.contains(&h) || self.typed.contains(&h)
            })
    }
}

/// Languages whose front-ends record request input types (`Request<{}, {}, T>`, `@Body() x:
/// T`, `Json<T>`).
fn takes_typed_input(language: Language) -> bool {
    matches!(
        language,
        Language::JavaScript | Language::TypeScript | Language::Rust
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Entity, Field, Span};

    fn entity(name: &str, framework: Framework, fields: &[&str]) -> Entity {
        let mut e = Entity::new(name, framework, Span::default());
        e.fields = fields
            .iter()
            .map(|f| Field {
                name: f.to_string(),
                span: Span::default(),
                declared_type: None,
                hidden: false,
            })
            .collect();
        e
    }

    #[test]
    fn only_unread_personal_fields_and_their_entity_matter() {
        let c = crate::classify::Classifier::new(Vec::new());
        let models = ModelFacts {
            entities: vec![
                entity(
                    "Patient",
                    Framework::DjangoModel,
                    &["phone", "nickname", "plan"],
                ),
                entity("Counter", Framework::DjangoModel, &["visits"]),
                entity("SignupBody", Framework::TsBodyType, &["email"]),
            ],
            read_names: vec![name_hash("nickname")],
            ..Default::default()
        };
        let names = TestNames::new(&[("app/models.py", &models)], &c);
        let spells = |w: &str| vec![name_hash(w)];
        assert!(names.wants(Language::Python, &spells("phone")));
        assert!(names.wants(Language::Python, &spells("patient")));
        // Read already, not personal, or of an entity with nothing to report.
        assert!(!names.wants(Language::Python, &spells("nickname")));
        assert!(!names.wants(Language::Python, &spells("plan")));
        assert!(!names.wants(Language::Python, &spells("counter")));
        // A request type nothing takes as input: only a test that can take it matters.
        assert!(!names.wants(Language::Python, &spells("signupbody")));
        assert!(names.wants(Language::TypeScript, &spells("signupbody")));
    }

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
