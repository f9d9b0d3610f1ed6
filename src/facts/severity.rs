//! How serious a finding is and which data type it names: made by the rules, read by the
//! config (`fail-on`), the repository index and every report format, so it lives below them.

use serde::Serialize;

use crate::classify::Sensitivity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }

    /// critical/high data → error, medium → warning, low → info.
    pub fn from_sensitivity(s: Sensitivity) -> Severity {
        match s {
            Sensitivity::Critical | Sensitivity::High => Severity::Error,
            Sensitivity::Medium => Severity::Warning,
            Sensitivity::Low => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataTypeRef {
    pub id: String,
    pub fides: String,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub sensitivity: Sensitivity,
}
