//! FastAPI: route parameters declared with `Form(…)`, `Query(…)`, `Body(…)`, `Header(…)` or
//! `Cookie(…)` are request keys collected from the user; the parameter's use in the code
//! reads them.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::PyFramework;
use crate::lang::python::models::Models;
use crate::lang::ts::{named_children, span};

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "fastapi",
    in_file: Some(|src| src.contains("fastapi")),
    function: Some(function),
    ..PyFramework::NONE
};

/// `def signup(email: str = Form(...), phone: str | None = Form(None))`.
fn function<'a>(m: &mut Models<'a>, f: Node<'a>) {
    if !super::uses(m.present, "fastapi") {
        return;
    }
    let Some(params) = f.field("parameters") else {
        return;
    };
    for p in named_children(params)
        .filter(|p| matches!(p.kind_name(), "default_parameter" | "typed_default_parameter"))
    {
        let (Some(name), Some(value)) = (p.field("name"), p.field("value"))
        else {
            continue;
        };
        let callee = value
            .field("function")
            .filter(|_| value.kind_name() == "call")
            .map_or("", |c| m.t(c));
        let callee = callee.rsplit('.').next().unwrap_or(callee);
        if !matches!(callee, "Form" | "Query" | "Body" | "Header" | "Cookie") {
            continue;
        }
        let key = m.t(name);
        // The declaration is no use of the parameter; any later mention is.
        m.not_read.insert((name.start_byte(), name.end_byte()));
        m.payload.push((key, span(name)));
        m.payload_locals.push((key, key));
    }
}
