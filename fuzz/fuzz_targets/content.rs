//! `cargo fuzz run content`: see `acquis_fuzzing::content` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| acquis_fuzzing::content(data));
