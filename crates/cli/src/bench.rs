//! `acquis bench answers`: a load generator for the learner's API journey, to measure how many
//! answers a second a running server sustains and how long each one takes.
//!
//! Virtual users sign up, take a token, then run competence evaluations back to back (next
//! challenge, answer, until completed) on the 16 competences in turn. The same number of users
//! then hammer an endpoint that touches no database, so the answer throughput can be compared
//! with what the HTTP stack alone gives on the same machine, in the same run.
//!
//! It must never become a tool to load someone else's server: only loopback targets are
//! accepted, and every phase stops by itself.

use std::collections::VecDeque;
use std::net::{IpAddr, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use reqwest::{Client, StatusCode, Url};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// Load benchmarks against a running server (loopback only).
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Competence evaluations over the JSON API: answers per second and latency percentiles.
    Answers(AnswersArgs),
    /// Candidates in certification sessions through the HTTP pages, with the invigilators'
    /// live pages open: answer latency and push latency.
    Certification(crate::bench_certif::CertifArgs),
}

/// Options of `acquis bench answers`.
#[derive(Debug, Args)]
pub struct AnswersArgs {
    /// The server's base URL; must be a loopback address.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent virtual users (also the baseline's concurrency).
    #[arg(long, default_value_t = 32)]
    users: usize,
    /// Seconds of the measured answer phase.
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Seconds of traffic before measuring starts (connections, caches).
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Accounts created before measuring (each covers 16 evaluations); default: 12 per user.
    /// A user who runs out signs up another during the run, which the report counts.
    #[arg(long)]
    accounts: Option<usize>,
    /// Sign-ups in flight at once while creating accounts (password hashing is CPU-bound).
    #[arg(long, default_value_t = 2)]
    signup_concurrency: usize,
    /// An endpoint that touches no database, measured with the same concurrency.
    #[arg(long, default_value = "/api/v1/framework")]
    baseline_path: String,
    /// Seconds of the baseline phase (default: the answer phase's).
    #[arg(long)]
    baseline_duration: Option<u64>,
    /// Worker threads of the bench's runtime (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

/// Runs a bench command.
pub fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Answers(args) => {
            let mut runtime = tokio::runtime::Builder::new_multi_thread();
            if let Some(threads) = args.threads {
                runtime.worker_threads(threads.max(1));
            }
            runtime.enable_all().build()?.block_on(answers(args))
        }
        BenchCommand::Certification(_) => {
            bail!("acquis bench certification needs the settings (run through main)")
        }
    }
}

async fn answers(args: AnswersArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.users > 0, "--users must be at least 1");
    anyhow::ensure!(args.duration > 0, "--duration must be at least 1 second");
    let base = loopback_base(&args.url)?;
    let client = Client::builder()
        .pool_max_idle_per_host(args.users * 2)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(30))
        .build()?;
    let api = Api {
        client,
        base: base.clone(),
        run_id: run_id(),
        signups: Arc::new(AtomicU64::new(0)),
    };
    let baseline = base.join(&args.baseline_path)?;
    api.client
        .get(baseline.clone())
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .with_context(|| format!("the server does not answer at {baseline}"))?;

    let competences = competences(&api).await?;
    let accounts = args.accounts.unwrap_or(args.users * 12).max(args.users);
    let pool = create_accounts(&api, accounts, args.signup_concurrency.max(1)).await?;
    let created_before = api.signups.load(Ordering::Relaxed);

    let warmup = Duration::from_secs(args.warmup);
    let measured = Duration::from_secs(args.duration);
    let journey = run_journeys(&api, pool, competences, args.users, warmup, measured).await?;
    let baseline_secs = args.baseline_duration.unwrap_or(args.duration).max(1);
    let base_stats = run_baseline(
        &api,
        &baseline,
        args.users,
        warmup,
        Duration::from_secs(baseline_secs),
    )
    .await?;

    let signed_up_during = api.signups.load(Ordering::Relaxed) - created_before;
    print_report(&args, &journey, &base_stats, signed_up_during);
    Ok(())
}

/// The base URL, refused unless it is plain HTTP on a loopback address.
pub(crate) fn loopback_base(url: &str) -> anyhow::Result<Url> {
    let parsed = Url::parse(url).with_context(|| format!("invalid URL {url}"))?;
    anyhow::ensure!(
        parsed.scheme() == "http",
        "only http:// targets are supported"
    );
    let host = parsed.host_str().context("the URL has no host")?;
    let port = parsed.port_or_known_default().unwrap_or(80);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<IpAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => (host, port)
            .to_socket_addrs()
            .with_context(|| format!("cannot resolve {host}"))?
            .map(|a| a.ip())
            .collect(),
    };
    if addresses.is_empty() || !addresses.iter().all(IpAddr::is_loopback) {
        bail!("{url} is not a loopback address: the bench only loads a server on this machine");
    }
    let mut base = parsed;
    base.set_path("/");
    base.set_query(None);
    Ok(base)
}

/// The competence codes of the live framework, from `GET /api/v1/framework`.
async fn competences(api: &Api) -> anyhow::Result<Arc<Vec<String>>> {
    let framework: Value = api
        .client
        .get(api.url("api/v1/framework")?)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let codes: Vec<String> = framework["areas"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| a["competences"].as_array().into_iter().flatten())
        .filter_map(|c| c["code"].as_str().map(str::to_owned))
        .collect();
    anyhow::ensure!(!codes.is_empty(), "the live framework has no competence");
    Ok(Arc::new(codes))
}

/// Distinguishes this run's accounts from earlier runs' on the same database.
pub(crate) fn run_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{:x}", nanos, std::process::id())
}

#[derive(Clone)]
struct Api {
    client: Client,
    base: Url,
    run_id: String,
    signups: Arc<AtomicU64>,
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
}

#[derive(Deserialize)]
struct EvaluationBody {
    assessment_id: i64,
    state: String,
}

#[derive(Deserialize)]
struct NextBody {
    state: String,
    challenge: Option<ChallengeBody>,
}

#[derive(Deserialize)]
struct ChallengeBody {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    proposals: Vec<String>,
    inputs: Vec<InputBody>,
}

#[derive(Deserialize)]
struct InputBody {
    key: String,
    format: String,
    #[serde(default)]
    options: Vec<String>,
}

impl Api {
    fn url(&self, path: &str) -> anyhow::Result<Url> {
        Ok(self.base.join(path)?)
    }

    /// POSTs `body` to a rate-limited route, waiting and retrying while the server says 429.
    async fn post_limited(&self, path: &str, body: &Value) -> anyhow::Result<reqwest::Response> {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let response = self.client.post(self.url(path)?).json(body).send().await?;
            if response.status() != StatusCode::TOO_MANY_REQUESTS {
                return Ok(response);
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "{path} kept answering 429 for 10 minutes"
            );
            tokio::time::sleep(Duration::from_millis(1000)).await;
        }
    }

    /// Signs a new learner up and returns their bearer token.
    async fn new_account(&self) -> anyhow::Result<String> {
        let n = self.signups.fetch_add(1, Ordering::Relaxed);
        let email = format!("bench-{}-{n}@bench.invalid", self.run_id);
        let password = "Bench-password-1";
        let response = self
            .post_limited(
                "api/v1/users",
                &json!({"first_name": "Bench", "last_name": format!("User {n}"),
                        "email": email, "password": password, "accept_terms": true}),
            )
            .await?;
        let status = response.status();
        anyhow::ensure!(
            status.is_success(),
            "sign-up answered {status}: {}",
            response.text().await.unwrap_or_default()
        );
        let response = self
            .post_limited(
                "api/v1/token",
                &json!({"email": email, "password": password}),
            )
            .await?
            .error_for_status()
            .context("token")?;
        Ok(response.json::<TokenBody>().await?.access_token)
    }
}

async fn create_accounts(
    api: &Api,
    count: usize,
    concurrency: usize,
) -> anyhow::Result<Arc<Mutex<VecDeque<String>>>> {
    let bar = progress(count as u64, "accounts");
    let todo = Arc::new(AtomicU64::new(count as u64));
    let pool = Arc::new(Mutex::new(VecDeque::with_capacity(count)));
    let mut tasks = Vec::new();
    for _ in 0..concurrency.min(count) {
        let (api, todo, pool, bar) = (api.clone(), todo.clone(), pool.clone(), bar.clone());
        tasks.push(tokio::spawn(async move {
            while todo
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                let token = api.new_account().await?;
                pool.lock().await.push_back(token);
                bar.inc(1);
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    bar.finish();
    Ok(pool)
}

pub(crate) fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what:<9} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A phase's clock: traffic from `start`, samples kept from `measure_from` until `end`.
#[derive(Clone, Copy)]
struct Window {
    measure_from: Instant,
    end: Instant,
}

impl Window {
    fn new(warmup: Duration, measured: Duration) -> Window {
        let measure_from = Instant::now() + warmup;
        Window {
            measure_from,
            end: measure_from + measured,
        }
    }

    fn running(&self) -> bool {
        Instant::now() < self.end
    }

    /// Whether a request started at `at` counts.
    fn counts(&self, at: Instant) -> bool {
        at >= self.measure_from && Instant::now() <= self.end
    }
}

#[derive(Default)]
struct Samples {
    answers: Vec<Duration>,
    nexts: Vec<Duration>,
    evaluations: u64,
    errors: u64,
}

struct JourneyStats {
    samples: Samples,
    seconds: f64,
}

async fn run_journeys(
    api: &Api,
    pool: Arc<Mutex<VecDeque<String>>>,
    competences: Arc<Vec<String>>,
    users: usize,
    warmup: Duration,
    measured: Duration,
) -> anyhow::Result<JourneyStats> {
    let window = Window::new(warmup, measured);
    let bar = progress((warmup + measured).as_secs(), "answers");
    let answered = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for user in 0..users {
        let (api, pool, answered) = (api.clone(), pool.clone(), answered.clone());
        let competences = competences.clone();
        tasks.push(tokio::spawn(async move {
            let mut samples = Samples::default();
            let mut learner = Learner {
                token: String::new(),
                done_on_account: competences.len(),
                next_competence: user % competences.len(),
                competences,
            };
            while window.running() {
                if let Err(e) = learner
                    .evaluate(&api, &pool, window, &mut samples, &answered)
                    .await
                {
                    samples.errors += 1;
                    if samples.errors <= 3 {
                        eprintln!("user {user}: {e:#}");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            samples
        }));
    }
    tick_until(&bar, window, &answered, "answers").await;
    let mut all = Samples::default();
    for task in tasks {
        let s = task.await?;
        all.answers.extend(s.answers);
        all.nexts.extend(s.nexts);
        all.evaluations += s.evaluations;
        all.errors += s.errors;
    }
    bar.finish();
    Ok(JourneyStats {
        samples: all,
        seconds: measured.as_secs_f64(),
    })
}

async fn tick_until(bar: &ProgressBar, window: Window, counter: &AtomicU64, what: &str) {
    let started = Instant::now();
    while window.running() {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let n = counter.load(Ordering::Relaxed);
        let secs = started.elapsed().as_secs_f64().max(0.001);
        bar.set_position(started.elapsed().as_secs());
        let phase = if Instant::now() < window.measure_from {
            "warm-up"
        } else {
            "measuring"
        };
        bar.set_message(format!("{phase}, {:.0} {what}/s", n as f64 / secs));
    }
}

/// A virtual user: one account at a time, evaluations on every competence in turn, starting
/// from a different competence than its neighbours so the load spreads.
struct Learner {
    token: String,
    competences: Arc<Vec<String>>,
    next_competence: usize,
    /// Evaluations run on the current account; once all are done the account has nothing left.
    done_on_account: usize,
}

impl Learner {
    /// One competence evaluation from start to completion (or the end of the window).
    async fn evaluate(
        &mut self,
        api: &Api,
        pool: &Mutex<VecDeque<String>>,
        window: Window,
        samples: &mut Samples,
        answered: &AtomicU64,
    ) -> anyhow::Result<()> {
        if self.done_on_account >= self.competences.len() {
            let next = pool.lock().await.pop_front();
            self.token = match next {
                Some(token) => token,
                None => api.new_account().await?,
            };
            self.done_on_account = 0;
        }
        let competence = &self.competences[self.next_competence % self.competences.len()];
        self.next_competence += 1;
        self.done_on_account += 1;
        let evaluation: EvaluationBody = api
            .client
            .post(api.url("api/v1/competence-evaluations")?)
            .bearer_auth(&self.token)
            .json(&json!({"competence": competence}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        if evaluation.state != "started" {
            return Ok(());
        }
        let id = evaluation.assessment_id;
        let next_url = api.url(&format!("api/v1/assessments/{id}/next"))?;
        let answer_url = api.url(&format!("api/v1/assessments/{id}/answers"))?;
        while window.running() {
            let started = Instant::now();
            let next: NextBody = api
                .client
                .get(next_url.clone())
                .bearer_auth(&self.token)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            if window.counts(started) {
                samples.nexts.push(started.elapsed());
            }
            let Some(challenge) = next.challenge.filter(|_| next.state == "started") else {
                if window.counts(started) {
                    samples.evaluations += 1;
                }
                return Ok(());
            };
            let body = json!({"challenge_id": challenge.id, "value": plausible_answer(&challenge)});
            let started = Instant::now();
            let response = api
                .client
                .post(answer_url.clone())
                .bearer_auth(&self.token)
                .json(&body)
                .send()
                .await?;
            let status = response.status();
            let text = response.bytes().await?;
            anyhow::ensure!(
                status.is_success(),
                "answer answered {status}: {}",
                String::from_utf8_lossy(&text)
            );
            if window.counts(started) {
                samples.answers.push(started.elapsed());
                answered.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    }
}

/// An answer of the right shape; whether it is correct does not matter here.
fn plausible_answer(challenge: &ChallengeBody) -> String {
    match challenge.kind.as_str() {
        "qcu" => "1".into(),
        "qcm" if challenge.proposals.len() >= 2 => "1,2".into(),
        "qcm" => "1".into(),
        "qroc" => challenge
            .inputs
            .first()
            .map_or_else(|| "réponse".into(), input_value),
        _ => {
            let values: serde_json::Map<String, Value> = challenge
                .inputs
                .iter()
                .map(|i| (i.key.clone(), Value::String(input_value(i))))
                .collect();
            Value::Object(values).to_string()
        }
    }
}

fn input_value(input: &InputBody) -> String {
    match (input.format.as_str(), input.options.first()) {
        (_, Some(option)) => option.clone(),
        ("number", None) => "1".into(),
        _ => "réponse".into(),
    }
}

struct BaselineStats {
    latencies: Vec<Duration>,
    seconds: f64,
    errors: u64,
}

async fn run_baseline(
    api: &Api,
    url: &Url,
    users: usize,
    warmup: Duration,
    measured: Duration,
) -> anyhow::Result<BaselineStats> {
    let window = Window::new(warmup, measured);
    let bar = progress((warmup + measured).as_secs(), "baseline");
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..users {
        let (client, url, done) = (api.client.clone(), url.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0u64);
            while window.running() {
                let started = Instant::now();
                let ok = match client.get(url.clone()).send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if !ok {
                    errors += 1;
                } else if window.counts(started) {
                    latencies.push(started.elapsed());
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
            (latencies, errors)
        }));
    }
    tick_until(&bar, window, &done, "requests").await;
    let mut stats = BaselineStats {
        latencies: Vec::new(),
        seconds: measured.as_secs_f64(),
        errors: 0,
    };
    for task in tasks {
        let (latencies, errors) = task.await?;
        stats.latencies.extend(latencies);
        stats.errors += errors;
    }
    bar.finish();
    Ok(stats)
}

/// The `p`-th percentile (0–100) of sorted latencies, by nearest rank; zero when empty.
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub(crate) fn latency_line(name: &str, latencies: &mut [Duration]) -> String {
    latencies.sort_unstable();
    format!(
        "{name:<9} p50 {:>9}  p90 {:>9}  p99 {:>9}  max {:>9}",
        ms(percentile(latencies, 50.0)),
        ms(percentile(latencies, 90.0)),
        ms(percentile(latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    )
}

fn print_report(
    args: &AnswersArgs,
    journey: &JourneyStats,
    baseline: &BaselineStats,
    signed_up_during: u64,
) {
    let mut answers = journey.samples.answers.clone();
    let mut nexts = journey.samples.nexts.clone();
    let mut base = baseline.latencies.clone();
    let answer_rate = answers.len() as f64 / journey.seconds;
    let base_rate = base.len() as f64 / baseline.seconds;
    println!();
    println!(
        "acquis bench answers: {} users, {} s measured after {} s of warm-up, target {}",
        args.users, args.duration, args.warmup, args.url
    );
    println!(
        "answers   {:>9.0} /s   ({} answers, {} evaluations completed, {} errors)",
        answer_rate,
        answers.len(),
        journey.samples.evaluations,
        journey.samples.errors
    );
    println!("{}", latency_line("answer", &mut answers));
    println!("{}", latency_line("next", &mut nexts));
    println!(
        "baseline  {:>9.0} /s   (GET {}, {} requests, {} errors)",
        base_rate,
        args.baseline_path,
        base.len(),
        baseline.errors
    );
    println!("{}", latency_line("baseline", &mut base));
    let ratio = if base_rate > 0.0 {
        answer_rate / base_rate
    } else {
        0.0
    };
    println!("ratio     answers/s ÷ baseline/s = {:.1} %", ratio * 100.0);
    if signed_up_during > 0 {
        println!(
            "note      {signed_up_during} account(s) were signed up during the run (raise --accounts)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let sorted = millis(&(1..=100).collect::<Vec<_>>());
        assert_eq!(percentile(&sorted, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&sorted, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&sorted, 0.0), Duration::from_millis(1));
        let few = millis(&[3, 7, 20]);
        assert_eq!(percentile(&few, 50.0), Duration::from_millis(7));
        assert_eq!(percentile(&few, 99.0), Duration::from_millis(20));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
    }

    #[test]
    fn only_loopback_targets_are_accepted() {
        assert!(loopback_base("http://127.0.0.1:8080").is_ok());
        assert!(loopback_base("http://[::1]:8080/x").is_ok());
        assert!(loopback_base("http://10.0.0.1:8080").is_err());
        assert!(loopback_base("https://127.0.0.1").is_err());
        assert!(loopback_base("http://192.0.2.1").is_err());
    }
}
