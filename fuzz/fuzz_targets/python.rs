#![no_main]
//! The python front-end and every per-file rule on arbitrary text.

libfuzzer_sys::fuzz_target!(|data: &[u8]| privlint_fuzz::analyse("app.py", data));
