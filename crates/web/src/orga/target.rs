//! What an assessment campaign measures (the use-case layer's `CampaignTarget`).

pub use acquis_app::organizations::profiles::CampaignTarget;
