//! `privlint map`: the repository's data inventory. Per data type, where it is collected,
//! stored, logged, shared with third parties, deleted and kept; per entity, its personal
//! fields and erasure; per third party, what reaches it. Built from one run's facts and
//! findings (the same cache as `check`), rendered as JSON, Markdown, HTML or a fideslang
//! manifest. Never a literal value: only names, types and places.

pub mod fides;
pub mod html;
pub mod markdown;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::{Classifier, Sensitivity};
use crate::engine::{KeptIndex, Outcome};
use crate::facts::{Place, Span};
use crate::repo_index::{is_test_path, personal_fields, RepoIndex};
use crate::rules::missing_deletion::{erasures, ErasureHow};
use crate::rules::{RepoContext, RepoRuleConfig};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Loc {
    pub path: String,
    pub line: u32,
}

/// A place and what is there (`Customer.email (Django model)`, `logger.info`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Site {
    #[serde(flatten)]
    pub loc: Loc,
    pub what: String,
    /// For a collection point: the handlers that take it in (`POST /signup (signup)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
}

impl Site {
    /// A place and what is there, reached through no handler.
    fn at(loc: Loc, what: String) -> Site {
        Site {
            loc,
            what,
            via: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Logged {
    #[serde(flatten)]
    pub loc: Loc,
    pub what: String,
    /// Waived by a `privlint: ignore` comment, the baseline or config: still where it goes.
    pub suppressed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeRow {
    pub id: String,
    pub name: String,
    pub fides: String,
    pub sensitivity: &'static str,
    /// `Art. 9` or `Art. 10` for special-category data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special: Option<&'static str>,
    pub collected: Vec<Site>,
    pub stored: Vec<Site>,
    pub logged: Vec<Logged>,
    pub shared: Vec<Site>,
    pub deleted: Vec<Site>,
    /// Stored where nothing deletes it (or only flags it deleted).
    pub not_deleted: Vec<Site>,
    pub retention: Vec<Site>,
    #[serde(skip)]
    pub rank: Sensitivity,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    pub data_type: String,
    #[serde(flatten)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    pub name: String,
    pub kind: &'static str,
    #[serde(flatten)]
    pub loc: Loc,
    pub collected: bool,
    pub stored: bool,
    /// The storage name, where it differs from the entity's (`__tablename__`, `@@map`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    pub fields: Vec<Field>,
    /// `deleted`, `cascade`, `soft-delete only`, `never`; empty for collected-only data.
    pub deletion: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_at: Option<Site>,
    pub related: Vec<String>,
    /// Where it is collected: the handlers taking it as request input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handlers: Vec<Site>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyRow {
    pub vendor: String,
    pub data_types: Vec<String>,
    pub from: Vec<Loc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// `high` first, then `medium`.
    pub level: &'static str,
    pub text: String,
    #[serde(flatten)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub data_types: usize,
    pub entities: usize,
    pub collected: usize,
    pub stored: usize,
    pub logged: usize,
    pub shared: usize,
    pub never_deleted: usize,
    pub special_category: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub version: u32,
    pub project: String,
    pub summary: Summary,
    pub risks: Vec<Risk>,
    pub data_types: Vec<TypeRow>,
    pub entities: Vec<EntityRow>,
    pub third_parties: Vec<PartyRow>,
}

/// The inventory of a run made with `keep_index` (its outcome holds the models).
pub fn build(
    project: &str,
    outcome: &mut Outcome,
    classifier: &Classifier,
    config: &RepoRuleConfig,
) -> Inventory {
    let mut types: BTreeMap<String, TypeRow> = BTreeMap::new();
    let mut entities = Vec::new();
    if let Some(kept) = outcome.index.as_mut() {
        entity_rows(kept, classifier, config, &mut types, &mut entities);
    }
    let mut parties: BTreeMap<String, PartyRow> = BTreeMap::new();
    let waived = outcome.suppressed_findings.iter().map(|f| (f, true));
    for (f, suppressed) in outcome.findings.iter().map(|f| (f, false)).chain(waived) {
        if f.rule != crate::rules::pii_in_logs::INFO.name {
            continue;
        }
        let loc = Loc {
            path: f.path.clone(),
            line: f.location.start.line,
        };
        let vendor = crate::rules::pii_in_logs::vendor_of(&f.message);
        for t in &f.data_types {
            let row = type_row(&mut types, classifier, &t.id);
            row.logged.push(Logged {
                loc: loc.clone(),
                what: f.message.clone(),
                suppressed: suppressed || f.suppression.is_some(),
            });
            if let Some(v) = vendor {
                row.shared.push(Site::at(loc.clone(), v.to_string()));
                let p = parties.entry(v.to_string()).or_insert_with(|| PartyRow {
                    vendor: v.to_string(),
                    data_types: Vec::new(),
                    from: Vec::new(),
                });
                if !p.data_types.contains(&t.id) {
                    p.data_types.push(t.id.clone());
                }
                if !p.from.contains(&loc) {
                    p.from.push(loc.clone());
                }
            }
        }
    }
    let mut data_types: Vec<TypeRow> = types.into_values().collect();
    for t in &mut data_types {
        for list in [
            &mut t.collected,
            &mut t.stored,
            &mut t.shared,
            &mut t.deleted,
            &mut t.not_deleted,
            &mut t.retention,
        ] {
            list.sort();
            list.dedup();
        }
        t.logged
            .sort_by(|a, b| (&a.loc, &a.what).cmp(&(&b.loc, &b.what)));
    }
    data_types.sort_by(|a, b| b.rank.cmp(&a.rank).then(a.id.cmp(&b.id)));
    let mut third_parties: Vec<PartyRow> = parties.into_values().collect();
    for p in &mut third_parties {
        p.data_types.sort();
        p.from.sort();
    }
    let summary = Summary {
        data_types: data_types.len(),
        entities: entities.len(),
        collected: data_types
            .iter()
            .filter(|t| !t.collected.is_empty())
            .count(),
        stored: data_types.iter().filter(|t| !t.stored.is_empty()).count(),
        logged: data_types.iter().filter(|t| !t.logged.is_empty()).count(),
        shared: data_types.iter().filter(|t| !t.shared.is_empty()).count(),
        never_deleted: entities
            .iter()
            .filter(|e: &&EntityRow| e.deletion == "never")
            .count(),
        special_category: data_types.iter().filter(|t| t.special.is_some()).count(),
    };
    let risks = risks(&data_types, &entities);
    Inventory {
        version: 1,
        project: project.to_string(),
        summary,
        risks,
        data_types,
        entities,
        third_parties,
    }
}

impl TypeRow {
    /// Its sites under the headings every format shows them with, in order.
    pub fn sites(&self) -> [(&'static str, &[Site]); 6] {
        [
            ("Collected", &self.collected),
            ("Stored", &self.stored),
            ("Shared with", &self.shared),
            ("Deleted", &self.deleted),
            ("Not deleted", &self.not_deleted),
            ("Retention", &self.retention),
        ]
    }
}

fn type_row<'a>(
    types: &'a mut BTreeMap<String, TypeRow>,
    classifier: &Classifier,
    id: &str,
) -> &'a mut TypeRow {
    types.entry(id.to_string()).or_insert_with(|| {
        let def = classifier.taxonomy.types.iter().find(|t| t.id == id);
        TypeRow {
            id: id.to_string(),
            name: def.map_or_else(|| id.to_string(), |d| d.name.clone()),
            fides: def.map(|d| d.fides.clone()).unwrap_or_default(),
            sensitivity: def.map_or("low", |d| d.sensitivity.as_str()),
            special: def.and_then(|d| d.special_article()),
            collected: Vec::new(),
            stored: Vec::new(),
            logged: Vec::new(),
            shared: Vec::new(),
            deleted: Vec::new(),
            not_deleted: Vec::new(),
            retention: Vec::new(),
            rank: def.map_or(Sensitivity::Low, |d| d.sensitivity),
        }
    })
}

/// Entities with personal fields (test code left out), their erasure, and each field's data
/// type's collected/stored/deleted/retention sites.
fn entity_rows(
    kept: &mut KeptIndex,
    classifier: &Classifier,
    config: &RepoRuleConfig,
    types: &mut BTreeMap<String, TypeRow>,
    out: &mut Vec<EntityRow>,
) {
    let files = std::mem::take(&mut kept.files);
    {
        let index = RepoIndex::new(&files);
        let ctx = RepoContext {
            files: &files,
            index: &index,
            classifier,
            config,
        };
        let fates = erasures(&ctx);
        let mut at = |p: Place| Loc {
            path: files[p.file].path.clone(),
            line: kept.line(p.file, p.span),
        };
        for e in &index.entities {
            if is_test_path(&files[e.file].path) || e.entity.is_abstract {
                continue;
            }
            // A table a model of the code already declares (a migration of a Prisma model,
            // the `CREATE TABLE` of a SQLAlchemy class) is that entity, not another one.
            if e.entity.framework == crate::facts::Framework::SqlTable
                && index.entities.iter().any(|x| {
                    x.entity.framework != crate::facts::Framework::SqlTable
                        && x.entity.framework.persisted()
                        && (x.answers_to(&e.entity.name) || e.answers_to(&x.entity.name))
                })
            {
                continue;
            }
            let fate = fates.iter().find(|f| f.entity == e.place());
            let mut personal = personal_fields(classifier, e, false);
            // Personal by what fills them, as `missing-deletion` judged (`headers` filled
            // from `req.headers`).
            for (name, id) in fate.into_iter().flat_map(|f| &f.filled) {
                let data_type = classifier.taxonomy.get(id);
                personal.extend(data_type.and_then(|t| e.filled_field(name, t, None)));
            }
            if personal.is_empty() {
                continue;
            }
            let fw = e.entity.framework;
            let stored = fw.persisted() || fw.row_mapping();
            let collected = fw.collected();
            let kind = fw.label();
            let (deletion, deletion_at) = match fate.map(|f| &f.how) {
                Some(ErasureHow::Deleted(p, how)) => {
                    ("deleted", Some(Site::at(at(*p), how.clone())))
                }
                Some(ErasureHow::Cascade(parent, p)) => (
                    "cascade",
                    Some(Site::at(at(*p), format!("with its `{parent}`"))),
                ),
                Some(ErasureHow::SoftOnly(p, how)) => {
                    ("soft-delete only", Some(Site::at(at(*p), how.clone())))
                }
                Some(ErasureHow::Never) => ("never", None),
                // Collected only, or nothing personal the rule judges.
                None => ("", None),
            };
            // A payload's field is collected by the handler that reads it; a form's, schema's
            // or DTO's by every handler taking it.
            let takes = |h: &(Place, String, Span), field: Span| {
                e.entity.framework != crate::facts::Framework::RequestPayload
                    || (h.2.start <= field.start && field.end <= h.2.end)
            };
            let found: Vec<(Place, String, Span)> = if collected {
                handlers_of(&files, e)
                    .into_iter()
                    .filter(|h| personal.iter().any(|t| takes(h, t.field.span)))
                    .collect()
            } else {
                Vec::new()
            };
            let mut fields = Vec::new();
            for pf in &personal {
                let loc = at(pf.place());
                let site = Site::at(
                    loc.clone(),
                    format!("{}.{} ({kind})", e.entity.name, pf.field.name),
                );
                let row = type_row(types, classifier, &pf.data_type.id);
                if collected {
                    let via = found
                        .iter()
                        .filter(|h| takes(h, pf.field.span))
                        .map(|h| h.1.clone())
                        .collect();
                    row.collected.push(Site {
                        via,
                        ..site.clone()
                    });
                }
                if stored {
                    row.stored.push(site.clone());
                    if matches!(deletion, "never" | "soft-delete only") {
                        row.not_deleted.push(site.clone());
                    }
                    if let Some(d) = deletion_at
                        .as_ref()
                        .filter(|_| deletion != "soft-delete only")
                    {
                        let what = format!("{}: {}", e.entity.name, d.what);
                        let erased = Site::at(d.loc.clone(), what);
                        let expiry = d.what.contains("expire") || d.what.contains("TTL");
                        if expiry {
                            row.retention.push(erased.clone());
                        }
                        row.deleted.push(erased);
                    }
                    if let Some(span) = e.entity.expires {
                        row.retention.push(Site::at(
                            at(Place { file: e.file, span }),
                            format!("{}: rows expire", e.entity.name),
                        ));
                    }
                }
                fields.push(Field {
                    name: pf.field.name.clone(),
                    data_type: pf.data_type.id.clone(),
                    loc,
                });
            }
            let handlers: Vec<Site> = found
                .into_iter()
                .map(|(p, what, _)| Site::at(at(p), what))
                .collect();
            let mut related: Vec<String> =
                e.entity.links.iter().map(|l| l.target.clone()).collect();
            related.sort();
            related.dedup();
            out.push(EntityRow {
                name: e.entity.name.clone(),
                kind,
                loc: at(e.place()),
                collected,
                stored,
                table: e.entity.table.clone().filter(|t| *t != e.entity.name),
                fields,
                deletion,
                deletion_at,
                related,
                handlers,
            });
        }
    }
    kept.files = files;
    out.sort_by(|a, b| (&a.loc, &a.name).cmp(&(&b.loc, &b.name)));
}

/// The handlers that take entity `e` as request input, by where they are and how they are
/// named (`POST /signup (signup)`): a request payload by the handlers of its file that read
/// it, a form, schema or DTO by those whose input it is (same language family); a route
/// registered apart (`.route("/x", post(f))`) names a handler that has none of its own.
fn handlers_of(
    files: &[crate::facts::RepoFile],
    e: &crate::repo_index::IndexedEntity,
) -> Vec<(Place, String, Span)> {
    let fam = files[e.file].language.family();
    let payload = e.entity.framework == crate::facts::Framework::RequestPayload;
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if f.language.family() != fam || (payload && i != e.file) {
            continue;
        }
        for h in &f.models.handlers {
            let takes = if payload {
                h.inputs.iter().any(|x| x == crate::facts::PAYLOAD)
            } else {
                h.inputs.contains(&e.entity.name)
            };
            if !takes {
                continue;
            }
            // A resource class's route serves its verb methods: `Unsubscribe.post` at
            // `add_resource(Unsubscribe, "/unsubscribe")` is `POST /unsubscribe`.
            let (class, verb) = h.function.rsplit_once('.').unwrap_or(("", ""));
            let route = h.route.clone().or_else(|| {
                files
                    .iter()
                    .filter(|g| g.language.family() == fam)
                    .flat_map(|g| &g.models.route_bindings)
                    .find_map(|b| {
                        if b.function == h.function {
                            Some(b.route.clone())
                        } else if b.function == class && crate::facts::is_route_method(verb) {
                            Some(crate::facts::route(verb, &b.route))
                        } else {
                            None
                        }
                    })
            });
            let what = match route {
                Some(r) if h.function.is_empty() => r,
                Some(r) => format!("{r} ({})", h.function),
                None => format!("{}()", h.function),
            };
            out.push((
                Place {
                    file: i,
                    span: h.span,
                },
                what,
                h.body,
            ));
        }
    }
    out
}

/// The riskiest items first: special-category data collected or stored, credentials and
/// card data in logs, personal data sent to third parties, entities never deleted.
fn risks(types: &[TypeRow], entities: &[EntityRow]) -> Vec<Risk> {
    let mut out = Vec::new();
    for t in types {
        if let Some(art) = t.special {
            for s in t.collected.iter().chain(&t.stored) {
                out.push(Risk {
                    level: "high",
                    text: format!(
                        "special-category data (GDPR {art}): {} in {}",
                        t.name, s.what
                    ),
                    loc: s.loc.clone(),
                });
            }
        }
        if t.rank == Sensitivity::Critical {
            for l in t.logged.iter().filter(|l| !l.suppressed) {
                out.push(Risk {
                    level: "high",
                    text: format!("{} in a log: {}", t.name, l.what),
                    loc: l.loc.clone(),
                });
            }
        }
        for s in &t.shared {
            out.push(Risk {
                level: "medium",
                text: format!("{} sent to {}", t.name, s.what),
                loc: s.loc.clone(),
            });
        }
    }
    for e in entities.iter().filter(|e| e.deletion == "never") {
        out.push(Risk {
            level: "medium",
            text: format!(
                "{} `{}` stores {} and nothing deletes it",
                e.kind,
                e.name,
                e.fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            loc: e.loc.clone(),
        });
    }
    out.sort_by(|a, b| {
        (a.level != "high", &a.loc, &a.text).cmp(&(b.level != "high", &b.loc, &b.text))
    });
    out.dedup_by(|a, b| a.loc == b.loc && a.text == b.text);
    out
}

/// `--format json`.
pub fn json(inv: &Inventory) -> String {
    let mut s = serde_json::to_string_pretty(inv).expect("serialisable");
    s.push('\n');
    s
}

/// A link to a place: relative to the report, or through `--source-url` (`{path}`, `{line}`).
pub fn href(loc: &Loc, source_url: Option<&str>) -> String {
    match source_url {
        Some(t) => t
            .replace("{path}", &loc.path)
            .replace("{line}", &loc.line.to_string()),
        None => loc.path.clone(),
    }
}
