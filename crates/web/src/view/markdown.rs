//! Markdown of instructions and explanations to HTML. Raw HTML in the source is dropped, so
//! content can never inject markup or scripts into a page.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders markdown to safe HTML.
pub fn to_html(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Renders one line of markdown (a proposal) without the surrounding paragraph.
pub fn inline_html(source: &str) -> String {
    let html = to_html(source);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .map(str::to_owned)
        .unwrap_or_else(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_raw_html_is_dropped() {
        assert_eq!(to_html("**gras**"), "<p><strong>gras</strong></p>\n");
        let html = to_html("a <script>alert(1)</script> b");
        assert!(!html.contains("<script>"), "{html}");
        assert_eq!(inline_html("`code`"), "<code>code</code>");
    }
}
