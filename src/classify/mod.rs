//! Identifier → data type. A pure function of the name, its owner and its declared type,
//! following taxonomy.md §B: token sequences (never substrings), the head noun decides,
//! leading flags/verbs/quantities veto, protective qualifiers mark a value as transformed,
//! ambiguous words need a person owner.

pub mod lexicon;
pub mod taxonomy;
pub mod tokenize;

use serde::Serialize;

pub use lexicon::Lexicon;
pub use taxonomy::{DataTypeDef, Sensitivity, Strength, Taxonomy, ValueKind};
use tokenize::tokenize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub type_index: usize,
    pub confidence: Confidence,
    /// Hashed, masked, encrypted…: still about the data type, but no longer the raw value.
    pub transformed: bool,
    /// Which rule fired, for the finding's explanation.
    pub reason: String,
}

pub struct Classifier {
    pub taxonomy: Taxonomy,
    lex: &'static Lexicon,
}

/// Declared types that can never hold a personal string value.
const BOOL_TYPES: &[&str] = &[
    "bool",
    "boolean",
    "Boolean",
    "BooleanField",
    "NullBooleanField",
];
const NUMBER_TYPES: &[&str] = &[
    "int",
    "float",
    "number",
    "Number",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "f32",
    "f64",
    "IntegerField",
    "PositiveIntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "FloatField",
    "DecimalField",
    "Decimal",
    "bigint",
    "Integer",
    "Float",
];
const DATE_TYPES: &[&str] = &[
    "datetime",
    "date",
    "Date",
    "DateTime",
    "DateTimeField",
    "DateField",
    "NaiveDate",
    "NaiveDateTime",
    "Instant",
    "SystemTime",
    "Timestamp",
    "timestamp",
];

impl Classifier {
    pub fn new(extra: Vec<DataTypeDef>) -> Classifier {
        let lex = Lexicon::builtin();
        let mut defs = taxonomy::builtin_defs();
        defs.extend(extra);
        Classifier {
            taxonomy: Taxonomy::new(defs, lex),
            lex,
        }
    }

    pub fn builtin() -> &'static Classifier {
        static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
        C.get_or_init(|| Classifier::new(Vec::new()))
    }

    pub fn data_type(&self, m: &Match) -> &DataTypeDef {
        &self.taxonomy.types[m.type_index]
    }

    /// Classifies the last segment of an access path, the segment before it being its owner.
    /// Where the name alone says nothing, owner and name are read as one compound:
    /// `card.number` is a card number, `user.phone.number` a phone number.
    pub fn classify_path(&self, path: &[String], declared: Option<&str>) -> Option<Match> {
        let (name, rest) = path.split_last()?;
        let owner = rest.last().map(String::as_str);
        let direct = self.classify(name, owner, declared);
        if direct.is_some() {
            return direct;
        }
        let owner = owner?;
        // Only names that mean nothing without their owner; `message.text` stays unclassified.
        let head = tokenize(name, self.lex).pop()?;
        if !matches!(head.as_str(), "number" | "code" | "value" | "digits") {
            return None;
        }
        let compound = format!("{owner}_{name}");
        self.classify(
            &compound,
            rest.iter().rev().nth(1).map(String::as_str),
            declared,
        )
    }

    pub fn classify(
        &self,
        name: &str,
        owner: Option<&str>,
        declared: Option<&str>,
    ) -> Option<Match> {
        let lex = self.lex;
        let mut toks = tokenize(name, lex);
        if toks.len() > 1 && lex.boolean_prefixes.contains(&toks[0]) {
            return None;
        }
        while toks.len() > 1 && lex.accessor_prefixes.contains(&toks[0]) {
            toks.remove(0);
        }
        let mut transformed = false;
        let mut carried = false;
        let (start, ty, strength) = loop {
            if let Some(hit) = self.head_phrase(&toks) {
                break hit;
            }
            let last = toks.last()?;
            if toks.len() > 1 && lex.protective.contains(last) {
                transformed = true;
            } else if toks.len() > 1 && lex.carriers.contains(last) {
                carried = true;
            } else {
                return None;
            }
            toks.pop();
        };
        // `cell_value`, `name_text`: a carrier suffix does not make an ambiguous word personal.
        if carried && strength == Strength::Ambiguous && start == 0 {
            return None;
        }
        let prefix = &toks[..start];
        if let Some(first) = prefix.first() {
            if lex.verb_prefixes.contains(first) || lex.boolean_prefixes.contains(first) {
                return None;
            }
        }
        if prefix.iter().any(|t| lex.quantity_prefixes.contains(t)) {
            return None;
        }
        if prefix.iter().any(|t| lex.protective.contains(t)) {
            transformed = true;
        }
        // `server_ip` and `server.ip` alike: the owner stands where a prefix would.
        let owner_toks: Vec<String> = match (prefix.is_empty(), owner) {
            (true, Some(o)) => tokenize(o, lex),
            _ => Vec::new(),
        };
        let before: &[String] = if prefix.is_empty() {
            &owner_toks
        } else {
            prefix
        };
        if self.taxonomy.not_after[ty]
            .iter()
            .any(|na| !na.is_empty() && before.ends_with(na))
        {
            return None;
        }
        // `project.files.old_credentials`, `columns.email`: the value names a file or a
        // column, whatever its own name says.
        if owner.is_some_and(|o| {
            tokenize(o, lex).last().is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "file" | "files" | "path" | "paths" | "filename" | "dir" | "column" | "columns"
                )
            })
        }) {
            return None;
        }
        let def = &self.taxonomy.types[ty];
        if let Some(decl) = declared.map(base_type) {
            let is = |list: &[&str]| list.contains(&decl);
            if is(BOOL_TYPES)
                || (is(NUMBER_TYPES) && def.value == ValueKind::String)
                || (is(DATE_TYPES) && matches!(def.value, ValueKind::String | ValueKind::Number))
            {
                return None;
            }
        }
        let phrase = toks[start..].join(" ");
        let (confidence, reason) = match strength {
            Strength::Strong
                if start == 0 && toks.len() == 1 || name.eq_ignore_ascii_case(&phrase) =>
            {
                (Confidence::High, format!("`{name}` names this data type"))
            }
            Strength::Strong => (Confidence::High, format!("`{name}` ends in `{phrase}`")),
            Strength::Ambiguous => {
                let ctx_word = prefix
                    .last()
                    .cloned()
                    .or_else(|| owner.and_then(|o| tokenize(o, lex).pop()));
                let positive_type = declared.is_some_and(|d| {
                    let d = base_type(d);
                    self.head_phrase(&tokenize(d, lex))
                        .is_some_and(|(_, t, _)| t == ty)
                });
                match ctx_word {
                    Some(w) if lex.nonperson_owners.contains(&w) && !positive_type => return None,
                    Some(w) if lex.person_owners.contains(&w) => (
                        Confidence::Medium,
                        format!("ambiguous `{phrase}` belongs to a person (`{w}`)"),
                    ),
                    _ if positive_type => (
                        Confidence::Medium,
                        format!(
                            "ambiguous `{phrase}` has the declared type `{}`",
                            declared.unwrap_or("")
                        ),
                    ),
                    _ => (
                        Confidence::Low,
                        format!("ambiguous `{phrase}` without a person owner"),
                    ),
                }
            }
        };
        Some(Match {
            type_index: ty,
            confidence,
            transformed,
            reason,
        })
    }

    /// The longest phrase that ends at the last token: (start index, type, strength).
    fn head_phrase(&self, toks: &[String]) -> Option<(usize, usize, Strength)> {
        let last = toks.last()?;
        let cands = self.taxonomy.by_last.get(last)?;
        cands
            .iter()
            .find(|(p, _, _)| toks.ends_with(p))
            .map(|(p, t, s)| (toks.len() - p.len(), *t, *s))
    }
}

/// `Option<EmailStr>` → `EmailStr`, `models.EmailField` → `EmailField`, `&'a str` → `str`.
fn base_type(decl: &str) -> &str {
    let d = decl.trim().trim_start_matches('&').trim();
    let d = d.strip_prefix("mut ").unwrap_or(d);
    let d = match (d.find('<'), d.find('[')) {
        (Some(i), _) | (None, Some(i)) => {
            let outer = &d[..i];
            let inner = d[i + 1..].trim_end_matches(['>', ']']);
            if matches!(
                outer.rsplit(['.', ':']).next(),
                Some("Option" | "Optional" | "Box" | "Mapped")
            ) {
                return base_type(inner);
            }
            outer
        }
        _ => d,
    };
    let d = d.split('|').next().unwrap_or(d).trim();
    d.rsplit(['.', ':']).next().unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_types() {
        assert_eq!(base_type("Optional[EmailStr]"), "EmailStr");
        assert_eq!(base_type("models.EmailField"), "EmailField");
        assert_eq!(base_type("&'a str"), "'a str");
        assert_eq!(base_type("Option<String>"), "String");
        assert_eq!(base_type("bool"), "bool");
    }
}
