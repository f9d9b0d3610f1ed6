//! Zod object schemas: `z.object({ … })`, whatever is chained after it.

use super::JsFramework;
use crate::facts::Framework;

pub const FRAMEWORK: JsFramework = JsFramework {
    schema: Some(|m, call| {
        let t = m.t(call);
        (t.starts_with("z.object(") || t.starts_with("z\n"))
            .then(|| (Framework::Zod, m.first_object_arg(call, "object")))
    }),
    ..JsFramework::NONE
};
