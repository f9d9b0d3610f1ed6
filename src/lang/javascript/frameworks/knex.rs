//! Knex: `knex("users").where(…).del()` (the table comes from the receiver chain).

use super::JsFramework;

pub const FRAMEWORK: JsFramework = JsFramework {
    delete_methods: &["del"],
    ..JsFramework::NONE
};
