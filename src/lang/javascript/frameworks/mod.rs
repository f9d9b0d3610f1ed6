//! What each JS/TS framework declares, one file per framework or library family. The model
//! walk (`javascript/models.rs`, `declarations.rs`, `calls.rs`) knows the language; these
//! files know what a class, a member, a schema call or a method means in their framework,
//! and the walk asks each of them in [`REGISTRY`] order. To add a framework: a new file here
//! with a `pub const FRAMEWORK`, one name in the `registry!` list, and a fixture folder (see
//! `src/lang/mod.rs`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::models::Models;
use crate::facts::{Entity, Framework, Link, OnDelete};
use crate::lang::ts::{named_children, span, text, unquote};

/// Declares each framework's module and lists its `FRAMEWORK` in [`REGISTRY`], in order:
/// adding a framework is one file and one name here.
macro_rules! registry {
    ($($framework:ident),* $(,)?) => {
        $(mod $framework;)*
        pub static REGISTRY: &[&JsFramework] = &[$(&$framework::FRAMEWORK),*];
    };
}

// Precedence matters where two frameworks could claim one class or schema: the first
// `class` hook that decides wins, and `class_fallback` hooks are asked only after every
// `class` hook declined.
registry![
    typeorm,
    sequelize,
    nest,
    class_validator,
    mongoose,
    zod,
    yup,
    joi,
    express,
    express_validator,
    koa,
    fastify,
    next,
    knex,
    drizzle,
];

/// One framework's knowledge. Every part is optional: start from [`JsFramework::NONE`].
pub struct JsFramework {
    /// Decides what a class is from its decorators, heritage and members.
    pub class: Option<fn(&ClassCx) -> Option<ClassKind>>,
    /// Asked only when no `class` hook decided.
    pub class_fallback: Option<fn(&ClassCx) -> Option<ClassKind>>,
    /// Storage name and other metadata of an entity the framework claimed, from the class.
    pub entity_meta: Option<fn(&ClassCx, &mut Entity)>,
    /// In entities this framework claims, only members with a decorator ending in this are
    /// fields (TypeORM's `@Column`); other members are methods' state.
    pub field_decorator: Option<&'static str>,
    /// A class member the framework reads specially (relations); `true` when it is no field.
    pub member: Option<fn(&MemberCx, &mut Entity) -> bool>,
    /// `const x = <call chain>`: an object schema declared by a call chain (`z.object({…})`),
    /// with the object literal holding its fields.
    pub schema: Option<SchemaHook>,
    /// `new X(…)`: `true` when the framework read it (a Mongoose `Schema`).
    pub new_expr: Option<NewHook>,
    /// Any call: model registrations, associations, indexes.
    pub call: Option<for<'a> fn(&mut Models<'a>, &Call<'a>)>,
    /// After the walk: names and options that arrive later than the declaration.
    pub finish: Option<fn(&mut Models)>,
    /// Methods that delete, or soft-delete, what the receiver chain names.
    pub delete_methods: &'static [&'static str],
    pub soft_delete_methods: &'static [&'static str],
    /// Methods whose object argument can blank fields or set a deletion flag.
    pub update_methods: &'static [&'static str],
    /// Generic types whose type arguments are a typed request (`Request<{}, {}, Body>`).
    pub request_types: &'static [&'static str],
    /// Expressions whose destructuring reads a request payload (`const { a } = req.body`).
    pub payload_sources: &'static [&'static str],
    /// Parameter decorators that bind the request body to the parameter's type.
    pub body_decorators: &'static [&'static str],
    /// Member decorators that mark a class as a request DTO.
    pub validator_decorators: &'static [&'static str],
    /// Generic wrappers whose type argument is the model a binding stands for
    /// (`Repository<User>`).
    pub model_wrappers: &'static [&'static str],
}

impl JsFramework {
    pub const NONE: JsFramework = JsFramework {
        class: None,
        class_fallback: None,
        entity_meta: None,
        field_decorator: None,
        member: None,
        schema: None,
        new_expr: None,
        call: None,
        finish: None,
        delete_methods: &[],
        soft_delete_methods: &[],
        update_methods: &[],
        request_types: &[],
        payload_sources: &[],
        body_decorators: &[],
        validator_decorators: &[],
        model_wrappers: &[],
    };
}

/// `const x = <call>` → the schema's kind and the object literal of its fields.
pub type SchemaHook = for<'a> fn(&Models<'a>, Node<'a>) -> Option<(Framework, Option<Node<'a>>)>;

/// `new X(args)` → whether the framework read it.
pub type NewHook = for<'a> fn(&mut Models<'a>, Node<'a>, Option<Node<'a>>) -> bool;

/// What a framework says a class is.
pub enum ClassKind {
    Entity(Framework),
    /// Declares no entity here (fields come from elsewhere, `User.init({...})`).
    Nothing,
}

pub fn any(list: impl Fn(&JsFramework) -> &'static [&'static str], name: &str) -> bool {
    REGISTRY.iter().any(|f| list(f).contains(&name))
}

/// Decorator names with their argument lists: `@Column({ nullable: true })`.
pub type Decorators<'a> = Vec<(String, Option<Node<'a>>)>;

/// The first decorator with one of these names, with its arguments.
pub fn decorator<'d, 'a>(
    decorators: &'d Decorators<'a>,
    names: &[&str],
) -> Option<&'d (String, Option<Node<'a>>)> {
    decorators.iter().find(|(d, _)| names.contains(&d.as_str()))
}

/// A class as the frameworks see it.
pub struct ClassCx<'a> {
    pub src: &'a str,
    pub name: &'a str,
    pub decorators: Decorators<'a>,
    /// The `extends`/`implements` clause as written.
    pub heritage: &'a str,
    /// Field members with their decorators.
    pub members: Vec<(Node<'a>, Decorators<'a>)>,
}

impl<'a> ClassCx<'a> {
    pub fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    pub fn decorator(&self, names: &[&str]) -> Option<&(String, Option<Node<'a>>)> {
        decorator(&self.decorators, names)
    }

    /// Does some member carry one of these decorators?
    pub fn member_decorated(&self, names: &[&str]) -> bool {
        self.members
            .iter()
            .any(|(_, d)| decorator(d, names).is_some())
    }
}

/// One class member with its decorators.
pub struct MemberCx<'a, 'd> {
    pub src: &'a str,
    pub node: Node<'a>,
    pub decorators: &'d Decorators<'a>,
}

impl<'a> MemberCx<'a, '_> {
    pub fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    pub fn decorator(&self, names: &[&str]) -> Option<&(String, Option<Node<'a>>)> {
        decorator(self.decorators, names)
    }
}

/// One call, as the frameworks see it.
pub struct Call<'a> {
    pub node: Node<'a>,
    pub recv: Option<Node<'a>>,
    pub recv_txt: &'a str,
    pub method: &'a str,
    pub args: Option<Node<'a>>,
}

impl<'a> Call<'a> {
    /// The i-th argument, comments skipped.
    pub fn arg(&self, i: usize) -> Option<Node<'a>> {
        self.args.and_then(|a| {
            crate::lang::ts::named_children(a)
                .filter(|c| c.kind_name() != "comment")
                .nth(i)
        })
    }
}

/// `@ManyToOne(() => User, { onDelete: "CASCADE" })`, `@BelongsTo(() => User)`: a link to
/// the target the first argument names.
pub fn relation_link(m: &MemberCx, args: Option<Node>, e: &mut Entity) {
    let target = args
        .and_then(|a| a.named_child(0))
        .map(|t| {
            m.t(t)
                .rsplit("=>")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
                .to_string()
        })
        .unwrap_or_default();
    let od = args
        .and_then(|a| named_children(a).find(|x| x.kind_name() == "object"))
        .and_then(|o| pair_value(m.src, o, "onDelete"))
        .map(|v| on_delete(m.t(v)))
        .unwrap_or(OnDelete::Keep);
    if !target.is_empty() {
        e.links.push(Link {
            target,
            on_delete: od,
            from_parent: false,
            span: span(m.node),
        });
    }
}

/// The value under `key` in an object literal.
pub fn pair_value<'a>(src: &str, obj: Node<'a>, key: &str) -> Option<Node<'a>> {
    if obj.kind_name() != "object" {
        return None;
    }
    named_children(obj)
        .filter(|c| c.kind_name() == "pair")
        .find(|c| c.field("key").is_some_and(|k| unquote(text(k, src)) == key))
        .and_then(|c| c.field("value"))
}

/// What an `onDelete` option does to the child rows.
pub fn on_delete(v: &str) -> OnDelete {
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
