//! Python request data kept whole in a record: `AccessLog.objects.create(headers=dict(
//! request.headers))`, `Visit(ip=request.remote_addr)`, `Visit.create(…)` (Peewee),
//! `insert(Visit).values(…)`. What counts as such data is `rules/sources.toml`'s `stored`
//! table; local variables are followed (`meta = request.META`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::Extractor;
use crate::facts::{DataRef, StoredInput, Target};
use crate::lang::ts::{named_children, span, text};

/// Methods that write their keyword arguments into a record.
const STORING: &[&str] = &[
    "create",
    "get_or_create",
    "update_or_create",
    "update",
    "insert",
    "values",
];

impl<'a> Extractor<'a> {
    /// A storing call or model constructor whose keyword arguments hold request data.
    pub(super) fn stored_input(&mut self, func: Node<'a>, args: Node<'a>) {
        let Some(target) = self.stored_target(func) else {
            return;
        };
        let mut stack: Vec<Node<'a>> = named_children(args).collect();
        while let Some(a) = stack.pop() {
            let (key, value) = match a.kind_name() {
                "keyword_argument" => match (a.field("name"), a.field("value")) {
                    (Some(k), Some(v)) => (text(k, self.src), v),
                    _ => continue,
                },
                "pair" => match (a.field("key"), a.field("value")) {
                    (Some(k), Some(v)) if k.kind_name() == "string" => {
                        (crate::lang::ts::unquote(text(k, self.src)), v)
                    }
                    _ => continue,
                },
                // `defaults={…}`, `**{…}`.
                "dictionary" | "dictionary_splat" => {
                    stack.extend(named_children(a));
                    continue;
                }
                _ => continue,
            };
            if key == "defaults" || key == "create_defaults" {
                stack.push(value);
                continue;
            }
            let mut refs: Vec<DataRef> = Vec::new();
            self.values(vec![value], &mut refs);
            if let Some(source) = self.cat.sources.python.stored_in(&refs) {
                self.stored_inputs.push(StoredInput {
                    target: target.clone(),
                    field: key.to_string(),
                    source,
                    span: span(a),
                });
            }
        }
    }

    /// The record a call writes: `Model(…)`, `Model.objects…create(…)`, `Model.create(…)`,
    /// `insert(Model).values(…)`.
    fn stored_target(&self, func: Node<'a>) -> Option<Target> {
        if func.kind_name() == "identifier" {
            let name = text(func, self.src);
            return name
                .starts_with(|c: char| c.is_ascii_uppercase())
                .then(|| Target::Name(name.to_string()));
        }
        if func.kind_name() != "attribute" {
            return None;
        }
        let method = text(func.field("attribute")?, self.src);
        if !STORING.contains(&method) {
            return None;
        }
        // Down the chain to its root: `Visit.objects.filter(…).update`, `insert(Visit).values`.
        let mut cur = func.field("object")?;
        for _ in 0..crate::lang::MAX_CHAIN {
            match cur.kind_name() {
                "identifier" => {
                    let name = text(cur, self.src);
                    return name
                        .starts_with(|c: char| c.is_ascii_uppercase())
                        .then(|| Target::Name(name.to_string()));
                }
                "attribute" => cur = cur.field("object")?,
                "call" => {
                    let f = cur.field("function")?;
                    if f.kind_name() == "identifier" && text(f, self.src) == "insert" {
                        cur = cur
                            .field("arguments")
                            .and_then(|a| named_children(a).find(|c| c.kind_name() != "comment"))?;
                    } else {
                        cur = f;
                    }
                }
                _ => return None,
            }
        }
        None
    }
}
