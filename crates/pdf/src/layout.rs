//! The drawing of one A4 certificate page into a content stream.

use pdf_writer::{Content, Str};

use crate::fonts::{FontSet, Weight};
use crate::labels::Labels;
use crate::qr::QrMatrix;
use crate::text::{clean, fit, wrap};
use crate::{Certificate, PdfError};

/// A4 width in points.
pub(crate) const PAGE_WIDTH: f32 = 595.276;
/// A4 height in points.
pub(crate) const PAGE_HEIGHT: f32 = 841.89;

const MARGIN: f32 = 48.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const RIGHT: f32 = MARGIN + WIDTH;
const CENTRE_X: f32 = PAGE_WIDTH / 2.0;

/// Highest competence level; the bar has one square per level.
const MAX_LEVEL: u8 = 8;

type Rgb = (f32, f32, f32);
const NAVY: Rgb = (0.106, 0.220, 0.373);
const INK: Rgb = (0.13, 0.14, 0.16);
const GREY: Rgb = (0.36, 0.39, 0.43);
const RULE: Rgb = (0.80, 0.82, 0.86);
const TINT: Rgb = (0.930, 0.945, 0.970);
const WHITE: Rgb = (1.0, 1.0, 1.0);

/// Text drawing over a content stream, with the fonts that record the glyphs used.
struct Painter<'a> {
    content: Content,
    fonts: &'a mut FontSet,
}

impl Painter<'_> {
    fn width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        self.fonts.face(weight).width(text, size)
    }

    fn text(&mut self, weight: Weight, size: f32, x: f32, y: f32, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        let encoded = self.fonts.face_mut(weight).encode(text);
        self.content
            .set_fill_rgb(color.0, color.1, color.2)
            .begin_text()
            .set_font(weight.resource(), size)
            .next_line(x, y)
            .show(Str(&encoded))
            .end_text();
    }

    fn text_centred(&mut self, weight: Weight, size: f32, y: f32, color: Rgb, text: &str) {
        let w = self.width(weight, size, text);
        self.text(weight, size, CENTRE_X - w / 2.0, y, color, text);
    }

    fn text_right(&mut self, weight: Weight, size: f32, right: f32, y: f32, color: Rgb, t: &str) {
        let w = self.width(weight, size, t);
        self.text(weight, size, right - w, y, color, t);
    }

    /// `text` fitted to `width` (ellipsis), centred.
    fn line_centred(&mut self, weight: Weight, size: f32, y: f32, color: Rgb, text: &str) {
        let shown = fit(self.fonts.face(weight), text, size, WIDTH);
        self.text_centred(weight, size, y, color, &shown);
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.content
            .set_fill_rgb(color.0, color.1, color.2)
            .rect(x, y, w, h)
            .fill_nonzero();
    }

    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, line: f32) {
        self.content
            .set_stroke_rgb(color.0, color.1, color.2)
            .set_line_width(line)
            .rect(x, y, w, h)
            .stroke();
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgb, line: f32) {
        self.content
            .set_stroke_rgb(color.0, color.1, color.2)
            .set_line_width(line)
            .move_to(x1, y)
            .line_to(x2, y)
            .stroke();
    }
}

/// A laid-out page: its content stream (uncompressed) and the areas that link to the
/// verification URL.
pub(crate) struct PageContent {
    pub(crate) content: Vec<u8>,
    /// The verification URL, when it is an `http` or `https` URL, and the rectangles
    /// (left, bottom, right, top) of the QR code and of the URL text.
    pub(crate) link: Option<(String, Vec<[f32; 4]>)>,
}

/// The page of `c`.
pub(crate) fn certificate_page(
    fonts: &mut FontSet,
    labels: &Labels,
    c: &Certificate,
) -> Result<PageContent, PdfError> {
    let url = qr_payload(&c.verification_url);
    let qr = QrMatrix::encode(&url)?;
    let mut p = Painter {
        content: Content::new(),
        fonts,
    };
    frame_and_header(&mut p, labels);
    holder(&mut p, labels, c);
    score_panel(&mut p, labels, c);
    areas_table(&mut p, labels, c);
    let areas = verification_box(&mut p, labels, c, &qr);
    footer(&mut p, labels);
    let lower = url.to_ascii_lowercase();
    let linkable = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.is_ascii()
        && !url.contains(char::is_whitespace);
    Ok(PageContent {
        content: p.content.finish().to_vec(),
        link: linkable.then_some((url, areas)),
    })
}

/// The page of a file with no certificate.
pub(crate) fn empty_page(fonts: &mut FontSet, labels: &Labels) -> PageContent {
    let mut p = Painter {
        content: Content::new(),
        fonts,
    };
    frame_and_header(&mut p, labels);
    p.text_centred(Weight::Regular, 12.0, 600.0, GREY, labels.empty_session);
    footer(&mut p, labels);
    PageContent {
        content: p.content.finish().to_vec(),
        link: None,
    }
}

/// The URL the QR code carries: the caller's, without control characters or spaces around.
fn qr_payload(url: &str) -> String {
    url.trim().chars().filter(|c| !c.is_control()).collect()
}

fn frame_and_header(p: &mut Painter<'_>, labels: &Labels) {
    p.fill(0.0, PAGE_HEIGHT - 10.0, PAGE_WIDTH, 10.0, NAVY);
    p.fill(0.0, 0.0, PAGE_WIDTH, 6.0, NAVY);
    p.text(Weight::Bold, 17.0, MARGIN, 796.0, NAVY, "Acquis");
    p.text_right(Weight::Regular, 9.0, RIGHT, 797.0, GREY, labels.brand_line);
    p.hline(MARGIN, RIGHT, 786.0, RULE, 0.8);
    p.text_centred(Weight::Bold, 21.0, 748.0, NAVY, labels.title);
}

fn holder(p: &mut Painter<'_>, labels: &Labels, c: &Certificate) {
    p.text_centred(Weight::Regular, 10.5, 722.0, GREY, labels.awarded_to);
    let name = clean(&c.holder_name);
    // The largest size from 26 points down to 15 at which the name fits; cut below that.
    let mut size = 26.0;
    while size > 15.0 && p.width(Weight::Bold, size, &name) > WIDTH {
        size -= 1.0;
    }
    p.line_centred(Weight::Bold, size, 690.0, INK, &name);
    let colon = labels.colon();
    let born = format!("{}{colon}{}", labels.born_on, clean(&c.birth_date));
    p.line_centred(Weight::Regular, 10.5, 668.0, INK, &born);
    let issued = format!(
        "{} {}   ·   {}{colon}{}",
        labels.issued_on,
        clean(&c.issued_on),
        labels.centre,
        clean(&c.centre)
    );
    p.line_centred(Weight::Regular, 10.5, 651.0, INK, &issued);
}

fn score_panel(p: &mut Painter<'_>, labels: &Labels, c: &Certificate) {
    let (bottom, height) = (552.0, 78.0);
    let top = bottom + height;
    let score_w = 196.0;
    p.fill(MARGIN, bottom, score_w, height, TINT);
    p.text(
        Weight::Regular,
        10.0,
        MARGIN + 14.0,
        top - 20.0,
        GREY,
        labels.score,
    );
    let score = c.score.to_string();
    p.text(
        Weight::Bold,
        34.0,
        MARGIN + 14.0,
        bottom + 16.0,
        NAVY,
        &score,
    );
    let after = MARGIN + 14.0 + p.width(Weight::Bold, 34.0, &score) + 6.0;
    p.text(
        Weight::Regular,
        15.0,
        after,
        bottom + 16.0,
        GREY,
        labels.out_of,
    );

    let x = MARGIN + score_w + 10.0;
    let w = RIGHT - x;
    p.fill(x, bottom, w, height, TINT);
    let inner = w - 28.0;
    match &c.global_level {
        Some((level, label)) => {
            p.text(
                Weight::Regular,
                10.0,
                x + 14.0,
                top - 20.0,
                GREY,
                labels.global_level,
            );
            let number = level.to_string();
            p.text(Weight::Bold, 34.0, x + 14.0, bottom + 16.0, NAVY, &number);
            let after = x + 14.0 + p.width(Weight::Bold, 34.0, &number) + 10.0;
            let room = x + w - 14.0 - after;
            let label = clean(label);
            let lines = wrap(p.fonts.face(Weight::Bold), &label, 13.0, room, 2);
            let first_y = if lines.len() > 1 {
                bottom + 30.0
            } else {
                bottom + 19.0
            };
            for (i, line) in lines.iter().enumerate() {
                p.text(
                    Weight::Bold,
                    13.0,
                    after,
                    first_y - 15.0 * i as f32,
                    NAVY,
                    line,
                );
            }
        }
        None => {
            p.text(
                Weight::Regular,
                10.0,
                x + 14.0,
                top - 20.0,
                GREY,
                labels.global_level,
            );
            let head = fit(
                p.fonts.face(Weight::Bold),
                labels.no_global_level,
                12.5,
                inner,
            );
            p.text(Weight::Bold, 12.5, x + 14.0, bottom + 32.0, NAVY, &head);
            let detail = wrap(
                p.fonts.face(Weight::Regular),
                labels.no_global_level_detail,
                9.0,
                inner,
                2,
            );
            for (i, line) in detail.iter().enumerate() {
                p.text(
                    Weight::Regular,
                    9.0,
                    x + 14.0,
                    bottom + 17.0 - 11.0 * i as f32,
                    GREY,
                    line,
                );
            }
        }
    }
}

/// One row of the areas table.
enum Row<'c> {
    Area(&'c crate::AreaBlock),
    Competence(&'c crate::CompetenceLine),
    Empty,
}

fn areas_table(p: &mut Painter<'_>, labels: &Labels, c: &Certificate) {
    let top = 532.0;
    let floor = 198.0;
    let head_h = 19.0;
    let level_right = RIGHT - 100.0;
    let square = 8.5;
    let gap = 1.8;
    let bar_x = RIGHT - 8.0 - (f32::from(MAX_LEVEL) * (square + gap) - gap);
    let code_x = MARGIN + 8.0;
    let name_x = MARGIN + 40.0;
    let name_room = level_right - 58.0 - name_x;

    p.fill(MARGIN, top - head_h, WIDTH, head_h, NAVY);
    let head_y = top - head_h + 6.0;
    p.text(
        Weight::Bold,
        9.0,
        code_x,
        head_y,
        WHITE,
        labels.areas_heading,
    );
    p.text_right(
        Weight::Bold,
        9.0,
        level_right,
        head_y,
        WHITE,
        labels.level_heading,
    );
    let bar_right = RIGHT - 8.0;
    let scale = fit(
        p.fonts.face(Weight::Bold),
        labels.scale_heading,
        9.0,
        bar_right - bar_x,
    );
    p.text_right(Weight::Bold, 9.0, bar_right, head_y, WHITE, &scale);

    let mut rows: Vec<Row<'_>> = Vec::new();
    for area in &c.areas {
        rows.push(Row::Area(area));
        rows.extend(area.competences.iter().map(Row::Competence));
    }
    if rows.is_empty() {
        rows.push(Row::Empty);
    }
    let room = top - head_h - floor;
    // Rows as tall as 15.5 points, never under 8: a table too long for the page is cut.
    let row_h = (room / rows.len() as f32).clamp(8.0, 15.5);
    let fitting = ((room / row_h).floor() as usize).max(1);
    let cut = rows.len() > fitting;
    rows.truncate(fitting);
    let size = (row_h * 0.6).clamp(5.5, 9.0);
    let square = square.min(row_h - 4.0);

    let mut y = top - head_h;
    let count = rows.len();
    for (i, row) in rows.iter().enumerate() {
        let bottom = y - row_h;
        let base = bottom + (row_h - size * 0.72) / 2.0;
        let last_cut = cut && i + 1 == count;
        match row {
            Row::Area(area) => {
                p.fill(MARGIN, bottom, WIDTH, row_h, TINT);
                let code = fit(p.fonts.face(Weight::Bold), &clean(&area.code), size, 30.0);
                p.text(Weight::Bold, size, code_x, base, NAVY, &code);
                let mut name = clean(&area.name);
                if last_cut {
                    name.push_str(" …");
                }
                let name = fit(
                    p.fonts.face(Weight::Bold),
                    &name,
                    size,
                    RIGHT - 8.0 - name_x,
                );
                p.text(Weight::Bold, size, name_x, base, NAVY, &name);
            }
            Row::Competence(line) => {
                let code = fit(
                    p.fonts.face(Weight::Regular),
                    &clean(&line.code),
                    size,
                    30.0,
                );
                p.text(Weight::Regular, size, code_x + 6.0, base, GREY, &code);
                let mut name = clean(&line.name);
                if last_cut {
                    name.push_str(" …");
                }
                let name = fit(p.fonts.face(Weight::Regular), &name, size, name_room);
                p.text(Weight::Regular, size, name_x + 6.0, base, INK, &name);
                let level = line.level.min(MAX_LEVEL);
                p.text_right(
                    Weight::Bold,
                    size,
                    level_right,
                    base,
                    INK,
                    &labels.level(level),
                );
                let sq_y = bottom + (row_h - square) / 2.0;
                for k in 0..MAX_LEVEL {
                    let sx = bar_x + f32::from(k) * (square + gap);
                    if k < level {
                        p.fill(sx, sq_y, square, square, NAVY);
                    } else {
                        p.frame(sx + 0.3, sq_y + 0.3, square - 0.6, square - 0.6, RULE, 0.6);
                    }
                }
                p.hline(MARGIN, RIGHT, bottom, RULE, 0.4);
            }
            Row::Empty => {
                p.text(
                    Weight::Regular,
                    size,
                    name_x,
                    base,
                    GREY,
                    labels.no_competence,
                );
            }
        }
        y = bottom;
    }
    p.hline(MARGIN, RIGHT, y, NAVY, 0.8);
}

/// Draws the box with the code, the URL and the QR code; returns the rectangles of the QR
/// code and of the URL text.
fn verification_box(
    p: &mut Painter<'_>,
    labels: &Labels,
    c: &Certificate,
    qr: &QrMatrix,
) -> Vec<[f32; 4]> {
    let (bottom, top) = (64.0, 180.0);
    let height = top - bottom;
    p.fill(MARGIN, bottom, WIDTH, height, TINT);
    p.frame(MARGIN, bottom, WIDTH, height, NAVY, 1.0);
    let side = height - 12.0;
    let qr_x = RIGHT - side - 6.0;
    qr.draw(&mut p.content, qr_x, bottom + 6.0, side);

    let x = MARGIN + 16.0;
    let room = qr_x - 12.0 - x;
    p.text(
        Weight::Regular,
        9.5,
        x,
        top - 22.0,
        GREY,
        labels.verification_code,
    );
    let code = fit(
        p.fonts.face(Weight::Bold),
        &clean(&c.verification_code),
        22.0,
        room,
    );
    p.text(Weight::Bold, 22.0, x, top - 50.0, NAVY, &code);
    p.text(Weight::Regular, 9.0, x, top - 72.0, INK, labels.verify_at);
    let url = clean(&c.verification_url);
    let lines = wrap(p.fonts.face(Weight::Bold), &url, 9.0, room, 2);
    let mut y = top - 85.0;
    let mut url_right = x;
    for line in &lines {
        p.text(Weight::Bold, 9.0, x, y, NAVY, line);
        url_right = url_right.max(x + p.width(Weight::Bold, 9.0, line));
        y -= 11.0;
    }
    p.text(Weight::Regular, 8.5, x, y, GREY, labels.scan_hint);
    vec![
        [qr_x, bottom + 6.0, qr_x + side, bottom + 6.0 + side],
        [x - 1.0, y + 8.0, url_right + 1.0, top - 85.0 + 9.0],
    ]
}

fn footer(p: &mut Painter<'_>, labels: &Labels) {
    let mut y = 44.0;
    for line in labels.footer {
        p.line_centred(Weight::Regular, 7.5, y, GREY, line);
        y -= 9.5;
    }
}
