//! `pii-in-logs`, repository part: a whole object logged (`logger.info("%s", user)`,
//! `console.log(user)`, `dbg!(&user)`, `console.log(req.body)`) whose representation prints
//! personal fields, known from the entity its type names anywhere in the repository.

use super::super::{Diagnostic, Place, RepoContext, RepoDiagnostic, Severity};
use super::{INFO, NOT_REPORTED};
use crate::classify::{Classifier, Confidence, DataTypeDef, Sensitivity};
use crate::facts::{Framework, Language, LoggedObject};
use crate::repo_index::{data_type_ref, IndexedEntity};

/// Frameworks whose default representation does not list the fields (Django's
/// `<User: User object (1)>`, SQLAlchemy's `<User at 0x…>`): logging an instance shows only
/// what a `__str__` chooses, which the file rule sees.
fn repr_hides_fields(f: Framework) -> bool {
    matches!(
        f,
        Framework::DjangoModel
            | Framework::DjangoForm
            | Framework::SqlAlchemy
            | Framework::Peewee
            | Framework::SqlTable
            | Framework::DieselTable
            | Framework::Marshmallow
            | Framework::Zod
            | Framework::Yup
            | Framework::Joi
    )
}

pub(super) fn check(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>) {
    // Looked up per logged object: the first declaration of each, as a scan in file order
    // would find it.
    let mut error_types: std::collections::HashMap<&str, &String> = Default::default();
    for (n, e) in ctx.files.iter().flat_map(|x| &x.models.error_types) {
        error_types.entry(n.as_str()).or_insert(e);
    }
    let mut payloads: std::collections::HashMap<usize, &IndexedEntity> = Default::default();
    for e in &ctx.index.entities {
        if e.entity.framework == Framework::RequestPayload {
            payloads.entry(e.file).or_insert(e);
        }
    }
    for (fi, f) in ctx.files.iter().enumerate() {
        if crate::repo_index::is_test_path(&f.path) {
            continue;
        }
        for l in f.models.logged.iter().filter(|l| !l.display) {
            // `f(…).unwrap()`: the entity is `f`'s error type, wherever `f` is declared.
            let resolved = match l.entity.as_deref().and_then(|e| e.strip_prefix("fn:")) {
                Some(f) => match error_types.get(f) {
                    Some(err) => Some((*err).clone()),
                    None => continue,
                },
                None => l.entity.clone(),
            };
            let family = family(f.language);
            let found = match &resolved {
                Some(name) => entity(ctx, name, family, fi).and_then(|e| {
                    let fields = nested_fields(ctx, e, family, 0);
                    (!fields.is_empty()).then(|| (describe(e), e.place(), fields))
                }),
                // A whole request payload: what this file reads from it says what it holds.
                None => payloads.get(&fi).and_then(|e| {
                    let fields = shown_fields(ctx.classifier, e);
                    (!fields.is_empty())
                        .then(|| ("the request payload".to_string(), e.place(), fields))
                }),
            };
            if let Some((what, declared, fields)) = found {
                out.push(finding(fi, l, &what, declared, &fields));
            }
        }
    }
}

/// Entities are per language: a Python `Contact` dataclass is not the Mongoose `Contact` of
/// a JS file (Prisma models belong to JS/TS, which use them).
pub(super) fn family(l: Language) -> u8 {
    l.family()
}

/// The entity `name` means in file `from`: where several share the name (a `User` per
/// service), the one declared nearest (same file, then the deepest common directory), so
/// "declared here" points at this handler's own type.
fn entity<'a>(
    ctx: &'a RepoContext,
    name: &str,
    fam: u8,
    from: usize,
) -> Option<&'a IndexedEntity<'a>> {
    let same = |e: &&IndexedEntity| {
        let f = family(ctx.files[e.file].language);
        f == fam || f == 0
    };
    let here = &ctx.files[from].path;
    let nearness = |e: &&IndexedEntity| {
        let there = &ctx.files[e.file].path;
        let shared = here
            .split('/')
            .zip(there.split('/'))
            .take_while(|(a, b)| a == b)
            .count();
        (e.file == from, shared)
    };
    // `max_by_key` keeps the last of equals: reversed, the first declared wins a tie.
    let index = ctx.index;
    index
        .named(name)
        .filter(same)
        .rev()
        .max_by_key(nearness)
        .or_else(|| {
            index
                .answering(name)
                .filter(same)
                .rev()
                .max_by_key(nearness)
        })
        .filter(|e| {
            // A custom representation shows only what it reads (`return self.email`).
            if e.entity.custom_repr {
                !e.entity.repr_fields.is_empty()
            } else {
                !repr_hides_fields(e.entity.framework)
            }
        })
}

fn describe(e: &IndexedEntity) -> String {
    format!("a `{}` ({})", e.entity.name, e.entity.framework.label())
}

/// Personal fields the representation prints, nested ones included: a derived `Debug` of
/// `Account { profile: Profile }` prints `profile.email` too.
fn nested_fields<'a>(
    ctx: &'a RepoContext,
    e: &IndexedEntity<'a>,
    fam: u8,
    depth: usize,
) -> Vec<(String, &'a DataTypeDef)> {
    let mut out = shown_fields(ctx.classifier, e);
    if depth >= 3 {
        return out;
    }
    for (_, f) in e.fields.iter().filter(|(_, f)| !f.hidden) {
        if out.iter().any(|(n, _)| *n == f.name)
            || (e.entity.custom_repr && !e.entity.repr_fields.contains(&f.name))
        {
            continue;
        }
        let Some(inner) = f.declared_type.as_deref().and_then(innermost_type) else {
            continue;
        };
        if inner == e.entity.name {
            continue;
        }
        if let Some(ie) = entity(ctx, inner, fam, e.file) {
            for (n, t) in nested_fields(ctx, ie, fam, depth + 1) {
                out.push((format!("{}.{n}", f.name), t));
            }
        }
    }
    out
}

/// `Option<Vec<Box<Profile>>>` → `Profile`; `String` and other lower-case or std scalars → none.
fn innermost_type(t: &str) -> Option<&str> {
    let t = t.trim().trim_start_matches('&').trim();
    let inner = match (t.find('<'), t.rfind('>')) {
        (Some(a), Some(b)) if a < b => innermost_type(&t[a + 1..b])?,
        _ => t,
    };
    let inner = inner.split(',').next()?.trim();
    let last = inner.rsplit("::").next()?.rsplit('.').next()?;
    (last.starts_with(|c: char| c.is_ascii_uppercase())
        && !matches!(
            last,
            "String" | "Uuid" | "DateTime" | "Decimal" | "Value" | "Bytes"
        ))
    .then_some(last)
}

/// Personal and secret fields the representation prints: hidden ones (`repr=False`,
/// `SecretStr`) left out, internal ids too.
fn shown_fields<'a>(c: &'a Classifier, e: &IndexedEntity<'a>) -> Vec<(String, &'a DataTypeDef)> {
    let custom = e.entity.custom_repr;
    e.fields
        .iter()
        .filter(|(_, f)| !f.hidden)
        .filter(|(_, f)| !custom || e.entity.repr_fields.contains(&f.name))
        .filter_map(|(_, f)| {
            let m = crate::repo_index::classify_field(c, e.entity, f)?;
            let t = c.data_type(&m);
            (m.confidence >= Confidence::Medium
                && !m.transformed
                && !NOT_REPORTED.contains(&t.id.as_str()))
            .then(|| (f.name.clone(), t))
        })
        .collect()
}

fn finding(
    file: usize,
    l: &LoggedObject,
    what: &str,
    declared: Place,
    fields: &[(String, &DataTypeDef)],
) -> RepoDiagnostic {
    let top = fields
        .iter()
        .map(|(_, t)| t.sensitivity)
        .max()
        .unwrap_or(Sensitivity::Low);
    let mut types: Vec<super::super::DataTypeRef> = Vec::new();
    for (_, t) in fields {
        if !types.iter().any(|x| x.id == t.id) {
            types.push(data_type_ref(t));
        }
    }
    let names = fields
        .iter()
        .take(6)
        .map(|(n, t)| format!("`{n}` ({})", t.name))
        .collect::<Vec<_>>()
        .join(", ");
    let kinds = types
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    RepoDiagnostic {
        at: Place {
            file,
            span: l.sink,
        },
        diagnostic: Diagnostic {
            rule: INFO.name,
            severity: Severity::from_sensitivity(top),
            confidence: Confidence::Medium,
            message: format!("whole object with {kinds} {}", l.kind.phrase()),
            span: l.sink,
            label: format!("`{}` {}", l.callee, l.kind.phrase()),
            data_types: types,
            related: Vec::new(),
            notes: vec![
                format!("`{}` is {what}; its representation prints every field, among them {names}", l.name),
                format!("why: `{}` is a {} sink", l.callee, match l.kind {
                    crate::facts::SinkKind::Log => "logging",
                    crate::facts::SinkKind::Print => "console",
                    crate::facts::SinkKind::Error => "error-message",
                    crate::facts::SinkKind::Telemetry => "telemetry",
                }),
            ],
            help: "log an identifier (`user.id`) instead, or give the type a representation that leaves personal fields out (`__repr__`, `toJSON`, `impl Debug`, `field(repr=False)`, `SecretStr`)".into(),
            fingerprint_key: format!("object:{}:{}", l.callee, l.name),
        },
        related: vec![
            (
                Place {
                    file,
                    span: l.value,
                },
                format!("`{}` is {what}", l.name),
            ),
            (declared, "declared here".into()),
        ],
        waived: None,
    }
}
