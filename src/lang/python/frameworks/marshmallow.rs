//! Marshmallow schemas: only `fields.…`/`ma.…` calls declare their fields.

use super::{FieldCx, FieldHook, PyFramework};
use crate::facts::{Entity, Framework};

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "marshmallow",
    entity: Some(|c| {
        (c.has_base(&[
            "Schema",
            "SQLAlchemySchema",
            "SQLAlchemyAutoSchema",
            "ModelSchema",
        ]) && c.any_field_call(is_field))
        .then_some(Framework::Marshmallow)
    }),
    own_bases: &["Schema"],
    field_calls: &[
        "Str", "String", "Email", "Int", "Integer", "Date", "DateTime", "Boolean", "Bool", "Float",
        "Decimal", "Nested", "List", "Url", "UUID", "IP", "Raw", "Dict",
    ],
    field: Some(field),
    ..PyFramework::NONE
};

fn is_field(callee: &str) -> bool {
    callee.starts_with("fields.") || callee.starts_with("ma.")
}

fn field(f: &FieldCx, e: &mut Entity) -> Option<FieldHook> {
    (e.framework == Framework::Marshmallow && !is_field(f.callee)).then_some(FieldHook::Done)
}
