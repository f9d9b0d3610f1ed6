//! Next.js API routes: `NextApiRequest<…>`.

use super::JsFramework;

pub const FRAMEWORK: JsFramework = JsFramework {
    request_types: &["NextApiRequest"],
    ..JsFramework::NONE
};
