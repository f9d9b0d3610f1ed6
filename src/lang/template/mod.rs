//! Templates (Jinja, Django, Handlebars, Mustache, EJS, Vue and Svelte markup): only the
//! names they read inside `{{ … }}`, `{% … %}` and `<%= … %>`, so a field shown on a page
//! counts as used.

use crate::facts::FileFacts;

const OPENERS: &[(&str, &str)] = &[("{{", "}}"), ("{%", "%}"), ("<%", "%>")];

const KEYWORDS: &[&str] = &[
    "if",
    "else",
    "elif",
    "endif",
    "for",
    "endfor",
    "in",
    "not",
    "and",
    "or",
    "is",
    "with",
    "endwith",
    "block",
    "endblock",
    "extends",
    "include",
    "load",
    "url",
    "trans",
    "true",
    "false",
    "none",
    "null",
    "each",
    "unless",
    "this",
    "set",
    "macro",
    "endmacro",
    "as",
    "static",
    "csrf_token",
    "let",
    "const",
    "var",
];

pub fn extract(src: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let reads = &mut facts.models.reads;
    let mut rest = src;
    while let Some((i, open, close)) = OPENERS
        .iter()
        .filter_map(|(o, c)| rest.find(o).map(|i| (i, *o, *c)))
        .min_by_key(|x| x.0)
    {
        let body_start = i + open.len();
        let Some(len) = rest[body_start..].find(close) else {
            break;
        };
        let body = &rest[body_start..body_start + len];
        for word in body
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
        {
            if !KEYWORDS.contains(&word) {
                reads.push(word.to_string());
            }
        }
        rest = &rest[body_start + len + close.len()..];
    }
    facts.models.finish();
    facts
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_dotted_names() {
        let f =
            super::extract("<p>{{ user.phone|default:'-' }}</p>{% if user.show_dob %}x{% endif %}");
        assert!(f.models.reads.contains(&"phone".to_string()));
        assert!(f.models.reads.contains(&"show_dob".to_string()));
        assert!(!f.models.reads.contains(&"if".to_string()));
    }
}
