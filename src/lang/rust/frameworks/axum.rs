//! axum (and axum-valid): extractors whose type parameter is deserialised from the request.

use super::RsFramework;

pub const FRAMEWORK: RsFramework = RsFramework {
    extractors: &[
        "Json",
        "Form",
        "Query",
        "Valid",
        "ValidatedJson",
        "ValidatedForm",
    ],
    ..RsFramework::NONE
};
