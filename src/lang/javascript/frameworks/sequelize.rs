//! Sequelize (and sequelize-typescript): `sequelize.define("User", {…}, options)`,
//! `User.init({…}, { tableName, paranoid })`, `class User extends Model` with `@Column`,
//! associations with `onDelete`, `destroy()`.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::{on_delete, pair_value, relation_link, Call, ClassKind, JsFramework};
use crate::facts::{Entity, Framework, Link, OnDelete};
use crate::lang::javascript::models::Models;
use crate::lang::ts::{span, unquote};

pub const FRAMEWORK: JsFramework = JsFramework {
    class: Some(|c| {
        (c.heritage.contains("Model")
            && (c.member_decorated(&["Column"]) || c.decorator(&["Table"]).is_some()))
        .then_some(ClassKind::Entity(Framework::Sequelize))
    }),
    // `class User extends Model {}` + `User.init({...})`: fields come from `init`.
    class_fallback: Some(|c| c.heritage.contains("Model").then_some(ClassKind::Nothing)),
    member: Some(|m, e| {
        if let Some((_, args)) = m.decorator(&["BelongsTo", "ForeignKey"]) {
            relation_link(m, *args, e);
            return true;
        }
        m.decorator(&["HasMany", "HasOne"]).is_some()
    }),
    call: Some(call),
    delete_methods: &["destroy"],
    model_wrappers: &["ModelStatic<", "ModelCtor<"],
    ..JsFramework::NONE
};

fn call<'a>(m: &mut Models<'a>, c: &Call<'a>) {
    match c.method {
        "define" if c.arg(0).is_some_and(|a| a.kind_name() == "string") => {
            if let (Some(name), Some(obj)) = (c.arg(0), c.arg(1).filter(|o| o.kind_name() == "object")) {
                let mut e = m.new_entity(unquote(m.t(name)), Framework::Sequelize, span(name));
                m.object_fields(obj, &mut e);
                options(m, c.arg(2), &mut e);
                m.facts.entities.push(e);
            }
        }
        "init"
            if c.recv.is_some_and(|r| r.kind_name() == "identifier")
                && c.recv_txt.starts_with(|ch: char| ch.is_ascii_uppercase()) =>
        {
            if let Some(obj) = c.arg(0).filter(|o| o.kind_name() == "object") {
                let at = span(c.recv.unwrap_or(c.node));
                let mut e = m.new_entity(c.recv_txt, Framework::Sequelize, at);
                m.object_fields(obj, &mut e);
                options(m, c.arg(1), &mut e);
                m.facts.entities.push(e);
            }
        }
        "belongsTo" | "hasMany" | "hasOne"
            if c.recv_txt.starts_with(|ch: char| ch.is_ascii_uppercase()) =>
        {
            if let Some(target) = c.arg(0) {
                let od = c
                    .arg(1)
                    .and_then(|o| pair_value(m.src, o, "onDelete"))
                    .map(|v| on_delete(m.t(v)))
                    .unwrap_or(OnDelete::Keep);
                m.facts.associations.push((
                    c.recv_txt.to_string(),
                    Link {
                        target: m.t(target).to_string(),
                        on_delete: od,
                        from_parent: c.method != "belongsTo",
                        span: span(c.node),
                    },
                ));
            }
        }
        _ => {}
    }
}

/// `{ tableName: "users", paranoid: true }`.
fn options(m: &Models, opts: Option<Node>, e: &mut Entity) {
    let Some(o) = opts else {
        return;
    };
    if let Some(t) = pair_value(m.src, o, "tableName") {
        e.table = Some(unquote(m.t(t)).to_string());
    }
    if pair_value(m.src, o, "paranoid").is_some_and(|v| m.t(v) == "true") {
        e.paranoid = true;
    }
}
