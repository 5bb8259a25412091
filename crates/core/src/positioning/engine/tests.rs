use proptest::prelude::*;

use super::*;
use crate::challenge::{Challenge, ChallengeStatus, IrtParams, Question};
use crate::framework::{Area, Competence, Framework, FrameworkData, LocalizedText, Skill, Tube};
use crate::positioning::knowledge::{KeSource, KeStatus, UnknownChallenge, knowledge_elements_for};
use crate::positioning::rules::DAY;

const T0: i64 = 1_700_000_000;

/// A one-competence framework: `(tube, levels)`; one untimed `fr` challenge per skill, named
/// `<tube>-<level>` without the `@`, plus the listed timed ones `<tube>-<level>-timed`.
fn framework(tubes: &[(&str, &[u8])], timed: &[&str]) -> Framework {
    let mut data = FrameworkData {
        name: "t".into(),
        version: "1".into(),
        max_reachable_level: 6,
        areas: vec![Area {
            code: "1".into(),
            title: LocalizedText::fr("A"),
        }],
        competences: vec![Competence {
            code: "1.1".into(),
            area: "1".into(),
            title: LocalizedText::fr("C"),
            description: LocalizedText::fr(""),
        }],
        tubes: vec![],
        skills: vec![],
        challenges: vec![],
        tutorials: vec![],
    };
    let challenge = |id: String, skill: &str, timer| Challenge {
        id,
        skill: skill.into(),
        status: ChallengeStatus::Validated,
        locales: vec!["fr".into()],
        instruction: String::new(),
        explanation: String::new(),
        question: Question::Qcu {
            proposals: vec!["a".into(), "b".into()],
            solution: 1,
        },
        illustration: None,
        attachments: vec![],
        embed: None,
        timer,
        focused: false,
        accessible: false,
        irt: IrtParams::default_for_level(1),
    };
    for (tube, levels) in tubes {
        data.tubes.push(Tube {
            id: (*tube).into(),
            competence: "1.1".into(),
            thematic: "t".into(),
            title: (*tube).into(),
            description: String::new(),
        });
        for &level in *levels {
            let skill = format!("{tube}{level}");
            data.skills.push(Skill {
                id: skill.clone(),
                tube: (*tube).into(),
                competence: "1.1".into(),
                level,
                description: String::new(),
            });
            let name = format!("{}-{level}", &tube[1..]);
            if timed.contains(&skill.as_str()) {
                data.challenges
                    .push(challenge(format!("{name}-timed"), &skill, Some(30)));
            } else {
                data.challenges.push(challenge(name, &skill, None));
            }
        }
    }
    Framework::new(data).unwrap()
}

struct Run {
    index: PositioningIndex,
    target: Target,
    knowledge: Vec<KnowledgeElement>,
    answers: Vec<AnswerStatus>,
    seed: u64,
}

impl Run {
    fn new(framework: &Framework) -> Self {
        let index = PositioningIndex::new(framework);
        let target = index.competence_target("1.1").unwrap();
        Run {
            index,
            target,
            knowledge: vec![],
            answers: vec![],
            seed: 42,
        }
    }

    fn decide(&self) -> Decision {
        next_challenge(
            &self.index,
            &Situation {
                target: &self.target,
                knowledge: &self.knowledge,
                attempt: Attempt::Fresh,
                answers: &self.answers,
                locale: "fr",
                seed: self.seed,
            },
        )
    }

    fn answer(&mut self, challenge: &str, status: AnswerStatus) -> Vec<KnowledgeElement> {
        let kes = knowledge_elements_for(
            &self.index,
            &self.target,
            &self.knowledge,
            Attempt::Fresh,
            challenge,
            status,
            T0 + self.answers.len() as i64,
        )
        .unwrap();
        self.knowledge.extend(kes.iter().cloned());
        self.answers.push(status);
        kes
    }

    fn next(&self) -> NextChallenge {
        match self.decide() {
            Decision::Next(next) => next,
            Decision::Completed(e) => panic!("completed: {e:?}"),
        }
    }
}

fn statuses(kes: &[KnowledgeElement]) -> Vec<(&str, KeStatus, KeSource)> {
    kes.iter()
        .map(|k| (k.skill.as_str(), k.status, k.source))
        .collect()
}

#[test]
fn the_first_challenge_is_on_an_easy_tube_at_level_2() {
    let f = framework(&[("@dur", &[1, 2, 3, 4, 5]), ("@facile", &[1, 2, 3])], &[]);
    let next = Run::new(&f).next();
    assert_eq!(&*next.skill, "@facile2");
    assert_eq!(next.explanation.phase, Phase::FirstChallenge);
    assert!(matches!(
        next.explanation.choice.unwrap().reason,
        Reason::FirstChallenge { level: 2 }
    ));
}

#[test]
fn the_first_challenge_falls_back_to_the_lowest_level_present() {
    let f = framework(&[("@a", &[3, 4, 5]), ("@b", &[4, 5, 6])], &[]);
    assert_eq!(&*Run::new(&f).next().skill, "@a3");
}

#[test]
fn the_first_challenge_prefers_an_untimed_one() {
    let f = framework(&[("@a", &[1, 2, 3]), ("@b", &[1, 2, 3])], &["@a2"]);
    for seed in 0..20 {
        let mut run = Run::new(&f);
        run.seed = seed;
        assert_eq!(&*run.next().challenge, "b-2");
    }
}

#[test]
fn an_ok_answer_validates_easier_skills_of_the_same_tube() {
    let f = framework(&[("@a", &[1, 2, 3, 4]), ("@b", &[1, 2])], &[]);
    let mut run = Run::new(&f);
    let kes = run.answer("a-3", AnswerStatus::Ok);
    use KeSource::*;
    use KeStatus::*;
    assert_eq!(
        statuses(&kes),
        [
            ("@a3", Validated, Direct),
            ("@a1", Validated, Inferred),
            ("@a2", Validated, Inferred)
        ]
    );
    assert!(kes.iter().all(|k| k.earned_pix > 0.0 && k.created_at == T0));
}

#[test]
fn a_failed_answer_invalidates_harder_skills_of_the_same_tube() {
    let f = framework(&[("@a", &[1, 2, 3, 4]), ("@b", &[1, 2])], &[]);
    let mut run = Run::new(&f);
    let kes = run.answer("a-2", AnswerStatus::Aband);
    use KeSource::*;
    use KeStatus::*;
    assert_eq!(
        statuses(&kes),
        [
            ("@a2", Invalidated, Direct),
            ("@a3", Invalidated, Inferred),
            ("@a4", Invalidated, Inferred)
        ]
    );
    assert!(kes.iter().all(|k| k.earned_pix == 0.0));
}

#[test]
fn inference_leaves_already_assessed_skills_alone() {
    let f = framework(&[("@a", &[1, 2, 3, 4])], &[]);
    let mut run = Run::new(&f);
    run.answer("a-1", AnswerStatus::Ko);
    let kes = run.answer("a-3", AnswerStatus::Ok);
    let skills: Vec<&str> = kes.iter().map(|k| k.skill.as_str()).collect();
    assert_eq!(skills, ["@a3"], "@a1 and @a2 keep their failures");
}

#[test]
fn an_unknown_challenge_is_refused() {
    let f = framework(&[("@a", &[1])], &[]);
    let run = Run::new(&f);
    let err = knowledge_elements_for(
        &run.index,
        &run.target,
        &[],
        Attempt::Fresh,
        "nope",
        AnswerStatus::Ok,
        T0,
    );
    assert_eq!(err, Err(UnknownChallenge("nope".into())));
}

#[test]
fn with_no_answer_the_estimate_sits_between_the_two_virtual_answers() {
    let mut counts = [(0.0, 0.0); 9];
    counts[0] = (1.0, 1.0);
    counts[7] = (0.0, 1.0);
    assert_eq!(estimate_from_counts(&counts), 3.5);
}

#[test]
fn the_estimate_follows_the_answers() {
    let mut counts = [(0.0, 0.0); 9];
    counts[0] = (1.0, 1.0);
    counts[7] = (0.0, 1.0);
    counts[1] = (0.0, 2.0);
    counts[2] = (0.0, 1.0);
    let low = estimate_from_counts(&counts);
    counts[1] = (2.0, 2.0);
    counts[2] = (1.0, 1.0);
    counts[5] = (2.0, 2.0);
    let high = estimate_from_counts(&counts);
    assert!(low < 2.0 && high > 5.0, "{low} {high}");
}

#[test]
fn no_skill_more_than_two_levels_above_the_estimate_is_a_candidate() {
    let f = framework(
        &[("@a", &[1, 2, 3, 4, 5, 6]), ("@b", &[1, 2, 3, 4, 5, 6])],
        &[],
    );
    let mut run = Run::new(&f);
    run.answer("a-2", AnswerStatus::Ko);
    run.answer("b-1", AnswerStatus::Ko);
    let decision = run.decide();
    let e = decision.explanation();
    let level = e.estimated_level.unwrap();
    assert!(level < 3.0, "{level}");
    assert!(!e.candidates.is_empty());
    assert!(
        e.candidates
            .iter()
            .all(|c| f64::from(c.level) <= level + 2.0)
    );
}

#[test]
fn no_timed_challenge_right_after_a_timeout() {
    let f = framework(
        &[("@a", &[1, 2, 3, 4, 5]), ("@b", &[1, 2, 3, 4, 5])],
        &["@a3", "@b3", "@a4"],
    );
    for seed in 0..30 {
        let mut run = Run::new(&f);
        run.seed = seed;
        run.answer("a-1", AnswerStatus::Ok);
        run.answer("b-3-timed", AnswerStatus::Ok);
        run.answer("b-1", AnswerStatus::Timedout);
        let next = run.next();
        let challenge = f.challenge(&next.challenge).unwrap();
        assert_eq!(challenge.timer, None, "seed {seed}: {}", next.challenge);
        assert!(
            next.explanation
                .filters
                .iter()
                .any(|o| o.filter == Filter::UntimedAfterTimeout && !o.relaxed)
        );
    }
}

#[test]
fn the_reward_counts_untested_skills_below_and_above() {
    // Tube @a at levels 1..=5, nothing tested: at L = 3.5 the skill @a3 has
    // p = σ(0.5), 3 skills at or below and 3 at or above: reward 3.
    let f = framework(&[("@a", &[1, 2, 3, 4, 5])], &[]);
    let run = Run::new(&f);
    let states = vec![SkillState::Untested; run.index.skill_count()];
    let cand = playable(&run.index, run.index.skill("@a3").unwrap(), 1).unwrap();
    let r = reward(&run.index, &run.target, &states, 3.5, &cand);
    assert!((r - 3.0).abs() < 1e-12, "{r}");
    let cand = playable(&run.index, run.index.skill("@a1").unwrap(), 1).unwrap();
    let p = sigmoid(2.5);
    let r = reward(&run.index, &run.target, &states, 3.5, &cand);
    assert!((r - (p * 1.0 + (1.0 - p) * 5.0)).abs() < 1e-12, "{r}");
}

#[test]
fn the_explanation_lists_candidates_with_their_rewards() {
    let f = framework(&[("@a", &[1, 2, 3]), ("@b", &[1, 2, 3, 4])], &[]);
    let mut run = Run::new(&f);
    run.answer("a-2", AnswerStatus::Ok);
    let next = run.next();
    let e = &next.explanation;
    assert_eq!(e.phase, Phase::Adaptive);
    assert!(e.estimated_level.is_some());
    assert!(e.candidates.iter().all(|c| c.reward.is_some()));
    let best = e
        .candidates
        .iter()
        .filter_map(|c| c.reward)
        .fold(f64::MIN, f64::max);
    let choice = e.choice.as_ref().unwrap();
    assert_eq!(choice.reason, Reason::BestReward { reward: best });
    assert!(
        serde_json::to_string(&next)
            .unwrap()
            .contains("estimated_level")
    );
}

#[test]
fn the_same_seed_gives_the_same_decision() {
    let f = crate::simulation::framework::synthetic_framework(
        crate::simulation::framework::FrameworkShape::FULL,
    );
    let index = PositioningIndex::new(&f);
    let target = index.competence_target("1.1").unwrap();
    let situation = |seed| Situation {
        target: &target,
        knowledge: &[],
        attempt: Attempt::Fresh,
        answers: &[],
        locale: "fr",
        seed,
    };
    let first = next_challenge(&index, &situation(7));
    assert_eq!(first, next_challenge(&index, &situation(7)));
    let chosen: std::collections::BTreeSet<String> = (0..50)
        .map(|seed| match next_challenge(&index, &situation(seed)) {
            Decision::Next(n) => n.challenge.to_string(),
            Decision::Completed(_) => unreachable!(),
        })
        .collect();
    assert!(chosen.len() > 1, "the seed spreads the ties");
}

#[test]
fn the_test_ends_when_no_skill_remains() {
    let f = framework(&[("@a", &[1, 2, 3]), ("@b", &[1, 2, 3, 4, 5, 6])], &[]);
    let mut run = Run::new(&f);
    let mut asked = 0;
    while let Decision::Next(next) = run.decide() {
        run.answer(&next.challenge.clone(), AnswerStatus::Ok);
        asked += 1;
        assert!(asked <= 9);
    }
    assert!(run.decide().explanation().choice.is_none());
}

#[test]
fn a_locale_with_no_challenge_ends_the_test_at_once() {
    let f = framework(&[("@a", &[1, 2, 3])], &[]);
    let run = Run::new(&f);
    let d = next_challenge(
        &run.index,
        &Situation {
            target: &run.target,
            knowledge: &[],
            attempt: Attempt::Fresh,
            answers: &[],
            locale: "de",
            seed: 1,
        },
    );
    assert!(matches!(d, Decision::Completed(_)));
}

#[test]
fn improving_makes_old_failures_askable_again_but_not_acquired_skills() {
    let f = framework(&[("@a", &[1, 2, 3])], &[]);
    let mut run = Run::new(&f);
    run.answer("a-1", AnswerStatus::Ok);
    run.answer("a-2", AnswerStatus::Ko);
    let situation = |attempt| Situation {
        target: &run.target,
        knowledge: &run.knowledge,
        attempt,
        answers: &[],
        locale: "fr",
        seed: 3,
    };
    assert!(matches!(
        next_challenge(&run.index, &situation(Attempt::Fresh)),
        Decision::Completed(_)
    ));
    let improving = Attempt::Improving {
        started_at: T0 + 5 * DAY,
    };
    let d = next_challenge(&run.index, &situation(improving));
    let skills: Vec<&str> = d
        .explanation()
        .candidates
        .iter()
        .map(|c| &*c.skill)
        .collect();
    assert_eq!(
        skills,
        ["@a2"],
        "@a1 stays validated; @a3 is harder and unasked"
    );
}

#[test]
fn a_reset_makes_every_skill_askable_again() {
    let f = framework(&[("@a", &[1, 2])], &[]);
    let mut run = Run::new(&f);
    run.answer("a-2", AnswerStatus::Ok);
    run.knowledge
        .extend(crate::positioning::rules::reset_elements(
            &run.knowledge,
            T0 + 8 * DAY,
        ));
    run.answers.clear();
    assert_eq!(&*run.next().skill, "@a2");
}

fn arb_tubes() -> impl Strategy<Value = Vec<(u8, u8, bool)>> {
    // (lowest level, highest level, whether the level-3 challenge is timed)
    prop::collection::vec((1u8..=3, 3u8..=7, any::<bool>()), 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_assessment_never_asks_an_assessed_skill_always_ends_and_infers_consistently(
        tubes in arb_tubes(),
        outcomes in prop::collection::vec(0u8..4, 64),
        seed in any::<u64>(),
    ) {
        let names: Vec<String> = (0..tubes.len()).map(|i| format!("@t{i}")).collect();
        let levels: Vec<Vec<u8>> = tubes.iter().map(|&(lo, hi, _)| (lo..=hi).collect()).collect();
        let spec: Vec<(&str, &[u8])> =
            names.iter().zip(&levels).map(|(n, l)| (n.as_str(), l.as_slice())).collect();
        let timed: Vec<String> = names
            .iter()
            .zip(&tubes)
            .filter(|(_, t)| t.2)
            .map(|(n, _)| format!("{n}3"))
            .collect();
        let timed: Vec<&str> = timed.iter().map(String::as_str).collect();
        let f = framework(&spec, &timed);
        let mut run = Run::new(&f);
        run.seed = seed;
        let total = run.target.skills().len();
        let mut steps = 0;
        while let Decision::Next(next) = run.decide() {
            prop_assert!(steps < total, "more questions than skills");
            let skill = run.index.skill(&next.skill).unwrap();
            let latest = run.knowledge.iter().rev().find(|k| *k.skill == *next.skill);
            prop_assert!(latest.is_none(), "asked assessed skill {}", next.skill);
            let status = [AnswerStatus::Ok, AnswerStatus::Ko, AnswerStatus::Timedout,
                AnswerStatus::Ok][usize::from(outcomes[steps % 64])];
            let kes = run.answer(&next.challenge.clone(), status);
            let level = run.index.skill_level(skill);
            prop_assert_eq!(&*kes[0].skill, &*next.skill);
            prop_assert_eq!(kes[0].source, KeSource::Direct);
            prop_assert_eq!(kes[0].status == KeStatus::Validated, status.is_ok());
            for ke in &kes[1..] {
                let other = run.index.skill(&ke.skill).unwrap();
                prop_assert_eq!(ke.source, KeSource::Inferred);
                prop_assert_eq!(
                    run.index.skills[other.at()].tube,
                    run.index.skills[skill.at()].tube
                );
                if status.is_ok() {
                    prop_assert_eq!(ke.status, KeStatus::Validated);
                    prop_assert!(run.index.skill_level(other) < level);
                } else {
                    prop_assert_eq!(ke.status, KeStatus::Invalidated);
                    prop_assert!(run.index.skill_level(other) > level);
                }
            }
            steps += 1;
        }
        // Each skill has at most one element: nothing was assessed twice.
        let mut skills: Vec<&str> = run.knowledge.iter().map(|k| k.skill.as_str()).collect();
        skills.sort_unstable();
        let n = skills.len();
        skills.dedup();
        prop_assert_eq!(skills.len(), n);
    }
}
