//! Item calibration as a job: the admin action enqueues it, the worker writes a new parameter
//! set from the stored answers, linked to the scale when enough challenges stay fixed.

use acquis_app::calibration::{
    CalibrationRequest, ParameterSetVersion, calibrate, enqueue_calibration, parameter_set,
    parameter_sets,
};
use acquis_app::jobs::Job;
use acquis_app::testkit::TestApp;
use acquis_app::{AppError, app_scenario};
use acquis_core::AnswerStatus;
use acquis_core::irt::LatentDistribution;
use acquis_store::{AssessmentKind, NewAnswer, NewAssessment, NewUser};

/// Stores `persons` competence evaluations; person `p` answers the challenges `pick(p)` of the
/// live release, right when `(p + j) % 3 != 0` (some answers of every challenge right, some
/// wrong). The challenge ids, in release order.
async fn seed(t: &TestApp, persons: usize, pick: impl Fn(usize) -> Vec<usize>) -> Vec<String> {
    let store = &t.db.store;
    let live = t.app.live();
    let challenges: Vec<String> = live
        .framework
        .challenges()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let now = t.app.now();
    for p in 0..persons {
        let email = format!("p{p}@example.org");
        let user = store
            .create_user(
                NewUser {
                    first_name: "A",
                    last_name: "B",
                    email: &email,
                    password_hash: "",
                    locale: "fr",
                    terms_accepted_at: None,
                },
                now,
            )
            .await
            .unwrap();
        let assessment = store
            .create_assessment(
                NewAssessment {
                    user_id: user.id,
                    kind: AssessmentKind::Campaign,
                    competence: None,
                    seed: 1,
                    release_id: live.release_id,
                    locale: "fr",
                    improving: false,
                },
                now,
            )
            .await
            .unwrap();
        for j in pick(p) {
            let answer = NewAnswer {
                assessment_id: assessment.id,
                challenge_id: &challenges[j],
                value: "x",
                status: if (p + j) % 3 != 0 {
                    AnswerStatus::Ok
                } else {
                    AnswerStatus::Ko
                },
                time_spent_ms: None,
                label: None,
            };
            store
                .record_answer(user.id, answer, &[], now)
                .await
                .unwrap();
        }
    }
    challenges
}

app_scenario!(an_enqueued_calibration_writes_a_set_linked_through_its_anchors);
async fn an_enqueued_calibration_writes_a_set_linked_through_its_anchors(t: TestApp) {
    // Challenges 0–2 answered by all 60 people (estimated at 40 answers); 3–7
    // (12 each: fixed, five anchors with answers, so the set is linked).
    let challenges = seed(&t, 60, |p| {
        let mut items = vec![0, 1, 2];
        items.push(3 + p % 5);
        items
    })
    .await;
    let request = CalibrationRequest {
        min_answers: 40,
        anchors: Vec::new(),
        version: ParameterSetVersion::parse("cal-job").ok(),
    };
    let label = enqueue_calibration(&t.app, request.clone()).await.unwrap();
    assert_eq!(label.as_str(), "cal-job");
    assert!(
        parameter_sets(&t.app).await.unwrap().is_empty(),
        "only queued"
    );
    let ran = t.app.run_due_jobs().await.unwrap();
    assert_eq!((ran.done, ran.failed), (1, 0));

    let sets = parameter_sets(&t.app).await.unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].version, "cal-job");
    assert_eq!(sets[0].latent, LatentDistribution::Linked);
    assert_eq!((sets[0].persons, sets[0].answers), (60, 240));
    assert_eq!(sets[0].items as usize, challenges.len());
    let set = parameter_set(&t.app, "cal-job")
        .await
        .unwrap()
        .expect("written");
    let live = t.app.live();
    for item in &set.items {
        let j = challenges
            .iter()
            .position(|c| *c == item.challenge_id)
            .unwrap();
        if j < 3 {
            assert!(!item.fixed && item.answers == 60, "{item:?}");
            assert!(item.a.is_finite() && item.b.is_finite() && item.se_b.is_some());
        } else {
            let content = live.framework.challenges().get(j).unwrap().irt;
            assert!(item.fixed, "{item:?}");
            assert_eq!((item.a, item.b), (content.a, content.b), "kept exactly");
        }
    }
    assert!(parameter_set(&t.app, "other").await.unwrap().is_none());

    let again = enqueue_calibration(&t.app, request.clone()).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    let direct = calibrate(&t.app, &request).await;
    assert!(matches!(direct, Err(AppError::Conflict(_))), "{direct:?}");

    // A job run twice (its lease ran out while it was fitting) writes one set: the default
    // label is fixed when it is enqueued.
    let unlabelled = CalibrationRequest {
        version: None,
        ..request
    };
    let label = enqueue_calibration(&t.app, unlabelled).await.unwrap();
    assert!(label.as_str().starts_with("cal-"), "{label:?}");
    let twice = Job::Calibrate {
        request: CalibrationRequest {
            version: Some(label),
            ..CalibrationRequest::default()
        },
    };
    t.app
        .enqueue(&[twice.to_new(t.app.now()).unwrap()])
        .await
        .unwrap();
    let ran = t.app.run_due_jobs().await.unwrap();
    assert_eq!((ran.done, ran.failed), (2, 0));
    assert_eq!(parameter_sets(&t.app).await.unwrap().len(), 2);
}

app_scenario!(with_too_few_anchors_the_scale_is_the_standard_normal_and_listed_anchors_stay_fixed);
async fn with_too_few_anchors_the_scale_is_the_standard_normal_and_listed_anchors_stay_fixed(
    t: TestApp,
) {
    let challenges = seed(&t, 30, |_| vec![0, 1, 2, 3]).await;
    let request = CalibrationRequest {
        min_answers: 10,
        anchors: vec![challenges[1].clone(), "no-such-challenge".into()],
        version: None,
    };
    let outcome = calibrate(&t.app, &request).await.unwrap();
    assert_eq!(outcome.latent, LatentDistribution::Standard);
    assert_eq!(outcome.estimated, 3);
    assert_eq!(outcome.linking_anchors, 1);
    assert_eq!(outcome.unknown_anchors, ["no-such-challenge"]);
    assert!(outcome.version.starts_with("cal-"), "{}", outcome.version);
    let set = parameter_set(&t.app, &outcome.version)
        .await
        .unwrap()
        .unwrap();
    let anchor = set
        .items
        .iter()
        .find(|i| i.challenge_id == challenges[1])
        .unwrap();
    assert!(anchor.fixed && anchor.se_a.is_none() && anchor.answers == 30);
}

mod certification_answers {
    //! A certification course's answers count as one respondent.

    use acquis_app::calibration::{CalibrationRequest, ParameterSetVersion, calibrate};
    use acquis_app::certification::course::CourseStep;
    use acquis_app::certification::{CandidateId, SessionForm, SessionId};
    use acquis_app::testkit::TestApp;
    use acquis_core::certification::candidate::CandidateForm;
    use acquis_core::organization::OrganizationKind;

    /// A candidate seated in a new session: (account, enrolment, seat).
    async fn seated(t: &TestApp) -> (i64, CandidateId, String) {
        let c = t
            .with_centre_admin("Centre Calibrage", OrganizationKind::Pro)
            .await;
        let form = SessionForm {
            site: "Campus".into(),
            room: "A1".into(),
            date: "2027-02-10".into(),
            time: "14:00".into(),
            examiners: "Sam".into(),
            description: String::new(),
        };
        let created = t.app.create_session(&c.membership, &form).await.unwrap();
        let session = SessionId::from(created.session.id);
        let candidate = CandidateForm {
            birth_name: "Durand".into(),
            first_name: "Alex".into(),
            sex: "M".into(),
            birthdate: "2001-06-07".into(),
            born_in_france: "oui".into(),
            birth_insee: "69123".into(),
            results_email: "resultats@exemple.test".into(),
            billing_mode: "FREE".into(),
            ..Default::default()
        };
        t.app
            .enrol_candidate(&c.membership, session, &candidate, "fr")
            .await
            .unwrap();
        let inv = t
            .app
            .open_invigilation(session, &created.invigilator_password)
            .await
            .unwrap();
        let user = t.learner_with_levels("durand@exemple.test", 5).await;
        let id = t
            .app
            .join_certification(&user, session, "Alex", "Durand", "07/06/2001")
            .await
            .unwrap();
        let cand = t.app.candidacy(user.id, id).await.unwrap();
        t.app.confirm_instructions(&cand).await.unwrap();
        let cand = t.app.candidacy(user.id, id).await.unwrap();
        t.app
            .enter_access_code(&cand, &created.session.access_code)
            .await
            .unwrap();
        t.app.authorise(&inv, id).await.unwrap();
        let cand = t.app.candidacy(user.id, id).await.unwrap();
        let seat = t.app.take_seat(&cand, "fr").await.unwrap();
        (user.id, id, seat)
    }

    /// Skips `n` questions of the course; the challenges asked.
    async fn skip(
        t: &TestApp,
        (user, id, seat): &(i64, CandidateId, String),
        n: usize,
    ) -> Vec<String> {
        let mut asked = Vec::new();
        for _ in 0..n {
            let cand = t.app.candidacy(*user, *id).await.unwrap();
            let CourseStep::Question(q) = t.app.course_step(&cand, seat).await.unwrap() else {
                break;
            };
            t.app
                .answer_course(&cand, seat, &q.challenge.id, acquis_core::answer::SKIP)
                .await
                .unwrap();
            asked.push(q.challenge.id.clone());
        }
        asked
    }

    fn request(version: &str) -> CalibrationRequest {
        CalibrationRequest {
            min_answers: 1,
            anchors: Vec::new(),
            version: ParameterSetVersion::parse(version).ok(),
        }
    }

    certif_scenario!(a_certification_course_is_one_more_respondent);
    async fn a_certification_course_is_one_more_respondent(t: TestApp) {
        let candidate = seated(&t).await;
        let before = calibrate(&t.app, &request("cal-before")).await.unwrap();
        let asked = skip(&t, &candidate, 4).await;
        assert_eq!(asked.len(), 4);
        let after = calibrate(&t.app, &request("cal-after")).await.unwrap();
        assert_eq!(after.answers, before.answers + 4, "{before:?} {after:?}");
        assert_eq!(after.persons, before.persons + 1);
        let set = acquis_app::calibration::parameter_set(&t.app, "cal-after")
            .await
            .unwrap()
            .unwrap();
        for id in &asked {
            let item = set.items.iter().find(|i| &i.challenge_id == id).unwrap();
            assert!(item.answers >= 1 && !item.fixed, "{item:?}");
        }
    }
}
