//! The classifier's vocabulary, read from `rules/lexicon.toml` (embedded in the binary).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawLexicon {
    atoms: Vec<String>,
    not_plural: Vec<String>,
    irregular_plurals: HashMap<String, String>,
    abbreviations: HashMap<String, String>,
    boolean_prefixes: Vec<String>,
    verb_prefixes: Vec<String>,
    accessor_prefixes: Vec<String>,
    quantity_prefixes: Vec<String>,
    protective: Vec<String>,
    carriers: Vec<String>,
    person_owners: Vec<String>,
    nonperson_owners: Vec<String>,
}

pub struct Lexicon {
    pub atoms: HashSet<String>,
    pub not_plural: HashSet<String>,
    pub irregular_plurals: HashMap<String, String>,
    pub abbreviations: HashMap<String, Vec<String>>,
    pub boolean_prefixes: HashSet<String>,
    pub verb_prefixes: HashSet<String>,
    pub accessor_prefixes: HashSet<String>,
    pub quantity_prefixes: HashSet<String>,
    pub protective: HashSet<String>,
    pub carriers: HashSet<String>,
    /// Owner phrases, each as its normalised last token (owners are matched on their head).
    pub person_owners: HashSet<String>,
    pub nonperson_owners: HashSet<String>,
}

const LEXICON_TOML: &str = include_str!("../../rules/lexicon.toml");

fn set(v: Vec<String>) -> HashSet<String> {
    v.into_iter().collect()
}

impl Lexicon {
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let raw: RawLexicon =
                toml::from_str(LEXICON_TOML).expect("rules/lexicon.toml is valid (tested)");
            let mut lex = Lexicon {
                atoms: set(raw.atoms),
                not_plural: set(raw.not_plural),
                irregular_plurals: raw.irregular_plurals,
                abbreviations: raw
                    .abbreviations
                    .into_iter()
                    .map(|(k, v)| (k, v.split(' ').map(String::from).collect()))
                    .collect(),
                boolean_prefixes: set(raw.boolean_prefixes),
                verb_prefixes: set(raw.verb_prefixes),
                accessor_prefixes: set(raw.accessor_prefixes),
                quantity_prefixes: set(raw.quantity_prefixes),
                protective: set(raw.protective),
                carriers: set(raw.carriers),
                person_owners: HashSet::new(),
                nonperson_owners: HashSet::new(),
            };
            lex.person_owners = raw.person_owners.iter().map(|o| lex.head(o)).collect();
            lex.nonperson_owners = raw.nonperson_owners.iter().map(|o| lex.head(o)).collect();
            // An owner in both lists (a phrase whose head is ambiguous) decides nothing.
            let both: Vec<String> = lex
                .person_owners
                .intersection(&lex.nonperson_owners)
                .cloned()
                .collect();
            for b in both {
                lex.nonperson_owners.remove(&b);
            }
            lex
        })
    }

    fn head(&self, phrase: &str) -> String {
        super::tokenize::tokenize(phrase, self)
            .pop()
            .unwrap_or_default()
    }
}
