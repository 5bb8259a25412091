//! `acquis check`, `acquis backup FILE` and `acquis restore FILE`: the database's soundness and
//! its copies (see `docs/operations.md`). None of them migrates: they look at the database as
//! it is.

use std::path::Path;
use std::process::ExitCode;

use acquis_store::Store;

use crate::settings::Settings;

/// `acquis check`: prints each count of the integrity report; fails if any is not zero.
pub async fn check(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = Store::connect(&settings.database_url).await?;
    let report = store.integrity_report().await;
    store.close().await;
    let report = report?;
    for (name, count) in report.counts() {
        println!("{name}: {count}");
    }
    for problem in &report.storage_errors {
        println!("storage: {problem}");
    }
    Ok(if report.is_sound() {
        println!("database is sound");
        ExitCode::SUCCESS
    } else {
        eprintln!("error: the database breaks the links above");
        ExitCode::FAILURE
    })
}

/// `acquis backup FILE`: a consistent copy of the SQLite database, taken while it serves.
pub async fn backup(settings: &Settings, to: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::connect(&settings.database_url).await?;
    let done = store.backup_to(to).await;
    store.close().await;
    done?;
    println!("backup written to {}", to.display());
    Ok(ExitCode::SUCCESS)
}

/// `acquis restore FILE`: replaces the (stopped) SQLite database with a checked backup.
pub fn restore(settings: &Settings, from: &Path) -> anyhow::Result<ExitCode> {
    let answers = Store::restore_sqlite(&settings.database_url, from)?;
    println!(
        "{} restored into {} ({answers} answers); run `acquis migrate` if it comes from an older version",
        from.display(),
        acquis_store::redact(&settings.database_url)
    );
    Ok(ExitCode::SUCCESS)
}
