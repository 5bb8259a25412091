//! `/admin/personnes`: find a person (by id, email or name; exact or contains), their page
//! (profile, tests, campaign participations, memberships, certifications, the audit entries
//! about them), and support's actions: lift a sign-in lock, correct names or email,
//! anonymise (after a confirmation page).

use acquis_app::admin::people::{self, Correction};
use acquis_app::admin::{AdminError, Matching, Permission, PersonField};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::admin::audit::action_key;
use crate::admin::{AdminNav, OperatorCaller, guard::role_key};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::{AppState, WebError};

/// The search form, as sent.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    /// `auto`, `id`, `email`, `nom`.
    #[serde(default)]
    champ: String,
    /// `exact` or `contient`.
    #[serde(default)]
    mode: String,
}

/// A person in the results.
pub struct PersonItem {
    id: i64,
    name: String,
    email: String,
    created: String,
    state: String,
}

/// A choice of a select or radio group.
pub struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/people.html")]
struct SearchPage {
    chrome: Chrome,
    nav: AdminNav,
    q: String,
    fields: Vec<Choice>,
    modes: Vec<Choice>,
    searched: bool,
    error: Option<String>,
    people: Vec<PersonItem>,
    limit: u32,
}

fn state_label(
    lang: Lang,
    p: &acquis_app::admin::PersonRow,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    if p.anonymised_at.is_some() {
        lang.t("admin-person-anonymised")
    } else if p.locked_permanently || p.locked_until.is_some_and(|t| t > now) {
        lang.t("admin-person-locked")
    } else {
        lang.t("admin-person-active")
    }
}

/// The search page (and its results).
pub async fn search(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Query(params): Query<SearchParams>,
) -> Result<Response, WebError> {
    let q: String = params.q.chars().take(people::MAX_TERM_CHARS + 1).collect();
    let field = match params.champ.as_str() {
        "id" => Some(PersonField::Id),
        "email" => Some(PersonField::Email),
        "nom" => Some(PersonField::Name),
        _ => None,
    };
    let matching = if params.mode == "contient" {
        Matching::Contains
    } else {
        Matching::Exact
    };
    let searched = !q.trim().is_empty();
    let now = state.app.now();
    let (people, error) = match people::search(&state.app, &caller.op, &q, field, matching).await {
        Ok(found) => (found, None),
        Err(AdminError::Invalid { code, .. }) => (
            Vec::new(),
            Some(lang.t(match code {
                "too_short" => "admin-people-too-short",
                "not_a_number" => "admin-people-not-a-number",
                _ => "admin-people-too-long",
            })),
        ),
        Err(e) => return Err(e.into()),
    };
    let people = people
        .into_iter()
        .map(|p| PersonItem {
            state: state_label(lang, &p, now),
            id: p.id,
            name: format!("{} {}", p.first_name, p.last_name),
            email: p.email,
            created: p.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let fields = [
        ("auto", "admin-people-field-auto", field.is_none()),
        (
            "id",
            "admin-people-field-id",
            field == Some(PersonField::Id),
        ),
        (
            "email",
            "admin-people-field-email",
            field == Some(PersonField::Email),
        ),
        (
            "nom",
            "admin-people-field-name",
            field == Some(PersonField::Name),
        ),
    ]
    .into_iter()
    .map(|(value, key, selected)| Choice {
        value,
        label: lang.t(key),
        selected,
    })
    .collect();
    let modes = [
        ("exact", "admin-people-exact", matching == Matching::Exact),
        (
            "contient",
            "admin-people-contains",
            matching == Matching::Contains,
        ),
    ]
    .into_iter()
    .map(|(value, key, selected)| Choice {
        value,
        label: lang.t(key),
        selected,
    })
    .collect();
    let chrome = Chrome::of(lang, &caller.user, "/admin/personnes").await?;
    let page = SearchPage {
        chrome,
        nav: caller.nav("personnes"),
        q: q.chars().take(people::MAX_TERM_CHARS).collect(),
        fields,
        modes,
        searched,
        error,
        people,
        limit: people::SEARCH_LIMIT,
    };
    Ok(Html(page.render()?).into_response())
}

/// A row of a table on the person's page.
pub struct Row {
    cells: Vec<String>,
    /// The test's "why this question" replay, for the rows of tests.
    replay: Option<String>,
}

/// An audit entry on the person's page.
pub struct AuditLine {
    at: String,
    action: String,
    operator: String,
}

#[derive(Template)]
#[template(path = "admin/person.html")]
struct PersonPage {
    chrome: Chrome,
    nav: AdminNav,
    id: i64,
    name: String,
    first_name: String,
    last_name: String,
    email: String,
    facts: Vec<(String, String)>,
    anonymised: bool,
    locked: bool,
    may_change: bool,
    is_operator: bool,
    assessments: Vec<Row>,
    participations: Vec<Row>,
    memberships: Vec<Row>,
    certifications: Vec<Row>,
    audit: Vec<AuditLine>,
    errors: Vec<(String, String)>,
}

fn date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

async fn person_page(
    state: &AppState,
    lang: Lang,
    caller: &OperatorCaller,
    user_id: i64,
    errors: Vec<(String, String)>,
    form: Option<(String, String, String)>,
) -> Result<Response, WebError> {
    let view = people::person(&state.app, &caller.op, user_id).await?;
    let now = state.app.now();
    let u = &view.user;
    let yes_no = |b: bool| lang.t(if b { "admin-yes" } else { "admin-no" });
    let mut facts = vec![
        (lang.t("admin-person-id"), u.id.to_string()),
        (lang.t("admin-person-created"), date(u.created_at)),
        (lang.t("admin-person-locale"), u.locale.clone()),
        (
            lang.t("admin-person-terms"),
            u.terms_accepted_at
                .map(date)
                .unwrap_or_else(|| lang.t("admin-no")),
        ),
        (lang.t("admin-person-failures"), u.failed_logins.to_string()),
        (
            lang.t("admin-person-locked-now"),
            yes_no(view.is_locked(now)),
        ),
    ];
    if let Some(role) = view.operator_role {
        facts.push((lang.t("admin-person-operator"), lang.t(role_key(role))));
    }
    if let Some(at) = u.anonymised_at {
        facts.push((lang.t("admin-person-anonymised-at"), date(at)));
    }
    let assessments = view
        .assessments
        .iter()
        .map(|a| Row {
            replay: (a.kind != acquis_app::evaluations::AssessmentKind::Certification)
                .then(|| format!("/admin/personnes/{}/tests/{}/pourquoi", u.id, a.id)),
            cells: vec![
                a.id.to_string(),
                lang.t(match a.kind {
                    acquis_app::evaluations::AssessmentKind::CompetenceEvaluation => {
                        "admin-kind-evaluation"
                    }
                    acquis_app::evaluations::AssessmentKind::Campaign => "admin-kind-campaign",
                    acquis_app::evaluations::AssessmentKind::Certification => {
                        "admin-kind-certification"
                    }
                }),
                a.competence.clone().unwrap_or_default(),
                lang.t(match a.state {
                    acquis_app::evaluations::AssessmentState::Started => "admin-state-started",
                    acquis_app::evaluations::AssessmentState::Completed => "admin-state-completed",
                    acquis_app::evaluations::AssessmentState::Aborted => "admin-state-aborted",
                }),
                date(a.created_at),
            ],
        })
        .collect();
    let participations = view
        .participations
        .iter()
        .map(|p| Row {
            replay: None,
            cells: vec![
                p.title.clone(),
                p.code.clone(),
                p.organization.clone(),
                lang.t(crate::orga::follow_up::status_key(p.status.as_str())),
                date(p.created_at),
            ],
        })
        .collect();
    let mut memberships: Vec<Row> = view
        .organizations
        .iter()
        .map(|(o, role)| Row {
            replay: None,
            cells: vec![
                lang.t("admin-membership-organisation"),
                o.name.clone(),
                lang.t(crate::orga::role_label_key(*role)),
            ],
        })
        .collect();
    memberships.extend(view.centres.iter().map(|(c, role)| Row {
        replay: None,
        cells: vec![
            lang.t("admin-membership-centre"),
            c.name.clone(),
            lang.t(crate::orga::role_label_key(*role)),
        ],
    }));
    let certifications = view
        .certifications
        .iter()
        .map(|c| Row {
            replay: Some(format!(
                "/admin/certifications/{}/pourquoi",
                c.result.course_id
            )),
            cells: vec![
                c.session_date.clone(),
                c.result.status.clone(),
                c.result.score.map(|s| s.to_string()).unwrap_or_default(),
                if c.published_at.is_some() {
                    yes_no(true)
                } else {
                    yes_no(false)
                },
            ],
        })
        .collect();
    let audit = view
        .audit
        .iter()
        .map(|e| AuditLine {
            at: date(e.at),
            action: e
                .action
                .map(|a| lang.t(&action_key(a)))
                .unwrap_or_else(|| e.action_name.clone()),
            operator: e
                .actor_email
                .clone()
                .unwrap_or_else(|| lang.t("admin-audit-command-line")),
        })
        .collect();
    let (first_name, last_name, email) =
        form.unwrap_or_else(|| (u.first_name.clone(), u.last_name.clone(), u.email.clone()));
    let path = format!("/admin/personnes/{user_id}");
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let page = PersonPage {
        chrome,
        nav: caller.nav("personnes"),
        id: u.id,
        name: format!("{} {}", u.first_name, u.last_name),
        first_name,
        last_name,
        email,
        facts,
        anonymised: u.anonymised_at.is_some(),
        locked: view.is_locked(now) || u.failed_logins > 0,
        may_change: caller.op.may(Permission::People),
        is_operator: view.operator_role.is_some(),
        assessments,
        participations,
        memberships,
        certifications,
        audit,
        errors,
    };
    let status = if page.errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// A person's page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(user): Path<i64>,
) -> Result<Response, WebError> {
    person_page(&state, lang, &caller, user, Vec::new(), None).await
}

fn back(user: i64) -> Response {
    redirect_to(&format!("/admin/personnes/{user}")).into_response()
}

/// Lifts the person's sign-in lock.
pub async fn unlock(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(user): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let key = if people::unlock(&state.app, &caller.op, user).await? {
        "admin-person-unlocked"
    } else {
        "admin-person-was-not-locked"
    };
    flash(&caller.user.session, "success", lang.t(key)).await?;
    Ok(back(user))
}

/// Corrects the person's names and email; a field at fault is said beside it.
pub async fn correct(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(user): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let correction = Correction {
        first_name: fields.get("first_name"),
        last_name: fields.get("last_name"),
        email: fields.get("email"),
    };
    let form = (
        correction.first_name.chars().take(200).collect(),
        correction.last_name.chars().take(200).collect(),
        correction.email.chars().take(300).collect(),
    );
    let refused = |field: &str, key: &str| vec![(field.to_owned(), lang.t(key))];
    match people::correct(&state.app, &caller.op, user, correction).await {
        Ok(changed) => {
            let key = if changed {
                "admin-person-corrected"
            } else {
                "admin-person-unchanged"
            };
            flash(&caller.user.session, "success", lang.t(key)).await?;
            Ok(back(user))
        }
        Err(AdminError::Invalid { field, code }) => {
            let key = match code {
                "empty" => "admin-field-empty",
                "too_long" => "admin-field-too-long",
                "invalid_email" => "admin-field-email",
                _ => "admin-field-invalid",
            };
            person_page(&state, lang, &caller, user, refused(field, key), Some(form)).await
        }
        Err(AdminError::Conflict(_)) => {
            person_page(
                &state,
                lang,
                &caller,
                user,
                refused("email", "admin-field-email-taken"),
                Some(form),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/person_anonymise.html")]
struct AnonymisePage {
    chrome: Chrome,
    nav: AdminNav,
    id: i64,
    name: String,
}

/// The confirmation page before anonymising.
pub async fn confirm_anonymise(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(user): Path<i64>,
) -> Result<Response, WebError> {
    caller.require(Permission::People)?;
    let view = people::person(&state.app, &caller.op, user).await?;
    if view.user.anonymised_at.is_some() {
        return Ok(back(user));
    }
    let path = format!("/admin/personnes/{user}/anonymiser");
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let page = AnonymisePage {
        chrome,
        nav: caller.nav("personnes"),
        id: user,
        name: format!("{} {}", view.user.first_name, view.user.last_name),
    };
    Ok(Html(page.render()?).into_response())
}

/// Anonymises the account.
pub async fn anonymise(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(user): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    match people::anonymise(&state.app, &caller.op, user).await {
        Ok(true) => {
            flash(
                &caller.user.session,
                "success",
                lang.t("admin-person-anonymised-done"),
            )
            .await?
        }
        Ok(false) => {
            flash(
                &caller.user.session,
                "info",
                lang.t("admin-person-already-anonymised"),
            )
            .await?
        }
        Err(AdminError::Invalid { .. }) => {
            flash(
                &caller.user.session,
                "error",
                lang.t("admin-person-is-operator"),
            )
            .await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(user))
}

impl PersonPage {
    /// The error said beside `field`, if any.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}
