//! What every front-end target shares: all rules on, one file analysed as a scan would,
//! with no panic caught (a panic is the crash the fuzzer looks for).

use std::path::Path;
use std::sync::OnceLock;

use privlint::engine::{run_content, Settings};
use privlint::rules::REGISTRY;

fn settings() -> &'static Settings {
    static S: OnceLock<Settings> = OnceLock::new();
    S.get_or_init(|| Settings::with_rules(REGISTRY.iter().collect(), ".".into()))
}

/// Analyses `data` as the file `name` (its extension picks the front-end).
pub fn analyse(name: &str, data: &[u8]) {
    if let Ok(src) = std::str::from_utf8(data) {
        let _ = run_content(Path::new(name), name, src.to_string(), settings());
    }
}
