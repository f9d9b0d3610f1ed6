//! Pydantic models (not where peewee, whose `BaseModel` is an ORM base, is in the file).

use super::PyFramework;
use crate::facts::Framework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "pydantic",
    entity: Some(|c| {
        (c.has_base(&["BaseModel", "GenericModel", "RootModel"]) && !c.file_uses("peewee"))
            .then_some(Framework::Pydantic)
    }),
    own_bases: &["BaseModel"],
    ..PyFramework::NONE
};
