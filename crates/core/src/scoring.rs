//! scoring (stub)
