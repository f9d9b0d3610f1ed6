//! SeaORM: `#[derive(DeriveEntityModel)]` models named by their `table_name`, and
//! `user::Entity::delete_by_id(…)` / `delete_many()` deletes.

use syn::spanned::Spanned;

use super::{table_name_in, Claim, RsFramework};
use crate::facts::{Deletion, DeletionKind, Framework, Target};
use crate::lang::rust::models::{span_of, Models};

pub const FRAMEWORK: RsFramework = RsFramework {
    structure: Some(|s| {
        s.derives("DeriveEntityModel").then(|| Claim {
            framework: Framework::SeaOrm,
            table: table_name_in(&s.attr("sea_orm")),
            named_by_table: true,
        })
    }),
    path: Some(entity_delete),
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
