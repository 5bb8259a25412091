//! The files people upload, read into core types. Every row is checked and every problem
//! reported with its line as a spreadsheet numbers it (the header is line 1), its column and
//! the value at fault, so a file can be fixed in one go; the caller imports nothing unless
//! there is none. Pure: the text comes in, rows or problems come out.

pub mod candidates;
pub mod learners;
