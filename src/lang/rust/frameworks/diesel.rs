//! diesel: `table! { users (id) { … } }` schemas, `Queryable`/`Insertable` model structs
//! with `#[diesel(table_name = …)]`, and `diesel::delete(…)`.

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;

use super::{table_name_in, Claim, RsFramework};
use crate::facts::{Deletion, DeletionKind, Entity, Field, Framework};
use crate::lang::rust::models::{last_ident, span_of, Models};

pub const FRAMEWORK: RsFramework = RsFramework {
    structure: Some(|s| {
        ["Queryable", "Insertable", "Selectable", "AsChangeset"]
            .iter()
            .any(|d| s.derives(d))
            .then(|| {
                let attrs = s.attr("diesel") + &s.attr("table_name");
                Claim::new(Framework::DieselModel, table_name_in(&attrs))
            })
            .flatten()
    }),
    macro_body: Some(|m, mac| {
        let read = last_ident(&mac.path) == "table";
        if read {
            table(m, &mac.tokens);
        }
        read
    }),
    call: Some(delete),
    ..RsFramework::NONE
};

/// `diesel::delete(users::table.filter(…))`, `delete(&x)` after `use diesel::delete`,
/// `diesel::delete(self)` in `impl User`, `delete(query)` of a query held in a local.
fn delete(m: &mut Models, c: &syn::ExprCall, segs: &[String]) {
    let last = segs.last().map(String::as_str).unwrap_or("");
    let diesel = segs.first().is_some_and(|s| s == "diesel") || segs.len() == 1;
    if last != "delete" || !diesel {
        return;
    }
    if let Some(t) = c.args.first().and_then(|a| m.deleted_by(a)) {
        m.facts.deletions.push(Deletion {
            target: t,
            kind: DeletionKind::Delete,
            span: span_of(c.span()),
            how: "`diesel::delete`".into(),
            fields: Vec::new(),
        });
    }
}

/// `table! { users (id) { id -> Int4, email -> Varchar, } }`, several per macro.
fn table(m: &mut Models, tokens: &TokenStream) {
    let toks: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut i = 0;
    while i < toks.len() {
        // Skip `#[...]` attributes and `use` lines inside the macro.
        if let TokenTree::Ident(id) = &toks[i] {
            let name = id.to_string();
            if name == "use" {
                while i < toks.len()
                    && !matches!(&toks[i], TokenTree::Punct(p) if p.as_char() == ';')
                {
                    i += 1;
                }
                i += 1;
                continue;
            }
            // name [. name] [(pk)] { columns }
            let mut j = i + 1;
            let mut table = id.clone();
            while let (Some(TokenTree::Punct(p)), Some(TokenTree::Ident(n))) =
                (toks.get(j), toks.get(j + 1))
            {
                if p.as_char() != '.' {
                    break;
                }
                table = n.clone();
                j += 2;
            }
            if matches!(toks.get(j), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
            {
                j += 1;
            }
            if let Some(TokenTree::Group(g)) = toks.get(j) {
                if g.delimiter() == proc_macro2::Delimiter::Brace {
                    let mut e = Entity {
                        table: Some(table.to_string()),
                        ..Entity::new(
                            table.to_string(),
                            Framework::DieselTable,
                            span_of(table.span()),
                        )
                    };
                    let cols: Vec<TokenTree> = g.stream().into_iter().collect();
                    let mut k = 0;
                    while k < cols.len() {
                        if let (TokenTree::Ident(c), Some(TokenTree::Punct(p))) =
                            (&cols[k], cols.get(k + 1))
                        {
                            if p.as_char() == '-' {
                                // `col -> Type`; a lone `-` at the end has no type.
                                let ty: Vec<String> = cols
                                    .get(k + 3..)
                                    .unwrap_or_default()
                                    .iter()
                                    .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                                    .map(|t| t.to_string())
                                    .collect();
                                e.fields.push(Field {
                                    name: c.to_string(),
                                    span: span_of(c.span()),
                                    declared_type: Some(ty.join("")),
                                    hidden: false,
                                });
                            }
                        }
                        k += 1;
                    }
                    m.facts.entities.push(e);
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
}