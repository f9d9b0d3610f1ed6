//! What a file says about data models: the entities it declares (what is collected or stored,
//! field by field), which field names it reads, and the evidence that stored data is deleted.
//! Repository rules (`over-collection`, `missing-deletion`) join these across all files.

use serde::{Deserialize, Serialize};

use super::Span;

/// The framework an entity is declared with: it says whether the entity is collected from
/// input, persisted, or both, and how its storage name is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    DjangoModel,
    DjangoForm,
    WtForm,
    SqlAlchemy,
    Peewee,
    Pydantic,
    Dataclass,
    Attrs,
    Marshmallow,
    Mongoose,
    Sequelize,
    TypeOrm,
    NestDto,
    Zod,
    Yup,
    Joi,
    TsBodyType,
    Prisma,
    Drizzle,
    SerdeInput,
    SqlxRow,
    DieselTable,
    DieselModel,
    SeaOrm,
    SqlTable,
    /// A Rust struct that derives `Debug` and nothing privlint knows more about: `{:?}`
    /// prints every field.
    DebugStruct,
    /// Keys read from a request payload (`request.form["dob"]`, `const { dob } = req.body`).
    RequestPayload,
}

impl Framework {
    pub fn label(self) -> &'static str {
        match self {
            Framework::DjangoModel => "Django model",
            Framework::DjangoForm => "Django form",
            Framework::WtForm => "WTForms form",
            Framework::SqlAlchemy => "SQLAlchemy model",
            Framework::Peewee => "Peewee model",
            Framework::Pydantic => "Pydantic model",
            Framework::Dataclass => "dataclass",
            Framework::Attrs => "attrs class",
            Framework::Marshmallow => "Marshmallow schema",
            Framework::Mongoose => "Mongoose schema",
            Framework::Sequelize => "Sequelize model",
            Framework::TypeOrm => "TypeORM entity",
            Framework::NestDto => "DTO class",
            Framework::Zod => "Zod schema",
            Framework::Yup => "Yup schema",
            Framework::Joi => "Joi schema",
            Framework::TsBodyType => "request body type",
            Framework::Prisma => "Prisma model",
            Framework::Drizzle => "Drizzle table",
            Framework::SerdeInput => "`Deserialize` input struct",
            Framework::SqlxRow => "sqlx `FromRow` struct",
            Framework::DieselTable => "diesel `table!`",
            Framework::DieselModel => "diesel model struct",
            Framework::SeaOrm => "SeaORM entity",
            Framework::SqlTable => "SQL table",
            Framework::RequestPayload => "request payload",
            Framework::DebugStruct => "`Debug` struct",
        }
    }

    /// Rows of it live in a database: it needs a way to be deleted.
    pub fn persisted(self) -> bool {
        matches!(
            self,
            Framework::DjangoModel
                | Framework::SqlAlchemy
                | Framework::Peewee
                | Framework::Mongoose
                | Framework::Sequelize
                | Framework::TypeOrm
                | Framework::Prisma
                | Framework::Drizzle
                | Framework::DieselTable
                | Framework::SeaOrm
                | Framework::SqlTable
        )
    }

    /// A mapping of rows declared elsewhere (a `FromRow` or `Queryable` struct): its fields
    /// are stored, but the table's declaration is the entity that gets deleted.
    pub fn row_mapping(self) -> bool {
        matches!(self, Framework::SqlxRow | Framework::DieselModel)
    }

    /// Filled from user input: forms, request schemas, DTOs, `Deserialize` payloads.
    pub fn collected(self) -> bool {
        matches!(
            self,
            Framework::DjangoForm
                | Framework::WtForm
                | Framework::Pydantic
                | Framework::Marshmallow
                | Framework::NestDto
                | Framework::Zod
                | Framework::Yup
                | Framework::Joi
                | Framework::TsBodyType
                | Framework::SerdeInput
                | Framework::RequestPayload
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub span: Span,
    pub declared_type: Option<String>,
    /// Left out of the type's representation (`field(repr=False)`, `SecretStr`).
    #[serde(default)]
    pub hidden: bool,
}

/// What deleting the referenced parent does to this entity's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnDelete {
    Cascade,
    /// `SET NULL`, `SET_NULL`, `SET_DEFAULT`: the child row, and its data, stay.
    SetNull,
    /// `RESTRICT`, `PROTECT`, `NO ACTION`, or not stated.
    Keep,
}

/// A reference between entities, as declared on either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The other entity: a class/model name or a table name.
    pub target: String,
    pub on_delete: OnDelete,
    /// Declared on the parent (`relationship(cascade="all, delete")`, `hasMany(…,
    /// {onDelete})`): deleting this entity deletes the target's rows.
    pub from_parent: bool,
    pub span: Span,
}

/// Which of a model's fields a form or serializer maps (`fields = [...]`, `"__all__"`,
/// `exclude = [...]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldSelection {
    All,
    Only(Vec<String>),
    Exclude(Vec<String>),
}

impl FieldSelection {
    pub fn includes(&self, field: &str) -> bool {
        match self {
            FieldSelection::All => true,
            FieldSelection::Only(f) => f.iter().any(|x| x == field),
            FieldSelection::Exclude(f) => !f.iter().any(|x| x == field),
        }
    }
}

/// A form or serializer bound to a model (`class Meta: model = User`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelBinding {
    pub model: String,
    pub fields: FieldSelection,
    /// `true` for serializers, whose output reads the fields; forms only write them.
    pub reads: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    pub framework: Framework,
    /// The name where the finding points.
    pub span: Span,
    /// The storage name as declared (`db_table`, `__tablename__`, `@Entity("users")`,
    /// `tableName`, `@@map`, `table!`, `CREATE TABLE`); derived names are the rule's job.
    pub table: Option<String>,
    pub fields: Vec<Field>,
    pub links: Vec<Link>,
    /// Base classes by name, for entities that inherit fields from an abstract model in the
    /// repository.
    #[serde(default)]
    pub bases: Vec<String>,
    /// A TTL index or `expires` on a field: rows expire by themselves.
    #[serde(default)]
    pub expires: Option<Span>,
    /// Sequelize `paranoid: true`: `destroy` only sets `deletedAt`.
    #[serde(default)]
    pub paranoid: bool,
    /// An abstract base (`class Meta: abstract = True`): no table of its own.
    #[serde(default)]
    pub is_abstract: bool,
    /// A custom representation (`__repr__`, `__str__`, `toJSON`, `impl Debug`) or
    /// redaction derive: logging the whole object shows only what it chooses.
    #[serde(default)]
    pub custom_repr: bool,
    /// The fields that custom representation prints (`return self.email` in `__str__`).
    #[serde(default)]
    pub repr_fields: Vec<String>,
}

impl Entity {
    /// An entity with no fields yet, nothing special about its storage or representation.
    pub fn new(name: impl Into<String>, framework: Framework, span: Span) -> Entity {
        Entity {
            name: name.into(),
            framework,
            span,
            table: None,
            fields: Vec::new(),
            links: Vec::new(),
            bases: Vec::new(),
            expires: None,
            paranoid: false,
            is_abstract: false,
            custom_repr: false,
            repr_fields: Vec::new(),
        }
    }
}

/// Whom a piece of deletion evidence is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// A model or class name, known from the code (`User.objects…`, `delete(User)`).
    Entity(String),
    /// A storage name (`DELETE FROM users`).
    Table(String),
    /// A variable or attribute whose name says what it holds (`user.delete()`,
    /// `self.user_repository.delete(id)`); matched to entities by name.
    Name(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeletionKind {
    /// Rows removed: ORM delete, `DELETE FROM`, `TRUNCATE`.
    Delete,
    /// Rows expire: TTL, `EXPIRE`, scheduled purge.
    Expire,
    /// Personal fields overwritten with null, empty or redacted values.
    Anonymise,
    /// A `deleted_at`/`is_deleted` flag set, the row kept.
    SoftDelete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    pub target: Target,
    pub kind: DeletionKind,
    pub span: Span,
    /// What was seen, for the finding's notes: "`.delete()` on a queryset".
    pub how: String,
    /// For [`DeletionKind::Anonymise`]: the fields cleared.
    #[serde(default)]
    pub fields: Vec<String>,
}

/// A file's contribution to the repository index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ModelFacts {
    pub entities: Vec<Entity>,
    /// Field names read somewhere in the file (attribute and key reads, destructuring,
    /// `getattr` with a constant, template references), minus plumbing: a value copied into
    /// a same-named field of a model. Sorted, deduplicated. Only while extracting:
    /// [`ModelFacts::seal`] turns them into `read_names`.
    #[serde(skip)]
    pub reads: Vec<String>,
    /// [`name_hash`] of each normalised name in `reads`: what the repository rules look up, and
    /// all the cache keeps, so no string a file spelled out (a key, or a password in quotes
    /// that a front-end took for one) is written to disk.
    pub read_names: Vec<u64>,
    /// Objects used whole (serialised, spread, returned as JSON), by name: every field of the
    /// entity they name counts as read.
    pub whole_uses: Vec<String>,
    /// Type names used as request input (`Json<T>`, `Request<{}, {}, T>`, `@Body() x: T`).
    pub input_types: Vec<String>,
    /// Forms and serializers bound to a model.
    pub bindings: Vec<ModelBinding>,
    /// Links declared apart from the entity (`Post.belongsTo(User, {onDelete})`), by owner.
    #[serde(default)]
    pub associations: Vec<(String, Link)>,
    pub deletions: Vec<Deletion>,
    /// Tables a migration drops or renames away, and columns it drops (`table.column`): a
    /// `CREATE TABLE` from an earlier migration no longer describes what is stored.
    #[serde(default)]
    pub dropped: Vec<String>,
    /// Functions that delete what one of their parameters names (`deleteItem(id, model)`
    /// calling `model.findByIdAndRemove(id)`): (function name, parameter index).
    #[serde(default)]
    pub deleting_params: Vec<(String, usize)>,
    /// Calls of functions whose name says they delete (`deleteItem(id, User)`), with their
    /// arguments as names: matched with `deleting_params` across files.
    #[serde(default)]
    pub helper_calls: Vec<HelperCall>,
    /// Whole objects reaching a log, print or error sink whose type the front-end knows
    /// (`user = User.objects.get(…)`, `user: &User`, `await User.findById(…)`), or a whole
    /// request payload (`console.log(req.body)`).
    #[serde(default)]
    pub logged: Vec<LoggedObject>,
    /// Functions returning `Result<_, E>`: (function name, `E`), so that an `.unwrap()` of
    /// their result, whose panic message prints the error's `Debug`, can be judged.
    #[serde(default)]
    pub error_types: Vec<(String, String)>,
    /// Functions that hand a parameter to a sink, and calls of project functions.
    #[serde(default)]
    pub wrappers: Vec<super::Wrapper>,
    #[serde(default)]
    pub project_calls: Vec<super::ProjectCall>,
    /// Classes whose `delete()` only flags the row (`def delete(self): self.state =
    /// State.DELETED`): a `.delete()` of them or of their subclasses is a soft delete.
    #[serde(default)]
    pub soft_delete_classes: Vec<String>,
    /// Names a model is known by elsewhere: (alias, original) from `import { User as
    /// Account }`, `export { Address as AddressModel }`, `module.exports = { Member: User }`,
    /// `from .models import User as Member`, `use entity::user as users`. A deletion through
    /// the alias deletes the original.
    #[serde(default)]
    pub renames: Vec<(String, String)>,
    /// Request handlers and the routes registered for functions: where collection happens.
    #[serde(default)]
    pub handlers: Vec<super::Handler>,
    #[serde(default)]
    pub route_bindings: Vec<super::RouteBinding>,
    /// ORM or driver settings that log every query with its parameters
    /// (`create_engine(url, echo=True)`, Sequelize `logQueryParameters: true`).
    #[serde(default)]
    pub query_logs: Vec<QueryLog>,
    /// Request data a record keeps whole (`prisma.accessLog.create({ data: { headers:
    /// req.headers } })`): evidence that the entity stores personal data whatever its
    /// fields are called.
    #[serde(default)]
    pub stored_inputs: Vec<StoredInput>,
}

/// One field of a record written from request data that holds a person's data by where it
/// comes from (`rules/sources.toml`, `stored`): the header map, the cookies, the client's IP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredInput {
    /// The record written: a model, repository or client property by name, or a table.
    pub target: Target,
    pub field: String,
    /// The data type id, and the evidence: "`req.headers` holds the `Cookie` and
    /// `Authorization` headers".
    pub source: super::Source,
    pub span: Span,
}

/// A setting that writes each query's bound parameters, whatever rows they hold, to a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryLog {
    pub span: Span,
    /// The setting as the finding names it: `create_engine(echo=True)`.
    pub setting: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedObject {
    /// The value as written (`user`, `req.body`).
    pub name: String,
    /// The entity it is an instance of; `None` for a whole request payload.
    pub entity: Option<String>,
    pub sink: Span,
    pub value: Span,
    pub kind: super::SinkKind,
    pub callee: String,
    /// Formatted with `Display` (Rust `{}`, `%value`): the type's own `Display` decides what
    /// is shown, not its fields.
    #[serde(default)]
    pub display: bool,
}

/// Request payloads as a whole: logging one logs whatever the user sent.
pub fn is_whole_payload(path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    matches!(
        p.as_slice(),
        ["req" | "request", "body"]
            | ["ctx", "request", "body"]
            | ["request", "form" | "json" | "POST" | "data" | "values"]
    )
}

/// The request's signed-in user as an authentication middleware leaves it (Passport's
/// `req.user`, Koa's `ctx.state.user`).
fn is_signed_in_user(path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    matches!(
        p.as_slice(),
        ["req" | "request", "user"] | ["ctx", "state", "user"]
    )
}

/// Methods and attributes that turn an object into all of its fields.
pub const WHOLE_VIEWS: &[&str] = &[
    "__dict__",
    "dict",
    "model_dump",
    "model_dump_json",
    "json",
    "toJSON",
    "toObject",
    "get",
    "dataValues",
    "to_dict",
    "asdict",
];

impl ModelFacts {
    /// Records every whole object in `sinks` whose type `type_of` knows (asked `<payload>`
    /// for the enclosing handler's body type, `<user>` for the request's signed-in user).
    pub fn log_whole_objects(
        &mut self,
        sinks: &[super::SinkCall],
        type_of: impl Fn(&str, u32) -> Option<String>,
    ) {
        for s in sinks {
            for v in &s.values {
                // `tracing::info!(?user)`, `{ user }`: a structured field holding a whole value.
                let v = &match (&v.via, &v.value_path) {
                    (super::Via::Field, Some(vp)) if vp.len() == 1 => super::DataRef {
                        path: vp.clone(),
                        via: super::Via::Value,
                        ..v.clone()
                    },
                    _ => v.clone(),
                };
                if v.via != super::Via::Value {
                    continue;
                }
                let (name, entity) = if is_whole_payload(&v.path) {
                    // The body type the enclosing handler declares, if any.
                    (v.path.join("."), type_of("<payload>", v.span.start))
                } else if is_signed_in_user(&v.path) {
                    // What the front-end knows the request's user to be, if anything.
                    match type_of("<user>", v.span.start) {
                        Some(t) => (v.path.join("."), Some(t)),
                        None => continue,
                    }
                } else {
                    let base = match v.path.as_slice() {
                        [one] => one,
                        [one, view] if WHOLE_VIEWS.contains(&view.as_str()) => one,
                        _ => continue,
                    };
                    match type_of(base, v.span.start) {
                        Some(t) => (base.clone(), Some(t)),
                        None => continue,
                    }
                };
                self.logged.push(LoggedObject {
                    name,
                    entity,
                    sink: s.span,
                    value: v.through.as_ref().map_or(v.span, |t| t.span),
                    kind: s.kind,
                    callee: s.callee.clone(),
                    display: false,
                });
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperCall {
    pub callee: String,
    /// Each argument's name (`User`, `model` resolved to its module `user`), empty if none.
    pub args: Vec<String>,
    pub span: Span,
}

/// Does a function or method name say it deletes (`deleteItem`, `remove_object`)?
pub fn names_deletion(name: &str) -> bool {
    let b = name.as_bytes();
    let at = |i: usize, w: &str| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
    };
    ["delete", "remove", "destroy", "purge", "erase"]
        .iter()
        .any(|w| {
            at(0, w)
                || b.iter()
                    .enumerate()
                    .any(|(i, &c)| c == b'_' && at(i + 1, w))
        })
}

impl ModelFacts {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.reads.is_empty()
            && self.read_names.is_empty()
            && self.whole_uses.is_empty()
            && self.input_types.is_empty()
            && self.bindings.is_empty()
            && self.associations.is_empty()
            && self.deletions.is_empty()
            && self.dropped.is_empty()
            && self.deleting_params.is_empty()
            && self.helper_calls.is_empty()
            && self.logged.is_empty()
            && self.error_types.is_empty()
            && self.wrappers.is_empty()
            && self.project_calls.is_empty()
            && self.query_logs.is_empty()
            && self.renames.is_empty()
            && self.soft_delete_classes.is_empty()
            && self.handlers.is_empty()
            && self.route_bindings.is_empty()
            && self.stored_inputs.is_empty()
    }

    /// Sorts and deduplicates the name lists, so cached facts are canonical.
    pub fn finish(&mut self) {
        for v in [&mut self.reads, &mut self.whole_uses, &mut self.input_types] {
            v.sort_unstable();
            v.dedup();
        }
        self.renames.sort_unstable();
        self.renames.dedup();
    }

    /// Replaces the read names by their fingerprints, once extraction is over.
    pub fn seal(&mut self) {
        self.read_names
            .extend(self.reads.drain(..).map(|r| name_hash(&norm(&r))));
        self.read_names.sort_unstable();
        self.read_names.dedup();
        self.reads = Vec::new();
    }

    /// Gives back the spare capacity of every list: a repository's models are all kept until
    /// the repository rules have run, and growth by doubling leaves up to half of each unused.
    pub fn shrink(&mut self) {
        self.entities.shrink_to_fit();
        self.read_names.shrink_to_fit();
        self.whole_uses.shrink_to_fit();
        self.input_types.shrink_to_fit();
        self.bindings.shrink_to_fit();
        self.associations.shrink_to_fit();
        self.deletions.shrink_to_fit();
        self.dropped.shrink_to_fit();
        self.deleting_params.shrink_to_fit();
        self.helper_calls.shrink_to_fit();
        self.logged.shrink_to_fit();
        self.error_types.shrink_to_fit();
        self.wrappers.shrink_to_fit();
        self.project_calls.shrink_to_fit();
        self.soft_delete_classes.shrink_to_fit();
        self.renames.shrink_to_fit();
        self.handlers.shrink_to_fit();
        self.route_bindings.shrink_to_fit();
        self.query_logs.shrink_to_fit();
        self.stored_inputs.shrink_to_fit();
        for e in &mut self.entities {
            e.fields.shrink_to_fit();
        }
    }
}

/// `user.phone_number`, `phoneNumber`, `PHONE-NUMBER` → `phonenumber`: how field names are
/// compared across languages and naming conventions.
pub fn norm(s: &str) -> String {
    let s = s.rsplit('.').next().unwrap_or(s);
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A stable 64-bit fingerprint of a normalised name (FNV-1a): the same in every run and build,
/// as the cache needs; a collision could only make a field look read (a missed finding, never
/// a false one), at odds of about one in 10^15 per repository.
pub fn name_hash(normalised: &str) -> u64 {
    normalised.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
