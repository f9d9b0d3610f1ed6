//! What each Rust crate family declares, one file per framework: sinks that are attributes
//! or methods rather than macros (tracing's `#[instrument]`, thiserror's `#[error]`, anyhow's
//! `.context`), and for the repository rules entities by derive (serde, sqlx, diesel,
//! SeaORM), request extractors, and deletions. The syn visitors (`rust/mod.rs` for sinks,
//! `rust/models.rs` for models) ask each framework in [`REGISTRY`] order. To add one: a new
//! file here with a `pub const FRAMEWORK`, one name in the `registry!` list, and a fixture
//! folder (see `src/lang/mod.rs`).

use super::models::Models;
use super::Visitor;
use crate::facts::Framework;

/// Declares each framework's module and lists its `FRAMEWORK` in [`REGISTRY`], in order:
/// adding a framework is one file and one name here.
macro_rules! registry {
    ($($framework:ident),* $(,)?) => {
        $(mod $framework;)*
        pub static REGISTRY: &[&RsFramework] = &[$(&$framework::FRAMEWORK),*];
    };
}

// Entity precedence: the first `structure` hook that claims a struct wins (a SeaORM model
// also derives `Deserialize`); a `Debug` struct is the fallback.
registry![seaorm, diesel, sqlx, serde, axum, actix, redact, tracing, thiserror, anyhow,];

/// One framework's knowledge. Every part is optional: start from [`RsFramework::NONE`].
pub struct RsFramework {
    /// A function's attributes: sinks that record its arguments (`#[instrument]`).
    pub function: Option<fn(&mut Visitor, &[syn::Attribute], &syn::Signature)>,
    /// A struct's or variant's attributes: sinks in its display (`#[error("… {email}")]`).
    pub type_attrs: Option<fn(&mut Visitor, &[syn::Attribute], &syn::Fields)>,
    /// A method call that is a sink (`.context(format!(…))`).
    pub method_sink: Option<fn(&mut Visitor, &syn::ExprMethodCall)>,
    /// Claims a struct as an entity from its derives and attributes.
    pub structure: Option<fn(&StructCx) -> Option<Claim>>,
    /// Any struct: uses it declares (`Serialize`: written out whole).
    pub struct_uses: Option<fn(&mut Models, &StructCx)>,
    /// A field (by its `#[serde(…)]` text) that entities of `framework` never hold.
    pub skip_field: Option<fn(Framework, &str) -> bool>,
    /// A macro the framework reads; `true` when it was (diesel's `table!`).
    pub macro_body: Option<fn(&mut Models, &syn::Macro) -> bool>,
    /// A call of a path (`diesel::delete(…)`), with the path's segments.
    pub call: Option<fn(&mut Models, &syn::ExprCall, &[String])>,
    /// A path expression (`user::Entity::delete_by_id`), with its segments.
    pub path: Option<fn(&mut Models, &syn::ExprPath, &[String])>,
    /// An enum or `impl` block (SeaORM's `Relation` enum, `impl EntityName`).
    pub item: Option<fn(&mut Models, ItemRef)>,
    /// After the whole file: settle what needed all of it (a relation onto its entity).
    pub finish: Option<fn(&mut Models)>,
    /// Extractor types whose type parameter is deserialised from a request (`Json<T>`).
    pub extractors: &'static [&'static str],
    /// Derives that replace `Debug` with a redacting one.
    pub redacting_derives: &'static [&'static str],
    /// Wrapper types (substrings) whose `Debug` hides the value.
    pub hiding_types: &'static [&'static str],
}

impl RsFramework {
    pub const NONE: RsFramework = RsFramework {
        function: None,
        type_attrs: None,
        method_sink: None,
        structure: None,
        struct_uses: None,
        skip_field: None,
        macro_body: None,
        call: None,
        path: None,
        item: None,
        finish: None,
        extractors: &[],
        redacting_derives: &[],
        hiding_types: &[],
    };
}

pub fn any(list: impl Fn(&RsFramework) -> &'static [&'static str], name: &str) -> bool {
    REGISTRY.iter().any(|f| list(f).contains(&name))
}

/// Does a type's text contain a wrapper whose `Debug` hides the value?
pub fn hides(type_text: &str) -> bool {
    REGISTRY
        .iter()
        .flat_map(|f| f.hiding_types)
        .any(|h| type_text.contains(h))
}

/// The items besides structs a framework may read.
#[derive(Clone, Copy)]
pub enum ItemRef<'a> {
    Enum(&'a syn::ItemEnum),
    Impl(&'a syn::ItemImpl),
}

/// A struct as the frameworks see it.
pub struct StructCx<'s> {
    pub item: &'s syn::ItemStruct,
    /// `#[derive(…)]` contents as text.
    pub derives: String,
}

impl StructCx<'_> {
    pub fn derives(&self, d: &str) -> bool {
        self.derives
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .any(|w| w == d)
    }

    /// Every `#[name(…)]` attribute's text.
    pub fn attr(&self, name: &str) -> String {
        super::models::attr_text(&self.item.attrs, name)
    }
}

/// What a framework claims a struct is: the entity kind, its table, and the name the
/// repository knows it by when that is not the struct's (SeaORM's `Model` is its table).
pub struct Claim {
    pub framework: Framework,
    pub table: Option<String>,
    pub named_by_table: bool,
}

impl Claim {
    pub fn new(framework: Framework, table: Option<String>) -> Option<Claim> {
        Some(Claim {
            framework,
            table,
            named_by_table: false,
        })
    }
}

/// `table_name = "users"`, `table_name = users`, `table_name = crate::schema::users` → users.
pub fn table_name_in(attrs: &str) -> Option<String> {
    let i = attrs.find("table_name")?;
    let rest = attrs[i + "table_name".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let end = rest.find([',', ')', ']']).unwrap_or(rest.len());
    let v = rest[..end].trim().trim_matches('"');
    let v = v.rsplit("::").next().unwrap_or(v).trim();
    (!v.is_empty()).then(|| v.to_string())
}
