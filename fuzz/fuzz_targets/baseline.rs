#![no_main]
//! The baseline reader.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = privlint::baseline::Baseline::parse(s);
    }
});
