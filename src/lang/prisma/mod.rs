//! `schema.prisma`: models, their scalar fields, `@@map` storage names and relations with
//! their `onDelete`. A line-oriented reader: Prisma's schema language is that regular.

use crate::facts::{Entity, Field, FileFacts, Framework, Link, OnDelete, Span};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};

pub fn extract(src: &str, lines: &LineIndex) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut comments: Vec<Comment> = Vec::new();
    let mut statements: Vec<(u32, u32)> = Vec::new();
    // Model and enum names first: a field typed by a model is a relation, not a column.
    let mut models: Vec<&str> = Vec::new();
    for l in src.lines() {
        let mut w = l.split_whitespace();
        if let (Some("model" | "view"), Some(name)) = (w.next(), w.next()) {
            models.push(name.trim_end_matches('{'));
        }
    }
    let mut current: Option<Entity> = None;
    let mut offset = 0;
    for raw in src.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let (code, comment) = match line.find("//") {
            Some(i) => (&line[..i], Some(i)),
            None => (line, None),
        };
        if let Some(i) = comment {
            comments.push(Comment {
                span: Span::new(start + i, start + line.len()),
                body: line[i..].trim_start_matches('/'),
            });
        }
        let trimmed = code.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = code.len() - code.trim_start().len();
        let ln = lines.line(start as u32);
        statements.push((ln, ln));
        let mut words = trimmed.split_whitespace();
        let first = words.next().unwrap_or("");
        match (&mut current, first) {
            (None, "model" | "view") => {
                let name = words.next().unwrap_or("").trim_end_matches('{');
                let at = start + lead + code.trim_start().find(name).unwrap_or(0);
                current = Some(Entity::new(
                    name.to_string(),
                    Framework::Prisma,
                    Span::new(at, at + name.len()),
                ));
            }
            (Some(e), "}") => {
                let _ = e;
                facts.models.entities.extend(current.take());
            }
            (Some(e), _) if first.starts_with("@@map(") => {
                e.table = Some(quoted(trimmed).to_string());
            }
            (Some(_), _) if first.starts_with("@@") => {}
            (Some(e), name) => {
                let ty = words.next().unwrap_or("");
                let base_ty = ty.trim_end_matches(['?', '!']).trim_end_matches("[]");
                let at = start + lead;
                if models.contains(&base_ty) {
                    if let Some(rel) = trimmed.find("@relation(") {
                        let args = &trimmed[rel..];
                        let on_delete = match args.find("onDelete:") {
                            Some(i) => {
                                let v = args[i + 9..].trim_start();
                                if v.starts_with("Cascade") {
                                    OnDelete::Cascade
                                } else if v.starts_with("SetNull") || v.starts_with("SetDefault") {
                                    OnDelete::SetNull
                                } else {
                                    OnDelete::Keep
                                }
                            }
                            None => OnDelete::Keep,
                        };
                        if args.contains("fields:") {
                            e.links.push(Link {
                                target: base_ty.to_string(),
                                on_delete,
                                from_parent: false,
                                span: Span::new(at, start + lead + trimmed.len()),
                            });
                        }
                    }
                } else {
                    e.fields.push(Field {
                        name: name.to_string(),
                        span: Span::new(at, at + name.len()),
                        declared_type: Some(base_ty.to_string()),
                        hidden: false,
                    });
                }
            }
            _ => {}
        }
    }
    facts.models.entities.extend(current);
    facts.suppressions =
        suppress::resolve(src, lines, &comments, &mut statements, &mut facts.problems);
    facts
}

fn quoted(s: &str) -> &str {
    let a = s.find('"').map_or(0, |i| i + 1);
    let b = s[a..].find('"').map_or(s.len(), |i| a + i);
    &s[a..b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_fields_relations() {
        let src = "model User {\n  id Int @id\n  email String @unique\n  posts Post[]\n  @@map(\"users\")\n}\n\nmodel Post {\n  id Int @id\n  author User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n  authorId Int\n}\n";
        let f = extract(src, &LineIndex::new(src));
        let e = &f.models.entities;
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].table.as_deref(), Some("users"));
        assert_eq!(e[0].fields.len(), 2);
        assert_eq!(e[1].links[0].target, "User");
        assert_eq!(e[1].links[0].on_delete, OnDelete::Cascade);
        assert_eq!(
            &src[e[0].span.start as usize..e[0].span.end as usize],
            "User"
        );
    }
}
