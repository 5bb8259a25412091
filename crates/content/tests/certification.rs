//! The bundled content as a certification bank: accessible challenges on every competence, and
//! whole certification tests simulated on it.

use std::collections::{BTreeMap, BTreeSet};

use acquis_content::{LoadedContent, bundled};
use acquis_core::AnswerStatus;
use acquis_core::Framework;
use acquis_core::certification::course::{
    ANSWER_GRACE_MS, AlertFact, AlertReason, AlertState, AnswerTiming, AskedQuestion, Course,
    CourseRules, EndReason, Next, RecordedAnswer,
};
use acquis_core::irt::ItemBank;

fn content() -> LoadedContent {
    bundled().unwrap_or_else(|e| panic!("bundled content has errors:\n{e}"))
}

/// The competence code of a challenge.
fn competence_of(f: &Framework, challenge_id: &str) -> String {
    let challenge = f
        .challenge(challenge_id)
        .unwrap_or_else(|| panic!("unknown challenge {challenge_id}"));
    let skill = f
        .skill(&challenge.skill)
        .unwrap_or_else(|| panic!("unknown skill {}", challenge.skill));
    skill.competence.clone()
}

#[test]
fn every_competence_has_accessible_servable_challenges_with_irt_parameters() {
    let content = content();
    let f = &content.framework;
    let mut per_competence: BTreeMap<String, usize> = BTreeMap::new();
    for c in f.challenges() {
        if !(c.accessible && c.is_servable() && c.serves_locale("fr")) {
            continue;
        }
        assert!(
            c.irt.a > 0.0 && c.irt.a.is_finite() && c.irt.b.is_finite(),
            "accessible challenge {} has no usable IRT parameters",
            c.id
        );
        assert!(
            c.embed.is_none() && c.attachments.is_empty() && c.timer.is_none(),
            "accessible challenge {} depends on a simulator, a file or a timer",
            c.id
        );
        *per_competence.entry(competence_of(f, &c.id)).or_insert(0) += 1;
    }
    assert_eq!(per_competence.len(), 16, "{per_competence:?}");
    for (code, n) in &per_competence {
        assert!(
            *n >= 10,
            "competence {code} has only {n} accessible challenges"
        );
    }
    assert_eq!(
        content.summary().accessible,
        f.challenges().iter().filter(|c| c.accessible).count()
    );
}

#[test]
fn the_accessible_bank_only_holds_accessible_challenges_and_spans_every_competence() {
    let content = content();
    let f = &content.framework;
    let all = ItemBank::from_framework(f, "fr");
    let accessible = ItemBank::accessible_from_framework(f, "fr");
    assert!(!accessible.is_empty() && accessible.len() < all.len());
    for item in accessible.items() {
        let c = f
            .challenge(&item.id)
            .unwrap_or_else(|| panic!("unknown challenge {}", item.id));
        assert!(c.accessible, "{} is not accessible", c.id);
    }
    let competences: BTreeSet<String> = accessible
        .items()
        .iter()
        .map(|i| competence_of(f, &i.id))
        .collect();
    assert_eq!(competences.len(), 16);
    assert_eq!(accessible.competence_count(), 16);
    let same = ItemBank::from_framework_where(f, "fr", |_| true);
    assert_eq!(same, all);
}

const T0: i64 = 1_780_000_000_000;

/// A uniform draw in `[0, 1)` from a seed and a step, without a generator crate.
fn uniform(seed: u64, step: u64) -> f64 {
    let mut z =
        (seed ^ step.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// What happens on one question of a simulated test.
#[derive(Clone, Copy)]
enum Event {
    /// The candidate answers.
    Answer,
    /// The candidate raises an alert, which the invigilator then decides.
    Alert(AlertState),
}

/// The stored facts of a test.
#[derive(Default)]
struct Facts {
    asked: Vec<AskedQuestion>,
    answers: Vec<RecordedAnswer>,
    alerts: Vec<AlertFact>,
}

impl Facts {
    fn replay(&self, rules: &CourseRules, bank: &ItemBank, seed: u64) -> Course {
        Course::replay(rules, bank, seed, &self.asked, &self.answers, &self.alerts)
    }
}

/// A whole test taken by a candidate of capacity `theta` who answers right with the model's
/// probability; `event(n)` says what happens on the `n`-th question asked (from 0).
fn simulate(
    f: &Framework,
    bank: &ItemBank,
    seed: u64,
    theta: f64,
    event: impl Fn(usize) -> Event,
) -> (Facts, Course) {
    let rules = CourseRules::standard();
    let mut facts = Facts::default();
    let mut now = T0;
    for _ in 0..200 {
        let course = facts.replay(&rules, bank, seed);
        match course.next() {
            Next::Finished => return (facts, course),
            Next::Ask { item, challenge_id } => {
                assert_eq!(bank.items()[item].id, challenge_id);
                let challenge = f
                    .challenge(&challenge_id)
                    .unwrap_or_else(|| panic!("unknown challenge {challenge_id}"));
                facts.asked.push(AskedQuestion::new(challenge, now, 0));
            }
            Next::Current(q) => {
                let n = facts.asked.len() - 1;
                let already_alerted = facts
                    .alerts
                    .iter()
                    .any(|a| a.challenge_id == q.challenge_id);
                match event(n) {
                    Event::Alert(decision) if !already_alerted => {
                        assert_eq!(course.check_alert(&q.challenge_id), Ok(()));
                        facts.alerts.push(AlertFact {
                            challenge_id: q.challenge_id.clone(),
                            state: AlertState::Pending,
                        });
                        facts.alerts.push(AlertFact {
                            challenge_id: q.challenge_id.clone(),
                            state: decision,
                        });
                    }
                    _ => {
                        let timing = course
                            .check_answer(&q.challenge_id, now)
                            .unwrap_or_else(|e| panic!("answer refused: {e}"));
                        let item = bank
                            .items()
                            .iter()
                            .find(|i| i.id == q.challenge_id)
                            .unwrap_or_else(|| panic!("{} not in the bank", q.challenge_id));
                        let right = uniform(seed, n as u64) < item.params.probability(theta);
                        let judged = if right {
                            AnswerStatus::Ok
                        } else {
                            AnswerStatus::Ko
                        };
                        facts.answers.push(RecordedAnswer {
                            challenge_id: q.challenge_id.clone(),
                            status: timing.status(judged),
                            answered_at_ms: now,
                        });
                    }
                }
            }
        }
        now += 20_000;
    }
    panic!("the test never finished");
}

fn tube_of(f: &Framework, challenge_id: &str) -> String {
    let challenge = f
        .challenge(challenge_id)
        .unwrap_or_else(|| panic!("unknown challenge {challenge_id}"));
    f.skill(&challenge.skill)
        .map(|s| s.tube.clone())
        .unwrap_or_else(|| panic!("unknown skill {}", challenge.skill))
}

/// The checks every simulated test must pass: 32 answers, every competence in the first 16
/// questions, one question per tube, no competence repeated within the spacing window.
fn assert_well_formed(f: &Framework, facts: &Facts, course: &Course) {
    let rules = CourseRules::standard();
    assert_eq!(course.answered(), 32);
    assert!(course.is_finished());
    assert_eq!(course.end_reason(), Some(EndReason::Completed));
    assert!(course.has_enough_answers());
    assert!(course.capacity().is_finite());
    let counted: Vec<&AskedQuestion> = facts
        .asked
        .iter()
        .filter(|q| !course.neutralised().contains(&q.challenge_id))
        .collect();
    assert_eq!(counted.len(), 32);
    let competences: Vec<String> = counted
        .iter()
        .map(|q| competence_of(f, &q.challenge_id))
        .collect();
    let first: BTreeSet<&String> = competences[..16].iter().collect();
    assert_eq!(first.len(), 16, "first 16 questions: {competences:?}");
    let tubes: BTreeSet<String> = facts
        .asked
        .iter()
        .map(|q| tube_of(f, &q.challenge_id))
        .collect();
    assert_eq!(tubes.len(), facts.asked.len(), "two questions of one tube");
    let spacing = rules.irt.selection.competence_spacing.max(2);
    for (n, c) in competences.iter().enumerate() {
        let window = &competences[n.saturating_sub(spacing)..n];
        assert!(
            !window.contains(c),
            "question {n} repeats competence {c} within {spacing}: {competences:?}"
        );
    }
}

#[test]
fn a_simulated_candidate_completes_a_well_formed_test() {
    let content = content();
    let f = &content.framework;
    let bank = ItemBank::from_framework(f, "fr");
    for (seed, theta) in [(1, -1.0), (2, 0.5), (3, 2.5)] {
        let (facts, course) = simulate(f, &bank, seed, theta, |_| Event::Answer);
        assert_eq!(facts.asked.len(), 32);
        assert_well_formed(f, &facts, &course);
        assert_eq!(course.scored_answers().len(), 32);
        let score = acquis_core::irt::score_answers(
            &bank,
            &CourseRules::standard().irt,
            &course.scored_answers(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(score.answered, 32);
    }
}

#[test]
fn replaying_the_facts_gives_the_same_questions() {
    let content = content();
    let f = &content.framework;
    let bank = ItemBank::from_framework(f, "fr");
    let rules = CourseRules::standard();
    let (facts, _) = simulate(f, &bank, 42, 1.0, |_| Event::Answer);
    let (again, _) = simulate(f, &bank, 42, 1.0, |_| Event::Answer);
    assert_eq!(facts.asked, again.asked);
    for n in 0..facts.asked.len() {
        let prefix = Facts {
            asked: facts.asked[..n].to_vec(),
            answers: facts.answers[..n].to_vec(),
            alerts: vec![],
        };
        match prefix.replay(&rules, &bank, 42).next() {
            Next::Ask { challenge_id, .. } => assert_eq!(challenge_id, facts.asked[n].challenge_id),
            other => panic!("step {n}: {other:?}"),
        }
    }
    let (other, _) = simulate(f, &bank, 43, 1.0, |_| Event::Answer);
    assert_ne!(facts.asked, other.asked, "the seed randomises the test");
}

#[test]
fn a_validated_alert_keeps_its_skill_out_of_the_rest_of_the_test() {
    let content = content();
    let f = &content.framework;
    let bank = ItemBank::from_framework(f, "fr");
    let validated = AlertState::Validated(AlertReason::ImageNotDisplaying);
    let (facts, course) = simulate(f, &bank, 7, 0.0, |n| {
        if n == 4 || n == 20 {
            Event::Alert(validated)
        } else {
            Event::Answer
        }
    });
    assert_eq!(
        facts.asked.len(),
        34,
        "two neutralised questions are replaced"
    );
    assert_eq!(course.neutralised().len(), 2);
    for n in [4, 20] {
        let skill = &facts.asked[n].skill_id;
        assert!(course.excluded_skills().contains(skill));
        assert!(
            facts.asked[n + 1..].iter().all(|q| &q.skill_id != skill),
            "skill {skill} asked again"
        );
    }
    assert_well_formed(f, &facts, &course);
}

#[test]
fn a_dismissed_alert_keeps_the_question_on_the_demo_bank() {
    let content = content();
    let f = &content.framework;
    let bank = ItemBank::from_framework(f, "fr");
    let (facts, course) = simulate(f, &bank, 8, 0.0, |n| {
        if n == 3 {
            Event::Alert(AlertState::Dismissed)
        } else {
            Event::Answer
        }
    });
    assert_eq!(facts.asked.len(), 32, "nothing was neutralised");
    assert!(course.neutralised().is_empty());
    assert_eq!(facts.alerts[0].challenge_id, facts.asked[3].challenge_id);
    assert!(
        facts
            .answers
            .iter()
            .any(|a| a.challenge_id == facts.asked[3].challenge_id),
        "the question was answered after the dismissal"
    );
    assert_well_formed(f, &facts, &course);
}

#[test]
fn a_timed_demo_challenge_gets_its_extra_time() {
    let content = content();
    let f = &content.framework;
    let challenge = f
        .challenges()
        .iter()
        .find(|c| c.timer.is_some() && c.is_servable())
        .unwrap_or_else(|| panic!("no timed challenge"));
    let timer_ms = i64::from(challenge.timer.unwrap_or(0)) * 1_000;
    let q = AskedQuestion::new(challenge, T0, 50);
    assert_eq!(q.deadline_ms, Some(T0 + timer_ms * 3 / 2));
    let bank = ItemBank::from_framework(f, "fr");
    let course = Course::replay(
        &CourseRules::standard(),
        &bank,
        1,
        std::slice::from_ref(&q),
        &[],
        &[],
    );
    let deadline = T0 + timer_ms * 3 / 2;
    assert_eq!(
        course.check_answer(&challenge.id, deadline + ANSWER_GRACE_MS),
        Ok(AnswerTiming::InTime)
    );
    assert_eq!(
        course.check_answer(&challenge.id, deadline + ANSWER_GRACE_MS + 1),
        Ok(AnswerTiming::TimedOut)
    );
}

#[test]
fn an_accessible_test_only_asks_accessible_challenges() {
    let content = content();
    let f = &content.framework;
    let bank = ItemBank::accessible_from_framework(f, "fr");
    let (facts, course) = simulate(f, &bank, 5, 1.0, |_| Event::Answer);
    for q in &facts.asked {
        let c = f
            .challenge(&q.challenge_id)
            .unwrap_or_else(|| panic!("unknown challenge {}", q.challenge_id));
        assert!(c.accessible, "{} is not accessible", c.id);
    }
    assert_well_formed(f, &facts, &course);
}
