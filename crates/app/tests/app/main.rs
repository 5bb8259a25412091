//! The use cases' integration tests, one binary: each scenario on a real database through the
//! test kit, on SQLite and (with `ACQUIS_TEST_DATABASE_URL`) PostgreSQL.

mod accounts;
mod certification;
mod certification_course;
mod certification_results;
mod jobs;
mod organizations;
