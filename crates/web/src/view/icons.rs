//! The portal's icons, as inline SVG (an emoji renders as an empty box where no emoji font is
//! installed). Every icon is decorative (`aria-hidden`): the text beside it says the same, so
//! a page never rests on the icon alone. Templates write `{{ chrome.icon("check")|safe }}`.

/// The markup of icon `name`, or nothing for an unknown name.
pub fn svg(name: &str) -> &'static str {
    match name {
        "check" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
        ),
        "cross" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>"#
        ),
        "arrow" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M2 8h11M9 4l4 4-4 4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
        ),
        "clock" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/>"#,
            r#"<path d="M8 4.5V8l2.5 2" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>"#
        ),
        "warning" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M8 1.5l7 13H1z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>"#,
            r#"<path d="M8 6v4M8 12.2v.3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>"#
        ),
        "half" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/>"#,
            r#"<path d="M8 1.5a6.5 6.5 0 0 1 0 13z" fill="currentColor"/></svg>"#
        ),
        "medal" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M5 1.5l3 4.5 3-4.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>"#,
            r#"<circle cx="8" cy="10.5" r="4" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>"#
        ),
        "download" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 13.5h11" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
        ),
        "external" => concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
            r#"<path d="M9 2h5v5M14 2L7 9M12 9.5V14H2V4h4.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
        ),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::svg;

    #[test]
    fn every_icon_is_a_decorative_svg() {
        for name in [
            "check", "cross", "arrow", "clock", "warning", "half", "medal", "download", "external",
        ] {
            let icon = svg(name);
            assert!(
                icon.starts_with("<svg") && icon.ends_with("</svg>"),
                "{name}"
            );
            assert!(icon.contains(r#"aria-hidden="true""#), "{name}");
        }
        assert_eq!(svg("unknown"), "");
    }
}
