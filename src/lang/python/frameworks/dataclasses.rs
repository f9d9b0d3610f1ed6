//! Standard-library (and Pydantic) dataclasses; `field(repr=False)` hides a field.

use super::PyFramework;
use crate::facts::Framework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "dataclasses",
    entity: Some(|c| {
        c.decorated(&[
            "dataclass",
            "dataclasses.dataclass",
            "pydantic.dataclasses.dataclass",
        ])
        .then_some(Framework::Dataclass)
    }),
    field_calls: &["field"],
    ..PyFramework::NONE
};
