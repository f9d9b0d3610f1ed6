//! Peewee models: `…Field` calls in a file that imports peewee, `Meta.table_name`,
//! `ForeignKeyField`, `delete_instance`.

use crate::lang::ts::NodeExt as _;
use super::{fk_link, FieldHook, PyFramework};
use crate::facts::Framework;
use crate::lang::ts::unquote;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "peewee",
    in_file: Some(|src| src.contains("peewee")),
    entity: Some(|c| {
        (c.file_uses("peewee") && c.any_field_call(|f| f.ends_with("Field")))
            .then_some(Framework::Peewee)
    }),
    entity_meta: Some(|c, e| {
        if let Some(v) = c.meta.get("table_name").filter(|v| v.kind_name() == "string") {
            e.table = Some(unquote(c.t(*v)).to_string());
        }
    }),
    field: Some(|f, e| {
        (f.last == "ForeignKeyField" && e.framework != Framework::SqlAlchemy).then(|| {
            fk_link(f, e);
            FieldHook::Done
        })
    }),
    delete_methods: &["delete_instance", "delete_by_id"],
    ..PyFramework::NONE
};
