//! Drizzle ORM: tables declared with `pgTable("users", { … })` (and the MySQL and SQLite
//! forms) named by their variable and stored under their first argument; `db.delete(users)`
//! deletes their rows.

use crate::lang::ts::NodeExt as _;
use super::{Call, JsFramework};
use crate::facts::{Deletion, DeletionKind, Framework, Target};
use crate::lang::javascript::models::Models;
use crate::lang::ts::span;

pub const FRAMEWORK: JsFramework = JsFramework {
    schema: Some(|m, call| {
        let f = call.field("function")?;
        let name = m.t(f);
        let name = name.rsplit('.').next().unwrap_or(name);
        matches!(name, "pgTable" | "mysqlTable" | "sqliteTable").then(|| {
            let obj = call
                .field("arguments")
                .and_then(|a| a.named_child(1))
                .filter(|o| o.kind_name() == "object");
            (Framework::Drizzle, obj)
        })
    }),
    call: Some(delete),
    ..JsFramework::NONE
};

/// `db.delete(users).where(eq(users.id, id))`, `tx.delete(users)`.
fn delete<'a>(m: &mut Models<'a>, c: &Call<'a>) {
    if c.method != "delete" || c.recv.is_none() {
        return;
    }
    let Some(table) = c.arg(0).filter(|a| a.kind_name() == "identifier") else {
        return;
    };
    // `map.delete(key)` is no table delete: only a database handle's, where Drizzle is used.
    let handle = c.recv_txt.rsplit('.').next().unwrap_or(c.recv_txt);
    let is_db = matches!(
        handle,
        "db" | "tx" | "trx" | "database" | "drizzle" | "transaction" | "conn" | "connection"
    ) || handle.ends_with("Db")
        || handle.ends_with("_db");
    if !is_db || !m.src.contains("drizzle-orm") {
        return;
    }
    let t = m.t(table).to_string();
    m.facts.deletions.push(Deletion {
        target: Target::Name(t.clone()),
        kind: DeletionKind::Delete,
        span: span(c.node),
        how: format!("Drizzle `{}.delete({t})`", c.recv_txt),
        fields: Vec::new(),
    });
}
