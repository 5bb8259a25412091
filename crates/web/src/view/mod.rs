//! What the browser and API clients may see of the domain: views built from `core` types that
//! leave secrets (solutions) out by construction.

pub mod challenge;
pub mod correction;
pub mod icons;
pub mod markdown;

use crate::i18n::Lang;

/// The language of content written in `locales` when it differs from the page's `lang`, for a
/// `lang` attribute on that content (screen readers then read it in its own language).
pub fn content_lang(locales: &[String], lang: Lang) -> Option<String> {
    if locales.is_empty() || locales.iter().any(|l| l == lang.code()) {
        return None;
    }
    locales.first().cloned()
}
