//! What a `missing-deletion` result says: the entity, its personal fields, every declaration
//! of it, and for each erasure path that exists why it does not count.

use super::INFO;
use crate::classify::Confidence;
use crate::repo_index::{data_type_ref, IndexedEntity, PersonalField};
use crate::rules::{DataTypeRef, Diagnostic, Place, RepoContext, RepoDiagnostic, Severity};

/// How a parent's rows leave storage, as far as its children are concerned.
pub enum ParentErasure {
    /// Really deleted: a cascade from it fires.
    Erased,
    Never,
    /// Overwritten in place (where, how): the row stays, so no cascade fires.
    Anonymised(Place, String),
    /// Flagged as deleted (where, how): the row stays, so no cascade fires.
    SoftDeleted(Place, String),
}

impl ParentErasure {
    fn word(&self) -> &'static str {
        match self {
            ParentErasure::Anonymised(..) => "only anonymised",
            ParentErasure::SoftDeleted(..) => "only soft-deleted",
            ParentErasure::Erased => "deleted",
            ParentErasure::Never => "never deleted",
        }
    }

    /// Why a cascade from `parent` never fires, and where that erasure is.
    fn why_not(&self, parent: &str) -> (String, Option<(Place, String)>) {
        match self {
            ParentErasure::Anonymised(p, how) => (
                format!("`{parent}` is only anonymised, never deleted: its row stays, so the cascade never fires"),
                Some((*p, format!("`{parent}` erasure: {how}; leaves this entity's rows behind"))),
            ),
            ParentErasure::SoftDeleted(p, how) => (
                format!("`{parent}` is only soft-deleted: its row stays, so the cascade never fires"),
                Some((*p, format!("`{parent}` soft delete: {how}; leaves this entity's rows behind"))),
            ),
            ParentErasure::Erased | ParentErasure::Never => (
                format!("a cascade only fires when the parent is deleted; `{parent}` never is"),
                None,
            ),
        }
    }
}

fn types_of(personal: &[PersonalField]) -> Vec<DataTypeRef> {
    let mut types: Vec<DataTypeRef> = Vec::new();
    for pf in personal {
        if !types.iter().any(|t| t.id == pf.data_type.id) {
            types.push(data_type_ref(pf.data_type));
        }
    }
    types
}

/// "`email` (email address), `phone` (phone number)", and for a field personal by what fills
/// it, "`headers` (cookie or tracking identifier: `req.headers` holds …)".
fn listed(personal: &[PersonalField]) -> String {
    personal
        .iter()
        .map(|pf| match pf.filled_from {
            Some((_, why)) => format!("`{}` ({}: {why})", pf.field.name, pf.data_type.name),
            None => format!("`{}` ({})", pf.field.name, pf.data_type.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where each field that is personal by what fills it is filled.
fn filled_at<'p>(personal: &'p [PersonalField<'p>]) -> impl Iterator<Item = (Place, String)> + 'p {
    personal.iter().filter_map(|pf| {
        pf.filled_from.map(|(at, _)| {
            (
                at,
                format!("`{}` is filled from request data here", pf.field.name),
            )
        })
    })
}

fn waiver(ctx: &RepoContext, e: &IndexedEntity) -> Option<String> {
    ctx.config
        .deletion_handled_by
        .iter()
        .find(|(k, _)| **k == e.entity.name || e.answers_to(k))
        .map(|(k, reason)| format!("handled-by `{k}`: {reason}"))
}

pub fn cascade_note(
    e: &IndexedEntity,
    personal: &[PersonalField],
    parent: &str,
    deleted: Place,
    link: Place,
) -> RepoDiagnostic {
    let name = &e.entity.name;
    let framework = e.entity.framework.label();
    let reason = format!("deleted only through the cascade from `{parent}`");
    RepoDiagnostic {
        at: e.place(),
        diagnostic: Diagnostic {
            rule: INFO.name,
            severity: Severity::Info,
            confidence: Confidence::Medium,
            message: format!("{framework} `{name}` is {reason}"),
            span: e.entity.span,
            label: format!("`{name}` rows go when their `{parent}` does"),
            data_types: types_of(personal),
            related: Vec::new(),
            notes: vec![format!(
                "no code deletes `{name}` rows directly; a `{parent}` deletion removes them"
            )],
            help: "nothing to do while that parent deletion stays the erasure path".into(),
            fingerprint_key: format!("cascade:{framework}:{name}"),
        },
        related: vec![
            (link, "the cascade is declared here".into()),
            (deleted, format!("`{parent}` rows are deleted here")),
        ],
        waived: Some(reason),
    }
}

pub fn finding(
    ctx: &RepoContext,
    e: &IndexedEntity,
    personal: &[PersonalField],
    soft: Option<&(Place, String)>,
    partly: Option<&(Place, String, Vec<String>)>,
    cascade: Option<(&IndexedEntity, Place, ParentErasure)>,
    also_declared: &[&IndexedEntity],
) -> RepoDiagnostic {
    let name = &e.entity.name;
    let types = types_of(personal);
    let fields = listed(personal);
    let top = personal
        .iter()
        .map(|pf| pf.data_type.sensitivity)
        .max()
        .unwrap_or(crate::classify::Sensitivity::Low);
    let mut severity = Severity::from_sensitivity(top).max(Severity::Warning);
    let framework = e.entity.framework.label();
    let storage = e
        .entity
        .table
        .as_deref()
        .map(|t| format!(" (stored as `{t}`)"))
        .unwrap_or_default();
    let mut related: Vec<(Place, String)> = personal
        .iter()
        .filter(|pf| pf.file != e.file || pf.field.span != e.entity.span)
        .take(6)
        .map(|pf| (pf.place(), format!("{} stored here", pf.data_type.name)))
        .collect();
    related.extend(filled_at(personal).take(3));
    let mut notes = vec![format!("personal fields: {fields}")];
    let (message, label, help) = if let Some((place, how)) = soft {
        severity = if severity == Severity::Error {
            Severity::Warning
        } else {
            Severity::Info
        };
        related.push((*place, format!("soft delete: {how}; the row stays")));
        notes.push(
            "a soft delete hides the row from the application but keeps its personal data".into(),
        );
        (
            format!("{framework} `{name}` is only ever soft-deleted: its personal data stays stored"),
            format!("`{name}` rows are never removed"),
            format!(
                "erase or anonymise the personal fields when a `{name}` is soft-deleted, or purge soft-deleted rows after a retention period"
            ),
        )
    } else if let Some((place, how, left)) = partly {
        let stay = if left.len() == 1 { "stays" } else { "stay" };
        let left = left
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        related.push((*place, format!("anonymised here ({how}), but {left} stay")));
        notes.push(
            "an anonymisation erases a record only when it blanks every personal field".into(),
        );
        (
            format!("{framework} `{name}` is only partly anonymised: {left} {stay} stored"),
            format!("`{name}` keeps {left} after its erasure"),
            format!("blank {left} too when a `{name}` is anonymised, or delete the row"),
        )
    } else {
        notes.push(format!(
            "searched every file for: ORM deletes of `{name}` (model, queryset, instance or repository), `DELETE FROM`/`TRUNCATE` of its table, a cascade from a deleted parent, an anonymising update, a TTL or expiry; found none"
        ));
        (
            format!("{framework} `{name}` stores personal data and nothing deletes, anonymises or expires it"),
            format!("`{name}`{storage} is never deleted"),
            format!(
                "add an erasure path (a delete or anonymisation of `{name}` rows for a data subject) and a retention job; if deletion happens outside this repository, record it under `[missing-deletion] handled-by`"
            ),
        )
    };
    if let Some((parent, link, erasure)) = cascade {
        let pname = &parent.entity.name;
        let (why, at) = erasure.why_not(pname);
        related.push((
            link,
            format!("rows are deleted by cascade when their `{pname}` is deleted"),
        ));
        match at {
            Some(at) => related.push(at),
            None => related.push((parent.place(), format!("`{pname}` is never deleted"))),
        }
        notes.push(why);
    }
    // The same entity declared again (a migration's table, a Prisma model, a row struct).
    for other in also_declared.iter().take(4) {
        related.push((
            other.place(),
            format!(
                "also declared here, as a {}",
                other.entity.framework.label()
            ),
        ));
    }
    let waived = waiver(ctx, e);
    RepoDiagnostic {
        at: e.place(),
        diagnostic: Diagnostic {
            rule: INFO.name,
            severity,
            confidence: Confidence::Medium,
            message,
            span: e.entity.span,
            label,
            data_types: types,
            related: Vec::new(),
            notes,
            help,
            fingerprint_key: format!("{}:{}", framework, name),
        },
        related,
        waived,
    }
}

/// A child entity with no personal field of its own whose rows are about a person (`Note`
/// with its `patient`) and whose parent's erasure only anonymises or soft-deletes: the rows
/// stay, still linked to that person.
pub fn left_behind(
    ctx: &RepoContext,
    e: &IndexedEntity,
    parent: &IndexedEntity,
    parent_personal: &[PersonalField],
    link: Place,
    erasure: ParentErasure,
) -> RepoDiagnostic {
    let name = &e.entity.name;
    let pname = &parent.entity.name;
    let framework = e.entity.framework.label();
    let (why, at) = erasure.why_not(pname);
    let word = erasure.word();
    let mut related = vec![(
        link,
        format!("each `{name}` row belongs to a `{pname}`, a person's record"),
    )];
    related.extend(at);
    let fields: Vec<String> = e
        .fields
        .iter()
        .take(e.own_fields)
        .map(|(_, f)| format!("`{}`", f.name))
        .collect();
    RepoDiagnostic {
        at: e.place(),
        diagnostic: Diagnostic {
            rule: INFO.name,
            severity: Severity::Warning,
            confidence: Confidence::Medium,
            message: format!(
                "{framework} `{name}` rows stay after their `{pname}` is erased ({word}): nothing deletes them"
            ),
            span: e.entity.span,
            label: format!("`{name}` rows outlive their `{pname}`'s erasure"),
            data_types: types_of(parent_personal),
            related: Vec::new(),
            notes: vec![
                format!(
                    "`{name}` ({}) is personal data by its link to `{pname}`",
                    fields.join(", ")
                ),
                why,
                format!("searched every file for deletes of `{name}` rows, a TTL or expiry; found none"),
            ],
            help: format!(
                "delete or anonymise `{name}` rows in the same erasure path as their `{pname}`"
            ),
            fingerprint_key: format!("left-behind:{framework}:{name}"),
        },
        related,
        waived: waiver(ctx, e),
    }
}

/// An append-only store of personal data (an access log, pings, invitations) that nothing
/// purges: rows accumulate for as long as the application runs, or, where a cascade from
/// the person removes them (`cascade`: the parent and where it is deleted), for as long as
/// the person's account exists.
pub fn kept_forever(
    ctx: &RepoContext,
    e: &IndexedEntity,
    personal: &[PersonalField],
    cascade: Option<(&String, Place)>,
) -> RepoDiagnostic {
    let name = &e.entity.name;
    let framework = e.entity.framework.label();
    let mut related = Vec::new();
    let mut notes = vec![
        "an append-only store (its name says it records events, visits, messages or invitations): rows only accumulate".to_string(),
    ];
    let listed = listed(personal);
    let own = personal
        .iter()
        .any(|pf| e.fields.iter().any(|(_, f)| std::ptr::eq(*f, pf.field)));
    if own {
        related.extend(filled_at(personal).take(3));
        notes.push(format!("personal fields: {listed}"));
    } else if !personal.is_empty() {
        notes.push(format!(
            "personal data by its link to a person's record, which holds {listed}"
        ));
    }
    let message = match cascade {
        Some((parent, at)) => {
            related.push((
                at,
                format!("`{parent}` rows are deleted here; only then do `{name}` rows go"),
            ));
            notes.push(format!(
                "the cascade from `{parent}` removes rows only when the whole `{parent}` goes; until then every row is kept"
            ));
            format!("{framework} `{name}` keeps personal data for as long as its `{parent}` exists: nothing purges old rows")
        }
        None => format!("{framework} `{name}` keeps personal data forever: nothing deletes, expires or purges its rows"),
    };
    notes.push(format!(
        "searched every file for: deletes of `{name}` rows, a TTL or expiry index, a scheduled purge (`DELETE … WHERE created < …`); found none"
    ));
    RepoDiagnostic {
        at: e.place(),
        diagnostic: Diagnostic {
            rule: INFO.name,
            severity: Severity::Warning,
            confidence: Confidence::Medium,
            message,
            span: e.entity.span,
            label: format!("`{name}` rows are kept forever"),
            data_types: types_of(personal),
            related: Vec::new(),
            notes,
            help: format!(
                "purge `{name}` rows older than a retention period (a scheduled delete or a TTL index)"
            ),
            fingerprint_key: format!("kept-forever:{framework}:{name}"),
        },
        related,
        waived: waiver(ctx, e),
    }
}
