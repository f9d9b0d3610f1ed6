//! Python classes as the frameworks declare them: entities with their fields and links,
//! model bindings (serializers, model forms), and classes that delete what they serve.

use crate::lang::ts::NodeExt as _;
use std::collections::HashMap;

use tree_sitter::Node;

use super::frameworks::{self, ClassCx, FieldCx, FieldHook, REGISTRY};
use super::models::Models;
use crate::facts::{DeletionKind, Entity, Field, FieldSelection, ModelBinding, Target};
use crate::lang::ts::{named_children, span, unquote};

impl<'a> Models<'a> {
    pub(super) fn class(&mut self, n: Node<'a>, decorators: &[&str]) {
        let (Some(name), Some(body)) = (n.field("name"), n.field("body")) else {
            return;
        };
        let bases: Vec<&str> = n
            .field("superclasses")
            .map(|s| named_children(s).map(|b| self.t(b)).collect())
            .unwrap_or_default();
        let base_last: Vec<&str> = bases
            .iter()
            .map(|b| b.rsplit('.').next().unwrap_or(b))
            .collect();
        let mut meta: HashMap<&str, Node<'a>> = HashMap::new();
        let mut custom_repr = false;
        let mut repr_fields: Vec<String> = Vec::new();
        let mut stmts: Vec<Node<'a>> = Vec::new();
        for c in named_children(body) {
            match c.kind_name() {
                "class_definition" if c.field("name").map(|x| self.t(x)) == Some("Meta") => {
                    if let Some(mb) = c.field("body") {
                        for s in named_children(mb) {
                            if let Some(a) =
                                s.named_child(0).filter(|a| a.kind_name() == "assignment")
                            {
                                if let (Some(l), Some(r)) = (a.field("left"), a.field("right")) {
                                    meta.insert(self.t(l), r);
                                }
                            }
                        }
                    }
                }
                "function_definition" => {
                    let fname = c.field("name").map_or("", |x| self.t(x));
                    if matches!(fname, "__repr__" | "__str__") {
                        custom_repr = true;
                        // What it prints: the `self.x` it reads.
                        let mut stack = vec![c];
                        while let Some(x) = stack.pop() {
                            if x.kind_name() == "attribute"
                                && x.field("object").is_some_and(|o| self.t(o) == "self")
                            {
                                if let Some(a) = x.field("attribute") {
                                    repr_fields.push(self.t(a).to_string());
                                }
                            }
                            stack.extend(named_children(x));
                        }
                    }
                }
                "decorated_definition" => {}
                "expression_statement" => {
                    if let Some(a) = c.named_child(0).filter(|a| a.kind_name() == "assignment") {
                        stmts.push(a);
                    }
                }
                _ => {}
            }
        }
        let cx = ClassCx {
            src: self.src,
            node: n,
            name,
            bases,
            base_last,
            decorators,
            meta,
            stmts,
            present: self.present,
        };
        // A model bound through `Meta.model` (serializers, model forms).
        let binding = REGISTRY
            .iter()
            .flat_map(|f| f.binding_bases)
            .filter(|(b, _)| cx.has_base(&[b]))
            .map(|(_, reads)| *reads)
            .reduce(|a, b| a || b);
        if let (Some(reads), Some(m)) = (binding, cx.meta.get("model")) {
            let model = self.t(*m).rsplit('.').next().unwrap_or("").to_string();
            let fields = match (cx.meta.get("fields"), cx.meta.get("exclude")) {
                (Some(f), _) if f.kind_name() == "string" => FieldSelection::All,
                (Some(f), _) => FieldSelection::Only(self.string_list(*f)),
                (None, Some(x)) => FieldSelection::Exclude(self.string_list(*x)),
                (None, None) => FieldSelection::All,
            };
            self.facts.bindings.push(ModelBinding {
                model,
                fields,
                reads,
                span: span(name),
            });
        }
        self.deleting_class(&cx);
        let mut no_entity = false;
        for f in REGISTRY {
            if let Some(hook) = f.class {
                no_entity |= hook(self, &cx);
            }
        }
        if no_entity {
            return;
        }
        let framework = REGISTRY
            .iter()
            .find_map(|f| f.entity.and_then(|claim| claim(&cx)))
            .or_else(|| {
                REGISTRY
                    .iter()
                    .find_map(|f| f.entity_by_fields.and_then(|claim| claim(&cx)))
            });
        let Some(framework) = framework else {
            return;
        };
        let mut e = Entity {
            bases: cx
                .base_last
                .iter()
                .filter(|b| **b != "object" && !frameworks::any(|f| f.own_bases, b))
                .map(|b| b.to_string())
                .collect(),
            custom_repr,
            repr_fields,
            ..Entity::new(self.t(name), framework, span(name))
        };
        for f in REGISTRY {
            if let Some(meta) = f.entity_meta {
                meta(&cx, &mut e);
            }
        }
        for a in &cx.stmts {
            self.class_field(*a, &mut e);
        }
        if e.fields.is_empty() && e.links.is_empty() && e.bases.is_empty() {
            return;
        }
        self.facts.entities.push(e);
    }

    /// Views and admin classes that delete the model they serve.
    fn deleting_class(&mut self, cx: &ClassCx<'a, '_>) {
        let deleting_view = REGISTRY.iter().any(|f| cx.has_base(f.deleting_bases));
        let decorator = cx.decorators.iter().find_map(|d| {
            let d = d.trim_start_matches('@');
            REGISTRY
                .iter()
                .flat_map(|f| f.deleting_decorators)
                .find(|(prefix, _)| d.starts_with(prefix))
                .map(|(_, how)| (d, *how))
        });
        if !deleting_view && decorator.is_none() {
            return;
        }
        let model = decorator
            .and_then(|(d, _)| d.split(['(', ',', ')']).nth(1))
            .map(|m| m.trim().rsplit('.').next().unwrap_or("").to_string())
            .or_else(|| {
                cx.stmts.iter().find_map(|a| {
                    let l = self.t(a.field("left")?);
                    let r = a.field("right")?;
                    match l {
                        "model" => Some(self.t(r).rsplit('.').next()?.to_string()),
                        "queryset" => match self.chain_target(r)? {
                            Target::Entity(e) => Some(e),
                            _ => None,
                        },
                        _ => None,
                    }
                })
            });
        if let Some(m) = model.filter(|m| !m.is_empty()) {
            let how = match decorator {
                Some((_, how)) => how.to_string(),
                None => format!("a deleting view (`{}`)", cx.bases.join(", ")),
            };
            self.push_deletion(Target::Entity(m), DeletionKind::Delete, span(cx.name), how);
        }
    }

    fn string_list(&self, n: Node) -> Vec<String> {
        named_children(n)
            .filter(|c| c.kind_name() == "string")
            .map(|c| unquote(self.t(c)).to_string())
            .collect()
    }

    fn class_field(&mut self, a: Node<'a>, e: &mut Entity) {
        let Some(left) = a.field("left").filter(|l| l.kind_name() == "identifier") else {
            return;
        };
        let name = self.t(left);
        if name.starts_with("__") || name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            return;
        }
        let right = a.field("right");
        let call = right.filter(|r| r.kind_name() == "call");
        let callee = call
            .and_then(|c| c.field("function"))
            .map(|f| self.t(f))
            .unwrap_or("");
        let f = FieldCx {
            src: self.src,
            assignment: a,
            annotation: a.field("type").map(|t| self.t(t)),
            callee,
            last: callee.rsplit('.').next().unwrap_or(callee),
            args: call.and_then(|c| c.field("arguments")),
        };
        let mut typed = None;
        for fw in REGISTRY {
            match fw.field.and_then(|hook| hook(&f, e)) {
                Some(FieldHook::Done) => return,
                Some(FieldHook::Typed(t)) => {
                    typed = Some(t);
                    break;
                }
                None => {}
            }
        }
        let field_like = f.annotation.is_some()
            || f.last.ends_with("Field")
            || frameworks::any(|fw| fw.field_calls, f.last);
        if !field_like {
            return;
        }
        let declared = typed.unwrap_or_else(|| {
            f.annotation
                .map(str::to_string)
                .or_else(|| (!f.last.is_empty()).then(|| f.last.to_string()))
        });
        let hidden = f.kwarg("repr").is_some_and(|v| self.t(v) == "False")
            || f.annotation.is_some_and(|t| t.contains("Secret"));
        e.fields.push(Field {
            name: name.to_string(),
            span: span(left),
            declared_type: declared,
            hidden,
        });
    }
}
