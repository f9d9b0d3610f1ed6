mod erasure;
mod filled;
mod identity;
mod report;
mod stores;

pub use erasure::{erasures, Erasure, ErasureHow};

use std::collections::{BTreeSet, HashMap};

use super::{declare_rule, Check, Place, RepoContext, RepoDiagnostic, RuleInfo, Severity};
use crate::facts::{DeletionKind, OnDelete, Target};
use crate::repo_index::{norm, personal_fields, strip_affixes, IndexedEntity};
use identity::{groups, same_table};
use report::{cascade_note, finding, kept_forever, left_behind, ParentErasure};
use stores::{append_only, is_migration_path, Store};

declare_rule! {
    /// ## What it finds
    /// A persisted entity (Django, SQLAlchemy, Peewee, Mongoose, Sequelize, TypeORM, Prisma,
    /// Drizzle, diesel `table!`, SeaORM, `CREATE TABLE`) with personal fields, and no code
    /// path in the repository that deletes, anonymises or expires its rows.
    ///
    /// Deletion evidence is searched in every file: ORM deletes on the model, a queryset, an
    /// instance or a repository of it, also under an imported or exported alias
    /// (`.delete()`, `session.delete(obj)`, `deleteMany`, `findByIdAndDelete`, `destroy`,
    /// `repository.remove`, `prisma.user.delete`, Drizzle `db.delete(users)`, Knex `.del()`,
    /// Kysely `deleteFrom("users")`, TypeORM `.delete().from(User)`, Flask-Security
    /// `datastore.delete_user`, `diesel::delete(users::table)`, `diesel::delete(self)`,
    /// `delete_by_id`, a SeaORM model fetched and `.delete`d); `DELETE FROM`/`TRUNCATE` in SQL strings
    /// and `.sql` files; `ON DELETE CASCADE`-style cascades from a parent whose rows are
    /// deleted (`SET NULL` keeps the child's data, and an anonymised parent fires no
    /// cascade); anonymisation (at least half of the personal fields set to null, empty or a
    /// redacted value); expiry (a TTL index, `expires`, `EXPIRE`). A name in code refers to
    /// entities of its own language (a JavaScript `Client.destroy()` deletes no Django
    /// `Client`) and to SQL tables; across languages only an entity's declared table name
    /// links it (`DELETE FROM subscribers` in a Rust job erases a Django model whose
    /// `db_table` is `subscribers`).
    ///
    /// Personal data is known by a field's name, and by what fills it: a field that code fills
    /// with the client's request headers, cookies or IP address (`prisma.requestLog.create({
    /// data: { headers: req.headers } })`, `Hit(origin=request.META["REMOTE_ADDR"])`, an sqlx
    /// `INSERT` binding a `ConnectInfo` address, a SeaORM active model set from a `HeaderMap`)
    /// holds personal data whatever it is called (`rules/sources.toml`, `stored`).
    ///
    /// An entity whose only removal is a soft delete (`deleted_at`/`is_deleted` set, or
    /// `softDelete`) gets a lower-severity finding: its personal data is still stored. A child
    /// whose cascade comes from a parent that is itself never deleted is reported too, with a
    /// note pointing at the parent.
    ///
    /// Rows left behind: a child with no personal field of its own whose rows are about a
    /// person (`LeaveRequest.employee`) is reported when that person's erasure only
    /// anonymises or soft-deletes the parent row, for then no cascade fires; the finding
    /// points at that erasure.
    ///
    /// Kept forever: an append-only store (its name ends in log, audit, event, ping, visit,
    /// attempt, history, activity, access, outbox, invitation, feedback, delivery) holding
    /// personal data, or linked to a person's record, with no delete, expiry or purge of its
    /// own. For logs a cascade from the person is no retention: rows pile up for as long as
    /// the account exists.
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
    analyse(ctx, out, None);
}

fn analyse(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>, erasures: Option<&mut Vec<Erasure>>) {
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
    let family: Vec<u8> = stored
        .iter()
        .map(|e| ctx.files[e.file].language.family())
        .collect();
    let direct = |name: &str| -> Vec<usize> { by_key.get(name).cloned().unwrap_or_default() };
    let lookup_any = |name: &str| -> Vec<usize> {
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
    // A name in code of file `fi` refers to entities of its own language family (a JS
    // `Client.destroy()` deletes no Django `Client`), to SQL tables, or elsewhere only to
    // an entity whose declared table is that very name.
    let lookup_from = |name: &str, fi: usize| -> Vec<usize> {
        let fam = ctx.files[fi].language.family();
        let mut found = lookup_any(name);
        found.retain(|&i| {
            fam == 0
                || family[i] == 0
                || family[i] == fam
                || stored[i]
                    .entity
                    .table
                    .as_deref()
                    .is_some_and(|t| same_table(t, name))
        });
        found
    };
    // Entities sharing a storage name (a Prisma model and its migration's table) are one.
    let group = groups(&stored, &by_key, &family);
    let mut personal: Vec<_> = stored
        .iter()
        .map(|e| personal_fields(ctx.classifier, e, false))
        .collect();
    let people: Vec<bool> = stored
        .iter()
        .zip(&personal)
        .map(|(e, p)| crate::repo_index::is_person_record(e, p))
        .collect();
    filled::add_filled_fields(ctx, &stored, &mut personal, lookup_from);
    let mut fate: HashMap<usize, Fate> = HashMap::new();
    let mut soft: HashMap<usize, (Place, String)> = HashMap::new();
    let mut cleared: HashMap<usize, Cleared> = HashMap::new();
    for (i, e) in stored.iter().enumerate() {
        if let Some(span) = e.entity.expires {
            fate.entry(group[i]).or_insert(Fate::Deleted(
                Place { file: e.file, span },
                "rows expire (TTL)".into(),
            ));
        }
    }
    let soft_classes: std::collections::HashSet<&str> = ctx
        .files
        .iter()
        .flat_map(|f| f.models.soft_delete_classes.iter().map(String::as_str))
        .collect();
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
            let name = crate::repo_index::target_name(&d.target);
            for i in lookup_from(name, fi) {
                let e = stored[i];
                let flags_only = d.how == "`.delete()`"
                    && e.entity
                        .bases
                        .iter()
                        .any(|b| soft_classes.contains(b.rsplit('.').next().unwrap_or(b)));
                match d.kind {
                    DeletionKind::Delete if flags_only => {
                        soft.entry(group[i]).or_insert((
                            place,
                            format!("{} (its `delete()` only marks the row deleted)", d.how),
                        ));
                    }
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
                        // Gathered over every anonymising site; judged complete or not below.
                        let c = cleared.entry(i).or_insert_with(|| Cleared {
                            at: place,
                            how: d.how.clone(),
                            fields: Default::default(),
                        });
                        c.fields.extend(d.fields.iter().cloned());
                    }
                    DeletionKind::SoftDelete => {
                        soft.entry(group[i]).or_insert((place, d.how.clone()));
                    }
                }
            }
        }
    }
    // An anonymisation erases an entity only when it blanks every personal field; one that
    // leaves some (a date of birth, an ethnicity) is reported with what it leaves.
    let mut partly: HashMap<usize, (Place, String, Vec<String>)> = HashMap::new();
    let mut anonymised: Vec<(&usize, &Cleared)> = cleared.iter().collect();
    anonymised.sort_by_key(|(i, _)| **i);
    for (&i, c) in anonymised {
        let left: Vec<String> = personal[i]
            .iter()
            .filter(|pf| !c.fields.contains(&pf.field.name))
            .map(|pf| pf.field.name.clone())
            .collect();
        if personal[i].len() > left.len() && left.is_empty() {
            fate.entry(group[i])
                .or_insert(Fate::Deleted(c.at, format!("anonymised: {}", c.how)));
        } else if personal[i].len() > left.len() {
            partly
                .entry(group[i])
                .or_insert((c.at, c.how.clone(), left));
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
                for e in lookup_from(strip_affixes(arg), fi) {
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
    let mut links_by_child: HashMap<usize, Vec<(usize, Place)>> = HashMap::new();
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
        if !lookup_from(&l.target, *file).is_empty()
            || l.from_parent
            || l.on_delete != OnDelete::Cascade
        {
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
        let candidates = lookup_from(&l.target, file);
        let exact = candidates
            .iter()
            .find(|&&j| stored[j].entity.name == l.target.rsplit('.').next().unwrap_or(""));
        let Some(&j) = exact.or(candidates.first()) else {
            continue;
        };
        let (parent, child) = if l.from_parent { (i, j) } else { (j, i) };
        if parent != child {
            links_by_child
                .entry(child)
                .or_default()
                .push((parent, Place { file, span: l.span }));
        }
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
    if erasures.is_some() || std::env::var_os("PRIVLINT_TRACE").is_some() {
        let list = stored
            .iter()
            .enumerate()
            .filter(|(i, _)| !personal[*i].is_empty());
        let list = list.map(|(i, e)| Erasure {
            entity: e.place(),
            name: e.entity.name.clone(),
            filled: personal[i]
                .iter()
                .filter(|pf| pf.filled_from.is_some())
                .map(|pf| (pf.field.name.clone(), pf.data_type.id.clone()))
                .collect(),
            how: match fate.get(&group[i]) {
                Some(Fate::Deleted(p, how)) => ErasureHow::Deleted(*p, how.clone()),
                Some(Fate::Cascade(parent, p, _)) => ErasureHow::Cascade(parent.clone(), *p),
                None => match (soft.get(&group[i]), partly.get(&group[i])) {
                    (_, Some((p, how, _))) => {
                        ErasureHow::SoftOnly(*p, format!("partly anonymised: {how}"))
                    }
                    (Some((p, how)), None) => ErasureHow::SoftOnly(*p, how.clone()),
                    (None, None) => ErasureHow::Never,
                },
            },
        });
        match erasures {
            Some(out) => {
                out.extend(list);
                return;
            }
            None => erasure::trace(ctx, list),
        }
    }
    // Why a parent's erasure leaves a child's rows behind: it is never deleted, or only
    // anonymised or soft-deleted, so no cascade fires.
    let erasure_of = |parent: usize| -> ParentErasure {
        match fate.get(&group[parent]) {
            Some(Fate::Deleted(p, how)) if how.starts_with("anonymis") => {
                ParentErasure::Anonymised(*p, how.clone())
            }
            Some(_) => ParentErasure::Erased,
            None => match (soft.get(&group[parent]), partly.get(&group[parent])) {
                (_, Some((p, how, _))) => ParentErasure::Anonymised(*p, how.clone()),
                (Some((p, how)), None) => ParentErasure::SoftDeleted(*p, how.clone()),
                (None, None) => ParentErasure::Never,
            },
        }
    };
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for (i, e) in stored.iter().enumerate() {
        let p = &personal[i];
        // A log of what people do (access logs, login attempts, events) grows for as long
        // as they exist: a cascade from the person is no retention.
        let log = append_only(&e.entity.name).filter(|k| *k == Store::Log);
        let person_link = || {
            parents_of(i, &links_by_child)
                .find(|&(parent, _)| !personal[parent].is_empty() && people[parent])
        };
        if let Some(Fate::Cascade(parent, deleted, link)) = fate.get(&group[i]) {
            let about = if p.is_empty() {
                person_link().map(|(parent, _)| &personal[parent])
            } else {
                Some(p)
            };
            if let Some(about) = about.filter(|_| log.is_some()) {
                if reported.insert(group[i]) {
                    out.push(kept_forever(ctx, e, about, Some((parent, *deleted))));
                }
                continue;
            }
            // Handled, but only by the cascade: said so, pointing at the parent's deletion,
            // as a waived result (SARIF, `--statistics`), not as a finding.
            if !p.is_empty() && reported.insert(group[i]) {
                out.push(cascade_note(e, p, parent, *deleted, *link));
            }
            continue;
        }
        if fate.contains_key(&group[i]) {
            continue;
        }
        if p.is_empty() {
            // No personal field of its own, but rows about a person whose erasure only
            // anonymises or soft-deletes them (`Note.patient`): those rows stay, linked.
            let kept = parents_of(i, &links_by_child).find_map(|(parent, link)| {
                let erasure = erasure_of(parent);
                (!personal[parent].is_empty()
                    && people[parent]
                    && matches!(
                        erasure,
                        ParentErasure::Anonymised(..) | ParentErasure::SoftDeleted(..)
                    ))
                .then_some((parent, link, erasure))
            });
            if let Some((parent, link, erasure)) = kept {
                if reported.insert(group[i]) {
                    out.push(left_behind(
                        ctx,
                        e,
                        stored[parent],
                        &personal[parent],
                        link,
                        erasure,
                    ));
                }
            } else if append_only(&e.entity.name).is_some() && person_link().is_some() {
                // An append-only store about a person (`Ping.user`, `Invitation.inviter`)
                // that nothing ever empties.
                if reported.insert(group[i]) {
                    out.push(kept_forever(
                        ctx,
                        e,
                        &personal[person_link().unwrap().0],
                        None,
                    ));
                }
            }
            continue;
        }
        // One finding per group, on its first declaration that is not raw SQL.
        if !reported.insert(group[i]) {
            continue;
        }
        let members: Vec<&IndexedEntity> = stored
            .iter()
            .enumerate()
            .filter(|(j, _)| group[*j] == group[i])
            .map(|(_, x)| *x)
            .collect();
        let e = members
            .iter()
            .copied()
            .min_by_key(|x| {
                (
                    x.entity.framework == crate::facts::Framework::SqlTable,
                    x.file,
                    x.entity.span.start,
                )
            })
            .unwrap_or(e);
        // The struct a developer edits (a sqlx `FromRow` or diesel model over this table)
        // is where the finding belongs; the table's declarations are related.
        let row_struct = matches!(
            e.entity.framework,
            crate::facts::Framework::SqlTable | crate::facts::Framework::DieselTable
        )
        .then(|| {
            ctx.index.entities.iter().find(|x| {
                x.entity.framework.row_mapping()
                    && (x.entity.table.as_deref().is_some_and(|t| e.answers_to(t))
                        || x.entity.table.is_none() && e.answers_to(&x.entity.name))
            })
        })
        .flatten();
        let mut also: Vec<&IndexedEntity> = members
            .into_iter()
            .filter(|x| !std::ptr::eq(*x, e))
            .collect();
        let e = match row_struct {
            Some(s) => {
                also.insert(0, e);
                s
            }
            None => e,
        };
        let cascade = cascade_from
            .get(&i)
            .map(|&(parent, link)| (stored[parent], link, erasure_of(parent)));
        out.push(finding(
            ctx,
            e,
            p,
            soft.get(&group[i]),
            partly.get(&group[i]),
            cascade,
            &also,
        ));
    }
}

/// Fields an entity's anonymising updates blank, over all of them, and the first one.
struct Cleared {
    at: Place,
    how: String,
    fields: std::collections::BTreeSet<String>,
}

/// Each parent a child's declared links point at, with where the link is declared.
fn parents_of<'a>(
    child: usize,
    links_by_child: &'a HashMap<usize, Vec<(usize, Place)>>,
) -> impl Iterator<Item = (usize, Place)> + 'a {
    links_by_child.get(&child).into_iter().flatten().copied()
}
