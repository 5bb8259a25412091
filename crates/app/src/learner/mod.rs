//! The learner's own space: their campaigns ("Mes parcours"), the tutorials they keep ("Mes
//! tutos") and the organisations their pages' frame lists.

use crate::AppError;

use crate::App;

/// What the pages render of journeys and saved tutorials (records are data).
pub use acquis_store::{JourneyRecord, SavedTutorialRecord};

/// The learner's campaigns (the latest participation in each), newest first.
pub async fn journeys(app: &App, user_id: i64) -> Result<Vec<JourneyRecord>, AppError> {
    app.store.journeys_of(user_id).await.map_err(AppError::from)
}

/// The tutorials the learner kept, newest first.
pub async fn saved_tutorials(
    app: &App,
    user_id: i64,
) -> Result<Vec<SavedTutorialRecord>, AppError> {
    app.store
        .saved_tutorials(user_id)
        .await
        .map_err(AppError::from)
}

/// Keeps a tutorial (keeping it twice changes nothing); whether it was added.
pub async fn save_tutorial(app: &App, user_id: i64, tutorial_id: &str) -> Result<bool, AppError> {
    app.store
        .save_tutorial(user_id, tutorial_id, app.now())
        .await
        .map_err(AppError::from)
}

/// Stops keeping a tutorial.
pub async fn unsave_tutorial(app: &App, user_id: i64, tutorial_id: &str) -> Result<(), AppError> {
    app.store
        .unsave_tutorial(user_id, tutorial_id)
        .await
        .map_err(AppError::from)
}

/// The certification centres the user is a member of, as (id, name), for their pages' frame.
pub async fn centres(app: &App, user_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(app
        .store
        .centres_of_user(user_id)
        .await?
        .into_iter()
        .map(|(centre, _)| (centre.id, centre.name))
        .collect())
}

/// Whether the user is one of the platform's operators, for the link to `/admin` in their
/// pages' frame.
pub async fn is_operator(app: &App, user_id: i64) -> Result<bool, AppError> {
    Ok(app.store.operator_role(user_id).await?.is_some())
}

/// The organisations the learner belongs to, as (id, name), for their pages' frame.
pub async fn organizations(app: &App, user_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(app
        .store
        .organizations_of_user(user_id)
        .await?
        .into_iter()
        .map(|(org, _)| (org.id, org.name))
        .collect())
}
