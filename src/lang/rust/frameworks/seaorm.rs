//! SeaORM: entities in both formats, `#[derive(DeriveEntityModel)]` models named by their
//! `table_name`, and the expanded `DeriveModel` struct named by `fn table_name`; relations
//! from the `DeriveRelation` enum (`belongs_to`, `on_delete`); `user::Entity::delete_by_id(…)`
//! / `delete_many()` deletes.

use quote::ToTokens;
use syn::spanned::Spanned;

use super::{table_name_in, Claim, ItemRef, RsFramework};
use crate::facts::{Deletion, DeletionKind, Framework, Link, OnDelete, Target};
use crate::lang::rust::models::{attr_text, span_of, Models};

pub const FRAMEWORK: RsFramework = RsFramework {
    structure: Some(|s| {
        if s.derives("DeriveEntityModel") {
            return Some(Claim {
                framework: Framework::SeaOrm,
                table: table_name_in(&s.attr("sea_orm")),
                named_by_table: true,
            });
        }
        // The expanded format: named in `finish` once `fn table_name` has been seen.
        (s.derives("DeriveModel") || s.derives("DeriveActiveModel")).then_some(Claim {
            framework: Framework::SeaOrm,
            table: None,
            named_by_table: true,
        })
    }),
    path: Some(entity_delete),
    item: Some(item),
    finish: Some(finish),
    ..RsFramework::NONE
};

/// `user::Entity::delete_by_id(id)`: the module owning `Entity` names the table.
fn entity_delete(m: &mut Models, p: &syn::ExprPath, segs: &[String]) {
    let [owner_segs @ .., last] = segs else {
        return;
    };
    if owner_segs.is_empty() || !matches!(last.as_str(), "delete_by_id" | "delete_many") {
        return;
    }
    if let Some(o) = owner_segs.iter().rev().find(|s| *s != "Entity") {
        m.facts.deletions.push(Deletion {
            target: Target::Name(o.clone()),
            kind: DeletionKind::Delete,
            span: span_of(p.span()),
            how: format!("`{}`", segs.join("::")),
            fields: Vec::new(),
        });
    }
}

fn item(m: &mut Models, item: ItemRef) {
    match item {
        // `#[sea_orm(belongs_to = "super::user::Entity", on_delete = "Cascade")] User,`
        ItemRef::Enum(en) if attr_text(&en.attrs, "derive").contains("DeriveRelation") => {
            for v in &en.variants {
                let a = attr_text(&v.attrs, "sea_orm");
                let Some(target) = quoted_after(&a, "belongs_to") else {
                    continue;
                };
                let target = target
                    .split("::")
                    .filter(|s| !matches!(*s, "super" | "crate" | "self" | "Entity" | ""))
                    .last()
                    .unwrap_or("")
                    .to_string();
                let on_delete = match quoted_after(&a, "on_delete").as_deref() {
                    Some("Cascade") => OnDelete::Cascade,
                    Some("SetNull" | "SetDefault") => OnDelete::SetNull,
                    _ => OnDelete::Keep,
                };
                if !target.is_empty() {
                    m.pending_links.push(Link {
                        target,
                        on_delete,
                        from_parent: false,
                        span: span_of(v.ident.span()),
                    });
                }
            }
        }
        // `impl EntityName for Entity { fn table_name(&self) -> &str { "cake" } }`
        ItemRef::Impl(i) => {
            for it in &i.items {
                if let syn::ImplItem::Fn(f) = it {
                    if f.sig.ident == "table_name" {
                        let body = f.block.to_token_stream().to_string();
                        if let Some(t) = body.split('"').nth(1).filter(|t| !t.is_empty()) {
                            m.declared_table = Some(t.to_string());
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Names the expanded format's `Model` after its table (or drops it: a `Model` named by
/// nothing would answer to every other), and attaches the relations to the file's entity.
fn finish(m: &mut Models) {
    let table = m.declared_table.clone();
    m.facts.entities.retain_mut(|e| {
        if e.framework != Framework::SeaOrm || e.table.is_some() {
            return true;
        }
        match &table {
            Some(t) => {
                e.name = t.clone();
                e.table = Some(t.clone());
                true
            }
            None => false,
        }
    });
    let links = std::mem::take(&mut m.pending_links);
    let mut sea = m
        .facts
        .entities
        .iter_mut()
        .filter(|e| e.framework == Framework::SeaOrm);
    if let (Some(e), None) = (sea.next(), sea.next()) {
        e.links.extend(links);
    }
}

/// `key = "value"` in an attribute's text → `value`.
fn quoted_after(attr: &str, key: &str) -> Option<String> {
    let i = attr.find(key)?;
    let rest = attr[i + key.len()..].trim_start().strip_prefix('=')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}
