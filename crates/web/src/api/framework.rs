//! `GET /api/v1/framework`: areas, competences, tubes and skills of the live release (no
//! challenges: their solutions never leave the server this way).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;

/// The framework.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrameworkBody {
    /// The live release.
    pub release: i64,
    /// Its version label.
    pub version: String,
    /// Areas with their competences.
    pub areas: Vec<AreaBody>,
}

/// An area.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaBody {
    /// "1".
    pub code: String,
    /// Title by locale.
    pub title: BTreeMap<String, String>,
    /// Competences.
    pub competences: Vec<CompetenceBody>,
}

/// A competence.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompetenceBody {
    /// "1.1".
    pub code: String,
    /// Title by locale.
    pub title: BTreeMap<String, String>,
    /// Description by locale.
    pub description: BTreeMap<String, String>,
    /// Tubes.
    pub tubes: Vec<TubeBody>,
}

/// A tube and its skills.
#[derive(Debug, Serialize, ToSchema)]
pub struct TubeBody {
    /// "@tube".
    pub id: String,
    /// Title.
    pub title: String,
    /// Skills as (id, level).
    pub skills: Vec<SkillBody>,
}

/// A skill.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkillBody {
    /// "@tube3".
    pub id: String,
    /// 1..8.
    pub level: u8,
}

/// The live framework's structure.
#[utoipa::path(get, path = "/api/v1/framework", responses((status = 200, body = FrameworkBody)))]
pub async fn show(State(state): State<AppState>) -> Json<FrameworkBody> {
    let live = state.live();
    let f = &live.framework;
    let areas = f
        .areas()
        .iter()
        .map(|a| AreaBody {
            code: a.code.clone(),
            title: a.title.0.clone(),
            competences: f
                .competences_of(&a.code)
                .map(|c| CompetenceBody {
                    code: c.code.clone(),
                    title: c.title.0.clone(),
                    description: c.description.0.clone(),
                    tubes: f
                        .tubes_of(&c.code)
                        .map(|t| TubeBody {
                            id: t.id.clone(),
                            title: t.title.clone(),
                            skills: f
                                .skills_of_tube(&t.id)
                                .map(|s| SkillBody {
                                    id: s.id.clone(),
                                    level: s.level,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Json(FrameworkBody {
        release: live.release_id,
        version: live.version.clone(),
        areas,
    })
}
