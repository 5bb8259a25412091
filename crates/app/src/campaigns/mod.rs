//! Campaigns: what a target profile stores (`definition`: its tubes, stages and badges) and
//! what a shared participation keeps (`results`), from which every export and analysis is
//! computed without reading knowledge elements again.

pub mod definition;
pub mod results;

pub use definition::ProfileDefinition;
pub use results::SharedResults;
