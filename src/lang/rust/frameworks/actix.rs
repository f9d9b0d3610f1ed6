//! actix-web: `web::Json<T>`, `web::Form<T>`, `web::Query<T>` extractors.

use super::RsFramework;

pub const FRAMEWORK: RsFramework = RsFramework {
    extractors: &["Json", "Form", "Query"],
    ..RsFramework::NONE
};
