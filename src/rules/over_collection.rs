use std::collections::HashMap;

use super::{
    declare_rule, Check, Diagnostic, Place, RepoContext, RepoDiagnostic, RuleInfo, Severity,
};
use crate::classify::Confidence;
use crate::facts::{FieldSelection, Framework, ModelBinding};
use crate::repo_index::{data_type_ref, norm, personal_fields, IndexedEntity, PersonalField};

declare_rule! {
    /// ## What it finds
    /// A personal field that is collected (a Django or WTForms form, a request schema, a DTO,
    /// a `Deserialize` input, FastAPI `Form(…)`/`Query(…)`/`Body(…)` parameters,
    /// flask-restful `add_argument`, express-validator `body("x")`, request payload keys) or
    /// stored (a database model or table) and that nothing in the repository reads.
    ///
    /// A field counts as read when any file reads it by name beyond the plumbing that only
    /// moves it into storage: attribute and key reads (`user.phone`, `data["phone"]`,
    /// `.get("phone")`, `getattr(u, "phone")`), destructuring, query lookups
    /// (`filter(phone=…)`), a serializer's `fields` list or `"__all__"`, template
    /// references (`{{ user.phone }}`), and whole-object uses (`model_to_dict(user)`,
    /// `res.json(user)`, `{...user}`). A value copied into a same-named field of a model
    /// (`User(phone=form.phone)`, `{ phone: body.phone }` in a `create` call, `User { phone:
    /// input.phone }`) is plumbing, not use.
    ///
    /// Unused special-category data (GDPR Art. 9: health, genetic, biometric, ethnicity,
    /// religion, politics, trade union, sex life; Art. 10: criminal records) is reported at
    /// the highest severity. Card security data (CVV/CVC, PIN, track data) kept in a
    /// persisted entity is reported even when it is used: PCI DSS forbids storing it after
    /// authorisation.
    ///
    /// ## Why it matters
    /// Data minimisation (GDPR Art. 5(1)(c)): personal data that is collected but never
    /// needed should not be collected at all. Every such field is a liability in a breach
    /// and in every access request.
    ///
    /// ## Example
    /// ```python
    /// class SignupForm(forms.Form):
    ///     email = forms.EmailField()
    ///     date_of_birth = forms.DateField()   # never read anywhere
    /// ```
    ///
    /// Use instead: drop the field, or record why it must be collected:
    /// ```toml
    /// [over-collection]
    /// allow = { "SignupForm.date_of_birth" = "age check required by law" }
    /// ```
    pub struct OverCollection;
}

pub const INFO: RuleInfo = RuleInfo {
    name: "over-collection",
    summary: "a personal field is collected or stored but never used; card security data stored",
    doc: OverCollection::DOC,
    default_severity: Severity::Warning,
    tags: &["privacy", "gdpr/art-5-1-c", "pci-dss/3.3.1"],
    security_severity: "4.0",
    default_enabled: true,
    check: Check::Repo(check),
};

/// Entities whose fields are collected or stored, as opposed to any class with fields.
pub(super) fn in_scope(ctx: &RepoContext, e: &IndexedEntity) -> bool {
    let f = e.entity.framework;
    match f {
        Framework::TsBodyType | Framework::SerdeInput => ctx.index.is_input_type(&e.entity.name),
        _ => f.persisted() || f.row_mapping() || f.collected() || is_plain_model(f),
    }
}

fn is_plain_model(f: Framework) -> bool {
    matches!(f, Framework::Dataclass | Framework::Attrs)
}

/// Per model name, the field selections of serializers that read it.
pub(super) fn serializer_reads<'a>(
    ctx: &RepoContext<'a>,
) -> HashMap<String, Vec<&'a FieldSelection>> {
    let mut m: HashMap<String, Vec<&FieldSelection>> = HashMap::new();
    for f in ctx.files {
        for b in f.models.bindings.iter().filter(|b| b.reads) {
            m.entry(norm(&b.model)).or_default().push(&b.fields);
        }
    }
    m
}

pub(super) fn is_used(
    ctx: &RepoContext,
    e: &IndexedEntity,
    field: &str,
    serializers: &HashMap<String, Vec<&FieldSelection>>,
) -> bool {
    ctx.index
        .reads
        .contains(&crate::facts::models::name_hash(&norm(field)))
        || ctx.index.used_whole(e)
        || e.keys.iter().any(|k| {
            serializers
                .get(k)
                .is_some_and(|v| v.iter().any(|s| s.includes(field)))
        })
}

fn check(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>) {
    let serializers = serializer_reads(ctx);
    let forms: Vec<(usize, &ModelBinding)> = ctx
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.models
                .bindings
                .iter()
                .filter(|b| !b.reads)
                .map(move |b| (i, b))
        })
        .collect();
    // A table declared twice (diesel's `table!` or a sqlx `FromRow` struct, and the
    // migration that creates it) is one store: its fields are reported once, on the
    // declaration that is not raw SQL.
    let declared: std::collections::HashSet<&str> = ctx
        .index
        .entities
        .iter()
        .filter(|e| {
            let f = e.entity.framework;
            (f.persisted() || f.row_mapping()) && f != Framework::SqlTable
        })
        .flat_map(|e| e.keys.iter().map(String::as_str))
        .collect();
    // Fields a typed input declares (a DTO, a body interface): a raw `req.body` key of the
    // same name is the same collection, reported once, on the type.
    let typed_inputs: std::collections::HashSet<String> = ctx
        .index
        .entities
        .iter()
        .filter(|e| {
            e.entity.framework.collected()
                && e.entity.framework != Framework::RequestPayload
                && in_scope(ctx, e)
        })
        .flat_map(|e| e.entity.fields.iter().map(|f| norm(&f.name)))
        .collect();
    // A request key declared twice (an express-validator chain and the `req.body` it
    // validates) is one collection: reported once, where it is first declared.
    let mut payload_keys: std::collections::HashSet<String> = Default::default();
    for e in &ctx.index.entities {
        if !in_scope(ctx, e)
            || e.entity.framework == Framework::SqlTable
                && e.keys.iter().any(|k| declared.contains(k.as_str()))
        {
            continue;
        }
        let stored = e.entity.framework.persisted() || e.entity.framework.row_mapping();
        for pf in personal_fields(ctx.classifier, e, true) {
            let key = format!("{}.{}", e.entity.name, pf.field.name);
            if ctx.config.collection_allowed.contains_key(&key)
                || ctx.config.collection_allowed.contains_key(&e.entity.name)
            {
                continue;
            }
            if e.entity.framework == Framework::RequestPayload
                && (typed_inputs.contains(&norm(&pf.field.name))
                    || !payload_keys.insert(norm(&pf.field.name)))
            {
                continue;
            }
            let used = is_used(ctx, e, &pf.field.name, &serializers);
            if stored && pf.is_card_security_data() {
                out.push(card_data(e, &pf, used));
            } else if !used {
                let via: Vec<(usize, &ModelBinding)> = forms
                    .iter()
                    .filter(|(_, b)| e.answers_to(&b.model) && b.fields.includes(&pf.field.name))
                    .copied()
                    .collect();
                let mut d = unused(e, &pf, &via);
                if stored {
                    // Where the stored value comes from: inputs declaring a same-named field.
                    let name = norm(&pf.field.name);
                    for input in ctx
                        .index
                        .entities
                        .iter()
                        .filter(|x| x.entity.framework.collected() && in_scope(ctx, x))
                        .filter(|x| !std::ptr::eq(*x, e))
                    {
                        if let Some((file, f)) =
                            input.fields.iter().find(|(_, f)| norm(&f.name) == name)
                        {
                            d.related.push((
                                Place {
                                    file: *file,
                                    span: f.span,
                                },
                                format!(
                                    "collected here, by {} `{}`",
                                    input.entity.framework.label(),
                                    input.entity.name
                                ),
                            ));
                            if d.related.len() >= 5 {
                                break;
                            }
                        }
                    }
                }
                out.push(d);
            }
        }
    }
}

fn base(e: &IndexedEntity, pf: &PersonalField, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        rule: INFO.name,
        severity,
        confidence: Confidence::Medium,
        message,
        span: pf.field.span,
        label: String::new(),
        data_types: vec![data_type_ref(pf.data_type)],
        related: Vec::new(),
        notes: vec![format!(
            "{}: {} `{}` ({})",
            pf.data_type.name, pf.data_type.id, pf.field.name, pf.data_type.fides
        )],
        help: String::new(),
        fingerprint_key: format!("{}.{}", e.entity.name, pf.field.name),
    }
}

fn unused(
    e: &IndexedEntity,
    pf: &PersonalField,
    forms: &[(usize, &ModelBinding)],
) -> RepoDiagnostic {
    let f = e.entity.framework;
    let verb = if f.persisted() || f.row_mapping() {
        "stored"
    } else {
        "collected"
    };
    let (severity, message) = match pf.special_article() {
        Some(art) => (
            Severity::Error,
            format!(
                "special-category data (GDPR {art}) {verb} but never used: `{}.{}` ({})",
                e.entity.name, pf.field.name, pf.data_type.name
            ),
        ),
        None => (
            Severity::from_sensitivity(pf.data_type.sensitivity),
            format!(
                "{} {verb} but never used: `{}.{}`",
                pf.data_type.name, e.entity.name, pf.field.name
            ),
        ),
    };
    let mut d = base(e, pf, severity, message);
    d.label = format!("{verb} in {} `{}`, read nowhere", f.label(), e.entity.name);
    d.notes.push(
        "searched every file for reads of this field: attribute and key reads, destructuring, query lookups, serializer field lists, templates, whole-object uses; found only its declaration and copies into same-named fields".into(),
    );
    d.help = format!(
        "stop {verb_ing} `{}` if nothing needs it; if law or contract requires it, record that under `[over-collection] allow`",
        pf.field.name,
        verb_ing = if verb == "stored" { "storing" } else { "collecting" }
    );
    let mut related: Vec<(Place, String)> =
        vec![(e.place(), format!("declared in `{}`", e.entity.name))];
    for (file, b) in forms.iter().take(3) {
        related.push((
            Place {
                file: *file,
                span: b.span,
            },
            "collected from users by this form".to_string(),
        ));
    }
    RepoDiagnostic {
        at: pf.place(),
        diagnostic: d,
        related,
        waived: None,
    }
}

fn card_data(e: &IndexedEntity, pf: &PersonalField, used: bool) -> RepoDiagnostic {
    let mut d = base(
        e,
        pf,
        Severity::Error,
        format!(
            "card security data stored: `{}.{}` ({})",
            e.entity.name, pf.field.name, pf.data_type.name
        ),
    );
    d.label = format!(
        "kept in {} `{}`{}",
        e.entity.framework.label(),
        e.entity.name,
        if used { ", even though it is used" } else { "" }
    );
    d.notes.push(
        "PCI DSS 3.3.1 forbids storing sensitive authentication data (CVV/CVC, PIN, full track data) after authorisation, even encrypted".into(),
    );
    d.help = "pass it to the payment gateway and never persist it".into();
    RepoDiagnostic {
        at: pf.place(),
        diagnostic: d,
        related: vec![(e.place(), format!("`{}` is persisted", e.entity.name))],
        waived: None,
    }
}
