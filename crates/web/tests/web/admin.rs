//! The operator's portal as operators use it: the first super-administrator from the command
//! line's use case, roles given and revoked in the portal, the last super-administrator kept
//! under 20 racing revocations, and the audit log (browsed, filtered, exported, append-only).

use acquis_app::admin::{AuditQuery, Operator, OperatorRole, operators};
use axum::http::StatusCode;

use crate::common;
use common::TestApp;

/// Makes `email` (who signs up) an operator of `role`, signed in afterwards; returns their id.
pub async fn operator(app: &TestApp, email: &str, role: OperatorRole) -> i64 {
    let id = app.sign_up(email, "Odile", "Opératrice").await;
    operators::grant(&app.state.app, &Operator::command_line(), email, role)
        .await
        .unwrap();
    id
}

on_both_backends!(a_person_who_is_no_operator_finds_no_portal);
async fn a_person_who_is_no_operator_finds_no_portal(app: TestApp) {
    app.sign_up("lea@example.org", "Léa", "Martin").await;
    assert_eq!(app.get("/admin").await.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get("/competences")
            .await
            .body
            .contains("data-nav-admin")
    );
    app.clear_cookies();
    let r = app.get("/admin").await;
    assert!(r.location().starts_with("/connexion"), "{}", r.status);
}

on_both_backends!(a_super_administrator_gives_and_revokes_roles_and_the_log_says_so);
async fn a_super_administrator_gives_and_revokes_roles_and_the_log_says_so(app: TestApp) {
    let bob = app.sign_up("bob@example.org", "Bob", "Support").await;
    let alice = operator(&app, "alice@example.org", OperatorRole::SuperAdmin).await;
    let home = app.get("/admin").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Super-administrateur"), "{}", home.body);
    assert!(
        app.get("/competences")
            .await
            .body
            .contains("data-nav-admin")
    );

    let r = app
        .post_with_csrf(
            "/admin/operateurs",
            &[("email", "Bob@Example.org"), ("role", "SUPPORT")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = app.get("/admin/operateurs").await.body;
    assert!(list.contains("bob@example.org"), "{list}");
    assert!(list.contains("bob@example.org a maintenant le rôle Support"));
    // Unknown account, bad role: said, nothing changed.
    app.post_with_csrf(
        "/admin/operateurs",
        &[("email", "personne@example.org"), ("role", "SUPPORT")],
    )
    .await;
    assert!(
        app.get("/admin/operateurs")
            .await
            .body
            .contains("Aucun compte actif")
    );
    app.post_with_csrf(
        "/admin/operateurs",
        &[("email", "bob@example.org"), ("role", "ROOT")],
    )
    .await;
    let store = &app.db.store;
    assert_eq!(
        store.operator_role(bob).await.unwrap(),
        Some(OperatorRole::Support)
    );

    // Bob, support, may read but not manage operators.
    app.sign_in("bob@example.org").await;
    assert_eq!(app.get("/admin/operateurs").await.status, StatusCode::OK);
    let r = app
        .post_with_csrf(
            "/admin/operateurs",
            &[("email", "bob@example.org"), ("role", "SUPER_ADMIN")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        store.operator_role(bob).await.unwrap(),
        Some(OperatorRole::Support)
    );

    // Alice revokes Bob; the last super-administrator (herself) stays.
    app.sign_in("alice@example.org").await;
    app.post_with_csrf(&format!("/admin/operateurs/{bob}/retirer"), &[])
        .await;
    assert_eq!(store.operator_role(bob).await.unwrap(), None);
    app.post_with_csrf(&format!("/admin/operateurs/{alice}/retirer"), &[])
        .await;
    assert_eq!(
        store.operator_role(alice).await.unwrap(),
        Some(OperatorRole::SuperAdmin)
    );
    assert!(
        app.get("/admin/operateurs")
            .await
            .body
            .contains("dernier super-administrateur")
    );

    // The log: newest first, with role and client; filtered; exported.
    let log = app.get("/admin/journal").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.body.contains("Rôle d’opérateur retiré"), "{}", log.body);
    assert!(log.body.contains("Rôle d’opérateur donné"));
    assert!(log.body.contains("alice@example.org"));
    let filtered = app
        .get(&format!(
            "/admin/journal?action=operator.revoked&cible=user:{bob}"
        ))
        .await
        .body;
    assert!(filtered.contains("data-audit-action>Rôle d’opérateur retiré<"));
    assert!(!filtered.contains("data-audit-action>Rôle d’opérateur donné<"));
    let csv = app.get("/admin/journal.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(csv.body.contains("operator.revoked"));
    assert!(csv.body.contains(&format!("user:{bob}")));
    let entries = store
        .audit_entries(AuditQuery {
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let revoke = entries
        .iter()
        .find(|e| e.action_name == "operator.revoked")
        .unwrap();
    assert_eq!(revoke.actor_user_id, Some(alice));
    assert_eq!(revoke.actor_role, Some(OperatorRole::SuperAdmin));
    assert!(!revoke.client.is_empty());
}

on_both_backends!(the_audit_log_refuses_changes_and_deletions);
async fn the_audit_log_refuses_changes_and_deletions(app: TestApp) {
    operator(&app, "alice@example.org", OperatorRole::SuperAdmin).await;
    let store = &app.db.store;
    let before = store
        .audit_entries(AuditQuery {
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(before.len(), 1);
    for attempt in app.db.tamper_with_audit_log().await {
        assert!(
            attempt.is_err(),
            "the database let the log change: {attempt:?}"
        );
    }
    let after = store
        .audit_entries(AuditQuery {
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(before, after);
}

on_both_backends!(twenty_racing_revocations_leave_one_super_administrator);
async fn twenty_racing_revocations_leave_one_super_administrator(app: TestApp) {
    // Three super-administrators, each revoking the others and themselves, 20 requests at once.
    let mut ids = Vec::new();
    for email in ["a@example.org", "b@example.org", "c@example.org"] {
        ids.push(operator(&app, email, OperatorRole::SuperAdmin).await);
    }
    let op = Operator::command_line();
    let calls = (0..20).map(|i| {
        let app = app.state.app.clone();
        let target = ids[i % ids.len()];
        let op = op.clone();
        async move { operators::revoke(&app, &op, target).await }
    });
    let results = futures::future::join_all(calls).await;
    assert!(
        results
            .iter()
            .all(|r| r.is_ok() || matches!(r, Err(acquis_app::admin::AdminError::LastSuperAdmin)))
    );
    let left = app.db.store.operators().await.unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].role, OperatorRole::SuperAdmin);
}
