//! "Why this question", support's side: `/admin/personnes/{user}/tests/{assessment}/pourquoi`
//! (a competence evaluation or campaign test of that person) and
//! `/admin/certifications/{course}/pourquoi` (a certification test), for any operator with
//! `Permission::Read`. The same words as the learner's pages ([`crate::pages::replay`]),
//! inside the portal's navigation. Reading only: nothing is written.

use acquis_app::admin::Permission;
use acquis_app::replay::{self, Viewer};
use acquis_core::ids::AssessmentId;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::admin::OperatorCaller;
use crate::i18n::Lang;
use crate::pages::Chrome;
use crate::pages::replay::{course_view, positioning_view, render};
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// The replay pages' routes.
pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/admin/personnes/{user}/tests/{assessment}/pourquoi",
            Access::Operator(Permission::Read),
            assessment,
        )
        .get(
            "/admin/certifications/{course}/pourquoi",
            Access::Operator(Permission::Read),
            course,
        )
}

/// `GET /admin/personnes/{user}/tests/{assessment}/pourquoi`: a person's test replayed.
pub async fn assessment(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path((user, id)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let replayed =
        replay::replay_assessment(&state.app, Viewer::Operator(&caller.op), AssessmentId(id))
            .await?;
    if replayed.assessment.user_id != user {
        return Err(WebError::NotFound);
    }
    let path = format!("/admin/personnes/{user}/tests/{id}/pourquoi");
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let back = (
        format!("/admin/personnes/{user}"),
        lang.t("replay-back-person"),
    );
    render(
        chrome,
        Some(caller.nav("personnes")),
        back,
        positioning_view(lang, &replayed),
    )
}

/// `GET /admin/certifications/{course}/pourquoi`: a certification test replayed.
pub async fn course(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(course): Path<i64>,
) -> Result<Response, WebError> {
    let replayed = replay::replay_course(&state.app, Viewer::Operator(&caller.op), course).await?;
    let path = format!("/admin/certifications/{course}/pourquoi");
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let back = (
        format!("/admin/personnes/{}", replayed.course.user_id),
        lang.t("replay-back-person"),
    );
    render(
        chrome,
        Some(caller.nav("personnes")),
        back,
        course_view(lang, &replayed),
    )
}
