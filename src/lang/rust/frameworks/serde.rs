//! serde: `Deserialize` structs are inputs (less `#[serde(skip)]` fields); a `Serialize`
//! struct, `serde_json::to_string(&x)` and `Json(x)` write a value out whole.

use syn::Expr;

use super::{table_name_in, Claim, RsFramework};
use crate::facts::{Framework, Target};
use crate::lang::rust::models::Models;

pub const FRAMEWORK: RsFramework = RsFramework {
    structure: Some(|s| {
        s.derives("Deserialize")
            .then(|| Claim::new(Framework::SerdeInput, None))
            .flatten()
    }),
    // A type that derives `Serialize` is written out whole somewhere (an API response, a
    // file): every field of it is used.
    struct_uses: Some(|m, s| {
        if s.derives("Serialize") {
            m.facts.whole_uses.push(s.item.ident.to_string());
            if let Some(t) = table_name_in(&(s.attr("diesel") + &s.attr("table_name"))) {
                m.facts.whole_uses.push(t);
            }
        }
    }),
    skip_field: Some(|framework, serde| {
        framework == Framework::SerdeInput
            && (serde.contains("skip_deserializing")
                || serde.contains("skip)")
                || serde.contains("skip ,"))
    }),
    call: Some(serialised),
    ..RsFramework::NONE
};

/// `serde_json::to_string(&user)`, `Json(user)`: the whole value is used.
fn serialised(m: &mut Models, c: &syn::ExprCall, segs: &[String]) {
    let last = segs.last().map(String::as_str).unwrap_or("");
    if !matches!(
        last,
        "to_string" | "to_string_pretty" | "to_vec" | "to_value" | "to_writer" | "Json"
    ) || segs.len() > 2
    {
        return;
    }
    if let Some(Expr::Reference(_) | Expr::Path(_)) = c.args.first() {
        if let Some(Target::Name(n) | Target::Table(n)) =
            c.args.first().and_then(Models::delete_target)
        {
            m.facts.whole_uses.push(n);
        }
    }
}
