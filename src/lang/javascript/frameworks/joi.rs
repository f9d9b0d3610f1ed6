//! Joi object schemas: `Joi.object({ … })`, `Joi.object().keys({ … })`.

use super::JsFramework;
use crate::facts::Framework;

pub const FRAMEWORK: JsFramework = JsFramework {
    schema: Some(|m, call| {
        let t = m.t(call);
        (t.starts_with("Joi.object(")
            || t.starts_with("joi.object(")
            || t.starts_with("Joi.object().keys("))
        .then(|| {
            let obj = m
                .first_object_arg(call, "object")
                .or_else(|| m.first_object_arg(call, "keys"));
            (Framework::Joi, obj)
        })
    }),
    ..JsFramework::NONE
};
