//! Mongoose: `new Schema({ … })` named after its `mongoose.model("User", schema)` (or
//! declared inline in it), `ref`
//! links, TTL indexes (`expires`, `expireAfterSeconds`), model deletes and updates.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::{pair_value, Call, JsFramework};
use crate::facts::Framework;
use crate::lang::javascript::models::Models;
use crate::lang::ts::{span, unquote};

pub const FRAMEWORK: JsFramework = JsFramework {
    new_expr: Some(schema),
    call: Some(call),
    finish: Some(finish),
    delete_methods: &[
        "deleteOne",
        "deleteMany",
        "findByIdAndDelete",
        "findOneAndDelete",
        "findByIdAndRemove",
        "findOneAndRemove",
        "remove",
    ],
    update_methods: &[
        "updateOne",
        "updateMany",
        "findByIdAndUpdate",
        "findOneAndUpdate",
    ],
    model_wrappers: &["Model<"],
    ..JsFramework::NONE
};

/// `const userSchema = new Schema({...}, { collection })`: named by the variable it is
/// assigned to, renamed after its model in [`finish`].
fn schema<'a>(m: &mut Models<'a>, n: Node<'a>, args: Option<Node<'a>>) -> bool {
    let ctor = n.field("constructor").map_or("", |c| m.t(c));
    if !matches!(ctor, "Schema" | "mongoose.Schema") {
        return false;
    }
    let Some(obj) = args
        .and_then(|a| a.named_child(0))
        .filter(|o| o.kind_name() == "object")
    else {
        return true;
    };
    let Some(var) = n
        .parent()
        .filter(|p| p.kind_name() == "variable_declarator")
        .and_then(|decl| decl.field("name"))
        .or_else(|| model_name(m, n))
    else {
        return true;
    };
    let name = unquote(m.t(var));
    let mut e = m.new_entity(name, Framework::Mongoose, span(var));
    m.object_fields(obj, &mut e);
    if let Some(opts) = args.and_then(|a| a.named_child(1)) {
        if let Some(c) = pair_value(m.src, opts, "collection") {
            e.table = Some(unquote(m.t(c)).to_string());
        }
    }
    m.facts.entities.push(e);
    true
}

/// `mongoose.model("User", new Schema({ … }))`: a schema declared inline is named by its
/// model, the string.
fn model_name<'a>(m: &Models<'a>, schema: Node<'a>) -> Option<Node<'a>> {
    let args = schema.parent().filter(|p| p.kind_name() == "arguments")?;
    let call = args.parent().filter(|c| c.kind_name() == "call_expression")?;
    let callee = m.t(call.field("function")?);
    let is_model = callee == "model" || callee.ends_with(".model");
    let mut w = args.walk();
    let mut given = args.named_children(&mut w).filter(|a| a.kind_name() != "comment");
    let name = given.next().filter(|a| a.kind_name() == "string")?;
    (is_model && given.next() == Some(schema)).then_some(name)
}

/// `mongoose.model("User", userSchema)` names a schema; `schema.index({…}, { expires })`
/// gives it a TTL.
fn call<'a>(m: &mut Models<'a>, c: &Call<'a>) {
    match c.method {
        "model"
            if c.recv_txt == "mongoose"
                || c.recv_txt == "connection"
                || c.recv_txt.ends_with(".model")
                || c.recv_txt == "db"
                || c.recv.is_none() =>
        {
            if let (Some(name), Some(s)) = (
                c.arg(0).filter(|a| a.kind_name() == "string"),
                c.arg(1).filter(|a| a.kind_name() == "identifier"),
            ) {
                m.schema_models
                    .insert(m.t(s), unquote(m.t(name)).to_string());
            }
        }
        "index" if c.recv.is_some_and(|r| r.kind_name() == "identifier") => {
            if let Some(opts) = c.arg(1) {
                if pair_value(m.src, opts, "expireAfterSeconds").is_some()
                    || pair_value(m.src, opts, "expires").is_some()
                {
                    m.ttl_schemas.insert(c.recv_txt, span(c.node));
                }
            }
        }
        _ => {}
    }
}

/// Schemas take their model's name (`userSchema` → `User` when no model names it) and
/// their TTL indexes.
fn finish(m: &mut Models) {
    for e in &mut m.facts.entities {
        if e.framework != Framework::Mongoose {
            continue;
        }
        let var = e.name.clone();
        if let Some(ttl) = m.ttl_schemas.get(var.as_str()) {
            e.expires = Some(*ttl);
        }
        if let Some(model) = m.schema_models.get(var.as_str()) {
            e.name = model.clone();
        } else if let Some(base) = var.strip_suffix("Schema").filter(|b| !b.is_empty()) {
            let mut c = base.chars();
            e.name = c
                .next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default();
        }
    }
}
