//! The use cases of Acquis, between the web (HTTP and HTML) and the store (SQL): they decide
//! with `core` and commit through `store`. This crate knows nothing of HTTP or SQL.
//!
//! It grows use case by use case (issue 11). First come the account secrets that the web
//! layer and the CLI both need: password hashes and random tokens.

pub mod accounts;
mod error;

pub use error::AppError;
