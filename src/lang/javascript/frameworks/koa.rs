//! Koa: the request body a handler destructures.

use super::JsFramework;

pub const FRAMEWORK: JsFramework = JsFramework {
    payload_sources: &["ctx.request.body"],
    ..JsFramework::NONE
};
