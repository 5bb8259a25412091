//! `acquis serve` and `acquis migrate`.

use std::process::ExitCode;
use std::time::Duration;

use std::sync::Arc;

use acquis_app::content::ReleaseInput;
use acquis_app::{App, Clock, LiveContent, Mailer, Parts, Settings as AppSettings};
use acquis_store::Store;
use acquis_web::{AppState, FluentLetters, WebConfig};
use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::settings::Settings;

/// Connects and migrates, with one clear error line on failure.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(&settings.database_url).await?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    Ok(store)
}

/// `acquis migrate`.
pub async fn migrate(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    println!(
        "database {} is up to date ({:?})",
        acquis_store::redact(&settings.database_url),
        store.backend()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Stores a validated content set as a new release, publishing it if asked.
pub async fn import(
    store: &Store,
    content: &acquis_content::LoadedContent,
    publish: bool,
) -> anyhow::Result<i64> {
    acquis_app::content::import(store, release_input(content), publish, Clock::System.now())
        .await
        .context("cannot store the release")
}

/// A loaded content folder as the use cases take it.
pub fn release_input(content: &acquis_content::LoadedContent) -> ReleaseInput<'_> {
    ReleaseInput {
        framework: &content.framework,
        files: &content.files,
        checksum: &content.checksum,
    }
}

/// The live release, importing and publishing the bundled content if there is none.
pub async fn live_content(store: &Store) -> anyhow::Result<LiveContent> {
    if let Some(live) = acquis_app::content::live_release(store).await? {
        return Ok(live);
    }
    let bundled = acquis_content::bundled()
        .map_err(|e| anyhow::anyhow!("the bundled content is invalid:\n{e}"))?;
    let id = import(store, &bundled, true).await?;
    tracing::info!(release = id, version = %bundled.framework.data().version, "bundled content imported and published");
    acquis_app::content::live_release(store)
        .await?
        .context("the release just published cannot be read back")
}

/// The application over a migrated store: live content (the bundled one if nothing is
/// published), mail transport, system clock, links to `public_url`.
pub async fn build_app(
    settings: &Settings,
    store: Store,
    public_url: String,
) -> anyhow::Result<App> {
    let live = live_content(&store).await?;
    tracing::info!(release = live.release_id, version = %live.version, backend = ?store.backend(), "content loaded");
    let mailer = mailer(settings)?;
    tracing::info!(?mailer, "mail transport");
    let keys =
        acquis_credential::KeyRing::load_or_create(std::path::Path::new(&settings.issuer_key_file))
            .with_context(|| format!("credential signing key {}", settings.issuer_key_file))?;
    tracing::info!(key = keys.current_key_id(), file = %settings.issuer_key_file, "credential signing key");
    Ok(App::new(Parts {
        store,
        live,
        mailer,
        letters: Arc::new(FluentLetters),
        clock: Clock::System,
        settings: AppSettings { public_url },
        keys,
    }))
}

/// The mail transport the settings ask for: SMTP if a relay is set, else the outbox folder.
pub fn mailer(settings: &Settings) -> anyhow::Result<Mailer> {
    Ok(if settings.smtp_url.is_empty() {
        Mailer::outbox(&settings.outbox_dir, &settings.mail_from)?
    } else {
        Mailer::smtp(&settings.smtp_url, &settings.mail_from)?
    })
}

fn init_tracing(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(format!("{},tower_http=info,sqlx=warn", settings.log_level))
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if settings.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// `acquis serve`.
pub async fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    init_tracing(&settings);
    let store = open_store(&settings).await?;
    let listener = tokio::net::TcpListener::bind(&settings.bind)
        .await
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let address = listener.local_addr()?;
    if let Some(warning) = settings.public_url_mismatch(address) {
        tracing::warn!("{warning}");
        eprintln!("warning: {warning}");
    }
    // Links in mails and share links lead to the address actually bound unless told otherwise.
    let config = WebConfig {
        public_url: settings.link_base(Some(address)),
        secure_cookies: settings.secure_cookies,
        auth_rate_limit_per_minute: settings.auth_rate_limit_per_minute,
    };
    tracing::info!(%address, links = %config.public_url, "listening");
    let app = build_app(&settings, store.clone(), config.public_url.clone()).await?;
    // On PostgreSQL, the invigilators' live pages of this node hear of the other nodes' writes.
    app.spawn_session_listener();
    let watcher = tokio::spawn(
        app.clone()
            .watch_releases(Duration::from_secs(settings.release_poll_seconds.max(1))),
    );
    let (stop_worker, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(app.clone().run_worker(until_true(stopped)));
    let state = AppState::new(app, config);
    let purger = tokio::spawn(
        state
            .app
            .clone()
            .purge_sessions_every(Duration::from_secs(3600)),
    );
    println!("Acquis is running on http://{address}/ (Ctrl+C to stop)");
    let limits = crate::server::Limits::of(&settings);
    tracing::info!(?limits, "server limits");
    let stopped = crate::server::serve(
        listener,
        acquis_web::router(state),
        limits,
        shutdown_signal(),
    )
    .await;
    tracing::info!(?stopped, "no longer serving");
    watcher.abort();
    purger.abort();
    // A job being run finishes (its mail leaves); the others wait in the queue for the next start.
    let _ = stop_worker.send(true);
    if tokio::time::timeout(Duration::from_secs(10), worker)
        .await
        .is_err()
    {
        tracing::warn!("the job worker did not stop within 10 s");
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Resolves once the flag turns true (or its sender is gone).
async fn until_true(mut flag: tokio::sync::watch::Receiver<bool>) {
    let _ = flag.wait_for(|stop| *stop).await;
}

/// `acquis worker`: runs the job queue until Ctrl+C or SIGTERM (or once, with `--once`).
pub async fn worker(settings: Settings, once: bool) -> anyhow::Result<ExitCode> {
    init_tracing(&settings);
    let store = open_store(&settings).await?;
    let app = build_app(&settings, store.clone(), settings.link_base(None)).await?;
    if once {
        let ran = app.run_due_jobs().await?;
        println!(
            "{} job(s) done, {} failed (retried later)",
            ran.done, ran.failed
        );
    } else {
        println!("Acquis job worker running (Ctrl+C to stop)");
        app.run_worker(shutdown_signal()).await;
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
