//! The use cases of Acquis, the third layer (core ← store ← **app** ← web ← cli), between the
//! web (HTTP and HTML) and the store (SQL): they decide with `core` and commit through
//! `store`. This crate knows nothing of HTTP or SQL.
//!
//! Everything hangs off one [`App`] value (store, live content, mailer, clock, settings) that
//! the CLI builds once. A use case takes typed input, decides with `core`'s rules and commits
//! once; it returns typed errors with stable codes, which the HTML and JSON layers translate.

pub mod accounts;
pub mod admin;
mod app;
pub mod calibration;
pub mod campaigns;
pub mod certification;
pub mod clock;
pub mod content;
pub mod demo;
mod error;
pub mod evaluations;
pub mod health;
pub mod jobs;
pub mod learner;
pub mod mail;
pub mod organizations;
pub mod replay;
pub mod settings;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use app::{App, Parts};
pub use clock::Clock;
pub use content::LiveContent;
pub use error::AppError;
pub use mail::{Letter, LetterWriter, Mailer, Written};
pub use settings::Settings;
