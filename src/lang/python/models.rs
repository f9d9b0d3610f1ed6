//! Python data models for the repository rules, read during the Python front-end's single
//! walk: entities, field reads and deletion evidence. This file keeps the walk's state and
//! what every framework shares (reads, receiver chains, types of locals); `classes.rs` and
//! `calls.rs` read classes and calls, asking `frameworks/` what each one means.

use crate::lang::ts::NodeExt as _;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::frameworks::{self, is_payload};
use crate::facts::{Deletion, DeletionKind, Entity, Field, Framework, ModelFacts, Span, Target};
use crate::lang::ts::{named_children, span, text, unquote};

pub struct Models<'a> {
    pub(super) src: &'a str,
    pub facts: ModelFacts,
    /// Field names read, deduplicated as the walk goes (most files read the same few).
    pub(super) reads: HashSet<&'a str>,
    /// Which frameworks of the registry the file uses.
    pub(super) present: u64,
    /// Node ranges that are not reads: assignment targets, values copied into a
    /// same-named field.
    pub(super) not_read: HashSet<(usize, usize)>,
    /// Calls whose whole-object use is plumbing (`User(**body.dict())`).
    pub(super) not_whole: HashSet<(usize, usize)>,
    /// Classes already read through their `decorated_definition`.
    pub(super) done_classes: HashSet<usize>,
    /// Variable → model it holds, from `x = User.objects.get(…)`, `x = User(…)`.
    pub(super) var_types: HashMap<String, String>,
    /// Every (re)binding of a local, in source order, with the model it then holds.
    pub(super) type_history: Vec<(String, usize, usize, Option<String>)>,
    /// Every function's byte range, to scope `type_history`.
    pub(super) functions: Vec<(usize, usize)>,
    /// Fields cleared per (function, receiver), and the receivers saved per function.
    pub(super) clears: crate::lang::anonymise::Clears,
    /// Enclosing functions, for grouping clears and saves per function.
    pub(super) scopes: crate::lang::ts::Scopes,
    /// Enclosing functions with their name and parameter names, for delete helpers.
    pub(super) fn_info: Vec<(usize, &'a str, Vec<&'a str>)>,
    /// Keys read from a request payload in this file, for its collection entity.
    pub(super) payload: Vec<(&'a str, Span)>,
    /// Payload values held in a local (`dob = request.form["dob"]`): the key is used only if
    /// the local is.
    pub(super) payload_locals: Vec<(&'a str, &'a str)>,
    pub(super) identifiers: HashSet<&'a str>,
    /// Enclosing classes (end byte, name): `self.delete()` in a model's method deletes it.
    pub(super) class_stack: Vec<(usize, &'a str)>,
    /// Locals bound to a list or tuple literal (`deletion_order = [(qs, False), …]`).
    pub(super) list_literals: HashMap<&'a str, Node<'a>>,
    /// Loop variables over such a list: what each element names (`for entry, _ in
    /// deletion_order: entry.delete()` deletes every queryset in it).
    pub(super) loop_targets: HashMap<&'a str, Vec<Target>>,
    /// Every function so far, for the request input it takes.
    pub(super) handlers: super::handlers::Handlers<'a>,
}

impl<'a> Models<'a> {
    pub fn new(src: &'a str) -> Models<'a> {
        Models {
            src,
            facts: ModelFacts::default(),
            reads: HashSet::new(),
            present: frameworks::present(src),
            not_read: HashSet::new(),
            not_whole: HashSet::new(),
            done_classes: HashSet::new(),
            var_types: HashMap::new(),
            type_history: Vec::new(),
            functions: Vec::new(),
            clears: Default::default(),
            scopes: Default::default(),
            fn_info: Vec::new(),
            class_stack: Vec::new(),
            payload: Vec::new(),
            payload_locals: Vec::new(),
            identifiers: HashSet::new(),
            list_literals: HashMap::new(),
            loop_targets: HashMap::new(),
            handlers: Default::default(),
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
        let start = n.start_byte();
        while self
            .class_stack
            .last()
            .is_some_and(|&(end, _)| start >= end)
        {
            self.class_stack.pop();
        }
        if n.kind_name() == "class_definition" {
            if let Some(name) = n.field("name") {
                self.class_stack.push((n.end_byte(), self.t(name)));
            }
        }
        match n.kind_name() {
            "function_definition" => {
                self.scopes.enter(n, true);
                self.functions.push((n.start_byte(), n.end_byte()));
                while self.fn_info.last().is_some_and(|f| start >= f.0) {
                    self.fn_info.pop();
                }
                let name = n.field("name").map_or("", |x| self.t(x));
                let params: Vec<&'a str> = n
                    .field("parameters")
                    .map(|ps| {
                        named_children(ps)
                            .map(|p| match p.kind_name() {
                                "identifier" => self.t(p),
                                "default_parameter"
                                | "typed_parameter"
                                | "typed_default_parameter" => p
                                    .field("name")
                                    .or_else(|| p.named_child(0))
                                    .map_or("", |x| self.t(x)),
                                _ => "",
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                self.fn_info.push((n.end_byte(), name, params));
                super::handlers::function(self, n);
                for f in frameworks::REGISTRY.iter().filter_map(|f| f.function) {
                    f(self, n);
                }
                if let Some(ps) = n.field("parameters") {
                    // An untyped parameter stands for the entity its name answers to
                    // (`def refund(customer)`), for the whole-object part of `pii-in-logs`:
                    // resolved, or not, against the repository's entities.
                    for p in named_children(ps).filter(|p| p.kind_name() == "identifier") {
                        let pname = self.t(p);
                        if !matches!(pname, "self" | "cls") {
                            self.type_history.push((
                                pname.to_string(),
                                n.start_byte(),
                                n.start_byte() + 1,
                                Some(pname.to_string()),
                            ));
                        }
                    }
                    for p in named_children(ps).filter(|p| {
                        matches!(p.kind_name(), "typed_parameter" | "typed_default_parameter")
                    }) {
                        let pname = p
                            .field("name")
                            .or_else(|| p.named_child(0))
                            .map(|x| self.t(x));
                        let ty = p.field("type").map(|t| self.t(t));
                        if let (Some(pname), Some(ty)) = (pname, ty) {
                            // `"Customer"` (a forward reference), `Customer | None`.
                            let ty = ty.trim_matches(|c| c == '"' || c == '\'');
                            let ty = ty.trim_start_matches("Optional[").trim_end_matches(']');
                            let ty = ty.trim_end_matches(" | None").trim_start_matches("None | ");
                            let ty = ty.trim_matches(|c| c == '"' || c == '\'');
                            let ty = ty.rsplit('.').next().unwrap_or(ty);
                            if ty.starts_with(|c: char| c.is_ascii_uppercase())
                                && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                            {
                                self.var_types.insert(pname.to_string(), ty.to_string());
                                self.type_history.push((
                                    pname.to_string(),
                                    n.start_byte(),
                                    n.start_byte() + 1,
                                    Some(ty.to_string()),
                                ));
                            }
                        }
                    }
                }
            }
            "decorated_definition" => {
                super::handlers::decorated(self, n);
                if let Some(def) = n.field("definition") {
                    if def.kind_name() == "class_definition" {
                        let decorators: Vec<&str> = named_children(n)
                            .filter(|c| c.kind_name() == "decorator")
                            .map(|c| self.t(c))
                            .collect();
                        self.done_classes.insert(def.start_byte());
                        self.class(def, &decorators);
                    }
                }
            }
            "class_definition" if !self.done_classes.contains(&n.start_byte()) => {
                self.class(n, &[]);
            }
            "attribute" if !self.not_read.contains(&(n.start_byte(), n.end_byte())) => {
                if let Some(a) = n.field("attribute") {
                    let name = self.t(a);
                    if name == "__dict__" {
                        self.whole(n.field("object"));
                    } else {
                        self.reads.insert(name);
                    }
                }
            }
            "subscript" => {
                let key = n.field("subscript").filter(|k| k.kind_name() == "string");
                if let (Some(k), Some(v)) = (key, n.field("value")) {
                    if is_payload(self.t(v)) {
                        self.payload.push((unquote(self.t(k)), span(k)));
                    }
                }
                if let Some(k) =
                    key.filter(|_| !self.not_read.contains(&(n.start_byte(), n.end_byte())))
                {
                    self.reads.insert(unquote(self.t(k)));
                }
            }
            "identifier"
                if !self.payload_locals.is_empty()
                    && !self.not_read.contains(&(n.start_byte(), n.end_byte())) =>
            {
                self.identifiers.insert(self.t(n));
            }
            "call" => {
                super::handlers::call(self, n);
                self.call(n)
            }
            // `from .models import User as Member`: a deletion of `Member` deletes a `User`.
            "aliased_import" => {
                if let (Some(name), Some(alias)) = (n.field("name"), n.field("alias")) {
                    let original = self.t(name).rsplit('.').next().unwrap_or("");
                    let alias = self.t(alias);
                    if alias != original && original.starts_with(|c: char| c.is_ascii_uppercase()) {
                        self.facts
                            .renames
                            .push((alias.to_string(), original.to_string()));
                    }
                }
            }
            "list" | "tuple" | "set" if !self.is_meta_field_list(n) => {
                for c in named_children(n).filter(|c| c.kind_name() == "string") {
                    self.string_read(c);
                }
            }
            "for_statement" => self.for_loop(n),
            "assignment" => {
                if let Some(r) = n.field("right").filter(|r| r.kind_name() == "string") {
                    self.string_read(r);
                }
                self.bind_list(n);
                // `COLUMNS = {"contact": "home_address"}`: a table of field names that
                // `getattr(obj, COLUMNS[kind])` reads by.
                if let Some(d) = n.field("right").filter(|r| r.kind_name() == "dictionary") {
                    for v in named_children(d)
                        .filter(|p| p.kind_name() == "pair")
                        .filter_map(|p| p.field("value"))
                        .filter(|v| v.kind_name() == "string")
                    {
                        self.string_read(v);
                    }
                }
                self.assignment(n)
            }
            "string" => self.sql_string(n),
            "dictionary_splat" => {
                if let Some(c) = n.named_child(0).filter(|c| c.kind_name() == "call") {
                    self.not_whole.insert((c.start_byte(), c.end_byte()));
                }
            }
            _ => {}
        }
    }

    /// Turns per-function clears into anonymisation evidence where the object is saved.
    /// The model a local holds, where the file says (`user = User.objects.get(…)`,
    /// `def f(user: User)`).
    /// What `name` holds at byte `at`: its last typed assignment before that point.
    pub fn type_of(&self, name: &str, at: u32) -> Option<String> {
        let at = at as usize;
        // The innermost function around `at`; module-level bindings are visible in all.
        let scope = self
            .functions
            .iter()
            .filter(|(a, b)| *a <= at && at < *b)
            .map(|(a, _)| a + 1)
            .max()
            .unwrap_or(0);
        self.type_history
            .iter()
            .rev()
            .find(|(n, pos, sc, _)| n == name && *pos < at && (*sc == scope || *sc == 0))
            .and_then(|(_, _, _, t)| t.clone())
    }

    pub fn finish(mut self) -> ModelFacts {
        for (local, key) in std::mem::take(&mut self.payload_locals) {
            if self.identifiers.contains(local) {
                self.reads.insert(key);
            }
        }
        let read_at: Vec<Span> = self.payload.iter().map(|(_, s)| *s).collect();
        self.facts.handlers = super::handlers::finish(std::mem::take(&mut self.handlers), &read_at);
        if let Some(&(_, first)) = self.payload.first() {
            let mut e = Entity::new("request", Framework::RequestPayload, first);
            for (k, sp) in std::mem::take(&mut self.payload) {
                if !e.fields.iter().any(|f| f.name == k) {
                    e.fields.push(Field {
                        name: k.to_string(),
                        span: sp,
                        declared_type: None,
                        hidden: false,
                    });
                }
            }
            self.facts.entities.push(e);
        }
        let clears = std::mem::take(&mut self.clears);
        let anonymised = clears.into_deletions(|r| self.target_of_name(r));
        self.facts.deletions.extend(anonymised);
        let mut f = self.facts;
        f.reads = self.reads.into_iter().map(str::to_string).collect();
        f.finish();
        f
    }

    pub(super) fn target_of_name(&self, name: &str) -> Target {
        let last = name.rsplit('.').next().unwrap_or(name);
        match self.var_types.get(last) {
            Some(t) => Target::Entity(t.clone()),
            None => Target::Name(last.to_string()),
        }
    }

    pub(super) fn whole(&mut self, n: Option<Node>) {
        let Some(n) = n else {
            return;
        };
        let name = match n.kind_name() {
            "identifier" => self.t(n),
            "attribute" => n.field("attribute").map_or("", |a| self.t(a)),
            _ => return,
        };
        if !name.is_empty() {
            let typed = self.var_types.get(name).cloned();
            self.facts
                .whole_uses
                .push(typed.unwrap_or_else(|| name.to_string()));
        }
    }

    /// Does `v` read a field called `field` (`form.phone`, `data["phone"]`, `d.get("phone")`)?
    /// A value copied into a same-named field: neither it nor, for a WTForms field's
    /// `.data`, the form field it comes from is a read.
    pub(super) fn plumbing(&mut self, v: Node) {
        self.not_read.insert((v.start_byte(), v.end_byte()));
        if let Some(inner) = self.form_field_of(v) {
            self.not_read.insert((inner.start_byte(), inner.end_byte()));
        }
    }

    /// `form.phone.data` → `form.phone`.
    fn form_field_of<'n>(&self, v: Node<'n>) -> Option<Node<'n>> {
        (v.kind_name() == "attribute" && v.field("attribute").is_some_and(|a| self.t(a) == "data"))
            .then(|| v.field("object"))
            .flatten()
            .filter(|o| o.kind_name() == "attribute")
    }

    pub(super) fn names_field(&self, v: Node, field: &str) -> bool {
        if let Some(inner) = self.form_field_of(v) {
            return self.names_field(inner, field);
        }
        match v.kind_name() {
            "attribute" => v.field("attribute").is_some_and(|a| self.t(a) == field),
            "subscript" => v
                .field("subscript")
                .is_some_and(|k| k.kind_name() == "string" && unquote(self.t(k)) == field),
            "identifier" => self.t(v) == field,
            _ => false,
        }
    }

    /// The model a receiver chain is about: `User.objects.filter(…)` → User,
    /// `session.query(User)…` → User, `user` → by name.
    pub(super) fn chain_target(&self, mut r: Node<'a>) -> Option<Target> {
        let mut last_name: Option<&str> = None;
        // `self.get_user(email)` returns what the method returns, not the class of `self`.
        let mut called = false;
        loop {
            match r.kind_name() {
                "identifier" => {
                    let s = self.t(r);
                    if matches!(s, "self" | "cls") && last_name.is_none() && !called {
                        if let Some((_, class)) = self.class_stack.last() {
                            return Some(Target::Entity(class.to_string()));
                        }
                    }
                    if s.starts_with(|c: char| c.is_ascii_uppercase()) {
                        return Some(Target::Entity(s.to_string()));
                    }
                    // `db.get(…)` on `db: Session` returns no `Session`.
                    if let Some(t) = self.var_types.get(s).filter(|_| !called) {
                        return Some(Target::Entity(t.clone()));
                    }
                    let name = last_name.filter(|n| *n != "objects").unwrap_or(s);
                    return Some(Target::Name(name.to_string()));
                }
                "attribute" => {
                    let a = r.field("attribute").map_or("", |a| self.t(a));
                    let obj = r.field("object")?;
                    if a == "objects" || a == "query" {
                        if let Some(t) = self.chain_target(obj) {
                            return Some(t);
                        }
                    }
                    if last_name.is_none() && !matches!(a, "objects" | "query") {
                        last_name = Some(a);
                    }
                    if a.starts_with(|c: char| c.is_ascii_uppercase()) {
                        return Some(Target::Entity(a.to_string()));
                    }
                    r = obj;
                }
                "call" => {
                    let f = r.field("function")?;
                    let m = match f.kind_name() {
                        "attribute" => f.field("attribute").map_or("", |x| self.t(x)),
                        _ => self.t(f),
                    };
                    // `session.get(User, id)`, `db.get_or_404(User, id)`: the class is the
                    // first argument (a lower-case one is a key: `d.get(key)`).
                    let by_class = matches!(m, "get" | "get_or_404" | "one_or_404");
                    if by_class
                        || matches!(
                            m,
                            "query" | "select" | "get_object_or_404" | "get_list_or_404"
                        )
                    {
                        if let Some(a) = r.field("arguments").and_then(|a| a.named_child(0)) {
                            let t = self.t(a);
                            if a.kind_name() == "identifier"
                                && (!by_class || t.starts_with(|c: char| c.is_ascii_uppercase()))
                            {
                                return Some(Target::Entity(t.to_string()));
                            }
                        }
                    }
                    called = true;
                    r = match f.kind_name() {
                        "attribute" => f.field("object")?,
                        _ => return last_name.map(|n| Target::Name(n.to_string())),
                    };
                }
                _ => return last_name.map(|n| Target::Name(n.to_string())),
            }
        }
    }

    /// A deletion whose target is a parameter makes the function a delete helper.
    fn param_deletion(&mut self, at: usize, name: &str) {
        while self.fn_info.last().is_some_and(|f| at >= f.0) {
            self.fn_info.pop();
        }
        let Some((f, i)) = self
            .fn_info
            .iter()
            .rev()
            .find_map(|(_, f, params)| params.iter().position(|p| *p == name).map(|i| (*f, i)))
        else {
            return;
        };
        if !f.is_empty() && name != "self" {
            self.facts.deleting_params.push((f.to_string(), i));
        }
    }

    pub(super) fn push_deletion(
        &mut self,
        target: Target,
        kind: DeletionKind,
        span: Span,
        how: String,
    ) {
        // A deleted parameter makes the function a delete helper; its name (`user` in
        // `delete_user(store, user)`) still says what is deleted, when it names an entity.
        if kind == DeletionKind::Delete {
            if let Target::Name(n) = &target {
                self.param_deletion(span.start as usize, n);
            }
        }
        self.facts.deletions.push(Deletion {
            target,
            kind,
            span,
            how,
            fields: Vec::new(),
        });
    }

    /// None, `""`, a redacted literal, or a call that anonymises.
    pub(super) fn is_blank(&self, v: Node) -> bool {
        use crate::lang::anonymise::{anonymising_callee, blank_literal};
        match v.kind_name() {
            "none" => true,
            "string" => blank_literal(unquote(self.t(v))),
            "call" => v
                .field("function")
                .is_some_and(|f| anonymising_callee(self.t(f))),
            _ => false,
        }
    }

    /// `"email"` or `"-created"` in a list or assigned to a name (`list_display`,
    /// `USERNAME_FIELD`, `link_url_field_name`): a field named by a string is read by name.
    /// `class Meta: fields = [...]` (or `exclude`): which fields a form collects or a
    /// serializer binds, read by the binding (`bindings`), not by naming them.
    fn is_meta_field_list(&self, n: Node) -> bool {
        self.class_stack.last().is_some_and(|(_, c)| *c == "Meta")
            && n.parent().is_some_and(|p| {
                p.kind_name() == "assignment"
                    && p.field("left").is_some_and(|l| {
                        matches!(self.t(l), "fields" | "exclude" | "read_only_fields")
                    })
            })
    }

    pub(super) fn string_read(&mut self, n: Node<'a>) {
        let s = unquote(self.t(n)).trim_start_matches('-');
        let s = s.split("__").next().unwrap_or(s);
        if !s.is_empty()
            && s.len() < 64
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
        {
            self.reads.insert(s);
        }
    }

    pub(super) fn sql_string(&mut self, n: Node) {
        for c in named_children(n).filter(|c| c.kind_name() == "string_content") {
            let s = self.t(c);
            if crate::lang::sql::worth_scanning(s) {
                crate::lang::sql::scan_embedded(s, c.start_byte(), &mut self.facts);
            }
        }
    }
}
