//! JavaScript/TypeScript data models for the repository rules, read during the front-end's
//! single walk: entities, field reads and deletion evidence. This file keeps the walk's state
//! and what every framework shares (reads, destructuring, object-literal fields, receiver
//! chains); `declarations.rs` and `calls.rs` read declarations and calls, asking
//! `frameworks/` what each one means (Mongoose, Sequelize, TypeORM, Nest, Zod, …).

use crate::lang::ts::NodeExt as _;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::frameworks::{self, on_delete, REGISTRY};
use crate::facts::{Entity, Field, Framework, Link, ModelFacts, OnDelete, Span, Target};
use crate::lang::ts::{named_children, span, text, unquote};

pub struct Models<'a> {
    pub(super) src: &'a str,
    /// The parent of the node being visited, from the walk (never `Node::parent()`).
    pub(super) parent: Option<tree_sitter::Node<'a>>,
    pub facts: ModelFacts,
    /// Field names read, deduplicated as the walk goes (most files read the same few).
    pub(super) reads: HashSet<&'a str>,
    pub(super) not_read: HashSet<(usize, usize)>,
    /// Names bound by destructuring (`const { phone } = req.body`): reads only if the local
    /// is used for more than a same-named copy.
    pub(super) destructured: Vec<(&'a str, &'a str)>,
    pub(super) identifiers: HashSet<&'a str>,
    /// Schema variable → model name (`mongoose.model("User", userSchema)`).
    pub(super) schema_models: HashMap<&'a str, String>,
    /// Schema variables with a TTL index.
    pub(super) ttl_schemas: HashMap<&'a str, Span>,
    pub(super) clears: crate::lang::anonymise::Clears,
    /// Enclosing functions, for grouping clears and saves per function.
    pub(super) scopes: crate::lang::ts::Scopes,
    /// Enclosing functions with their name and parameter names, for delete helpers.
    pub(super) fn_info: Vec<(usize, &'a str, Vec<&'a str>)>,
    /// `const model = require("../models/user")` → `user`: the module names the model.
    pub(super) module_alias: HashMap<&'a str, &'a str>,
    /// `repo: Repository<User>`, `userModel: Model<User>` → User.
    pub(super) typed: HashMap<&'a str, &'a str>,
    /// Locals known to hold a model instance: `const user = await User.findById(…)`,
    /// `user: User`.
    pub(super) var_entity: HashMap<&'a str, String>,
    /// Request body types by position (`req: Request<{}, {}, SignupBody>`).
    pub(super) request_types: Vec<(usize, String)>,
}

impl<'a> Models<'a> {
    pub fn new(src: &'a str) -> Models<'a> {
        Models {
            src,
            parent: None,
            facts: ModelFacts::default(),
            reads: HashSet::new(),
            not_read: HashSet::new(),
            destructured: Vec::new(),
            identifiers: HashSet::new(),
            schema_models: HashMap::new(),
            ttl_schemas: HashMap::new(),
            clears: Default::default(),
            scopes: Default::default(),
            fn_info: Vec::new(),
            module_alias: HashMap::new(),
            typed: HashMap::new(),
            var_entity: HashMap::new(),
            request_types: Vec::new(),
        }
    }

    pub(super) fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    /// The innermost function around `n` (its start byte + 1), 0 at module level.
    pub(super) fn scope(&mut self, n: Node) -> usize {
        self.scopes.enter(n, false);
        self.scopes.current()
    }

    pub fn visit(&mut self, n: Node<'a>) {
        match n.kind_name() {
            "function_declaration"
            | "function_expression"
            | "arrow_function"
            | "method_definition"
            | "function" => {
                self.scopes.enter(n, true);
                self.enter_function(n);
                super::handlers::function(self, n);
            }
            "class_body" => super::handlers::class_body(self, n, self.parent),
            // `Account.findOne({ username })`: the shorthand property uses the local too.
            "identifier" | "shorthand_property_identifier"
                if !self.destructured.is_empty()
                    && !self.not_read.contains(&(n.start_byte(), n.end_byte())) =>
            {
                self.identifiers.insert(self.t(n));
            }
            "member_expression" if !self.not_read.contains(&(n.start_byte(), n.end_byte())) => {
                if let Some(p) = n.field("property") {
                    self.reads.insert(self.t(p));
                }
            }
            "subscript_expression" if !self.not_read.contains(&(n.start_byte(), n.end_byte())) => {
                if let Some(i) = n.field("index").filter(|i| i.kind_name() == "string") {
                    self.reads.insert(unquote(self.t(i)));
                }
            }
            "object_pattern" => {
                for c in named_children(n) {
                    match c.kind_name() {
                        "shorthand_property_identifier_pattern" => {
                            self.destructured.push((self.t(c), self.t(c)))
                        }
                        "object_assignment_pattern" => {
                            if let Some(l) = c.field("left") {
                                self.destructured.push((self.t(l), self.t(l)));
                            }
                        }
                        "pair_pattern" => {
                            // `{ email: mail }`: `email` is read if `mail` is used.
                            if let (Some(k), Some(v)) = (c.field("key"), c.field("value")) {
                                let local = match v.kind_name() {
                                    "identifier" => Some(v),
                                    "assignment_pattern" => v.field("left"),
                                    _ => None,
                                };
                                // The binding itself is not a use of the local.
                                if let Some(l) = local {
                                    self.not_read.insert((l.start_byte(), l.end_byte()));
                                }
                                let local = local.map_or("", |l| self.t(l));
                                if local.is_empty() {
                                    self.reads.insert(unquote(self.t(k)));
                                } else {
                                    self.destructured.push((local, unquote(self.t(k))));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "array" => {
                for c in named_children(n).filter(|c| c.kind_name() == "string") {
                    let s = unquote(self.t(c)).trim_start_matches('-');
                    if !s.is_empty()
                        && s.len() < 64
                        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        self.reads.insert(s);
                    }
                }
            }
            "import_specifier" | "export_specifier" => {
                if let (Some(name), Some(alias)) = (n.field("name"), n.field("alias")) {
                    self.rename(self.t(alias), self.t(name));
                }
            }
            // `module.exports = { AddressModel: Address }`.
            "pair" => {
                if let (Some(k), Some(v)) = (n.field("key"), n.field("value")) {
                    if k.kind_name() == "property_identifier" && v.kind_name() == "identifier" {
                        self.rename(self.t(k), self.t(v));
                    }
                }
            }
            "spread_element" => {
                let inner = n.named_child(0);
                self.whole(inner);
            }
            "class_declaration" | "class" | "abstract_class_declaration" => self.class(n),
            "interface_declaration" => {
                if let (Some(name), Some(body)) = (n.field("name"), n.field("body")) {
                    self.type_entity(name, body);
                }
            }
            "type_alias_declaration" => {
                if let (Some(name), Some(v)) = (n.field("name"), n.field("value")) {
                    if v.kind_name() == "object_type" {
                        self.type_entity(name, v);
                    }
                }
            }
            "generic_type" => self.generic_type(n),
            "as_expression" | "satisfies_expression" => {
                let left = n.named_child(0).map(|l| self.t(l)).unwrap_or("");
                if left.ends_with(".body") || left.ends_with(".query") {
                    if let Some(ty) = n.named_child(1) {
                        self.facts.input_types.push(self.t(ty).to_string());
                    }
                }
            }
            "required_parameter" | "optional_parameter" => self.parameter(n),
            "variable_declarator" => self.declarator(n),
            "assignment_expression" => self.assignment(n),
            "call_expression" => {
                super::handlers::call(self, n);
                self.call(n)
            }
            "new_expression" => self.new_expr(n),
            "string_fragment" => {
                let s = self.t(n);
                if crate::lang::sql::worth_scanning(s) {
                    crate::lang::sql::scan_embedded(s, n.start_byte(), &mut self.facts);
                }
            }
            _ => {}
        }
    }

    /// A type-like name (capitalised) known under another: kept for the repository rules.
    fn rename(&mut self, alias: &str, original: &str) {
        let capital = |s: &str| s.starts_with(|c: char| c.is_ascii_uppercase());
        if alias != original && capital(alias) && capital(original) {
            self.facts
                .renames
                .push((alias.to_string(), original.to_string()));
        }
    }

    fn enter_function(&mut self, n: Node<'a>) {
        let start = n.start_byte();
        while self.fn_info.last().is_some_and(|f| start >= f.0) {
            self.fn_info.pop();
        }
        let name = n
            .field("name")
            .or_else(|| {
                self.parent
                    .filter(|p| matches!(p.kind_name(), "variable_declarator" | "pair"))
                    .and_then(|p| p.field("name").or_else(|| p.field("key")))
            })
            .map_or("", |x| self.t(x));
        let params: Vec<&'a str> = n
            .field("parameters")
            .map(|ps| {
                named_children(ps)
                    .map(|p| {
                        let p = match p.kind_name() {
                            "assignment_pattern" => p.field("left").unwrap_or(p),
                            "required_parameter" | "optional_parameter" => {
                                p.field("pattern").unwrap_or(p)
                            }
                            _ => p,
                        };
                        if p.kind_name() == "identifier" {
                            self.t(p)
                        } else {
                            ""
                        }
                    })
                    .collect()
            })
            .or_else(|| n.field("parameter").map(|p| vec![self.t(p)]))
            .unwrap_or_default();
        self.fn_info.push((n.end_byte(), name, params));
    }

    /// A deletion whose target is a parameter makes the function a delete helper.
    pub(super) fn param_deletion(&mut self, at: usize, name: &str) {
        while self.fn_info.last().is_some_and(|f| at >= f.0) {
            self.fn_info.pop();
        }
        // The nearest enclosing function with that parameter (callbacks sit in between).
        let Some((f, i)) = self
            .fn_info
            .iter()
            .rev()
            .find_map(|(_, f, params)| params.iter().position(|p| *p == name).map(|i| (*f, i)))
        else {
            return;
        };
        if !f.is_empty() {
            self.facts.deleting_params.push((f.to_string(), i));
        }
    }

    pub fn type_of(&self, name: &str, at: u32) -> Option<String> {
        if name == "<payload>" {
            return self
                .request_types
                .iter()
                .rev()
                .find(|(pos, _)| *pos < at as usize)
                .map(|(_, t)| t.clone());
        }
        // Passport deserialises the session's user record into `req.user`: the project's
        // user entity, resolved (or not) against the repository's entities.
        if name == "<user>" {
            return Some("user".to_string());
        }
        self.var_entity.get(name).cloned()
    }

    pub fn finish(mut self) -> ModelFacts {
        for (local, key) in std::mem::take(&mut self.destructured) {
            if self.identifiers.contains(local) {
                self.reads.insert(key);
            }
        }
        for f in REGISTRY {
            if let Some(finish) = f.finish {
                finish(&mut self);
            }
        }
        let clears = std::mem::take(&mut self.clears);
        self.facts
            .deletions
            .extend(clears.into_deletions(|r| Target::Name(r.to_string())));
        let mut f = self.facts;
        f.reads = self.reads.into_iter().map(str::to_string).collect();
        f.finish();
        f
    }

    pub(super) fn whole(&mut self, n: Option<Node<'a>>) {
        let Some(n) = n else {
            return;
        };
        let n = if n.kind_name() == "await_expression" {
            n.named_child(0).unwrap_or(n)
        } else {
            n
        };
        let name = match n.kind_name() {
            "identifier" => self.t(n),
            "member_expression" => n.field("property").map_or("", |p| self.t(p)),
            // `res.json(await Tx.find().lean())`: the documents a query returns, whole.
            "call_expression" => {
                // `.select("email fullName")`: only those fields come back.
                if let Some(fields) = self.selected_fields(n) {
                    for f in fields
                        .split([' ', ','])
                        .map(|f| f.trim_start_matches(['-', '+']))
                    {
                        if !f.is_empty() && !fields.contains(&format!("-{f}")) {
                            self.reads.insert(f);
                        }
                    }
                } else if let Some(t) = self.queried_documents(n) {
                    self.facts.whole_uses.push(t);
                }
                return;
            }
            _ => return,
        };
        if !name.is_empty() {
            self.facts.whole_uses.push(name.to_string());
        }
    }

    /// The field list of a Mongoose `.select("a b")` in a query chain.
    fn selected_fields(&self, mut call: Node<'a>) -> Option<&'a str> {
        loop {
            let f = call.field("function")?;
            if f.kind_name() != "member_expression" {
                return None;
            }
            let method = f.field("property").map_or("", |p| self.t(p));
            if method == "select" {
                let arg = call
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|a| a.kind_name() == "string")?;
                let s = unquote(self.t(arg));
                // An exclusion (`-password`) still returns everything else.
                return (!s.contains('-')).then_some(s);
            }
            call = f.field("object")?;
            if call.kind_name() != "call_expression" {
                return None;
            }
        }
    }

    /// The model whose documents a query chain returns (`Tx.find(…).lean()`,
    /// `prisma.user.findMany()`), `None` for counts and other scalars.
    fn queried_documents(&self, call: Node<'a>) -> Option<String> {
        let f = call.field("function")?;
        if f.kind_name() != "member_expression" {
            return None;
        }
        let method = f.field("property").map_or("", |p| self.t(p));
        let returns_documents = method.starts_with("find")
            || matches!(
                method,
                "lean" | "exec" | "populate" | "sort" | "limit" | "skip" | "toArray" | "select"
            );
        if !returns_documents {
            return None;
        }
        match self.chain_target(f.field("object")?, None)? {
            Target::Entity(e) | Target::Name(e) | Target::Table(e) => Some(e),
        }
    }

    pub(super) fn new_entity(&self, name: &str, framework: Framework, at: Span) -> Entity {
        Entity::new(name, framework, at)
    }

    pub(super) fn pair_value(&self, obj: Node<'a>, key: &str) -> Option<Node<'a>> {
        frameworks::pair_value(self.src, obj, key)
    }

    /// `{ email: String, phone: { type: String, expires: 3600 } }` → fields.
    pub(super) fn object_fields(&self, obj: Node<'a>, e: &mut Entity) {
        for c in named_children(obj) {
            let (key, value) = match c.kind_name() {
                "pair" => (c.field("key"), c.field("value")),
                "shorthand_property_identifier" => (Some(c), None),
                _ => continue,
            };
            let Some(key) = key else {
                continue;
            };
            let name = unquote(self.t(key));
            let ty = value.map(|v| {
                if v.kind_name() == "object" {
                    self.pair_value(v, "type").map_or("", |t| self.t(t))
                } else {
                    self.t(v)
                }
            });
            if let Some(v) = value.filter(|v| v.kind_name() == "object") {
                if let Some(x) = self.pair_value(v, "expires") {
                    e.expires = Some(span(x));
                }
                if let Some(r) = self.pair_value(v, "ref") {
                    e.links.push(Link {
                        target: unquote(self.t(r)).to_string(),
                        on_delete: OnDelete::Keep,
                        from_parent: false,
                        span: span(c),
                    });
                    continue;
                }
                if let Some(r) = self.pair_value(v, "references") {
                    let target = self
                        .pair_value(r, "model")
                        .map(|m| unquote(self.t(m)).to_string());
                    let od = self
                        .pair_value(v, "onDelete")
                        .map(|o| on_delete(self.t(o)))
                        .unwrap_or(OnDelete::Keep);
                    if let Some(target) = target {
                        e.links.push(Link {
                            target,
                            on_delete: od,
                            from_parent: false,
                            span: span(c),
                        });
                    }
                    continue;
                }
            }
            e.fields.push(Field {
                name: name.to_string(),
                span: span(key),
                declared_type: ty.map(|t| t.rsplit('.').next().unwrap_or(t).to_string()),
                hidden: false,
            });
        }
    }

    /// What a receiver chain is about: `User.deleteMany` → User, `prisma.user.delete` → user,
    /// `getRepository(User).delete` → User, `db.collection("users")` → users,
    /// `knex("users").del()` → users, `manager.delete(User, id)` → User.
    pub(super) fn chain_target(
        &self,
        mut r: Node<'a>,
        first_arg: Option<Node<'a>>,
    ) -> Option<Target> {
        if let Some(a) = first_arg.filter(|a| a.kind_name() == "identifier") {
            let t = self.t(a);
            let rt = self.t(r);
            if t.starts_with(|c: char| c.is_ascii_uppercase())
                && (rt.ends_with("manager")
                    || rt.ends_with("Manager")
                    || rt.ends_with("em")
                    || rt.contains("dataSource"))
            {
                return Some(Target::Entity(t.to_string()));
            }
        }
        let mut last: Option<&'a str> = None;
        loop {
            match r.kind_name() {
                "identifier" | "this" => {
                    let s = self.t(r);
                    if s.starts_with(|c: char| c.is_ascii_uppercase()) {
                        return Some(Target::Entity(s.to_string()));
                    }
                    if let Some(t) = self.typed.get(s).filter(|_| last.is_none()) {
                        return Some(Target::Entity(t.to_string()));
                    }
                    return Some(Target::Name(last.unwrap_or(s).to_string()));
                }
                "member_expression" => {
                    let p = r.field("property").map_or("", |p| self.t(p));
                    if last.is_none() {
                        if let Some(t) = self.typed.get(p) {
                            return Some(Target::Entity(t.to_string()));
                        }
                    }
                    if last.is_none() && !matches!(p, "models" | "default") {
                        last = Some(p);
                    }
                    if p.starts_with(|c: char| c.is_ascii_uppercase()) {
                        return Some(Target::Entity(p.to_string()));
                    }
                    r = r.field("object")?;
                }
                "call_expression" => {
                    let f = r.field("function")?;
                    let a0 = r.field("arguments").and_then(|a| a.named_child(0));
                    let m = match f.kind_name() {
                        "member_expression" => f.field("property").map_or("", |p| self.t(p)),
                        _ => self.t(f),
                    };
                    if let Some(a0) = a0 {
                        match (m, a0.kind_name()) {
                            (
                                "getRepository" | "getCustomRepository" | "getModel",
                                "identifier",
                            ) => return Some(Target::Entity(self.t(a0).to_string())),
                            ("collection" | "table" | "from" | "knex" | "db", "string") => {
                                return Some(Target::Table(unquote(self.t(a0)).to_string()))
                            }
                            _ => {}
                        }
                    }
                    if f.kind_name() == "identifier" {
                        if let Some(a0) = a0.filter(|a| a.kind_name() == "string") {
                            return Some(Target::Table(unquote(self.t(a0)).to_string()));
                        }
                        return last.map(|l| Target::Name(l.to_string()));
                    }
                    r = f.field("object")?;
                    last = None;
                }
                "await_expression" | "parenthesized_expression" | "non_null_expression" => {
                    r = r.named_child(0)?
                }
                _ => return last.map(|l| Target::Name(l.to_string())),
            }
        }
    }
}
