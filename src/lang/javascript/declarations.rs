//! JS/TS declarations for the repository rules: classes (entities, DTOs, body types) and
//! their members, interfaces and type aliases, object schemas bound to a variable, typed
//! requests and parameters, and what a typed binding stands for (`Repository<User>`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::frameworks::{self, ClassCx, ClassKind, Decorators, MemberCx, REGISTRY};
use super::models::Models;
use crate::facts::{Field, Framework, Target};
use crate::lang::ts::{named_children, span, unquote};

impl<'a> Models<'a> {
    pub(super) fn declarator(&mut self, n: Node<'a>) {
        let (Some(name), Some(value)) = (n.field("name"), n.field("value")) else {
            return;
        };
        if name.kind_name() == "object_pattern" {
            let source = self.t(value);
            if frameworks::any(|f| f.payload_sources, source) {
                let mut e = self.new_entity(source, Framework::RequestPayload, span(value));
                for c in named_children(name) {
                    let key = match c.kind_name() {
                        "shorthand_property_identifier_pattern" => Some(c),
                        "object_assignment_pattern" => c.field("left"),
                        "pair_pattern" => c.field("key"),
                        _ => None,
                    };
                    if let Some(k) = key {
                        e.fields.push(Field {
                            name: unquote(self.t(k)).to_string(),
                            span: span(k),
                            declared_type: None,
                            hidden: false,
                        });
                    }
                }
                if !e.fields.is_empty() {
                    self.facts.entities.push(e);
                }
            }
            return;
        }
        if name.kind_name() != "identifier" {
            return;
        }
        let var = self.t(name);
        if let Some(ty) = n.field("type") {
            let t = self.t(ty).trim_start_matches(':').trim();
            if t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.var_entity.insert(var, t.to_string());
            }
        }
        let mut inner = if value.kind_name() == "await_expression" {
            value.named_child(0).unwrap_or(value)
        } else {
            value
        };
        // `User.findById(id).lean()`, `.exec()`, `.populate(…)`: still the finder's document.
        while let Some(query) = inner
            .field("function")
            .filter(|f| f.kind_name() == "member_expression")
            .filter(|f| {
                f.field("property").is_some_and(|p| {
                    matches!(
                        self.t(p),
                        "lean" | "exec" | "populate" | "orFail" | "sort" | "limit" | "skip"
                    )
                })
            })
            .and_then(|f| f.field("object"))
            .filter(|o| o.kind_name() == "call_expression")
        {
            inner = query;
        }
        match inner.kind_name() {
            "new_expression" => {
                if let Some(c) = inner
                    .field("constructor")
                    .filter(|c| c.kind_name() == "identifier")
                {
                    self.var_entity.insert(var, self.t(c).to_string());
                }
            }
            "call_expression" => {
                let finder = inner
                    .field("function")
                    .and_then(|f| f.field("property"))
                    .is_some_and(|p| {
                        let p = self.t(p);
                        p.starts_with("find") || p == "create" || p == "get" || p == "upsert"
                    });
                match self.chain_target(inner, None) {
                    Some(Target::Entity(e)) if finder => {
                        self.var_entity.insert(var, e);
                    }
                    Some(Target::Name(n)) if finder => {
                        self.var_entity.insert(var, n);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        if value.kind_name() == "call_expression"
            && value
                .field("function")
                .is_some_and(|f| self.t(f) == "require")
        {
            if let Some(m) = value
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|m| m.kind_name() == "string")
            {
                let path = unquote(self.t(m));
                let base = path.rsplit('/').next().unwrap_or(path);
                self.module_alias
                    .insert(var, base.split('.').next().unwrap_or(base));
            }
        }
        let value = if value.kind_name() == "await_expression" {
            value.named_child(0).unwrap_or(value)
        } else {
            value
        };
        if value.kind_name() != "call_expression" {
            return;
        }
        // Object schemas (Zod, Yup, Joi): the whole chain's innermost `object({...})`.
        let Some((framework, obj)) = REGISTRY
            .iter()
            .find_map(|f| f.schema.and_then(|schema| schema(self, value)))
        else {
            return;
        };
        let Some(obj) = obj else {
            return;
        };
        let mut e = self.new_entity(var, framework, span(name));
        // A stored schema's first argument, when a string, is its storage name
        // (`pgTable("users", {…})`).
        if framework.persisted() {
            e.table = value
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|a| a.kind_name() == "string")
                .map(|a| unquote(self.t(a)).to_string());
        }
        self.object_fields(obj, &mut e);
        if !e.fields.is_empty() {
            self.facts.entities.push(e);
        }
    }

    /// The first object literal passed to a call named `method` inside a call chain.
    pub fn first_object_arg(&self, call: Node<'a>, method: &str) -> Option<Node<'a>> {
        let mut cur = call;
        let mut found = None;
        loop {
            if cur.kind_name() != "call_expression" {
                return found;
            }
            let f = cur.field("function")?;
            let m = match f.kind_name() {
                "member_expression" => f.field("property").map_or("", |p| self.t(p)),
                _ => self.t(f),
            };
            if m == method {
                if let Some(o) = cur
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|o| o.kind_name() == "object")
                {
                    found = Some(o);
                }
            }
            cur = match f.kind_name() {
                "member_expression" => f.field("object")?,
                _ => return found,
            };
        }
    }

    fn decorators(&self, n: Node<'a>) -> Decorators<'a> {
        let mut out = Vec::new();
        let mut push = |d: Node<'a>| {
            let inner = d.named_child(0);
            let (name, args) = match inner {
                Some(c) if c.kind_name() == "call_expression" => (
                    c.field("function").map_or("", |f| self.t(f)),
                    c.field("arguments"),
                ),
                Some(c) => (self.t(c), None),
                None => ("", None),
            };
            out.push((name.rsplit('.').next().unwrap_or(name).to_string(), args));
        };
        for c in named_children(n).filter(|c| c.kind_name() == "decorator") {
            push(c);
        }
        if let Some(p) = n.parent().filter(|p| p.kind_name() == "export_statement") {
            for c in named_children(p).filter(|c| c.kind_name() == "decorator") {
                push(c);
            }
        }
        out
    }

    pub(super) fn class(&mut self, n: Node<'a>) {
        let (Some(name), Some(body)) = (n.field("name"), n.field("body")) else {
            return;
        };
        let mut members: Vec<(Node<'a>, Decorators<'a>)> = Vec::new();
        let mut custom_repr = false;
        for m in named_children(body) {
            match m.kind_name() {
                "public_field_definition" | "field_definition" => {
                    self.typed_binding(m);
                    let decs = self.decorators(m);
                    members.push((m, decs));
                }
                "method_definition"
                    if m.field("name").is_some_and(|x| {
                        matches!(self.t(x), "toJSON" | "toString" | "inspect")
                    }) =>
                {
                    custom_repr = true;
                }
                _ => {}
            }
        }
        let cx = ClassCx {
            src: self.src,
            name: self.t(name),
            decorators: self.decorators(n),
            heritage: named_children(n)
                .find(|c| c.kind_name() == "class_heritage")
                .map(|h| self.t(h))
                .unwrap_or(""),
            members,
        };
        let claimed = REGISTRY
            .iter()
            .find_map(|f| f.class.and_then(|claim| claim(&cx)).map(|k| (Some(*f), k)))
            .or_else(|| {
                REGISTRY.iter().find_map(|f| {
                    f.class_fallback
                        .and_then(|claim| claim(&cx))
                        .map(|k| (Some(*f), k))
                })
            });
        let (claimer, framework) = match claimed {
            Some((f, ClassKind::Entity(fw))) => (f, fw),
            Some((_, ClassKind::Nothing)) => return,
            // A plain class with declared fields: a shape like an interface. It counts as
            // collected only where it types a request body; logging an instance prints it.
            None if !cx.members.is_empty() => (None, Framework::TsBodyType),
            None => return,
        };
        let mut e = self.new_entity(cx.name, framework, span(name));
        e.custom_repr = custom_repr;
        if let Some(meta) = claimer.and_then(|f| f.entity_meta) {
            meta(&cx, &mut e);
        }
        let field_decorator = claimer.and_then(|f| f.field_decorator);
        for (m, decs) in &cx.members {
            let Some(prop) = m.field("name").or_else(|| m.field("property")) else {
                continue;
            };
            let member = MemberCx {
                src: self.src,
                node: *m,
                decorators: decs,
            };
            let mut not_a_field = false;
            for f in REGISTRY {
                if let Some(hook) = f.member {
                    if hook(&member, &mut e) {
                        not_a_field = true;
                        break;
                    }
                }
            }
            if not_a_field
                || field_decorator.is_some_and(|d| !decs.iter().any(|(x, _)| x.ends_with(d)))
            {
                continue;
            }
            e.fields.push(Field {
                name: self.t(prop).to_string(),
                span: span(prop),
                declared_type: m
                    .field("type")
                    .map(|t| self.t(t).trim_start_matches(':').trim().to_string()),
                // class-transformer's `@Exclude()` keeps it out of every serialisation.
                hidden: decs.iter().any(|(d, _)| d == "Exclude"),
            });
        }
        if !e.fields.is_empty() || !e.links.is_empty() {
            self.facts.entities.push(e);
        }
    }

    pub(super) fn type_entity(&mut self, name: Node<'a>, body: Node<'a>) {
        let mut e = self.new_entity(self.t(name), Framework::TsBodyType, span(name));
        for p in named_children(body).filter(|p| p.kind_name() == "property_signature") {
            if let Some(k) = p.field("name") {
                e.fields.push(Field {
                    name: unquote(self.t(k)).to_string(),
                    span: span(k),
                    declared_type: p
                        .field("type")
                        .map(|t| self.t(t).trim_start_matches(':').trim().to_string()),
                    hidden: false,
                });
            }
        }
        if !e.fields.is_empty() {
            self.facts.entities.push(e);
        }
    }

    pub(super) fn generic_type(&mut self, n: Node<'a>) {
        let name = n.field("name").map_or("", |x| self.t(x));
        let last = name.rsplit('.').next().unwrap_or(name);
        if !frameworks::any(|f| f.request_types, last) {
            return;
        }
        if let Some(args) = n
            .field("type_arguments")
            .or_else(|| named_children(n).find(|c| c.kind_name() == "type_arguments"))
        {
            if let Some(last) = named_children(args)
                .filter(|a| a.kind_name() == "type_identifier")
                .last()
            {
                self.request_types
                    .push((n.start_byte(), self.t(last).to_string()));
            }
            for a in named_children(args) {
                let t = self.t(a);
                if a.kind_name() == "type_identifier" {
                    self.facts.input_types.push(t.to_string());
                } else if a.kind_name() == "object_type" {
                    // `{ Body: SignupBody }` (Fastify).
                    for p in named_children(a) {
                        if let Some(ty) = p.field("type") {
                            self.facts
                                .input_types
                                .push(self.t(ty).trim_start_matches(':').trim().to_string());
                        }
                    }
                }
            }
        }
    }

    pub(super) fn parameter(&mut self, n: Node<'a>) {
        let decorated_body = named_children(n).any(|c| {
            c.kind_name() == "decorator" && {
                let t = self.t(c);
                REGISTRY
                    .iter()
                    .flat_map(|f| f.body_decorators)
                    .any(|d| t.starts_with(d))
            }
        });
        if decorated_body {
            if let Some(ty) = n.field("type") {
                self.facts
                    .input_types
                    .push(self.t(ty).trim_start_matches(':').trim().to_string());
            }
        }
        self.typed_binding(n);
    }

    /// `private repo: Repository<User>`: what the binding's name stands for.
    pub(super) fn typed_binding(&mut self, n: Node<'a>) {
        let (Some(name), Some(ty)) = (
            n.field("pattern").or_else(|| n.field("name")),
            n.field("type"),
        ) else {
            return;
        };
        let t = self.t(ty).trim_start_matches(':').trim();
        if t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.var_entity.insert(self.t(name), t.to_string());
        }
        for wrapper in REGISTRY.iter().flat_map(|f| f.model_wrappers) {
            if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix('>')) {
                self.typed.insert(self.t(name), inner.trim());
            }
        }
    }
}
