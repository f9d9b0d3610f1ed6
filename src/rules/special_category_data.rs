use super::over_collection::{in_scope, is_used, serializer_reads};
use super::{declare_rule, Check, Diagnostic, RepoContext, RepoDiagnostic, RuleInfo, Severity};
use crate::classify::Confidence;
use crate::repo_index::{data_type_ref, personal_fields};

declare_rule! {
    /// ## What it finds
    /// An audit list, off by default (`--extend-select special-category-data`): every field
    /// of a collected or stored entity that holds special-category data (GDPR Art. 9:
    /// health, genetic, biometric, racial or ethnic origin, religious or philosophical
    /// beliefs, political opinions, trade-union membership, sex life or orientation; Art. 10:
    /// criminal convictions and offences).
    ///
    /// Used special-category data is not over-collection (a clinic needs health data), but
    /// processing it needs an Art. 9(2) condition, often a DPIA (Art. 35) and stricter
    /// security. This rule lists where it lives so a privacy review can check each one.
    /// Unused special-category fields are also reported by `over-collection`.
    ///
    /// ## Example
    /// ```python
    /// class Patient(models.Model):
    ///     diagnosis = models.TextField()   # info: special-category data (GDPR Art. 9)
    /// ```
    pub struct SpecialCategoryData;
}

pub const INFO: RuleInfo = RuleInfo {
    name: "special-category-data",
    summary: "where special-category data (GDPR Art. 9/10) is collected or stored (audit, opt-in)",
    doc: SpecialCategoryData::DOC,
    default_severity: Severity::Info,
    tags: &["privacy", "gdpr/art-9", "gdpr/art-10"],
    security_severity: "2.0",
    default_enabled: false,
    check: Check::Repo(check),
};

fn check(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>) {
    let serializers = serializer_reads(ctx);
    for e in &ctx.index.entities {
        if !in_scope(ctx, e) {
            continue;
        }
        let f = e.entity.framework;
        let verb = if f.persisted() || f.row_mapping() {
            "stored"
        } else {
            "collected"
        };
        for pf in personal_fields(ctx.classifier, e, true) {
            let Some(art) = pf.special_article() else {
                continue;
            };
            let used = is_used(ctx, e, &pf.field.name, &serializers);
            out.push(RepoDiagnostic {
                at: pf.place(),
                diagnostic: Diagnostic {
                    rule: INFO.name,
                    severity: Severity::Info,
                    confidence: Confidence::Medium,
                    message: format!(
                        "special-category data (GDPR {art}) {verb}: `{}.{}` ({})",
                        e.entity.name, pf.field.name, pf.data_type.name
                    ),
                    span: pf.field.span,
                    label: format!(
                        "{verb} in {} `{}`{}",
                        f.label(),
                        e.entity.name,
                        if used { "" } else { ", never read" }
                    ),
                    data_types: vec![data_type_ref(pf.data_type)],
                    related: Vec::new(),
                    notes: vec![format!(
                        "{}: {} ({})",
                        pf.data_type.name, pf.data_type.id, pf.data_type.fides
                    )],
                    help: format!(
                        "record the GDPR {art} condition that allows this processing, and check that a DPIA covers it"
                    ),
                    fingerprint_key: format!("{}.{}", e.entity.name, pf.field.name),
                },
                related: vec![(e.place(), format!("declared in `{}`", e.entity.name))],
                waived: None,
            });
        }
    }
}
