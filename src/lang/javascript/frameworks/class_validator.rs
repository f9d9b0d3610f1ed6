//! class-validator: its member decorators mark a class as validated request input.

use super::JsFramework;

pub const FRAMEWORK: JsFramework = JsFramework {
    validator_decorators: &[
        "IsEmail",
        "IsString",
        "IsNotEmpty",
        "IsOptional",
        "IsPhoneNumber",
        "IsDateString",
        "IsDate",
        "Length",
        "MaxLength",
        "MinLength",
        "Matches",
        "IsInt",
        "IsNumber",
        "IsBoolean",
        "IsEnum",
        "IsUUID",
        "IsPostalCode",
        "IsISO8601",
        "IsMobilePhone",
        "IsIn",
        "IsUrl",
    ],
    ..JsFramework::NONE
};
