//! `privlint: ignore[rule, …] reason` comments, the same in every language.
//!
//! A directive counts only at the start of a comment (prose that mentions it is not one).
//! Trailing code on its line, it covers that line; on a line of its own, it covers the whole
//! next statement, however many lines that statement spans.

use crate::facts::{ParseProblem, Span, Suppression};
use crate::source::LineIndex;

/// A comment as the front-end found it: its span and its text without the comment marker.
pub struct Comment<'a> {
    pub span: Span,
    pub body: &'a str,
}

pub enum Directive {
    Ignore { rules: Vec<String>, reason: String },
    Malformed(String),
}

/// Parses the body of one comment (`#`/`//`/`/*` already removed).
pub fn parse_directive(body: &str) -> Option<Directive> {
    let rest = body.trim_start().strip_prefix("privlint")?;
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let Some(rest) = rest.strip_prefix("ignore") else {
        return Some(Directive::Malformed(
            "unknown privlint directive: expected `privlint: ignore[rule] reason`".into(),
        ));
    };
    let Some(rest) = rest.trim_start().strip_prefix('[') else {
        return Some(Directive::Malformed(
            "`privlint: ignore` needs the rules it ignores: `privlint: ignore[pii-in-logs] reason`"
                .into(),
        ));
    };
    let Some(close) = rest.find(']') else {
        return Some(Directive::Malformed(
            "unclosed `[` in privlint: ignore[…]".into(),
        ));
    };
    let rules: Vec<String> = rest[..close]
        .split(',')
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if rules.is_empty() {
        return Some(Directive::Malformed(
            "`privlint: ignore[]` names no rule".into(),
        ));
    }
    let reason = rest[close + 1..]
        .trim()
        .trim_start_matches(['-', ':'])
        .trim()
        .trim_end_matches("*/")
        .trim();
    // A reason is repeated in reports and kept in the cache: no secret or personal value in it.
    let reason = crate::redact::redact_prose(reason);
    Some(Directive::Ignore { rules, reason })
}

/// Turns comments into suppressions. `statements` holds the (first, last) line of every
/// statement in the file, in any order, so an own-line directive can cover the next one.
pub fn resolve(
    src: &str,
    lines: &LineIndex,
    comments: &[Comment],
    statements: &mut [(u32, u32)],
    problems: &mut Vec<ParseProblem>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    if comments.is_empty() {
        return out;
    }
    statements.sort_unstable();
    for c in comments {
        let Some(d) = parse_directive(c.body) else {
            continue;
        };
        let (rules, reason) = match d {
            Directive::Ignore { rules, reason } => (rules, reason),
            Directive::Malformed(message) => {
                problems.push(ParseProblem {
                    span: c.span,
                    message,
                });
                continue;
            }
        };
        let line = lines.line(c.span.start);
        let line_start = lines.line_start(line) as usize;
        let line_end = src[c.span.end as usize..]
            .find(['\n', '\r'])
            .map_or(src.len(), |i| c.span.end as usize + i);
        // Alone on its line it covers the next statement; with code before it (`x  # …`) or
        // after it (`/* privlint: ignore[…] */ x`) it covers its own line.
        let own_line = crate::source::slice(src, line_start, c.span.start as usize)
            .trim()
            .is_empty()
            && crate::source::slice(src, c.span.end as usize, line_end)
                .trim()
                .is_empty();
        let (first, last) = if own_line {
            let i = statements.partition_point(|s| s.0 <= line);
            match statements.get(i) {
                Some(&(start, _)) => {
                    let end = statements[i..]
                        .iter()
                        .take_while(|s| s.0 == start)
                        .map(|s| s.1)
                        .max()
                        .unwrap_or(start);
                    (start, end)
                }
                None => (line + 1, line + 1),
            }
        } else {
            (line, line)
        };
        out.push(Suppression {
            rules,
            line,
            first_line: first,
            last_line: last,
            reason,
            span: c.span,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives() {
        assert!(parse_directive(" just prose about privlint: ignore").is_none());
        assert!(parse_directive(" see the privlint docs").is_none());
        match parse_directive(" privlint: ignore[pii-in-logs] -- audited") {
            Some(Directive::Ignore { rules, reason }) => {
                assert_eq!(rules, ["pii-in-logs"]);
                assert_eq!(reason, "audited");
            }
            _ => panic!(),
        }
        match parse_directive("privlint:ignore[a, b]") {
            Some(Directive::Ignore { rules, .. }) => assert_eq!(rules, ["a", "b"]),
            _ => panic!(),
        }
        assert!(matches!(
            parse_directive(" privlint: ignore"),
            Some(Directive::Malformed(_))
        ));
    }
}
