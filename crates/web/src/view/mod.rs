//! What the browser and API clients may see of the domain: views built from `core` types that
//! leave secrets (solutions) out by construction.

pub mod challenge;
pub mod correction;
pub mod icons;
pub mod markdown;
