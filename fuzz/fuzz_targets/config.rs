#![no_main]
//! The config parser: an error for anything malformed, never a panic.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = privlint::config::parse(s, std::path::Path::new("privlint.toml"));
    }
});
