//! Express: typed requests (`Request<{}, {}, SignupBody>`) and destructured `req.body`.

use super::JsFramework;

pub const FRAMEWORK: JsFramework = JsFramework {
    request_types: &[
        "Request",
        "TypedRequest",
        "TypedRequestBody",
        "RequestHandler",
    ],
    payload_sources: &["req.body", "request.body", "req.query", "request.query"],
    ..JsFramework::NONE
};
