//! Demonstration data through the use-case layer: accounts whose profile is already
//! positioned, for trying the certification without first taking the positioning tests (the
//! demo commands and the test kit use it).

/// Gives the account `user_id` level 1 or more in the first `competences` competences of the
/// live framework: validated knowledge elements of each one's lowest skills, written directly
/// (a learner who positioned there, without the answers).
pub async fn give_levels(
    app: &crate::App,
    user_id: i64,
    competences: usize,
) -> Result<(), crate::AppError> {
    use acquis_core::positioning::{KeSource, KeStatus};
    let live = app.live();
    let framework = &live.framework;
    for c in framework.competences().iter().take(competences) {
        let assessment = app
            .store
            .create_assessment(
                acquis_store::NewAssessment {
                    user_id,
                    kind: acquis_store::AssessmentKind::CompetenceEvaluation,
                    competence: Some(&c.code),
                    seed: 1,
                    release_id: live.release_id,
                    locale: "fr",
                    improving: false,
                },
                app.now(),
            )
            .await?;
        let mut skills: Vec<_> = framework
            .skills()
            .iter()
            .filter(|s| s.competence == c.code)
            .collect();
        skills.sort_by_key(|s| s.level);
        let mut pix = 0.0;
        let mut elements = Vec::new();
        for s in skills {
            if pix >= 8.5 {
                break;
            }
            pix += framework.pix_value(&s.id);
            elements.push(acquis_store::NewKnowledgeElement {
                skill_id: &s.id,
                competence: &c.code,
                source: KeSource::Direct,
                status: KeStatus::Validated,
                earned_pix: framework.pix_value(&s.id),
            });
        }
        app.store
            .add_knowledge_elements(user_id, assessment.id, &elements, app.now())
            .await?;
    }
    Ok(())
}
