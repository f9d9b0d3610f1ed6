//! NestJS: request DTO classes (validated, documented or named `…Dto`) and the parameter
//! decorators that bind a request body to a DTO type.

use super::{any, ClassKind, JsFramework};
use crate::facts::Framework;

pub const FRAMEWORK: JsFramework = JsFramework {
    class: Some(|c| {
        let validated = c
            .members
            .iter()
            .any(|(_, d)| d.iter().any(|(x, _)| any(|f| f.validator_decorators, x)));
        (validated
            || c.name.ends_with("Dto")
            || c.name.ends_with("DTO")
            || c.name.ends_with("Input") && !c.members.is_empty())
        .then_some(ClassKind::Entity(Framework::NestDto))
    }),
    body_decorators: &["@Body", "@Query", "@Args", "@Payload"],
    validator_decorators: &["ApiProperty", "ApiPropertyOptional", "Field"],
    ..JsFramework::NONE
};
