//! Fastify: `FastifyRequest<{ Body: SignupBody }>`.

use super::JsFramework;

pub const FRAMEWORK: JsFramework = JsFramework {
    request_types: &["FastifyRequest"],
    ..JsFramework::NONE
};
