//! `cargo fuzz run markdown`: see `acquis_fuzzing::markdown` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| acquis_fuzzing::markdown(data));
