//! Server-rendered SVG charts: horizontal bars with their values written beside them, so the
//! chart reads without colour and without JavaScript. Each chart is an `<svg role="img">`
//! with a `<title>`; pages put the same figures in a data table next to it.

use std::fmt::Write;

/// One bar: a label and a rate.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What the bar measures ("1.1 Mener une recherche").
    pub label: String,
    /// The rate, 0..=100.
    pub percent: u8,
    /// The value written after the bar ("45 %", "12 / 20").
    pub value: String,
}

const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 260;
const BAR_SPACE: u32 = 290;
const ROW: u32 = 26;
const LABEL_CHARS: usize = 38;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// A horizontal bar chart titled `title` (the accessible name); `id` makes the title's id
/// unique on the page.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as u32 + 8;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}\">{}</title>",
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + ROW * i as u32;
        let width = BAR_SPACE * u32::from(bar.percent.min(100)) / 100;
        let _ = write!(
            svg,
            "<g><text x=\"0\" y=\"{ty}\" class=\"chart-label\">{label}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{BAR_SPACE}\" height=\"18\" class=\"chart-track\"/>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{width}\" height=\"18\" class=\"chart-bar\"/>\
             <text x=\"{vx}\" y=\"{ty}\" class=\"chart-value\">{value}</text></g>",
            ty = y + 14,
            label = escape(&shorten(&bar.label)),
            vx = LABEL_WIDTH + BAR_SPACE + 8,
            value = escape(&bar.value),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_with_a_title_and_written_values() {
        let svg = bars(
            "c1",
            "Maîtrise <par> compétence",
            &[Bar {
                label: "1.1 Mener une recherche".into(),
                percent: 45,
                value: "45 %".into(),
            }],
        );
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1\""));
        assert!(svg.contains("<title id=\"c1\">Maîtrise &lt;par&gt; compétence</title>"));
        assert!(svg.contains(">45 %</text>"));
        assert!(svg.contains("width=\"130\""), "45 % of 290 is 130: {svg}");
    }
}
