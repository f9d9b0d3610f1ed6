//! JS/TS request data kept whole in a record: `prisma.accessLog.create({ data: { headers:
//! req.headers } })`, `AccessLog.create({ ip: req.ip })`, `new Visit({ cookies })`,
//! `db.insert(visits).values({ … })`, `knex("visits").insert({ … })`. What counts as such
//! data is `rules/sources.toml`'s `stored` table; local variables are followed
//! (`const { headers } = req`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::calls::STORE_CALLS;
use super::Extractor;
use crate::facts::{DataRef, StoredInput, Target};
use crate::lang::ts::{named_children, span, text, unquote};

/// Keys under which an ORM takes the row itself (`{ data: {…} }`, `{ create: {…} }`).
const ROW_KEYS: &[&str] = &["data", "create", "update", "values", "$set", "defaults"];

impl<'a> Extractor<'a> {
    /// A storing call or constructor whose object argument holds request data.
    pub(super) fn stored_input(&mut self, n: Node<'a>) {
        let Some((target, args)) = self.storing(n) else {
            return;
        };
        let mut stack: Vec<Node<'a>> = named_children(args)
            .filter(|a| matches!(a.kind_name(), "object" | "array"))
            .collect();
        while let Some(o) = stack.pop() {
            if o.kind_name() == "array" {
                stack.extend(named_children(o).filter(|a| a.kind_name() == "object"));
                continue;
            }
            for p in named_children(o) {
                let (key, value) = match p.kind_name() {
                    "pair" => match (p.field("key"), p.field("value")) {
                        (Some(k), Some(v)) => (unquote(text(k, self.src)), v),
                        _ => continue,
                    },
                    "shorthand_property_identifier" => (text(p, self.src), p),
                    _ => continue,
                };
                if ROW_KEYS.contains(&key) && matches!(value.kind_name(), "object" | "array") {
                    stack.push(value);
                    continue;
                }
                // `{ headers }` is the local `headers`, seen from a callback too
                // (`tap(() => db.log.create({ headers }))`); `values` follows other locals.
                let mut refs: Vec<DataRef> = Vec::new();
                if value.kind_name() == "shorthand_property_identifier" {
                    let scopes = self.scopes.enclosing();
                    refs = self.flows.captured(scopes, key, span(value));
                } else {
                    self.values(vec![value], &mut refs);
                }
                if let Some(source) = self.cat.sources.javascript.stored_in(&refs) {
                    self.stored_inputs.push(StoredInput {
                        target: target.clone(),
                        field: key.to_string(),
                        source,
                        span: span(p),
                    });
                }
            }
        }
    }

    /// The record a call or `new` writes, and its arguments.
    fn storing(&self, n: Node<'a>) -> Option<(Target, Node<'a>)> {
        if n.kind_name() == "new_expression" {
            let ctor = text(n.field("constructor")?, self.src);
            let last = ctor.rsplit('.').next().unwrap_or(ctor);
            return last
                .starts_with(|c: char| c.is_ascii_uppercase())
                .then(|| (Target::Name(last.to_string()), n.field("arguments")))
                .and_then(|(t, a)| Some((t, a?)));
        }
        let func = n
            .field("function")
            .filter(|f| f.kind_name() == "member_expression")?;
        let method = text(func.field("property")?, self.src);
        if !STORE_CALLS.contains(&method) {
            return None;
        }
        let recv = func.field("object")?;
        let args = n.field("arguments")?;
        // `db.insert(visits).values(…)`, `knex("visits").insert(…)`: the table is an argument
        // of the receiver.
        if recv.kind_name() == "call_expression" {
            let first = recv
                .field("arguments")
                .and_then(|a| named_children(a).find(|c| c.kind_name() != "comment"))?;
            let target = match first.kind_name() {
                "string" => Target::Table(unquote(text(first, self.src)).to_string()),
                "identifier" => Target::Name(text(first, self.src).to_string()),
                _ => return None,
            };
            return Some((target, args));
        }
        Some((Target::Name(text(recv, self.src).to_string()), args))
    }
}
