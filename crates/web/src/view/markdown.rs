//! Markdown to safe HTML: the renderer and sanitiser of `acquis-markdown`, used by every page
//! that shows an author's or an organisation's text.

pub use acquis_markdown::{inline_html, to_html};
