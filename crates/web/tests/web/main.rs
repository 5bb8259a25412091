//! The web crate's integration tests, one binary (one link of the crate): the real router
//! in-process on a real database, each scenario on SQLite and PostgreSQL.

#[macro_use]
mod common;

mod accounts_hardening;
mod admin;
mod admin_authorization;
mod admin_content;
mod admin_groups;
mod admin_items;
mod admin_sessions;
mod anonymous;
mod api;
mod authorization;
mod campaign_learner;
mod certif;
mod certif_live;
mod certificates;
mod http;
mod orga;
mod orga_cohorts;
mod orga_learners_trainings;
mod portal;
mod races;
mod replay;
mod security_headers;
mod site;
