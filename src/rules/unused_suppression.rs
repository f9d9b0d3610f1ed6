use super::{declare_rule, Check, Diagnostic, Edit, RuleInfo, Severity};
use crate::classify::Confidence;
use crate::facts::{Span, Suppression};

declare_rule! {
    /// ## What it finds
    /// A `privlint: ignore[rule] reason` comment that waives no finding: the leak it covered
    /// was fixed, the code moved, or the comment names the wrong rule or sits on the wrong
    /// line. Left in place, it would silently waive the next real finding on that line, and
    /// it tells every reader a risk is there when none is. Like ruff's `RUF100`.
    ///
    /// Only rules that ran are judged: a suppression naming a rule that is not selected is
    /// left alone, and `ignore[all]` is judged only when every default rule ran. A file with
    /// a syntax error is not judged (a finding can be missing because the code did not
    /// parse). A name privlint does not know is an error of its own, not this finding.
    ///
    /// ## Fix
    /// `privlint check --fix` deletes the comment (the whole line when it stands alone), or,
    /// when some rules it names still waive a finding, only the unused names. JSON and SARIF
    /// carry the same edit (`fix`, `fixes`).
    ///
    /// To keep a suppression that waives nothing on purpose, name this rule in it:
    /// `privlint: ignore[pii-in-logs, unused-suppression] reason`.
    ///
    /// ## Example
    /// ```python
    /// logger.info("signed in: %s", user.id)  # privlint: ignore[pii-in-logs] ← waives nothing
    /// ```
    pub struct UnusedSuppression;
}

pub const INFO: RuleInfo = RuleInfo {
    name: "unused-suppression",
    summary: "a `privlint: ignore[…]` comment that suppresses nothing",
    doc: UnusedSuppression::DOC,
    default_severity: Severity::Warning,
    tags: &["maintainability"],
    security_severity: "1.0",
    default_enabled: true,
    check: Check::Suppressions(check),
};

/// One file's suppressions, and what the scan's findings made of them.
pub struct SuppressionContext<'a> {
    pub src: &'a str,
    pub suppressions: &'a [Suppression],
    /// Per suppression, the rules of the findings it waived.
    pub used: &'a [Vec<&'static str>],
    /// The rules that ran: silence from any other rule means nothing.
    pub ran: &'a [&'static str],
    /// Every default rule ran, so `ignore[all]` can be judged.
    pub all_ran: bool,
}

fn check(ctx: &SuppressionContext, out: &mut Vec<(Diagnostic, Edit)>) {
    for (s, used) in ctx.suppressions.iter().zip(ctx.used) {
        if s.rules.iter().any(|r| r == INFO.name) {
            continue;
        }
        let unused: Vec<&str> = s
            .rules
            .iter()
            .map(String::as_str)
            .filter(|r| match *r {
                "all" => ctx.all_ran && used.is_empty(),
                r => ctx.ran.contains(&r) && !used.contains(&r),
            })
            .collect();
        if unused.is_empty() {
            continue;
        }
        let keep: Vec<&str> = s
            .rules
            .iter()
            .map(String::as_str)
            .filter(|r| !unused.contains(r))
            .collect();
        let lines = if s.first_line == s.last_line {
            format!("line {}", s.first_line)
        } else {
            format!("lines {}–{}", s.first_line, s.last_line)
        };
        let (message, edit) = if keep.is_empty() {
            (
                format!(
                    "`privlint: ignore[{}]` suppresses nothing",
                    s.rules.join(", ")
                ),
                Edit {
                    span: removal(ctx.src, s.span),
                    replacement: String::new(),
                    description: "delete the unused suppression".into(),
                },
            )
        } else {
            let Some(list) = rule_list(ctx.src, s.span) else {
                continue;
            };
            (
                format!(
                    "`{}` in `privlint: ignore[{}]` suppresses nothing",
                    unused.join("`, `"),
                    s.rules.join(", ")
                ),
                Edit {
                    span: list,
                    replacement: keep.join(", "),
                    description: format!("remove `{}` from the suppression", unused.join("`, `")),
                },
            )
        };
        let rules_shown = if unused == ["all"] {
            "any rule".to_string()
        } else {
            format!("`{}`", unused.join("`, `"))
        };
        out.push((
            Diagnostic {
                rule: INFO.name,
                severity: INFO.default_severity,
                confidence: Confidence::High,
                message,
                span: s.span,
                label: format!("no finding of {rules_shown} on {lines}, which it covers"),
                data_types: Vec::new(),
                related: Vec::new(),
                notes: vec![
                    "a suppression that waives nothing would hide the next real finding on its line"
                        .into(),
                ],
                help: format!(
                    "{} (`privlint check --fix` does it)",
                    if keep.is_empty() {
                        "delete the comment"
                    } else {
                        "remove the unused rule names"
                    }
                ),
                fingerprint_key: format!("unused-suppression:{}", s.rules.join(",")),
            },
            edit,
        ));
    }
}

/// The bytes to delete with the comment at `span`: its whole line when it stands alone, the
/// spaces before it when it trails code, the spaces after it when code follows it.
fn removal(src: &str, span: Span) -> Span {
    let (start, end) = (span.start as usize, span.end as usize);
    if end > src.len() || !src.is_char_boundary(start) || !src.is_char_boundary(end) {
        return span;
    }
    let line_start = src[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = src[end..].find(['\n', '\r']).map_or(src.len(), |i| end + i);
    let before = &src[line_start..start];
    let after = &src[end..line_end];
    match (before.trim().is_empty(), after.trim().is_empty()) {
        (true, true) => {
            let newline = if src[line_end..].starts_with("\r\n") {
                2
            } else {
                usize::from(line_end < src.len())
            };
            Span::new(line_start, line_end + newline)
        }
        (false, true) => Span::new(line_start + before.trim_end().len(), line_end),
        _ => Span::new(start, end + (after.len() - after.trim_start().len())),
    }
}

/// The rule names between the brackets of the directive in the comment at `span`.
fn rule_list(src: &str, span: Span) -> Option<Span> {
    let text = src.get(span.start as usize..span.end as usize)?;
    let open = text.find('[')? + 1;
    let close = open + text[open..].find(']')?;
    Some(Span::new(
        span.start as usize + open,
        span.start as usize + close,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(src: &str, comment: &str) -> String {
        let start = src.find(comment).unwrap();
        let s = removal(src, Span::new(start, start + comment.len()));
        format!("{}{}", &src[..s.start as usize], &src[s.end as usize..])
    }

    #[test]
    fn removal_takes_the_line_the_trailing_spaces_or_the_leading_comment() {
        let c = "# privlint: ignore[pii-in-logs] x";
        assert_eq!(cut(&format!("a\n    {c}\nb\n"), c), "a\nb\n");
        assert_eq!(cut(&format!("a\r\n{c}\r\nb"), c), "a\r\nb");
        assert_eq!(cut(&format!("a\n{c}"), c), "a\n");
        assert_eq!(cut(&format!("f(x)  {c}\n"), c), "f(x)\n");
        let b = "/* privlint: ignore[pii-in-logs] */";
        assert_eq!(cut(&format!("  {b} f(x);\n"), b), "  f(x);\n");
    }

    #[test]
    fn the_rule_list_is_the_text_between_the_brackets() {
        let src = "x # privlint: ignore[a, b] why";
        let s = rule_list(src, Span::new(2, src.len())).unwrap();
        assert_eq!(&src[s.start as usize..s.end as usize], "a, b");
    }
}
