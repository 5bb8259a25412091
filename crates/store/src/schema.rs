//! The shape of the database as the backend reports it (tables, columns with nullability,
//! indexes), in one form for both backends, so a test can prove that the two migration trees
//! describe the same schema.

use std::collections::BTreeSet;

use crate::{Pool, Store, StoreError};

/// A column: its table, name and whether it accepts NULL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnShape {
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// Whether NULL is accepted (a primary-key column never accepts it).
    pub nullable: bool,
}

/// An index: its table, its key (columns in order, `expr` for an expression), uniqueness and
/// whether it is partial.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexShape {
    /// Table.
    pub table: String,
    /// Key columns, in order.
    pub columns: Vec<String>,
    /// Unique index (including those behind UNIQUE and PRIMARY KEY constraints).
    pub unique: bool,
    /// Has a WHERE clause.
    pub partial: bool,
}

/// The whole shape, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaShape {
    /// Table names.
    pub tables: BTreeSet<String>,
    /// Columns.
    pub columns: BTreeSet<ColumnShape>,
    /// Indexes.
    pub indexes: BTreeSet<IndexShape>,
}

impl Store {
    /// The schema's shape, without the migration bookkeeping table.
    pub async fn schema_shape(&self) -> Result<SchemaShape, StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let mut shape = SchemaShape::default();
                // Full-text search is each dialect's own (FTS5 virtual tables here, pg_trgm
                // GIN indexes on PostgreSQL): virtual tables and their shadow tables are left
                // out of the shape, as GIN indexes are on the other side.
                let virtual_tables: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
                )
                .fetch_all(pool)
                .await?;
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table'
                     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
                )
                .fetch_all(pool)
                .await?;
                let tables = tables.into_iter().filter(|t| {
                    !virtual_tables
                        .iter()
                        .any(|v| t == v || t.starts_with(&format!("{v}_")))
                });
                for table in tables {
                    let columns: Vec<(String, i64, i64)> =
                        sqlx::query_as("SELECT name, \"notnull\", pk FROM pragma_table_info($1)")
                            .bind(&table)
                            .fetch_all(pool)
                            .await?;
                    for (column, not_null, pk) in columns {
                        shape.columns.insert(ColumnShape {
                            table: table.clone(),
                            column,
                            nullable: not_null == 0 && pk == 0,
                        });
                    }
                    let indexes: Vec<(String, i64, i64)> = sqlx::query_as(
                        "SELECT name, \"unique\", partial FROM pragma_index_list($1)",
                    )
                    .bind(&table)
                    .fetch_all(pool)
                    .await?;
                    for (index, unique, partial) in indexes {
                        let columns: Vec<(i64, Option<String>)> = sqlx::query_as(
                            "SELECT seqno, name FROM pragma_index_info($1) ORDER BY seqno",
                        )
                        .bind(&index)
                        .fetch_all(pool)
                        .await?;
                        shape.indexes.insert(IndexShape {
                            table: table.clone(),
                            columns: columns
                                .into_iter()
                                .map(|(_, c)| c.unwrap_or_else(|| "expr".into()))
                                .collect(),
                            unique: unique != 0,
                            partial: partial != 0,
                        });
                    }
                    // An INTEGER PRIMARY KEY is the rowid: SQLite lists no index for it.
                    let rowid_pk: Vec<String> = sqlx::query_scalar(
                        "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk",
                    )
                    .bind(&table)
                    .fetch_all(pool)
                    .await?;
                    let has_pk_index = shape
                        .indexes
                        .iter()
                        .any(|i| i.table == table && i.unique && i.columns == rowid_pk);
                    if !rowid_pk.is_empty() && !has_pk_index {
                        shape.indexes.insert(IndexShape {
                            table: table.clone(),
                            columns: rowid_pk,
                            unique: true,
                            partial: false,
                        });
                    }
                    shape.tables.insert(table);
                }
                Ok(shape)
            }
            Pool::Postgres(pool) => {
                let mut shape = SchemaShape::default();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                       AND table_name NOT LIKE '_sqlx%'",
                )
                .fetch_all(pool)
                .await?;
                shape.tables.extend(tables);
                let columns: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT table_name::text, column_name::text, is_nullable::text
                     FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
                )
                .fetch_all(pool)
                .await?;
                for (table, column, nullable) in columns {
                    shape.columns.insert(ColumnShape {
                        table,
                        column,
                        nullable: nullable == "YES",
                    });
                }
                let indexes: Vec<(String, Vec<Option<String>>, bool, bool)> = sqlx::query_as(
                    "SELECT t.relname::text,
                            ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                                  ORDER BY k.n),
                            ix.indisunique, ix.indpred IS NOT NULL
                     FROM pg_index ix
                     JOIN pg_class t ON t.oid = ix.indrelid
                     JOIN pg_class i ON i.oid = ix.indexrelid
                     JOIN pg_am am ON am.oid = i.relam
                     JOIN pg_namespace ns ON ns.oid = t.relnamespace
                     WHERE ns.nspname = current_schema() AND t.relname NOT LIKE '_sqlx%'
                       AND am.amname <> 'gin'",
                )
                .fetch_all(pool)
                .await?;
                for (table, columns, unique, partial) in indexes {
                    shape.indexes.insert(IndexShape {
                        table,
                        columns: columns
                            .into_iter()
                            .map(|c| c.unwrap_or_else(|| "expr".into()))
                            .collect(),
                        unique,
                        partial,
                    });
                }
                Ok(shape)
            }
        }
    }
}
