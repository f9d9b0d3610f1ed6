//! Yup object schemas: `yup.object({ … })`, `object().shape({ … })`.

use super::JsFramework;
use crate::facts::Framework;

pub const FRAMEWORK: JsFramework = JsFramework {
    schema: Some(|m, call| {
        let t = m.t(call);
        (t.starts_with("yup.object(")
            || t.starts_with("Yup.object(")
            || t.starts_with("object(") && t.contains(".shape(")
            || t.starts_with("yup.object().shape("))
        .then(|| {
            let obj = m
                .first_object_arg(call, "object")
                .or_else(|| m.first_object_arg(call, "shape"));
            (Framework::Yup, obj)
        })
    }),
    ..JsFramework::NONE
};
