//! Redacting representations: the `redact`/`veil`-style derives that replace `Debug`, and
//! secrecy-style wrappers (`Secret<String>`, `Redacted<…>`, `Sensitive<…>`) whose `Debug`
//! hides the value.

use super::RsFramework;

pub const FRAMEWORK: RsFramework = RsFramework {
    redacting_derives: &["Redact", "Redacted", "Sensitive"],
    hiding_types: &["Secret", "Redacted", "Sensitive"],
    ..RsFramework::NONE
};
