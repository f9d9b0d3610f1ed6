//! Sinks and sanitizers per language (`rules/sinks.toml`, `rules/sanitizers.toml`),
//! extended by the user's config. Front-ends ask it "is this call a sink?".

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::classify::Lexicon;
use crate::facts::SinkKind;

mod sources;
pub use sources::{type_head, LangSources, Responses, SourceDef, Sources};

const SINKS_TOML: &str = include_str!("../../rules/sinks.toml");
const SANITIZERS_TOML: &str = include_str!("../../rules/sanitizers.toml");

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawLangSinks {
    #[serde(default)]
    logger_methods: Vec<String>,
    #[serde(default)]
    logger_names: Vec<String>,
    #[serde(default)]
    logger_factories: Vec<String>,
    #[serde(default)]
    logger_derivers: Vec<String>,
    #[serde(default)]
    debug_factories: Vec<String>,
    #[serde(default)]
    functions: HashMap<String, String>,
    #[serde(default)]
    macros: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSinks {
    python: RawLangSinks,
    javascript: RawLangSinks,
    rust: RawLangSinks,
    #[serde(default)]
    sdk: Vec<Sdk>,
}

/// A third-party SDK whose calls send data out of the organisation (`[[sdk]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sdk {
    pub vendor: String,
    /// Packages and modules (`@sentry/` matches a whole scope).
    modules: Vec<String>,
    /// Global names the SDK is used through (`Sentry`, `gtag`).
    names: Vec<String>,
    methods: Vec<String>,
}

impl Sdk {
    fn has_module(&self, module: &str) -> bool {
        self.modules.iter().any(|m| match m.strip_suffix('/') {
            Some(scope) => module.starts_with(scope) && module[scope.len()..].starts_with('/'),
            None => module == m,
        })
    }

    pub fn has_method(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSanitizers {
    tokens: Vec<String>,
    functions: Vec<String>,
    transparent: Vec<String>,
    generators: Vec<String>,
}

#[derive(Debug, Default)]
pub struct LangSinks {
    pub logger_methods: HashSet<String>,
    /// Head tokens of names that denote a logger: `audit_logger` → `logger`.
    logger_names: HashSet<String>,
    logger_factories: HashSet<String>,
    pub logger_derivers: HashSet<String>,
    debug_factories: HashSet<String>,
    functions: HashMap<String, SinkKind>,
    /// `console.*`: any method of this receiver.
    wildcard: HashMap<String, SinkKind>,
    pub macros: HashMap<String, SinkKind>,
}

impl LangSinks {
    fn from_raw(raw: RawLangSinks, lex: &Lexicon) -> LangSinks {
        let kind = |s: &String| SinkKind::parse(s).unwrap_or(SinkKind::Log);
        let mut out = LangSinks {
            logger_methods: raw.logger_methods.into_iter().collect(),
            logger_names: raw
                .logger_names
                .iter()
                .map(|n| crate::classify::tokenize::split_words(n, lex).join(" "))
                .collect(),
            logger_factories: raw.logger_factories.into_iter().collect(),
            logger_derivers: raw.logger_derivers.into_iter().collect(),
            debug_factories: raw.debug_factories.into_iter().collect(),
            macros: raw
                .macros
                .iter()
                .map(|(k, v)| (k.clone(), kind(v)))
                .collect(),
            ..LangSinks::default()
        };
        for (path, k) in &raw.functions {
            out.add_function(path, kind(k));
        }
        out
    }

    pub fn add_function(&mut self, path: &str, kind: SinkKind) {
        match path.strip_suffix(".*") {
            Some(recv) => self.wildcard.insert(recv.to_string(), kind),
            None => self.functions.insert(path.to_string(), kind),
        };
    }

    /// A call whose whole callee path is listed (`print`, `console.log`, `sys.stderr.write`).
    pub fn function_kind(&self, callee: &str) -> Option<SinkKind> {
        if let Some(k) = self.functions.get(callee) {
            return Some(*k);
        }
        let (recv, _) = callee.rsplit_once('.')?;
        self.wildcard.get(recv).copied()
    }

    /// Whether a receiver's last segment names a logger: `logger`, `self._log`, `AUDIT_LOG`.
    pub fn is_logger_name(&self, segment: &str) -> bool {
        let lex = Lexicon::builtin();
        let words = crate::classify::tokenize::split_words(segment, lex);
        let Some(last) = words.last() else {
            return false;
        };
        if self.logger_names.contains(last) {
            return true;
        }
        words.len() >= 2
            && self
                .logger_names
                .contains(&words[words.len() - 2..].join(" "))
    }

    pub fn is_logger_factory(&self, callee: &str) -> bool {
        self.logger_factories.contains(callee)
            || callee
                .rsplit(['.', ':'])
                .next()
                .is_some_and(|last| self.logger_factories.contains(last) && last != callee)
    }

    pub fn is_debug_factory(&self, callee: &str) -> bool {
        self.debug_factories.contains(callee)
    }
}

pub struct Catalog {
    pub sdks: Vec<Sdk>,
    pub sources: Sources,
    pub python: LangSinks,
    pub javascript: LangSinks,
    pub rust: LangSinks,
    sanitizer_tokens: HashSet<String>,
    sanitizer_functions: HashSet<String>,
    transparent: HashSet<String>,
    /// Dummy-data libraries (`faker`): what they return is fake.
    generators: HashSet<String>,
}

/// What the user's config adds to the built-in catalogue.
#[derive(Debug, Default, Clone)]
pub struct CatalogExtras {
    pub python_sinks: Vec<String>,
    pub javascript_sinks: Vec<String>,
    pub rust_sinks: Vec<String>,
    pub sanitizers: Vec<String>,
    /// `[sources]`: (callee, data type id) per language.
    pub python_sources: Vec<(String, String)>,
    pub javascript_sources: Vec<(String, String)>,
    pub rust_sources: Vec<(String, String)>,
}

impl Catalog {
    pub fn new(extras: &CatalogExtras) -> Catalog {
        let lex = Lexicon::builtin();
        let sinks: RawSinks = toml::from_str(SINKS_TOML).expect("rules/sinks.toml is valid");
        let san: RawSanitizers =
            toml::from_str(SANITIZERS_TOML).expect("rules/sanitizers.toml is valid");
        let mut cat = Catalog {
            sdks: sinks.sdk,
            sources: Sources::builtin(),
            python: LangSinks::from_raw(sinks.python, lex),
            javascript: LangSinks::from_raw(sinks.javascript, lex),
            rust: LangSinks::from_raw(sinks.rust, lex),
            sanitizer_tokens: san.tokens.into_iter().collect(),
            sanitizer_functions: san.functions.into_iter().collect(),
            transparent: san.transparent.into_iter().collect(),
            generators: san.generators.into_iter().collect(),
        };
        for p in &extras.python_sinks {
            cat.python.add_function(p, SinkKind::Log);
        }
        for p in &extras.javascript_sinks {
            cat.javascript.add_function(p, SinkKind::Log);
        }
        for p in &extras.rust_sinks {
            let name = p.trim_end_matches('!');
            if name.contains("::") || !p.ends_with('!') {
                cat.rust.add_function(name, SinkKind::Log);
            }
            let last = name.rsplit("::").next().unwrap_or(name);
            if p.ends_with('!') {
                cat.rust.macros.insert(last.to_string(), SinkKind::Log);
            }
        }
        cat.sanitizer_functions
            .extend(extras.sanitizers.iter().cloned());
        for (list, lang) in [
            (&extras.python_sources, &mut cat.sources.python),
            (&extras.javascript_sources, &mut cat.sources.javascript),
            (&extras.rust_sources, &mut cat.sources.rust),
        ] {
            for (callee, id) in list {
                lang.add_call(callee, id);
            }
        }
        cat
    }

    /// The SDK a receiver chain starts at: `root` is its first name as written, `module`
    /// what that name was imported from (`Sentry` → `@sentry/node`), if known.
    pub fn sdk(&self, root: &str, module: Option<&str>) -> Option<&Sdk> {
        let module_root = |m: &str| {
            // `@sentry/node.setUser` (an imported name) and `sentry_sdk.api` (Python).
            let m = m
                .strip_prefix("require('")
                .map_or(m, |r| r.trim_end_matches("')"));
            let cut = if m.starts_with('@') {
                m.find('/')
                    .and_then(|s| m[s..].find('.').map(|d| s + d))
                    .unwrap_or(m.len())
            } else {
                m.find('.').unwrap_or(m.len())
            };
            m[..cut].to_string()
        };
        match module {
            Some(m) => {
                let root_module = module_root(m);
                self.sdks.iter().find(|s| s.has_module(&root_module))
            }
            None => self.sdks.iter().find(|s| s.names.iter().any(|n| n == root)),
        }
    }

    /// The words without which no call of a file can be a catalogued sink: the last segment
    /// of each sink function, wildcard receiver and macro, the last word of each logger name
    /// and factory, and the modules and global names of the SDKs (their methods need one of
    /// those as receiver). What the lexical tier looks for besides its own stems.
    pub fn sink_words(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // The last identifier of a path: `sys.stderr.write` → `write`, `require('debug')` →
        // `debug`, `audit logger` → `logger`.
        let last = |s: &str| {
            s.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .rfind(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
        };
        for l in [&self.python, &self.javascript, &self.rust] {
            let named = l
                .functions
                .keys()
                .chain(l.wildcard.keys())
                .chain(l.macros.keys());
            for n in named
                .chain(&l.logger_names)
                .chain(&l.logger_factories)
                .chain(&l.debug_factories)
            {
                out.extend(last(n));
            }
        }
        for s in &self.sdks {
            for m in &s.modules {
                let m = m.trim_start_matches('@').trim_end_matches('/');
                out.push(m.to_ascii_lowercase());
            }
            out.extend(s.names.iter().map(|n| n.to_ascii_lowercase()));
        }
        out.sort();
        out.dedup();
        out
    }

    pub fn builtin() -> &'static Catalog {
        static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        C.get_or_init(|| Catalog::new(&CatalogExtras::default()))
    }

    /// A call that makes its result safe to log: `mask_email(x)`, `hashlib.sha256(…)`,
    /// `len(x)`, or a user-configured sanitizer.
    pub fn is_sanitizer(&self, callee: &str) -> bool {
        if self.sanitizer_functions.contains(callee) {
            return true;
        }
        let root = callee.split(['.', ':']).next().unwrap_or(callee);
        if callee.len() > root.len() && self.generators.contains(root) {
            return true;
        }
        let last = callee.rsplit(['.', ':']).next().unwrap_or(callee);
        if self.sanitizer_functions.contains(last) {
            return true;
        }
        let words = crate::classify::tokenize::split_words(last, Lexicon::builtin());
        words.iter().any(|w| self.sanitizer_tokens.contains(w))
            || words
                .windows(2)
                .any(|p| self.sanitizer_tokens.contains(&p.join(" ")))
    }

    /// A replacement text that masks what it replaces: `x.replace(/./g, "*")`,
    /// `re.sub(r"(?<=.).(?=.*@)", "•", email)`, `s.replace(/pass.*?"/, '$1[hidden]')`.
    pub fn is_mask_text(replacement: &str) -> bool {
        let bare: String = replacement
            .chars()
            .filter(|c| !matches!(c, '$' | '\\') && !c.is_ascii_digit())
            .collect();
        let lower = bare.to_ascii_lowercase();
        let mask_chars = !bare.is_empty()
            && bare
                .chars()
                .all(|c| matches!(c, '*' | '•' | '●' | '#' | 'x' | 'X' | '…' | '.' | '-' | '_'))
            && bare.chars().any(|c| c != '.' && c != '-' && c != '_');
        mask_chars
            || ["hidden", "redacted", "masked", "filtered", "removed", "***"]
                .iter()
                .any(|w| lower.contains(w))
    }

    /// A call that hands its argument (or receiver) on unchanged: `str(x)`, `x.lower()`.
    pub fn is_transparent(&self, callee: &str) -> bool {
        if self.transparent.contains(callee) {
            return true;
        }
        let last = callee.rsplit(['.', ':']).next().unwrap_or(callee);
        self.transparent.contains(last)
    }
}
