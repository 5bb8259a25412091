//! `cargo fuzz run answer`: see `acquis_fuzzing::answer` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| acquis_fuzzing::answer(data));
