//! The store's scenario tests, one binary: every scenario on SQLite and, when
//! `ACQUIS_TEST_DATABASE_URL` is set, on PostgreSQL; the job queue; the schema parity.

mod calibration;
mod jobs;
mod learners_trainings;
mod orga_follow_up;
mod organizations;
mod people_search;
mod scenarios;
mod schema_parity;
