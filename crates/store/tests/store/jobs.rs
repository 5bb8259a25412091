//! The job queue on SQLite and PostgreSQL: claims under races, leases, retries and failures.

use acquis_store::testing::TestDb;
use acquis_store::{NewJob, scenario};
use chrono::{DateTime, Duration, Utc};

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
}

fn job(n: usize, run_at: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: "mail".into(),
        payload: format!("{{\"n\":{n}}}"),
        run_at,
    }
}

scenario!(twenty_concurrent_claims_never_hand_out_a_job_twice);
async fn twenty_concurrent_claims_never_hand_out_a_job_twice(db: &TestDb) {
    let store = &db.store;
    let jobs: Vec<NewJob> = (0..5).map(|n| job(n, at(0))).collect();
    store.enqueue_jobs(&jobs, at(0)).await.unwrap();
    let claims = futures::future::join_all(
        (0..20).map(|_| store.claim_job(at(1), at(1) + Duration::minutes(5))),
    )
    .await;
    let mut ids: Vec<i64> = claims
        .into_iter()
        .filter_map(|c| c.unwrap().map(|j| j.id))
        .collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "a job was claimed twice: {ids:?}");
    assert_eq!(ids.len(), 5, "every due job is claimed once");
    assert_eq!(store.due_jobs(at(2)).await.unwrap(), 0, "all leased");
}

scenario!(a_job_waits_for_its_time_and_a_lease_ends_if_its_worker_dies);
async fn a_job_waits_for_its_time_and_a_lease_ends_if_its_worker_dies(db: &TestDb) {
    let store = &db.store;
    store.enqueue_jobs(&[job(1, at(60))], at(0)).await.unwrap();
    assert!(
        store.claim_job(at(59), at(120)).await.unwrap().is_none(),
        "not yet due"
    );
    let first = store
        .claim_job(at(60), at(360))
        .await
        .unwrap()
        .expect("due");
    assert_eq!(first.attempts, 1);
    assert!(
        store.claim_job(at(100), at(400)).await.unwrap().is_none(),
        "leased"
    );
    // The worker never came back: once the lease ends another worker takes the job.
    let again = store
        .claim_job(at(360), at(660))
        .await
        .unwrap()
        .expect("lease over");
    assert_eq!((again.id, again.attempts), (first.id, 2));
    store.complete_job(again.id).await.unwrap();
    assert!(
        store.jobs(10).await.unwrap().is_empty(),
        "a done job leaves the queue"
    );
}

scenario!(a_failed_job_is_retried_later_then_kept_as_failed);
async fn a_failed_job_is_retried_later_then_kept_as_failed(db: &TestDb) {
    let store = &db.store;
    store.enqueue_jobs(&[job(1, at(0))], at(0)).await.unwrap();
    let claimed = store.claim_job(at(0), at(300)).await.unwrap().unwrap();
    store
        .fail_job(claimed.id, "SMTP refused", Some(at(30)), at(1))
        .await
        .unwrap();
    assert!(
        store.claim_job(at(10), at(310)).await.unwrap().is_none(),
        "waits for its retry"
    );
    let retried = store
        .claim_job(at(30), at(330))
        .await
        .unwrap()
        .expect("retry due");
    store
        .fail_job(retried.id, "SMTP refused again", None, at(31))
        .await
        .unwrap();
    assert!(
        store
            .claim_job(at(9999), at(10_299))
            .await
            .unwrap()
            .is_none(),
        "given up"
    );
    let kept = store.jobs(10).await.unwrap();
    assert_eq!(kept.len(), 1, "a failed job is never dropped");
    assert_eq!(kept[0].last_error.as_deref(), Some("SMTP refused again"));
    assert_eq!(kept[0].failed_at, Some(at(31)));
    assert_eq!(kept[0].payload, "{\"n\":1}");
}
