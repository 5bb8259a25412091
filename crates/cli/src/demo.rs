//! `acquis demo campaign --participants N`: an organisation, a campaign and N synthetic
//! participants who took and shared it, written straight into the database (for
//! demonstrations and for benchmarking the export and the analysis).

use std::process::ExitCode;
use std::time::Instant;

use acquis_app::campaigns::{ProfileDefinition, SharedResults};
use acquis_app::organizations::campaigns::CampaignForm;
use acquis_app::organizations::profiles::NewProfile;
use acquis_app::organizations::{OrganizationId, TargetProfileId};
use acquis_core::campaign::CampaignType;
use acquis_core::campaign::{
    Badge, CampaignCode, Criterion, Mastery, Percent, Stage, StageThreshold, Stages, TargetItem,
    TargetProfile,
};
use acquis_core::organization::OrganizationKind;
use acquis_core::positioning::{KeSource, KeStatus, KnowledgeElement};
use acquis_store::{DemoElement, DemoParticipant, NewUser, StoreError};
use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::settings::Settings;

/// Demonstration data.
#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Create an organisation, a campaign and N participants who shared their results.
    Campaign {
        /// How many participants.
        #[arg(long, default_value_t = 1000)]
        participants: usize,
        /// Seed of the synthetic learners (same seed, same learners).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Participants written per transaction.
        #[arg(long, default_value_t = 2000)]
        batch: usize,
    },
    /// Create a learner account whose profile already allows certification (level 1 or more
    /// in `--competences` competences), to try a certification session.
    Certifiable {
        /// The account's email.
        #[arg(long)]
        email: String,
        /// First name.
        #[arg(long, default_value = "Camille")]
        first_name: String,
        /// Last name.
        #[arg(long, default_value = "Candidat")]
        last_name: String,
        /// The password (at least 8 characters with a letter and a digit).
        #[arg(long)]
        password: String,
        /// Competences given level 1 or more.
        #[arg(long, default_value_t = 5)]
        competences: usize,
    },
}

/// Batches being written at once while the next one is generated.
const WRITERS: usize = 2;

const DIVISIONS: [(&str, f64); 6] = [
    ("2nde A", 0.4),
    ("2nde B", 0.0),
    ("2nde C", -0.3),
    ("1re A", 0.8),
    ("1re B", 0.5),
    ("Tle A", 1.1),
];
const FIRST_NAMES: [&str; 12] = [
    "Camille", "Louis", "Inès", "Hugo", "Léa", "Nathan", "Jade", "Adam", "Chloé", "Yanis", "Manon",
    "Noah",
];
const LAST_NAMES: [&str; 12] = [
    "Martin", "Bernard", "Diallo", "Petit", "Nguyen", "Moreau", "Laurent", "Haddad", "Garcia",
    "Roux", "Fontaine", "Mercier",
];

/// How the synthetic cohort's levels vary: each tube has its own ease (some topics are
/// mastered by most, others by few) and each class its own strengths and weaknesses by tube,
/// so the analysis by tube and by class has something to show.
struct CohortShape {
    /// Added to every learner's level on each tube.
    ease: Vec<f64>,
    /// Added to the level of each class's learners on each tube, by class.
    strengths: Vec<Vec<f64>>,
}

impl CohortShape {
    fn draw(rng: &mut impl Rng, tubes: usize) -> Self {
        // Eases spread evenly from hard to easy (shuffled), so no two runs look flat.
        let mut ease: Vec<f64> = (0..tubes)
            .map(|t| -2.0 + 4.0 * t as f64 / (tubes.max(2) - 1) as f64)
            .collect();
        for i in (1..ease.len()).rev() {
            ease.swap(i, rng.random_range(0..=i));
        }
        let strengths = DIVISIONS
            .iter()
            .map(|_| (0..tubes).map(|_| rng.random_range(-1.2..1.2)).collect())
            .collect();
        CohortShape { ease, strengths }
    }

    /// One learner's true level (0..=6) on each tube, in class `division` (an index of
    /// `DIVISIONS`).
    fn true_levels(&self, rng: &mut impl Rng, division: usize) -> Vec<i32> {
        let shift = DIVISIONS[division % DIVISIONS.len()].1;
        let ability: f64 = 2.5 + shift + rng.random_range(-1.2..1.2);
        self.ease
            .iter()
            .zip(&self.strengths[division % DIVISIONS.len()])
            .map(|(ease, strength)| {
                (ability + ease + strength + rng.random_range(-0.8..0.8))
                    .round()
                    .clamp(0.0, 6.0) as i32
            })
            .collect()
    }
}

fn stage(percent: u8, title: &str, message: &str) -> anyhow::Result<Stage> {
    Ok(Stage {
        threshold: StageThreshold::Percent(
            Percent::new(percent).map_err(|e| anyhow::anyhow!("{e:?}"))?,
        ),
        title: title.into(),
        message: message.into(),
        prescriber_title: String::new(),
        prescriber_message: String::new(),
    })
}

fn definition() -> anyhow::Result<ProfileDefinition> {
    let stages = Stages::new(vec![
        stage(
            0,
            "Découverte",
            "Vous découvrez ces compétences : les tutoriels proposés vous aideront à démarrer.",
        )?,
        stage(
            40,
            "Bases acquises",
            "Vous maîtrisez les bases : continuez sur les sujets encore fragiles.",
        )?,
        stage(
            70,
            "Bonne maîtrise",
            "Vous êtes à l'aise dans la plupart des situations courantes.",
        )?,
        stage(90, "Expertise", "Vous maîtrisez l'ensemble du parcours.")?,
    ])
    .map_err(|e| anyhow::anyhow!("stages: {e:?}"))?;
    let badge = Badge {
        key: "chercheur-averti".into(),
        title: "Chercheur averti".into(),
        message: "Vous savez trouver une information fiable et sécuriser vos comptes.".into(),
        image_url: String::new(),
        alt_message: String::new(),
        criteria: vec![Criterion::Campaign {
            threshold: Percent::new(80).map_err(|e| anyhow::anyhow!("{e:?}"))?,
        }],
    };
    Ok(ProfileDefinition {
        profile: TargetProfile::new(vec![
            TargetItem::Competence {
                competence: "1.1".into(),
            },
            TargetItem::Competence {
                competence: "4.1".into(),
            },
        ]),
        stages: Some(stages),
        badges: vec![badge],
    })
}

/// Runs a demo subcommand.
pub async fn run(command: DemoCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (participants, seed, batch) = match command {
        DemoCommand::Campaign {
            participants,
            seed,
            batch,
        } => (participants, seed, batch),
        DemoCommand::Certifiable {
            email,
            first_name,
            last_name,
            password,
            competences,
        } => {
            return certifiable(
                settings,
                &email,
                &first_name,
                &last_name,
                &password,
                competences,
            )
            .await;
        }
    };
    let started = Instant::now();
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let live = app.live();
    let now = app.now();
    let stamp = now.format("%Y%m%d%H%M%S").to_string();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let password = format!("Demo{}{}", stamp, rng.random_range(100..1000));
    let admin_email = format!("admin-{stamp}@demo.acquis.invalid");
    let hash = acquis_app::accounts::password::hash(&password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin = store
        .create_user(
            NewUser {
                first_name: "Alex",
                last_name: "Démo",
                email: &admin_email,
                password_hash: &hash,
                locale: "fr",
                terms_accepted_at: Some(now),
            },
            chrono::Utc::now(),
        )
        .await?;
    let founded = app
        .found_organization(
            &format!("Lycée de démonstration {stamp}"),
            OrganizationKind::Sco,
            None,
            &admin_email,
            "fr",
        )
        .await?;
    let org = founded.org;
    let membership = app
        .membership(admin.id, OrganizationId::from(org.id))
        .await?;
    let definition = definition()?;
    let target = definition.target(&live.framework);
    anyhow::ensure!(
        !target.is_empty(),
        "the live content has no skill for the demo target (1.1 and 4.1)"
    );
    let profile = app
        .create_target_profile(
            &membership,
            &NewProfile {
                name: "Recherche et sécurité",
                description: "Compétences 1.1 et 4.1",
                minutes: Some(40),
                definition: &definition,
            },
        )
        .await?;
    let form = CampaignForm {
        kind: Some(CampaignType::Assessment),
        target_profile: Some(TargetProfileId::from(profile.id)),
        title: "Rentrée numérique (démonstration)",
        landing_text: "Un parcours de démonstration sur la recherche d'information et la sécurité.",
        result_text: "Merci pour votre participation.",
        external_id_label: "Numéro d'élève",
        ..CampaignForm::default()
    };
    let campaign = app
        .create_campaign_drawing(&membership, &form, || CampaignCode::generate(&mut rng))
        .await
        .map_err(|e| anyhow::anyhow!("the demo campaign cannot be created: {e}"))?;
    let bar = ProgressBar::new(participants as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} participants ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let skills: Vec<(String, String, String, u8)> = target
        .skills()
        .iter()
        .filter_map(|s| {
            live.framework
                .skill(&s.id)
                .map(|k| (k.id.clone(), k.tube.clone(), k.competence.clone(), k.level))
        })
        .collect();
    let tubes: Vec<String> = target.tubes().to_vec();
    let shape = CohortShape::draw(&mut rng, tubes.len());
    let mut elements_written = 0usize;
    let mut written = 0;
    let mut generated = 0;
    // Batches are written while the next ones are generated, up to `WRITERS` at once: on
    // PostgreSQL the database's work runs in its own processes (one per connection), so every
    // core is busy; on SQLite the writes queue on the store's writer lock.
    let mut in_flight: std::collections::VecDeque<(
        usize,
        tokio::task::JoinHandle<Result<(), StoreError>>,
    )> = std::collections::VecDeque::new();
    while generated < participants {
        let n = batch.max(1).min(participants - generated);
        let mut rows = Vec::with_capacity(n);
        for i in generated..generated + n {
            let (division, _) = DIVISIONS[i % DIVISIONS.len()];
            let true_levels = shape.true_levels(&mut rng, i % DIVISIONS.len());
            let mut elements = Vec::with_capacity(skills.len());
            let mut core_elements = Vec::with_capacity(skills.len());
            for (skill, tube, competence, level) in &skills {
                let true_level = tubes
                    .iter()
                    .position(|t| t == tube)
                    .map_or(0, |p| true_levels[p]);
                let validated = i32::from(*level) <= true_level;
                let direct = (i32::from(*level) - true_level).abs() <= 1;
                let status = if validated {
                    KeStatus::Validated
                } else {
                    KeStatus::Invalidated
                };
                let source = if direct {
                    KeSource::Direct
                } else {
                    KeSource::Inferred
                };
                elements.push(DemoElement {
                    skill: skill.clone(),
                    competence: competence.clone(),
                    status,
                    source,
                });
                core_elements.push(KnowledgeElement {
                    skill: skill.clone(),
                    status,
                    source,
                    earned_pix: 0.0,
                    created_at: 0,
                });
            }
            let mastery = Mastery::of(&target, &core_elements);
            let validated = target
                .ids()
                .filter(|s| mastery.is_validated(s))
                .map(str::to_owned)
                .collect();
            elements_written += elements.len();
            let at = now - chrono::Duration::minutes(rng.random_range(10..60 * 24 * 30));
            rows.push(DemoParticipant {
                first_name: FIRST_NAMES[i % FIRST_NAMES.len()].to_owned(),
                last_name: format!(
                    "{} {}",
                    LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()],
                    i + 1
                ),
                email: format!(
                    "eleve-{}-{}@demo.acquis.invalid",
                    campaign.code.to_lowercase(),
                    i + 1
                ),
                division: division.to_owned(),
                external_id: format!("E{:06}", i + 1),
                elements,
                mastery_rate: mastery.overall().rate(),
                results: SharedResults {
                    validated,
                    competences: vec![],
                }
                .to_json(),
                compact: Some(SharedResults::compact(&mastery)),
                at,
            });
        }
        generated += n;
        if in_flight.len() >= WRITERS
            && let Some((count, writing)) = in_flight.pop_front()
        {
            writing.await?.context("cannot write the participants")?;
            written += count;
            bar.set_position(written as u64);
        }
        let (writer, org_id, campaign_id, release_id) =
            (store.clone(), org.id, campaign.id, live.release_id);
        in_flight.push_back((
            n,
            tokio::spawn(async move {
                writer
                    .insert_demo_participants(org_id, campaign_id, release_id, &rows)
                    .await
            }),
        ));
    }
    while let Some((count, writing)) = in_flight.pop_front() {
        writing.await?.context("cannot write the participants")?;
        written += count;
        bar.set_position(written as u64);
    }
    debug_assert_eq!(written, participants);
    bar.finish_and_clear();
    store
        .refresh_statistics()
        .await
        .context("cannot refresh the database statistics")?;
    store.close().await;
    println!(
        "campaign {} (code {}) of organisation {}: {} participants, {} knowledge elements, in {:.1} s",
        campaign.id,
        campaign.code,
        org.id,
        participants,
        elements_written,
        started.elapsed().as_secs_f64()
    );
    println!("administrator: {admin_email} / {password}");
    println!(
        "organisation portal: {}/orga/{}/campagnes/{}",
        settings.link_base(None),
        org.id,
        campaign.id
    );
    Ok(ExitCode::SUCCESS)
}

/// `acquis demo certifiable`: an account through the sign-up use case, then levels.
async fn certifiable(
    settings: &Settings,
    email: &str,
    first_name: &str,
    last_name: &str,
    password: &str,
    competences: usize,
) -> anyhow::Result<ExitCode> {
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let user = acquis_app::accounts::sign_up(
        &app,
        acquis_app::accounts::SignUp {
            first_name,
            last_name,
            email,
            password,
            accept_terms: true,
            locale: "fr",
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("--email {email}: {e}"))?;
    acquis_app::demo::give_levels(&app, user.id, competences)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "{email}: account {} with level 1 or more in {competences} competences",
        user.id
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mean true level on each tube of `n` learners of class `division`.
    fn means(shape: &CohortShape, rng: &mut ChaCha8Rng, division: usize, n: usize) -> Vec<f64> {
        let mut sums = vec![0.0; shape.ease.len()];
        for _ in 0..n {
            for (s, l) in sums.iter_mut().zip(shape.true_levels(rng, division)) {
                *s += f64::from(l);
            }
        }
        sums.into_iter().map(|s| s / n as f64).collect()
    }

    #[test]
    fn the_synthetic_cohort_varies_by_tube_and_by_class() {
        let mut rng = ChaCha8Rng::seed_from_u64(2026);
        let shape = CohortShape::draw(&mut rng, 10);
        let all: Vec<Vec<f64>> = (0..DIVISIONS.len())
            .map(|d| means(&shape, &mut rng, d, 300))
            .collect();
        let by_tube: Vec<f64> = (0..10)
            .map(|t| all.iter().map(|m| m[t]).sum::<f64>() / all.len() as f64)
            .collect();
        let spread = |v: &[f64]| {
            v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
        };
        assert!(spread(&by_tube) >= 2.5, "tubes differ: {by_tube:?}");
        // On some tube, two classes of the same grade differ by more than a level.
        let widest = (0..10)
            .map(|t| (all[0][t] - all[1][t]).abs())
            .fold(0.0, f64::max);
        assert!(widest >= 1.0, "classes differ by tube: {widest}");
    }
}
