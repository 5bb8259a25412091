//! Synthetic frameworks of any size, for benchmarks and simulations when no content is at hand.

use crate::challenge::{Challenge, ChallengeStatus, IrtParams, Question};
use crate::framework::{Area, Competence, Framework, FrameworkData, LocalizedText, Skill, Tube};

/// The size of a synthetic framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameworkShape {
    /// Number of competences (spread over 5 areas).
    pub competences: usize,
    /// Tubes per competence.
    pub tubes: usize,
    /// Levels 1..=levels per tube.
    pub levels: u8,
    /// Validated challenges per skill.
    pub challenges: usize,
    /// The first `easy_tubes` tubes of each competence stop at level 3.
    pub easy_tubes: usize,
}

impl FrameworkShape {
    /// The size of the real framework: 16 competences × 10 tubes × 6 levels × 3 challenges,
    /// two easy tubes per competence.
    pub const FULL: FrameworkShape = FrameworkShape {
        competences: 16,
        tubes: 10,
        levels: 6,
        challenges: 3,
        easy_tubes: 2,
    };
}

/// A framework of the given shape. Every challenge is a validated QCU served in `fr`; every
/// other one also in `en`; one challenge in five is timed (never the first of a skill).
pub fn synthetic_framework(shape: FrameworkShape) -> Framework {
    let mut data = FrameworkData {
        name: "synthetic".into(),
        version: "1".into(),
        max_reachable_level: 6,
        areas: (1..=5)
            .map(|a| Area {
                code: a.to_string(),
                title: LocalizedText::fr(format!("Domaine {a}")),
            })
            .collect(),
        competences: Vec::new(),
        tubes: Vec::new(),
        skills: Vec::new(),
        challenges: Vec::new(),
        tutorials: Vec::new(),
    };
    for c in 0..shape.competences {
        let code = format!("{}.{}", c % 5 + 1, c / 5 + 1);
        data.competences.push(Competence {
            code: code.clone(),
            area: (c % 5 + 1).to_string(),
            title: LocalizedText::fr(format!("Compétence {code}")),
            description: LocalizedText::fr(""),
        });
        for t in 0..shape.tubes {
            let tube = format!("@c{c}t{t}");
            data.tubes.push(Tube {
                id: tube.clone(),
                competence: code.clone(),
                thematic: format!("th{c}"),
                title: tube.clone(),
                description: String::new(),
            });
            let top = if t < shape.easy_tubes {
                shape.levels.min(3)
            } else {
                shape.levels
            };
            for level in 1..=top {
                let skill = format!("{tube}{level}");
                data.skills.push(Skill {
                    id: skill.clone(),
                    tube: tube.clone(),
                    competence: code.clone(),
                    level,
                    description: String::new(),
                });
                for k in 0..shape.challenges {
                    let n = data.challenges.len();
                    data.challenges.push(Challenge {
                        id: format!("ch-{c}-{t}-{level}-{k}"),
                        skill: skill.clone(),
                        status: ChallengeStatus::Validated,
                        locales: if n.is_multiple_of(2) {
                            vec!["fr".into(), "en".into()]
                        } else {
                            vec!["fr".into()]
                        },
                        instruction: String::new(),
                        explanation: String::new(),
                        question: Question::Qcu {
                            proposals: vec!["a".into(), "b".into()],
                            solution: 1,
                        },
                        illustration: None,
                        attachments: Vec::new(),
                        embed: None,
                        timer: (k > 0 && n.is_multiple_of(5)).then_some(60),
                        focused: false,
                        accessible: false,
                        irt: IrtParams::default_for_level(level),
                    });
                }
            }
        }
    }
    // The shape is well-formed by construction: ids are unique and every reference resolves.
    Framework::new(data).expect("a synthetic framework is consistent")
}
