//! `cargo fuzz run learners_csv`: see `acquis_fuzzing::learners_csv` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| acquis_fuzzing::learners_csv(data));
