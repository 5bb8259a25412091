//! `acquis serve` as a process under stress, one test binary: slow and idle clients
//! (`limits`), SIGKILL in the middle of joins and answers (`crashes`), backups taken while it
//! serves (`backups`). Each test starts the real binary on a fresh database.

mod backups;
mod crashes;
mod limits;
mod support;
