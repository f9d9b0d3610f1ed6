//! SQL query builders: Knex `knex("users").where(…).del()` (the table comes from the
//! receiver chain), Kysely `db.deleteFrom("users")`, TypeORM's
//! `createQueryBuilder().delete().from(User)`.

use crate::lang::ts::NodeExt as _;
use super::{Call, JsFramework};
use crate::facts::{Deletion, DeletionKind, Target};
use crate::lang::javascript::models::Models;
use crate::lang::ts::{span, unquote};

pub const FRAMEWORK: JsFramework = JsFramework {
    delete_methods: &["del"],
    call: Some(builder_delete),
    ..JsFramework::NONE
};

fn builder_delete<'a>(m: &mut Models<'a>, c: &Call<'a>) {
    let target = match c.method {
        // Kysely: the table by its name.
        "deleteFrom" => c
            .arg(0)
            .filter(|a| a.kind_name() == "string")
            .map(|a| Target::Table(unquote(m.t(a)).to_string())),
        // TypeORM: `.delete().from(User)` / `.from("users")`.
        "from" if c.recv_txt.ends_with(".delete()") => c.arg(0).and_then(|a| match a.kind_name() {
            "identifier" => Some(Target::Entity(m.t(a).to_string())),
            "string" => Some(Target::Table(unquote(m.t(a)).to_string())),
            _ => None,
        }),
        _ => None,
    };
    if let Some(t) = target {
        m.facts.deletions.push(Deletion {
            target: t,
            kind: DeletionKind::Delete,
            span: span(c.node),
            how: format!("query builder `.{}()`", c.method),
            fields: Vec::new(),
        });
    }
}
