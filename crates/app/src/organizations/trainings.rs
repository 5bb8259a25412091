//! Trainings an organisation recommends, each attached to one or more of its target
//! profiles; its triggers are `core`'s. Every value is checked before anything is stored.

use acquis_core::Tutorial;
use acquis_core::campaign::{Mastery, Training, TrainingKind, Trigger, recommended};
use acquis_core::ids::{TargetProfileId, TrainingId};
use acquis_core::positioning::KeStatus;
use acquis_store::{NewTraining, TargetProfileRecord, TrainingRecord};

use crate::App;
use crate::organizations::{Membership, OrgError};

/// Languages a training may be in.
pub const LOCALES: [&str; 2] = ["fr", "en"];
/// Longest title and editor accepted.
pub const MAX_TEXT: usize = 255;
/// Longest link accepted.
pub const MAX_LINK: usize = 2_000;
/// Longest training, in minutes (a year of full days is plenty).
pub const MAX_MINUTES: i32 = 100_000;

/// A training's values as a form gives them, before they are checked (the triggers are
/// already `core`'s; a row the form could not read is reported by the form).
#[derive(Debug, Clone, Default)]
pub struct TrainingForm<'a> {
    /// Title.
    pub title: &'a str,
    /// Link (`http://` or `https://`, no white space).
    pub link: &'a str,
    /// Minutes, as typed.
    pub minutes: &'a str,
    /// Editor (may be empty).
    pub editor: &'a str,
    /// Language.
    pub locale: &'a str,
    /// Kind, as its stored name.
    pub kind: &'a str,
    /// The profiles ticked, as typed ids.
    pub profiles: Vec<&'a str>,
    /// The triggers read.
    pub triggers: Vec<Trigger>,
}

/// A field of a training form that is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingProblem {
    /// Empty or too long.
    Title,
    /// Not a web address, or too long.
    Link,
    /// Not a number of minutes in range.
    Minutes,
    /// Too long.
    Editor,
    /// Not a language trainings are in.
    Locale,
    /// Not a kind.
    Kind,
    /// No profile ticked, or one that is not the organisation's.
    Profiles,
    /// No trigger at all.
    NoTrigger,
}

impl TrainingProblem {
    /// A stable code for the pages.
    pub fn code(self) -> &'static str {
        match self {
            TrainingProblem::Title => "training_title",
            TrainingProblem::Link => "training_link",
            TrainingProblem::Minutes => "training_minutes",
            TrainingProblem::Editor => "training_editor",
            TrainingProblem::Locale => "training_locale",
            TrainingProblem::Kind => "training_kind",
            TrainingProblem::Profiles => "training_profiles",
            TrainingProblem::NoTrigger => "training_no_trigger",
        }
    }
}

/// A checked training.
#[derive(Debug, Clone)]
struct Checked {
    title: String,
    link: String,
    minutes: i32,
    editor: String,
    locale: &'static str,
    kind: TrainingKind,
    profiles: Vec<i64>,
}

fn text_field(value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    (!value.is_empty() && value.chars().count() <= max).then(|| value.to_string())
}

/// Checks `form` against the organisation's profiles; every problem, in the form's order.
/// `trigger_rows_wrong` says the form already reported a trigger row, so an empty trigger
/// list is not reported again.
fn check(
    form: &TrainingForm<'_>,
    org_profiles: &[TargetProfileRecord],
    trigger_rows_wrong: bool,
) -> Result<Checked, Vec<TrainingProblem>> {
    let mut problems = Vec::new();
    let title = text_field(form.title, MAX_TEXT);
    if title.is_none() {
        problems.push(TrainingProblem::Title);
    }
    let link = text_field(form.link, MAX_LINK)
        .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
        .filter(|l| !l.contains(char::is_whitespace));
    if link.is_none() {
        problems.push(TrainingProblem::Link);
    }
    let minutes = form
        .minutes
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|m| (1..=MAX_MINUTES).contains(m));
    if minutes.is_none() {
        problems.push(TrainingProblem::Minutes);
    }
    let editor = form.editor.trim().to_string();
    if editor.chars().count() > MAX_TEXT {
        problems.push(TrainingProblem::Editor);
    }
    let locale = LOCALES.iter().copied().find(|l| *l == form.locale);
    if locale.is_none() {
        problems.push(TrainingProblem::Locale);
    }
    let kind = form.kind.parse::<TrainingKind>().ok();
    if kind.is_none() {
        problems.push(TrainingProblem::Kind);
    }
    let profiles: Vec<i64> = org_profiles
        .iter()
        .filter(|p| form.profiles.contains(&p.id.to_string().as_str()))
        .map(|p| p.id)
        .collect();
    if profiles.is_empty() || profiles.len() != form.profiles.len() {
        problems.push(TrainingProblem::Profiles);
    }
    if form.triggers.is_empty() && !trigger_rows_wrong {
        problems.push(TrainingProblem::NoTrigger);
    }
    match (title, link, minutes, locale, kind) {
        (Some(title), Some(link), Some(minutes), Some(locale), Some(kind))
            if problems.is_empty() && !trigger_rows_wrong =>
        {
            Ok(Checked {
                title,
                link,
                minutes,
                editor,
                locale,
                kind,
                profiles,
            })
        }
        _ => Err(problems),
    }
}

/// Why a training was not saved.
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    /// The form has problems; nothing is stored.
    #[error("invalid training: {0:?}")]
    Invalid(Vec<TrainingProblem>),
    /// Anything else.
    #[error(transparent)]
    Org(#[from] OrgError),
}

impl App {
    /// The trainings attached to a target profile of the organisation, in creation order.
    pub async fn trainings_of_profile(
        &self,
        membership: &Membership,
        profile: TargetProfileId,
    ) -> Result<Vec<TrainingRecord>, OrgError> {
        let profile = self.target_profile(membership, profile).await?;
        Ok(self.store.trainings_of_profile(profile.id).await?)
    }

    /// A training of the organisation and the profiles it is attached to.
    pub async fn training(
        &self,
        membership: &Membership,
        id: TrainingId,
    ) -> Result<(TrainingRecord, Vec<i64>), OrgError> {
        let record = self
            .store
            .training(membership.id().get(), id.get())
            .await?
            .ok_or(OrgError::NotFound("training"))?;
        let profiles = self.store.profiles_of_training(record.id).await?;
        Ok((record, profiles))
    }

    /// Checks `form` and stores it: a new training (`id` `None`) or new values of the
    /// organisation's training `id`. Nothing is stored while a problem remains;
    /// `trigger_rows_wrong` says the form already reported one in a trigger row.
    pub async fn save_training(
        &self,
        membership: &Membership,
        id: Option<TrainingId>,
        form: &TrainingForm<'_>,
        trigger_rows_wrong: bool,
    ) -> Result<(), TrainingError> {
        let org = membership.id().get();
        if let Some(id) = id {
            self.training(membership, id).await?;
        }
        let org_profiles = self.target_profiles(membership).await?;
        let t = check(form, &org_profiles, trigger_rows_wrong).map_err(TrainingError::Invalid)?;
        let triggers = serde_json::to_string(&form.triggers)
            .map_err(|_| OrgError::App(crate::AppError::Internal("triggers cannot be written")))?;
        let new = NewTraining {
            title: &t.title,
            link: &t.link,
            duration_minutes: t.minutes,
            locale: t.locale,
            kind: t.kind.as_str(),
            editor: &t.editor,
            triggers: &triggers,
            profiles: &t.profiles,
        };
        match id {
            Some(id) => self
                .store
                .update_training(org, id.get(), &new)
                .await
                .map_err(OrgError::from)?,
            None => {
                self.store
                    .create_training(org, &new, self.now())
                    .await
                    .map_err(OrgError::from)?;
            }
        }
        Ok(())
    }

    /// Deletes a training of the organisation (from every profile); `NotFound` if none.
    pub async fn delete_training(
        &self,
        membership: &Membership,
        id: TrainingId,
    ) -> Result<(), OrgError> {
        Ok(self
            .store
            .delete_training(membership.id().get(), id.get())
            .await?)
    }
}

/// A stored training as `core`'s type, if it can be read (a training whose kind or triggers
/// cannot be read is left out, and logged, rather than breaking a results page).
pub fn to_core(record: &TrainingRecord) -> Option<Training> {
    let kind: TrainingKind = record.kind.parse().ok()?;
    let triggers = match serde_json::from_str(&record.triggers) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(training = record.id, error = %e, "unreadable training triggers");
            return None;
        }
    };
    Some(Training {
        title: record.title.clone(),
        link: record.link.clone(),
        duration_minutes: u32::try_from(record.duration_minutes).unwrap_or(0),
        locale: record.locale.clone(),
        kind,
        editor: record.editor.clone(),
        triggers,
    })
}

/// Tutorials recommended at most on a results page.
const TUTORIALS: usize = 8;

/// What a learner's campaign results recommend.
#[derive(Debug, Clone, Default)]
pub struct Recommendations {
    /// The trainings of the campaign's target profile whose triggers fire.
    pub trainings: Vec<Training>,
    /// Tutorials of the target skills the learner failed and has not validated since, each
    /// with whether the learner saved it.
    pub tutorials: Vec<(Tutorial, bool)>,
}

impl App {
    /// The trainings of a target profile in `locale`, in creation order (none without a
    /// profile). Anyone shown a campaign's results may read them: no membership is asked.
    pub async fn profile_trainings(
        &self,
        target_profile_id: Option<i64>,
        locale: &str,
    ) -> Result<Vec<Training>, OrgError> {
        let Some(id) = target_profile_id else {
            return Ok(Vec::new());
        };
        Ok(self
            .store
            .trainings_of_profile(id)
            .await?
            .iter()
            .filter(|r| r.locale == locale)
            .filter_map(to_core)
            .collect())
    }

    /// What `mastery` recommends to `user_id`: the profile's trainings (in `locale`) whose
    /// triggers fire, and up to eight tutorials (in `locale`, else French) of the target skills
    /// they failed and have not validated since.
    pub async fn recommendations(
        &self,
        target_profile_id: Option<i64>,
        mastery: &Mastery<'_>,
        user_id: i64,
        locale: &str,
    ) -> Result<Recommendations, OrgError> {
        let trainings = self.profile_trainings(target_profile_id, locale).await?;
        let trainings = recommended(&trainings, mastery)
            .into_iter()
            .cloned()
            .collect();
        let live = self.live();
        let elements = self.store.knowledge_elements_of(user_id).await?;
        let target = mastery.target();
        let mut failed: Vec<&str> = Vec::new();
        for e in &elements {
            let skill = e.skill_id.as_str();
            if e.status == KeStatus::Invalidated
                && target.position(skill).is_some()
                && !mastery.is_validated(skill)
                && !failed.contains(&skill)
            {
                failed.push(skill);
            }
        }
        let saved = self.store.saved_tutorials(user_id).await?;
        let mut seen: Vec<&str> = Vec::new();
        let mut tutorials = Vec::new();
        for tutorial in failed.iter().flat_map(|s| live.framework.tutorials_of(s)) {
            if (tutorial.locale != locale && tutorial.locale != "fr")
                || seen.contains(&tutorial.id.as_str())
            {
                continue;
            }
            seen.push(&tutorial.id);
            let kept = saved.iter().any(|s| s.tutorial_id == tutorial.id);
            tutorials.push((tutorial.clone(), kept));
            if tutorials.len() == TUTORIALS {
                break;
            }
        }
        Ok(Recommendations {
            trainings,
            tutorials,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(id: i64) -> TargetProfileRecord {
        TargetProfileRecord {
            id,
            organization_id: 1,
            name: format!("P{id}"),
            description: String::new(),
            expected_minutes: None,
            definition: "{}".into(),
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_training_form_reports_every_wrong_field_in_the_form_s_order() {
        let form = TrainingForm {
            link: "ftp://x",
            minutes: "0",
            locale: "de",
            kind: "?",
            profiles: vec!["9"],
            ..TrainingForm::default()
        };
        let problems = check(&form, &[profile(1)], false).err();
        assert_eq!(
            problems,
            Some(vec![
                TrainingProblem::Title,
                TrainingProblem::Link,
                TrainingProblem::Minutes,
                TrainingProblem::Locale,
                TrainingProblem::Kind,
                TrainingProblem::Profiles,
                TrainingProblem::NoTrigger,
            ])
        );
    }

    #[test]
    fn a_wrong_trigger_row_alone_keeps_the_training_from_being_stored() {
        let form = TrainingForm {
            title: "Chercher",
            link: "https://example.org",
            minutes: "30",
            locale: "fr",
            kind: TrainingKind::Webinar.as_str(),
            profiles: vec!["1"],
            ..TrainingForm::default()
        };
        assert_eq!(check(&form, &[profile(1)], true).err(), Some(vec![]));
    }
}
