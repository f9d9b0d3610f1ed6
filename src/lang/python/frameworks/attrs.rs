//! attrs classes, old (`@attr.s`, `attr.ib()`) and new (`@define`, `@frozen`).

use super::PyFramework;
use crate::facts::Framework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "attrs",
    entity: Some(|c| {
        c.decorated(&[
            "attr.s",
            "attrs",
            "attr.attrs",
            "attr.define",
            "attrs.define",
            "define",
            "frozen",
            "attrs.frozen",
            "attr.frozen",
            "mutable",
            "attrs.mutable",
        ])
        .then_some(Framework::Attrs)
    }),
    field_calls: &["field", "ib", "attrib"],
    ..PyFramework::NONE
};
