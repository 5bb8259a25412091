//! What follows a certification session, through its use cases, on SQLite and PostgreSQL:
//! issue reports, finalisation (abort reasons required), the scoring job, publication and
//! its mails, the holder's certificates, the public code check, the PDF and the signed
//! credential, unpublication; races on finalisation and publication.

use acquis_app::certification::course::CourseStep;
use acquis_app::certification::publication::Blocker;
use acquis_app::certification::{CandidateId, CertifError, Operator, SessionForm, SessionId};
use acquis_app::testkit::TestApp;
use acquis_core::Question;
use acquis_core::certification::candidate::CandidateForm;
use acquis_core::certification::finalisation::{FinalisationForm, IssueReportForm};
use acquis_core::organization::OrganizationKind;

const SKIP: &str = acquis_core::answer::SKIP;

struct Setup {
    membership: acquis_app::certification::CentreMembership,
    session: SessionId,
    password: String,
    code: String,
}

async fn session_with(t: &TestApp, names: &[(&str, &str)]) -> Setup {
    let c = t
        .with_centre_admin("Centre Résultats", OrganizationKind::Pro)
        .await;
    let created = t
        .app
        .create_session(
            &c.membership,
            &SessionForm {
                site: "Campus".into(),
                room: "A1".into(),
                date: "2027-02-10".into(),
                time: "14:00".into(),
                examiners: "Sam".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let session = SessionId::from(created.session.id);
    for (birth, first) in names {
        t.app
            .enrol_candidate(
                &c.membership,
                session,
                &CandidateForm {
                    birth_name: (*birth).into(),
                    first_name: (*first).into(),
                    sex: "M".into(),
                    birthdate: "2001-06-07".into(),
                    born_in_france: "oui".into(),
                    birth_insee: "69123".into(),
                    results_email: format!("resultats-{}@exemple.test", birth.to_lowercase()),
                    billing_mode: "FREE".into(),
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

/// A seated candidate: (account, enrolment, seat).
async fn seated(t: &TestApp, s: &Setup, birth: &str, first: &str) -> (i64, CandidateId, String) {
    let inv = t
        .app
        .open_invigilation(s.session, &s.password)
        .await
        .unwrap();
    let user = t
        .learner_with_levels(&format!("{}@exemple.test", birth.to_lowercase()), 5)
        .await;
    let id = t
        .app
        .join_certification(&user, s.session, first, birth, "07/06/2001")
        .await
        .unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    t.app.confirm_instructions(&c).await.unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    t.app.enter_access_code(&c, &s.code).await.unwrap();
    t.app.authorise(&inv, id).await.unwrap();
    let c = t.app.candidacy(user.id, id).await.unwrap();
    let seat = t.app.take_seat(&c, "fr").await.unwrap();
    (user.id, id, seat)
}

/// Answers `n` questions: right where the answer is a single choice and `right(k)` says so,
/// skipped otherwise. The challenge ids asked, in order.
async fn answer(
    t: &TestApp,
    who: &(i64, CandidateId, String),
    n: usize,
    right: impl Fn(usize) -> bool,
) -> Vec<String> {
    let (user, id, seat) = who;
    let mut asked = Vec::new();
    for k in 1..=n {
        let c = t.app.candidacy(*user, *id).await.unwrap();
        let CourseStep::Question(q) = t.app.course_step(&c, seat).await.unwrap() else {
            break;
        };
        let value = match &q.challenge.question {
            Question::Qcu { solution, .. } if right(k) => solution.to_string(),
            _ => SKIP.to_string(),
        };
        t.app
            .answer_course(&c, seat, &q.challenge.id, &value)
            .await
            .unwrap();
        asked.push(q.challenge.id.clone());
    }
    asked
}

certif_scenario!(a_session_is_finalised_scored_published_and_its_certificates_verify);
async fn a_session_is_finalised_scored_published_and_its_certificates_verify(t: TestApp) {
    let s = session_with(
        &t,
        &[
            ("Arnaud", "Basile"),
            ("Blanc", "Chloé"),
            ("Caron", "Dina"),
            ("Absent", "Eve"),
        ],
    )
    .await;
    let a = seated(&t, &s, "Arnaud", "Basile").await;
    let b = seated(&t, &s, "Blanc", "Chloé").await;
    let c = seated(&t, &s, "Caron", "Dina").await;
    let asked_a = answer(&t, &a, 32, |k| k % 3 != 0).await;
    assert_eq!(asked_a.len(), 32);
    answer(&t, &b, 21, |_| true).await;
    answer(&t, &c, 5, |_| true).await;
    let op = Operator::command_line();

    // Reports while the session is open: the second question of A was skipped (k = 2 is
    // answered right only if single-choice; report question 3, always skipped).
    let report = t
        .app
        .add_issue_report(
            &s.membership,
            s.session,
            a.1,
            &IssueReportForm {
                kind: "IN_CHALLENGE:WEBSITE_UNAVAILABLE".into(),
                question: "3".into(),
                description: "Le site demandé ne répondait pas.".into(),
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        t.app
            .add_issue_report(
                &s.membership,
                s.session,
                a.1,
                &IssueReportForm {
                    kind: "IN_CHALLENGE:OTHER".into(),
                    question: "40".into(),
                    description: "x".repeat(501),
                },
            )
            .await,
        Err(CertifError::InvalidReport(errors)) if errors.len() == 2
    ));

    // No abort reason for the two unfinished tests: refused, nothing changes.
    match t
        .app
        .finalise_session(&s.membership, s.session, &FinalisationForm::default(), &[])
        .await
    {
        Err(CertifError::MissingAbortReasons(who)) => {
            assert_eq!(who.len(), 2);
            assert!(who.contains(&b.1.get()) && who.contains(&c.1.get()));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        t.app
            .session_of(&s.membership, s.session)
            .await
            .unwrap()
            .finalised_at
            .is_none()
    );
    let aborts = [
        (b.1, "candidate".to_string()),
        (c.1, "technical".to_string()),
    ];
    t.app
        .finalise_session(
            &s.membership,
            s.session,
            &FinalisationForm {
                had_incident: true,
                ..Default::default()
            },
            &aborts,
        )
        .await
        .unwrap();
    assert!(matches!(
        t.app
            .finalise_session(
                &s.membership,
                s.session,
                &FinalisationForm::default(),
                &aborts
            )
            .await,
        Err(CertifError::SessionClosed)
    ));
    assert!(matches!(
        t.app
            .add_issue_report(
                &s.membership,
                s.session,
                a.1,
                &IssueReportForm {
                    kind: "FRAUD".into(),
                    ..Default::default()
                },
            )
            .await,
        Err(CertifError::SessionClosed)
    ));
    assert!(matches!(
        t.app.publish_results(&op, s.session).await,
        Err(CertifError::NotPublishable(b)) if b.contains(&Blocker::NotScored)
    ));

    // The scoring job.
    t.app.run_due_jobs().await.unwrap();
    let results = t.db.store.session_results(s.session.get()).await.unwrap();
    assert_eq!(results.len(), 3, "the absent candidate has no result");
    let of = |user: i64| results.iter().find(|r| r.user_id == user).unwrap().clone();
    let (ra, rb, rc) = (of(a.0), of(b.0), of(c.0));
    assert_eq!(ra.status, "validated");
    assert_eq!(ra.answered, 31, "the reported question is neutralised");
    let neutralised: Vec<String> = serde_json::from_str(&ra.neutralised).unwrap();
    assert_eq!(neutralised, [asked_a[2].clone()]);
    assert_eq!(ra.settings_version, "v3-2024");
    assert!(ra.verification_code.as_deref().unwrap().starts_with("P-"));
    assert_eq!(rb.status, "validated");
    assert_eq!(
        rb.scored_as_wrong, 11,
        "a candidate abort counts the missing answers wrong"
    );
    assert_eq!(rc.status, "cancelled");
    assert!(rc.verification_code.is_none());
    let reports = t.db.store.issue_reports(s.session.get()).await.unwrap();
    assert_eq!(reports[0].id, report);
    assert_eq!(reports[0].resolution.as_deref(), Some("neutralised"));

    // Scoring again gives the same figures and keeps the codes.
    t.app.score_session(s.session.get()).await.unwrap();
    let again = t.db.store.session_results(s.session.get()).await.unwrap();
    for (x, y) in results.iter().zip(&again) {
        assert_eq!(
            (
                x.capacity,
                x.score,
                x.global_level,
                &x.competence_levels,
                &x.verification_code
            ),
            (
                y.capacity,
                y.score,
                y.global_level,
                &y.competence_levels,
                &y.verification_code
            )
        );
    }

    // Nothing is visible before publication.
    assert!(
        t.app
            .my_certifications(a.0, false)
            .await
            .unwrap()
            .is_empty()
    );
    let code = ra.verification_code.clone().unwrap();
    assert!(
        t.app
            .verify_certificate_code(&code, false)
            .await
            .unwrap()
            .is_none()
    );

    let mails_before = t.mails().len();
    t.app.publish_results(&op, s.session).await.unwrap();
    t.app.run_due_jobs().await.unwrap();
    let mails: Vec<String> = t.mails().into_iter().skip(mails_before).collect();
    assert_eq!(
        mails.len(),
        3,
        "one results mail per candidate with a result"
    );
    assert!(mails.iter().all(|m| m.contains("certification results")));
    assert!(matches!(
        t.app.publish_results(&op, s.session).await,
        Err(CertifError::NotPublishable(_))
    ));

    // Years later: the published result recomputed from its stored facts and settings
    // version gives the same figures.
    let facts =
        t.db.store
            .course_facts(ra.course_id)
            .await
            .unwrap()
            .unwrap();
    let framework =
        t.db.store
            .release_framework(facts.course.release_id)
            .await
            .unwrap()
            .unwrap();
    let reports = t.db.store.issue_reports(s.session.get()).await.unwrap();
    let mine: Vec<_> = reports
        .iter()
        .filter(|r| r.candidate_id == a.1.get())
        .collect();
    let recomputed = acquis_app::certification::scoring::score_facts(&framework, &facts, &mine)
        .result
        .unwrap();
    let score = recomputed.score.unwrap();
    assert_eq!(Some(score.capacity), ra.capacity);
    assert_eq!(Some(score.error), ra.capacity_error);
    assert_eq!(Some(score.score as i32), ra.score);
    assert_eq!(recomputed.global_level.map(i32::from), ra.global_level);
    assert_eq!(
        serde_json::to_string(&recomputed.competence_levels).unwrap(),
        ra.competence_levels
    );

    // The holder's side.
    let mine = t.app.my_certifications(a.0, false).await.unwrap();
    assert_eq!(mine.len(), 1);
    let cert = &mine[0];
    assert!(cert.is_certificate());
    assert_eq!(cert.score, ra.score.map(|s| s as u32));
    assert_eq!(cert.areas.len(), 5);
    assert_eq!(
        cert.areas
            .iter()
            .map(|a| a.competences.len())
            .sum::<usize>(),
        16
    );
    let cancelled = t.app.my_certifications(c.0, false).await.unwrap();
    assert!(!cancelled[0].is_certificate());
    assert!(cancelled[0].score.is_none());
    assert!(matches!(
        t.app.my_certificate(b.0, cert.course_id, false).await,
        Err(CertifError::NotFound(_))
    ));

    // Anyone with the code, in any case, with or without the prefix.
    let found = t
        .app
        .verify_certificate_code(&code[2..].to_lowercase(), false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.holder_name(), "Basile Arnaud");
    for wrong in [
        "P-BCDFGHJK",
        "javascript:alert(1)",
        "P-\0",
        &"A".repeat(1 << 20),
    ] {
        assert!(
            t.app
                .verify_certificate_code(wrong, false)
                .await
                .unwrap()
                .is_none()
        );
    }

    // The PDF of the session for the centre: the two certificates.
    let session_certs = t
        .app
        .session_certificates(&s.membership, s.session, false)
        .await
        .unwrap();
    assert_eq!(session_certs.len(), 2);
    let mut pdf = Vec::new();
    t.app
        .write_certificates_pdf(&session_certs, false, &mut pdf)
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 2 * 60 * 1024, "{} bytes", pdf.len());

    // The credential verifies, and no longer once the session is unpublished.
    let jwt = t.app.my_credential(a.0, cert.course_id).await.unwrap();
    let verified = t.app.verify_credential(&jwt).await.unwrap();
    assert!(
        verified.credential["type"]
            .to_string()
            .contains("OpenBadgeCredential")
    );
    let mut tampered = jwt.clone().into_bytes();
    let middle = jwt.find('.').unwrap() + 10;
    tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
    assert!(
        t.app
            .verify_credential(&String::from_utf8(tampered).unwrap())
            .await
            .is_err()
    );
    let list = t.app.status_list_credential().await.unwrap();
    assert_eq!(list.split('.').count(), 3);
    t.app.unpublish_results(&op, s.session).await.unwrap();
    assert!(matches!(
        t.app.verify_credential(&jwt).await,
        Err(CertifError::Credential(
            acquis_credential::VerifyError::Revoked(_)
        ))
    ));
    assert!(
        t.app
            .verify_certificate_code(&code, false)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        t.app
            .my_certifications(a.0, false)
            .await
            .unwrap()
            .is_empty()
    );
    // Published again: it verifies again.
    t.app.publish_results(&op, s.session).await.unwrap();
    assert!(t.app.verify_credential(&jwt).await.is_ok());
}

certif_scenario!(a_comment_or_a_report_for_a_person_blocks_publication_until_unfinalised);
async fn a_comment_or_a_report_for_a_person_blocks_publication_until_unfinalised(t: TestApp) {
    let s = session_with(&t, &[("Dupont", "Jean")]).await;
    let a = seated(&t, &s, "Dupont", "Jean").await;
    answer(&t, &a, 32, |_| true).await;
    t.app
        .add_issue_report(
            &s.membership,
            s.session,
            a.1,
            &IssueReportForm {
                kind: "CANDIDATE_DETAILS:NAME_OR_BIRTH_DATE".into(),
                question: String::new(),
                description: "Prénom mal orthographié : Jehan.".into(),
            },
        )
        .await
        .unwrap();
    t.app
        .finalise_session(
            &s.membership,
            s.session,
            &FinalisationForm {
                comment: "Coupure de courant de 5 minutes.".into(),
                ..Default::default()
            },
            &[],
        )
        .await
        .unwrap();
    t.app.run_due_jobs().await.unwrap();
    let op = Operator::command_line();
    match t.app.publish_results(&op, s.session).await {
        Err(CertifError::NotPublishable(blockers)) => {
            assert!(blockers.contains(&Blocker::Comment));
            assert!(blockers.contains(&Blocker::ReportsNeedPerson(1)));
        }
        other => panic!("{other:?}"),
    }
    let report = t.app.publish_all_results(&op).await.unwrap();
    assert!(report.published.is_empty());
    assert_eq!(report.skipped.len(), 1);

    // The operator hands it back; the centre removes the report and finalises again.
    t.app.unfinalise_session(&op, s.session).await.unwrap();
    assert!(
        t.db.store
            .session_results(s.session.get())
            .await
            .unwrap()
            .is_empty()
    );
    let view = t
        .app
        .finalisation_view(&s.membership, s.session)
        .await
        .unwrap();
    let id = view.rows[0].reports[0].id;
    t.app
        .delete_issue_report(&s.membership, s.session, id)
        .await
        .unwrap();
    t.app
        .finalise_session(&s.membership, s.session, &FinalisationForm::default(), &[])
        .await
        .unwrap();
    t.app.run_due_jobs().await.unwrap();
    let report = t.app.publish_all_results(&op).await.unwrap();
    assert_eq!(report.published, [s.session.get()]);
    assert!(matches!(
        t.app.unfinalise_session(&op, s.session).await,
        Err(CertifError::Conflict(_))
    ));
}

certif_scenario!(twenty_concurrent_finalisations_and_publications_each_happen_once);
async fn twenty_concurrent_finalisations_and_publications_each_happen_once(t: TestApp) {
    let s = session_with(&t, &[("Esnault", "Farid")]).await;
    let a = seated(&t, &s, "Esnault", "Farid").await;
    answer(&t, &a, 32, |_| true).await;
    let finalisations = (0..20).map(|_| {
        let app = t.app.clone();
        let m = s.membership.clone();
        let session = s.session;
        tokio::spawn(async move {
            app.finalise_session(&m, session, &FinalisationForm::default(), &[])
                .await
        })
    });
    let outcomes = futures::future::join_all(finalisations).await;
    let ok = outcomes.iter().filter(|o| matches!(o, Ok(Ok(())))).count();
    assert_eq!(ok, 1, "one finalisation wins");
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Ok(Ok(()) | Err(CertifError::SessionClosed))))
    );
    let ran = t.app.run_due_jobs().await.unwrap();
    assert_eq!(ran.done, 1, "one scoring job");

    let mails_before = t.mails().len();
    let publications = (0..20).map(|_| {
        let app = t.app.clone();
        let session = s.session;
        tokio::spawn(async move {
            app.publish_results(&Operator::command_line(), session)
                .await
        })
    });
    let outcomes = futures::future::join_all(publications).await;
    assert_eq!(
        outcomes.iter().filter(|o| matches!(o, Ok(Ok(())))).count(),
        1,
        "one publication wins"
    );
    t.app.run_due_jobs().await.unwrap();
    assert_eq!(t.mails().len() - mails_before, 1, "one results mail");
}
