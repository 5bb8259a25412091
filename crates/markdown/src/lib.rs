//! Markdown of instructions, explanations, campaign texts and trainings to HTML. Raw HTML in
//! the source is dropped, and the rendered HTML goes through a sanitiser (ammonia) that keeps
//! only safe tags and link or image destinations in `http`, `https`, `mailto` or relative
//! form, so no text an organisation or an author writes can run a script in a page
//! (`javascript:`, `data:`, `vbscript:` destinations are removed, in any case or spacing).

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Options, Parser, html};

static SANITISER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Renders markdown to safe HTML.
pub fn to_html(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, parser);
    SANITISER.clean(&out).to_string()
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

    #[test]
    fn script_destinations_are_dropped_in_any_case_or_spacing() {
        for attack in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x]( javascript:alert(1) )",
            "[x](<java script:alert(1)>)",
            "[x](&#106;avascript:alert(1))",
            "[x](java%0ascript:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "![x](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[x]: javascript:alert(1)\n\n[x]",
        ] {
            let html = to_html(attack).to_ascii_lowercase();
            assert!(!html.contains("<script"), "{attack} -> {html}");
            for bad in ["javascript:", "vbscript:", "data:"] {
                for attribute in ["href", "src"] {
                    let found = format!("{attribute}=\"{bad}");
                    assert!(!html.contains(&found), "{attack} -> {html}");
                }
            }
        }
    }

    #[test]
    fn web_mail_and_relative_links_stay() {
        let html = to_html(
            "[a](https://example.org/a) [b](http://example.org/b) [c](mailto:x@example.org) [d](/campagnes) [e](aide#haut)",
        );
        for href in [
            "https://example.org/a",
            "http://example.org/b",
            "mailto:x@example.org",
            "/campagnes",
            "aide#haut",
        ] {
            assert!(html.contains(&format!("href=\"{href}\"")), "{href}: {html}");
        }
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        let table = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~");
        assert!(
            table.contains("<table>") && table.contains("<del>old</del>"),
            "{table}"
        );
    }

    #[test]
    fn a_megabyte_of_text_and_nul_bytes_render_without_harm() {
        let big = "a\u{0}b ".repeat(256 * 1024);
        let html = to_html(&big);
        assert!(!html.contains('\u{0}'), "NUL kept");
        assert!(html.len() >= 256 * 1024, "text kept");
    }
}
