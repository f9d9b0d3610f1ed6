#![no_main]
//! Suppression comments (`privlint: ignore[rule] reason`).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = privlint::suppress::parse_directive(s);
    }
});
