//! `pii-in-logs`, repository part: an ORM or driver set to log every query with its bound
//! parameters (`create_engine(url, echo=True)`, Sequelize `logQueryParameters: true`, TypeORM
//! `logging: "all"`, the `django.db.backends` logger at `DEBUG`). Each insert and lookup then
//! writes the values it carries to the log: the personal fields of every entity the
//! application stores in that language.

use super::super::{Diagnostic, Place, RepoContext, RepoDiagnostic, Severity};
use super::objects::family;
use super::{INFO, NOT_REPORTED};
use crate::classify::{Confidence, Sensitivity};
use crate::facts::DataTypeRef;
use crate::repo_index::{classify_field, data_type_ref};

pub(super) fn check(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>) {
    for (fi, f) in ctx.files.iter().enumerate() {
        if f.models.query_logs.is_empty() || crate::repo_index::is_test_path(&f.path) {
            continue;
        }
        let fam = family(f.language);
        // Stored entities of this language with personal fields: what the queries carry.
        let mut types: Vec<DataTypeRef> = Vec::new();
        let mut top = Sensitivity::Low;
        let mut stored = Vec::new();
        for e in &ctx.index.entities {
            if !e.entity.framework.persisted()
                || e.entity.is_abstract
                || family(ctx.files[e.file].language) != fam
            {
                continue;
            }
            let mut personal = false;
            for (_, field) in &e.fields {
                let Some(m) = classify_field(ctx.classifier, e.entity, field) else {
                    continue;
                };
                let t = ctx.classifier.data_type(&m);
                if m.confidence < Confidence::Medium || NOT_REPORTED.contains(&t.id.as_str()) {
                    continue;
                }
                personal = true;
                top = top.max(t.sensitivity);
                if !types.iter().any(|x| x.id == t.id) {
                    types.push(data_type_ref(t));
                }
            }
            if personal {
                stored.push(e);
            }
        }
        if stored.is_empty() {
            continue;
        }
        let kinds: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        let names: Vec<String> = stored
            .iter()
            .take(4)
            .map(|e| format!("`{}`", e.entity.name))
            .collect();
        for q in &f.models.query_logs {
            out.push(RepoDiagnostic {
                at: Place {
                    file: fi,
                    span: q.span,
                },
                diagnostic: Diagnostic {
                    rule: INFO.name,
                    severity: Severity::from_sensitivity(top),
                    confidence: Confidence::Medium,
                    message: format!(
                        "every query's parameters written to a log, with {}",
                        kinds.join(", ")
                    ),
                    span: q.span,
                    label: "query logging with parameters turned on here".into(),
                    data_types: types.clone(),
                    related: Vec::new(),
                    notes: vec![
                        format!(
                            "why: {} logs each statement with its bound values; the application stores {} in {}{}",
                            q.setting,
                            kinds.join(", "),
                            names.join(", "),
                            if stored.len() > names.len() { " and more" } else { "" }
                        ),
                    ],
                    help: "log statements without their parameters (`hide_parameters=True`, `logQueryParameters: false`, `logging: [\"error\"]`), or keep query logging to development settings".into(),
                    fingerprint_key: format!("querylog:{}", q.setting),
                },
                related: stored
                    .iter()
                    .take(3)
                    .map(|e| (e.place(), format!("`{}` stores personal data", e.entity.name)))
                    .collect(),
                waived: None,
            });
        }
    }
}
