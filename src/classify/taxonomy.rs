//! Data types (`rules/data_types.toml`, extendable from config) and their phrase index.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::lexicon::Lexicon;
use super::tokenize::tokenize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sensitivity {
    Low,
    Medium,
    High,
    Critical,
}

impl Sensitivity {
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Low => "low",
            Sensitivity::Medium => "medium",
            Sensitivity::High => "high",
            Sensitivity::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    String,
    Number,
    Date,
    Any,
}

/// One data type as written in TOML (built-in file or a user's `[[data-types]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DataTypeDef {
    pub id: String,
    pub name: String,
    pub fides: String,
    pub sensitivity: Sensitivity,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "any_value")]
    pub value: ValueKind,
    #[serde(default)]
    pub strong: Vec<String>,
    #[serde(default)]
    pub ambiguous: Vec<String>,
    #[serde(default)]
    pub not_after: Vec<String>,
}

fn any_value() -> ValueKind {
    ValueKind::Any
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataTypesFile {
    #[serde(rename = "type")]
    types: Vec<DataTypeDef>,
}

pub const DATA_TYPES_TOML: &str = include_str!("../../rules/data_types.toml");

pub fn builtin_defs() -> Vec<DataTypeDef> {
    let f: DataTypesFile =
        toml::from_str(DATA_TYPES_TOML).expect("rules/data_types.toml is valid (tested)");
    f.types
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    Ambiguous,
}

/// All data types plus an index from a phrase's last token to the phrases ending in it.
pub struct Taxonomy {
    pub types: Vec<DataTypeDef>,
    /// Per type: `not-after` phrases, tokenised.
    pub not_after: Vec<Vec<Vec<String>>>,
    /// Last token → (phrase tokens, type index, strength), longest phrase first.
    pub by_last: HashMap<String, Vec<(Vec<String>, usize, Strength)>>,
}

impl DataTypeDef {
    /// `Art. 10` (criminal data) or `Art. 9` (special categories) of the GDPR, by its tags.
    pub fn special_article(&self) -> Option<&'static str> {
        if self.tags.iter().any(|t| t == "GDPR10") {
            Some("Art. 10")
        } else if self.tags.iter().any(|t| t == "GDPR9") {
            Some("Art. 9")
        } else {
            None
        }
    }
}

impl Taxonomy {
    pub fn new(types: Vec<DataTypeDef>, lex: &Lexicon) -> Taxonomy {
        let mut by_last: HashMap<String, Vec<(Vec<String>, usize, Strength)>> = HashMap::new();
        let mut not_after = Vec::with_capacity(types.len());
        for (i, t) in types.iter().enumerate() {
            let phrases = t
                .strong
                .iter()
                .map(|p| (p, Strength::Strong))
                .chain(t.ambiguous.iter().map(|p| (p, Strength::Ambiguous)));
            for (p, s) in phrases {
                let toks = tokenize(p, lex);
                if let Some(last) = toks.last() {
                    let entry = by_last.entry(last.clone()).or_default();
                    // The first definition of a phrase wins; user types come last.
                    if !entry.iter().any(|(q, _, _)| *q == toks) {
                        entry.push((toks, i, s));
                    }
                }
            }
            not_after.push(t.not_after.iter().map(|p| tokenize(p, lex)).collect());
        }
        for v in by_last.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        }
        Taxonomy {
            types,
            not_after,
            by_last,
        }
    }

    pub fn get(&self, id: &str) -> Option<&DataTypeDef> {
        self.types.iter().find(|t| t.id == id)
    }
}
