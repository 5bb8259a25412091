//! Server-rendered SVG charts: horizontal bars with their labels and values written in the
//! SVG, so the chart reads without colour and without JavaScript. Each chart is an
//! `<svg role="img">` with a `<title>`; pages put the same figures in a data table behind a
//! "Voir les données" disclosure.

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

/// Width of a chart shown alone (px).
pub const WIDE: u32 = 640;
/// Width of one of several charts shown side by side (px).
pub const NARROW: u32 = 340;
/// Text size (px), written in the SVG: it is drawn at its own size, never scaled down.
const FONT: u32 = 13;
/// Room kept right of the bars for their values.
const VALUE_SPACE: u32 = 80;
/// One row: the label on its own line, then the bar and its value.
const ROW: u32 = 42;
/// Average width of a character at [`FONT`] px, to cut labels that would overflow.
const CHAR_WIDTH: u32 = 7;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn shorten(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        label.to_string()
    } else {
        let cut: String = label.chars().take(chars.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A horizontal bar chart `width` px wide, titled `title` (the accessible name); `id` makes
/// the title's id unique on the page. Labels and values are text inside the SVG, each label
/// on its own line above its bar, and the SVG is drawn at its own size (`width` px, as its
/// `viewBox`), so its text stays at 13 px however many charts share a row: a container
/// narrower than the chart scrolls instead of shrinking it.
pub fn bars(id: &str, title: &str, bars: &[Bar], width: u32) -> String {
    let height = ROW * bars.len() as u32 + 6;
    let bar_space = width.saturating_sub(VALUE_SPACE);
    let label_chars = (width / CHAR_WIDTH) as usize;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" font-size=\"{FONT}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}\">{}</title>",
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let top = ROW * i as u32;
        let y = top + 20;
        let filled = bar_space * u32::from(bar.percent.min(100)) / 100;
        let _ = write!(
            svg,
            "<g><text x=\"0\" y=\"{ly}\" class=\"chart-label\" font-size=\"{FONT}\">{label}</text>\
             <rect x=\"0\" y=\"{y}\" width=\"{bar_space}\" height=\"16\" class=\"chart-track\"/>\
             <rect x=\"0\" y=\"{y}\" width=\"{filled}\" height=\"16\" class=\"chart-bar\"/>\
             <text x=\"{vx}\" y=\"{vy}\" class=\"chart-value\" font-size=\"{FONT}\">{value}</text></g>",
            ly = top + 15,
            vy = y + 13,
            label = escape(&shorten(&bar.label, label_chars)),
            vx = bar_space + 8,
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
            WIDE,
        );
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1\""));
        assert!(svg.contains("<title id=\"c1\">Maîtrise &lt;par&gt; compétence</title>"));
        assert!(svg.contains(">1.1 Mener une recherche</text>"));
        assert!(svg.contains(">45 %</text>"));
        assert!(svg.contains("width=\"252\""), "45 % of 560 is 252: {svg}");
    }

    #[test]
    fn a_small_chart_is_drawn_at_its_own_size_so_its_text_never_shrinks() {
        let long = "2.3 Une compétence au titre vraiment très long pour une petite colonne";
        let svg = bars(
            "g1",
            "Classe",
            &[Bar {
                label: long.into(),
                percent: 100,
                value: "100 %".into(),
            }],
            NARROW,
        );
        assert!(svg.contains("viewBox=\"0 0 340 48\" width=\"340\" height=\"48\""));
        assert!(!svg.contains("preserveAspectRatio"));
        let sizes: Vec<u32> = svg
            .match_indices("font-size=\"")
            .map(|(i, m)| {
                svg[i + m.len()..]
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        assert!(
            sizes.len() >= 3 && sizes.iter().all(|&s| s >= 12),
            "{sizes:?}"
        );
        let label = svg
            .split("class=\"chart-label\" font-size=\"13\">")
            .nth(1)
            .unwrap();
        let label = label.split('<').next().unwrap();
        assert!(
            label.chars().count() as u32 * CHAR_WIDTH <= NARROW,
            "{label}"
        );
        assert!(label.ends_with('…'));
    }
}
