//! SQLModel: a table when declared with `table=True` (an SQLAlchemy entity), otherwise a
//! Pydantic model.

use super::PyFramework;
use crate::facts::Framework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "sqlmodel",
    entity: Some(|c| {
        if !c.has_base(&["SQLModel"]) {
            return None;
        }
        let t = c.t(c.node);
        Some(if t.contains("table=True") || t.contains("table = True") {
            Framework::SqlAlchemy
        } else {
            Framework::Pydantic
        })
    }),
    own_bases: &["SQLModel"],
    ..PyFramework::NONE
};
