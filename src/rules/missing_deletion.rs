use std::collections::{BTreeSet, HashMap};

use super::{
    declare_rule, Check, Diagnostic, Place, RepoContext, RepoDiagnostic, RuleInfo, Severity,
};
use crate::classify::Confidence;
use crate::facts::{DeletionKind, OnDelete, Target};
use crate::repo_index::{data_type_ref, norm, personal_fields, strip_affixes, IndexedEntity};

declare_rule! {
    /// ## What it finds
    /// A persisted entity (Django, SQLAlchemy, Peewee, Mongoose, Sequelize, TypeORM, Prisma,
    /// diesel `table!`, SeaORM, `CREATE TABLE`) with personal fields, and no code path in the
    /// repository that deletes, anonymises or expires its rows.
    ///
    /// Deletion evidence is searched in every file: ORM deletes on the model, a queryset, an
    /// instance or a repository of it (`.delete()`, `session.delete(obj)`, `deleteMany`,
    /// `findByIdAndDelete`, `destroy`, `repository.remove`, `prisma.user.delete`,
    /// `diesel::delete(users::table)`, `delete_by_id`); `DELETE FROM`/`TRUNCATE` in SQL strings
    /// and `.sql` files; `ON DELETE CASCADE`-style cascades from a parent whose rows are
    /// deleted (`SET NULL` keeps the child's data, and an anonymised parent fires no
    /// cascade); anonymisation (at least half of the personal fields set to null, empty or a
    /// redacted value); expiry (a TTL index, `expires`, `EXPIRE`).
    ///
    /// An entity whose only removal is a soft delete (`deleted_at`/`is_deleted` set, or
    /// `softDelete`) gets a lower-severity finding: its personal data is still stored. A child
    /// whose cascade comes from a parent that is itself never deleted is reported too, with a
    /// note pointing at the parent.
    ///
    /// ## Why it matters
    /// The right to erasure (GDPR Art. 17, CCPA §1798.105) and storage limitation (GDPR Art.
    /// 5(1)(e)) need every store of personal data to have a way out. A table that no code
    /// path can empty keeps personal data forever.
    ///
    /// ## Example
    /// ```python
    /// class Lead(models.Model):      # nothing ever deletes a Lead
    ///     email = models.EmailField()
    /// ```
    ///
    /// Use instead: an erasure path (`Lead.objects.filter(pk=pk).delete()`), a retention job
    /// (`Lead.objects.filter(created__lt=cutoff).delete()`), or, where deletion happens
    /// outside the repository, record it in config:
    /// ```toml
    /// [missing-deletion]
    /// handled-by = { "AuditLog" = "retained 7 years by law, purged by the data warehouse" }
    /// ```
    /// Such an entity is kept in SARIF as a suppressed result with that reason, and counted
    /// in `--statistics`.
    pub struct MissingDeletion;
}

pub const INFO: RuleInfo = RuleInfo {
    name: "missing-deletion",
    summary: "an entity stores personal data and nothing deletes, anonymises or expires it",
    doc: MissingDeletion::DOC,
    default_severity: Severity::Error,
    tags: &["privacy", "gdpr/art-17", "gdpr/art-5-1-e"],
    security_severity: "5.0",
    default_enabled: true,
    check: Check::Repo(check),
};

/// How an entity's rows leave storage, if they do.
#[derive(Clone)]
enum Fate {
    Deleted(Place, String),
    /// Deleted because a parent's rows are: the parent, where its deletion is, and where
    /// the cascade is declared.
    Cascade(String, Place, Place),
}

fn check(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>) {
    let stored: Vec<&IndexedEntity> = ctx
        .index
        .entities
        .iter()
        .filter(|e| e.entity.framework.persisted() && !e.entity.is_abstract)
        .collect();
    if stored.is_empty() {
        return;
    }
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in stored.iter().enumerate() {
        for k in &e.keys {
            by_key.entry(k.as_str()).or_default().push(i);
        }
    }
    // Names a model is imported or exported under (`AddressModel` for `Address`).
    let mut renames: HashMap<String, Vec<String>> = HashMap::new();
    for f in ctx.files {
        for (alias, original) in &f.models.renames {
            renames.entry(norm(alias)).or_default().push(norm(original));
        }
    }
    let direct = |name: &str| -> Vec<usize> { by_key.get(name).cloned().unwrap_or_default() };
    let lookup = |name: &str| -> Vec<usize> {
        let n = norm(name);
        let mut found = direct(&n);
        if found.is_empty() {
            for original in renames.get(&n).into_iter().flatten() {
                found.extend(direct(original));
            }
        }
        if found.is_empty() {
            // `AddressModel.findByIdAndDelete`: the model under a conventional suffix.
            let stripped = norm(strip_affixes(name));
            if stripped != n {
                found = direct(&stripped);
            }
        }
        found
    };
    // Entities sharing a storage name (a Prisma model and its migration's table) are one.
    let group = groups(&stored, &by_key);
    let personal: Vec<_> = stored
        .iter()
        .map(|e| personal_fields(ctx.classifier, e, false))
        .collect();
    let mut fate: HashMap<usize, Fate> = HashMap::new();
    let mut soft: HashMap<usize, (Place, String)> = HashMap::new();
    for (i, e) in stored.iter().enumerate() {
        if let Some(span) = e.entity.expires {
            fate.entry(group[i]).or_insert(Fate::Deleted(
                Place { file: e.file, span },
                "rows expire (TTL)".into(),
            ));
        }
    }
    for (fi, f) in ctx.files.iter().enumerate() {
        // A test that deletes what it created is not an erasure path, nor is a one-off
        // data migration.
        if crate::repo_index::is_test_path(&f.path) || is_migration_path(&f.path) {
            continue;
        }
        for d in &f.models.deletions {
            let place = Place {
                file: fi,
                span: d.span,
            };
            let name = match &d.target {
                Target::Entity(n) | Target::Table(n) => n.as_str(),
                Target::Name(n) => strip_affixes(n),
            };
            for i in lookup(name) {
                let e = stored[i];
                match d.kind {
                    DeletionKind::Delete | DeletionKind::Expire => {
                        if e.entity.paranoid && d.how.contains("destroy") {
                            soft.entry(group[i])
                                .or_insert((place, format!("{} (the model is `paranoid`)", d.how)));
                        } else {
                            fate.entry(group[i])
                                .or_insert(Fate::Deleted(place, d.how.clone()));
                        }
                    }
                    DeletionKind::Anonymise => {
                        let p = &personal[i];
                        let cleared = p
                            .iter()
                            .filter(|pf| d.fields.contains(&pf.field.name))
                            .count();
                        if cleared > 0 && cleared * 2 >= p.len() {
                            fate.entry(group[i])
                                .or_insert(Fate::Deleted(place, format!("anonymised: {}", d.how)));
                        }
                    }
                    DeletionKind::SoftDelete => {
                        soft.entry(group[i]).or_insert((place, d.how.clone()));
                    }
                }
            }
        }
    }
    // Delete helpers: `deleteItem(id, User)` where `deleteItem` deletes its second argument.
    let mut helpers: HashMap<&str, Vec<usize>> = HashMap::new();
    for f in ctx.files {
        for (name, i) in &f.models.deleting_params {
            helpers.entry(name.as_str()).or_default().push(*i);
        }
    }
    for (fi, f) in ctx.files.iter().enumerate() {
        if crate::repo_index::is_test_path(&f.path) || is_migration_path(&f.path) {
            continue;
        }
        for c in &f.models.helper_calls {
            for &i in helpers.get(c.callee.as_str()).into_iter().flatten() {
                let Some(arg) = c.args.get(i).filter(|a| !a.is_empty()) else {
                    continue;
                };
                for e in lookup(strip_affixes(arg)) {
                    fate.entry(group[e]).or_insert(Fate::Deleted(
                        Place {
                            file: fi,
                            span: c.span,
                        },
                        format!("`{}(…)`, which deletes its argument `{arg}`", c.callee),
                    ));
                }
            }
        }
    }
    // Cascades: to a fixed point, from parents whose rows really go (an anonymised parent's
    // row stays, so its cascade never fires).
    let mut cascade_from: HashMap<usize, (usize, Place)> = HashMap::new();
    let mut links: Vec<(usize, usize, &crate::facts::Link)> = Vec::new();
    for (i, e) in stored.iter().enumerate() {
        links.extend(e.entity.links.iter().map(|l| (i, e.file, l)));
    }
    for (fi, f) in ctx.files.iter().enumerate() {
        for (owner, l) in &f.models.associations {
            if let Some(i) = stored.iter().position(|e| e.entity.name == *owner) {
                links.push((i, fi, l));
            }
        }
    }
    // Parents declared outside the repository (Django's `auth.User`): deleted if some code
    // deletes something by that name.
    let mut deleted_names: std::collections::HashSet<String> = Default::default();
    for f in ctx
        .files
        .iter()
        .filter(|f| !crate::repo_index::is_test_path(&f.path))
    {
        for d in f
            .models
            .deletions
            .iter()
            .filter(|d| d.kind == DeletionKind::Delete)
        {
            let (Target::Entity(n) | Target::Table(n) | Target::Name(n)) = &d.target;
            deleted_names.insert(norm(strip_affixes(n)));
        }
    }
    for (i, file, l) in &links {
        if !lookup(&l.target).is_empty() || l.from_parent || l.on_delete != OnDelete::Cascade {
            continue;
        }
        let t = norm(&l.target);
        if deleted_names.contains(&t) || deleted_names.contains(&format!("{t}s")) {
            let place = Place {
                file: *file,
                span: l.span,
            };
            fate.entry(group[*i])
                .or_insert(Fate::Cascade(l.target.clone(), place, place));
        }
    }
    for (i, file, l) in links {
        let candidates = lookup(&l.target);
        let exact = candidates
            .iter()
            .find(|&&j| stored[j].entity.name == l.target.rsplit('.').next().unwrap_or(""));
        let Some(&j) = exact.or(candidates.first()) else {
            continue;
        };
        let (parent, child) = if l.from_parent { (i, j) } else { (j, i) };
        if l.on_delete == OnDelete::Cascade {
            cascade_from
                .entry(child)
                .or_insert((parent, Place { file, span: l.span }));
        }
    }
    loop {
        let mut changed = false;
        for (&child, &(parent, _)) in &cascade_from {
            if fate.contains_key(&group[child]) {
                continue;
            }
            let hard = match fate.get(&group[parent]) {
                Some(Fate::Deleted(p, how)) if !how.starts_with("anonymis") => Some(*p),
                Some(Fate::Cascade(_, p, _)) => Some(*p),
                _ => None,
            };
            if let Some(p) = hard {
                let link = cascade_from[&child].1;
                fate.insert(
                    group[child],
                    Fate::Cascade(stored[parent].entity.name.clone(), p, link),
                );
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    if std::env::var_os("PRIVLINT_TRACE").is_some() {
        for (i, e) in stored.iter().enumerate() {
            if personal[i].is_empty() {
                continue;
            }
            let how = match fate.get(&group[i]) {
                Some(Fate::Deleted(p, how)) => format!("{how} at {}", ctx.files[p.file].path),
                Some(Fate::Cascade(_, p, _)) => {
                    format!("cascade, parent deleted at {}", ctx.files[p.file].path)
                }
                None if soft.contains_key(&group[i]) => "soft delete only".into(),
                None => "NOT DELETED".into(),
            };
            eprintln!(
                "[trace] missing-deletion: {} {} ({}): {how}",
                ctx.files[e.file].path,
                e.entity.name,
                e.entity.framework.label()
            );
        }
    }
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for (i, e) in stored.iter().enumerate() {
        let p = &personal[i];
        if p.is_empty() {
            continue;
        }
        if let Some(Fate::Cascade(parent, deleted, link)) = fate.get(&group[i]) {
            // Handled, but only by the cascade: said so, pointing at the parent's deletion,
            // as a waived result (SARIF, `--statistics`), not as a finding.
            if reported.insert(group[i]) {
                out.push(cascade_note(e, p, parent, *deleted, *link));
            }
            continue;
        }
        if fate.contains_key(&group[i]) {
            continue;
        }
        // One finding per group, on its first declaration that is not raw SQL.
        if !reported.insert(group[i]) {
            continue;
        }
        let e = stored
            .iter()
            .enumerate()
            .filter(|(j, _)| group[*j] == group[i])
            .map(|(_, x)| *x)
            .min_by_key(|x| {
                (
                    x.entity.framework == crate::facts::Framework::SqlTable,
                    x.file,
                    x.entity.span.start,
                )
            })
            .unwrap_or(e);
        out.push(finding(
            ctx,
            e,
            p,
            soft.get(&group[i]),
            cascade_from.get(&i),
            &stored,
        ));
    }
}

fn cascade_note(
    e: &IndexedEntity,
    personal: &[crate::repo_index::PersonalField],
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
            data_types: personal.iter().map(|pf| data_type_ref(pf.data_type)).fold(
                Vec::new(),
                |mut v: Vec<super::DataTypeRef>, t| {
                    if !v.iter().any(|x| x.id == t.id) {
                        v.push(t);
                    }
                    v
                },
            ),
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

fn finding(
    ctx: &RepoContext,
    e: &IndexedEntity,
    personal: &[crate::repo_index::PersonalField],
    soft: Option<&(Place, String)>,
    cascade: Option<&(usize, Place)>,
    stored: &[&IndexedEntity],
) -> RepoDiagnostic {
    let name = &e.entity.name;
    let mut types: Vec<_> = Vec::new();
    for pf in personal {
        if !types
            .iter()
            .any(|t: &super::DataTypeRef| t.id == pf.data_type.id)
        {
            types.push(data_type_ref(pf.data_type));
        }
    }
    let fields = personal
        .iter()
        .map(|pf| format!("`{}` ({})", pf.field.name, pf.data_type.name))
        .collect::<Vec<_>>()
        .join(", ");
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
    if let Some((parent, link)) = cascade {
        let parent = &stored[*parent];
        related.push((
            *link,
            format!(
                "rows are deleted by cascade when their `{}` is, but nothing deletes `{}` rows",
                parent.entity.name, parent.entity.name
            ),
        ));
        related.push((
            parent.place(),
            format!("`{}` is never deleted", parent.entity.name),
        ));
        notes.push(format!(
            "a cascade only fires when the parent is deleted; `{}` never is",
            parent.entity.name
        ));
    }
    let waived = ctx
        .config
        .deletion_handled_by
        .iter()
        .find(|(k, _)| *k == name || e.answers_to(k))
        .map(|(k, reason)| format!("handled-by `{k}`: {reason}"));
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

/// Group index per entity: entities that share a storage name share a group (a diesel
/// `table!` and its migration's `CREATE TABLE`); two models of one framework that merely
/// share a class name do not.
fn groups(stored: &[&IndexedEntity], by_key: &HashMap<&str, Vec<usize>>) -> Vec<usize> {
    let mut group: Vec<usize> = (0..stored.len()).collect();
    for (i, a) in stored.iter().enumerate() {
        let earlier = a
            .keys
            .iter()
            .flat_map(|k| by_key.get(k.as_str()).into_iter().flatten())
            .copied()
            .filter(|&j| j < i)
            .find(|&j| {
                let b = stored[j];
                a.entity.table.is_some()
                    || b.entity.table.is_some()
                    || a.entity.framework != b.entity.framework
            });
        if let Some(j) = earlier {
            group[i] = group[j];
        }
    }
    group
}

/// Schema migrations (`migrations/`, Alembic `versions/`): a `DELETE` or `UPDATE` there runs
/// once at deploy time, it is no erasure path.
fn is_migration_path(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "migrations" | "migration" | "alembic" | "versions" | "migrate"
        )
    })
}
