//! Finding a person among a million accounts: every kind of search (id, email, name; exact or
//! contains) is served by an index on both backends — the plans are read with `EXPLAIN` —
//! and finds the right people.

use acquis_store::testing::TestDb;
use acquis_store::{Backend, Matching, PeopleQuery, PersonField, scenario};

/// The accounts of the population.
const PEOPLE: i64 = 1_000_000;

fn query(field: PersonField, matching: Matching, term: &str) -> PeopleQuery {
    PeopleQuery {
        field,
        matching,
        term: term.into(),
        limit: 50,
    }
}

/// Whether a plan reads the users table (or its search index) whole.
fn full_scan(backend: Backend, plan: &[String]) -> bool {
    match backend {
        // `SCAN u` alone is a full scan; `SEARCH … USING …` and a virtual-table scan given
        // its index constraint (`VIRTUAL TABLE INDEX n:…` with a constraint) are not.
        Backend::Sqlite => plan.iter().any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["SCAN", "u", rest @ ..] => !rest.contains(&"USING"),
                ["SCAN", "users_search", .., index] => index.ends_with(':'),
                _ => false,
            }
        }),
        Backend::Postgres => plan.iter().any(|line| line.contains("Seq Scan on users")),
    }
}

scenario!(every_people_search_goes_through_an_index_at_a_million_accounts);
async fn every_people_search_goes_through_an_index_at_a_million_accounts(db: &TestDb) {
    let store = &db.store;
    let started = std::time::Instant::now();
    db.populate_users(PEOPLE).await.unwrap();
    eprintln!("{PEOPLE} accounts in {:?}", started.elapsed());
    let searches = [
        (query(PersonField::Id, Matching::Exact, "777777"), 1),
        (
            query(
                PersonField::Email,
                Matching::Exact,
                "personne424242@exemple.test",
            ),
            1,
        ),
        (query(PersonField::Name, Matching::Exact, "nom4242"), 20),
        (query(PersonField::Name, Matching::Exact, "prénom99"), 1),
        (
            query(PersonField::Email, Matching::Contains, "ne123456@"),
            1,
        ),
        (query(PersonField::Name, Matching::Contains, "nom4999"), 50),
    ];
    for (search, expected) in &searches {
        let plan = store.explain_people_search(search).await.unwrap();
        eprintln!("{search:?}:\n  {}", plan.join("\n  "));
        assert!(!plan.is_empty());
        assert!(
            !full_scan(db.backend(), &plan),
            "{search:?} reads the table whole:\n{}",
            plan.join("\n")
        );
        assert!(
            !plan.iter().any(|l| l.to_lowercase().contains("count")),
            "no count"
        );
        let t = std::time::Instant::now();
        let found = store.search_people(search).await.unwrap().unwrap();
        eprintln!("  {} found in {:?}", found.len(), t.elapsed());
        assert_eq!(found.len(), *expected, "{search:?}: {found:?}");
    }
    // The exact name search finds both names, the contains search what contains the term.
    let found = store
        .search_people(&query(PersonField::Email, Matching::Contains, "ne123456@"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found[0].email, "personne123456@exemple.test");
    // A "contains" under three characters has no index to use: refused, not scanned.
    assert!(
        store
            .search_people(&query(PersonField::Name, Matching::Contains, "no"))
            .await
            .unwrap()
            .is_none()
    );
}
