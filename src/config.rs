//! Configuration: `privlint.toml`, `.privlint.toml` or `[tool.privlint]` in `pyproject.toml`,
//! the nearest to the scanned path wins (no merging). Unknown keys and malformed files are
//! errors naming the file, line and key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::classify::DataTypeDef;
use crate::facts::Severity;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub extend_exclude: Vec<String>,
    pub fail_on: Option<String>,
    /// Files larger than this many bytes are skipped (generated code, data dumps).
    pub max_file_size: Option<u64>,
    /// Seconds one file may take before it is reported as not analysed; 0: no limit.
    pub file_timeout: Option<f64>,
    pub respect_gitignore: Option<bool>,
    #[serde(default)]
    pub data_types: Vec<DataTypeDef>,
    #[serde(default)]
    pub sinks: SinksConfig,
    /// Calls whose result is personal or secret data: callee → data type id.
    #[serde(default)]
    pub sources: SourcesConfig,
    #[serde(default)]
    pub sanitizers: SanitizersConfig,
    #[serde(default)]
    pub over_collection: OverCollectionConfig,
    #[serde(default)]
    pub missing_deletion: MissingDeletionConfig,
}

/// `[over-collection]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverCollectionConfig {
    /// `Entity.field` (or a whole `Entity`) that must be collected, with the reason.
    #[serde(default)]
    pub allow: Reasons,
}

/// `[missing-deletion]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MissingDeletionConfig {
    /// `Entity` → where and why it is deleted outside this repository.
    #[serde(default)]
    pub handled_by: Reasons,
}

/// Names with the reason they are exempt: `{ "User.dob" = "KYC law" }`, or a plain list
/// where the reason is the config entry itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Reasons {
    Map(std::collections::BTreeMap<String, String>),
    List(Vec<String>),
}

impl Default for Reasons {
    fn default() -> Self {
        Reasons::List(Vec::new())
    }
}

impl Reasons {
    pub fn to_map(&self, table: &str) -> std::collections::BTreeMap<String, String> {
        match self {
            Reasons::Map(m) => m.clone(),
            Reasons::List(l) => l
                .iter()
                .map(|k| (k.clone(), format!("listed in [{table}] of the config")))
                .collect(),
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SinksConfig {
    #[serde(default)]
    pub python: Vec<String>,
    #[serde(default)]
    pub javascript: Vec<String>,
    #[serde(default)]
    pub rust: Vec<String>,
}

/// `[sources]`: `python = { "acme.auth.mint_token" = "cred.secret_token" }`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesConfig {
    #[serde(default)]
    pub python: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub javascript: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub rust: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanitizersConfig {
    #[serde(default)]
    pub extra: Vec<String>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyTool>,
}

#[derive(Deserialize)]
struct PyTool {
    privlint: Option<Config>,
}

/// A loaded config and where it came from; its directory anchors `exclude` globs.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: Option<PathBuf>,
}

impl LoadedConfig {
    /// No config file: every setting at its default.
    pub fn none() -> LoadedConfig {
        LoadedConfig {
            config: Config::default(),
            path: None,
        }
    }

    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

const NAMES: &[&str] = &["privlint.toml", ".privlint.toml", "pyproject.toml"];

/// Finds the nearest config at or above `start`; a `pyproject.toml` counts only with a
/// `[tool.privlint]` table.
pub fn discover(start: &Path) -> Result<LoadedConfig, String> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        for name in NAMES {
            let p = d.join(name);
            if !p.is_file() {
                continue;
            }
            if *name == "pyproject.toml" {
                let text = read(&p)?;
                if !text.contains("tool.privlint") && !text.contains("[tool]") {
                    continue;
                }
                match parse_pyproject(&text, &p)? {
                    Some(config) => {
                        return Ok(LoadedConfig {
                            config,
                            path: Some(p),
                        })
                    }
                    None => continue,
                }
            }
            return load(&p);
        }
        dir = d.parent();
    }
    Ok(LoadedConfig::none())
}

pub fn load(path: &Path) -> Result<LoadedConfig, String> {
    let text = read(path)?;
    let config = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        parse_pyproject(&text, path)?.unwrap_or_default()
    } else {
        parse(&text, path)?
    };
    Ok(LoadedConfig {
        config,
        path: Some(path.to_path_buf()),
    })
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read config: {e}", path.display()))
}

impl Config {
    /// Every rule name the config mentions; the rule registry, which sits above the config,
    /// checks them (`rules::check_config`).
    pub fn rule_names(&self) -> impl Iterator<Item = &str> {
        self.select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .map(String::as_str)
    }
}

pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let c: Config = toml::from_str(text).map_err(|e| describe(&e, text, path))?;
    validate(&c, path)?;
    Ok(c)
}

fn parse_pyproject(text: &str, path: &Path) -> Result<Option<Config>, String> {
    let p: Pyproject = toml::from_str(text).map_err(|e| describe(&e, text, path))?;
    let c = p.tool.and_then(|t| t.privlint);
    if let Some(c) = &c {
        validate(c, path)?;
    }
    Ok(c)
}

/// `privlint.toml:3:1: unknown field `selec`, expected one of …`.
fn describe(e: &toml::de::Error, text: &str, path: &Path) -> String {
    let (line, col) = e.span().map_or((1, 1), |s| {
        let before = text.get(..s.start.min(text.len())).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    });
    format!(
        "{}:{line}:{col}: invalid config: {}",
        path.display(),
        clip(e.message().trim())
    )
}

/// A config is untrusted input: a quoted name (`unknown field `…``) longer than a name can
/// be is shortened, so a 5 MB key is not echoed whole.
fn clip(message: &str) -> String {
    const KEEP: usize = 60;
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            let chars = part.chars().count();
            if i % 2 == 1 && chars > KEEP + 20 {
                let head: String = part.chars().take(KEEP).collect();
                format!("{head}… ({chars} characters)")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

fn validate(c: &Config, path: &Path) -> Result<(), String> {
    let err = |m: String| Err(format!("{}: invalid config: {m}", path.display()));
    if let Some(f) = &c.fail_on {
        if Severity::parse(f).is_none() {
            return err(format!(
                "`fail-on` must be one of error, warning, info (got `{f}`)"
            ));
        }
    }
    let known = |id: &str| {
        crate::classify::taxonomy::builtin_defs()
            .iter()
            .any(|t| t.id == id)
            || c.data_types.iter().any(|t| t.id == id)
    };
    for (callee, id) in c
        .sources
        .python
        .iter()
        .chain(&c.sources.javascript)
        .chain(&c.sources.rust)
    {
        if !known(id) {
            return err(format!(
                "source `{callee}` names unknown data type `{id}` (see `privlint data-types`)"
            ));
        }
    }
    for d in &c.data_types {
        if !d.id.contains('.') {
            return err(format!(
                "data type id `{}` must look like `group.name`",
                d.id
            ));
        }
        if d.strong.is_empty() && d.ambiguous.is_empty() {
            return err(format!(
                "data type `{}` has no `strong` or `ambiguous` phrases",
                d.id
            ));
        }
    }
    for pat in c.exclude.iter().chain(&c.extend_exclude) {
        if let Err(e) = globset::Glob::new(pat) {
            return err(format!("bad glob in `exclude`: {e}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_line_and_key() {
        let e = parse(
            "select = [\"pii-in-logs\"]\nselec = []\n",
            Path::new("privlint.toml"),
        )
        .unwrap_err();
        assert!(e.starts_with("privlint.toml:2:1:"), "{e}");
        assert!(e.contains("selec"), "{e}");
    }

    #[test]
    fn pyproject_table() {
        let c = parse_pyproject(
            "[tool.privlint]\nfail-on = \"error\"\n[tool.ruff]\nx = 1\n",
            Path::new("pyproject.toml"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.fail_on.as_deref(), Some("error"));
    }
}
