//! IRT (stub)
