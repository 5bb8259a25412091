//! The two migration trees describe one schema: the same tables, columns, nullability and
//! indexes on SQLite and PostgreSQL (needs `ACQUIS_TEST_DATABASE_URL`; CI sets it).

use acquis_store::testing::TestDb;

fn differences<T: Ord + Clone + std::fmt::Debug>(
    what: &str,
    sqlite: &std::collections::BTreeSet<T>,
    postgres: &std::collections::BTreeSet<T>,
) -> Vec<String> {
    let mut out: Vec<String> = sqlite
        .difference(postgres)
        .map(|x| format!("{what} only on SQLite: {x:?}"))
        .collect();
    out.extend(
        postgres
            .difference(sqlite)
            .map(|x| format!("{what} only on PostgreSQL: {x:?}")),
    );
    out
}

#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_columns_and_indexes() {
    let Some(postgres) = TestDb::postgres().await else {
        eprintln!("ACQUIS_TEST_DATABASE_URL not set: schema parity skipped");
        return;
    };
    let postgres = postgres.expect("postgres test database");
    let sqlite = TestDb::sqlite().await.expect("sqlite test database");
    let (s, p) = (
        sqlite.store.schema_shape().await.unwrap(),
        postgres.store.schema_shape().await.unwrap(),
    );
    assert!(s.tables.len() > 10, "{:?}", s.tables);
    eprintln!(
        "{} tables, {} columns, {} indexes",
        s.tables.len(),
        s.columns.len(),
        s.indexes.len()
    );
    assert!(
        s.indexes.iter().any(|i| i.table == "jobs" && i.partial),
        "{:?}",
        s.indexes
    );
    assert!(
        p.columns
            .iter()
            .any(|c| c.table == "jobs" && c.column == "failed_at" && c.nullable)
    );
    let mut problems = differences("table", &s.tables, &p.tables);
    problems.extend(differences("column", &s.columns, &p.columns));
    problems.extend(differences("index", &s.indexes, &p.indexes));
    assert!(
        problems.is_empty(),
        "the migration trees drifted:\n{}",
        problems.join("\n")
    );
}
