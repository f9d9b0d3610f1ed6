//! express-validator: each `body("email")`, `check("email")` or `query("email")` in a route's
//! middleware declares a request key collected from the user; `req.body.email`, a
//! destructuring or `matchedData(req)` reads it.

use crate::lang::ts::NodeExt as _;
use super::{Call, JsFramework};
use crate::facts::{Field, Framework};
use crate::lang::javascript::models::Models;
use crate::lang::ts::{span, unquote};

pub const FRAMEWORK: JsFramework = JsFramework {
    call: Some(call),
    ..JsFramework::NONE
};

/// The entity the keys gather in, one per file.
const NAME: &str = "express-validator";

fn call<'a>(m: &mut Models<'a>, c: &Call<'a>) {
    if c.recv.is_some() {
        return;
    }
    let validator = matches!(c.method, "body" | "check" | "query" | "param");
    if !(validator || c.method == "matchedData") || !m.src.contains("express-validator") {
        return;
    }
    if c.method == "matchedData" {
        m.facts.whole_uses.push(NAME.to_string());
        return;
    }
    let Some(k) = c.arg(0).filter(|k| k.kind_name() == "string") else {
        return;
    };
    let key = unquote(m.t(k));
    // `body("address.city")`: the top-level key is what is collected.
    let key = key.split(['.', '[']).next().unwrap_or(key);
    if key.is_empty() || key == "*" {
        return;
    }
    let at = span(k);
    let i = match m
        .facts
        .entities
        .iter()
        .position(|e| e.name == NAME && e.framework == Framework::RequestPayload)
    {
        Some(i) => i,
        None => {
            m.facts
                .entities
                .push(m.new_entity(NAME, Framework::RequestPayload, at));
            m.facts.entities.len() - 1
        }
    };
    let e = &mut m.facts.entities[i];
    if !e.fields.iter().any(|f| f.name == key) {
        e.fields.push(Field {
            name: key.to_string(),
            span: at,
            declared_type: None,
            hidden: false,
        });
    }
}
