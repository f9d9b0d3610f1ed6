//! SQL, in `.sql` files and in string literals of any language: tables and their columns
//! (`CREATE TABLE`, `ALTER TABLE … ADD COLUMN`), foreign keys with their `ON DELETE`, and
//! deletion evidence (`DELETE FROM`, `TRUNCATE`, anonymising or soft-deleting `UPDATE`s).
//! A small tokenizer, not a parser: it reads the statements that matter and skips the rest.

use crate::facts::{
    Deletion, DeletionKind, Entity, Field, FileFacts, Framework, Link, ModelFacts, OnDelete, Span,
    Target,
};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};

mod insert;
mod lex;

pub use insert::{insert, Insert};
use lex::{lex, Kind, Tok};

/// Facts of a `.sql` file.
pub fn extract(src: &str, lines: &LineIndex) -> FileFacts {
    extract_file(src, lines, false)
}

/// `reverting`: a `down.sql` migration, whose tables are the past, not what is stored.
pub fn extract_file(src: &str, lines: &LineIndex, reverting: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut comments = Vec::new();
    let toks = lex(src, &mut comments);
    let mut statements: Vec<(u32, u32)> = Vec::new();
    statements_of(&toks, 0, &mut facts.models, |a, b| {
        statements.push((lines.line(a as u32), lines.line(b as u32)))
    });
    // A column is what an own-line suppression inside `CREATE TABLE` covers.
    for field in facts.models.entities.iter().flat_map(|e| &e.fields) {
        statements.push((lines.line(field.span.start), lines.line(field.span.end)));
    }
    let comments: Vec<Comment> = comments
        .iter()
        .map(|&(a, b)| Comment {
            span: Span::new(a, b),
            body: src[a..b].trim_start_matches("--").trim_start_matches("/*"),
        })
        .collect();
    facts.suppressions =
        suppress::resolve(src, lines, &comments, &mut statements, &mut facts.problems);
    if reverting {
        facts.models = ModelFacts::default();
    }
    facts.models.finish();
    facts
}

/// Does this string literal look like SQL worth reading?
pub fn worth_scanning(s: &str) -> bool {
    s.len() >= 10 && {
        let lower = s.as_bytes();
        contains_ci(lower, b"delete")
            || contains_ci(lower, b"truncate")
            || contains_ci(lower, b"create table")
            || (contains_ci(lower, b"update") && contains_ci(lower, b"set"))
    }
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// SQL in a string literal whose text starts at byte `base` of the file.
pub fn scan_embedded(text: &str, base: usize, out: &mut ModelFacts) {
    let toks = lex(text, &mut Vec::new());
    statements_of(&toks, base, out, |_, _| {});
}

fn statements_of(
    toks: &[Tok],
    base: usize,
    out: &mut ModelFacts,
    mut on_statement: impl FnMut(usize, usize),
) {
    let mut i = 0;
    while i < toks.len() {
        let end = (i..toks.len())
            .find(|&j| toks[j].kind == Kind::Punct && toks[j].text == ";")
            .unwrap_or(toks.len());
        if end > i {
            on_statement(toks[i].start, toks[end - 1].end);
            statement(&toks[i..end], base, out);
        }
        i = end + 1;
    }
}

fn span(t: &Tok, base: usize) -> Span {
    Span::new(base + t.start, base + t.end)
}

/// `schema.table` → (name token, index after it).
fn table_name<'a>(toks: &'a [Tok<'a>], mut i: usize) -> Option<(&'a Tok<'a>, usize)> {
    let mut name = toks.get(i)?;
    name.ident()?;
    i += 1;
    while toks.get(i).is_some_and(|t| t.text == ".") {
        name = toks.get(i + 1)?;
        name.ident()?;
        i += 2;
    }
    Some((name, i))
}

/// A table named by `name`, its storage name being that name.
fn table_entity(name: &Tok, base: usize) -> Entity {
    let table = name.ident().unwrap_or("").to_string();
    Entity {
        table: Some(table.clone()),
        ..Entity::new(table, Framework::SqlTable, span(name, base))
    }
}

fn statement(t: &[Tok], base: usize, out: &mut ModelFacts) {
    let Some(first) = t.first() else {
        return;
    };
    let at = |i: usize, kw: &str| t.get(i).is_some_and(|x| x.is(kw));
    if first.is("create") {
        // CREATE [TEMP|TEMPORARY|UNLOGGED] TABLE [IF NOT EXISTS] name (
        let mut i = 1;
        while t.get(i).is_some_and(|x| {
            x.is("temp") || x.is("temporary") || x.is("unlogged") || x.is("global") || x.is("local")
        }) {
            i += 1;
        }
        if !at(i, "table") {
            return;
        }
        let temporary = i > 1;
        i += 1;
        if at(i, "if") && at(i + 1, "not") && at(i + 2, "exists") {
            i += 3;
        }
        let Some((name, next)) = table_name(t, i) else {
            return;
        };
        if temporary || t.get(next).map(|x| x.text) != Some("(") {
            return;
        }
        let mut e = table_entity(name, base);
        for def in top_level_items(t, next + 1) {
            column_or_constraint(def, base, &mut e);
        }
        out.entities.push(e);
    } else if first.is("alter") && at(1, "table") {
        let mut i = 2;
        if at(i, "if") && at(i + 1, "exists") {
            i += 2;
        }
        if at(i, "only") {
            i += 1;
        }
        let Some((name, next)) = table_name(t, i) else {
            return;
        };
        let mut e = table_entity(name, base);
        let table = name.ident().unwrap_or("").to_ascii_lowercase();
        // ADD [COLUMN] [IF NOT EXISTS] col type …, ADD CONSTRAINT … FOREIGN KEY …
        for item in split_commas(&t[next..]) {
            let mut j = 0;
            let head = item.first();
            if head.is_some_and(|x| x.is("rename")) && item.get(1).is_some_and(|x| x.is("to")) {
                out.dropped.push(table.clone());
                continue;
            }
            if head.is_some_and(|x| x.is("drop")) {
                let k = if item.get(1).is_some_and(|x| x.is("column")) {
                    2
                } else {
                    1
                };
                let k = if item.get(k).is_some_and(|x| x.is("if")) {
                    k + 2
                } else {
                    k
                };
                if let Some(col) = item.get(k).and_then(Tok::ident) {
                    if !item.get(1).is_some_and(|x| x.is("constraint")) {
                        out.dropped
                            .push(format!("{table}.{}", col.to_ascii_lowercase()));
                    }
                }
                continue;
            }
            if !head.is_some_and(|x| x.is("add")) {
                continue;
            }
            j += 1;
            if item.get(j).is_some_and(|x| x.is("column")) {
                j += 1;
            }
            if item.get(j).is_some_and(|x| x.is("if")) {
                j += 3;
            }
            column_or_constraint(&item[j.min(item.len())..], base, &mut e);
        }
        if !e.fields.is_empty() || !e.links.is_empty() {
            out.entities.push(e);
        }
    } else if first.is("drop") && at(1, "table") {
        let mut i = 2;
        if at(i, "if") && at(i + 1, "exists") {
            i += 2;
        }
        while let Some((name, next)) = table_name(t, i) {
            out.dropped
                .push(name.ident().unwrap_or("").to_ascii_lowercase());
            if t.get(next).map(|x| x.text) != Some(",") {
                break;
            }
            i = next + 1;
        }
    } else if first.is("delete") {
        let i = if at(1, "from") { 2 } else { 1 };
        // `DELETE users WHERE …` without FROM, but not prose ("Delete user with id …").
        let sql = i == 2 || table_name(t, 1).is_some_and(|(_, next)| at(next, "where"));
        if let Some((name, _)) = table_name(t, i).filter(|_| sql) {
            out.deletions.push(Deletion {
                target: Target::Table(name.ident().unwrap_or("").to_string()),
                kind: DeletionKind::Delete,
                span: Span::new(base + first.start, base + name.end),
                how: format!("`DELETE FROM {}`", name.ident().unwrap_or("")),
                fields: Vec::new(),
            });
        }
    } else if first.is("truncate") {
        let mut i = if at(1, "table") { 2 } else { 1 };
        while let Some((name, next)) = table_name(t, i) {
            if name.is("only") {
                i = next;
                continue;
            }
            out.deletions.push(Deletion {
                target: Target::Table(name.ident().unwrap_or("").to_string()),
                kind: DeletionKind::Delete,
                span: Span::new(base + first.start, base + name.end),
                how: format!("`TRUNCATE {}`", name.ident().unwrap_or("")),
                fields: Vec::new(),
            });
            if t.get(next).map(|x| x.text) != Some(",") {
                break;
            }
            i = next + 1;
        }
    } else if first.is("update") {
        update(t, base, out);
    }
}

/// `UPDATE t SET a = NULL, b = '' …`: anonymisation; `deleted_at = now()`: soft delete.
fn update(t: &[Tok], base: usize, out: &mut ModelFacts) {
    let Some((name, next)) = table_name(t, 1) else {
        return;
    };
    if !t.get(next).is_some_and(|x| x.is("set")) {
        return;
    }
    let set_end = (next..t.len())
        .find(|&j| t[j].is("where") || t[j].is("from") || t[j].is("returning"))
        .unwrap_or(t.len());
    let mut cleared = Vec::new();
    let mut soft = false;
    for item in split_commas(&t[next + 1..set_end]) {
        let (Some(col), Some(eq)) = (item.first().and_then(Tok::ident), item.get(1)) else {
            continue;
        };
        if eq.text != "=" {
            continue;
        }
        let value = &item[2..];
        if is_soft_delete_flag(col) {
            soft = true;
        } else if value.len() == 1 && is_blank_value(&value[0]) {
            cleared.push(col.to_string());
        }
    }
    let table = name.ident().unwrap_or("").to_string();
    let span = Span::new(base + t[0].start, base + name.end);
    if !cleared.is_empty() {
        out.deletions.push(Deletion {
            target: Target::Table(table.clone()),
            kind: DeletionKind::Anonymise,
            span,
            how: format!("`UPDATE {table} SET … = NULL`"),
            fields: cleared,
        });
    } else if soft {
        out.deletions.push(Deletion {
            target: Target::Table(table.clone()),
            kind: DeletionKind::SoftDelete,
            span,
            how: format!("`UPDATE {table}` sets a deletion flag"),
            fields: Vec::new(),
        });
    }
}

/// `deleted_at`, `is_deleted`, `deleted`, `archived_at`, `removed`: a row marked gone.
pub fn is_soft_delete_flag(col: &str) -> bool {
    let c = col.to_ascii_lowercase().replace('_', "");
    matches!(
        c.as_str(),
        "deletedat"
            | "isdeleted"
            | "deleted"
            | "deletedon"
            | "softdeleted"
            | "removedat"
            | "isremoved"
            | "archivedat"
            | "isarchived"
            | "deletedtime"
            | "deletiondate"
    )
}

fn is_blank_value(v: &Tok) -> bool {
    match v.kind {
        Kind::Word => v.is("null"),
        Kind::Str => {
            let inner = v.text.trim_matches('\'').to_ascii_lowercase();
            inner.is_empty()
                || inner.contains("redact")
                || inner.contains("anonym")
                || inner.contains("deleted")
                || inner.chars().all(|c| c == '*' || c == 'x' || c == '#')
        }
        _ => false,
    }
}

/// Items between the parentheses that start at `i` (exclusive of the opening one),
/// split at top-level commas.
fn top_level_items<'a>(t: &'a [Tok<'a>], i: usize) -> Vec<&'a [Tok<'a>]> {
    let mut depth = 0;
    let mut end = t.len();
    for (j, x) in t.iter().enumerate().skip(i) {
        match x.text {
            "(" => depth += 1,
            ")" if depth == 0 => {
                end = j;
                break;
            }
            ")" => depth -= 1,
            _ => {}
        }
    }
    split_commas(&t[i.min(end)..end])
}

fn split_commas<'a>(t: &'a [Tok<'a>]) -> Vec<&'a [Tok<'a>]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (j, x) in t.iter().enumerate() {
        if x.kind != Kind::Punct {
            continue;
        }
        match x.text {
            "(" => depth += 1,
            ")" => depth -= 1,
            "," if depth == 0 => {
                out.push(&t[start..j]);
                start = j + 1;
            }
            _ => {}
        }
    }
    if start < t.len() {
        out.push(&t[start..]);
    }
    out
}

const CONSTRAINT_WORDS: &[&str] = &[
    "constraint",
    "primary",
    "foreign",
    "unique",
    "check",
    "key",
    "index",
    "exclude",
    "like",
    "period",
];

fn column_or_constraint(def: &[Tok], base: usize, e: &mut Entity) {
    let Some(first) = def.first() else {
        return;
    };
    let is_constraint = first.kind == Kind::Word && CONSTRAINT_WORDS.iter().any(|w| first.is(w));
    if !is_constraint {
        if let Some(name) = first.ident() {
            let ty: Vec<&str> = def[1..]
                .iter()
                .take_while(|x| {
                    x.kind == Kind::Word
                        && !x.is("not")
                        && !x.is("null")
                        && !x.is("references")
                        && !x.is("default")
                        && !x.is("primary")
                        && !x.is("unique")
                        && !x.is("check")
                        && !x.is("generated")
                        && !x.is("constraint")
                })
                .map(|x| x.text)
                .collect();
            // `UNIQUE` kept in the type: a unique `name` is a handle, not a person's name.
            let mut ty = ty.join(" ");
            if def[1..]
                .iter()
                .any(|x| x.kind == Kind::Word && x.is("unique"))
            {
                ty.push_str(" UNIQUE");
            }
            e.fields.push(Field {
                name: name.to_string(),
                span: span(first, base),
                declared_type: (!ty.trim().is_empty()).then(|| ty.trim().to_string()),
                hidden: false,
            });
        }
    }
    // REFERENCES parent [(col)] [ON DELETE action]
    if let Some(r) = def.iter().position(|x| x.is("references")) {
        if let Some((parent, _)) = table_name(def, r + 1) {
            let on_delete = def
                .windows(3)
                .position(|w| w[0].is("on") && w[1].is("delete"))
                .map(|p| {
                    let a = &def[p + 2];
                    if a.is("cascade") {
                        OnDelete::Cascade
                    } else if a.is("set") {
                        OnDelete::SetNull
                    } else {
                        OnDelete::Keep
                    }
                })
                .unwrap_or(OnDelete::Keep);
            e.links.push(Link {
                target: parent.ident().unwrap_or("").to_string(),
                on_delete,
                from_parent: false,
                span: Span::new(
                    base + def[r].start,
                    base + def.last().map_or(def[r].end, |x| x.end),
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sql: &str) -> ModelFacts {
        extract(sql, &LineIndex::new(sql)).models
    }

    #[test]
    fn tables_columns_and_cascades() {
        let m = facts(
            "-- users\nCREATE TABLE IF NOT EXISTS public.\"users\" (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL,\n  birth_date date,\n  CONSTRAINT u UNIQUE (email)\n);\nCREATE TABLE orders (id int, user_id int REFERENCES users(id) ON DELETE CASCADE, note varchar(20));\n",
        );
        assert_eq!(m.entities.len(), 2);
        let names: Vec<&str> = m.entities[0]
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["id", "email", "birth_date"]);
        assert_eq!(m.entities[1].links[0].target, "users");
        assert_eq!(m.entities[1].links[0].on_delete, OnDelete::Cascade);
    }

    #[test]
    fn deletions() {
        let m = facts("DELETE FROM users WHERE id = $1; truncate table a, b; UPDATE users SET email = NULL, name = '' WHERE id = 1; update t set deleted_at = now();");
        let kinds: Vec<_> = m
            .deletions
            .iter()
            .map(|d| (d.kind, d.target.clone()))
            .collect();
        assert_eq!(kinds.len(), 5);
        assert_eq!(m.deletions[3].fields, ["email", "name"]);
        assert_eq!(m.deletions[4].kind, DeletionKind::SoftDelete);
    }

    #[test]
    fn never_panics_on_fragments() {
        for s in [
            "\"",
            "DELETE FROM \"",
            "CREATE TABLE \"x (",
            "UPDATE `",
            "TRUNCATE [",
            "é DELETE FROM é",
            "CREATE TABLE t (a",
            "UPDATE t SET",
            "ALTER TABLE \" ADD",
        ] {
            let _ = facts(s);
            scan_embedded(s, 0, &mut ModelFacts::default());
        }
    }

    #[test]
    fn embedded() {
        let mut m = ModelFacts::default();
        assert!(worth_scanning("DELETE FROM sessions WHERE expires < now()"));
        scan_embedded("DELETE FROM sessions WHERE expires < now()", 10, &mut m);
        assert_eq!(m.deletions[0].span.start, 10);
    }
}
