//! `acquis bench certification`: N candidates in M sessions through the real HTTP flow of a
//! running server, with every session's invigilator live page open (its Server-Sent Events
//! stream). It measures how long each answer takes (the answer's POST and the next question's
//! page) and how long the push takes to reach the invigilator after a candidate answered.
//!
//! The centre, the sessions, the enrolments and the candidates' accounts (with a profile that
//! allows certification) are prepared through the use cases on the server's own database, as
//! the operator and the centre would; everything else goes over HTTP, as browsers do. Only
//! loopback targets are accepted.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use acquis_app::certification::{CentreId, SessionForm, SessionId};
use acquis_core::certification::candidate::CandidateForm;
use acquis_core::organization::OrganizationKind;
use anyhow::{Context, bail};
use clap::Args;
use reqwest::{Client, Url, redirect};
use tokio::sync::Mutex;

use crate::bench::{latency_line, loopback_base, percentile, progress, run_id};
use crate::settings::Settings;

/// Options of `acquis bench certification`.
#[derive(Debug, Args)]
pub struct CertifArgs {
    /// The server's base URL; must be a loopback address. The server must use the database
    /// this command opens (the same configuration or `--database-url`).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Candidates in all.
    #[arg(long, default_value_t = 300)]
    candidates: usize,
    /// Sessions they are spread over.
    #[arg(long, default_value_t = 10)]
    sessions: usize,
    /// Requests in flight at once, at most (all candidates take the test; this bounds the
    /// load of the joining phase and of a zero think time).
    #[arg(long, default_value_t = 300)]
    concurrency: usize,
    /// A candidate's time on a question before answering, in milliseconds (±50 % at
    /// random; real candidates take tens of seconds, 0 answers back to back).
    #[arg(long, default_value_t = 2000)]
    think_ms: u64,
}

const PASSWORD: &str = "Bench-2026a";

/// A session prepared for the run.
struct Prepared {
    id: i64,
    password: String,
    code: String,
}

/// A candidate prepared for the run.
struct Seat {
    session: usize,
    email: String,
    first: String,
    birth: String,
}

/// What an invigilator's stream heard: when each `changed` event arrived.
type Heard = Arc<Mutex<Vec<Instant>>>;

fn client() -> anyhow::Result<Client> {
    Ok(Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .pool_max_idle_per_host(4)
        // No overall timeout: the invigilators' streams stay open for the whole run.
        .connect_timeout(Duration::from_secs(10))
        .build()?)
}

/// The value of the hidden field `name` in a page.
fn hidden(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    page[start..].split('"').next().map(str::to_owned)
}

async fn get(client: &Client, base: &Url, path: &str) -> anyhow::Result<String> {
    let r = client.get(base.join(path)?).send().await?;
    let status = r.status();
    let body = r.text().await?;
    if !status.is_success() {
        bail!("GET {path}: {status}");
    }
    Ok(body)
}

/// Posts a form; returns the redirect's target (or the page's status as an error).
async fn post(
    client: &Client,
    base: &Url,
    path: &str,
    fields: &[(&str, &str)],
) -> anyhow::Result<String> {
    let r = client.post(base.join(path)?).form(fields).send().await?;
    let status = r.status();
    if !status.is_redirection() {
        let body = r.text().await.unwrap_or_default();
        bail!(
            "POST {path}: {status} {}",
            body.chars().take(300).collect::<String>()
        );
    }
    Ok(r.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned())
}

async fn sign_in(client: &Client, base: &Url, email: &str) -> anyhow::Result<()> {
    let page = get(client, base, "/connexion").await?;
    let csrf = hidden(&page, "csrf").context("no CSRF token on /connexion")?;
    post(
        client,
        base,
        "/connexion",
        &[("csrf", &csrf), ("email", email), ("password", PASSWORD)],
    )
    .await?;
    Ok(())
}

/// Runs the bench.
pub async fn run(args: CertifArgs, settings: Settings) -> anyhow::Result<()> {
    anyhow::ensure!(args.sessions > 0, "--sessions must be at least 1");
    anyhow::ensure!(
        args.candidates >= args.sessions,
        "--candidates must be at least --sessions"
    );
    let base = loopback_base(&args.url)?;
    let started = Instant::now();
    let store = crate::serve::open_store(&settings).await?;
    let app = crate::serve::build_app(&settings, store.clone(), settings.link_base(None)).await?;
    let stamp = run_id();

    // The centre and its administrator (the operator's use case), the sessions.
    let admin_email = format!("bench-admin-{stamp}@bench.acquis.invalid");
    let admin = acquis_app::accounts::sign_up(
        &app,
        acquis_app::accounts::SignUp {
            first_name: "Alex",
            last_name: "Banc",
            email: &admin_email,
            password: PASSWORD,
            accept_terms: true,
            locale: "fr",
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let founded = app
        .found_centre(
            &format!("Centre du banc {stamp}"),
            OrganizationKind::Sco,
            None,
            &admin_email,
            "fr",
        )
        .await?;
    let membership = app
        .centre_membership(admin.id, CentreId::from(founded.centre.id))
        .await?;
    let mut sessions = Vec::new();
    for i in 0..args.sessions {
        let created = app
            .create_session(
                &membership,
                &SessionForm {
                    site: format!("Site {i}"),
                    room: format!("Salle {i}"),
                    date: "2027-01-15".into(),
                    time: "09:00".into(),
                    examiners: "Banc".into(),
                    description: String::new(),
                },
            )
            .await?;
        sessions.push(Prepared {
            id: created.session.id,
            password: created.invigilator_password,
            code: created.session.access_code,
        });
    }

    // The candidates: enrolments, accounts, profiles that allow certification.
    let bar = progress(args.candidates as u64, "accounts");
    let mut seats = Vec::new();
    for i in 0..args.candidates {
        let session = i % args.sessions;
        let seat = Seat {
            session,
            email: format!("bench-{stamp}-{i}@bench.acquis.invalid"),
            first: format!("Prenom{i}"),
            birth: format!("Nom{i}"),
        };
        app.enrol_candidate(
            &membership,
            SessionId::from(sessions[session].id),
            &CandidateForm {
                birth_name: seat.birth.clone(),
                first_name: seat.first.clone(),
                sex: "F".into(),
                birthdate: "2006-01-01".into(),
                born_in_france: "oui".into(),
                birth_insee: "75056".into(),
                ..Default::default()
            },
            "fr",
        )
        .await?;
        let user = acquis_app::accounts::sign_up(
            &app,
            acquis_app::accounts::SignUp {
                first_name: &seat.first,
                last_name: &seat.birth,
                email: &seat.email,
                password: PASSWORD,
                accept_terms: true,
                locale: "fr",
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        acquis_app::demo::give_levels(&app, user.id, 5)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        seats.push(seat);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let prepared_in = started.elapsed();

    // The invigilators: each opens their session's live page and listens to its stream.
    let mut invigilators = Vec::new();
    let mut heard: Vec<Heard> = Vec::new();
    for s in &sessions {
        let c = client()?;
        sign_in(&c, &base, &admin_email).await?;
        let form = get(&c, &base, "/certif/surveillance").await?;
        let csrf = hidden(&form, "csrf").context("no CSRF token")?;
        post(
            &c,
            &base,
            "/certif/surveillance",
            &[
                ("csrf", &csrf),
                ("session", &s.id.to_string()),
                ("password", &s.password),
            ],
        )
        .await
        .context("opening the invigilation")?;
        let stream_url = base.join(&format!("/certif/surveillance/{}/flux", s.id))?;
        let mut response = c.get(stream_url).send().await?;
        let events: Heard = Arc::default();
        let sink = events.clone();
        tokio::spawn(async move {
            while let Ok(Some(chunk)) = response.chunk().await {
                if String::from_utf8_lossy(&chunk).contains("event: changed") {
                    sink.lock().await.push(Instant::now());
                }
            }
        });
        invigilators.push((c, csrf));
        heard.push(events);
    }
    let invigilators = Arc::new(invigilators);

    // The candidates take the test, at most `concurrency` requests in flight.
    let limit = Arc::new(tokio::sync::Semaphore::new(args.concurrency.max(1)));
    let answers_bar = progress((args.candidates * 32) as u64, "answers");
    let sessions = Arc::new(sessions);
    // Everyone joins and starts first (sign-ins hash passwords: a burst of CPU that is not the
    // test's), then the answers are measured.
    let ready = Arc::new(tokio::sync::Barrier::new(args.candidates));
    let run_started = Instant::now();
    let mut tasks = Vec::new();
    for seat in seats {
        let (base, limit, invigilators, sessions, bar) = (
            base.clone(),
            limit.clone(),
            invigilators.clone(),
            sessions.clone(),
            answers_bar.clone(),
        );
        let think = args.think_ms;
        let ready = ready.clone();
        tasks.push(tokio::spawn(async move {
            candidate(
                seat,
                &base,
                &limit,
                &invigilators,
                &sessions,
                &bar,
                think,
                &ready,
            )
            .await
        }));
    }
    let mut latencies = Vec::new();
    let mut next_latencies = Vec::new();
    let mut answered_at: HashMap<usize, Vec<Instant>> = HashMap::new();
    let mut failures = Vec::new();
    for task in tasks {
        match task.await? {
            Ok((session, lat, next, at)) => {
                latencies.extend(lat);
                next_latencies.extend(next);
                answered_at.entry(session).or_default().extend(at);
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    answers_bar.finish_and_clear();
    let run_time = run_started.elapsed();
    let all: Vec<Instant> = answered_at.values().flatten().copied().collect();
    let answering = match (all.iter().min(), all.iter().max()) {
        (Some(first), Some(last)) => *last - *first,
        _ => Duration::ZERO,
    };
    // Let the last pushes arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Push latency: for each answer, the first event its session's stream heard after it.
    let mut push = Vec::new();
    let mut missed = 0usize;
    for (session, times) in &answered_at {
        let events = heard[*session].lock().await.clone();
        for t in times {
            match events.iter().find(|e| *e >= t) {
                Some(e) => push.push(*e - *t),
                None => missed += 1,
            }
        }
    }
    let answers = latencies.len();
    println!(
        "acquis bench certification: {} candidates in {} sessions on {} (think time {} ms ±50 %)",
        args.candidates, args.sessions, args.url, args.think_ms
    );
    println!("prepared (accounts, enrolments, profiles) in {prepared_in:.1?}");
    println!(
        "{answers} answers in {answering:.1?} (whole run with joining {run_time:.1?}): {:.0} answers/s",
        answers as f64 / answering.as_secs_f64().max(0.001)
    );
    println!("{}", latency_line("answer", &mut latencies));
    println!("{}", latency_line("next", &mut next_latencies));
    push.sort_unstable();
    println!(
        "push      p50 {:.0} ms  p99 {:.0} ms  max {:.0} ms ({} answers, {missed} without an event)",
        percentile(&push, 50.0).as_secs_f64() * 1000.0,
        percentile(&push, 99.0).as_secs_f64() * 1000.0,
        push.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        push.len()
    );
    if !failures.is_empty() {
        println!(
            "{} candidate(s) failed; first: {}",
            failures.len(),
            failures[0]
        );
    }
    store.close().await;
    if !failures.is_empty() {
        bail!("{} candidate(s) failed", failures.len());
    }
    Ok(())
}

/// What one candidate's journey measured: their session, each answer's latency (the POST),
/// each next question's latency (the GET that follows), when each answer was acknowledged.
type Journey = (usize, Vec<Duration>, Vec<Duration>, Vec<Instant>);

/// One candidate's journey.
#[allow(clippy::too_many_arguments)]
async fn candidate(
    seat: Seat,
    base: &Url,
    limit: &tokio::sync::Semaphore,
    invigilators: &[(Client, String)],
    sessions: &[Prepared],
    bar: &indicatif::ProgressBar,
    think_ms: u64,
    ready: &tokio::sync::Barrier,
) -> anyhow::Result<Journey> {
    let s = &sessions[seat.session];
    let c = client()?;
    let prepared = enter(&c, &seat, s, base, limit, invigilators).await;
    // Every candidate reaches the barrier, ready or not, so that nobody waits forever.
    ready.wait().await;
    let home = prepared?;
    answer_all(&c, &seat, &home, base, limit, bar, think_ms).await
}

/// Signs in, joins, confirms, types the code, is authorised by the invigilator and starts.
async fn enter(
    c: &Client,
    seat: &Seat,
    s: &Prepared,
    base: &Url,
    limit: &tokio::sync::Semaphore,
    invigilators: &[(Client, String)],
) -> anyhow::Result<String> {
    let c = c.clone();
    let home = {
        let _turn = limit.acquire().await?;
        sign_in(&c, base, &seat.email).await?;
        let page = get(&c, base, "/certification").await?;
        let csrf = hidden(&page, "csrf").context("no CSRF token on /certification")?;
        let home = post(
            &c,
            base,
            "/certification",
            &[
                ("csrf", &csrf),
                ("session", &s.id.to_string()),
                ("first_name", &seat.first),
                ("birth_name", &seat.birth),
                ("birthdate", "2006-01-01"),
            ],
        )
        .await
        .context("joining")?;
        post(
            &c,
            base,
            &format!("{home}/consignes"),
            &[("csrf", &csrf), ("confirm", "1")],
        )
        .await?;
        post(
            &c,
            base,
            &format!("{home}/code"),
            &[("csrf", &csrf), ("code", &s.code)],
        )
        .await?;
        home
    };
    let candidate_id = home.rsplit('/').next().unwrap_or_default().to_owned();
    {
        let _turn = limit.acquire().await?;
        let (inv, inv_csrf) = &invigilators[seat.session];
        post(
            inv,
            base,
            &format!(
                "/certif/surveillance/{}/candidats/{candidate_id}/autoriser",
                s.id
            ),
            &[("csrf", inv_csrf)],
        )
        .await
        .context("authorising")?;
        let page = get(&c, base, &home).await?;
        let csrf = hidden(&page, "csrf").context("no CSRF token")?;
        post(&c, base, &format!("{home}/commencer"), &[("csrf", &csrf)])
            .await
            .context("starting")?;
    }
    Ok(home)
}

/// Answers the 32 questions.
async fn answer_all(
    c: &Client,
    seat: &Seat,
    home: &str,
    base: &Url,
    limit: &tokio::sync::Semaphore,
    bar: &indicatif::ProgressBar,
    think_ms: u64,
) -> anyhow::Result<Journey> {
    let c = c.clone();
    let mut latencies = Vec::new();
    let mut nexts = Vec::new();
    let mut acknowledged = Vec::new();
    let test = format!("{home}/test");
    let mut page = get(&c, base, &test).await?;
    for _ in 0..32 {
        let Some(challenge) = hidden(&page, "challenge_id") else {
            break;
        };
        let csrf = hidden(&page, "csrf").context("no CSRF token")?;
        if think_ms > 0 {
            let jitter = rand::random_range(think_ms / 2..=think_ms + think_ms / 2);
            tokio::time::sleep(Duration::from_millis(jitter)).await;
        }
        let _turn = limit.acquire().await?;
        let t = Instant::now();
        post(
            &c,
            base,
            &format!("{home}/reponse"),
            &[
                ("csrf", &csrf),
                ("challenge_id", &challenge),
                ("action", "skip"),
            ],
        )
        .await
        .context("answering")?;
        let done = Instant::now();
        acknowledged.push(done);
        latencies.push(done - t);
        page = get(&c, base, &test).await?;
        nexts.push(done.elapsed());
        bar.inc(1);
    }
    if latencies.len() < 32 {
        bail!(
            "{}: the test ended after {} answers",
            seat.email,
            latencies.len()
        );
    }
    Ok((seat.session, latencies, nexts, acknowledged))
}
