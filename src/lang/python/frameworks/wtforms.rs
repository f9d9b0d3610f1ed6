//! WTForms and Flask-WTF: a `FlaskForm` (or a `wtforms.Form` subclass) declares the fields a
//! user submits (`email = StringField(…)`); `form.email.data` reads one.

use super::PyFramework;
use crate::facts::Framework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "wtforms",
    in_file: Some(|src| src.contains("wtforms") || src.contains("flask_wtf")),
    entity: Some(|c| {
        let wtforms = super::uses(c.present, "wtforms");
        (wtforms
            && (c.has_base(&["FlaskForm", "Form", "BaseForm"])
                || c.bases.iter().any(|b| b.ends_with("Form")))
            && c.any_field_call(|callee| callee.ends_with("Field")))
        .then_some(Framework::WtForm)
    }),
    own_bases: &["FlaskForm", "Form", "BaseForm"],
    ..PyFramework::NONE
};
