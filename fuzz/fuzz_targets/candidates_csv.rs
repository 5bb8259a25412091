//! `cargo fuzz run candidates_csv`: see `acquis_fuzzing::candidates_csv` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| acquis_fuzzing::candidates_csv(data));
