//! Certification centres, their sessions and the candidates enrolled in them. Members and
//! invitations of centres are in [`crate::membership`] (the same rules as organisations').

use acquis_core::certification::session::SessionStatus;
use acquis_core::organization::{OrganizationKind, Role};
use chrono::{DateTime, Utc};

use crate::jobs::enqueue_on;
use crate::stored::Stored;
use crate::{Backend, NewJob, Store, StoreError, in_transaction, with_pool};

/// A stored certification centre.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CentreRecord {
    /// 64-bit id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// School, higher education or professional centre.
    #[sqlx(try_from = "Stored<OrganizationKind>")]
    pub kind: OrganizationKind,
    /// An identifier from another system.
    pub external_id: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A session's details, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewSession {
    /// Site.
    pub site: String,
    /// Room.
    pub room: String,
    /// Date, ISO.
    pub date: String,
    /// Start time, `HH:MM`.
    pub time: String,
    /// Examiner name(s).
    pub examiners: String,
    /// Description.
    pub description: String,
}

/// A stored certification session.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRecord {
    /// The session number candidates and invigilators type.
    pub id: i64,
    /// The centre.
    pub centre_id: i64,
    /// Site.
    pub site: String,
    /// Room.
    pub room: String,
    /// Date, ISO.
    pub session_date: String,
    /// Start time.
    pub session_time: String,
    /// Examiner name(s).
    pub examiners: String,
    /// Description.
    pub description: String,
    /// The access code candidates type.
    pub access_code: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// When the first candidate started the test.
    pub first_started_at: Option<DateTime<Utc>>,
    /// When the centre finalised it.
    pub finalised_at: Option<DateTime<Utc>>,
    /// When an operator took it up.
    pub review_started_at: Option<DateTime<Utc>>,
    /// When its results were published.
    pub published_at: Option<DateTime<Utc>>,
    /// The centre ticked "an incident happened" at finalisation.
    pub had_incident: bool,
    /// The centre ticked "candidates had trouble joining" at finalisation.
    pub had_joining_issue: bool,
    /// The centre's finalisation comment.
    pub finalisation_comment: Option<String>,
    /// When the scoring job last computed its results.
    pub scored_at: Option<DateTime<Utc>>,
    /// Candidates enrolled.
    pub candidate_count: i64,
}

impl SessionRecord {
    /// The status its facts give.
    pub fn status(&self) -> SessionStatus {
        SessionStatus::derive(
            self.finalised_at.is_some(),
            self.review_started_at.is_some(),
            self.published_at.is_some(),
        )
    }

    /// Whether a candidate has started: details and enrolment are frozen from then on.
    pub fn started(&self) -> bool {
        self.first_started_at.is_some()
    }
}

/// Which sessions of a centre to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Only sessions with this status.
    pub status: Option<SessionStatus>,
    /// Only sessions on or after this ISO date.
    pub from: Option<String>,
    /// Only sessions on or before this ISO date.
    pub to: Option<String>,
}

/// A candidate to enrol, checked by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewCandidate {
    /// Birth name.
    pub birth_name: String,
    /// First name.
    pub first_name: String,
    /// `M` or `F`.
    pub sex: String,
    /// Birth date, ISO.
    pub birthdate: String,
    /// Born in France.
    pub born_in_france: bool,
    /// INSEE code of the birthplace.
    pub birth_insee: Option<String>,
    /// Postal code of the birthplace.
    pub birth_postal_code: Option<String>,
    /// City of birth.
    pub birth_city: Option<String>,
    /// Country of birth, when abroad.
    pub birth_country: Option<String>,
    /// Where the convocation goes.
    pub convocation_email: Option<String>,
    /// Where the results go.
    pub results_email: Option<String>,
    /// An id from the centre's system.
    pub external_id: Option<String>,
    /// Extra time, 0–99 %.
    pub extra_time_percent: i32,
    /// An accessibility adjustment is needed.
    pub accessibility: bool,
    /// `FREE`, `PAID`, `PREPAID`, or none (SCO centres).
    pub billing_mode: Option<String>,
    /// The prepayment code, for `PREPAID`.
    pub prepayment_code: Option<String>,
    /// Names and birth date as compared for duplicates.
    pub duplicate_key: String,
}

/// A stored candidate.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CandidateRecord {
    /// Id.
    pub id: i64,
    /// The session.
    pub session_id: i64,
    /// Birth name.
    pub birth_name: String,
    /// First name.
    pub first_name: String,
    /// `M` or `F`.
    pub sex: String,
    /// Birth date, ISO.
    pub birthdate: String,
    /// Born in France.
    pub born_in_france: bool,
    /// INSEE code of the birthplace.
    pub birth_insee: Option<String>,
    /// Postal code of the birthplace.
    pub birth_postal_code: Option<String>,
    /// City of birth.
    pub birth_city: Option<String>,
    /// Country of birth.
    pub birth_country: Option<String>,
    /// Convocation email.
    pub convocation_email: Option<String>,
    /// Results recipient email.
    pub results_email: Option<String>,
    /// External id.
    pub external_id: Option<String>,
    /// Extra time %.
    pub extra_time_percent: i32,
    /// Accessibility adjustment needed.
    pub accessibility: bool,
    /// Billing mode.
    pub billing_mode: Option<String>,
    /// Prepayment code.
    pub prepayment_code: Option<String>,
    /// The linked account, once the candidate joined.
    pub user_id: Option<i64>,
    /// When it was linked.
    pub linked_at: Option<DateTime<Utc>>,
    /// When the candidate confirmed the instructions.
    pub instructions_at: Option<DateTime<Utc>>,
    /// When the candidate last typed the session's access code.
    pub code_entered_at: Option<DateTime<Utc>>,
    /// When the invigilator last authorised the candidate to start or resume.
    pub authorised_at: Option<DateTime<Utc>>,
    /// Whether that authorisation was used.
    pub authorisation_used: bool,
    /// Whether the linked account's profile allowed certification when last checked.
    pub eligible: bool,
    /// Enrolled at.
    pub created_at: DateTime<Utc>,
}

/// What became of an enrolment, an edit or a deletion that a started or closed session
/// refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionChange<T> {
    /// Committed.
    Done(T),
    /// Refused, nothing changed: a candidate has started the test.
    Started,
    /// Refused, nothing changed: the session is finalised.
    Closed,
    /// Refused, nothing changed: the candidate at this position repeats one already enrolled
    /// (or an earlier one of the same batch).
    Duplicate(usize),
    /// No such session (or candidate) in this centre.
    NotFound,
}

const CENTRE_COLUMNS: &str = "id, name, kind, external_id, created_at";
pub(crate) const SESSION_COLUMNS: &str = "s.id, s.centre_id, s.site, s.room, s.session_date, s.session_time, s.examiners, s.description, s.access_code, s.created_at, s.first_started_at, s.finalised_at, s.review_started_at, s.published_at, s.had_incident, s.had_joining_issue, s.finalisation_comment, s.scored_at, (SELECT COUNT(*) FROM candidates c WHERE c.session_id = s.id) AS candidate_count";
pub(crate) const CANDIDATE_COLUMNS: &str = "id, session_id, birth_name, first_name, sex, birthdate, born_in_france, birth_insee, birth_postal_code, birth_city, birth_country, convocation_email, results_email, external_id, extra_time_percent, accessibility, billing_mode, prepayment_code, user_id, linked_at, instructions_at, code_entered_at, authorised_at, authorisation_used, eligible, created_at";

/// What a session's state allows, read inside a write transaction.
#[derive(sqlx::FromRow)]
struct Gate {
    first_started_at: Option<DateTime<Utc>>,
    finalised_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Creates a certification centre.
    pub async fn create_centre(
        &self,
        name: &str,
        kind: OrganizationKind,
        external_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<CentreRecord, StoreError> {
        let sql = format!(
            "INSERT INTO centres (name, kind, external_id, created_at) VALUES ($1, $2, $3, $4) RETURNING {CENTRE_COLUMNS}"
        );
        // A centre is accredited for the core certification when created; the operator may
        // withdraw it.
        in_transaction!(self, |tx| {
            let centre: CentreRecord = sqlx::query_as(&sql)
                .bind(name)
                .bind(kind.as_str())
                .bind(external_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO centre_accreditations (centre_id, certification, granted_at) VALUES ($1, 'CORE', $2)",
            )
            .bind(centre.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(centre)
        })
    }

    /// A centre by id.
    pub async fn centre(&self, id: i64) -> Result<Option<CentreRecord>, StoreError> {
        let sql = format!("SELECT {CENTRE_COLUMNS} FROM centres WHERE id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// The centres a user belongs to, with the role, by name.
    pub async fn centres_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<(CentreRecord, Role)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            centre: CentreRecord,
            #[sqlx(try_from = "Stored<Role>")]
            role: Role,
        }
        let rows: Vec<Row> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT c.id, c.name, c.kind, c.external_id, c.created_at, m.role
                 FROM centre_memberships m JOIN centres c ON c.id = m.centre_id
                 WHERE m.user_id = $1 AND c.archived_at IS NULL ORDER BY c.name, c.id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|r| (r.centre, r.role)).collect())
    }

    /// Creates a session with its access code and the hash of its invigilator password;
    /// `Conflict` if the access code is taken (draw another one).
    pub async fn create_certification_session(
        &self,
        centre_id: i64,
        details: &NewSession,
        access_code: &str,
        invigilator_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<SessionRecord, StoreError> {
        let inserted: Result<i64, sqlx::Error> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO certification_sessions (centre_id, site, room, session_date, session_time, examiners, description, access_code, invigilator_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(centre_id)
            .bind(&details.site)
            .bind(&details.room)
            .bind(&details.date)
            .bind(&details.time)
            .bind(&details.examiners)
            .bind(&details.description)
            .bind(access_code)
            .bind(invigilator_hash)
            .bind(now)
            .fetch_one(pool)
            .await
        });
        let id = inserted
            .map_err(|e| StoreError::conflict_on_unique(e, "a session with this access code"))?;
        self.certification_session(id)
            .await?
            .ok_or(StoreError::NotFound("session"))
    }

    /// A session by its number.
    pub async fn certification_session(
        &self,
        id: i64,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM certification_sessions s WHERE s.id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// The stored hash of a session's invigilator password.
    pub async fn invigilator_hash(&self, session_id: i64) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT invigilator_hash FROM certification_sessions WHERE id = $1")
                .bind(session_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The sessions of a centre that pass `filter`, latest date first.
    pub async fn centre_sessions(
        &self,
        centre_id: i64,
        filter: &SessionFilter,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let status = match filter.status {
            None => "",
            Some(SessionStatus::Created) => {
                " AND s.finalised_at IS NULL AND s.published_at IS NULL"
            }
            Some(SessionStatus::Finalised) => {
                " AND s.finalised_at IS NOT NULL AND s.review_started_at IS NULL AND s.published_at IS NULL"
            }
            Some(SessionStatus::InProcess) => {
                " AND s.finalised_at IS NOT NULL AND s.review_started_at IS NOT NULL AND s.published_at IS NULL"
            }
            Some(SessionStatus::Processed) => " AND s.published_at IS NOT NULL",
        };
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM certification_sessions s
             WHERE s.centre_id = $1 AND ($2 IS NULL OR s.session_date >= $2) AND ($3 IS NULL OR s.session_date <= $3){status}
             ORDER BY s.session_date DESC, s.session_time DESC, s.id DESC"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(centre_id)
                .bind(filter.from.as_deref())
                .bind(filter.to.as_deref())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Changes a session's details, unless a candidate started or it is finalised.
    pub async fn update_certification_session(
        &self,
        centre_id: i64,
        session_id: i64,
        details: &NewSession,
    ) -> Result<SessionChange<()>, StoreError> {
        let gate_sql = gate_sql(self.backend());
        Ok(in_transaction!(self, |tx| {
            let gate: Option<Gate> = sqlx::query_as(&gate_sql)
                .bind(session_id)
                .bind(centre_id)
                .fetch_optional(&mut *tx)
                .await?;
            match refusal(gate) {
                Some(refused) => refused,
                None => {
                    sqlx::query(
                        "UPDATE certification_sessions SET site = $1, room = $2, session_date = $3, session_time = $4, examiners = $5, description = $6 WHERE id = $7",
                    )
                    .bind(&details.site)
                    .bind(&details.room)
                    .bind(&details.date)
                    .bind(&details.time)
                    .bind(&details.examiners)
                    .bind(&details.description)
                    .bind(session_id)
                    .execute(&mut *tx)
                    .await?;
                    SessionChange::Done(())
                }
            }
        }))
    }

    /// Replaces the invigilator password's hash of a session of `centre_id` that is not
    /// finalised; whether it was.
    pub async fn set_invigilator_hash(
        &self,
        centre_id: i64,
        session_id: i64,
        hash: &str,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE certification_sessions SET invigilator_hash = $1 WHERE id = $2 AND centre_id = $3 AND finalised_at IS NULL",
            )
            .bind(hash)
            .bind(session_id)
            .bind(centre_id)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// Deletes a session and its candidates, unless a candidate started or it is finalised.
    pub async fn delete_certification_session(
        &self,
        centre_id: i64,
        session_id: i64,
    ) -> Result<SessionChange<()>, StoreError> {
        let gate_sql = gate_sql(self.backend());
        Ok(in_transaction!(self, |tx| {
            let gate: Option<Gate> = sqlx::query_as(&gate_sql)
                .bind(session_id)
                .bind(centre_id)
                .fetch_optional(&mut *tx)
                .await?;
            match refusal(gate) {
                Some(refused) => refused,
                None => {
                    sqlx::query("DELETE FROM candidates WHERE session_id = $1")
                        .bind(session_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM certification_sessions WHERE id = $1")
                        .bind(session_id)
                        .execute(&mut *tx)
                        .await?;
                    SessionChange::Done(())
                }
            }
        }))
    }

    /// Enrols candidates in a session with the jobs they cause (their convocation mails), all
    /// or none, in one transaction: refused when a candidate started, when the session is
    /// finalised, or when one of them repeats an enrolled candidate or an earlier one of the
    /// batch (same names and birth date). Returns their ids in order.
    pub async fn enrol_candidates(
        &self,
        centre_id: i64,
        session_id: i64,
        candidates: &[NewCandidate],
        jobs: &[NewJob],
        now: DateTime<Utc>,
    ) -> Result<SessionChange<Vec<i64>>, StoreError> {
        let gate_sql = gate_sql(self.backend());
        let outcome: Result<SessionChange<Vec<i64>>, StoreError> = match &self.pool {
            crate::Pool::Sqlite(pool) => {
                let _writer = self.writer.lock().await;
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = enrol_sqlite(
                    &mut tx, &gate_sql, centre_id, session_id, candidates, jobs, now,
                )
                .await?;
                if matches!(out, SessionChange::Done(_)) {
                    tx.commit().await?;
                }
                Ok(out)
            }
            crate::Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let out = enrol_postgres(
                    &mut tx, &gate_sql, centre_id, session_id, candidates, jobs, now,
                )
                .await?;
                if matches!(out, SessionChange::Done(_)) {
                    tx.commit().await?;
                }
                Ok(out)
            }
        };
        outcome
    }

    /// Removes an enrolled candidate who has not joined, unless a candidate started or the
    /// session is finalised.
    pub async fn remove_candidate(
        &self,
        centre_id: i64,
        session_id: i64,
        candidate_id: i64,
    ) -> Result<SessionChange<()>, StoreError> {
        let gate_sql = gate_sql(self.backend());
        Ok(in_transaction!(self, |tx| {
            let gate: Option<Gate> = sqlx::query_as(&gate_sql)
                .bind(session_id)
                .bind(centre_id)
                .fetch_optional(&mut *tx)
                .await?;
            match refusal(gate) {
                Some(refused) => refused,
                None => {
                    let gone =
                        sqlx::query("DELETE FROM candidates WHERE id = $1 AND session_id = $2")
                            .bind(candidate_id)
                            .bind(session_id)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                    if gone == 0 {
                        SessionChange::NotFound
                    } else {
                        SessionChange::Done(())
                    }
                }
            }
        }))
    }

    /// The candidates of a session, by birth name.
    pub async fn candidates(&self, session_id: i64) -> Result<Vec<CandidateRecord>, StoreError> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE session_id = $1 ORDER BY birth_name, first_name, id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(session_id)
                .fetch_all(pool)
                .await?
        }))
    }
}

/// The query reading a session's [`Gate`] (its row locked on PostgreSQL, so enrolments, edits
/// and the first start take turns; SQLite's writer lock does that there).
fn gate_sql(backend: Backend) -> String {
    let lock = if backend == Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    format!(
        "SELECT first_started_at, finalised_at FROM certification_sessions WHERE id = $1 AND centre_id = $2{lock}"
    )
}

/// Why a change to a session is refused, if it is.
fn refusal<T>(gate: Option<Gate>) -> Option<SessionChange<T>> {
    match gate {
        None => Some(SessionChange::NotFound),
        Some(g) if g.finalised_at.is_some() => Some(SessionChange::Closed),
        Some(g) if g.first_started_at.is_some() => Some(SessionChange::Started),
        Some(_) => None,
    }
}

/// The body of [`Store::enrol_candidates`], on either backend's transaction.
macro_rules! enrol_body {
    ($name:ident, $db:ty) => {
        async fn $name(
            tx: &mut sqlx::Transaction<'_, $db>,
            gate_sql: &str,
            centre_id: i64,
            session_id: i64,
            candidates: &[NewCandidate],
            jobs: &[NewJob],
            now: DateTime<Utc>,
        ) -> Result<SessionChange<Vec<i64>>, StoreError> {
            let gate: Option<Gate> = sqlx::query_as(gate_sql)
                .bind(session_id)
                .bind(centre_id)
                .fetch_optional(&mut **tx)
                .await?;
            if let Some(refused) = refusal(gate) {
                return Ok(refused);
            }
            let mut ids = Vec::with_capacity(candidates.len());
            for (i, c) in candidates.iter().enumerate() {
                let inserted: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO candidates (session_id, birth_name, first_name, sex, birthdate, born_in_france, birth_insee, birth_postal_code, birth_city, birth_country, convocation_email, results_email, external_id, extra_time_percent, accessibility, billing_mode, prepayment_code, duplicate_key, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
                     ON CONFLICT (session_id, duplicate_key) DO NOTHING RETURNING id",
                )
                .bind(session_id)
                .bind(&c.birth_name)
                .bind(&c.first_name)
                .bind(&c.sex)
                .bind(&c.birthdate)
                .bind(c.born_in_france)
                .bind(&c.birth_insee)
                .bind(&c.birth_postal_code)
                .bind(&c.birth_city)
                .bind(&c.birth_country)
                .bind(&c.convocation_email)
                .bind(&c.results_email)
                .bind(&c.external_id)
                .bind(c.extra_time_percent)
                .bind(c.accessibility)
                .bind(&c.billing_mode)
                .bind(&c.prepayment_code)
                .bind(&c.duplicate_key)
                .bind(now)
                .fetch_optional(&mut **tx)
                .await?;
                match inserted {
                    Some(id) => ids.push(id),
                    None => return Ok(SessionChange::Duplicate(i)),
                }
            }
            for job in jobs {
                enqueue_on!(&mut **tx, job, now)?;
            }
            Ok(SessionChange::Done(ids))
        }
    };
}

enrol_body!(enrol_sqlite, sqlx::Sqlite);
enrol_body!(enrol_postgres, sqlx::Postgres);
