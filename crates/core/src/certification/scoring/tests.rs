use super::*;
use crate::certification::course::Next;
use crate::irt::{Item, ItemParams};
use proptest::prelude::*;

const T0: i64 = 1_780_000_000_000;

/// 16 competences × 4 tubes × 3 items, difficulties spread over the scale.
fn bank() -> ItemBank {
    let mut items = Vec::new();
    for comp in 0..16u32 {
        for t in 0..4u32 {
            let tube = comp * 4 + t;
            for k in 0..3u32 {
                items.push(Item {
                    id: format!("c{comp}-t{tube}-{k}"),
                    params: ItemParams::two_pl(
                        1.0 + 0.1 * f64::from(t),
                        f64::from(k) * 1.5 - 2.0 + 0.2 * f64::from(t),
                    ),
                    tube,
                    competence: comp,
                });
            }
        }
    }
    ItemBank::new(items)
}

fn competences() -> Vec<String> {
    (1..=16)
        .map(|i| format!("{}.{}", i / 4 + 1, i % 4))
        .collect()
}

/// The facts of a test run by the real course: `answer(n)` gives the status of the n-th
/// question (from 1), `None` stops the test before it.
#[derive(Default)]
struct Facts {
    asked: Vec<AskedQuestion>,
    answers: Vec<RecordedAnswer>,
    alerts: Vec<AlertFact>,
}

fn run(
    rules: &CourseRules,
    bank: &ItemBank,
    seed: u64,
    answer: impl Fn(usize) -> Option<AnswerStatus>,
) -> Facts {
    let mut f = Facts::default();
    loop {
        let course = Course::replay(rules, bank, seed, &f.asked, &f.answers, &f.alerts);
        let Next::Ask { challenge_id, .. } = course.next() else {
            return f;
        };
        let n = f.asked.len() + 1;
        let at = T0 + 1_000 * n as i64;
        f.asked.push(AskedQuestion {
            challenge_id: challenge_id.clone(),
            skill_id: format!("@{challenge_id}"),
            asked_at_ms: at,
            deadline_ms: None,
        });
        let Some(status) = answer(n) else {
            return f;
        };
        f.answers.push(RecordedAnswer {
            challenge_id,
            status,
            answered_at_ms: at + 500,
        });
    }
}

fn input<'a>(
    rules: &'a CourseRules,
    bank: &'a ItemBank,
    f: &'a Facts,
    end: Option<EndReason>,
    abort: Option<AbortReason>,
) -> ScoringInput<'a> {
    ScoringInput {
        rules,
        bank,
        seed: 9,
        asked: &f.asked,
        answers: &f.answers,
        alerts: &f.alerts,
        end,
        abort,
        neutralised: &[],
        focus_out_accepted: &[],
    }
}

fn every_other(n: usize) -> Option<AnswerStatus> {
    Some(if n.is_multiple_of(2) {
        AnswerStatus::Ok
    } else {
        AnswerStatus::Ko
    })
}

#[test]
fn a_complete_test_is_validated_with_a_score_a_global_level_and_16_competence_levels() {
    let rules = CourseRules::standard();
    let bank = bank();
    let f = run(&rules, &bank, 9, every_other);
    assert_eq!(f.answers.len(), 32);
    let r = score_course(
        &input(&rules, &bank, &f, Some(EndReason::Completed), None),
        &competences(),
        6,
    )
    .unwrap();
    assert_eq!(r.status, CertificationStatus::Validated);
    assert_eq!(r.version, "v3-2024");
    assert_eq!(r.answered, 32);
    let s = r.score.unwrap();
    assert_eq!(s.scored_as_wrong, 0);
    assert!(s.score <= 895);
    assert_eq!(r.global_level, global_level(&rules.irt, s.score));
    assert_eq!(r.competence_levels.len(), 16);
}

#[test]
fn the_global_level_is_the_band_of_the_score_and_none_below_64() {
    let c = IrtConfig::certification();
    let cases = [
        (0, None),
        (63, None),
        (64, Some(1)),
        (127, Some(1)),
        (128, Some(2)),
        (256, Some(3)),
        (384, Some(4)),
        (512, Some(5)),
        (640, Some(6)),
        (767, Some(6)),
        (768, Some(7)),
        (895, Some(7)),
    ];
    for (score, level) in cases {
        assert_eq!(global_level(&c, score), level, "{score}");
    }
}

#[test]
fn a_candidate_abort_after_20_answers_counts_the_missing_ones_wrong() {
    let rules = CourseRules::standard();
    let bank = bank();
    let all_right = |n: usize| (n <= 24).then_some(AnswerStatus::Ok);
    let f = run(&rules, &bank, 9, all_right);
    assert_eq!(f.answers.len(), 24);
    let end = Some(EndReason::EndedByFinalisation);
    let candidate = score_course(
        &input(&rules, &bank, &f, end, Some(AbortReason::Candidate)),
        &competences(),
        6,
    )
    .unwrap();
    let technical = score_course(
        &input(&rules, &bank, &f, end, Some(AbortReason::Technical)),
        &competences(),
        6,
    )
    .unwrap();
    assert_eq!(candidate.status, CertificationStatus::Validated);
    assert_eq!(candidate.score.as_ref().unwrap().scored_as_wrong, 8);
    assert_eq!(technical.score.as_ref().unwrap().scored_as_wrong, 0);
    assert!(candidate.score.unwrap().capacity < technical.score.unwrap().capacity);
    assert_eq!(
        score_course(&input(&rules, &bank, &f, end, None), &competences(), 6),
        Err(ResultError::NoAbortReason { answered: 24 })
    );
}

#[test]
fn fewer_than_20_answers_is_rejected_or_cancelled_by_the_abort_reason() {
    let rules = CourseRules::standard();
    let bank = bank();
    let f = run(&rules, &bank, 9, |n| (n <= 19).then_some(AnswerStatus::Ok));
    let end = Some(EndReason::EndedByInvigilator);
    let status = |abort| {
        score_course(&input(&rules, &bank, &f, end, abort), &competences(), 6)
            .map(|r| (r.status, r.score, r.global_level))
    };
    assert_eq!(
        status(Some(AbortReason::Candidate)),
        Ok((CertificationStatus::Rejected, None, None))
    );
    assert_eq!(
        status(Some(AbortReason::Technical)),
        Ok((CertificationStatus::Cancelled, None, None))
    );
    assert!(status(None).is_err());
}

#[test]
fn a_neutralised_question_counts_for_nothing_and_is_not_scored_as_missing() {
    let rules = CourseRules::standard();
    let bank = bank();
    let f = run(&rules, &bank, 9, every_other);
    let failed = f
        .answers
        .iter()
        .find(|a| !a.status.is_ok())
        .unwrap()
        .challenge_id
        .clone();
    let neutralised = [failed.clone()];
    let plain = score_course(
        &input(&rules, &bank, &f, Some(EndReason::Completed), None),
        &competences(),
        6,
    )
    .unwrap();
    let with = score_course(
        &ScoringInput {
            neutralised: &neutralised,
            ..input(&rules, &bank, &f, Some(EndReason::Completed), None)
        },
        &competences(),
        6,
    )
    .unwrap();
    assert_eq!(with.answered, 31);
    assert_eq!(with.neutralised, [failed]);
    assert_eq!(with.score.as_ref().unwrap().scored_as_wrong, 0);
    assert!(with.score.unwrap().capacity > plain.score.unwrap().capacity);
}

#[test]
fn a_forgiven_focus_out_counts_as_right() {
    let rules = CourseRules::standard();
    let bank = bank();
    let f = run(&rules, &bank, 9, |n| {
        Some(if n == 3 {
            AnswerStatus::Focusedout
        } else {
            AnswerStatus::Ok
        })
    });
    let third = f.answers[2].challenge_id.clone();
    let accepted = [third];
    let before = score_course(
        &input(&rules, &bank, &f, Some(EndReason::Completed), None),
        &competences(),
        6,
    )
    .unwrap();
    let after = score_course(
        &ScoringInput {
            focus_out_accepted: &accepted,
            ..input(&rules, &bank, &f, Some(EndReason::Completed), None)
        },
        &competences(),
        6,
    )
    .unwrap();
    assert!(after.score.unwrap().capacity > before.score.unwrap().capacity);
}

fn traits(image: bool, focused: bool) -> impl Fn(&str) -> Option<ChallengeTraits> {
    move |_| {
        Some(ChallengeTraits {
            image,
            focused,
            ..Default::default()
        })
    }
}

#[test]
fn reports_resolve_by_rule_or_wait_for_a_person() {
    let rules = CourseRules::standard();
    let bank = bank();
    let f = run(&rules, &bank, 9, |n| {
        Some(match n {
            1 => AnswerStatus::Ok,
            2 => AnswerStatus::Aband,
            3 => AnswerStatus::Focusedout,
            _ => AnswerStatus::Ko,
        })
    });
    let image = IssueKind::InChallenge(ChallengeProblem::Alert(AlertReason::ImageNotDisplaying));
    let focus = IssueKind::InChallenge(ChallengeProblem::Alert(AlertReason::UnintentionalFocusOut));
    let site = IssueKind::InChallenge(ChallengeProblem::Alert(AlertReason::WebsiteUnavailable));
    let other = IssueKind::InChallenge(ChallengeProblem::Alert(AlertReason::Other));
    let skip = IssueKind::InChallenge(ChallengeProblem::SkippedOnError);
    let r = |kind, q, t: &dyn Fn(&str) -> Option<ChallengeTraits>| {
        resolve_report(kind, q, &f.asked, &f.answers, t)
    };
    assert_eq!(
        r(image, Some(2), &traits(true, false)),
        Resolution::Neutralised
    );
    assert_eq!(
        r(image, Some(1), &traits(true, false)),
        Resolution::NoEffect(NoEffect::AnsweredRight)
    );
    assert_eq!(
        r(image, Some(2), &traits(false, false)),
        Resolution::NoEffect(NoEffect::NoSuchElement)
    );
    assert_eq!(
        r(site, Some(4), &traits(false, false)),
        Resolution::Neutralised
    );
    assert_eq!(
        r(skip, Some(2), &traits(false, false)),
        Resolution::Neutralised
    );
    assert_eq!(
        r(focus, Some(3), &traits(false, true)),
        Resolution::FocusOutAccepted
    );
    assert_eq!(
        r(focus, Some(3), &traits(false, false)),
        Resolution::NoEffect(NoEffect::NotFocused)
    );
    assert_eq!(
        r(focus, Some(4), &traits(false, true)),
        Resolution::NoEffect(NoEffect::NoFocusOut)
    );
    assert_eq!(
        r(other, Some(2), &traits(true, true)),
        Resolution::NeedsPerson
    );
    assert_eq!(
        r(image, Some(99), &traits(true, false)),
        Resolution::NeedsPerson
    );
    assert_eq!(
        r(IssueKind::Fraud, None, &traits(true, true)),
        Resolution::NeedsPerson
    );
    assert_eq!(
        r(IssueKind::NameOrBirthDate, None, &traits(true, true)),
        Resolution::NeedsPerson
    );
    for res in [
        Resolution::Neutralised,
        Resolution::FocusOutAccepted,
        Resolution::NoEffect(NoEffect::NoFocusOut),
        Resolution::NeedsPerson,
    ] {
        assert_eq!(Resolution::parse(res.as_str()), Some(res));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Recomputing a result from the same stored facts and settings gives the same figures,
    /// bit for bit, after a round trip through JSON (as results are stored).
    #[test]
    fn a_result_recomputed_from_its_facts_is_identical(seed in 0u64..1_000, stop in 15usize..=33, pattern in any::<u32>()) {
        let rules = CourseRules::standard();
        let bank = bank();
        let f = run(&rules, &bank, seed, |n| {
            (n < stop).then(|| if pattern >> (n % 32) & 1 == 1 { AnswerStatus::Ok } else { AnswerStatus::Ko })
        });
        let end = if f.answers.len() >= 32 { EndReason::Completed } else { EndReason::EndedByFinalisation };
        let scoring = ScoringInput { seed, ..input(&rules, &bank, &f, Some(end), Some(AbortReason::Candidate)) };
        let first = score_course(&scoring, &competences(), 6).unwrap();
        let stored = serde_json::to_string(&first).unwrap();
        let rules_again: CourseRules = serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
        let again = score_course(&ScoringInput { rules: &rules_again, ..scoring }, &competences(), 6).unwrap();
        prop_assert_eq!(&again, &first);
        prop_assert_eq!(serde_json::from_str::<CertificationResult>(&stored).unwrap(), first);
    }
}
