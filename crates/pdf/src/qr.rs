//! The QR code of the verification URL, as a matrix of modules drawn with vector rectangles.

use pdf_writer::Content;
use qrcode::{Color, EcLevel, QrCode};

use crate::PdfError;

/// Longest URL, in bytes, that a certificate's QR code encodes (a version 25 code at level M
/// stays readable printed 3 cm wide).
pub(crate) const MAX_URL_BYTES: usize = 1000;

/// Modules of light margin around the code, as the standard asks.
pub(crate) const QUIET_ZONE: usize = 4;

/// A square matrix of modules, `true` for dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The code of `data` at error correction level M (15 % of the modules can be lost).
    pub(crate) fn encode(data: &str) -> Result<Self, PdfError> {
        if data.len() > MAX_URL_BYTES {
            return Err(PdfError::Qr(format!(
                "{} bytes, at most {MAX_URL_BYTES}",
                data.len()
            )));
        }
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| PdfError::Qr(e.to_string()))?;
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules on a side, without the quiet zone.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` (from the top left) is dark.
    pub(crate) fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Draws the code as a square of `side` points (quiet zone included) whose bottom left
    /// corner is at (`x`, `y`): a white square, then one rectangle per horizontal run of dark
    /// modules, all filled at once.
    pub(crate) fn draw(&self, content: &mut Content, x: f32, y: f32, side: f32) {
        let modules = self.width() + 2 * QUIET_ZONE;
        let module = side / modules as f32;
        content.save_state();
        content.set_fill_rgb(1.0, 1.0, 1.0);
        content.rect(x, y, side, side).fill_nonzero();
        content.set_fill_rgb(0.0, 0.0, 0.0);
        let top = y + side - QUIET_ZONE as f32 * module;
        let left = x + QUIET_ZONE as f32 * module;
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if !self.is_dark(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.width && self.is_dark(col, row) {
                    col += 1;
                }
                content.rect(
                    left + start as f32 * module,
                    top - (row + 1) as f32 * module,
                    (col - start) as f32 * module,
                    module,
                );
            }
        }
        content.fill_nonzero();
        content.restore_state();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_long_is_an_error_not_a_panic() {
        assert!(QrMatrix::encode(&"h".repeat(5000)).is_err());
        assert!(QrMatrix::encode("https://acquis.example/v/P-ABCD2345").is_ok());
    }

    /// Decodes the matrix with an independent decoder (rqrr) after rasterising it.
    #[test]
    fn matrix_decodes_to_the_url() {
        let url = "https://acquis.example/verifier/P-ABCD2345?lang=fr";
        let m = QrMatrix::encode(url).expect("encode");
        let scale = 6;
        let side = (m.width() + 2 * QUIET_ZONE) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark =
                mx >= QUIET_ZONE && my >= QUIET_ZONE && m.is_dark(mx - QUIET_ZONE, my - QUIET_ZONE);
            if dark { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decode");
        assert_eq!(content, url);
    }
}
