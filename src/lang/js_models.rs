//! JavaScript/TypeScript data models for the repository rules, read during the front-end's
//! single walk: Mongoose schemas, Sequelize models, TypeORM entities, NestJS DTOs, Zod/Yup/Joi
//! object schemas, TS request-body types; field reads; deletion evidence.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::ts::{named_children, span, text, unquote};
use crate::facts::{
    Deletion, DeletionKind, Entity, Field, Framework, Link, ModelFacts, OnDelete, Span, Target,
};

/// Decorator names with their argument lists: `@Column({ nullable: true })`.
type Decorators<'a> = Vec<(String, Option<Node<'a>>)>;

pub struct Models<'a> {
    src: &'a str,
    pub facts: ModelFacts,
    /// Field names read, deduplicated as the walk goes (most files read the same few).
    reads: HashSet<&'a str>,
    not_read: HashSet<(usize, usize)>,
    /// Names bound by destructuring (`const { phone } = req.body`): reads only if the local
    /// is used for more than a same-named copy.
    destructured: Vec<(&'a str, &'a str)>,
    identifiers: HashSet<&'a str>,
    /// Schema variable → model name (`mongoose.model("User", userSchema)`).
    schema_models: HashMap<&'a str, String>,
    /// Schema variables with a TTL index.
    ttl_schemas: HashMap<&'a str, Span>,
    clears: super::anonymise::Clears,
    /// Enclosing functions, for grouping clears and saves per function.
    scopes: super::ts::Scopes,
    /// Enclosing functions with their name and parameter names, for delete helpers.
    fn_info: Vec<(usize, &'a str, Vec<&'a str>)>,
    /// `const model = require("../models/user")` → `user`: the module names the model.
    module_alias: HashMap<&'a str, &'a str>,
    /// `repo: Repository<User>`, `userModel: Model<User>` → User.
    typed: HashMap<&'a str, &'a str>,
    /// Locals known to hold a model instance: `const user = await User.findById(…)`,
    /// `user: User`.
    var_entity: HashMap<&'a str, String>,
    /// Request body types by position (`req: Request<{}, {}, SignupBody>`).
    request_types: Vec<(usize, String)>,
}

const DELETE_METHODS: &[&str] = &[
    "deleteOne",
    "deleteMany",
    "findByIdAndDelete",
    "findOneAndDelete",
    "findByIdAndRemove",
    "findOneAndRemove",
    "remove",
    "destroy",
    "delete",
    "del",
    "deleteById",
    "deleteAll",
    "purge",
    "erase",
    "hardDelete",
];
const SOFT_METHODS: &[&str] = &["softDelete", "softRemove", "softDeleteById", "archive"];
const UPDATE_METHODS: &[&str] = &[
    "update",
    "updateOne",
    "updateMany",
    "findByIdAndUpdate",
    "findOneAndUpdate",
    "upsert",
    "save",
];
const STORE_CALLS: &[&str] = &[
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
const VALIDATOR_DECORATORS: &[&str] = &[
    "IsEmail",
    "IsString",
    "IsNotEmpty",
    "IsOptional",
    "IsPhoneNumber",
    "IsDateString",
    "IsDate",
    "Length",
    "MaxLength",
    "MinLength",
    "Matches",
    "IsInt",
    "IsNumber",
    "IsBoolean",
    "IsEnum",
    "IsUUID",
    "IsPostalCode",
    "IsISO8601",
    "ApiProperty",
    "ApiPropertyOptional",
    "Field",
    "IsMobilePhone",
    "IsIn",
    "IsUrl",
];

impl<'a> Models<'a> {
    pub fn new(src: &'a str) -> Models<'a> {
        Models {
            src,
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

    fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    /// The innermost function around `n` (its start byte + 1), 0 at module level.
    fn scope(&mut self, n: Node) -> usize {
        self.scopes.enter(n, false);
        self.scopes.current()
    }

    pub fn visit(&mut self, n: Node<'a>) {
        match n.kind() {
            "function_declaration"
            | "function_expression"
            | "arrow_function"
            | "method_definition"
            | "function" => {
                self.scopes.enter(n, true);
                self.enter_function(n);
            }
            "identifier"
                if !self.destructured.is_empty()
                    && !self.not_read.contains(&(n.start_byte(), n.end_byte())) =>
            {
                self.identifiers.insert(self.t(n));
            }
            "member_expression" if !self.not_read.contains(&(n.start_byte(), n.end_byte())) => {
                if let Some(p) = n.child_by_field_name("property") {
                    self.reads.insert(self.t(p));
                }
            }
            "subscript_expression" if !self.not_read.contains(&(n.start_byte(), n.end_byte())) => {
                if let Some(i) = n
                    .child_by_field_name("index")
                    .filter(|i| i.kind() == "string")
                {
                    self.reads.insert(unquote(self.t(i)));
                }
            }
            "object_pattern" => {
                for c in named_children(n) {
                    match c.kind() {
                        "shorthand_property_identifier_pattern" => {
                            self.destructured.push((self.t(c), self.t(c)))
                        }
                        "object_assignment_pattern" => {
                            if let Some(l) = c.child_by_field_name("left") {
                                self.destructured.push((self.t(l), self.t(l)));
                            }
                        }
                        "pair_pattern" => {
                            // `{ email: mail }`: `email` is read if `mail` is used.
                            if let (Some(k), Some(v)) =
                                (c.child_by_field_name("key"), c.child_by_field_name("value"))
                            {
                                let local = match v.kind() {
                                    "identifier" => Some(v),
                                    "assignment_pattern" => v.child_by_field_name("left"),
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
                for c in named_children(n).filter(|c| c.kind() == "string") {
                    let s = unquote(self.t(c)).trim_start_matches('-');
                    if !s.is_empty()
                        && s.len() < 64
                        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        self.reads.insert(s);
                    }
                }
            }
            "spread_element" => {
                let inner = n.named_child(0);
                self.whole(inner);
            }
            "class_declaration" | "class" | "abstract_class_declaration" => self.class(n),
            "interface_declaration" => {
                if let (Some(name), Some(body)) =
                    (n.child_by_field_name("name"), n.child_by_field_name("body"))
                {
                    self.type_entity(name, body);
                }
            }
            "type_alias_declaration" => {
                if let (Some(name), Some(v)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    if v.kind() == "object_type" {
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
            "call_expression" => self.call(n),
            "new_expression" => self.new_expr(n),
            "string_fragment" => {
                let s = self.t(n);
                if super::sql::worth_scanning(s) {
                    super::sql::scan_embedded(s, n.start_byte(), &mut self.facts);
                }
            }
            _ => {}
        }
    }

    fn enter_function(&mut self, n: Node<'a>) {
        let start = n.start_byte();
        while self.fn_info.last().is_some_and(|f| start >= f.0) {
            self.fn_info.pop();
        }
        let name = n
            .child_by_field_name("name")
            .or_else(|| {
                n.parent()
                    .filter(|p| matches!(p.kind(), "variable_declarator" | "pair"))
                    .and_then(|p| {
                        p.child_by_field_name("name")
                            .or_else(|| p.child_by_field_name("key"))
                    })
            })
            .map_or("", |x| self.t(x));
        let params: Vec<&'a str> = n
            .child_by_field_name("parameters")
            .map(|ps| {
                named_children(ps)
                    .map(|p| {
                        let p = match p.kind() {
                            "assignment_pattern" => p.child_by_field_name("left").unwrap_or(p),
                            "required_parameter" | "optional_parameter" => {
                                p.child_by_field_name("pattern").unwrap_or(p)
                            }
                            _ => p,
                        };
                        if p.kind() == "identifier" {
                            self.t(p)
                        } else {
                            ""
                        }
                    })
                    .collect()
            })
            .or_else(|| n.child_by_field_name("parameter").map(|p| vec![self.t(p)]))
            .unwrap_or_default();
        self.fn_info.push((n.end_byte(), name, params));
    }

    /// A deletion whose target is a parameter makes the function a delete helper.
    fn param_deletion(&mut self, at: usize, name: &str) -> bool {
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
            return false;
        };
        if f.is_empty() {
            return false;
        }
        self.facts.deleting_params.push((f.to_string(), i));
        true
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
        self.var_entity.get(name).cloned()
    }

    pub fn finish(mut self) -> ModelFacts {
        for (local, key) in std::mem::take(&mut self.destructured) {
            if self.identifiers.contains(local) {
                self.reads.insert(key);
            }
        }
        // Mongoose: name schemas after their model, attach TTL indexes.
        for e in &mut self.facts.entities {
            if e.framework != Framework::Mongoose {
                continue;
            }
            let var = e.name.clone();
            if let Some(ttl) = self.ttl_schemas.get(var.as_str()) {
                e.expires = Some(*ttl);
            }
            if let Some(m) = self.schema_models.get(var.as_str()) {
                e.name = m.clone();
            } else if let Some(base) = var.strip_suffix("Schema").filter(|b| !b.is_empty()) {
                let mut c = base.chars();
                e.name = c
                    .next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default();
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

    fn whole(&mut self, n: Option<Node>) {
        let Some(n) = n else {
            return;
        };
        let name = match n.kind() {
            "identifier" => self.t(n),
            "member_expression" => n.child_by_field_name("property").map_or("", |p| self.t(p)),
            _ => return,
        };
        if !name.is_empty() {
            self.facts.whole_uses.push(name.to_string());
        }
    }

    fn new_entity(&self, name: &str, framework: Framework, at: Span) -> Entity {
        Entity::new(name, framework, at)
    }

    /// `{ email: String, phone: { type: String, expires: 3600 } }` → fields.
    fn object_fields(&self, obj: Node<'a>, e: &mut Entity) {
        for c in named_children(obj) {
            let (key, value) = match c.kind() {
                "pair" => (c.child_by_field_name("key"), c.child_by_field_name("value")),
                "shorthand_property_identifier" => (Some(c), None),
                _ => continue,
            };
            let Some(key) = key else {
                continue;
            };
            let name = unquote(self.t(key));
            let ty = value.map(|v| {
                if v.kind() == "object" {
                    self.pair_value(v, "type").map_or("", |t| self.t(t))
                } else {
                    self.t(v)
                }
            });
            if let Some(v) = value.filter(|v| v.kind() == "object") {
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

    fn pair_value(&self, obj: Node<'a>, key: &str) -> Option<Node<'a>> {
        if obj.kind() != "object" {
            return None;
        }
        named_children(obj)
            .filter(|c| c.kind() == "pair")
            .find(|c| {
                c.child_by_field_name("key")
                    .is_some_and(|k| unquote(self.t(k)) == key)
            })
            .and_then(|c| c.child_by_field_name("value"))
    }

    // ---- declarations ----

    fn declarator(&mut self, n: Node<'a>) {
        let (Some(name), Some(value)) = (
            n.child_by_field_name("name"),
            n.child_by_field_name("value"),
        ) else {
            return;
        };
        if name.kind() == "object_pattern" {
            let source = self.t(value);
            if matches!(
                source,
                "req.body" | "request.body" | "ctx.request.body" | "req.query" | "request.query"
            ) {
                let mut e = self.new_entity(source, Framework::RequestPayload, span(value));
                for c in named_children(name) {
                    let key = match c.kind() {
                        "shorthand_property_identifier_pattern" => Some(c),
                        "object_assignment_pattern" => c.child_by_field_name("left"),
                        "pair_pattern" => c.child_by_field_name("key"),
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
        if name.kind() != "identifier" {
            return;
        }
        let var = self.t(name);
        if let Some(ty) = n.child_by_field_name("type") {
            let t = self.t(ty).trim_start_matches(':').trim();
            if t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.var_entity.insert(var, t.to_string());
            }
        }
        let inner = if value.kind() == "await_expression" {
            value.named_child(0).unwrap_or(value)
        } else {
            value
        };
        match inner.kind() {
            "new_expression" => {
                if let Some(c) = inner
                    .child_by_field_name("constructor")
                    .filter(|c| c.kind() == "identifier")
                {
                    self.var_entity.insert(var, self.t(c).to_string());
                }
            }
            "call_expression" => {
                let finder = inner
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("property"))
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
        if value.kind() == "call_expression"
            && value
                .child_by_field_name("function")
                .is_some_and(|f| self.t(f) == "require")
        {
            if let Some(m) = value
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|m| m.kind() == "string")
            {
                let path = unquote(self.t(m));
                let base = path.rsplit('/').next().unwrap_or(path);
                self.module_alias
                    .insert(var, base.split('.').next().unwrap_or(base));
            }
        }
        let value = if value.kind() == "await_expression" {
            value.named_child(0).unwrap_or(value)
        } else {
            value
        };
        if value.kind() != "call_expression" {
            return;
        }
        // Zod / Yup / Joi object schemas: the whole chain's innermost `object({...})`.
        let txt = self.t(value);
        let (framework, obj) = if txt.starts_with("z.object(") || txt.starts_with("z\n") {
            (Framework::Zod, self.first_object_arg(value, "object"))
        } else if txt.starts_with("yup.object(")
            || txt.starts_with("Yup.object(")
            || txt.starts_with("object(") && txt.contains(".shape(")
            || txt.starts_with("yup.object().shape(")
        {
            (
                Framework::Yup,
                self.first_object_arg(value, "object")
                    .or_else(|| self.first_object_arg(value, "shape")),
            )
        } else if txt.starts_with("Joi.object(")
            || txt.starts_with("joi.object(")
            || txt.starts_with("Joi.object().keys(")
        {
            (
                Framework::Joi,
                self.first_object_arg(value, "object")
                    .or_else(|| self.first_object_arg(value, "keys")),
            )
        } else {
            return;
        };
        let Some(obj) = obj else {
            return;
        };
        let mut e = self.new_entity(var, framework, span(name));
        self.object_fields(obj, &mut e);
        if !e.fields.is_empty() {
            self.facts.entities.push(e);
        }
    }

    /// The first object literal passed to a call named `method` inside a call chain.
    fn first_object_arg(&self, call: Node<'a>, method: &str) -> Option<Node<'a>> {
        let mut cur = call;
        let mut found = None;
        loop {
            if cur.kind() != "call_expression" {
                return found;
            }
            let f = cur.child_by_field_name("function")?;
            let m = match f.kind() {
                "member_expression" => f.child_by_field_name("property").map_or("", |p| self.t(p)),
                _ => self.t(f),
            };
            if m == method {
                if let Some(o) = cur
                    .child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|o| o.kind() == "object")
                {
                    found = Some(o);
                }
            }
            cur = match f.kind() {
                "member_expression" => f.child_by_field_name("object")?,
                _ => return found,
            };
        }
    }

    fn decorators(&self, n: Node<'a>) -> Decorators<'a> {
        let mut out = Vec::new();
        let mut push = |d: Node<'a>| {
            let inner = d.named_child(0);
            let (name, args) = match inner {
                Some(c) if c.kind() == "call_expression" => (
                    c.child_by_field_name("function").map_or("", |f| self.t(f)),
                    c.child_by_field_name("arguments"),
                ),
                Some(c) => (self.t(c), None),
                None => ("", None),
            };
            out.push((name.rsplit('.').next().unwrap_or(name).to_string(), args));
        };
        for c in named_children(n).filter(|c| c.kind() == "decorator") {
            push(c);
        }
        if let Some(p) = n.parent().filter(|p| p.kind() == "export_statement") {
            for c in named_children(p).filter(|c| c.kind() == "decorator") {
                push(c);
            }
        }
        out
    }

    fn class(&mut self, n: Node<'a>) {
        let (Some(name), Some(body)) =
            (n.child_by_field_name("name"), n.child_by_field_name("body"))
        else {
            return;
        };
        let cname = self.t(name);
        let decorators = self.decorators(n);
        let heritage = named_children(n)
            .find(|c| c.kind() == "class_heritage")
            .map(|h| self.t(h))
            .unwrap_or("");
        let entity_dec = decorators
            .iter()
            .find(|(d, _)| d == "Entity" || d == "Table");
        let mut members: Vec<(Node<'a>, Decorators<'a>)> = Vec::new();
        let mut custom_repr = false;
        for m in named_children(body) {
            match m.kind() {
                "public_field_definition" | "field_definition" => {
                    self.typed_binding(m);
                    let decs = self.decorators(m);
                    members.push((m, decs));
                }
                "method_definition"
                    if m.child_by_field_name("name").is_some_and(|x| {
                        matches!(self.t(x), "toJSON" | "toString" | "inspect")
                    }) =>
                {
                    custom_repr = true;
                }
                _ => {}
            }
        }
        let any_member_dec = |names: &[&str]| {
            members
                .iter()
                .any(|(_, d)| d.iter().any(|(x, _)| names.contains(&x.as_str())))
        };
        let framework = if entity_dec.is_some() {
            Framework::TypeOrm
        } else if heritage.contains("Model")
            && (any_member_dec(&["Column"]) || decorators.iter().any(|(d, _)| d == "Table"))
        {
            Framework::Sequelize
        } else if any_member_dec(VALIDATOR_DECORATORS)
            || cname.ends_with("Dto")
            || cname.ends_with("DTO")
            || cname.ends_with("Input") && !members.is_empty()
        {
            Framework::NestDto
        } else if heritage.contains("Model") {
            // `class User extends Model {}` + `User.init({...})`: fields come from `init`.
            return;
        } else if !members.is_empty() {
            // A plain class with declared fields: a shape like an interface. It counts as
            // collected only where it types a request body; logging an instance prints it.
            Framework::TsBodyType
        } else {
            return;
        };
        let mut e = self.new_entity(cname, framework, span(name));
        e.custom_repr = custom_repr;
        if let Some((_, Some(args))) = entity_dec {
            if let Some(a) = args.named_child(0) {
                match a.kind() {
                    "string" => e.table = Some(unquote(self.t(a)).to_string()),
                    "object" => {
                        if let Some(t) = self
                            .pair_value(a, "name")
                            .or_else(|| self.pair_value(a, "tableName"))
                        {
                            e.table = Some(unquote(self.t(t)).to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        for (m, decs) in members {
            let Some(prop) = m
                .child_by_field_name("name")
                .or_else(|| m.child_by_field_name("property"))
            else {
                continue;
            };
            let fname = self.t(prop);
            let ty = m
                .child_by_field_name("type")
                .map(|t| self.t(t).trim_start_matches(':').trim().to_string());
            let rel = decs.iter().find(|(d, _)| {
                matches!(
                    d.as_str(),
                    "ManyToOne" | "OneToOne" | "BelongsTo" | "ForeignKey"
                )
            });
            if let Some((_, args)) = rel {
                let target = args
                    .and_then(|a| a.named_child(0))
                    .map(|t| {
                        self.t(t)
                            .rsplit("=>")
                            .next()
                            .unwrap_or("")
                            .trim()
                            .trim_matches(['"', '\''])
                            .to_string()
                    })
                    .unwrap_or_default();
                let od = args
                    .and_then(|a| named_children(a).find(|x| x.kind() == "object"))
                    .and_then(|o| self.pair_value(o, "onDelete"))
                    .map(|v| on_delete(self.t(v)))
                    .unwrap_or(OnDelete::Keep);
                if !target.is_empty() {
                    e.links.push(Link {
                        target,
                        on_delete: od,
                        from_parent: false,
                        span: span(m),
                    });
                }
                continue;
            }
            if decs.iter().any(|(d, _)| {
                matches!(
                    d.as_str(),
                    "OneToMany" | "ManyToMany" | "HasMany" | "HasOne"
                )
            }) {
                continue;
            }
            if decs.iter().any(|(d, _)| d == "DeleteDateColumn") {
                e.paranoid = true;
            }
            if framework == Framework::TypeOrm && !decs.iter().any(|(d, _)| d.ends_with("Column")) {
                continue;
            }
            e.fields.push(Field {
                name: fname.to_string(),
                span: span(prop),
                declared_type: ty,
                hidden: decs.iter().any(|(d, _)| d == "Exclude"),
            });
        }
        if !e.fields.is_empty() || !e.links.is_empty() {
            self.facts.entities.push(e);
        }
    }

    fn type_entity(&mut self, name: Node<'a>, body: Node<'a>) {
        let mut e = self.new_entity(self.t(name), Framework::TsBodyType, span(name));
        for p in named_children(body).filter(|p| p.kind() == "property_signature") {
            if let Some(k) = p.child_by_field_name("name") {
                e.fields.push(Field {
                    name: unquote(self.t(k)).to_string(),
                    span: span(k),
                    declared_type: p
                        .child_by_field_name("type")
                        .map(|t| self.t(t).trim_start_matches(':').trim().to_string()),
                    hidden: false,
                });
            }
        }
        if !e.fields.is_empty() {
            self.facts.entities.push(e);
        }
    }

    fn generic_type(&mut self, n: Node<'a>) {
        let name = n.child_by_field_name("name").map_or("", |x| self.t(x));
        let last = name.rsplit('.').next().unwrap_or(name);
        if !matches!(
            last,
            "Request"
                | "TypedRequest"
                | "TypedRequestBody"
                | "FastifyRequest"
                | "NextApiRequest"
                | "RequestHandler"
        ) {
            return;
        }
        if let Some(args) = n
            .child_by_field_name("type_arguments")
            .or_else(|| named_children(n).find(|c| c.kind() == "type_arguments"))
        {
            if let Some(last) = named_children(args)
                .filter(|a| a.kind() == "type_identifier")
                .last()
            {
                self.request_types
                    .push((n.start_byte(), self.t(last).to_string()));
            }
            for a in named_children(args) {
                let t = self.t(a);
                if a.kind() == "type_identifier" {
                    self.facts.input_types.push(t.to_string());
                } else if a.kind() == "object_type" {
                    // `{ Body: SignupBody }` (Fastify).
                    for p in named_children(a) {
                        if let Some(ty) = p.child_by_field_name("type") {
                            self.facts
                                .input_types
                                .push(self.t(ty).trim_start_matches(':').trim().to_string());
                        }
                    }
                }
            }
        }
    }

    fn parameter(&mut self, n: Node<'a>) {
        let decorated_body = named_children(n).any(|c| {
            c.kind() == "decorator" && {
                let t = self.t(c);
                t.starts_with("@Body")
                    || t.starts_with("@Query")
                    || t.starts_with("@Args")
                    || t.starts_with("@Payload")
            }
        });
        if decorated_body {
            if let Some(ty) = n.child_by_field_name("type") {
                self.facts
                    .input_types
                    .push(self.t(ty).trim_start_matches(':').trim().to_string());
            }
        }
        self.typed_binding(n);
    }

    /// `private repo: Repository<User>`: what the binding's name stands for.
    fn typed_binding(&mut self, n: Node<'a>) {
        let (Some(name), Some(ty)) = (
            n.child_by_field_name("pattern")
                .or_else(|| n.child_by_field_name("name")),
            n.child_by_field_name("type"),
        ) else {
            return;
        };
        let t = self.t(ty).trim_start_matches(':').trim();
        if t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.var_entity.insert(self.t(name), t.to_string());
        }
        for wrapper in [
            "Repository<",
            "Model<",
            "EntityRepository<",
            "MongoRepository<",
            "ModelStatic<",
            "ModelCtor<",
        ] {
            if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix('>')) {
                self.typed.insert(self.t(name), inner.trim());
            }
        }
    }

    // ---- statements ----

    fn assignment(&mut self, n: Node<'a>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        if left.kind() != "member_expression" {
            return;
        }
        self.not_read.insert((left.start_byte(), left.end_byte()));
        let (Some(obj), Some(prop)) = (
            left.child_by_field_name("object"),
            left.child_by_field_name("property"),
        ) else {
            return;
        };
        let field = self.t(prop);
        if self.names_field(right, field) {
            self.not_read.insert((right.start_byte(), right.end_byte()));
        }
        let recv = self.t(obj);
        let recv = recv.rsplit('.').next().unwrap_or(recv).to_string();
        if super::sql::is_soft_delete_flag(field)
            && !matches!(right.kind(), "null" | "false" | "undefined")
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
        match v.kind() {
            "member_expression" => v
                .child_by_field_name("property")
                .is_some_and(|p| self.t(p) == field),
            "subscript_expression" => v
                .child_by_field_name("index")
                .is_some_and(|i| i.kind() == "string" && unquote(self.t(i)) == field),
            _ => false,
        }
    }

    fn is_blank(&self, v: Node) -> bool {
        use super::anonymise::{anonymising_callee, blank_literal};
        match v.kind() {
            "null" | "undefined" => true,
            "string" | "template_string" => blank_literal(unquote(self.t(v))),
            "call_expression" => v
                .child_by_field_name("function")
                .is_some_and(|f| anonymising_callee(self.t(f))),
            _ => false,
        }
    }

    fn new_expr(&mut self, n: Node<'a>) {
        let ctor = n
            .child_by_field_name("constructor")
            .map_or("", |c| self.t(c));
        let args = n.child_by_field_name("arguments");
        if matches!(ctor, "Schema" | "mongoose.Schema") {
            let Some(obj) = args
                .and_then(|a| a.named_child(0))
                .filter(|o| o.kind() == "object")
            else {
                return;
            };
            // Named by the variable it is assigned to; renamed after its model in `finish`.
            let Some(decl) = n.parent().filter(|p| p.kind() == "variable_declarator") else {
                return;
            };
            let Some(var) = decl.child_by_field_name("name") else {
                return;
            };
            let mut e = self.new_entity(self.t(var), Framework::Mongoose, span(var));
            self.object_fields(obj, &mut e);
            if let Some(opts) = args.and_then(|a| a.named_child(1)) {
                if let Some(c) = self.pair_value(opts, "collection") {
                    e.table = Some(unquote(self.t(c)).to_string());
                }
            }
            self.facts.entities.push(e);
        } else if ctor.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.plumbing(args);
        }
    }

    /// Object literals passed to a storing call: `{ phone: body.phone }` is a copy.
    fn plumbing(&mut self, args: Option<Node<'a>>) {
        let Some(args) = args else {
            return;
        };
        let mut stack: Vec<Node<'a>> = named_children(args)
            .filter(|a| a.kind() == "object")
            .collect();
        while let Some(o) = stack.pop() {
            for p in named_children(o).filter(|p| p.kind() == "pair") {
                let (Some(k), Some(v)) =
                    (p.child_by_field_name("key"), p.child_by_field_name("value"))
                else {
                    continue;
                };
                let key = unquote(self.t(k));
                if self.names_field(v, key) {
                    self.not_read.insert((v.start_byte(), v.end_byte()));
                } else if v.kind() == "object"
                    && matches!(key, "data" | "$set" | "values" | "create" | "update")
                {
                    stack.push(v);
                }
            }
        }
    }

    fn call(&mut self, n: Node<'a>) {
        let Some(func) = n.child_by_field_name("function") else {
            return;
        };
        let args = n.child_by_field_name("arguments");
        let arg = |i: usize| {
            args.and_then(|a| named_children(a).filter(|c| c.kind() != "comment").nth(i))
        };
        let (recv, method) = match func.kind() {
            "member_expression" => (
                func.child_by_field_name("object"),
                func.child_by_field_name("property")
                    .map_or("", |p| self.t(p)),
            ),
            "identifier" => (None, self.t(func)),
            _ => return,
        };
        let recv_txt = recv.map_or("", |r| self.t(r));
        let sp = span(n);
        match method {
            "model"
                if recv_txt == "mongoose"
                    || recv_txt == "connection"
                    || recv_txt.ends_with(".model")
                    || recv_txt == "db"
                    || recv.is_none() =>
            {
                if let (Some(m), Some(s)) = (
                    arg(0).filter(|a| a.kind() == "string"),
                    arg(1).filter(|a| a.kind() == "identifier"),
                ) {
                    self.schema_models
                        .insert(self.t(s), unquote(self.t(m)).to_string());
                }
            }
            "index" if recv.is_some_and(|r| r.kind() == "identifier") => {
                if let Some(opts) = arg(1) {
                    if self.pair_value(opts, "expireAfterSeconds").is_some()
                        || self.pair_value(opts, "expires").is_some()
                    {
                        self.ttl_schemas.insert(recv_txt, sp);
                    }
                }
            }
            "define" if arg(0).is_some_and(|a| a.kind() == "string") => {
                // sequelize.define("User", {...}, { tableName, paranoid })
                if let (Some(m), Some(obj)) = (arg(0), arg(1).filter(|o| o.kind() == "object")) {
                    let mut e = self.new_entity(unquote(self.t(m)), Framework::Sequelize, span(m));
                    self.object_fields(obj, &mut e);
                    self.sequelize_options(arg(2), &mut e);
                    self.facts.entities.push(e);
                }
            }
            "init"
                if recv.is_some_and(|r| r.kind() == "identifier")
                    && recv_txt.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                if let Some(obj) = arg(0).filter(|o| o.kind() == "object") {
                    let mut e =
                        self.new_entity(recv_txt, Framework::Sequelize, span(recv.unwrap_or(n)));
                    self.object_fields(obj, &mut e);
                    self.sequelize_options(arg(1), &mut e);
                    self.facts.entities.push(e);
                }
            }
            "belongsTo" | "hasMany" | "hasOne"
                if recv_txt.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                if let Some(target) = arg(0) {
                    let od = arg(1)
                        .and_then(|o| self.pair_value(o, "onDelete"))
                        .map(|v| on_delete(self.t(v)))
                        .unwrap_or(OnDelete::Keep);
                    self.facts.associations.push((
                        recv_txt.to_string(),
                        Link {
                            target: self.t(target).to_string(),
                            on_delete: od,
                            from_parent: method != "belongsTo",
                            span: sp,
                        },
                    ));
                }
            }
            _ => {}
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
                arg(if recv_txt == "_" { 1 } else { 0 }).filter(|k| k.kind() == "string")
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
        if crate::facts::names_deletion(method) && !DELETE_METHODS.contains(&method) {
            let args: Vec<String> = args
                .map(|a| {
                    named_children(a)
                        .filter(|c| c.kind() != "comment")
                        .map(|c| match c.kind() {
                            "identifier" => {
                                let t = self.t(c);
                                self.module_alias.get(t).copied().unwrap_or(t).to_string()
                            }
                            "member_expression" => c
                                .child_by_field_name("property")
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
        if DELETE_METHODS.contains(&method) || SOFT_METHODS.contains(&method) {
            let Some(target) = self.chain_target(recv, arg(0)) else {
                return;
            };
            if let Target::Name(n) = &target {
                if self.param_deletion(sp.start as usize, n) {
                    return;
                }
            }
            let target = match target {
                Target::Name(n) => match self.module_alias.get(n.as_str()) {
                    Some(m) => Target::Name(m.to_string()),
                    None => Target::Name(n),
                },
                t => t,
            };
            let kind = if SOFT_METHODS.contains(&method) {
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
        } else if UPDATE_METHODS.contains(&method) {
            let mut cleared = Vec::new();
            let mut soft = false;
            let mut stack: Vec<Node<'a>> = args
                .map(|a| named_children(a).filter(|x| x.kind() == "object").collect())
                .unwrap_or_default();
            while let Some(o) = stack.pop() {
                for p in named_children(o).filter(|p| p.kind() == "pair") {
                    let (Some(k), Some(v)) =
                        (p.child_by_field_name("key"), p.child_by_field_name("value"))
                    else {
                        continue;
                    };
                    let key = unquote(self.t(k));
                    if v.kind() == "object" && matches!(key, "$set" | "data" | "$unset") {
                        stack.push(v);
                    } else if key != "where" && self.is_blank(v) {
                        cleared.push(key.to_string());
                    } else if super::sql::is_soft_delete_flag(key)
                        && !matches!(v.kind(), "null" | "false")
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

    fn sequelize_options(&self, opts: Option<Node<'a>>, e: &mut Entity) {
        let Some(o) = opts else {
            return;
        };
        if let Some(t) = self.pair_value(o, "tableName") {
            e.table = Some(unquote(self.t(t)).to_string());
        }
        if self
            .pair_value(o, "paranoid")
            .is_some_and(|v| self.t(v) == "true")
        {
            e.paranoid = true;
        }
    }

    /// What a receiver chain is about: `User.deleteMany` → User, `prisma.user.delete` → user,
    /// `getRepository(User).delete` → User, `db.collection("users")` → users,
    /// `knex("users").del()` → users, `manager.delete(User, id)` → User.
    fn chain_target(&self, mut r: Node<'a>, first_arg: Option<Node<'a>>) -> Option<Target> {
        if let Some(a) = first_arg.filter(|a| a.kind() == "identifier") {
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
            match r.kind() {
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
                    let p = r.child_by_field_name("property").map_or("", |p| self.t(p));
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
                    r = r.child_by_field_name("object")?;
                }
                "call_expression" => {
                    let f = r.child_by_field_name("function")?;
                    let a0 = r
                        .child_by_field_name("arguments")
                        .and_then(|a| a.named_child(0));
                    let m = match f.kind() {
                        "member_expression" => {
                            f.child_by_field_name("property").map_or("", |p| self.t(p))
                        }
                        _ => self.t(f),
                    };
                    if let Some(a0) = a0 {
                        match (m, a0.kind()) {
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
                    if f.kind() == "identifier" {
                        if let Some(a0) = a0.filter(|a| a.kind() == "string") {
                            return Some(Target::Table(unquote(self.t(a0)).to_string()));
                        }
                        return last.map(|l| Target::Name(l.to_string()));
                    }
                    r = f.child_by_field_name("object")?;
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

fn on_delete(v: &str) -> OnDelete {
    let v = v.to_ascii_uppercase();
    if v.contains("CASCADE") {
        OnDelete::Cascade
    } else if v.contains("SET NULL")
        || v.contains("SET_NULL")
        || v.contains("SETNULL")
        || v.contains("SET DEFAULT")
    {
        OnDelete::SetNull
    } else {
        OnDelete::Keep
    }
}
