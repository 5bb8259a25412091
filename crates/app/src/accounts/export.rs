//! A learner's data, as they download it from `/compte` (the right of access and to
//! portability): the account, every evaluation with its answers, every campaign participation,
//! the organisations they belong to and the tutorials they saved. Never the password hash or
//! sign-in counters, which are the service's security and not information about the person.

use crate::AppError;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::UserRecord;
use crate::App;

/// The whole export.
#[derive(Debug, Serialize)]
pub struct UserData {
    /// When it was made.
    pub exported_at: DateTime<Utc>,
    /// The account.
    pub account: Account,
    /// Evaluations (competence evaluations and campaign tests), oldest first.
    pub evaluations: Vec<Evaluation>,
    /// Campaign participations, oldest first.
    pub campaign_participations: Vec<Participation>,
    /// Organisations the person is a member of (name, role).
    pub organizations: Vec<Membership>,
    /// Saved tutorials.
    pub saved_tutorials: Vec<SavedTutorial>,
}

/// The account's own data.
#[derive(Debug, Serialize)]
pub struct Account {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Preferred language.
    pub locale: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Terms of use accepted.
    pub terms_accepted_at: Option<DateTime<Utc>>,
}

/// One evaluation.
#[derive(Debug, Serialize)]
pub struct Evaluation {
    /// Id.
    pub id: i64,
    /// `competence_evaluation`, `campaign` or `certification`.
    pub kind: &'static str,
    /// The competence, for a competence evaluation.
    pub competence: Option<String>,
    /// `started`, `completed` or `aborted`.
    pub state: &'static str,
    /// Language.
    pub locale: String,
    /// Started.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// The answers, in order.
    pub answers: Vec<Answer>,
}

/// One answer.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The challenge.
    pub challenge_id: String,
    /// What was answered.
    pub value: String,
    /// The verdict.
    pub status: &'static str,
    /// Time taken, in milliseconds.
    pub time_spent_ms: Option<i64>,
    /// When.
    pub answered_at: DateTime<Utc>,
}

/// One campaign participation.
#[derive(Debug, Serialize)]
pub struct Participation {
    /// Campaign code.
    pub campaign_code: String,
    /// Campaign title.
    pub campaign_title: String,
    /// Organisation.
    pub organization: String,
    /// `STARTED`, `TO_SHARE` or `SHARED`.
    pub status: &'static str,
    /// External id given on joining.
    pub external_id: Option<String>,
    /// Joined.
    pub joined_at: DateTime<Utc>,
    /// Shared with the organisation.
    pub shared_at: Option<DateTime<Utc>>,
}

/// A membership.
#[derive(Debug, Serialize)]
pub struct Membership {
    /// Organisation.
    pub organization: String,
    /// `ADMIN` or `MEMBER`.
    pub role: String,
}

/// A saved tutorial.
#[derive(Debug, Serialize)]
pub struct SavedTutorial {
    /// Content id.
    pub tutorial_id: String,
    /// Title in the live content, if it still has it.
    pub title: Option<String>,
    /// Saved.
    pub saved_at: DateTime<Utc>,
}

/// Gathers everything stored about `user`.
pub async fn of_user(app: &App, user: &UserRecord) -> Result<UserData, AppError> {
    let store = &app.store;
    let mut evaluations = Vec::new();
    let mut assessments = store.assessments_of_user(user.id).await?;
    assessments.sort_by_key(|a| a.id);
    for a in assessments {
        let answers = store
            .answers_of(a.id)
            .await?
            .into_iter()
            .map(|r| Answer {
                challenge_id: r.challenge_id,
                value: r.value,
                status: r.status.as_str(),
                time_spent_ms: r.time_spent_ms,
                answered_at: r.created_at,
            })
            .collect();
        evaluations.push(Evaluation {
            id: a.id,
            kind: a.kind.as_str(),
            competence: a.competence,
            state: a.state.as_str(),
            locale: a.locale,
            created_at: a.created_at,
            updated_at: a.updated_at,
            answers,
        });
    }
    let campaign_participations = store
        .participations_of_user(user.id)
        .await?
        .into_iter()
        .map(|j| Participation {
            campaign_code: j.code,
            campaign_title: j.title,
            organization: j.organization,
            status: j.status.as_str(),
            external_id: j.external_id,
            joined_at: j.created_at,
            shared_at: j.shared_at,
        })
        .collect();
    let organizations = store
        .organizations_of_user(user.id)
        .await?
        .into_iter()
        .map(|(org, role)| Membership {
            organization: org.name,
            role: role.as_str().to_string(),
        })
        .collect();
    let live = app.live();
    let saved_tutorials = store
        .saved_tutorials(user.id)
        .await?
        .into_iter()
        .map(|s| SavedTutorial {
            title: live
                .framework
                .tutorial(&s.tutorial_id)
                .map(|t| t.title.clone()),
            tutorial_id: s.tutorial_id,
            saved_at: s.saved_at,
        })
        .collect();
    Ok(UserData {
        exported_at: app.now(),
        account: Account {
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            email: user.email.clone(),
            locale: user.locale.clone(),
            created_at: user.created_at,
            terms_accepted_at: user.terms_accepted_at,
        },
        evaluations,
        campaign_participations,
        organizations,
        saved_tutorials,
    })
}
