//! JS/TS calls and assignments for the repository rules: registrations the frameworks read
//! (`mongoose.model`, `User.init`), whole-object uses, plumbing copies into storage, calls of
//! delete helpers, and deletion evidence (deletes, soft deletes, anonymising updates).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::frameworks::{self, Call, REGISTRY};
use super::models::Models;
use crate::facts::{Deletion, DeletionKind, Target};
use crate::lang::ts::{named_children, span, unquote};

/// Deleting methods of any data layer; each framework adds its own (`destroy`).
const DELETE_METHODS: &[&str] = &[
    "delete",
    "deleteById",
    "deleteAll",
    "purge",
    "erase",
    "hardDelete",
];
const SOFT_METHODS: &[&str] = &["softDeleteById", "archive"];
const UPDATE_METHODS: &[&str] = &["update", "upsert", "save"];
/// Methods that write their object argument into a record.
pub(super) const STORE_CALLS: &[&str] = &[
    "create",
    "createMany",
    "insert",
    "insertOne",
    "insertMany",
    "save",
    "update",
    "updateOne",
    "upsert",
    "build",
    "bulkCreate",
    "findOrCreate",
    "values",
    "set",
];

fn is_delete_method(m: &str) -> bool {
    DELETE_METHODS.contains(&m) || frameworks::any(|f| f.delete_methods, m)
}

fn is_soft_delete_method(m: &str) -> bool {
    SOFT_METHODS.contains(&m) || frameworks::any(|f| f.soft_delete_methods, m)
}

impl<'a> Models<'a> {
    pub(super) fn assignment(&mut self, n: Node<'a>) {
        let (Some(left), Some(right)) = (n.field("left"), n.field("right")) else {
            return;
        };
        if left.kind_name() != "member_expression" {
            return;
        }
        self.not_read.insert((left.start_byte(), left.end_byte()));
        let (Some(obj), Some(prop)) = (left.field("object"), left.field("property")) else {
            return;
        };
        let field = self.t(prop);
        if self.names_field(right, field) {
            self.not_read.insert((right.start_byte(), right.end_byte()));
        }
        let recv = self.t(obj);
        let recv = recv.rsplit('.').next().unwrap_or(recv).to_string();
        if crate::lang::sql::is_soft_delete_flag(field)
            && !matches!(right.kind_name(), "null" | "false" | "undefined")
        {
            self.facts.deletions.push(Deletion {
                target: Target::Name(recv.clone()),
                kind: DeletionKind::SoftDelete,
                span: span(n),
                how: format!("`{recv}.{field}` set"),
                fields: Vec::new(),
            });
        } else if self.is_blank(right) {
            let scope = self.scope(n);
            self.clears.clear(scope, recv, field, span(n));
        }
    }

    fn names_field(&self, v: Node, field: &str) -> bool {
        match v.kind_name() {
            "member_expression" => v.field("property").is_some_and(|p| self.t(p) == field),
            "subscript_expression" => v
                .field("index")
                .is_some_and(|i| i.kind_name() == "string" && unquote(self.t(i)) == field),
            _ => false,
        }
    }

    fn is_blank(&self, v: Node) -> bool {
        use crate::lang::anonymise::{anonymising_callee, blank_literal};
        match v.kind_name() {
            "null" | "undefined" => true,
            "string" | "template_string" => blank_literal(unquote(self.t(v))),
            "call_expression" => v
                .field("function")
                .is_some_and(|f| anonymising_callee(self.t(f))),
            _ => false,
        }
    }

    pub(super) fn new_expr(&mut self, n: Node<'a>) {
        let ctor = n.field("constructor").map_or("", |c| self.t(c));
        let args = n.field("arguments");
        let read = REGISTRY
            .iter()
            .any(|f| f.new_expr.is_some_and(|hook| hook(self, n, args)));
        if !read && ctor.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.plumbing(args);
        }
    }

    /// Object literals passed to a storing call: `{ phone: body.phone }` is a copy.
    fn plumbing(&mut self, args: Option<Node<'a>>) {
        let Some(args) = args else {
            return;
        };
        let mut stack: Vec<Node<'a>> = named_children(args)
            .filter(|a| a.kind_name() == "object")
            .collect();
        while let Some(o) = stack.pop() {
            for p in named_children(o) {
                // `{ phone }`: the local copied into the same-named field.
                if p.kind_name() == "shorthand_property_identifier" {
                    self.not_read.insert((p.start_byte(), p.end_byte()));
                    continue;
                }
                let (Some(k), Some(v)) = (p.field("key"), p.field("value")) else {
                    continue;
                };
                let key = unquote(self.t(k));
                if self.names_field(v, key) {
                    self.not_read.insert((v.start_byte(), v.end_byte()));
                } else if v.kind_name() == "object"
                    && matches!(key, "data" | "$set" | "values" | "create" | "update")
                {
                    stack.push(v);
                }
            }
        }
    }

    pub(super) fn call(&mut self, n: Node<'a>) {
        let Some(func) = n.field("function") else {
            return;
        };
        let args = n.field("arguments");
        let arg = |i: usize| {
            args.and_then(|a| {
                named_children(a)
                    .filter(|c| c.kind_name() != "comment")
                    .nth(i)
            })
        };
        let (recv, method) = match func.kind_name() {
            "member_expression" => (
                func.field("object"),
                func.field("property").map_or("", |p| self.t(p)),
            ),
            "identifier" => (None, self.t(func)),
            _ => return,
        };
        let recv_txt = recv.map_or("", |r| self.t(r));
        let sp = span(n);
        let call = Call {
            node: n,
            recv,
            recv_txt,
            method,
            args,
        };
        for f in REGISTRY {
            if let Some(hook) = f.call {
                hook(self, &call);
            }
        }
        // Whole-object uses.
        match (recv_txt, method) {
            ("JSON", "stringify")
            | ("Object", "assign")
            | ("Object", "entries")
            | ("Object", "keys")
            | ("Object", "values")
            | ("_", "pick") => {
                self.whole(arg(if method == "assign" { 1 } else { 0 }));
            }
            (_, "json" | "send" | "jsonp" | "render") if recv.is_some() => {
                self.whole(arg(if method == "render" { 1 } else { 0 }))
            }
            (_, "toJSON" | "toObject" | "get")
                if args.is_some_and(|a| a.named_child_count() == 0) =>
            {
                self.whole(recv)
            }
            _ => {}
        }
        // Reads by constant key: `.get("phone")` (Sequelize, Map-like), `_.get(x, "phone")`.
        if method == "get" {
            if let Some(k) =
                arg(if recv_txt == "_" { 1 } else { 0 }).filter(|k| k.kind_name() == "string")
            {
                self.reads.insert(unquote(self.t(k)));
            }
        }
        if STORE_CALLS.contains(&method) || method.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.plumbing(args);
        }
        if matches!(method, "save" | "update" | "$save")
            && args.is_some_and(|a| a.named_child_count() == 0)
            || method == "save"
        {
            let scope = self.scope(n);
            let r = recv_txt.rsplit('.').next().unwrap_or(recv_txt).to_string();
            self.clears.save(scope, r);
        }
        // Calls of delete helpers, matched with their definitions in the rule.
        if crate::facts::names_deletion(method) && !is_delete_method(method) {
            let args: Vec<String> = args
                .map(|a| {
                    named_children(a)
                        .filter(|c| c.kind_name() != "comment")
                        .map(|c| match c.kind_name() {
                            "identifier" => {
                                let t = self.t(c);
                                self.module_alias.get(t).copied().unwrap_or(t).to_string()
                            }
                            "member_expression" => c
                                .field("property")
                                .map_or(String::new(), |p| self.t(p).to_string()),
                            _ => String::new(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            if args.iter().any(|a| !a.is_empty()) {
                self.facts.helper_calls.push(crate::facts::HelperCall {
                    callee: method.to_string(),
                    args,
                    span: sp,
                });
            }
        }
        // Deletion evidence.
        let Some(recv) = recv else {
            return;
        };
        if is_delete_method(method) || is_soft_delete_method(method) {
            let Some(target) = self.chain_target(recv, arg(0)) else {
                return;
            };
            // A deleted parameter makes the function a delete helper; its name (`user` in
            // `removeUser(user)`) still says what is deleted, when it names an entity.
            if let Target::Name(n) = &target {
                self.param_deletion(sp.start as usize, n);
            }
            let target = match target {
                Target::Name(n) => match self.module_alias.get(n.as_str()) {
                    Some(m) => Target::Name(m.to_string()),
                    None => Target::Name(n),
                },
                t => t,
            };
            let kind = if is_soft_delete_method(method) {
                DeletionKind::SoftDelete
            } else {
                DeletionKind::Delete
            };
            self.facts.deletions.push(Deletion {
                target,
                kind,
                span: sp,
                how: format!("`.{method}()`"),
                fields: Vec::new(),
            });
        } else if UPDATE_METHODS.contains(&method) || frameworks::any(|f| f.update_methods, method)
        {
            let mut cleared = Vec::new();
            let mut soft = false;
            let mut stack: Vec<Node<'a>> = args
                .map(|a| {
                    named_children(a)
                        .filter(|x| x.kind_name() == "object")
                        .collect()
                })
                .unwrap_or_default();
            while let Some(o) = stack.pop() {
                for p in named_children(o).filter(|p| p.kind_name() == "pair") {
                    let (Some(k), Some(v)) = (p.field("key"), p.field("value")) else {
                        continue;
                    };
                    let key = unquote(self.t(k));
                    if v.kind_name() == "object" && matches!(key, "$set" | "data" | "$unset") {
                        stack.push(v);
                    } else if key != "where" && self.is_blank(v) {
                        cleared.push(key.to_string());
                    } else if crate::lang::sql::is_soft_delete_flag(key)
                        && !matches!(v.kind_name(), "null" | "false")
                    {
                        soft = true;
                    }
                }
            }
            if cleared.is_empty() && !soft {
                return;
            }
            let Some(target) = self.chain_target(recv, None) else {
                return;
            };
            if !cleared.is_empty() {
                self.facts.deletions.push(Deletion {
                    target,
                    kind: DeletionKind::Anonymise,
                    span: sp,
                    how: format!("`.{method}()` clearing personal fields"),
                    fields: cleared,
                });
            } else {
                self.facts.deletions.push(Deletion {
                    target,
                    kind: DeletionKind::SoftDelete,
                    span: sp,
                    how: format!("`.{method}()` setting a deletion flag"),
                    fields: Vec::new(),
                });
            }
        }
    }
}
