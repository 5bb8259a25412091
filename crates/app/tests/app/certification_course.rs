//! The certification test through its use cases, on SQLite and PostgreSQL: a candidate
//! joins, waits for the invigilator, takes 32 questions, raises alerts; the invigilator
//! authorises, ends tests, handles alerts; races on answers, seats and passwords.

use acquis_app::certification::course::{CourseStep, EntryStep};
use acquis_app::certification::invigilation::Invigilation;
use acquis_app::certification::{CandidateId, CertifError, SessionForm, SessionId};
use acquis_app::testkit::TestApp;
use acquis_core::certification::candidate::CandidateForm;
use acquis_core::certification::course::{AlertReason, AnswerRefusal, CandidateState};
use acquis_core::ids::AlertId;
use acquis_core::organization::OrganizationKind;

struct Setup {
    membership: acquis_app::certification::CentreMembership,
    session: SessionId,
    password: String,
    code: String,
}

async fn session_with(t: &TestApp, candidates: &[(&str, &str, bool)]) -> Setup {
    let c = t
        .with_centre_admin("Centre Test", OrganizationKind::Sco)
        .await;
    let created = t
        .app
        .create_session(
            &c.membership,
            &SessionForm {
                site: "Lycée".into(),
                room: "B12".into(),
                date: "2027-01-15".into(),
                time: "09:00".into(),
                examiners: "Alex".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let session = SessionId::from(created.session.id);
    for (birth, first, accessibility) in candidates {
        t.app
            .enrol_candidate(
                &c.membership,
                session,
                &CandidateForm {
                    birth_name: (*birth).into(),
                    first_name: (*first).into(),
                    sex: "F".into(),
                    birthdate: "2005-03-04".into(),
                    born_in_france: "oui".into(),
                    birth_insee: "75056".into(),
                    accessibility: if *accessibility { "oui" } else { "" }.into(),
                    extra_time_percent: "50".into(),
                    ..Default::default()
                },
                "fr",
            )
            .await
            .unwrap();
    }
    Setup {
        membership: c.membership,
        session,
        password: created.invigilator_password,
        code: created.session.access_code,
    }
}

/// The first challenge's simplest answer: skip (always accepted).
const SKIP: &str = acquis_core::answer::SKIP;

/// A candidate who joined, read the instructions, typed the code and took a seat.
async fn seated(
    t: &TestApp,
    s: &Setup,
    inv: &Invigilation,
    email: &str,
    first: &str,
    birth: &str,
) -> (i64, CandidateId, String) {
    let user = t.learner_with_levels(email, 5).await;
    let id = t
        .app
        .join_certification(&user, s.session, first, birth, "04/03/2005")
        .await
        .unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    assert_eq!(t.app.entry_step(&c, None), EntryStep::Instructions);
    t.app.confirm_instructions(&c).await.unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    assert_eq!(t.app.entry_step(&c, None), EntryStep::AccessCode);
    assert!(matches!(
        t.app.enter_access_code(&c, "ZZZZ99").await,
        Err(CertifError::WrongCode)
    ));
    t.app
        .enter_access_code(&c, &s.code.to_lowercase())
        .await
        .unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    assert_eq!(t.app.entry_step(&c, None), EntryStep::Waiting);
    assert!(matches!(
        t.app.take_seat(&c, "fr").await,
        Err(CertifError::Entry(_))
    ));
    t.app.authorise(inv, id).await.unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    assert_eq!(t.app.entry_step(&c, None), EntryStep::Authorised);
    let seat = t.app.take_seat(&c, "fr").await.unwrap();
    (user.id, id, seat)
}

certif_scenario!(a_candidate_takes_thirty_two_questions_under_an_invigilator);
async fn a_candidate_takes_thirty_two_questions_under_an_invigilator(t: TestApp) {
    let s = session_with(&t, &[("Durand", "Léa", false)]).await;
    let inv = t
        .app
        .open_invigilation(s.session, &s.password)
        .await
        .unwrap();
    let (user, id, seat) = seated(&t, &s, &inv, "lea@exemple.test", "LEA", "durand").await;
    let board = t.app.board(&inv).await.unwrap();
    assert!(matches!(
        board[0].state,
        CandidateState::InTest {
            question: 1,
            of: 32
        }
    ));
    // Once a candidate started, the session and its enrolments are frozen.
    let form = acquis_app::certification::sessions::form_of(
        &t.app.session_of(&s.membership, s.session).await.unwrap(),
    );
    assert!(matches!(
        t.app.edit_session(&s.membership, s.session, &form).await,
        Err(CertifError::SessionStarted)
    ));
    assert!(matches!(
        t.app.delete_session(&s.membership, s.session).await,
        Err(CertifError::SessionStarted)
    ));
    let late = CandidateForm {
        birth_name: "Tardif".into(),
        first_name: "Paul".into(),
        sex: "M".into(),
        birthdate: "2005-01-01".into(),
        born_in_france: "oui".into(),
        birth_insee: "75056".into(),
        ..Default::default()
    };
    assert!(matches!(
        t.app
            .enrol_candidate(&s.membership, s.session, &late, "fr")
            .await,
        Err(CertifError::SessionStarted)
    ));
    assert!(matches!(
        t.app.remove_candidate(&s.membership, s.session, id).await,
        Err(CertifError::SessionStarted)
    ));
    let mut seen = std::collections::HashSet::new();
    for n in 1..=32 {
        let c = t.app.candidacy(user, id).await.unwrap();
        let CourseStep::Question(q) = t.app.course_step(&c, &seat).await.unwrap() else {
            panic!("finished early at {n}");
        };
        assert_eq!(q.number, n);
        assert!(
            seen.insert(q.challenge.id.clone()),
            "never the same challenge twice"
        );
        // Reloading shows the same question.
        let CourseStep::Question(again) = t.app.course_step(&c, &seat).await.unwrap() else {
            panic!()
        };
        assert_eq!(again.challenge.id, q.challenge.id);
        t.app
            .answer_course(&c, &seat, &q.challenge.id, SKIP)
            .await
            .unwrap();
        // A second answer to the same question is refused.
        assert!(matches!(
            t.app.answer_course(&c, &seat, &q.challenge.id, SKIP).await,
            Err(CertifError::Answer(_))
        ));
    }
    let c = t.app.candidacy(user, id).await.unwrap();
    assert!(matches!(
        t.app.course_step(&c, &seat).await.unwrap(),
        CourseStep::Finished
    ));
    assert_eq!(t.app.entry_step(&c, Some(&seat)), EntryStep::Ended);
    let board = t.app.board(&inv).await.unwrap();
    assert_eq!(board[0].state, CandidateState::Finished);
}

certif_scenario!(an_alert_blocks_answers_until_the_invigilator_handles_it);
async fn an_alert_blocks_answers_until_the_invigilator_handles_it(t: TestApp) {
    let s = session_with(&t, &[("Martin", "Hugo", false)]).await;
    let inv = t
        .app
        .open_invigilation(s.session, &s.password)
        .await
        .unwrap();
    let (user, id, seat) = seated(&t, &s, &inv, "hugo@exemple.test", "Hugo", "Martin").await;
    let c = t.app.candidacy(user, id).await.unwrap();
    let CourseStep::Question(first) = t.app.course_step(&c, &seat).await.unwrap() else {
        panic!()
    };
    t.app
        .report_problem(&c, &seat, &first.challenge.id)
        .await
        .unwrap();
    // A second report while one is pending is refused; answering is blocked.
    assert!(
        t.app
            .report_problem(&c, &seat, &first.challenge.id)
            .await
            .is_err()
    );
    assert!(matches!(
        t.app
            .answer_course(&c, &seat, &first.challenge.id, SKIP)
            .await,
        Err(CertifError::Answer(AnswerRefusal::AlertOpen))
    ));
    let board = t.app.board(&inv).await.unwrap();
    assert!(matches!(
        board[0].state,
        CandidateState::WaitingOnAlert { .. }
    ));
    let alert = board[0].pending_alert.clone().expect("pending alert");
    // Dismissed: the same question again.
    t.app
        .handle_alert(&inv, AlertId::from(alert.id), None)
        .await
        .unwrap();
    let CourseStep::Question(same) = t.app.course_step(&c, &seat).await.unwrap() else {
        panic!()
    };
    assert_eq!(same.challenge.id, first.challenge.id);
    // Validated: another question, never of that skill.
    t.app
        .report_problem(&c, &seat, &first.challenge.id)
        .await
        .unwrap();
    let alert = t.app.board(&inv).await.unwrap()[0]
        .pending_alert
        .clone()
        .unwrap();
    t.app
        .handle_alert(
            &inv,
            AlertId::from(alert.id),
            Some(AlertReason::ImageNotDisplaying),
        )
        .await
        .unwrap();
    // Handled once only.
    assert!(
        t.app
            .handle_alert(&inv, AlertId::from(alert.id), None)
            .await
            .is_err()
    );
    let CourseStep::Question(other) = t.app.course_step(&c, &seat).await.unwrap() else {
        panic!()
    };
    assert_ne!(other.challenge.skill, first.challenge.skill);
    assert_eq!(other.number, 1, "the neutralised question does not count");
}

certif_scenario!(an_interrupted_test_resumes_only_with_a_new_authorisation_and_can_be_ended);
async fn an_interrupted_test_resumes_only_with_a_new_authorisation_and_can_be_ended(t: TestApp) {
    let s = session_with(&t, &[("Petit", "Zoé", false)]).await;
    let inv = t
        .app
        .open_invigilation(s.session, &s.password)
        .await
        .unwrap();
    let (user, id, seat) = seated(&t, &s, &inv, "zoe@exemple.test", "Zoé", "Petit").await;
    let c = t.app.candidacy(user, id).await.unwrap();
    let CourseStep::Question(q) = t.app.course_step(&c, &seat).await.unwrap() else {
        panic!()
    };
    t.app
        .answer_course(&c, &seat, &q.challenge.id, SKIP)
        .await
        .unwrap();
    // Later, another browser: no seat, the code again, then waiting.
    t.app.clock().advance(chrono::Duration::minutes(3));
    assert!(matches!(
        t.app.course_step(&c, "another-browser").await,
        Err(CertifError::SeatLost)
    ));
    assert_eq!(t.app.entry_step(&c, None), EntryStep::AccessCode);
    t.app.enter_access_code(&c, &s.code).await.unwrap();
    let c = t.app.candidacy(user, id).await.unwrap();
    assert_eq!(t.app.entry_step(&c, None), EntryStep::Waiting);
    let board = t.app.board(&inv).await.unwrap();
    assert!(
        matches!(
            board[0].state,
            CandidateState::Interrupted {
                resume_authorised: false,
                answered: 1
            }
        ),
        "{:?}",
        board[0].state
    );
    t.app.clock().advance(chrono::Duration::minutes(1));
    t.app.authorise(&inv, id).await.unwrap();
    let c = t.app.candidacy(user, id).await.unwrap();
    let new_seat = t.app.take_seat(&c, "fr").await.unwrap();
    let c = t.app.candidacy(user, id).await.unwrap();
    // The old browser lost its seat; the new one is at question 2.
    assert!(matches!(
        t.app.course_step(&c, &seat).await,
        Err(CertifError::SeatLost)
    ));
    let CourseStep::Question(q2) = t.app.course_step(&c, &new_seat).await.unwrap() else {
        panic!()
    };
    assert_eq!(q2.number, 2);
    // The invigilator ends the test: nothing more is accepted.
    t.app.end_test(&inv, id).await.unwrap();
    let c = t.app.candidacy(user, id).await.unwrap();
    assert!(matches!(
        t.app
            .answer_course(&c, &new_seat, &q2.challenge.id, SKIP)
            .await,
        Err(CertifError::Answer(AnswerRefusal::Ended))
    ));
    assert_eq!(
        t.app.board(&inv).await.unwrap()[0].state,
        CandidateState::EndedByInvigilator
    );
}

certif_scenario!(joining_refuses_strangers_other_accounts_and_uncertifiable_profiles);
async fn joining_refuses_strangers_other_accounts_and_uncertifiable_profiles(t: TestApp) {
    let s = session_with(&t, &[("Lefèvre", "Chloé", false)]).await;
    let inv = t
        .app
        .open_invigilation(s.session, &s.password)
        .await
        .unwrap();
    let beginner = t.learner("debutant@exemple.test").await;
    assert!(matches!(
        t.app
            .join_certification(&beginner, s.session, "Chloé", "Nobody", "04/03/2005")
            .await,
        Err(CertifError::NoMatch)
    ));
    assert!(matches!(
        t.app
            .join_certification(
                &beginner,
                SessionId::from(999_999),
                "Chloé",
                "Lefèvre",
                "04/03/2005"
            )
            .await,
        Err(CertifError::NoMatch)
    ));
    // Accents, case and punctuation aside, the names match.
    let id = t
        .app
        .join_certification(&beginner, s.session, "chloe", "LEFEVRE", "2005-03-04")
        .await
        .unwrap();
    let other = t.learner("autre@exemple.test").await;
    assert!(matches!(
        t.app
            .join_certification(&other, s.session, "Chloé", "Lefèvre", "04/03/2005")
            .await,
        Err(CertifError::LinkedElsewhere)
    ));
    // Not certifiable: flagged on the board, and cannot start even when authorised.
    let c = t.app.candidacy(beginner.id, id).await.unwrap();
    t.app.confirm_instructions(&c).await.unwrap();
    let c = t.app.candidacy(beginner.id, id).await.unwrap();
    t.app.enter_access_code(&c, &s.code).await.unwrap();
    assert_eq!(
        t.app.board(&inv).await.unwrap()[0].state,
        CandidateState::NotEligible
    );
    assert!(t.app.authorise(&inv, id).await.is_err());
    let c = t.app.candidacy(beginner.id, id).await.unwrap();
    assert!(matches!(
        t.app.take_seat(&c, "fr").await,
        Err(CertifError::Entry(_))
    ));
    // Another account cannot see the enrolment.
    assert!(matches!(
        t.app.candidacy(other.id, id).await,
        Err(CertifError::NotFound(_))
    ));
}

certif_scenario!(twenty_concurrent_answers_record_one_and_twenty_seats_take_one_authorisation);
async fn twenty_concurrent_answers_record_one_and_twenty_seats_take_one_authorisation(t: TestApp) {
    let s = session_with(&t, &[("Roux", "Inès", false)]).await;
    let inv = t
        .app
        .open_invigilation(s.session, &s.password)
        .await
        .unwrap();
    let user = t.learner_with_levels("ines@exemple.test", 6).await;
    let id = t
        .app
        .join_certification(&user, s.session, "Inès", "Roux", "04/03/2005")
        .await
        .unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    t.app.confirm_instructions(&c).await.unwrap();
    t.app.enter_access_code(&c, &s.code).await.unwrap();
    t.app.authorise(&inv, id).await.unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    let seats = futures::future::join_all((0..20).map(|_| t.app.take_seat(&c, "fr"))).await;
    let won: Vec<String> = seats.into_iter().filter_map(Result::ok).collect();
    assert_eq!(won.len(), 1, "one authorisation, one seat");
    let seat = &won[0];
    let c = t.app.candidacy(user.id, id).await.unwrap();
    let CourseStep::Question(q) = t.app.course_step(&c, seat).await.unwrap() else {
        panic!()
    };
    let answers = futures::future::join_all(
        (0..20).map(|_| t.app.answer_course(&c, seat, &q.challenge.id, SKIP)),
    )
    .await;
    assert_eq!(answers.iter().filter(|r| r.is_ok()).count(), 1);
    let steps = futures::future::join_all((0..20).map(|_| t.app.course_step(&c, seat))).await;
    let asked: std::collections::HashSet<String> = steps
        .into_iter()
        .map(|s| match s.unwrap() {
            CourseStep::Question(q) => q.challenge.id,
            CourseStep::Finished => panic!(),
        })
        .collect();
    assert_eq!(asked.len(), 1, "twenty loads ask one next question");
}

certif_scenario!(the_invigilator_password_locks_after_ten_wrong_ones_even_at_once);
async fn the_invigilator_password_locks_after_ten_wrong_ones_even_at_once(t: TestApp) {
    let s = session_with(&t, &[]).await;
    let tries =
        futures::future::join_all((0..20).map(|_| t.app.open_invigilation(s.session, "wrong!")))
            .await;
    assert!(tries.iter().all(|r| r.is_err()));
    assert!(
        tries
            .iter()
            .any(|r| matches!(r, Err(CertifError::InvigilationLocked))),
        "locked after ten"
    );
    // Locked: even the right password is refused for now.
    assert!(matches!(
        t.app.open_invigilation(s.session, &s.password).await,
        Err(CertifError::InvigilationLocked)
    ));
    t.app.clock().advance(chrono::Duration::minutes(16));
    assert!(
        t.app
            .open_invigilation(s.session, &s.password)
            .await
            .is_ok()
    );
}

certif_scenario!(another_node_hears_of_a_session_change_within_two_seconds);
async fn another_node_hears_of_a_session_change_within_two_seconds(t: TestApp) {
    let s = session_with(&t, &[("Blanc", "Noé", false)]).await;
    // A second node on the same database: its own App, its own in-memory channel.
    let other = t.another_node();
    other.spawn_session_listener();
    let mut heard_elsewhere = other.session_events();
    let mut heard_here = t.app.session_events();
    // Let the listener connect.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let user = t.learner_with_levels("noe@exemple.test", 5).await;
    t.app
        .join_certification(&user, s.session, "Noé", "Blanc", "04/03/2005")
        .await
        .unwrap();
    let two = std::time::Duration::from_secs(2);
    let here = tokio::time::timeout(two, heard_here.recv()).await;
    assert_eq!(
        here.unwrap().unwrap(),
        s.session.get(),
        "this node hears at once"
    );
    if t.db.store.backend() == acquis_app::testkit::store::Backend::Postgres {
        let elsewhere = tokio::time::timeout(two, async {
            loop {
                if heard_elsewhere.recv().await.unwrap() == s.session.get() {
                    return;
                }
            }
        })
        .await;
        assert!(
            elsewhere.is_ok(),
            "the other node hears through NOTIFY within 2 s"
        );
    }
}
