//! Making caller texts safe to lay out: cleaning, capping, fitting to a width and wrapping.

use unicode_normalization::UnicodeNormalization;

use crate::fonts::UsedFace;

/// The most characters any single text of the page keeps; longer ones end with an ellipsis.
pub const MAX_CHARS: usize = 200;

const ELLIPSIS: char = '…';

/// `raw` ready to be shown: control characters (NUL included), bidirectional overrides and
/// other invisible format characters dropped, runs of white space made one space, put in
/// composed form (NFC, so "e" + combining acute becomes "é", one glyph), trimmed, and capped
/// at [`MAX_CHARS`] characters with an ellipsis. Only the first few kilobytes of a huge input
/// are looked at.
pub fn clean(raw: &str) -> String {
    // Enough for MAX_CHARS characters even with many combining marks or dropped characters.
    let head = prefix_chars(raw, MAX_CHARS * 8);
    let mut out = String::with_capacity(head.len().min(MAX_CHARS * 4));
    let mut count = 0usize;
    let mut pending_space = false;
    let mut truncated = head.len() < raw.len();
    for c in head.nfc() {
        if c.is_whitespace() {
            pending_space = count > 0;
            continue;
        }
        if c.is_control() || is_invisible_format(c) {
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if count + needed > MAX_CHARS {
            truncated = true;
            break;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    if truncated {
        while count >= MAX_CHARS {
            out.pop();
            count -= 1;
        }
        let kept = out.trim_end().len();
        out.truncate(kept);
        out.push(ELLIPSIS);
    }
    out
}

/// The first `n` characters of `s`.
fn prefix_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Format characters that change no glyph but can reorder or hide text.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `text` shortened with an ellipsis so that it is at most `width` points wide at `size`.
pub(crate) fn fit(face: &UsedFace, text: &str, size: f32, width: f32) -> String {
    if face.width(text, size) <= width {
        return text.to_owned();
    }
    let budget = width - face.char_width(ELLIPSIS, size);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        let w = face.char_width(c, size);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push(ELLIPSIS);
    out
}

/// `text` broken at spaces into at most `max_lines` lines of at most `width` points at `size`;
/// a word wider than a line is cut, and text left over ends the last line with an ellipsis.
pub(crate) fn wrap(
    face: &UsedFace,
    text: &str,
    size: f32,
    width: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest_dropped = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if face.width(&candidate, size) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == max_lines {
            rest_dropped = true;
            break;
        }
        // The word alone: cut it if it does not fit on a line of its own.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if face.width(&piece, size) > width {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                if lines.len() == max_lines {
                    rest_dropped = true;
                    break;
                }
                piece.push(c);
            }
        }
        if rest_dropped {
            break;
        }
        current = piece;
    }
    if !current.is_empty() {
        if lines.len() < max_lines {
            lines.push(current);
        } else {
            rest_dropped = true;
        }
    }
    if rest_dropped && let Some(last) = lines.last_mut() {
        let longer = format!("{last}{ELLIPSIS}{ELLIPSIS}");
        *last = fit(face, &longer, size, width);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_and_caps_length() {
        assert_eq!(clean("  Ca\0mi\u{7}lle \n\t Durand  "), "Camille Durand");
        assert_eq!(clean("e\u{301}lodie"), "élodie");
        assert_eq!(clean("a\u{202E}b"), "ab");
        let long = "A".repeat(1_000_000);
        let c = clean(&long);
        assert_eq!(c.chars().count(), MAX_CHARS);
        assert!(c.ends_with(ELLIPSIS));
        assert_eq!(clean(&"é".repeat(MAX_CHARS)), "é".repeat(MAX_CHARS));
        assert_eq!(clean(""), "");
    }

    #[test]
    fn fit_and_wrap_stay_within_width() {
        let fonts = crate::fonts::FontSet::load().expect("fonts");
        let face = &fonts.regular;
        let text = "Łukasz Nguyễn Ødegård ".repeat(20);
        let fitted = fit(face, &text, 12.0, 150.0);
        assert!(face.width(&fitted, 12.0) <= 150.0);
        assert!(fitted.ends_with(ELLIPSIS));
        let lines = wrap(face, &text, 10.0, 200.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| face.width(l, 10.0) <= 200.0));
        let lines = wrap(face, &"x".repeat(500), 10.0, 100.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| face.width(l, 10.0) <= 100.0));
        assert_eq!(
            wrap(face, "short", 10.0, 100.0, 2),
            vec!["short".to_owned()]
        );
    }
}
