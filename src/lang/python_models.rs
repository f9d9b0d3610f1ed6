//! Python data models for the repository rules, read during the Python front-end's single
//! walk: Django models and forms, DRF serializers, Pydantic, dataclasses, attrs, SQLAlchemy,
//! Peewee and Marshmallow classes; field reads; deletion evidence.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::ts::{named_children, span, text, unquote};
use crate::facts::{
    Deletion, DeletionKind, Entity, Field, FieldSelection, Framework, Link, ModelBinding,
    ModelFacts, OnDelete, Span, Target,
};

pub struct Models<'a> {
    src: &'a str,
    pub facts: ModelFacts,
    /// Field names read, deduplicated as the walk goes (most files read the same few).
    reads: HashSet<&'a str>,
    peewee: bool,
    /// `Column(...)` means SQLAlchemy only where SQLAlchemy is in sight (django-tables2 has
    /// columns too).
    sqlalchemy: bool,
    /// Node ranges that are not reads: assignment targets, values copied into a
    /// same-named field.
    not_read: HashSet<(usize, usize)>,
    /// Calls whose whole-object use is plumbing (`User(**body.dict())`).
    not_whole: HashSet<(usize, usize)>,
    /// Classes already read through their `decorated_definition`.
    done_classes: HashSet<usize>,
    /// Variable → model it holds, from `x = User.objects.get(…)`, `x = User(…)`.
    var_types: HashMap<String, String>,
    /// Every (re)binding of a local, in source order, with the model it then holds.
    type_history: Vec<(String, usize, usize, Option<String>)>,
    /// Every function's byte range, to scope `type_history`.
    functions: Vec<(usize, usize)>,
    /// Fields cleared per (function, receiver), and the receivers saved per function.
    clears: super::anonymise::Clears,
    /// Enclosing functions, for grouping clears and saves per function.
    scopes: super::ts::Scopes,
    /// Enclosing functions with their name and parameter names, for delete helpers.
    fn_info: Vec<(usize, &'a str, Vec<&'a str>)>,
    /// Keys read from a request payload in this file, for its collection entity.
    payload: Vec<(&'a str, Span)>,
    /// Payload values held in a local (`dob = request.form["dob"]`): the key is used only if
    /// the local is.
    payload_locals: Vec<(&'a str, &'a str)>,
    identifiers: HashSet<&'a str>,
    /// Enclosing classes (end byte, name): `self.delete()` in a model's method deletes it.
    class_stack: Vec<(usize, &'a str)>,
}

/// Request payloads: Flask `request.form`/`json`/`values`, Django `request.POST`, DRF
/// `request.data`.
fn is_payload(recv: &str) -> bool {
    let r = recv.strip_prefix("self.").unwrap_or(recv);
    matches!(
        r,
        "request.form"
            | "request.json"
            | "request.values"
            | "request.POST"
            | "request.data"
            | "request.get_json()"
            | "flask.request.form"
            | "flask.request.json"
    )
}

const DELETE_METHODS: &[&str] = &[
    "delete",
    "delete_one",
    "delete_many",
    "delete_instance",
    "delete_by_id",
    "hard_delete",
    "bulk_delete",
    "purge",
    "erase",
    "find_one_and_delete",
];

/// Calls that store their keyword arguments into same-named model fields.
const STORE_CALLS: &[&str] = &[
    "create",
    "get_or_create",
    "update_or_create",
    "update",
    "bulk_create",
    "insert",
    "insert_one",
    "insert_many",
    "save",
    "add",
    "upsert",
    "values",
    "set",
    "model_validate",
    "parse_obj",
];

const WHOLE_FUNCS: &[&str] = &[
    "model_to_dict",
    "asdict",
    "astuple",
    "jsonify",
    "vars",
    "dumps",
    "to_dict",
    "JsonResponse",
    "jsonable_encoder",
];
const WHOLE_METHODS: &[&str] = &[
    "dict",
    "model_dump",
    "json",
    "model_dump_json",
    "to_dict",
    "to_json",
    "__dict__",
];
const QUERY_METHODS: &[&str] = &[
    "filter",
    "exclude",
    "get",
    "filter_by",
    "values",
    "values_list",
    "order_by",
    "only",
    "distinct",
    "annotate",
    "aggregate",
    "get_or_create",
    "update_or_create",
];

impl<'a> Models<'a> {
    pub fn new(src: &'a str) -> Models<'a> {
        Models {
            src,
            facts: ModelFacts::default(),
            reads: HashSet::new(),
            peewee: src.contains("peewee"),
            sqlalchemy: src.contains("sqlalchemy")
                || src.contains("sqlmodel")
                || src.contains("db.Column")
                || src.contains("db.Model"),
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
        }
    }

    fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    /// The innermost function around `n` (its start byte + 1), 0 at module level.
    fn scope(&mut self, n: Node) -> usize {
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
        if n.kind() == "class_definition" {
            if let Some(name) = n.child_by_field_name("name") {
                self.class_stack.push((n.end_byte(), self.t(name)));
            }
        }
        match n.kind() {
            "function_definition" => {
                self.scopes.enter(n, true);
                self.functions.push((n.start_byte(), n.end_byte()));
                while self.fn_info.last().is_some_and(|f| start >= f.0) {
                    self.fn_info.pop();
                }
                let name = n.child_by_field_name("name").map_or("", |x| self.t(x));
                let params: Vec<&'a str> = n
                    .child_by_field_name("parameters")
                    .map(|ps| {
                        named_children(ps)
                            .map(|p| match p.kind() {
                                "identifier" => self.t(p),
                                "default_parameter"
                                | "typed_parameter"
                                | "typed_default_parameter" => p
                                    .child_by_field_name("name")
                                    .or_else(|| p.named_child(0))
                                    .map_or("", |x| self.t(x)),
                                _ => "",
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                self.fn_info.push((n.end_byte(), name, params));
                if let Some(ps) = n.child_by_field_name("parameters") {
                    for p in named_children(ps).filter(|p| {
                        matches!(p.kind(), "typed_parameter" | "typed_default_parameter")
                    }) {
                        let pname = p
                            .child_by_field_name("name")
                            .or_else(|| p.named_child(0))
                            .map(|x| self.t(x));
                        let ty = p.child_by_field_name("type").map(|t| self.t(t));
                        if let (Some(pname), Some(ty)) = (pname, ty) {
                            let ty = ty.trim_start_matches("Optional[").trim_end_matches(']');
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
                if let Some(def) = n.child_by_field_name("definition") {
                    if def.kind() == "class_definition" {
                        let decorators: Vec<&str> = named_children(n)
                            .filter(|c| c.kind() == "decorator")
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
                if let Some(a) = n.child_by_field_name("attribute") {
                    let name = self.t(a);
                    if name == "__dict__" {
                        self.whole(n.child_by_field_name("object"));
                    } else {
                        self.reads.insert(name);
                    }
                }
            }
            "subscript" => {
                let key = n
                    .child_by_field_name("subscript")
                    .filter(|k| k.kind() == "string");
                if let (Some(k), Some(v)) = (key, n.child_by_field_name("value")) {
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
            "call" => self.call(n),
            "list" | "tuple" | "set" => {
                for c in named_children(n).filter(|c| c.kind() == "string") {
                    self.string_read(c);
                }
            }
            "assignment" => {
                if let Some(r) = n
                    .child_by_field_name("right")
                    .filter(|r| r.kind() == "string")
                {
                    self.string_read(r);
                }
                self.assignment(n)
            }
            "string" => self.sql_string(n),
            "dictionary_splat" => {
                if let Some(c) = n.named_child(0).filter(|c| c.kind() == "call") {
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

    fn target_of_name(&self, name: &str) -> Target {
        let last = name.rsplit('.').next().unwrap_or(name);
        match self.var_types.get(last) {
            Some(t) => Target::Entity(t.clone()),
            None => Target::Name(last.to_string()),
        }
    }

    fn whole(&mut self, n: Option<Node>) {
        let Some(n) = n else {
            return;
        };
        let name = match n.kind() {
            "identifier" => self.t(n),
            "attribute" => n.child_by_field_name("attribute").map_or("", |a| self.t(a)),
            _ => return,
        };
        if !name.is_empty() {
            let typed = self.var_types.get(name).cloned();
            self.facts
                .whole_uses
                .push(typed.unwrap_or_else(|| name.to_string()));
        }
    }

    // ---- classes ----

    fn class(&mut self, n: Node<'a>, decorators: &[&str]) {
        let (Some(name), Some(body)) =
            (n.child_by_field_name("name"), n.child_by_field_name("body"))
        else {
            return;
        };
        let bases: Vec<&str> = n
            .child_by_field_name("superclasses")
            .map(|s| named_children(s).map(|b| self.t(b)).collect())
            .unwrap_or_default();
        let base_last: Vec<&str> = bases
            .iter()
            .map(|b| b.rsplit('.').next().unwrap_or(b))
            .collect();
        let has_base = |names: &[&str]| base_last.iter().any(|b| names.contains(b));
        let dec = |names: &[&str]| {
            decorators.iter().any(|d| {
                let d = d.trim_start_matches('@');
                let head = d.split('(').next().unwrap_or(d);
                names.contains(&head)
            })
        };
        let mut meta: HashMap<&str, Node<'a>> = HashMap::new();
        let mut custom_repr = false;
        let mut repr_fields: Vec<String> = Vec::new();
        let mut stmts: Vec<Node<'a>> = Vec::new();
        for c in named_children(body) {
            match c.kind() {
                "class_definition"
                    if c.child_by_field_name("name").map(|x| self.t(x)) == Some("Meta") =>
                {
                    if let Some(mb) = c.child_by_field_name("body") {
                        for s in named_children(mb) {
                            if let Some(a) = s.named_child(0).filter(|a| a.kind() == "assignment") {
                                if let (Some(l), Some(r)) = (
                                    a.child_by_field_name("left"),
                                    a.child_by_field_name("right"),
                                ) {
                                    meta.insert(self.t(l), r);
                                }
                            }
                        }
                    }
                }
                "function_definition" => {
                    let fname = c.child_by_field_name("name").map_or("", |x| self.t(x));
                    if matches!(fname, "__repr__" | "__str__") {
                        custom_repr = true;
                        // What it prints: the `self.x` it reads.
                        let mut stack = vec![c];
                        while let Some(x) = stack.pop() {
                            if x.kind() == "attribute"
                                && x.child_by_field_name("object")
                                    .is_some_and(|o| self.t(o) == "self")
                            {
                                if let Some(a) = x.child_by_field_name("attribute") {
                                    repr_fields.push(self.t(a).to_string());
                                }
                            }
                            stack.extend(named_children(x));
                        }
                    }
                }
                "decorated_definition" => {}
                "expression_statement" => {
                    if let Some(a) = c.named_child(0).filter(|a| a.kind() == "assignment") {
                        stmts.push(a);
                    }
                }
                _ => {}
            }
        }
        let is_serializer = has_base(&["ModelSerializer", "HyperlinkedModelSerializer"]);
        let is_plain_serializer =
            has_base(&["Serializer"]) || bases.iter().any(|b| b.starts_with("serializers."));
        let is_model_form = has_base(&["ModelForm"]);
        if is_serializer || is_model_form {
            if let Some(m) = meta.get("model") {
                let model = self.t(*m).rsplit('.').next().unwrap_or("").to_string();
                let fields = match (meta.get("fields"), meta.get("exclude")) {
                    (Some(f), _) if f.kind() == "string" => FieldSelection::All,
                    (Some(f), _) => FieldSelection::Only(self.string_list(*f)),
                    (None, Some(x)) => FieldSelection::Exclude(self.string_list(*x)),
                    (None, None) => FieldSelection::All,
                };
                self.facts.bindings.push(ModelBinding {
                    model,
                    fields,
                    reads: is_serializer,
                    span: span(name),
                });
            }
        }
        // Views and admin classes that delete the model they serve.
        let deleting_view = has_base(&[
            "ModelViewSet",
            "DestroyModelMixin",
            "DestroyAPIView",
            "RetrieveUpdateDestroyAPIView",
            "RetrieveDestroyAPIView",
            "DeleteView",
            "BaseDeleteView",
        ]);
        let admin_dec = decorators
            .iter()
            .find(|d| d.trim_start_matches('@').starts_with("admin.register("));
        if deleting_view || admin_dec.is_some() {
            let model = admin_dec
                .and_then(|d| d.split(['(', ',', ')']).nth(1))
                .map(|m| m.trim().rsplit('.').next().unwrap_or("").to_string())
                .or_else(|| {
                    stmts.iter().find_map(|a| {
                        let l = self.t(a.child_by_field_name("left")?);
                        let r = a.child_by_field_name("right")?;
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
                let how = if admin_dec.is_some() {
                    "registered in the Django admin, whose delete action removes rows".to_string()
                } else {
                    format!("a deleting view (`{}`)", bases.join(", "))
                };
                self.push_deletion(Target::Entity(m), DeletionKind::Delete, span(name), how);
            }
        }
        if is_serializer || is_plain_serializer {
            // Serializer fields are output: each declared field reads the model's field
            // (`source=` names it when it differs).
            for a in &stmts {
                if let Some(l) = a
                    .child_by_field_name("left")
                    .filter(|l| l.kind() == "identifier")
                {
                    self.reads.insert(self.t(l));
                }
            }
            return;
        }
        let framework =
            if has_base(&["ModelForm", "Form"]) || bases.iter().any(|b| b.starts_with("forms.")) {
                Some(Framework::DjangoForm)
            } else if bases
                .iter()
                .any(|b| *b == "models.Model" || b.ends_with(".models.Model"))
            {
                Some(Framework::DjangoModel)
            } else if has_base(&["SQLModel"]) {
                let table = self.t(n).contains("table=True") || self.t(n).contains("table = True");
                Some(if table {
                    Framework::SqlAlchemy
                } else {
                    Framework::Pydantic
                })
            } else if has_base(&["BaseModel", "GenericModel", "RootModel"]) && !self.peewee {
                Some(Framework::Pydantic)
            } else if has_base(&[
                "Schema",
                "SQLAlchemySchema",
                "SQLAlchemyAutoSchema",
                "ModelSchema",
            ]) && stmts.iter().any(|a| {
                self.field_call(*a)
                    .is_some_and(|c| c.starts_with("fields.") || c.starts_with("ma."))
            }) {
                Some(Framework::Marshmallow)
            } else if dec(&[
                "dataclass",
                "dataclasses.dataclass",
                "pydantic.dataclasses.dataclass",
            ]) {
                Some(Framework::Dataclass)
            } else if dec(&[
                "attr.s",
                "attrs",
                "attr.attrs",
                "attr.define",
                "attrs.define",
                "define",
                "frozen",
                "attrs.frozen",
                "attr.frozen",
                "mutable",
                "attrs.mutable",
            ]) {
                Some(Framework::Attrs)
            } else if self.peewee
                && stmts
                    .iter()
                    .any(|a| self.field_call(*a).is_some_and(|c| c.ends_with("Field")))
            {
                Some(Framework::Peewee)
            } else if stmts.iter().any(|a| {
                self.field_call(*a)
                    .is_some_and(|c| c.starts_with("models.") && c.ends_with("Field"))
            }) {
                Some(Framework::DjangoModel)
            } else if self.sqlalchemy
                && stmts.iter().any(|a| {
                    self.field_call(*a).is_some_and(|c| {
                        matches!(c.rsplit('.').next(), Some("Column" | "mapped_column"))
                    }) || a
                        .child_by_field_name("type")
                        .is_some_and(|t| self.t(t).contains("Mapped["))
                })
                || meta.is_empty()
                    && stmts.iter().any(|a| {
                        a.child_by_field_name("left")
                            .is_some_and(|l| self.t(l) == "__tablename__")
                    })
            {
                Some(Framework::SqlAlchemy)
            } else {
                None
            };
        let Some(framework) = framework else {
            return;
        };
        let mut e = Entity {
            bases: base_last
                .iter()
                .filter(|b| {
                    !matches!(
                        **b,
                        "Model"
                            | "BaseModel"
                            | "Form"
                            | "ModelForm"
                            | "Base"
                            | "object"
                            | "SQLModel"
                            | "Schema"
                    )
                })
                .map(|b| b.to_string())
                .collect(),
            is_abstract: meta.get("abstract").is_some_and(|v| self.t(*v) == "True")
                || stmts.iter().any(|a| {
                    a.child_by_field_name("left")
                        .is_some_and(|l| self.t(l) == "__abstract__")
                        && a.child_by_field_name("right")
                            .is_some_and(|r| self.t(r) == "True")
                }),
            custom_repr,
            repr_fields,
            ..Entity::new(self.t(name), framework, span(name))
        };
        for key in ["db_table", "table_name"] {
            if let Some(v) = meta.get(key).filter(|v| v.kind() == "string") {
                e.table = Some(unquote(self.t(*v)).to_string());
            }
        }
        for a in stmts {
            self.class_field(a, &mut e);
        }
        if e.fields.is_empty() && e.links.is_empty() && e.bases.is_empty() {
            return;
        }
        self.facts.entities.push(e);
    }

    /// The callee of `x = models.CharField(…)`, as written.
    fn field_call(&self, a: Node) -> Option<&'a str> {
        let r = a.child_by_field_name("right")?;
        if r.kind() != "call" {
            return None;
        }
        Some(self.t(r.child_by_field_name("function")?))
    }

    fn string_list(&self, n: Node) -> Vec<String> {
        named_children(n)
            .filter(|c| c.kind() == "string")
            .map(|c| unquote(self.t(c)).to_string())
            .collect()
    }

    fn class_field(&mut self, a: Node<'a>, e: &mut Entity) {
        let Some(left) = a
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")
        else {
            return;
        };
        let name = self.t(left);
        let right = a.child_by_field_name("right");
        let annotation = a.child_by_field_name("type").map(|t| self.t(t));
        if name == "__tablename__" {
            if let Some(r) = right.filter(|r| r.kind() == "string") {
                e.table = Some(unquote(self.t(r)).to_string());
            }
            return;
        }
        if name.starts_with("__") || name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            return;
        }
        let call = right.filter(|r| r.kind() == "call");
        let callee = call
            .and_then(|c| c.child_by_field_name("function"))
            .map(|f| self.t(f))
            .unwrap_or("");
        let last = callee.rsplit('.').next().unwrap_or(callee);
        let args = call.and_then(|c| c.child_by_field_name("arguments"));
        let kwarg = |k: &str| -> Option<Node<'a>> {
            args.and_then(|a| {
                named_children(a).find(|x| {
                    x.kind() == "keyword_argument"
                        && x.child_by_field_name("name").map(|n| self.t(n)) == Some(k)
                })
            })
            .and_then(|x| x.child_by_field_name("value"))
        };
        let on_delete = |v: Option<Node>| -> OnDelete {
            let s = v
                .map(|v| self.t(v).to_ascii_uppercase())
                .unwrap_or_default();
            if s.contains("CASCADE") {
                OnDelete::Cascade
            } else if s.contains("SET_NULL")
                || s.contains("SET NULL")
                || s.contains("SET_DEFAULT")
                || s.contains("SET DEFAULT")
            {
                OnDelete::SetNull
            } else {
                OnDelete::Keep
            }
        };
        match last {
            "ForeignKey" | "OneToOneField" | "ForeignKeyField" | "ParentalKey"
                if e.framework != Framework::SqlAlchemy =>
            {
                let target = args
                    .and_then(|a| named_children(a).find(|x| x.kind() != "keyword_argument"))
                    .or_else(|| kwarg("to").or_else(|| kwarg("model")))
                    .map(|t| unquote(self.t(t)).to_string());
                if let Some(target) = target {
                    // `settings.AUTH_USER_MODEL`, `get_user_model()`: the user model.
                    let target = if target.contains("AUTH_USER_MODEL")
                        || target.contains("get_user_model")
                    {
                        "User".to_string()
                    } else {
                        target
                    };
                    e.links.push(Link {
                        target: if target == "self" {
                            e.name.clone()
                        } else {
                            target
                        },
                        on_delete: on_delete(kwarg("on_delete")),
                        from_parent: false,
                        span: span(a),
                    });
                }
                return;
            }
            "ManyToManyField" | "relationship" | "RelatedField" | "backref" => {
                if last == "relationship" {
                    let cascade = kwarg("cascade").map(|c| self.t(c)).unwrap_or("");
                    let target = args
                        .and_then(|a| named_children(a).find(|x| x.kind() != "keyword_argument"))
                        .map(|t| unquote(self.t(t)).to_string())
                        .or_else(|| {
                            annotation.map(|t| {
                                t.trim_start_matches("Mapped[")
                                    .trim_start_matches("List[")
                                    .trim_start_matches("list[")
                                    .trim_end_matches(']')
                                    .trim_matches(['"', '\''])
                                    .to_string()
                            })
                        });
                    if let Some(target) = target.filter(|_| cascade.contains("delete")) {
                        e.links.push(Link {
                            target,
                            on_delete: OnDelete::Cascade,
                            from_parent: true,
                            span: span(a),
                        });
                    }
                }
                return;
            }
            _ => {}
        }
        // SQLAlchemy: `Column(ForeignKey("users.id", ondelete="CASCADE"))`.
        if matches!(last, "Column" | "mapped_column") {
            if let Some(args) = args {
                for fk in named_children(args).filter(|x| x.kind() == "call") {
                    let f = fk.child_by_field_name("function").map_or("", |f| self.t(f));
                    if f.rsplit('.').next() != Some("ForeignKey") {
                        continue;
                    }
                    let fargs = fk.child_by_field_name("arguments");
                    let target = fargs.and_then(|a| a.named_child(0)).map(|t| {
                        unquote(self.t(t))
                            .split('.')
                            .next()
                            .unwrap_or("")
                            .to_string()
                    });
                    let od = fargs.and_then(|a| {
                        named_children(a)
                            .find(|x| {
                                x.kind() == "keyword_argument"
                                    && x.child_by_field_name("name").map(|n| self.t(n))
                                        == Some("ondelete")
                            })
                            .and_then(|x| x.child_by_field_name("value"))
                    });
                    if let Some(target) = target {
                        e.links.push(Link {
                            target,
                            on_delete: on_delete(od),
                            from_parent: false,
                            span: span(a),
                        });
                    }
                    // A foreign key column holds an id, not personal data.
                    return;
                }
            }
        }
        let field_like = annotation.is_some()
            || last.ends_with("Field")
            || matches!(
                last,
                "Column"
                    | "mapped_column"
                    | "field"
                    | "ib"
                    | "attrib"
                    | "Str"
                    | "String"
                    | "Email"
                    | "Int"
                    | "Integer"
                    | "Date"
                    | "DateTime"
                    | "Boolean"
                    | "Bool"
                    | "Float"
                    | "Decimal"
                    | "Nested"
                    | "List"
                    | "Url"
                    | "UUID"
                    | "IP"
                    | "Raw"
                    | "Dict"
            );
        if !field_like {
            return;
        }
        if e.framework == Framework::Marshmallow
            && !(callee.starts_with("fields.") || callee.starts_with("ma."))
        {
            return;
        }
        let declared = annotation.map(str::to_string).or_else(|| {
            if matches!(last, "Column" | "mapped_column") {
                args.and_then(|a| {
                    named_children(a)
                        .find(|x| x.kind() != "string" && x.kind() != "keyword_argument")
                })
                .map(|t| self.t(t).to_string())
            } else {
                (!last.is_empty()).then(|| last.to_string())
            }
        });
        let hidden = kwarg("repr").is_some_and(|v| self.t(v) == "False")
            || annotation.is_some_and(|t| t.contains("Secret"));
        e.fields.push(Field {
            name: name.to_string(),
            span: span(left),
            declared_type: declared,
            hidden,
        });
    }

    // ---- calls ----

    fn call(&mut self, n: Node<'a>) {
        let Some(func) = n.child_by_field_name("function") else {
            return;
        };
        let args = n.child_by_field_name("arguments");
        let (recv, method) = match func.kind() {
            "attribute" => (
                func.child_by_field_name("object"),
                func.child_by_field_name("attribute")
                    .map_or("", |m| self.t(m)),
            ),
            "identifier" => (None, self.t(func)),
            _ => return,
        };
        let positional: Vec<Node<'a>> = args
            .map(|a| {
                named_children(a)
                    .filter(|x| {
                        !matches!(
                            x.kind(),
                            "keyword_argument" | "dictionary_splat" | "list_splat" | "comment"
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let kwargs: Vec<(&'a str, Node<'a>)> = args
            .map(|a| {
                named_children(a)
                    .filter(|x| x.kind() == "keyword_argument")
                    .filter_map(|x| {
                        Some((
                            self.t(x.child_by_field_name("name")?),
                            x.child_by_field_name("value")?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Reads by constant key.
        match method {
            "get" | "pop" | "getlist" | "setdefault" if recv.is_some() => {
                if let Some(k) = positional.first().filter(|k| k.kind() == "string") {
                    if recv.is_some_and(|r| is_payload(self.t(r))) {
                        self.payload.push((unquote(self.t(*k)), span(*k)));
                    }
                    if !self.not_read.contains(&(n.start_byte(), n.end_byte())) {
                        self.reads.insert(unquote(self.t(*k)));
                    }
                }
            }
            "getattr" | "hasattr" if recv.is_none() => {
                if let Some(k) = positional.get(1).filter(|k| k.kind() == "string") {
                    self.reads.insert(unquote(self.t(*k)));
                }
            }
            _ => {}
        }
        if QUERY_METHODS.contains(&method) && recv.is_some() {
            for (k, _) in &kwargs {
                let f = k.split("__").next().unwrap_or(k);
                self.reads.insert(f);
            }
            if method != "get" {
                for p in positional.iter().filter(|p| p.kind() == "string") {
                    let s = unquote(self.t(*p)).trim_start_matches('-');
                    self.facts
                        .reads
                        .push(s.split("__").next().unwrap_or(s).to_string());
                }
            }
        }
        // Whole-object uses.
        if !self.not_whole.contains(&(n.start_byte(), n.end_byte())) {
            if recv.is_none() && WHOLE_FUNCS.contains(&method) || method == "dumps" {
                self.whole(positional.first().copied());
            } else if WHOLE_METHODS.contains(&method) && positional.is_empty() {
                self.whole(recv);
            }
        }
        // Same-named copies into storage are plumbing, not reads.
        let constructor = recv.is_none() && method.starts_with(|c: char| c.is_ascii_uppercase())
            || func.kind() == "attribute" && method.starts_with(|c: char| c.is_ascii_uppercase());
        if constructor || STORE_CALLS.contains(&method) {
            for (k, v) in &kwargs {
                if self.names_field(*v, k) {
                    self.not_read.insert((v.start_byte(), v.end_byte()));
                }
            }
        }
        if constructor {
            for a in named_children(args.unwrap_or(n)).filter(|x| x.kind() == "dictionary_splat") {
                if let Some(c) = a.named_child(0).filter(|c| c.kind() == "call") {
                    self.not_whole.insert((c.start_byte(), c.end_byte()));
                }
            }
        }
        if method == "register"
            && recv.is_some_and(|r| {
                let t = self.t(r);
                t == "admin.site" || t.ends_with("site") || t == "admin"
            })
        {
            if let Some(m) = positional.first() {
                let models: Vec<Node> = if m.kind() == "list" || m.kind() == "tuple" {
                    named_children(*m).collect()
                } else {
                    vec![*m]
                };
                for m in models {
                    let name = self.t(m).rsplit('.').next().unwrap_or("").to_string();
                    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                        self.push_deletion(
                            Target::Entity(name),
                            DeletionKind::Delete,
                            span(n),
                            "registered in the Django admin, whose delete action removes rows"
                                .into(),
                        );
                    }
                }
            }
        }
        if crate::facts::names_deletion(method) && !DELETE_METHODS.contains(&method) {
            let args: Vec<String> = positional
                .iter()
                .map(|a| match a.kind() {
                    "identifier" => self.t(*a).to_string(),
                    "attribute" => a
                        .child_by_field_name("attribute")
                        .map_or(String::new(), |x| self.t(x).to_string()),
                    _ => String::new(),
                })
                .collect();
            if args.iter().any(|a| !a.is_empty()) {
                self.facts.helper_calls.push(crate::facts::HelperCall {
                    callee: method.to_string(),
                    args,
                    span: span(n),
                });
            }
        }
        self.deletion(n, recv, method, &positional, &kwargs);
        if matches!(
            method,
            "save" | "commit" | "add" | "flush" | "save_changes" | "update_one" | "replace_one"
        ) {
            let scope = self.scope(n);
            match (method, recv) {
                ("save", Some(r)) | ("save_changes", Some(r)) => {
                    let name = self.t(r).rsplit('.').next().unwrap_or("").to_string();
                    self.clears.save(scope, name);
                }
                _ => {
                    self.clears.save(scope, "*".into());
                }
            }
        }
    }

    /// Does `v` read a field called `field` (`form.phone`, `data["phone"]`, `d.get("phone")`)?
    fn names_field(&self, v: Node, field: &str) -> bool {
        match v.kind() {
            "attribute" => v
                .child_by_field_name("attribute")
                .is_some_and(|a| self.t(a) == field),
            "subscript" => v
                .child_by_field_name("subscript")
                .is_some_and(|k| k.kind() == "string" && unquote(self.t(k)) == field),
            "identifier" => self.t(v) == field,
            _ => false,
        }
    }

    /// The model a receiver chain is about: `User.objects.filter(…)` → User,
    /// `session.query(User)…` → User, `user` → by name.
    fn chain_target(&self, mut r: Node<'a>) -> Option<Target> {
        let mut last_name: Option<&str> = None;
        loop {
            match r.kind() {
                "identifier" => {
                    let s = self.t(r);
                    if matches!(s, "self" | "cls") && last_name.is_none() {
                        if let Some((_, class)) = self.class_stack.last() {
                            return Some(Target::Entity(class.to_string()));
                        }
                    }
                    if s.starts_with(|c: char| c.is_ascii_uppercase()) {
                        return Some(Target::Entity(s.to_string()));
                    }
                    if let Some(t) = self.var_types.get(s) {
                        return Some(Target::Entity(t.clone()));
                    }
                    let name = last_name.filter(|n| *n != "objects").unwrap_or(s);
                    return Some(Target::Name(name.to_string()));
                }
                "attribute" => {
                    let a = r.child_by_field_name("attribute").map_or("", |a| self.t(a));
                    let obj = r.child_by_field_name("object")?;
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
                    let f = r.child_by_field_name("function")?;
                    let m = match f.kind() {
                        "attribute" => f.child_by_field_name("attribute").map_or("", |x| self.t(x)),
                        _ => self.t(f),
                    };
                    if matches!(
                        m,
                        "query" | "select" | "get_object_or_404" | "get_list_or_404"
                    ) {
                        if let Some(a) = r
                            .child_by_field_name("arguments")
                            .and_then(|a| a.named_child(0))
                        {
                            if a.kind() == "identifier" {
                                return Some(Target::Entity(self.t(a).to_string()));
                            }
                        }
                    }
                    r = match f.kind() {
                        "attribute" => f.child_by_field_name("object")?,
                        _ => return last_name.map(|n| Target::Name(n.to_string())),
                    };
                }
                _ => return last_name.map(|n| Target::Name(n.to_string())),
            }
        }
    }

    fn deletion(
        &mut self,
        n: Node<'a>,
        recv: Option<Node<'a>>,
        method: &str,
        positional: &[Node<'a>],
        kwargs: &[(&'a str, Node<'a>)],
    ) {
        let sp = span(n);
        // `delete(User)`, `sa.delete(User).where(…)`, `db.session.delete(self.user)`.
        if method == "delete"
            && positional.len() == 1
            && matches!(positional[0].kind(), "identifier" | "attribute")
        {
            let arg = self.t(positional[0]);
            let arg = arg.rsplit('.').next().unwrap_or(arg);
            let recv_txt = recv.map_or("", |r| self.t(r));
            let is_session =
                recv_txt.contains("session") || recv_txt == "db" || recv_txt.ends_with(".db");
            if recv.is_none() || recv_txt == "sa" || recv_txt == "sqlalchemy" || is_session {
                let target = if arg.starts_with(|c: char| c.is_ascii_uppercase()) {
                    Target::Entity(arg.to_string())
                } else {
                    self.target_of_name(arg)
                };
                self.push_deletion(
                    target,
                    DeletionKind::Delete,
                    sp,
                    format!("`{}`", self.t(n).chars().take(60).collect::<String>()),
                );
                return;
            }
        }
        let Some(recv) = recv else {
            return;
        };
        // `self.user.identities.remove(self.identity)`: an ORM collection dropping a child,
        // which `delete-orphan` or the ORM then deletes.
        if matches!(method, "remove" | "discard")
            && recv.kind() == "attribute"
            && positional.len() == 1
            && matches!(positional[0].kind(), "identifier" | "attribute")
        {
            let arg = self.t(positional[0]);
            let arg = arg.rsplit('.').next().unwrap_or(arg);
            let collection = recv
                .child_by_field_name("attribute")
                .map_or("", |a| self.t(a))
                .to_ascii_lowercase();
            // Only a one-to-many collection of that very thing (`identities.remove(identity)`),
            // not a membership list (`acl.remove(user)`).
            let arg_l = arg.to_ascii_lowercase();
            let stem = arg_l.strip_suffix('y').unwrap_or(&arg_l);
            if !arg_l.is_empty() && collection.ends_with('s') && collection.contains(stem) {
                let t = self.target_of_name(arg);
                self.push_deletion(
                    t,
                    DeletionKind::Delete,
                    sp,
                    format!("`.{method}()` from the `{collection}` collection"),
                );
            }
        }
        if DELETE_METHODS.contains(&method) {
            if let Some(t) = self.chain_target(recv) {
                self.push_deletion(t, DeletionKind::Delete, sp, format!("`.{method}()`"));
            }
        } else if method == "update" && !kwargs.is_empty() {
            let cleared: Vec<String> = kwargs
                .iter()
                .filter(|(_, v)| self.is_blank(*v))
                .map(|(k, _)| k.to_string())
                .collect();
            let soft = kwargs
                .iter()
                .any(|(k, _)| super::sql::is_soft_delete_flag(k));
            if let Some(t) = self.chain_target(recv) {
                if !cleared.is_empty() {
                    self.facts.deletions.push(Deletion {
                        target: t,
                        kind: DeletionKind::Anonymise,
                        span: sp,
                        how: "`.update()` clearing personal fields".into(),
                        fields: cleared,
                    });
                } else if soft {
                    self.push_deletion(
                        t,
                        DeletionKind::SoftDelete,
                        sp,
                        "`.update()` setting a deletion flag".into(),
                    );
                }
            }
        } else if matches!(
            method,
            "expire" | "setex" | "psetex" | "pexpire" | "expireat"
        ) {
            if let Some(k) = positional.first() {
                let key = self.t(*k);
                let word = key
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .find(|w| w.len() > 2)
                    .unwrap_or("");
                if !word.is_empty() {
                    self.push_deletion(
                        Target::Name(word.to_string()),
                        DeletionKind::Expire,
                        sp,
                        format!("Redis `{method}`"),
                    );
                }
            }
        }
    }

    /// A deletion whose target is a parameter makes the function a delete helper.
    fn param_deletion(&mut self, at: usize, name: &str) -> bool {
        while self.fn_info.last().is_some_and(|f| at >= f.0) {
            self.fn_info.pop();
        }
        let Some((f, i)) = self
            .fn_info
            .iter()
            .rev()
            .find_map(|(_, f, params)| params.iter().position(|p| *p == name).map(|i| (*f, i)))
        else {
            return false;
        };
        if f.is_empty() || name == "self" {
            return false;
        }
        self.facts.deleting_params.push((f.to_string(), i));
        true
    }

    fn push_deletion(&mut self, target: Target, kind: DeletionKind, span: Span, how: String) {
        if kind == DeletionKind::Delete {
            if let Target::Name(n) = &target {
                if self.param_deletion(span.start as usize, n) {
                    return;
                }
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
    fn is_blank(&self, v: Node) -> bool {
        use super::anonymise::{anonymising_callee, blank_literal};
        match v.kind() {
            "none" => true,
            "string" => blank_literal(unquote(self.t(v))),
            "call" => v
                .child_by_field_name("function")
                .is_some_and(|f| anonymising_callee(self.t(f))),
            _ => false,
        }
    }

    // ---- assignments ----

    fn assignment(&mut self, n: Node<'a>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        match left.kind() {
            "attribute" => {
                self.not_read.insert((left.start_byte(), left.end_byte()));
                if let (Some(attr), Some(Target::Entity(t))) = (
                    left.child_by_field_name("attribute"),
                    self.entity_of_value(right),
                ) {
                    self.var_types.insert(self.t(attr).to_string(), t);
                }
                let (Some(obj), Some(attr)) = (
                    left.child_by_field_name("object"),
                    left.child_by_field_name("attribute"),
                ) else {
                    return;
                };
                let field = self.t(attr);
                if self.names_field(right, field) {
                    self.not_read.insert((right.start_byte(), right.end_byte()));
                }
                let recv = self.t(obj).to_string();
                let recv_last = recv.rsplit('.').next().unwrap_or(&recv).to_string();
                if super::sql::is_soft_delete_flag(field)
                    && !matches!(right.kind(), "none" | "false")
                {
                    let t = self.target_of_name(&recv_last);
                    self.push_deletion(
                        t,
                        DeletionKind::SoftDelete,
                        span(n),
                        format!("`{recv_last}.{field}` set"),
                    );
                } else if self.is_blank(right) {
                    let scope = self.scope(n);
                    self.clears.clear(scope, recv_last, field, span(n));
                }
            }
            "subscript" => {
                self.not_read.insert((left.start_byte(), left.end_byte()));
            }
            "pattern_list" | "tuple_pattern" => {
                let scope = self.scope(n);
                for id in named_children(left).filter(|c| c.kind() == "identifier") {
                    self.type_history
                        .push((self.t(id).to_string(), n.start_byte(), scope, None));
                    self.var_types.remove(self.t(id));
                }
            }
            "identifier" => {
                if let Some(key) = self.payload_key(right) {
                    // The key counts as read only if the local is used.
                    self.not_read.insert((right.start_byte(), right.end_byte()));
                    self.not_read.insert((left.start_byte(), left.end_byte()));
                    self.payload_locals.push((self.t(left), key));
                }
                let var = self.t(left).to_string();
                let typed = match self.entity_of_value(right) {
                    Some(Target::Entity(e)) => Some(e),
                    _ => None,
                };
                let scope = self.scope(n);
                let instance = self.instance_of_value(right);
                self.type_history
                    .push((var.clone(), n.start_byte(), scope, instance));
                match typed {
                    Some(t) => {
                        self.var_types.insert(var, t);
                    }
                    None => {
                        self.var_types.remove(&var);
                    }
                }
            }
            _ => {}
        }
    }

    /// `request.form["dob"]`, `request.POST.get("dob")` → `dob`.
    fn payload_key(&self, v: Node<'a>) -> Option<&'a str> {
        let (recv, key) = match v.kind() {
            "subscript" => (
                v.child_by_field_name("value")?,
                v.child_by_field_name("subscript")?,
            ),
            "call" => {
                let f = v.child_by_field_name("function")?;
                if f.kind() != "attribute"
                    || !matches!(
                        f.child_by_field_name("attribute").map(|a| self.t(a)),
                        Some("get" | "getlist")
                    )
                {
                    return None;
                }
                (
                    f.child_by_field_name("object")?,
                    v.child_by_field_name("arguments")?.named_child(0)?,
                )
            }
            _ => return None,
        };
        (key.kind() == "string" && is_payload(self.t(recv))).then(|| unquote(self.t(key)))
    }

    /// The model a value is one instance of (for logging: a queryset or a count is not).
    fn instance_of_value(&self, right: Node<'a>) -> Option<String> {
        let r = if right.kind() == "await" {
            right.named_child(0).unwrap_or(right)
        } else {
            right
        };
        // Only calls that return one instance (`.get()`, `.first()`, `get_object_or_404`);
        // `.count()`, `.exists()`, `.filter()` return something else.
        if r.kind() == "call" {
            let f = r.child_by_field_name("function")?;
            let m = match f.kind() {
                "attribute" => self.t(f.child_by_field_name("attribute")?),
                _ => self.t(f),
            };
            if !m.starts_with(|c: char| c.is_ascii_uppercase())
                && !matches!(
                    m,
                    "get"
                        | "first"
                        | "last"
                        | "latest"
                        | "earliest"
                        | "one"
                        | "one_or_none"
                        | "scalar"
                        | "scalar_one"
                        | "create"
                        | "get_or_404"
                        | "first_or_404"
                        | "one_or_404"
                        | "get_object_or_404"
                        | "get_by_id"
                        | "find_one"
                        | "find"
                        | "get_or_create"
                        | "update_or_create"
                        | "model_validate"
                        | "parse_obj"
                )
            {
                return None;
            }
        }
        match self.entity_of_value(right) {
            Some(Target::Entity(e)) => Some(e),
            _ => None,
        }
    }

    /// The model a value is an instance or query of: `User.query.get(id)`, `await User(…)`.
    fn entity_of_value(&self, right: Node<'a>) -> Option<Target> {
        let r = if right.kind() == "await" {
            right.named_child(0).unwrap_or(right)
        } else {
            right
        };
        // `SignupIn(email=…)`: a constructor call.
        if let Some(f) = r
            .child_by_field_name("function")
            .filter(|_| r.kind() == "call")
        {
            let name = self.t(f).rsplit('.').next().unwrap_or("");
            if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                return Some(Target::Entity(name.to_string()));
            }
        }
        match r.kind() {
            "call" | "attribute" => self.chain_target(r),
            _ => None,
        }
    }

    /// `"email"` or `"-created"` in a list or assigned to a name (`list_display`,
    /// `USERNAME_FIELD`, `link_url_field_name`): a field named by a string is read by name.
    fn string_read(&mut self, n: Node<'a>) {
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

    fn sql_string(&mut self, n: Node) {
        for c in named_children(n).filter(|c| c.kind() == "string_content") {
            let s = self.t(c);
            if super::sql::worth_scanning(s) {
                super::sql::scan_embedded(s, c.start_byte(), &mut self.facts);
            }
        }
    }
}
